//! `walkthrough`: the seed project's four steps, then the scaling and attack labs, as a non-interactive
//! transcript of real requests and responses, against the real route handler and a real cookie jar. The
//! scriptable, screen-reader-friendly twin of the TUI.
//!
//! Extension point: [`SECTIONS`] is the ordered list of section builders. Each takes the shared
//! [`Walk`] (one server, one browser, one clock, the login of step 3) and returns a [`Section`] of notes
//! and exchanges; the text and JSON renderings need no change when a section is appended.

mod lab_sections;

use std::process::ExitCode;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use super::output::{Style, write_stdout};
use super::transcript::{self, Exchange, Section, Transcript};
use super::{CliResult, TuiArgs, exit};
use crate::auth::clock::{UnixSeconds, format_duration, format_unix_utc, system_now};
use crate::auth::handler::{AUTH_PATH, LOGOUT_PATH};
use crate::auth::http::{Request, Response};
use crate::auth::users::{LOGIN_FAILED_MESSAGE, SEED_PASSWORD, SEED_USER_ID, SEED_USERNAME, parse_phc};
use crate::auth::{AuthConfig, AuthServer, CookieJar, RandomSource, SetCookie, jwt};

pub use crate::auth::clock::DEMO_NOW;
/// `--demo` random seed (salts, session ids, `jti`s).
pub const DEMO_SEED: u64 = 42;

#[derive(Debug, clap::Args)]
pub struct WalkthroughArgs {
    /// Print one JSON document (steps -> exchanges -> {request, response, explanation}) instead of text
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: WalkthroughArgs, common: &TuiArgs) -> CliResult {
    let transcript = build(common.demo);
    let text = if args.json {
        transcript::to_json(&transcript)
    } else {
        transcript::to_text(&transcript, Style::for_stdout_unless(common.no_color, common.color))
    };
    write_stdout(&text)?;
    Ok(ExitCode::from(exit::OK))
}

/// Builds a section from the shared state.
pub type SectionBuilder = fn(&mut Walk) -> Section;

/// The sections in order: the four steps, each scene of the scaling lab's tour, each attack of the
/// attack lab. Each returns a [`Section`].
pub const SECTIONS: &[SectionBuilder] = &[
    data_setup,
    configuration,
    login,
    verify,
    lab_sections::scaling_scene::<0>,
    lab_sections::scaling_scene::<1>,
    lab_sections::scaling_scene::<2>,
    lab_sections::scaling_scene::<3>,
    lab_sections::scaling_scene::<4>,
    lab_sections::scaling_scene::<5>,
    lab_sections::attack::<0>,
    lab_sections::attack::<1>,
    lab_sections::attack::<2>,
    lab_sections::attack::<3>,
    lab_sections::attack::<4>,
    lab_sections::attack::<5>,
    lab_sections::attack::<6>,
    lab_sections::attack::<7>,
    lab_sections::attack::<8>,
];

// Every scene and every attack has its builder above.
const _: () =
    assert!(crate::labs::scaling::TOUR.len() == 6 && crate::labs::attacks::AttackKind::ALL.len() == 9);

/// Runs every section of [`SECTIONS`] against one fresh server and browser.
pub fn build(demo: bool) -> Transcript {
    let mut walk = Walk::new(demo);
    let clock_start = walk.now;
    let steps = SECTIONS.iter().map(|section| section(&mut walk)).collect();
    Transcript {
        title: "Walkthrough: the seed project's four steps, then the scaling and attack labs, run for real \
                against the simulated route handler"
            .to_string(),
        demo,
        seed: demo.then_some(DEMO_SEED),
        clock_start,
        clock_start_utc: format_unix_utc(clock_start),
        steps,
    }
}

/// What step 3's successful login handed out, for the later sections to use (and abuse).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    /// The JWT from the response body.
    pub token: String,
    /// The session cookie (`nextjs-session=<id>`) the browser held right after login (a copy an
    /// attacker might keep).
    pub session_cookie: Option<String>,
    /// When the login happened.
    pub at: UnixSeconds,
}

/// The state every section shares: one server, one browser, one clock.
pub struct Walk {
    /// Fixed clock and seeded randomness.
    pub demo: bool,
    /// The simulated current time; sections move it forward with [`Walk::advance_to`].
    pub now: UnixSeconds,
    /// The seed's backend: user1 with an argon2id hash, `mysecretkey`, the `nextjs-session` cookie.
    pub server: AuthServer,
    /// The learner's browser.
    pub browser: CookieJar,
    /// Set by step 3 when the login succeeded.
    pub login: Option<Login>,
}

impl Walk {
    /// A fresh server (slow: one argon2id hash) and an empty browser. `demo` fixes the clock at
    /// [`DEMO_NOW`] and seeds randomness with [`DEMO_SEED`]; otherwise the system clock and the OS CSPRNG.
    pub fn new(demo: bool) -> Self {
        let (now, rng) = if demo {
            (DEMO_NOW, RandomSource::seeded(DEMO_SEED))
        } else {
            (system_now(), RandomSource::os())
        };
        Self {
            demo,
            now,
            server: AuthServer::seeded(AuthConfig::seed(), rng),
            browser: CookieJar::new(),
            login: None,
        }
    }

    /// Moves the clock forward (never back).
    pub fn advance_to(&mut self, at: UnixSeconds) {
        self.now = self.now.max(at);
    }

    /// Sends `request` exactly as given (an API client or an attacker): no cookies added, none stored.
    pub fn send(&mut self, request: Request) -> (Request, Response) {
        let response = self.server.handle(&request, self.now);
        (request, response)
    }

    /// Sends `request` from the browser: its live cookies are attached, and `Set-Cookie` is applied.
    pub fn browse(&mut self, request: Request) -> (Request, Response) {
        let request = request.with_cookies(self.browser.cookie_header(self.now).as_deref());
        let response = self.server.handle(&request, self.now);
        for cookie in response.set_cookies() {
            self.browser.apply(&cookie, self.now);
        }
        (request, response)
    }

    /// Records an exchange made just now. When the status is not the expected one, the explanation
    /// says so instead of claiming something that did not happen.
    pub fn record(
        &self,
        label: &str,
        (request, response): (Request, Response),
        expected_status: u16,
        explanation: &str,
    ) -> Exchange {
        let explanation = if response.status == expected_status {
            explanation.to_string()
        } else {
            format!(
                "unexpected: expected status {expected_status}, got {} {}",
                response.status,
                response.json()
            )
        };
        Exchange::new(label, self.now, &request, &response, explanation)
    }
}

fn response_text(response: &Response, field: &str) -> String {
    response.json().get(field).and_then(Value::as_str).unwrap_or_default().to_string()
}

// ------------------------------------------------------------------------------------------ sections

fn data_setup(walk: &mut Walk) -> Section {
    let mut section = Section::new("Step 1 Data setup: users with argon2id hashes");
    for user in walk.server.users.users() {
        section.note(format!(
            "user {} \"{}\" is stored with a password hash, never the password:",
            user.id, user.username
        ));
        section.note(format!("  password_hash = {}", user.password_hash));
        if let Some(phc) = parse_phc(&user.password_hash) {
            section.note(format!(
                "  {} v={}: m={} KiB of memory, t={} passes, p={} lane (the OWASP minimum), random 16-byte salt {}",
                phc.algorithm, phc.version, phc.memory_kib, phc.iterations, phc.parallelism, phc.salt_b64
            ));
        }
    }
    section.note(
        "Login hashes the typed password with the stored salt and parameters and compares the results.",
    );
    section
}

fn configuration(walk: &mut Walk) -> Section {
    let config = &walk.server.config;
    let options = &config.session;
    let mut section = Section::new("Step 2 Configuration: JWT secret and cookie options");
    section.note(format!("JWT secret {}: {}", config.jwt_secret.display(), config.secret_strength()));
    if config.secret_strength().too_weak {
        section.note(
            "  A captured token lets an attacker test guesses offline. Use 32 random bytes (openssl rand -base64 32) \
             from an environment variable; the walkthrough keeps the seed's secret to show the problem.",
        );
    }
    section.note(format!(
        "Tokens: {}, pinned when verifying; lifetime {} (exp = iat + {} s); leeway {}",
        config.jwt_alg,
        format_duration(config.token_ttl),
        config.token_ttl,
        format_duration(config.leeway)
    ));
    section.note(format!("Session cookie: Set-Cookie: {}", SetCookie::session(options, "<session id>")));
    section.note(
        "  HttpOnly: page scripts cannot read it; Secure: sent over HTTPS only; SameSite=Lax: not sent with \
         cross-site POSTs or embedded requests; Max-Age: the browser drops it after that many seconds.",
    );
    section.note(format!(
        "Sessions: kept in server memory (lost on restart, not shared between servers); idle timeout {}, \
         absolute timeout {}",
        format_duration(options.idle_timeout),
        format_duration(options.absolute_timeout)
    ));
    section
}

fn login_request(username: &str, password: &str) -> Request {
    Request::post_json(AUTH_PATH, &json!({ "username": username, "password": password }))
}

fn login(walk: &mut Walk) -> Section {
    let mut section = Section::new("Step 3 Login: POST /api/auth");
    let ttl = walk.server.config.token_ttl;
    let wrong_password = walk.browse(login_request(SEED_USERNAME, "wrong-password"));
    section.exchanges.push(walk.record(
        "Log in with a wrong password",
        wrong_password,
        401,
        &format!(
            "The argon2id hash of the typed password does not match, so: 401 \"{LOGIN_FAILED_MESSAGE}\"."
        ),
    ));
    let unknown_user = walk.browse(login_request("mallory", SEED_PASSWORD));
    section.exchanges.push(walk.record(
        "Log in as a user who does not exist",
        unknown_user,
        401,
        "The same 401 and the same words as a wrong password (and a dummy hash check keeps the timing similar), \
         so the form does not reveal which usernames exist.",
    ));
    let (request, response) = walk.browse(login_request(SEED_USERNAME, SEED_PASSWORD));
    let token = response_text(&response, "token");
    if response.status == 200 && !token.is_empty() {
        let name = &walk.server.config.session.cookie_name;
        let session_cookie = walk.browser.value(name, walk.now).map(|id| format!("{name}={id}"));
        walk.login = Some(Login { token, session_cookie, at: walk.now });
    }
    section.exchanges.push(walk.record(
        "Log in with the right password",
        (request, response),
        200,
        &format!(
            "The hash matched: the server signed a JWT (sub, iat, exp = iat + {ttl}, jti; base64url, readable by \
             anyone) and stored a session under a fresh 256-bit random id. Two HttpOnly cookies come back: the \
             session id, and the same JWT for the browser (Max-Age {ttl}, the token's lifetime); the token in the \
             body is for API clients."
        ),
    ));
    let cross_site = walk.send(
        Request::post_raw(
            AUTH_PATH,
            "text/plain",
            &format!(r#"{{"username":"{SEED_USERNAME}","password":"{SEED_PASSWORD}"}}"#),
        )
        .with_header("Origin", "https://evil.example"),
    );
    section.exchanges.push(walk.record(
        "Log in from another site's hidden form (login CSRF)",
        cross_site,
        415,
        "Login CSRF: the attacker's page posts the attacker's own credentials, so that the victim's browser \
         would be logged in as the attacker. An HTML form can only send text/plain, urlencoded or multipart \
         bodies, so requiring application/json rules it out (415); a cross-site fetch with JSON carries this \
         Origin and gets 403. No cookie is set.",
    ));
    section
}

/// The token with its payload's `sub` replaced and the original signature kept.
fn tampered(token: &str, new_sub: &str) -> Option<String> {
    let decoded = jwt::decode(token).ok()?;
    let mut claims = decoded.claims().clone();
    claims.insert("sub".into(), Value::from(new_sub));
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_string(&claims).ok()?);
    Some(format!("{}.{payload}.{}", decoded.header.raw, decoded.signature.raw))
}

fn verify(walk: &mut Walk) -> Section {
    let mut section = Section::new("Step 4 Verify: GET /api/auth with a token, a cookie, or neither");
    let Some(login) = walk.login.clone() else {
        section.note("No login succeeded in step 3, so there is no token or cookie to verify.");
        return section;
    };
    let config = &walk.server.config;
    let (alg, leeway) = (config.jwt_alg, format_duration(config.leeway));
    section.note(format!(
        "The server checks an Authorization: Bearer token when one is sent (algorithm pinned to {alg}, \
         leeway {leeway}); without one, the JWT cookie when the browser sends it; the session cookie only when \
         neither came."
    ));
    let bearer = || Request::get(AUTH_PATH).with_bearer(&login.token);

    let exchange = walk.send(bearer());
    section.exchanges.push(walk.record(
        "GET with a Bearer token (an API client: no cookie)",
        exchange,
        200,
        &format!(
            "The signature matches and exp is in the future, so the server trusts sub \"{SEED_USER_ID}\" without \
             looking anything up: stateless."
        ),
    ));
    let exchange = walk.browse(Request::get(AUTH_PATH));
    section.exchanges.push(walk.record(
        "GET from the browser (it sends both cookies by itself)",
        exchange,
        200,
        "The JWT cookie decides (via \"jwt-cookie\"): the server verifies it as it verifies a Bearer token. \
         Page scripts cannot read it (HttpOnly), and SameSite=Lax keeps it off cross-site POSTs.",
    ));
    let session_only = || Request::get(AUTH_PATH).with_cookies(login.session_cookie.as_deref());
    let exchange = walk.send(session_only());
    section.exchanges.push(walk.record(
        "GET with only the session cookie",
        exchange,
        200,
        "The server found the cookie's id in its session store: one lookup per request, and it can delete the \
         session at any time.",
    ));
    let exchange = walk.send(Request::get(AUTH_PATH));
    section.exchanges.push(walk.record(
        "GET with neither a token nor a cookie",
        exchange,
        401,
        "Nothing to check, so 401 Unauthorized with a WWW-Authenticate header: the status for \"not logged in\".",
    ));
    if let Some(forged) = tampered(&login.token, "2") {
        let exchange = walk.send(Request::get(AUTH_PATH).with_bearer(&forged));
        section.exchanges.push(walk.record(
            "GET with a tampered token (payload sub edited to \"2\", old signature kept)",
            exchange,
            401,
            "Anyone can edit the base64url payload, but the signature covers the original bytes and cannot be \
             recomputed without the secret (a weak one like this could be guessed offline: step 2).",
        ));
    }

    walk.advance_to(login.at + 60);
    let exchange = walk.browse(Request::post_json(LOGOUT_PATH, &json!({})));
    section.exchanges.push(walk.record(
        "Log out: POST /api/auth/logout (the page's fetch, JSON; the browser sends its cookies)",
        exchange,
        200,
        "The server deleted the session record and told the browser to delete both cookies (Max-Age=0).",
    ));
    let exchange = walk.send(session_only());
    section.exchanges.push(walk.record(
        "GET after logout with a copy of the old session cookie",
        exchange,
        401,
        "The session no longer exists on the server, so every copy of the cookie stopped working at once: \
         server-side revocation.",
    ));
    let exp = jwt::decode(&login.token).ok().and_then(|decoded| decoded.time_claim("exp"));
    let remaining = exp.map(|exp| format_duration(exp.abs_diff(walk.now))).unwrap_or_else(|| "?".into());
    let exchange = walk.send(bearer());
    section.exchanges.push(walk.record(
        "GET after logout with the same JWT",
        exchange,
        200,
        &format!(
            "Logout cannot touch a JWT: anyone holding a copy is accepted until exp ({remaining} from now) unless \
             the server keeps a deny-list of jti values. This is the revocation trade-off of stateless tokens."
        ),
    ));
    if let Some(exp) = exp {
        walk.advance_to(exp.saturating_add_unsigned(walk.server.config.leeway) + 1);
        let exchange = walk.send(bearer());
        section.exchanges.push(walk.record(
            "GET with the same JWT after the clock moved past exp",
            exchange,
            401,
            &format!(
                "Only now, {} after exp (leeway {leeway}), is the token refused: short lifetimes limit how long \
                 a stolen token works.",
                format_duration(walk.now.abs_diff(exp))
            ),
        ));
    }
    section
}
