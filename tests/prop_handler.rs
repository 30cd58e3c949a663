//! Property tests for the simulated route handler: whatever a learner types into a request (a pasted or
//! damaged token, a mangled cookie, a broken login body), the server answers with a 4xx status and a
//! one-line reason, never a panic and never a 5xx.

use std::sync::{LazyLock, Mutex};

use jwt_session_tutor::auth::handler::AUTH_PATH;
use jwt_session_tutor::auth::jwt::{self, Alg};
use jwt_session_tutor::auth::{AuthConfig, AuthServer, RandomSource, Request, Response};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::FileFailurePersistence;
use serde_json::Value;

const NOW: i64 = 1_795_461_682;

/// 256 cases by default, so `cargo test` stays fast; `PROPTEST_CASES=20000` for a deeper run.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        ..ProptestConfig::default()
    }
}

/// One seeded server for every case: building it hashes a password with argon2id, which is slow.
static SERVER: LazyLock<Mutex<AuthServer>> =
    LazyLock::new(|| Mutex::new(AuthServer::seeded(AuthConfig::seed(), RandomSource::seeded(6))));

fn handle(request: &Request) -> Response {
    // A failed case poisons the lock; the server itself is still usable for the next one.
    let mut server = SERVER.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    server.handle(request, NOW)
}

/// A token the seeded server accepts: user 1, signed with its secret, valid for 15 minutes.
fn valid_token() -> String {
    let secret = AuthConfig::seed().jwt_secret;
    jwt::sign(&jwt::login_claims("1", NOW, 900, "jti"), secret.bytes(), Alg::HS256).unwrap()
}

fn any_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<char>(), 0..64).prop_map(String::from_iter)
}

/// A valid token with one character replaced.
fn damaged_token() -> impl Strategy<Value = String> {
    (any::<Index>(), any::<char>()).prop_map(|(at, replacement)| {
        let token = valid_token();
        let chars: Vec<char> = token.chars().collect();
        let at = at.index(chars.len());
        let replacement = if chars[at] == replacement { '!' } else { replacement };
        chars.iter().enumerate().map(|(i, c)| if i == at { replacement } else { *c }).collect()
    })
}

fn authorization() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(prop_oneof![
        any_text(),
        any_text().prop_map(|token| format!("Bearer {token}")),
        "[A-Za-z0-9_.-]{0,80}".prop_map(|token| format!("bearer  {token} ")),
        damaged_token().prop_map(|token| format!("Bearer {token}")),
    ])
}

fn cookie() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(prop_oneof![
        any_text(),
        "[A-Za-z0-9_-]{0,50}".prop_map(|id| format!("nextjs-session={id}")),
        any_text().prop_map(|id| format!("theme=dark; nextjs-session={id}")),
    ])
}

fn message(body: &Value, field: &str) -> String {
    body.get(field).and_then(Value::as_str).unwrap_or_default().to_string()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_credentials_on_verify_get_401_with_a_reason(authorization in authorization(), cookie in cookie()) {
        let mut request = Request::get(AUTH_PATH);
        if let Some(value) = &authorization {
            request = request.with_header("Authorization", value);
        }
        if let Some(value) = &cookie {
            request = request.with_header("Cookie", value);
        }
        let response = handle(&request);
        prop_assert_eq!(response.status, 401, "{}", response.render());
        prop_assert_eq!(&response.json()["authenticated"], &Value::Bool(false));
        let reason = message(response.json(), "reason");
        let jwt_reason = reason.strip_prefix("jwt: ").unwrap_or_default();
        prop_assert!(!jwt_reason.trim().is_empty(), "{:?}", reason);
        if authorization.is_none() {
            // Only then does the cookie get a say, and its failure is named too.
            let session_reason = jwt_reason.split_once("; session: ").map(|(_, why)| why).unwrap_or_default();
            prop_assert!(!session_reason.trim().is_empty(), "{:?}", reason);
        }
        prop_assert!(response.header("WWW-Authenticate").is_some());
    }

    #[test]
    fn any_login_body_gets_a_4xx_with_an_error_message(
        body in prop_oneof![
            any_text(),
            any_text().prop_map(|text| format!("{{\"username\": {text:?}}}")),
            any_text().prop_map(|text| format!("{{\"username\": \"user1\", \"password\": {text}}}")),
        ],
        content_type in prop_oneof![
            Just("application/json".to_string()),
            Just("Application/JSON; charset=utf-8".to_string()),
            any_text(),
        ],
    ) {
        let response = handle(&Request::post_raw(AUTH_PATH, &content_type, &body));
        prop_assert!(
            [400, 401, 415].contains(&response.status),
            "{} for {:?} {:?}", response.status, content_type, body
        );
        prop_assert!(!message(response.json(), "error").trim().is_empty(), "{}", response.render());
        prop_assert!(response.set_cookies().is_empty(), "no session for a failed login");
    }
}

#[test]
fn the_valid_token_the_properties_damage_is_accepted() {
    let response = handle(&Request::get(AUTH_PATH).with_bearer(&valid_token()));
    assert_eq!(response.status, 200, "{}", response.render());
    assert_eq!(response.json()["via"], "jwt");
}
