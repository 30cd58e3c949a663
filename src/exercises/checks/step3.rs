//! Step 3: `POST /api/auth` logs in: CSRF defence, body validation, one answer for every failed login, a
//! short-lived HS256 JWT, a fresh session id in a well-protected cookie, and the JWT cookie for browsers.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use super::lab::{
    Lab, Login, USER1_CREDENTIALS, body_json, crashed, describe, estimated_bits, login_request,
};
use super::{Check, Outcome, fail};
use crate::auth::clock::system_now;
use crate::auth::config::SameSite;
use crate::auth::cookies::SetCookie;
use crate::auth::http::Request;
use crate::auth::jwt::{self, Alg, SignatureStatus, VerifyOptions};
use crate::auth::random::RandomSource;
use crate::js::Handled;

/// At most this many (wrong password, unknown user) pairs are timed.
const TIMING_ROUNDS: usize = 6;

/// The longest token lifetime accepted as "short" (the lessons use 15 minutes).
const MAX_TOKEN_LIFETIME_SECONDS: i64 = 60 * 60;

pub(super) const CHECKS: &[Check] = &[
    Check {
        id: "login-ok",
        title: "user1 / pass123 logs in: 200 with a token",
        expected: "POST /api/auth (application/json, same-origin) {\"username\":\"user1\",\"password\":\"pass123\"} \
                   answers 200 { token, message }",
        hint: "Find the user by name, `await argon2.verify(user.passwordHash, password)`, then sign the token and \
               answer Response.json({ token, message: 'Login successful' }).",
        why: "Everything else in steps 3 and 4 starts from a successful login.",
        needs: &[],
        run: login_ok,
    },
    Check {
        id: "login-csrf-content-type",
        title: "A login that is not application/json is refused with 415",
        expected: "the same credentials sent as text/plain, and as a urlencoded form, answer 415 and set no cookie",
        hint: "Call refuseCrossSiteRequest(request) (lib/session-store.js) first in POST and return its answer.",
        why: "request.json() parses any body, and a cross-site HTML form can post text/plain that is valid JSON: \
              without this, another site can log the victim's browser into the attacker's account (login CSRF).",
        needs: &[],
        run: login_csrf_content_type,
    },
    Check {
        id: "login-csrf-origin",
        title: "A cross-site login is refused with 403",
        expected: "JSON with Origin: https://evil.example, and JSON with Sec-Fetch-Site: cross-site, answer 403 and \
                   set no cookie",
        hint: "Compare the Origin header's host with the Host header (refuseCrossSiteRequest does) before anything else.",
        why: "fetch() from another site carries its Origin. Next.js checks Origin for Server Actions only, not for \
              Route Handlers, so a route that sets a credential must check it itself.",
        needs: &[],
        run: login_csrf_origin,
    },
    Check {
        id: "bad-body-400",
        title: "A malformed login body gets 400, not 500",
        expected: "malformed JSON `{\"username\": ` and `{\"username\":\"user1\",\"password\":123}` both answer 400",
        hint: "`await request.json().catch(() => null)`, then check that username and password are strings.",
        why: "request.json() throws on bad JSON and argon2.verify throws on a non-string: uncaught, that is a 500 \
              and a stack trace in the logs for every garbage request, and it hides the client's mistake.",
        needs: &[],
        run: bad_body_400,
    },
    Check {
        id: "same-401",
        title: "Wrong password and unknown user get the same 401",
        expected: "user1 with a wrong password, and an unknown user, both answer 401 with the same body",
        hint: "One answer for every failure: 401 { error: 'Invalid username or password' }.",
        why: "Different answers tell an attacker which usernames exist, which is where password guessing starts.",
        needs: &[],
        run: same_401,
    },
    Check {
        id: "unknown-user-timing",
        title: "An unknown user takes as long as a wrong password",
        expected: "the login of an unknown user takes at least half as long as one with a wrong password",
        hint: "When the user is missing, still run argon2.verify against a dummy hash made at start-up.",
        why: "argon2 is slow on purpose. Skipping it for unknown users makes their answer much faster, and the \
              timing alone reveals which usernames exist.",
        needs: &["same-401"],
        run: unknown_user_timing,
    },
    Check {
        id: "token-signed-with-secret",
        title: "The token verifies with JWT_SECRET",
        expected: "the token's signature is a valid HMAC under JWT_SECRET from .env.local",
        hint: "jwt.sign(payload, getJwtSecret(), …): the same secret GET will verify with.",
        why: "A token signed with another key (a leftover 'mysecretkey') is either rejected by your own GET or, \
              worse, signed with a key an attacker can guess.",
        needs: &["login-ok"],
        run: token_signed_with_secret,
    },
    Check {
        id: "token-hs256",
        title: "The token is HS256",
        expected: "the token header says \"alg\":\"HS256\"",
        hint: "Pass { algorithm: 'HS256' } to jwt.sign, and pin the same list in jwt.verify.",
        why: "Signer and verifier must agree on one algorithm: step 4 accepts HS256 only, so that a token's header \
              never chooses how it is checked.",
        needs: &["login-ok"],
        run: token_hs256,
    },
    Check {
        id: "token-expires",
        title: "The token expires soon (exp at most 1 hour after iat)",
        expected: "the payload has a numeric exp, 1 s to 1 h after iat (the lesson uses 15 minutes)",
        hint: "jwt.sign(…, { expiresIn: 15 * 60 }): without expiresIn jsonwebtoken writes no exp at all.",
        why: "A JWT cannot be revoked by the server: a stolen copy works until exp. Without exp it works for ever.",
        needs: &["login-ok"],
        run: token_expires,
    },
    Check {
        id: "token-claims",
        title: "The token's sub is the user id, and it carries nothing secret",
        expected: "payload.sub is \"1\" (a string) and no claim holds a password or a hash",
        hint: "jwt.sign({ sub: String(user.id) }, …): minimal claims.",
        why: "Anyone holding the token can read its payload (it is base64url, not encrypted); GET finds the user by sub.",
        needs: &["login-ok"],
        run: token_claims,
    },
    Check {
        id: "session-cookie",
        title: "The session cookie is HttpOnly; Secure; SameSite=Lax; Path=/ with Max-Age",
        expected: "a Set-Cookie for sessionOptions.cookieName with HttpOnly, Secure, SameSite=Lax, Path=/ and \
                   Max-Age > 0",
        hint: "(await cookies()).set(sessionOptions.cookieName, sessionId, sessionOptions.cookieOptions)",
        why: "The cookie's attributes are the session id's only protection in the browser: against scripts (XSS), \
              plain HTTP, cross-site requests (CSRF) and living for ever.",
        needs: &["login-ok"],
        run: session_cookie,
    },
    Check {
        id: "session-id-strong",
        title: "The session id has at least 128 random bits",
        expected: "the cookie's value looks like crypto.randomBytes(32).toString('base64url') (43 characters), and \
                   two logins give different ids",
        hint: "crypto.randomBytes(32).toString('base64url'): never Date.now(), a counter or Math.random() \
               (randomUUID has only 122 random bits).",
        why: "Whoever guesses a live session id is that user. OWASP asks for at least 128 bits from a CSPRNG.",
        needs: &["login-ok"],
        run: session_id_strong,
    },
    Check {
        id: "session-stored",
        title: "The session is stored under its id",
        expected: "after login, sessions.get(id) is { userId: 1, createdAt, lastSeen }",
        hint: "sessions.set(sessionId, { userId: user.id, createdAt: now, lastSeen: now })",
        why: "The cookie holds only a random id; the server's record is what makes it a login, and deleting the \
              record is what logs out.",
        needs: &["login-ok"],
        run: session_stored,
    },
    Check {
        id: "session-id-fresh",
        title: "Login issues a fresh session id even when the browser sent one",
        expected: "a login sent with a planted session cookie gets a different id, and the planted id is not stored",
        hint: "Never reuse the id from the request's cookie: always crypto.randomBytes(32) at login.",
        why: "Session fixation: an attacker plants a known id in the victim's browser; if login keeps it, the \
              attacker shares the victim's logged-in session.",
        needs: &["login-ok"],
        run: session_id_fresh,
    },
    Check {
        id: "old-session-deleted",
        title: "Login deletes the session the browser had",
        expected: "logging in again with a live session cookie deletes that old session from the store",
        hint: "const oldId = cookieStore.get(cookieName)?.value; if (oldId) sessions.delete(oldId);",
        why: "A second login must not leave the previous session alive for whoever else holds that id.",
        needs: &["session-id-fresh"],
        run: old_session_deleted,
    },
    Check {
        id: "jwt-cookie",
        title: "The JWT cookie holds the token, as protected, for as long as the token lives",
        expected: "a Set-Cookie for sessionOptions.jwtCookieName whose value is the token, HttpOnly; Secure; \
                   SameSite=Lax; Path=/, Max-Age > 0 and no longer than the token's lifetime",
        hint: "cookieStore.set(jwtCookieName, token, { ...cookieOptions, maxAge: JWT_TTL_SECONDS })",
        why: "A browser should carry a JWT in an HttpOnly cookie, not in localStorage where any script can read it; \
              a cookie that outlives its token only sends a dead token.",
        needs: &["login-ok"],
        run: jwt_cookie,
    },
];

fn wrong_login(username: &str, password: &str) -> Request {
    login_request(&serde_json::json!({ "username": username, "password": password }).to_string())
}

fn login_ok(lab: &mut Lab) -> Result<String, Outcome> {
    let response = lab.send(login_request(USER1_CREDENTIALS))?;
    match lab.share_login(response.clone()) {
        Ok(login) => Ok(format!("200, token {}…", login.token.chars().take(16).collect::<String>())),
        Err(_) => match crashed(&response) {
            Some(crash) => fail(crash),
            None => fail(format!(
                "the login answered {}, expected 200 with a JSON body holding `token`",
                describe(&response)
            )),
        },
    }
}

fn refused_without_cookie(response: &Handled, status: u16, what: &str) -> Result<(), Outcome> {
    if let Some(crash) = crashed(response) {
        return fail(format!("{what}: {crash}"));
    }
    if response.status != status {
        return fail(format!("{what} answered {}, expected {status}", describe(response)));
    }
    if !response.set_cookies().is_empty() {
        return fail(format!("{what} answered {status} but still set a cookie"));
    }
    Ok(())
}

fn login_csrf_content_type(lab: &mut Lab) -> Result<String, Outcome> {
    let credentials = USER1_CREDENTIALS;
    let plain = lab.send(Request::post_raw("/api/auth", "text/plain", credentials))?;
    refused_without_cookie(&plain, 415, "a text/plain login (what a cross-site form can send)")?;
    let form = lab.send(Request::post_raw(
        "/api/auth",
        "application/x-www-form-urlencoded",
        "username=user1&password=pass123",
    ))?;
    refused_without_cookie(&form, 415, "a urlencoded form login")?;
    Ok("text/plain and form bodies get 415".into())
}

fn login_csrf_origin(lab: &mut Lab) -> Result<String, Outcome> {
    let credentials = USER1_CREDENTIALS;
    let from_origin = lab.send(
        Request::post_raw("/api/auth", "application/json", credentials)
            .with_header("Origin", "https://evil.example"),
    )?;
    refused_without_cookie(&from_origin, 403, "a login with Origin: https://evil.example")?;
    let fetch_metadata = lab.send(
        Request::post_raw("/api/auth", "application/json", credentials)
            .with_header("Sec-Fetch-Site", "cross-site"),
    )?;
    refused_without_cookie(&fetch_metadata, 403, "a login with Sec-Fetch-Site: cross-site")?;
    Ok("cross-site logins get 403".into())
}

fn bad_body_400(lab: &mut Lab) -> Result<String, Outcome> {
    for (body, what) in [
        (r#"{"username": "#, "malformed JSON"),
        (r#"{"username":"user1","password":123}"#, "a number as the password"),
    ] {
        let response = lab.send(login_request(body))?;
        if let Some(crash) = crashed(&response) {
            return fail(format!("{what}: {crash}"));
        }
        if response.status != 400 {
            return fail(format!("{what} answered {}, expected 400", describe(&response)));
        }
    }
    Ok("both bad bodies get 400".into())
}

fn same_401(lab: &mut Lab) -> Result<String, Outcome> {
    let wrong = lab.send(wrong_login("user1", "wrong-password"))?;
    let unknown = lab.send(wrong_login("nobody", "wrong-password"))?;
    for (response, what) in [(&wrong, "a wrong password"), (&unknown, "an unknown user")] {
        if let Some(crash) = crashed(response) {
            return fail(format!("{what}: {crash}"));
        }
        if response.status != 401 {
            return fail(format!("{what} answered {}, expected 401", describe(response)));
        }
    }
    if body_json(&wrong) != body_json(&unknown) || wrong.body.is_empty() != unknown.body.is_empty() {
        return fail(format!(
            "the answers differ: wrong password {} but unknown user {}",
            describe(&wrong),
            describe(&unknown)
        ));
    }
    Ok(format!("both answer {}", describe(&wrong)))
}

fn unknown_user_timing(lab: &mut Lab) -> Result<String, Outcome> {
    // The fastest of several tries estimates each path's own cost: a busy machine only adds time. Stop as
    // soon as the unknown user is clearly as slow; a missing hash stays fast however often it is tried.
    let (mut wrong, mut unknown) = (f64::MAX, f64::MAX);
    for _ in 0..TIMING_ROUNDS {
        wrong = wrong.min(lab.send_timed(wrong_login("user1", "wrong-password"))?.1.as_secs_f64());
        unknown = unknown.min(lab.send_timed(wrong_login("nobody", "wrong-password"))?.1.as_secs_f64());
        // Below a few milliseconds there is no slow hash whose absence could show.
        if unknown >= wrong * 0.5 || wrong < 0.005 {
            return Ok(format!(
                "unknown user {:.0} ms, wrong password {:.0} ms",
                unknown * 1000.0,
                wrong * 1000.0
            ));
        }
    }
    fail(format!(
        "an unknown user is answered in {:.0} ms, a wrong password in {:.0} ms (fastest of {TIMING_ROUNDS} tries \
         each): the password hash is only checked for users that exist",
        unknown * 1000.0,
        wrong * 1000.0
    ))
}

/// The shared login's token, decoded.
fn login_token(lab: &mut Lab) -> Result<(Login, jwt::DecodedToken), Outcome> {
    let login = lab.shared_login()?;
    match jwt::decode(&login.token) {
        Ok(decoded) => Ok((login, decoded)),
        Err(error) => fail(format!("the token in the login answer is not a JWT: {error}")),
    }
}

fn token_signed_with_secret(lab: &mut Lab) -> Result<String, Outcome> {
    let (login, decoded) = login_token(lab)?;
    let Some(secret) = lab.learner_secret() else {
        return fail(".env.local has no JWT_SECRET to verify the token with");
    };
    let alg = decoded.alg().and_then(|name| name.parse::<Alg>().ok()).unwrap_or(Alg::HS256);
    let options = VerifyOptions {
        alg,
        key: Some(secret.into_bytes()),
        now: system_now(),
        leeway: u64::MAX / 4,
        audience: None,
    };
    match jwt::verify(&login.token, &options).signature {
        SignatureStatus::Valid => Ok(format!("{alg} signature valid under JWT_SECRET")),
        _ => fail(
            "the token's signature does not verify with JWT_SECRET from .env.local: it was signed with another key",
        ),
    }
}

fn token_hs256(lab: &mut Lab) -> Result<String, Outcome> {
    let (_, decoded) = login_token(lab)?;
    match decoded.alg() {
        Some("HS256") => Ok("header alg HS256".into()),
        other => fail(format!("the token header says alg {}, expected HS256", other.unwrap_or("(missing)"))),
    }
}

fn token_expires(lab: &mut Lab) -> Result<String, Outcome> {
    let (_, decoded) = login_token(lab)?;
    let claims = decoded.claims();
    let Some(exp) = claims.get("exp").and_then(Value::as_i64) else {
        return fail("the token has no exp claim: it never expires (jwt.sign adds exp only with expiresIn)");
    };
    let issued = claims.get("iat").and_then(Value::as_i64).unwrap_or_else(system_now);
    let lifetime = exp - issued;
    if lifetime <= 0 || lifetime > MAX_TOKEN_LIFETIME_SECONDS {
        return fail(format!("the token lives {lifetime} s (exp − iat); expected 1 s to 1 hour"));
    }
    Ok(format!("exp = iat + {lifetime} s"))
}

fn token_claims(lab: &mut Lab) -> Result<String, Outcome> {
    let (_, decoded) = login_token(lab)?;
    let claims = decoded.claims();
    let secretive: Vec<&String> = claims
        .iter()
        .filter(|(name, value)| {
            let name = name.to_ascii_lowercase();
            name.contains("password")
                || name.contains("hash")
                || value.as_str().is_some_and(|text| text == "pass123" || text.starts_with("$argon2"))
        })
        .map(|(name, _)| name)
        .collect();
    if !secretive.is_empty() {
        return fail(format!("the payload, readable by anyone with the token, carries {secretive:?}"));
    }
    match claims.get("sub") {
        Some(Value::String(sub)) if sub == "1" => Ok("sub \"1\", nothing secret".into()),
        Some(Value::Number(number)) => {
            fail(format!("sub is the number {number}; it must be the string \"1\": String(user.id)"))
        }
        Some(other) => fail(format!("sub is {other}, expected \"1\" (user1's id)")),
        None => fail(format!(
            "the payload has no sub claim (claims: {}); put the user id there",
            claims.keys().cloned().collect::<Vec<_>>().join(", ")
        )),
    }
}

/// What is wrong with a credential cookie's attributes (empty when right).
fn cookie_problems(cookie: &SetCookie) -> Vec<String> {
    let mut problems = Vec::new();
    if !cookie.http_only {
        problems.push("no HttpOnly (scripts, and so XSS, can read it)");
    }
    if !cookie.secure {
        problems.push("no Secure (it travels over plain HTTP)");
    }
    if !matches!(cookie.same_site, Some(SameSite::Lax | SameSite::Strict)) {
        problems.push("no SameSite=Lax (cross-site POSTs carry it: CSRF)");
    }
    if cookie.path.as_deref() != Some("/") {
        problems.push("no Path=/");
    }
    if cookie.max_age.is_none_or(|seconds| seconds == 0) {
        problems.push("no Max-Age (it lives until the browser closes, often for ever with session restore)");
    }
    problems.into_iter().map(str::to_string).collect()
}

fn session_cookie(lab: &mut Lab) -> Result<String, Outcome> {
    let login = lab.shared_login()?;
    let names = lab.cookie_names();
    let Some(cookie) = login.session_cookie else {
        let sent: Vec<&str> = login.response.set_cookies();
        return fail(format!("the login set no cookie named {} (Set-Cookie: {sent:?})", names.session));
    };
    let problems = cookie_problems(&cookie);
    if problems.is_empty() {
        Ok(format!("Set-Cookie: {cookie}"))
    } else {
        fail(format!("{}: {}", cookie.name, problems.join("; ")))
    }
}

fn session_id(login: &Login) -> Result<String, Outcome> {
    login.session_cookie.as_ref().map(|cookie| cookie.value.clone()).ok_or(Outcome::Blocked("session-cookie"))
}

fn session_id_strong(lab: &mut Lab) -> Result<String, Outcome> {
    let first = session_id(&lab.shared_login()?)?;
    let second = session_id(&lab.login(None)?)?;
    let bits = estimated_bits(&first);
    if bits < 128 {
        return fail(format!(
            "the session id '{first}' has at most {bits} random bits; at least 128 are needed"
        ));
    }
    if first == second {
        return fail(format!("two logins got the same session id '{first}'"));
    }
    Ok(format!("{} characters, about {bits} bits; a new one per login", first.len()))
}

fn session_stored(lab: &mut Lab) -> Result<String, Outcome> {
    let id = session_id(&lab.shared_login()?)?;
    let probed = lab.probe("session", Some(&id))?;
    if probed["found"] != true {
        return fail("the session id from the cookie is not in `sessions`: the login never stored it");
    }
    let session = &probed["value"];
    if session["userId"] != 1 {
        return fail(format!("sessions.get(id).userId is {}, expected 1", session["userId"]));
    }
    for field in ["createdAt", "lastSeen"] {
        if !session[field].is_number() {
            return fail(format!(
                "sessions.get(id).{field} is {}, expected a time (Date.now())",
                session[field]
            ));
        }
    }
    Ok(format!("sessions.get(id) = {session}"))
}

fn session_id_fresh(lab: &mut Lab) -> Result<String, Outcome> {
    let names = lab.cookie_names();
    let planted = URL_SAFE_NO_PAD.encode(RandomSource::os().bytes::<32>());
    let login = lab.login(Some(&format!("{}={planted}", names.session)))?;
    let id = session_id(&login)?;
    if id == planted {
        return fail(
            "the login kept the session id the browser sent: an attacker who planted it now shares the session",
        );
    }
    if lab.probe("session", Some(&planted))?["found"] == true {
        return fail("the planted session id is in the store after login");
    }
    Ok("a planted id is replaced by a fresh one".into())
}

fn old_session_deleted(lab: &mut Lab) -> Result<String, Outcome> {
    let names = lab.cookie_names();
    let old = session_id(&lab.login(None)?)?;
    let new = session_id(&lab.login(Some(&format!("{}={old}", names.session)))?)?;
    if new == old {
        return Err(Outcome::Blocked("session-id-fresh"));
    }
    if lab.probe("session", Some(&old))?["found"] == true {
        return fail("after a second login the previous session is still in the store: its id still logs in");
    }
    Ok("the previous session is deleted at login".into())
}

fn jwt_cookie(lab: &mut Lab) -> Result<String, Outcome> {
    let login = lab.shared_login()?;
    let names = lab.cookie_names();
    let Some(cookie) = &login.jwt_cookie else {
        return fail(format!("the login set no cookie named {} for the JWT", names.jwt));
    };
    let mut problems = cookie_problems(cookie);
    if cookie.value != login.token {
        problems.push("its value is not the token from the answer".into());
    }
    let lifetime = jwt::decode(&login.token).ok().and_then(|decoded| {
        let claims = decoded.claims();
        Some(
            claims.get("exp")?.as_i64()?
                - claims.get("iat").and_then(Value::as_i64).unwrap_or_else(system_now),
        )
    });
    if let (Some(lifetime), Some(max_age)) = (lifetime, cookie.max_age)
        && i64::try_from(max_age).unwrap_or(i64::MAX) > lifetime + 5
    {
        problems.push(format!("Max-Age={max_age} outlives the token ({lifetime} s)"));
    }
    if problems.is_empty() {
        Ok(format!("Set-Cookie: {cookie}"))
    } else {
        fail(format!("{}: {}", cookie.name, problems.join("; ")))
    }
}
