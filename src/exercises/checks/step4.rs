//! Step 4: `GET /api/auth` accepts exactly the valid credentials (answering 401, never 200 or 500, for
//! everything else), and `POST /api/auth/logout` ends the session but not a copied JWT.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};

use super::lab::{Lab, body_json, crashed, describe, whoami};
use super::{Check, Outcome, fail};
use crate::auth::clock::system_now;
use crate::auth::http::{DEMO_HOST, Request};
use crate::auth::jwt::{self, Alg};
use crate::auth::random::RandomSource;
use crate::js::Handled;

/// How far the clock moves for the idle-timeout check: just past the 30 minutes the step asks for.
const IDLE_SECONDS: i64 = 31 * 60;

pub(super) const CHECKS: &[Check] = &[
    Check {
        id: "bearer-valid",
        title: "A valid Bearer token is accepted",
        expected: "GET /api/auth with `Authorization: Bearer <token from login>`, and with `bearer` in lower case, \
                   answers 200 { authenticated: true, userId: 1 }",
        hint: "Split the header into scheme and token, compare the scheme case-insensitively, then jwt.verify.",
        why: "API clients send the JWT this way. The scheme name is case-insensitive (RFC 9110 §11.1).",
        needs: &["login-ok"],
        run: bearer_valid,
    },
    Check {
        id: "session-cookie-valid",
        title: "A valid session cookie is accepted",
        expected: "GET /api/auth with only the session cookie from login answers 200 { authenticated: true, userId: 1 }",
        hint: "(await cookies()).get(sessionOptions.cookieName)?.value, then sessions.get(id).",
        why: "Browsers send the session cookie by themselves; the store says whose it is.",
        needs: &["login-ok"],
        run: session_cookie_valid,
    },
    Check {
        id: "jwt-cookie-valid",
        title: "A valid JWT cookie is accepted",
        expected: "GET /api/auth with only the JWT cookie from login answers 200 { authenticated: true, userId: 1 }",
        hint: "When the JWT cookie is present, check it with the same jwt.verify code as the Bearer token.",
        why: "This is how browsers should carry a JWT: in an HttpOnly cookie, where no script can read it.",
        needs: &["login-ok"],
        run: jwt_cookie_valid,
    },
    Check {
        id: "no-credentials-401",
        title: "No credentials: 401 with WWW-Authenticate",
        expected: "GET /api/auth with no Authorization header and no cookie answers 401 { authenticated: false } \
                   with a WWW-Authenticate header",
        hint: "return Response.json({ authenticated: false, reason }, { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } })",
        why: "200 tells clients and caches that everything is fine. 401 means \"not authenticated\", and HTTP asks \
              for a WWW-Authenticate challenge with it.",
        needs: &[],
        run: no_credentials_401,
    },
    Check {
        id: "forged-token-401",
        title: "A forged token is refused",
        expected: "a token whose payload was edited (old signature), and one signed with another secret, answer 401",
        hint: "Authenticate only with jwt.verify(token, getJwtSecret(), …), never with jwt.decode (it checks nothing).",
        why: "The payload is readable and editable by anyone; only the signature proves the server issued it.",
        needs: &["login-ok"],
        run: forged_token_401,
    },
    Check {
        id: "expired-token-401",
        title: "An expired token is refused",
        expected: "a correctly signed token whose exp passed 10 minutes ago answers 401",
        hint: "Let jwt.verify check exp; keep clockTolerance at a few seconds (0 here), never ignoreExpiration.",
        why: "exp is what limits a stolen token's life: a JWT cannot be revoked otherwise.",
        needs: &[],
        run: expired_token_401,
    },
    Check {
        id: "token-without-exp-401",
        title: "A token without exp is refused",
        expected: "a correctly signed HS256 token with sub \"1\" and no exp answers 401",
        hint: "After jwt.verify: if (typeof claims.exp !== 'number') refuse. jsonwebtoken accepts a token without exp.",
        why: "A token without exp never expires: whoever copies it is logged in for ever.",
        needs: &[],
        run: token_without_exp_401,
    },
    Check {
        id: "alg-none-401",
        title: "An unsigned alg:none token is refused",
        expected: "a token with header {\"alg\":\"none\"} and an empty signature answers 401",
        hint: "Always verify with the secret and algorithms: ['HS256']; never let the token's header decide.",
        why: "An unsigned token is one anybody can write: accepting it lets anyone log in as anyone.",
        needs: &[],
        run: alg_none_401,
    },
    Check {
        id: "hs512-401",
        title: "An HS512 token is refused: the algorithm is pinned",
        expected: "an HS512 token signed with JWT_SECRET itself answers 401",
        hint: "jwt.verify(token, secret, { algorithms: ['HS256'] }): without the list, any HMAC algorithm passes.",
        why: "The token's header is written by whoever made the token. Pinning the algorithm keeps an attacker from \
              choosing how their token is checked (algorithm confusion, RFC 8725 §3.1).",
        needs: &[],
        run: hs512_401,
    },
    Check {
        id: "malformed-token-401",
        title: "A malformed token gets 401, not 500",
        expected: "`Authorization: Bearer not-a-jwt` answers 401",
        hint: "Everything that reads the token belongs inside the try/catch; jwt.decode returns null for garbage.",
        why: "An uncaught exception is a 500 with a stack trace in the logs for every garbage request, and it \
              tells the client nothing.",
        needs: &[],
        run: malformed_token_401,
    },
    Check {
        id: "unknown-session-401",
        title: "An unknown or deleted session id is refused",
        expected: "a session cookie with an id the server never issued, and with an id deleted from the store, \
                   answers 401",
        hint: "Look the id up: const session = sessions.get(id); if (!session) answer 401.",
        why: "The cookie is only a pointer; without the server's record it must mean nothing, or anyone can send \
              any id, and a deleted session would live on.",
        needs: &["login-ok"],
        run: unknown_session_401,
    },
    Check {
        id: "logout-csrf",
        title: "A cross-site or non-JSON logout is refused",
        expected: "POST /api/auth/logout as text/plain answers 415, with Origin: https://evil.example 403, and the \
                   session survives both",
        hint: "Start the logout handler with refuseCrossSiteRequest(request) too.",
        why: "Any POST that uses or changes a cookie needs a CSRF defence; otherwise any web page can log the \
              user out at will.",
        needs: &["login-ok"],
        run: logout_csrf,
    },
    Check {
        id: "logout-ends-session",
        title: "Logout deletes the session and clears the cookies",
        expected: "POST /api/auth/logout with the cookies answers 200, deletes the session from the store, clears \
                   both cookies (empty, Max-Age=0, same Secure/HttpOnly/Path), and the old session cookie then \
                   gets 401",
        hint: "sessions.delete(id), then cookieStore.set(name, '', { ...cookieOptions, maxAge: 0 }) for both cookies.",
        why: "Deleting the server's record ends the session for every copy of the cookie, at once. Clearing a \
              cookie with other attributes (plain delete(name)) leaves a __Host- cookie in place.",
        needs: &["session-cookie-valid", "unknown-session-401"],
        run: logout_ends_session,
    },
    Check {
        id: "jwt-survives-logout",
        title: "The JWT still works after logout (that is the difference)",
        expected: "after logout, `Authorization: Bearer <the token from before>` still answers 200",
        hint: "Keep the JWT path stateless: verify the token alone. Revoking it early needs a jti deny-list, which \
               is server-side state again.",
        why: "The server keeps no record of a JWT, so logout cannot end a copied token: it works until exp. \
              Seeing this is the point of the side-by-side.",
        needs: &["bearer-valid", "logout-ends-session"],
        run: jwt_survives_logout,
    },
    Check {
        id: "session-idle-timeout",
        title: "An idle session expires after 30 minutes",
        expected: "a session cookie unused for 31 minutes answers 401",
        hint: "Compare Date.now() with session.lastSeen (30 min) and session.createdAt (8 h); delete expired sessions.",
        why: "A forgotten logged-in browser, or a stolen cookie, must stop working on its own (OWASP: 15-30 min idle).",
        needs: &["session-cookie-valid"],
        run: session_idle_timeout,
    },
];

fn bearer(token: &str, scheme: &str) -> Request {
    whoami().with_header("Authorization", &format!("{scheme} {token}"))
}

fn with_cookie(name: &str, value: &str) -> Request {
    whoami().with_header("Cookie", &format!("{name}={value}"))
}

fn logout(cookie: &str, content_type: &str) -> Request {
    Request::post_raw("/api/auth/logout", content_type, "")
        .with_header("Origin", &format!("http://{DEMO_HOST}"))
        .with_header("Sec-Fetch-Site", "same-origin")
        .with_header("Cookie", cookie)
}

/// 200 with authenticated true and userId 1, or a failure naming `what`.
fn expect_user1(response: &Handled, what: &str) -> Result<(), Outcome> {
    if let Some(crash) = crashed(response) {
        return fail(format!("{what}: {crash}"));
    }
    let body = body_json(response);
    if response.status != 200 || body["authenticated"] != true || body["userId"] != 1 {
        return fail(format!(
            "{what} answered {}, expected 200 {{ authenticated: true, userId: 1 }}",
            describe(response)
        ));
    }
    Ok(())
}

/// Sends `request` and insists on 401; `what` names the credential for the message.
fn expect_401(lab: &mut Lab, request: Request, what: &str) -> Result<Handled, Outcome> {
    let response = lab.send(request)?;
    if let Some(crash) = crashed(&response) {
        return fail(format!("{what}: {crash}"));
    }
    match response.status {
        401 => Ok(response),
        200 if body_json(&response)["authenticated"] == true => {
            fail(format!("{what} was accepted: {}", describe(&response)))
        }
        _ => fail(format!("{what} answered {}, expected 401", describe(&response))),
    }
}

fn secret(lab: &Lab) -> Result<Vec<u8>, Outcome> {
    lab.learner_secret()
        .map(String::into_bytes)
        .ok_or_else(|| Outcome::Failed(".env.local has no JWT_SECRET".into()))
}

fn claims(value: Value) -> Map<String, Value> {
    value.as_object().cloned().unwrap_or_default()
}

fn sign(claims_value: Value, key: &[u8], alg: Alg) -> Result<String, Outcome> {
    jwt::sign(&claims(claims_value), key, alg).map_err(|error| Outcome::Failed(error.to_string()))
}

fn b64(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

fn bearer_valid(lab: &mut Lab) -> Result<String, Outcome> {
    let token = lab.shared_login()?.token;
    for scheme in ["Bearer", "bearer"] {
        let response = lab.send(bearer(&token, scheme))?;
        expect_user1(&response, &format!("`Authorization: {scheme} <token>`"))?;
    }
    Ok("200 for Bearer and bearer".into())
}

fn session_cookie_valid(lab: &mut Lab) -> Result<String, Outcome> {
    let login = lab.shared_login()?;
    let Some(cookie) = login.session_cookie else {
        return Err(Outcome::Blocked("session-cookie"));
    };
    let response = lab.send(with_cookie(&cookie.name, &cookie.value))?;
    expect_user1(&response, "the session cookie")?;
    Ok(format!("200 {}", response.body))
}

/// The login's token with its payload edited (an admin flag, a year more) and the old signature kept.
fn tampered(token: &str) -> Result<String, Outcome> {
    let decoded =
        jwt::decode(token).map_err(|error| Outcome::Failed(format!("the login's token: {error}")))?;
    let mut payload = decoded.claims().clone();
    payload.insert("admin".into(), Value::Bool(true));
    payload.insert("exp".into(), Value::from(system_now() + 365 * 86_400));
    let mut parts = token.split('.');
    let header = parts.next().unwrap_or_default();
    let signature = parts.nth(1).unwrap_or_default();
    Ok(format!("{header}.{}.{signature}", b64(&Value::Object(payload))))
}

fn jwt_cookie_valid(lab: &mut Lab) -> Result<String, Outcome> {
    let token = lab.shared_login()?.token;
    let name = lab.cookie_names().jwt;
    let response = lab.send(with_cookie(&name, &token))?;
    expect_user1(&response, "the JWT cookie")?;
    Ok(format!("200 {}", response.body))
}

fn no_credentials_401(lab: &mut Lab) -> Result<String, Outcome> {
    let response = expect_401(lab, whoami(), "a request without credentials")?;
    if response.header("WWW-Authenticate").is_none() {
        return fail("the 401 has no WWW-Authenticate header (add 'WWW-Authenticate': 'Bearer')");
    }
    Ok(describe(&response))
}

fn forged_token_401(lab: &mut Lab) -> Result<String, Outcome> {
    let token = lab.shared_login()?.token;
    expect_401(
        lab,
        bearer(&tampered(&token)?, "Bearer"),
        "a token with an edited payload (admin: true, exp a year on)",
    )?;
    let now = system_now();
    let other_key = RandomSource::os().bytes::<32>();
    let other = sign(json!({ "sub": "1", "iat": now, "exp": now + 600 }), &other_key, Alg::HS256)?;
    expect_401(lab, bearer(&other, "Bearer"), "a token signed with another secret")?;
    Ok("401 for both forgeries".into())
}

fn expired_token_401(lab: &mut Lab) -> Result<String, Outcome> {
    let now = system_now();
    let token = sign(json!({ "sub": "1", "iat": now - 1500, "exp": now - 600 }), &secret(lab)?, Alg::HS256)?;
    let response = expect_401(lab, bearer(&token, "Bearer"), "a token that expired 10 minutes ago")?;
    Ok(describe(&response))
}

fn token_without_exp_401(lab: &mut Lab) -> Result<String, Outcome> {
    let token = sign(json!({ "sub": "1", "iat": system_now() }), &secret(lab)?, Alg::HS256)?;
    let response = expect_401(lab, bearer(&token, "Bearer"), "a token without exp")?;
    Ok(describe(&response))
}

fn alg_none_401(lab: &mut Lab) -> Result<String, Outcome> {
    let now = system_now();
    let token = format!(
        "{}.{}.",
        b64(&json!({ "alg": "none", "typ": "JWT" })),
        b64(&json!({ "sub": "1", "iat": now, "exp": now + 600 }))
    );
    let response = expect_401(lab, bearer(&token, "Bearer"), "an unsigned alg:none token")?;
    Ok(describe(&response))
}

fn hs512_401(lab: &mut Lab) -> Result<String, Outcome> {
    let now = system_now();
    let token = sign(json!({ "sub": "1", "iat": now, "exp": now + 600 }), &secret(lab)?, Alg::HS512)?;
    let response = expect_401(lab, bearer(&token, "Bearer"), "an HS512 token signed with JWT_SECRET")?;
    Ok(describe(&response))
}

fn malformed_token_401(lab: &mut Lab) -> Result<String, Outcome> {
    let response = expect_401(lab, bearer("not-a-jwt", "Bearer"), "`Bearer not-a-jwt`")?;
    Ok(describe(&response))
}

fn unknown_session_401(lab: &mut Lab) -> Result<String, Outcome> {
    let name = lab.cookie_names().session;
    let never_issued = URL_SAFE_NO_PAD.encode(RandomSource::os().bytes::<32>());
    expect_401(lab, with_cookie(&name, &never_issued), "a session id the server never issued")?;
    let login = lab.login(None)?;
    let id = login.session_cookie.map(|cookie| cookie.value).ok_or(Outcome::Blocked("session-cookie"))?;
    lab.probe("delete-session", Some(&id))?;
    expect_401(lab, with_cookie(&name, &id), "a session id deleted from the store")?;
    Ok("401 for unknown and deleted ids".into())
}

fn logout_csrf(lab: &mut Lab) -> Result<String, Outcome> {
    let login = lab.login(None)?;
    let cookie = login.session_cookie.ok_or(Outcome::Blocked("session-cookie"))?;
    let cookie_header = format!("{}={}", cookie.name, cookie.value);
    for (request, status, what) in [
        (logout(&cookie_header, "text/plain"), 415, "a text/plain logout"),
        (
            logout(&cookie_header, "application/json").with_header("Origin", "https://evil.example"),
            403,
            "a logout with Origin: https://evil.example",
        ),
    ] {
        let response = lab.send(request)?;
        if let Some(crash) = crashed(&response) {
            return fail(format!("{what}: {crash}"));
        }
        if response.status != status {
            return fail(format!("{what} answered {}, expected {status}", describe(&response)));
        }
    }
    if lab.probe("session", Some(&cookie.value))?["found"] != true {
        return fail("a refused logout still deleted the session");
    }
    Ok("415 and 403; the session survives".into())
}

/// True when a `Set-Cookie` value clears the cookie `name` with Secure, HttpOnly and Path=/.
fn clears(set_cookie: &str, name: &str) -> Option<Result<(), String>> {
    let cookie = crate::auth::cookies::SetCookie::parse(set_cookie)?;
    if cookie.name != name {
        return None;
    }
    let expired = cookie.max_age == Some(0) || set_cookie.contains("01 Jan 1970");
    Some(if !cookie.value.is_empty() || !expired {
        Err(format!("the Set-Cookie for {name} does not clear it: {set_cookie}"))
    } else if !cookie.secure || !cookie.http_only || cookie.path.as_deref() != Some("/") {
        Err(format!(
            "{name} is cleared without the attributes it was set with ({set_cookie}): a browser keeps a \
             __Host- or Secure cookie that such a header does not match"
        ))
    } else {
        Ok(())
    })
}

fn logout_ends_session(lab: &mut Lab) -> Result<String, Outcome> {
    let login = lab.login(None)?;
    let names = lab.cookie_names();
    let session = login.session_cookie.ok_or(Outcome::Blocked("session-cookie"))?;
    let response = lab.send(logout(
        &format!("{}={}; {}={}", names.session, session.value, names.jwt, login.token),
        "application/json",
    ))?;
    if let Some(crash) = crashed(&response) {
        return fail(crash);
    }
    if response.status != 200 {
        return fail(format!("the logout answered {}, expected 200", describe(&response)));
    }
    if lab.probe("session", Some(&session.value))?["found"] == true {
        return fail("after logout the session is still in the store: a copied cookie still logs in");
    }
    for name in [&names.session, &names.jwt] {
        match response.set_cookies().into_iter().find_map(|value| clears(value, name)) {
            None => return fail(format!("the logout sent no Set-Cookie clearing {name}")),
            Some(Err(problem)) => return fail(problem),
            Some(Ok(())) => {}
        }
    }
    expect_401(lab, with_cookie(&names.session, &session.value), "the session cookie after logout")?;
    Ok("session deleted, both cookies cleared, the old cookie gets 401".into())
}

fn jwt_survives_logout(lab: &mut Lab) -> Result<String, Outcome> {
    let login = lab.login(None)?;
    let session = login.session_cookie.ok_or(Outcome::Blocked("session-cookie"))?;
    let response = lab.send(logout(&format!("{}={}", session.name, session.value), "application/json"))?;
    if response.status != 200 {
        return Err(Outcome::Blocked("logout-ends-session"));
    }
    let after = lab.send(bearer(&login.token, "Bearer"))?;
    if after.status != 200 {
        return fail(format!(
            "the JWT from before the logout answered {}: GET ties the JWT to server-side state. A deny-list \
             is how production apps revoke JWTs early, but then the JWT is no longer stateless; this exercise \
             keeps it stateless to show what logout cannot do",
            describe(&after)
        ));
    }
    expect_user1(&after, "the JWT from before the logout")?;
    Ok("the copied JWT still gets 200 after logout: only exp (or a deny-list) ends it".into())
}

fn session_idle_timeout(lab: &mut Lab) -> Result<String, Outcome> {
    let login = lab.login(None)?;
    let session = login.session_cookie.ok_or(Outcome::Blocked("session-cookie"))?;
    let fresh = lab.send(with_cookie(&session.name, &session.value))?;
    if fresh.status != 200 {
        return Err(Outcome::Blocked("session-cookie-valid"));
    }
    lab.set_clock(system_now() + IDLE_SECONDS)?;
    expect_401(lab, with_cookie(&session.name, &session.value), "a session unused for 31 minutes")?;
    Ok("401 after 31 idle minutes".into())
}
