//! The seed's route handler (steps 3 and 4), written as a correct Next.js App Router `route.js`:
//!
//! ```text
//! POST /api/auth         login: check the argon2 hash, issue a JWT and a fresh session cookie
//! GET  /api/auth         verify: a Bearer JWT (pinned algorithm) if one is sent, else the session cookie
//! POST /api/auth/logout  destroy the session and clear the cookie
//! ```
//!
//! It gives the same responses as the reference solution the lessons teach (`exercises solution`,
//! held to it by tests/engine_parity.rs): login and logout refuse a body that is not
//! `application/json` (415) and a cross-site request (403), login sets the JWT in an HttpOnly cookie
//! too, and a method the route does not export gets Next.js's empty 405.

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use super::clock::UnixSeconds;
use super::config::{AuthConfig, TokenCheck};
use super::cookies::{SetCookie, cookie_value};
use super::http::{Method, Request, Response};
use super::jwt::{self, Alg, AlgorithmStatus, SignatureStatus, VerifyOptions};
use super::random::RandomSource;
use super::sessions::{SessionId, SessionStore};
use super::users::{LOGIN_FAILED_MESSAGE, UserStore};

/// The login and verify route.
pub const AUTH_PATH: &str = "/api/auth";
/// The logout route.
pub const LOGOUT_PATH: &str = "/api/auth/logout";

/// Everything one request may read or change, borrowed from whoever owns it.
pub struct Backend<'a> {
    /// Registered users.
    pub users: &'a UserStore,
    /// Secret, algorithm, lifetimes, cookie options.
    pub config: &'a AuthConfig,
    /// Server-side sessions.
    pub sessions: &'a mut SessionStore,
    /// Randomness for session ids and `jti`s.
    pub rng: &'a mut RandomSource,
    /// Revoked `jti`s, if the server keeps a denylist.
    pub denylist: Option<&'a HashSet<String>>,
}

fn error_response(status: u16, message: &str) -> Response {
    Response::json_response(status, json!({ "error": message }))
}

/// What Next.js 16 answers for a method the route file does not export: OPTIONS gets 204 with `Allow`,
/// anything else 405 with an empty body and no `Allow` (measured, nextjs16-behaviour.md).
fn unexported_method(method: Method, allow: &str) -> Response {
    match method {
        Method::Options => Response::empty(204).with_header("Allow", allow),
        _ => Response::empty(405),
    }
}

/// Routes one request, as Next.js would dispatch to the exported `GET`/`POST` functions (HEAD runs
/// `GET` and drops the body).
pub fn handle(backend: &mut Backend<'_>, request: &Request, now: UnixSeconds) -> Response {
    match (request.route(), request.method) {
        (AUTH_PATH, Method::Post) => login(backend, request, now),
        (AUTH_PATH, Method::Get) => verify(backend, request, now),
        (AUTH_PATH, Method::Head) => verify(backend, request, now).without_body(),
        (AUTH_PATH, method) => unexported_method(method, "GET, HEAD, OPTIONS, POST"),
        (LOGOUT_PATH, Method::Post) => logout(backend, request),
        (LOGOUT_PATH, method) => unexported_method(method, "OPTIONS, POST"),
        (other, _) => error_response(404, &format!("Not found: {other}")),
    }
}

/// The host an `Origin` names, as `new URL(origin).host` gives it (lower case, default port
/// dropped); `None` for `null` or anything that is not a URL, which never matches a host.
fn origin_host(origin: &str) -> Option<String> {
    let (scheme, rest) = origin.trim().split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host).to_ascii_lowercase();
    let default_port = match scheme.to_ascii_lowercase().as_str() {
        "http" => ":80",
        "https" => ":443",
        _ => "",
    };
    let host = match host.strip_suffix(default_port) {
        Some(bare) if !default_port.is_empty() => bare.to_string(),
        _ => host,
    };
    (!host.is_empty()).then_some(host)
}

/// CSRF defence for every POST that sets or uses a cookie, login included: a cross-site HTML form can
/// only send text/plain, urlencoded or multipart bodies, and a cross-site `fetch` carries an `Origin`
/// naming its own site. Next.js checks Origin for Server Actions only, not for Route Handlers.
fn refuse_cross_site(request: &Request) -> Option<Response> {
    if !is_json_content_type(request.header("Content-Type")) {
        return Some(error_response(415, "Content-Type must be application/json"));
    }
    let fetched_cross_site =
        request.header("Sec-Fetch-Site").is_some_and(|site| site.trim().eq_ignore_ascii_case("cross-site"));
    let other_origin = request
        .header("Origin")
        .is_some_and(|origin| origin_host(origin).as_deref() != request.header("Host"));
    (fetched_cross_site || other_origin).then(|| error_response(403, "cross-site request refused"))
}

fn is_json_content_type(value: Option<&str>) -> bool {
    value
        .and_then(|value| value.split(';').next())
        .is_some_and(|media_type| media_type.trim().eq_ignore_ascii_case("application/json"))
}

/// Reads `{username, password}`, or says exactly what is wrong with the body.
fn credentials(request: &Request) -> Result<(String, String), Response> {
    let body: Value = serde_json::from_str(&request.body)
        .map_err(|error| error_response(400, &format!("Malformed JSON body: {error}")))?;
    let Value::Object(fields) = body else {
        return Err(error_response(400, "Body must be a JSON object with username and password"));
    };
    let mut missing = Vec::new();
    let mut not_strings = Vec::new();
    let mut read = |name: &'static str| match fields.get(name) {
        None => {
            missing.push(name);
            String::new()
        }
        Some(Value::String(text)) => text.clone(),
        Some(_) => {
            not_strings.push(name);
            String::new()
        }
    };
    let (username, password) = (read("username"), read("password"));
    if !missing.is_empty() {
        let noun = if missing.len() == 1 { "field" } else { "fields" };
        return Err(error_response(400, &format!("Missing {noun}: {}", missing.join(", "))));
    }
    if !not_strings.is_empty() {
        return Err(error_response(400, &format!("Must be strings: {}", not_strings.join(", "))));
    }
    Ok((username, password))
}

fn unauthorized(body: Value, bearer_error: bool) -> Response {
    let challenge = if bearer_error { "Bearer error=\"invalid_token\"" } else { "Bearer" };
    Response::json_response(401, body).with_header("WWW-Authenticate", challenge)
}

fn login(backend: &mut Backend<'_>, request: &Request, now: UnixSeconds) -> Response {
    if let Some(refusal) = refuse_cross_site(request) {
        return refusal;
    }
    let (username, password) = match credentials(request) {
        Ok(credentials) => credentials,
        Err(response) => return response,
    };
    let Ok(user) = backend.users.authenticate(&username, &password) else {
        // No WWW-Authenticate: a login form is not an HTTP authentication scheme, and the reference
        // sends none.
        return error_response(401, LOGIN_FAILED_MESSAGE);
    };
    let options = &backend.config.session;
    let client_session =
        request.header("Cookie").and_then(|header| cookie_value(header, &options.cookie_name));
    let session_id = match client_session {
        Some(client_id) if options.insecure_reuse_client_session_id && !client_id.is_empty() => {
            backend.sessions.insecure_create_with_client_id(SessionId::from_client(&client_id), user.id, now)
        }
        client_id => {
            // Session fixation defence: whatever id the client arrived with is dropped, and the login
            // gets an id the server just generated.
            if let Some(old_id) = client_id {
                backend.sessions.destroy(&old_id);
            }
            backend.sessions.create(user.id, now, backend.rng)
        }
    };
    let claims =
        jwt::login_claims(&user.id.to_string(), now, backend.config.token_ttl, &jwt::new_jti(backend.rng));
    let token = match jwt::sign(&claims, backend.config.jwt_secret.bytes(), backend.config.jwt_alg) {
        Ok(token) => token,
        Err(error) => return error_response(500, &error.to_string()),
    };
    // Side by side, as in the reference: the token in the body for API clients (Bearer), and in an
    // HttpOnly cookie for browsers, where page scripts cannot read it.
    Response::json_response(200, json!({ "token": token, "message": "Login successful" }))
        .with_header("Cache-Control", "no-store")
        .with_set_cookie(&SetCookie::session(options, session_id.as_str()))
        .with_set_cookie(&SetCookie::jwt(options, &token, backend.config.token_ttl))
}

/// Why the Bearer token did not authenticate, or the user id it names.
fn check_bearer(backend: &Backend<'_>, request: &Request, now: UnixSeconds) -> Result<u64, String> {
    let header = request.header("Authorization").ok_or("no Authorization header")?;
    let (scheme, token) = header.trim().split_once(' ').unwrap_or((header.trim(), ""));
    if !scheme.eq_ignore_ascii_case("Bearer") {
        return Err(format!("Authorization scheme is \"{scheme}\", not Bearer"));
    }
    let token = token.trim();
    if token.is_empty() {
        return Err("empty Bearer token".to_string());
    }
    check_token(backend, token, now)
}

/// The user id a token names, if the configured check accepts it, it is not revoked and the user exists.
fn check_token(backend: &Backend<'_>, token: &str, now: UnixSeconds) -> Result<u64, String> {
    let claims = token_claims(backend.config, token, now)?;
    let claims = &claims;
    if let (Some(denylist), Some(jti)) = (backend.denylist, claims.get("jti").and_then(Value::as_str))
        && denylist.contains(jti)
    {
        return Err(format!("token revoked (jti {jti} is on the deny-list)"));
    }
    let sub = claims.get("sub").ok_or("token has no sub claim")?;
    let user_id = sub
        .as_str()
        .and_then(|text| text.parse::<u64>().ok())
        .ok_or_else(|| format!("sub {sub} is not a user id string"))?;
    match backend.users.user(user_id) {
        Some(user) => Ok(user.id),
        None => Err(format!("sub \"{user_id}\" is not a known user")),
    }
}

/// The claims of a token the configured check accepts, or why it refused.
fn token_claims(config: &AuthConfig, token: &str, now: UnixSeconds) -> Result<Map<String, Value>, String> {
    let options = |alg| VerifyOptions { alg, ..config.verify_options(now) };
    let verdict = |report: jwt::VerifyReport| report.verdict().cloned().map_err(|error| error.to_string());
    match config.token_check {
        TokenCheck::Verified => verdict(jwt::verify(token, &options(config.jwt_alg))),
        TokenCheck::InsecureDecodeOnly => {
            jwt::decode(token).map(|decoded| decoded.payload.json).map_err(|error| error.to_string())
        }
        TokenCheck::InsecureHeaderPicksAlgorithm => {
            let decoded = jwt::decode(token).map_err(|error| error.to_string())?;
            let written = decoded.alg().unwrap_or_default().to_string();
            if written.eq_ignore_ascii_case("none") {
                // What the vulnerable library does: "none" declares there is no signature to check, so
                // it skips the algorithm and signature checks and goes straight to the time claims.
                let mut report = jwt::verify(token, &options(config.jwt_alg));
                report.algorithm = AlgorithmStatus::Allowed(config.jwt_alg);
                report.signature = SignatureStatus::Valid;
                return verdict(report);
            }
            let alg = written.parse::<Alg>().unwrap_or(config.jwt_alg);
            verdict(jwt::verify(token, &options(alg)))
        }
    }
}

fn check_session(backend: &mut Backend<'_>, request: &Request, now: UnixSeconds) -> Result<u64, String> {
    let name = &backend.config.session.cookie_name;
    let id =
        request.header("Cookie").and_then(|header| cookie_value(header, name)).ok_or("no session cookie")?;
    backend.sessions.lookup(&id, now).map(|session| session.user_id).map_err(|error| error.to_string())
}

/// `200 {authenticated: true, userId, via}`, never cached: it is about one user.
fn authenticated(user_id: u64, via: &str) -> Response {
    Response::json_response(200, json!({ "authenticated": true, "userId": user_id, "via": via }))
        .with_header("Cache-Control", "no-store")
}

fn verify(backend: &mut Backend<'_>, request: &Request, now: UnixSeconds) -> Response {
    // A credential the client chose to send decides on its own, as in the lesson's route.js where the
    // catch around jwt.verify answers 401: a forged or expired Bearer token is not rescued by a cookie
    // riding along, so the learner sees every token rejection for what it is.
    if request.header("Authorization").is_some() {
        return match check_bearer(backend, request, now) {
            Ok(user_id) => authenticated(user_id, "jwt"),
            Err(jwt_failure) => {
                unauthorized(json!({ "authenticated": false, "reason": format!("jwt: {jwt_failure}") }), true)
            }
        };
    }
    // The JWT cookie (browsers), when sent, decides alone too; an emptied one counts as not sent.
    let jwt_cookie = request
        .header("Cookie")
        .and_then(|header| cookie_value(header, &backend.config.session.jwt_cookie_name))
        .filter(|token| !token.is_empty());
    if let Some(token) = jwt_cookie {
        return match check_token(backend, &token, now) {
            Ok(user_id) => authenticated(user_id, "jwt-cookie"),
            Err(jwt_failure) => unauthorized(
                json!({ "authenticated": false, "reason": format!("jwt: {jwt_failure} (JWT cookie)") }),
                false,
            ),
        };
    }
    match check_session(backend, request, now) {
        Ok(user_id) => authenticated(user_id, "session"),
        Err(session_failure) => unauthorized(
            json!({
                "authenticated": false,
                "reason": format!("jwt: no Authorization header; session: {session_failure}")
            }),
            false,
        ),
    }
}

fn logout(backend: &mut Backend<'_>, request: &Request) -> Response {
    // A cross-site page must not be able to log the browser out either.
    if let Some(refusal) = refuse_cross_site(request) {
        return refusal;
    }
    let options = &backend.config.session;
    let destroyed = request
        .header("Cookie")
        .and_then(|header| cookie_value(header, &options.cookie_name))
        .is_some_and(|id| backend.sessions.destroy(&id));
    // Both cookies are cleared; a copied JWT stays valid until its exp: the server keeps no record of it.
    Response::json_response(200, json!({ "message": "Logged out", "sessionDestroyed": destroyed }))
        .with_header("Cache-Control", "no-store")
        .with_set_cookie(&SetCookie::clear(options))
        .with_set_cookie(&SetCookie::clear_jwt(options))
}

/// The whole backend in one value, for the common case of one simulated server.
#[derive(Debug)]
pub struct AuthServer {
    /// Registered users.
    pub users: UserStore,
    /// Configuration.
    pub config: AuthConfig,
    /// Server-side sessions.
    pub sessions: SessionStore,
    /// Randomness for ids.
    pub rng: RandomSource,
    /// Revoked `jti`s (empty: nothing revoked).
    pub denylist: HashSet<String>,
}

impl AuthServer {
    /// A server over existing users and configuration; sessions use the configured timeouts.
    pub fn new(users: UserStore, config: AuthConfig, rng: RandomSource) -> Self {
        let sessions = SessionStore::from_options(&config.session);
        Self { users, config, sessions, rng, denylist: HashSet::new() }
    }

    /// The seed's server: user1/pass123 (hashed now, slow), the given configuration.
    pub fn seeded(config: AuthConfig, mut rng: RandomSource) -> Self {
        let users = UserStore::seeded(&mut rng);
        Self::new(users, config, rng)
    }

    /// Handles one request.
    pub fn handle(&mut self, request: &Request, now: UnixSeconds) -> Response {
        let mut backend = Backend {
            users: &self.users,
            config: &self.config,
            sessions: &mut self.sessions,
            rng: &mut self.rng,
            denylist: Some(&self.denylist),
        };
        handle(&mut backend, request, now)
    }

    /// Puts a token id on the denylist: that token is refused from now on, even before its `exp`.
    pub fn revoke(&mut self, jti: &str) {
        self.denylist.insert(jti.to_string());
    }
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use super::*;
    use crate::auth::users::{SEED_PASSWORD, SEED_USER_ID, SEED_USERNAME, User, hash_password, new_salt};

    const NOW: UnixSeconds = 1_795_461_682;

    /// One argon2 hash shared by every test in this module.
    fn seed_user() -> User {
        static HASH: OnceLock<String> = OnceLock::new();
        let hash =
            HASH.get_or_init(|| hash_password(SEED_PASSWORD, &new_salt(&mut RandomSource::seeded(99))));
        User { id: SEED_USER_ID, username: SEED_USERNAME.into(), password_hash: hash.clone() }
    }

    fn server(config: AuthConfig) -> AuthServer {
        let rng = RandomSource::seeded(7);
        let users = UserStore::from_users(vec![seed_user()]);
        AuthServer::new(users, config, rng)
    }

    fn login_request() -> Request {
        Request::post_json(AUTH_PATH, &json!({"username": "user1", "password": "pass123"}))
    }

    fn session_cookie(response: &Response) -> String {
        let cookie = &response.set_cookies()[0];
        format!("{}={}", cookie.name, cookie.value)
    }

    #[test]
    fn server_can_move_to_a_worker_thread() {
        // argon2 must run off the UI thread, so the whole server has to be sendable there.
        fn assert_send<T: Send + 'static>() {}
        assert_send::<AuthServer>();
    }

    #[test]
    fn login_issues_token_and_fresh_session_cookie() {
        let mut server = server(AuthConfig::seed());
        let response = server.handle(&login_request(), NOW);
        assert_eq!(response.status, 200);
        assert_eq!(response.json()["message"], "Login successful");
        let token = response.json()["token"].as_str().unwrap();
        let claims = jwt::decode(token).unwrap().payload.json;
        assert_eq!(claims["sub"], "1");
        assert_eq!(claims["iat"], NOW);
        assert_eq!(claims["exp"], NOW + 900);
        assert!(claims["jti"].as_str().is_some_and(|jti| jti.len() == 22));
        let set_cookies: Vec<String> = response.set_cookies().iter().map(ToString::to_string).collect();
        let id = server.sessions.list()[0].id.clone();
        assert_eq!(
            set_cookies,
            [
                format!("nextjs-session={id}; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=28800"),
                format!("nextjs-jwt={token}; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=900"),
            ]
        );
        assert_eq!(response.header("Cache-Control"), Some("no-store"));
        let again = server.handle(&login_request(), NOW);
        assert_ne!(session_cookie(&again), session_cookie(&response));
    }

    #[test]
    fn bad_credentials_get_one_generic_401() {
        let mut server = server(AuthConfig::seed());
        for (username, password) in [("user1", "wrong"), ("nobody", "pass123")] {
            let request = Request::post_json(AUTH_PATH, &json!({"username": username, "password": password}));
            let response = server.handle(&request, NOW);
            assert_eq!(response.status, 401);
            assert_eq!(response.json(), &json!({"error": "Invalid username or password"}));
            assert_eq!(response.header("WWW-Authenticate"), None);
            assert!(response.set_cookies().is_empty());
        }
        assert!(server.sessions.is_empty());
    }

    #[test]
    fn malformed_login_bodies_say_what_is_wrong() {
        let mut server = server(AuthConfig::seed());
        let cases = [
            (
                Request::post_raw(AUTH_PATH, "application/json", "{\"username\": "),
                400,
                "Malformed JSON body: EOF while parsing a value at line 1 column 13",
            ),
            (
                Request::post_raw(AUTH_PATH, "application/json", "[]"),
                400,
                "Body must be a JSON object with username and password",
            ),
            (Request::post_json(AUTH_PATH, &json!({"username": "user1"})), 400, "Missing field: password"),
            (Request::post_json(AUTH_PATH, &json!({})), 400, "Missing fields: username, password"),
            (
                Request::post_json(AUTH_PATH, &json!({"username": 1, "password": "x"})),
                400,
                "Must be strings: username",
            ),
            (
                Request::post_raw(AUTH_PATH, "text/plain", "username=user1"),
                415,
                "Content-Type must be application/json",
            ),
            (Request::new(Method::Post, AUTH_PATH), 415, "Content-Type must be application/json"),
        ];
        for (request, status, error) in cases {
            let response = server.handle(&request, NOW);
            assert_eq!((response.status, response.json()["error"].as_str()), (status, Some(error)));
        }
        let charset = Request::post_raw(
            AUTH_PATH,
            "Application/JSON; charset=utf-8",
            "{\"username\":\"user1\",\"password\":\"pass123\"}",
        );
        assert_eq!(server.handle(&charset, NOW).status, 200);
    }

    #[test]
    fn routing_405_204_head_and_404_as_nextjs_does() {
        let mut server = server(AuthConfig::seed());
        let put = server.handle(&Request::new(Method::Put, AUTH_PATH), NOW);
        assert_eq!((put.status, put.header("Allow"), &put.body), (405, None, &None));
        assert!(put.headers.is_empty());
        let get_logout = server.handle(&Request::get(LOGOUT_PATH), NOW);
        assert_eq!((get_logout.status, get_logout.header("Allow"), &get_logout.body), (405, None, &None));
        let options = server.handle(&Request::new(Method::Options, AUTH_PATH), NOW);
        assert_eq!((options.status, options.header("Allow")), (204, Some("GET, HEAD, OPTIONS, POST")));
        let options = server.handle(&Request::new(Method::Options, LOGOUT_PATH), NOW);
        assert_eq!((options.status, options.header("Allow")), (204, Some("OPTIONS, POST")));
        let head = server.handle(&Request::new(Method::Head, AUTH_PATH), NOW);
        assert_eq!((head.status, head.header("WWW-Authenticate"), &head.body), (401, Some("Bearer"), &None));
        let missing = server.handle(&Request::get("/api/other"), NOW);
        assert_eq!((missing.status, missing.json()["error"].as_str()), (404, Some("Not found: /api/other")));
    }

    #[test]
    fn a_bad_bearer_token_is_not_rescued_by_a_valid_cookie() {
        let mut server = server(AuthConfig::seed());
        let login = server.handle(&login_request(), NOW);
        let cookie = session_cookie(&login);
        let cookie_only = server.handle(&Request::get(AUTH_PATH).with_cookies(Some(&cookie)), NOW);
        assert_eq!(cookie_only.json()["via"], "session");
        let forged = server.handle(
            &Request::get(AUTH_PATH)
                .with_bearer("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.")
                .with_cookies(Some(&cookie)),
            NOW,
        );
        assert_eq!(forged.status, 401);
        assert!(forged.json()["reason"].as_str().unwrap().starts_with("jwt: "), "{}", forged.json());
    }

    #[test]
    fn verify_reports_why_each_credential_failed() {
        let mut server = server(AuthConfig::seed());
        let none = server.handle(&Request::get(AUTH_PATH), NOW);
        assert_eq!(none.status, 401);
        assert_eq!(
            none.json(),
            &json!({"authenticated": false, "reason": "jwt: no Authorization header; session: no session cookie"})
        );
        assert_eq!(none.header("WWW-Authenticate"), Some("Bearer"));
        let basic = server.handle(
            &Request::get(AUTH_PATH)
                .with_header("Authorization", "Basic dXNlcjE6cGFzcw==")
                .with_cookies(Some("nextjs-session=nope")),
            NOW,
        );
        assert_eq!(basic.json()["reason"], "jwt: Authorization scheme is \"Basic\", not Bearer");
        assert_eq!(basic.header("WWW-Authenticate"), Some("Bearer error=\"invalid_token\""));
    }

    #[test]
    fn bearer_scheme_is_case_insensitive_and_jwt_wins_over_cookie() {
        let mut server = server(AuthConfig::seed());
        let login = server.handle(&login_request(), NOW);
        let token = login.json()["token"].as_str().unwrap().to_string();
        let request = Request::get(AUTH_PATH)
            .with_header("authorization", &format!("bEaReR   {token}"))
            .with_cookies(Some(&session_cookie(&login)));
        let response = server.handle(&request, NOW + 1);
        assert_eq!(response.json(), &json!({"authenticated": true, "userId": 1, "via": "jwt"}));
    }

    #[test]
    fn leeway_from_config_applies_to_bearer_tokens() {
        let mut server = server(AuthConfig { leeway: 30, ..AuthConfig::seed() });
        let login = server.handle(&login_request(), NOW);
        let bearer = Request::get(AUTH_PATH).with_bearer(login.json()["token"].as_str().unwrap());
        assert_eq!(server.handle(&bearer, NOW + 929).status, 200);
        let late = server.handle(&bearer, NOW + 930);
        assert_eq!(late.status, 401);
        assert!(late.json()["reason"].as_str().unwrap().contains("(leeway 30s)"));
    }

    #[test]
    fn revoked_jti_is_refused() {
        let mut server = server(AuthConfig::seed());
        let login = server.handle(&login_request(), NOW);
        let token = login.json()["token"].as_str().unwrap();
        let jti = jwt::decode(token).unwrap().payload.json["jti"].as_str().unwrap().to_string();
        server.revoke(&jti);
        let response = server.handle(&Request::get(AUTH_PATH).with_bearer(token), NOW);
        assert_eq!(response.status, 401);
        assert_eq!(response.json()["reason"], format!("jwt: token revoked (jti {jti} is on the deny-list)"));
    }

    #[test]
    fn valid_signature_for_unknown_user_is_not_enough() {
        let mut server = server(AuthConfig::seed());
        let token =
            jwt::sign(&jwt::login_claims("42", NOW, 60, "j"), b"mysecretkey", jwt::Alg::HS256).unwrap();
        let response = server.handle(&Request::get(AUTH_PATH).with_bearer(&token), NOW);
        assert_eq!(response.json()["reason"], "jwt: sub \"42\" is not a known user");
    }

    #[test]
    fn login_destroys_a_preexisting_session_cookie() {
        let mut server = server(AuthConfig::seed());
        let first = server.handle(&login_request(), NOW);
        let old_cookie = session_cookie(&first);
        let second = server.handle(&login_request().with_cookies(Some(&old_cookie)), NOW + 5);
        assert_ne!(session_cookie(&second), old_cookie);
        assert_eq!(server.sessions.len(), 1);
        let with_old = server.handle(&Request::get(AUTH_PATH).with_cookies(Some(&old_cookie)), NOW + 6);
        assert_eq!(with_old.status, 401);
        // A planted id that the server never issued is not adopted either.
        let planted = server.handle(&login_request().with_cookies(Some("nextjs-session=attacker")), NOW + 7);
        assert_ne!(session_cookie(&planted), "nextjs-session=attacker");
    }

    #[test]
    fn insecure_flag_reproduces_session_fixation() {
        let mut config = AuthConfig::seed();
        config.session.insecure_reuse_client_session_id = true;
        let mut server = server(config);
        let victim_login = server.handle(&login_request().with_cookies(Some("nextjs-session=attacker")), NOW);
        assert_eq!(session_cookie(&victim_login), "nextjs-session=attacker");
        // The attacker, who chose the id, is now logged in as the victim.
        let attacker =
            server.handle(&Request::get(AUTH_PATH).with_cookies(Some("nextjs-session=attacker")), NOW + 1);
        assert_eq!(attacker.json(), &json!({"authenticated": true, "userId": 1, "via": "session"}));
    }

    #[test]
    fn login_and_logout_refuse_forms_and_other_origins() {
        let mut server = server(AuthConfig::seed());
        let creds = r#"{"username":"user1","password":"pass123"}"#;
        let refused =
            |response: &Response| (response.status, response.json().clone(), response.set_cookies());
        for path in [AUTH_PATH, LOGOUT_PATH] {
            let form = Request::post_raw(path, "application/x-www-form-urlencoded", "username=user1");
            let text = Request::post_raw(path, "text/plain", creds);
            for request in [form, text] {
                assert_eq!(
                    refused(&server.handle(&request, NOW)),
                    (415, json!({"error": "Content-Type must be application/json"}), vec![])
                );
            }
            let evil = Request::post_raw(path, "application/json", creds)
                .with_header("Origin", "https://evil.example");
            let null = Request::post_raw(path, "application/json", creds).with_header("Origin", "null");
            let other_port = Request::post_raw(path, "application/json", creds)
                .with_header("Origin", "http://localhost:4000");
            let fetch_metadata = Request::post_raw(path, "application/json", creds)
                .with_header("Sec-Fetch-Site", "cross-site");
            for request in [evil, null, other_port, fetch_metadata] {
                assert_eq!(
                    refused(&server.handle(&request, NOW)),
                    (403, json!({"error": "cross-site request refused"}), vec![]),
                    "{request:?}"
                );
            }
        }
        assert!(server.sessions.is_empty());
        let same_origin = Request::post_raw(AUTH_PATH, "application/json", creds)
            .with_header("Origin", "http://LOCALHOST:3000")
            .with_header("Sec-Fetch-Site", "same-origin");
        assert_eq!(server.handle(&same_origin, NOW).status, 200);
    }

    #[test]
    fn origin_hosts_are_read_as_new_url_reads_them() {
        assert_eq!(origin_host("http://localhost:3000").as_deref(), Some("localhost:3000"));
        assert_eq!(origin_host("https://Example.COM:443").as_deref(), Some("example.com"));
        assert_eq!(origin_host("http://example.com:80/").as_deref(), Some("example.com"));
        assert_eq!(origin_host("https://example.com:80").as_deref(), Some("example.com:80"));
        assert_eq!(origin_host("null"), None);
        assert_eq!(origin_host("http://"), None);
    }

    #[test]
    fn the_jwt_cookie_authenticates_browsers_and_decides_alone() {
        let mut server = server(AuthConfig::seed());
        let login = server.handle(&login_request(), NOW);
        let token = login.json()["token"].as_str().unwrap().to_string();
        let both = format!("{}; nextjs-jwt={token}", session_cookie(&login));
        let response = server.handle(&Request::get(AUTH_PATH).with_cookies(Some(&both)), NOW + 1);
        assert_eq!(response.json(), &json!({"authenticated": true, "userId": 1, "via": "jwt-cookie"}));
        assert_eq!(response.header("Cache-Control"), Some("no-store"));
        // A bad JWT cookie is not rescued by the valid session cookie next to it.
        let forged = format!("{}; nextjs-jwt={token}x", session_cookie(&login));
        let refused = server.handle(&Request::get(AUTH_PATH).with_cookies(Some(&forged)), NOW + 1);
        assert_eq!((refused.status, refused.header("WWW-Authenticate")), (401, Some("Bearer")));
        assert!(refused.json()["reason"].as_str().unwrap().starts_with("jwt: "), "{:?}", refused.json());
        // An emptied one counts as absent: the session cookie is read.
        let emptied = format!("{}; nextjs-jwt=", session_cookie(&login));
        let session = server.handle(&Request::get(AUTH_PATH).with_cookies(Some(&emptied)), NOW + 1);
        assert_eq!(session.json()["via"], "session");
    }

    #[test]
    fn logout_clears_cookie_either_way() {
        let mut server = server(AuthConfig::seed());
        let login = server.handle(&login_request(), NOW);
        let cookie = session_cookie(&login);
        let logout = Request::post_json(LOGOUT_PATH, &json!({})).with_cookies(Some(&cookie));
        let response = server.handle(&logout, NOW + 1);
        assert_eq!(response.status, 200);
        assert_eq!(response.json()["sessionDestroyed"], true);
        let cleared: Vec<String> = response.set_cookies().iter().map(ToString::to_string).collect();
        assert_eq!(
            cleared,
            [
                "nextjs-session=; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=0",
                "nextjs-jwt=; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=0"
            ]
        );
        assert_eq!(response.header("Cache-Control"), Some("no-store"));
        assert!(server.sessions.is_empty());
        let again = server.handle(&logout, NOW + 2);
        assert_eq!((again.status, again.json()["sessionDestroyed"].as_bool()), (200, Some(false)));
    }
}
