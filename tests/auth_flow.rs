//! The seed's four steps end to end, through the public API only: a browser (cookie jar) talks to the
//! simulated route handler while time moves on.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jwt_session_tutor::auth::handler::{AUTH_PATH, LOGOUT_PATH};
use jwt_session_tutor::auth::jwt::{self, Alg, SignatureStatus, VerifyOptions};
use jwt_session_tutor::auth::{AuthConfig, AuthServer, CookieJar, RandomSource, Request, Response};
use serde_json::{Value, json};

const T0: i64 = 1_795_461_682;

fn get_with(server: &mut AuthServer, bearer: Option<&str>, cookie: Option<&str>, now: i64) -> Response {
    let mut request = Request::get(AUTH_PATH).with_cookies(cookie);
    if let Some(token) = bearer {
        request = request.with_bearer(token);
    }
    server.handle(&request, now)
}

fn reason(response: &Response) -> &str {
    response.json()["reason"].as_str().unwrap_or("")
}

#[test]
fn login_verify_tamper_expire_and_logout() {
    // Seeded randomness keeps the run reproducible; the argon2 hash is computed once here.
    let mut server = AuthServer::seeded(AuthConfig::seed(), RandomSource::seeded(2024));
    let mut browser = CookieJar::new();

    // Step 3: POST /api/auth.
    let login = server
        .handle(&Request::post_json(AUTH_PATH, &json!({"username": "user1", "password": "pass123"})), T0);
    assert_eq!(login.status, 200, "{}", login.render());
    for cookie in login.set_cookies() {
        browser.apply(&cookie, T0);
    }
    let token = login.json()["token"].as_str().expect("token in body").to_string();
    let cookie_header = browser.cookie_header(T0).expect("browser stored the session cookie");
    assert!(cookie_header.starts_with("nextjs-session="));
    assert!(cookie_header.contains(&format!("; nextjs-jwt={token}")), "{cookie_header}");
    assert!(browser.readable_by_script(T0).is_empty(), "both cookies must be HttpOnly");
    assert_eq!(server.sessions.len(), 1);

    // Step 4: GET with the Bearer token only.
    let by_jwt = get_with(&mut server, Some(&token), None, T0 + 60);
    assert_eq!(by_jwt.json(), &json!({"authenticated": true, "userId": 1, "via": "jwt"}));

    // GET from the browser, which sends both cookies: the JWT cookie is read first.
    let by_browser = get_with(&mut server, None, browser.cookie_header(T0 + 60).as_deref(), T0 + 60);
    assert_eq!(by_browser.json(), &json!({"authenticated": true, "userId": 1, "via": "jwt-cookie"}));

    // GET with the session cookie only.
    let session_cookie = format!("nextjs-session={}", login.set_cookies()[0].value);
    let by_cookie = get_with(&mut server, None, Some(&session_cookie), T0 + 60);
    assert_eq!(by_cookie.json(), &json!({"authenticated": true, "userId": 1, "via": "session"}));

    // Tampered token: sub changed to "2", signature kept.
    let parts: Vec<&str> = token.split('.').collect();
    let mut payload: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    payload["sub"] = json!("2");
    let forged_payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&payload).unwrap());
    let tampered = format!("{}.{forged_payload}.{}", parts[0], parts[2]);
    let rejected = get_with(&mut server, Some(&tampered), None, T0 + 60);
    assert_eq!(rejected.status, 401);
    assert_eq!(reason(&rejected), "jwt: signature does not match (wrong secret or altered token)");
    assert_eq!(rejected.header("WWW-Authenticate"), Some("Bearer error=\"invalid_token\""));

    // A token signed with another secret.
    let claims = jwt::login_claims("1", T0, 900, "other");
    let other_secret = jwt::sign(&claims, b"not-the-server-secret-at-all-000", Alg::HS256).unwrap();
    let rejected = get_with(&mut server, Some(&other_secret), None, T0 + 60);
    assert!(reason(&rejected).starts_with("jwt: signature does not match"), "{}", reason(&rejected));

    // Time moves past exp (15 minutes): the JWT is expired and the browser has dropped its cookie
    // (Max-Age 900), the session (30 min idle) still works.
    assert_eq!(browser.cookie_header(T0 + 902), Some(session_cookie.clone()));
    let session_still_fine =
        get_with(&mut server, None, browser.cookie_header(T0 + 902).as_deref(), T0 + 902);
    assert_eq!(session_still_fine.json()["via"], "session");
    // A Bearer token that was sent decides alone: the valid cookie riding along does not rescue it.
    let expired_with_cookie =
        get_with(&mut server, Some(&token), browser.cookie_header(T0 + 902).as_deref(), T0 + 902);
    assert_eq!(expired_with_cookie.status, 401);
    let expired_alone = get_with(&mut server, Some(&token), None, T0 + 902);
    assert_eq!(reason(&expired_alone), "jwt: token expired 2s ago, at 2026-11-23 19:36:22 UTC (leeway 0s)");

    // alg: none with the same claims and no signature.
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    let unsigned = format!("{header}.{}.", parts[1]);
    let rejected = get_with(&mut server, Some(&unsigned), None, T0 + 60);
    assert!(reason(&rejected).starts_with("jwt: header alg is \"none\": unsigned tokens are never accepted"));

    // A session id the server never issued.
    let unknown = get_with(&mut server, None, Some("nextjs-session=made-up-id"), T0 + 60);
    assert_eq!(
        reason(&unknown),
        "jwt: no Authorization header; session: unknown session id (never issued, logged out or expired)"
    );

    // Logout: the session is gone and the browser drops the cookie...
    let logout = server.handle(
        &Request::post_json(LOGOUT_PATH, &json!({})).with_cookies(browser.cookie_header(T0 + 120).as_deref()),
        T0 + 120,
    );
    assert_eq!(logout.status, 200);
    for cookie in logout.set_cookies() {
        browser.apply(&cookie, T0 + 120);
    }
    assert_eq!(browser.cookie_header(T0 + 120), None);
    assert!(server.sessions.is_empty());
    let old_cookie = format!("nextjs-session={}", login.set_cookies()[0].value);
    let replayed_cookie = get_with(&mut server, None, Some(&old_cookie), T0 + 121);
    assert_eq!(replayed_cookie.status, 401);

    // ...but the JWT, being stateless, stays valid until its exp.
    let still_valid = get_with(&mut server, Some(&token), None, T0 + 121);
    assert_eq!(still_valid.json()["via"], "jwt");
}

#[test]
fn session_cookie_expires_after_idle_timeout() {
    let mut server = AuthServer::seeded(AuthConfig::seed(), RandomSource::seeded(1));
    let login = server
        .handle(&Request::post_json(AUTH_PATH, &json!({"username": "user1", "password": "pass123"})), T0);
    let cookie = format!("nextjs-session={}", login.set_cookies()[0].value);
    assert_eq!(get_with(&mut server, None, Some(&cookie), T0 + 1_799).status, 200);
    let idle = get_with(&mut server, None, Some(&cookie), T0 + 1_799 + 1_800);
    assert_eq!(
        reason(&idle),
        "jwt: no Authorization header; session: session expired: idle for 30m 0s (idle timeout 30m 0s)"
    );
}

#[test]
fn verify_report_keeps_decoding_signature_and_claims_apart() {
    let token = jwt::sign(&jwt::login_claims("1", T0, 900, "j"), b"mysecretkey", Alg::HS256).unwrap();
    let unkeyed = jwt::verify(
        &token,
        &VerifyOptions { alg: Alg::HS256, key: None, now: T0 + 1_000, leeway: 0, audience: None },
    );
    assert!(unkeyed.decoded.is_ok());
    assert_eq!(unkeyed.signature, SignatureStatus::NotChecked);
    assert_eq!(unkeyed.claims, jwt::ClaimsStatus::Expired { exp: T0 + 900, since: 100 });
    assert_eq!(unkeyed.key_warning, None);
}
