//! The seed's route handler (steps 3 and 4), written as a correct Next.js App Router `route.js`:
//!
//! ```text
//! POST /api/auth         login: check the argon2 hash, issue a JWT and a fresh session cookie
//! GET  /api/auth         verify: a Bearer JWT (pinned algorithm) if one is sent, else the session cookie
//! POST /api/auth/logout  destroy the session and clear the cookie
//! ```
//!
//! A request without `Content-Type: application/json` on login gets 415 Unsupported Media Type, so the
//! learner sees that the server, not the client, decides how the body is read.

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use super::clock::UnixSeconds;
use super::config::AuthConfig;
use super::cookies::{SetCookie, cookie_value};
use super::http::{Method, Request, Response};
use super::jwt;
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

fn method_not_allowed(allow: &str) -> Response {
    error_response(405, &format!("Method not allowed (allowed: {allow})")).with_header("Allow", allow)
}

/// Routes one request, as Next.js would dispatch to the exported `GET`/`POST` functions.
pub fn handle(backend: &mut Backend<'_>, request: &Request, now: UnixSeconds) -> Response {
    match (request.route(), request.method) {
        (AUTH_PATH, Method::Post) => login(backend, request, now),
        (AUTH_PATH, Method::Get) => verify(backend, request, now),
        (AUTH_PATH, _) => method_not_allowed("GET, POST"),
        (LOGOUT_PATH, Method::Post) => logout(backend, request),
        (LOGOUT_PATH, _) => method_not_allowed("POST"),
        (other, _) => error_response(404, &format!("Not found: {other}")),
    }
}

fn is_json_content_type(value: Option<&str>) -> bool {
    value
        .and_then(|value| value.split(';').next())
        .is_some_and(|media_type| media_type.trim().eq_ignore_ascii_case("application/json"))
}

/// Reads `{username, password}`, or says exactly what is wrong with the body.
fn credentials(request: &Request) -> Result<(String, String), Response> {
    if !is_json_content_type(request.header("Content-Type")) {
        let got = request.header("Content-Type").unwrap_or("no Content-Type");
        return Err(error_response(415, &format!("Content-Type must be application/json (got {got})")));
    }
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
    let (username, password) = match credentials(request) {
        Ok(credentials) => credentials,
        Err(response) => return response,
    };
    let Ok(user) = backend.users.authenticate(&username, &password) else {
        return unauthorized(json!({ "error": LOGIN_FAILED_MESSAGE }), false);
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
    Response::json_response(200, json!({ "token": token, "message": "Login successful" }))
        .with_header("Cache-Control", "no-store")
        .with_set_cookie(&SetCookie::session(options, session_id.as_str()))
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
    let options = backend.config.verify_options(now);
    let report = jwt::verify(token, &options);
    let claims: &Map<String, Value> = report.verdict().map_err(|error| error.to_string())?;
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

fn check_session(backend: &mut Backend<'_>, request: &Request, now: UnixSeconds) -> Result<u64, String> {
    let name = &backend.config.session.cookie_name;
    let id =
        request.header("Cookie").and_then(|header| cookie_value(header, name)).ok_or("no session cookie")?;
    backend.sessions.lookup(&id, now).map(|session| session.user_id).map_err(|error| error.to_string())
}

fn verify(backend: &mut Backend<'_>, request: &Request, now: UnixSeconds) -> Response {
    // A credential the client chose to send decides on its own, as in the lesson's route.js where the
    // catch around jwt.verify answers 401: a forged or expired Bearer token is not rescued by a cookie
    // riding along, so the learner sees every token rejection for what it is.
    if request.header("Authorization").is_some() {
        return match check_bearer(backend, request, now) {
            Ok(user_id) => Response::json_response(
                200,
                json!({ "authenticated": true, "userId": user_id, "via": "jwt" }),
            ),
            Err(jwt_failure) => {
                unauthorized(json!({ "authenticated": false, "reason": format!("jwt: {jwt_failure}") }), true)
            }
        };
    }
    match check_session(backend, request, now) {
        Ok(user_id) => Response::json_response(
            200,
            json!({ "authenticated": true, "userId": user_id, "via": "session" }),
        ),
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
    let options = &backend.config.session;
    let destroyed = request
        .header("Cookie")
        .and_then(|header| cookie_value(header, &options.cookie_name))
        .is_some_and(|id| backend.sessions.destroy(&id));
    Response::json_response(200, json!({ "message": "Logged out", "sessionDestroyed": destroyed }))
        .with_set_cookie(&SetCookie::clear(options))
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
        let set_cookie = response.header("Set-Cookie").unwrap();
        let id = server.sessions.list()[0].id.clone();
        assert_eq!(
            set_cookie,
            format!("nextjs-session={id}; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=28800")
        );
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
            assert_eq!(response.header("WWW-Authenticate"), Some("Bearer"));
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
                "Content-Type must be application/json (got text/plain)",
            ),
            (
                Request::new(Method::Post, AUTH_PATH),
                415,
                "Content-Type must be application/json (got no Content-Type)",
            ),
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
    fn routing_405_and_404() {
        let mut server = server(AuthConfig::seed());
        let put = server.handle(&Request::new(Method::Put, AUTH_PATH), NOW);
        assert_eq!((put.status, put.header("Allow")), (405, Some("GET, POST")));
        let get_logout = server.handle(&Request::get(LOGOUT_PATH), NOW);
        assert_eq!((get_logout.status, get_logout.header("Allow")), (405, Some("POST")));
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
    fn logout_clears_cookie_either_way() {
        let mut server = server(AuthConfig::seed());
        let login = server.handle(&login_request(), NOW);
        let cookie = session_cookie(&login);
        let logout = Request::post_json(LOGOUT_PATH, &json!({})).with_cookies(Some(&cookie));
        let response = server.handle(&logout, NOW + 1);
        assert_eq!(response.status, 200);
        assert_eq!(response.json()["sessionDestroyed"], true);
        assert_eq!(
            response.header("Set-Cookie"),
            Some("nextjs-session=; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=0")
        );
        assert!(server.sessions.is_empty());
        let again = server.handle(&logout, NOW + 2);
        assert_eq!((again.status, again.json()["sessionDestroyed"].as_bool()), (200, Some(false)));
    }
}
