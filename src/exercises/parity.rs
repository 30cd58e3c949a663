//! One source of truth: the Rust engine (`auth::handler`, which drives the labs and `walkthrough`) held
//! against the reference solution (the JavaScript the lessons teach, run in [`JsServer`]).
//!
//! [`compare`] sends both the same scenarios and lists every difference in what a client can observe:
//! the status, the JSON body (its keys and values; the wording of `error` and `reason` is compared by
//! kind only, since the engine words its reasons more fully on purpose), and the security-relevant
//! headers (`Set-Cookie` by name and attributes, `WWW-Authenticate`, `Cache-Control`, `Allow`).

use serde_json::{Map, Value, json};

use crate::auth::clock::{UnixSeconds, system_now};
use crate::auth::config::{AuthConfig, Secret};
use crate::auth::cookies::SetCookie;
use crate::auth::handler::AuthServer;
use crate::auth::http::{DEMO_HOST, Method, Request};
use crate::auth::jwt::{self, Alg};
use crate::auth::random::RandomSource;
use crate::js::{JsServer, Project, ServerOptions};

use super::project::{env_local_with_secret, solution_files};

/// One difference: the scenario, what differs, and the two values (engine first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub scenario: &'static str,
    pub aspect: String,
    pub engine: String,
    pub reference: String,
}

/// What a client observes of one answer, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Observed {
    status: u16,
    body: Value,
    headers: Vec<(String, String)>,
    token: Option<String>,
    session_id: Option<String>,
}

/// The headers compared (lower case).
const COMPARED_HEADERS: [&str; 4] = ["www-authenticate", "cache-control", "allow", "set-cookie"];

fn observe(status: u16, body_text: &str, headers: &[(String, String)]) -> Observed {
    let mut body: Value = serde_json::from_str(body_text).unwrap_or(Value::Null);
    let token = body["token"].as_str().map(str::to_string);
    if let Value::Object(fields) = &mut body {
        for (key, value) in fields.iter_mut() {
            // Random by design, or worded by design: compared by presence and kind.
            *value = match key.as_str() {
                "token" => json!("<token>"),
                "error" | "reason" => json!(reason_kind(value.as_str().unwrap_or_default())),
                _ => value.take(),
            };
        }
    }
    let mut session_id = None;
    let mut kept: Vec<(String, String)> = headers
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), value.clone()))
        .filter(|(name, _)| COMPARED_HEADERS.contains(&name.as_str()))
        .map(|(name, value)| {
            if name != "set-cookie" {
                return (name, value);
            }
            let Some(cookie) = SetCookie::parse(&value) else { return (name, value) };
            if cookie.name == "nextjs-session" && !cookie.value.is_empty() {
                session_id = Some(cookie.value.clone());
            }
            let cleared = cookie.value.is_empty() && (cookie.max_age == Some(0) || value.contains("1970"));
            let shown =
                SetCookie { value: if cleared { "<cleared>".into() } else { "<value>".into() }, ..cookie };
            (name, shown.to_string())
        })
        .collect();
    kept.sort();
    Observed { status, body, headers: kept, token, session_id }
}

/// Which credential a reason is about ("jwt: …" or "session: …"; the engine's session reasons start
/// "jwt: no Authorization header; session: …"); any other message is compared as "<message>".
fn reason_kind(text: &str) -> String {
    if text.contains("session:") {
        "session: …".to_string()
    } else if text.starts_with("jwt:") {
        "jwt: …".to_string()
    } else if text.is_empty() {
        String::new()
    } else {
        "<message>".to_string()
    }
}

/// The scenarios: (name, request). `{TOKEN}` and `{SID}` are each server's own login's values.
fn scenarios(secret: &[u8], now: UnixSeconds) -> Vec<(&'static str, Request)> {
    let sign = |claims: Value, key: &[u8], alg: Alg| {
        jwt::sign(claims.as_object().unwrap_or(&Map::new()), key, alg).unwrap_or_default()
    };
    let b64 = |value: Value| {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string())
    };
    let valid = json!({ "sub": "1", "iat": now, "exp": now + 600 });
    let login = |content_type: &str, body: &str| {
        Request::post_raw("/api/auth", content_type, body)
            .with_header("Origin", &format!("http://{DEMO_HOST}"))
            .with_header("Sec-Fetch-Site", "same-origin")
    };
    let creds = r#"{"username":"user1","password":"pass123"}"#;
    let bearer = |token: &str| Request::get("/api/auth").with_bearer(token);
    let logout = |content_type: &str| {
        Request::post_raw("/api/auth/logout", content_type, "")
            .with_header("Origin", &format!("http://{DEMO_HOST}"))
            .with_header("Cookie", "nextjs-session={SID}; nextjs-jwt={TOKEN}")
    };
    vec![
        ("login", login("application/json", creds)),
        ("login as text/plain", Request::post_raw("/api/auth", "text/plain", creds)),
        (
            "login from another origin",
            Request::post_raw("/api/auth", "application/json", creds)
                .with_header("Origin", "https://evil.example"),
        ),
        ("malformed JSON", login("application/json", r#"{"username": "#)),
        ("wrong password", login("application/json", r#"{"username":"user1","password":"nope"}"#)),
        ("unknown user", login("application/json", r#"{"username":"nobody","password":"nope"}"#)),
        ("PUT", Request::new(Method::Put, "/api/auth")),
        ("OPTIONS", Request::new(Method::Options, "/api/auth")),
        ("HEAD", Request::new(Method::Head, "/api/auth")),
        ("GET logout", Request::new(Method::Get, "/api/auth/logout")),
        ("Bearer token", bearer("{TOKEN}")),
        ("session cookie", Request::get("/api/auth").with_header("Cookie", "nextjs-session={SID}")),
        ("JWT cookie", Request::get("/api/auth").with_header("Cookie", "nextjs-jwt={TOKEN}")),
        ("no credentials", Request::get("/api/auth")),
        ("another secret", bearer(&sign(valid.clone(), b"another-secret-another-secret-123", Alg::HS256))),
        (
            "expired",
            bearer(&sign(json!({ "sub": "1", "iat": now - 1500, "exp": now - 600 }), secret, Alg::HS256)),
        ),
        ("no exp", bearer(&sign(json!({ "sub": "1", "iat": now }), secret, Alg::HS256))),
        (
            "alg none",
            bearer(&format!("{}.{}.", b64(json!({ "alg": "none", "typ": "JWT" })), b64(valid.clone()))),
        ),
        ("HS512", bearer(&sign(valid, secret, Alg::HS512))),
        ("not a JWT", bearer("not-a-jwt")),
        (
            "unknown session id",
            Request::get("/api/auth")
                .with_header("Cookie", "nextjs-session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        ),
        ("logout as text/plain", logout("text/plain")),
        ("logout", logout("application/json")),
        (
            "session cookie after logout",
            Request::get("/api/auth").with_header("Cookie", "nextjs-session={SID}"),
        ),
        ("JWT after logout", bearer("{TOKEN}")),
    ]
}

/// Fills `{TOKEN}` and `{SID}` in the request's headers.
fn filled(request: &Request, token: &str, session_id: &str) -> Request {
    let mut request = request.clone();
    for (_, value) in &mut request.headers {
        *value = value.replace("{TOKEN}", token).replace("{SID}", session_id);
    }
    request
}

/// Runs every scenario on the engine and on the reference solution; Err if the reference does not start.
pub fn compare() -> Result<Vec<Difference>, String> {
    let secret = "parity-check-secret-parity-check-secret-32";
    let now = system_now();
    let project = Project::from_files(solution_files(4, &env_local_with_secret(secret)));
    let reference = JsServer::start(&project, ServerOptions::default()).map_err(|error| error.to_string())?;
    let config = AuthConfig { jwt_secret: Secret::from_text(secret), ..AuthConfig::seed() };
    let mut engine = AuthServer::seeded(config, RandomSource::os());

    let mut differences = Vec::new();
    let (mut engine_values, mut reference_values) =
        ((String::new(), String::new()), (String::new(), String::new()));
    for (scenario, request) in scenarios(secret.as_bytes(), now) {
        let engine_answer = engine.handle(&filled(&request, &engine_values.0, &engine_values.1), now);
        let engine_seen = observe(engine_answer.status, &engine_answer.body_text(), &engine_answer.headers);
        let reference_answer = reference.handle(&filled(&request, &reference_values.0, &reference_values.1));
        let reference_seen =
            observe(reference_answer.status, &reference_answer.body, &reference_answer.headers);
        if scenario == "login" {
            engine_values = (
                engine_seen.token.clone().unwrap_or_default(),
                engine_seen.session_id.clone().unwrap_or_default(),
            );
            reference_values = (
                reference_seen.token.clone().unwrap_or_default(),
                reference_seen.session_id.clone().unwrap_or_default(),
            );
        }
        let mut differ = |aspect: &str, engine: String, reference: String| {
            if engine != reference {
                differences.push(Difference { scenario, aspect: aspect.to_string(), engine, reference });
            }
        };
        differ("status", engine_seen.status.to_string(), reference_seen.status.to_string());
        differ("body", engine_seen.body.to_string(), reference_seen.body.to_string());
        for name in COMPARED_HEADERS {
            let values = |seen: &Observed| {
                seen.headers
                    .iter()
                    .filter(|(key, _)| key == name)
                    .map(|(_, value)| value.as_str())
                    .collect::<Vec<_>>()
                    .join(" | ")
            };
            differ(name, values(&engine_seen), values(&reference_seen));
        }
    }
    Ok(differences)
}
