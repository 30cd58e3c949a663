//! What the checks work with: the learner's project running in [`JsServer`], requests sent to it, and a
//! probe that reads values (the `users` list, `getJwtSecret()`, the session store) out of the running code.
//!
//! The probe is added in memory only: an export appended to `app/api/auth/route.js` and one extra route
//! file, `app/tutor-probe/route.js`. The learner's folder is never written to.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::{Exchange, Outcome, fail};
use crate::auth::cookies::SetCookie;
use crate::auth::http::{DEMO_HOST, Method, Request};
use crate::exercises::project::{AUTH_ROUTE, ENV_FILE};
use crate::js::{Handled, JsServer, Project, ServerOptions};

/// The login body of the seed's user.
pub const USER1_CREDENTIALS: &str = r#"{"username":"user1","password":"pass123"}"#;

/// The route file the probe adds.
const PROBE_ROUTE: &str = "app/tutor-probe/route.js";
/// The path that runs it.
const PROBE_PATH: &str = "/tutor-probe";

/// Appended to the learner's `app/api/auth/route.js`: reads module-scope names without failing when
/// they are missing (`typeof` of an undeclared name is "undefined").
const PROBE_EXPORT: &str = r#"

// Added in memory by jwt-session-tutor's checks; never written to your folder.
export function jwtSessionTutorProbe(op) {
  const capture = (read) => {
    try {
      const value = read();
      return value === undefined ? { undefined: true } : { value };
    } catch (error) {
      return { threw: String(error?.message ?? error) };
    }
  };
  if (op === 'users') {
    return typeof users === 'undefined' ? { missing: true } : capture(() => users);
  }
  if (op === 'secret') {
    return {
      hasFunction: typeof getJwtSecret === 'function',
      constant: typeof JWT_SECRET === 'undefined' ? null : String(JWT_SECRET),
      result: typeof getJwtSecret === 'function' ? capture(() => getJwtSecret()) : null,
    };
  }
  return null;
}
"#;

/// The probe route: the auth route's probe, and the session store.
const PROBE_ROUTE_SOURCE: &str = r#"import { jwtSessionTutorProbe } from '@/app/api/auth/route';
import * as store from '@/lib/session-store';

export async function POST(request) {
  const { op, id } = await request.json();
  if (op === 'sessionOptions') {
    return Response.json(store.sessionOptions === undefined ? { missing: true } : { value: store.sessionOptions });
  }
  if (op === 'session') {
    const found = store.sessions?.get?.(id);
    return Response.json(found === undefined ? { found: false } : { found: true, value: found });
  }
  if (op === 'delete-session') {
    return Response.json({ deleted: Boolean(store.sessions?.delete?.(id)) });
  }
  return Response.json(jwtSessionTutorProbe(op));
}
"#;

/// Where `JWT_SECRET` comes from for a probe server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Env<'a> {
    /// The learner's own env files.
    Learner,
    /// Only `.env.local` with this `JWT_SECRET`.
    Secret(&'a str),
    /// No env files at all.
    Unset,
}

/// The cookie names the learner's `sessionOptions` gives (the template's defaults until it is readable).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CookieNames {
    pub session: String,
    pub jwt: String,
}

/// A successful login: the answer, the token and the cookies.
#[derive(Debug, Clone)]
pub struct Login {
    pub response: Handled,
    pub token: String,
    pub session_cookie: Option<SetCookie>,
    pub jwt_cookie: Option<SetCookie>,
}

/// The checks' workbench for one run.
pub struct Lab<'p> {
    project: &'p Project,
    main: Option<Result<JsServer, String>>,
    exchanges: Vec<Exchange>,
    shared_login: Option<Result<Login, Outcome>>,
}

impl<'p> Lab<'p> {
    pub fn new(project: &'p Project) -> Self {
        Self { project, main: None, exchanges: Vec::new(), shared_login: None }
    }

    /// The requests sent since the last call (the current check's).
    pub fn take_exchanges(&mut self) -> Vec<Exchange> {
        std::mem::take(&mut self.exchanges)
    }

    /// A file of the learner's project.
    pub fn file(&self, path: &str) -> Option<&'p str> {
        self.project.files().find(|(name, _)| *name == path).map(|(_, text)| text)
    }

    /// Every JavaScript source file of the learner's project.
    pub fn sources(&self) -> Vec<(&'p str, &'p str)> {
        self.project.files().filter(|(path, _)| path.ends_with(".js") || path.ends_with(".mjs")).collect()
    }

    /// `JWT_SECRET` as the learner's env files give it (`.env.local` first, as Next.js reads them).
    pub fn learner_secret(&self) -> Option<String> {
        [".env.development.local", ENV_FILE, ".env.development", ".env"]
            .iter()
            .filter_map(|path| self.file(path))
            .find_map(|text| env_value(text, "JWT_SECRET"))
    }

    /// The learner's files with the probe added and the env chosen.
    fn probed_project(&self, env: Env) -> Project {
        let mut files: Vec<(String, String)> = self
            .project
            .files()
            .filter(|(path, _)| env == Env::Learner || !is_env_file(path))
            .map(|(path, text)| {
                let text =
                    if path == AUTH_ROUTE { format!("{text}{PROBE_EXPORT}") } else { text.to_string() };
                (path.to_string(), text)
            })
            .collect();
        files.push((PROBE_ROUTE.to_string(), PROBE_ROUTE_SOURCE.to_string()));
        if let Env::Secret(secret) = env {
            files.push((ENV_FILE.to_string(), format!("JWT_SECRET={secret}\n")));
        }
        Project::from_files(files)
    }

    /// The learner's app as `next start` would run it (plus the probe), started on first use.
    pub fn server(&mut self) -> Result<&JsServer, Outcome> {
        if self.main.is_none() {
            let project = self.probed_project(Env::Learner);
            self.main =
                Some(JsServer::start(&project, ServerOptions::default()).map_err(|error| error.to_string()));
        }
        match &self.main {
            Some(Ok(server)) => Ok(server),
            Some(Err(error)) => fail(format!("your project does not start: {error}")),
            None => fail("your project does not start"),
        }
    }

    /// True once the learner's app was started and failed to (a syntax error, an unknown import).
    pub fn does_not_start(&self) -> bool {
        matches!(self.main, Some(Err(_)))
    }

    /// Starts a separate server with another `JWT_SECRET` (step 2's checks).
    pub fn server_with_env(&self, env: Env) -> Result<JsServer, String> {
        JsServer::start(&self.probed_project(env), ServerOptions::default())
            .map_err(|error| error.to_string())
    }

    /// Sends `request` to the main server and records the exchange for the current check.
    pub fn send(&mut self, request: Request) -> Result<Handled, Outcome> {
        Ok(self.send_timed(request)?.0)
    }

    /// Like [`send`](Self::send), also returning how long the learner's code took.
    pub fn send_timed(&mut self, request: Request) -> Result<(Handled, Duration), Outcome> {
        let server = self.server()?;
        let started = Instant::now();
        let response = server.handle(&request);
        let took = started.elapsed();
        self.exchanges.push(Exchange { request, response: response.clone() });
        Ok((response, took))
    }

    /// Moves the main server's clock (the session timeout check).
    pub fn set_clock(&mut self, now: i64) -> Result<(), Outcome> {
        self.server()?.set_clock(now);
        Ok(())
    }

    /// Asks the probe on the main server; not recorded as an exchange (the learner did not write it).
    pub fn probe(&mut self, op: &str, id: Option<&str>) -> Result<Value, Outcome> {
        let server = self.server()?;
        probe_on(server, op, id).or_else(fail)
    }

    /// The names of the two cookies, from the learner's `sessionOptions` when readable.
    pub fn cookie_names(&mut self) -> CookieNames {
        let options = self.probe("sessionOptions", None).ok();
        let name = |key: &str, default: &str| {
            options
                .as_ref()
                .and_then(|probed| probed["value"][key].as_str())
                .filter(|name| !name.is_empty())
                .unwrap_or(default)
                .to_string()
        };
        CookieNames {
            session: name("cookieName", "nextjs-session"),
            jwt: name("jwtCookieName", "nextjs-jwt"),
        }
    }

    /// Logs in as user1 / pass123 (sending `cookie` as the `Cookie` header, if any). Blocked by
    /// `login-ok` unless the answer is 200 with a token.
    pub fn login(&mut self, cookie: Option<&str>) -> Result<Login, Outcome> {
        let response = self.send(login_request(USER1_CREDENTIALS).with_cookies(cookie))?;
        self.login_from(response)
    }

    /// Reads a login answer: Blocked by `login-ok` unless it is 200 with a token.
    pub fn login_from(&mut self, response: Handled) -> Result<Login, Outcome> {
        let token = body_json(&response)["token"].as_str().map(str::to_string);
        let Some(token) = token.filter(|_| response.status == 200) else {
            return Err(Outcome::Blocked("login-ok"));
        };
        let names = self.cookie_names();
        let cookies: Vec<SetCookie> =
            response.set_cookies().into_iter().filter_map(SetCookie::parse).collect();
        let find = |name: &str| cookies.iter().find(|cookie| cookie.name == name).cloned();
        Ok(Login { session_cookie: find(&names.session), jwt_cookie: find(&names.jwt), token, response })
    }

    /// One login shared by the checks that only read its answer. Its exchange is shown by the first of them.
    pub fn shared_login(&mut self) -> Result<Login, Outcome> {
        if self.shared_login.is_none() {
            let response = self.send(login_request(USER1_CREDENTIALS))?;
            self.shared_login = Some(self.login_from(response));
        }
        self.shared_login.clone().unwrap_or(Err(Outcome::Blocked("login-ok")))
    }

    /// Makes `response` (a user1 login the caller sent) the shared login, and reads it.
    pub fn share_login(&mut self, response: Handled) -> Result<Login, Outcome> {
        let login = self.login_from(response);
        self.shared_login = Some(login.clone());
        login
    }
}

/// Sends one probe request to `server`: Err is a sentence for the learner.
pub fn probe_on(server: &JsServer, op: &str, id: Option<&str>) -> Result<Value, String> {
    let request =
        Request::post_raw(PROBE_PATH, "application/json", &json!({ "op": op, "id": id }).to_string());
    let handled = server.handle(&request);
    if let Some(error) = &handled.error {
        return Err(format!("loading your code failed: {error}"));
    }
    serde_json::from_str(&handled.body)
        .map_err(|_| format!("loading your code failed (answer {})", handled.status))
}

/// `POST /api/auth` as a same-origin `fetch` from the app's own page sends it.
pub fn login_request(body: &str) -> Request {
    Request::post_raw("/api/auth", "application/json", body)
        .with_header("Origin", &format!("http://{DEMO_HOST}"))
        .with_header("Sec-Fetch-Site", "same-origin")
}

/// `GET /api/auth`.
pub fn whoami() -> Request {
    Request::new(Method::Get, "/api/auth")
}

/// The response body as JSON (`Null` when it is not JSON).
pub fn body_json(response: &Handled) -> Value {
    serde_json::from_str(&response.body).unwrap_or(Value::Null)
}

/// One line describing an answer: status, body (shortened) and any uncaught error.
pub fn describe(response: &Handled) -> String {
    let body: String = response.body.chars().take(160).collect();
    let ellipsis = if response.body.chars().count() > 160 { "…" } else { "" };
    match &response.error {
        Some(error) => format!("{} (your code threw: {error})", response.status),
        None if body.is_empty() => format!("{} with an empty body", response.status),
        None => format!("{} {body}{ellipsis}", response.status),
    }
}

/// The usual sentence for a 500 from an uncaught exception, or `None` for any other answer.
pub fn crashed(response: &Handled) -> Option<String> {
    (response.status == 500).then(|| {
        format!(
            "your route crashed and answered {}: an uncaught exception becomes a 500. jwt.verify, \
             request.json() and argon2.verify throw on bad input; catch the error and answer 4xx",
            describe(response)
        )
    })
}

fn is_env_file(path: &str) -> bool {
    !path.contains('/') && path.starts_with(".env")
}

/// `NAME=value` from a dotenv text (last definition wins, quotes removed).
pub fn env_value(text: &str, name: &str) -> Option<String> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim();
            let line = line.strip_prefix("export ").unwrap_or(line);
            let (key, value) = line.split_once('=')?;
            (key.trim() == name).then(|| {
                let value = value.trim();
                let unquoted = value
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                    .unwrap_or(value);
                unquoted.to_string()
            })
        })
        .next_back()
}

/// An upper bound on the random bits in `text`, from its length and alphabet (a UUID has 122).
pub fn estimated_bits(text: &str) -> u32 {
    let is_uuid = text.len() == 36
        && text
            .chars()
            .enumerate()
            .all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == '-' } else { c.is_ascii_hexdigit() });
    if is_uuid {
        return 122;
    }
    let symbols = text.trim_end_matches('=');
    let bits_per_char = if symbols.bytes().all(|b| b.is_ascii_digit()) {
        3.32
    } else if symbols.bytes().all(|b| b.is_ascii_hexdigit()) {
        4.0
    } else if symbols.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_+/".contains(&b)) {
        6.0
    } else {
        6.55
    };
    (symbols.len() as f64 * bits_per_char) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_are_estimated_from_the_alphabet() {
        assert_eq!(estimated_bits("72zIRb4tNaWHqa9KO6GYAhngCSCu8q_ErwePRzPMVk4"), 258);
        assert_eq!(estimated_bits("3f0c1a2b-9d4e-4c1f-8a2b-1c2d3e4f5a6b"), 122);
        assert!(estimated_bits("1764528000123") < 50);
        assert_eq!(estimated_bits(&"ab12".repeat(16)), 256);
        assert!(estimated_bits("mysecretkey") < 128);
    }

    #[test]
    fn env_values_are_read_like_dotenv() {
        let text = "# comment\nJWT_SECRET=first\nOTHER=1\nexport JWT_SECRET=\"second\"\n";
        assert_eq!(env_value(text, "JWT_SECRET").as_deref(), Some("second"));
        assert_eq!(env_value(text, "MISSING"), None);
    }
}
