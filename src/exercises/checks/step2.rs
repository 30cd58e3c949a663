//! Step 2: `getJwtSecret()` reads a strong secret from the environment when it is used, and the cookie
//! options are set explicitly.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use super::lab::{Env, Lab, estimated_bits, probe_on};
use super::{Check, Outcome, fail};
use crate::auth::random::RandomSource;

pub(super) const CHECKS: &[Check] = &[
    Check {
        id: "secret-from-env",
        title: "getJwtSecret() returns JWT_SECRET from the environment",
        expected: "with .env.local set to a fresh random JWT_SECRET, getJwtSecret() returns exactly that value",
        hint: "function getJwtSecret() { const secret = process.env.JWT_SECRET; …; return secret; }",
        why: "A secret written in the source is known to everyone with the repository, and cannot be changed \
              without a new release. Whoever knows it can sign a token for any user.",
        needs: &[],
        run: secret_from_env,
    },
    Check {
        id: "secret-refuses-weak",
        title: "getJwtSecret() refuses a missing or short secret",
        expected: "with JWT_SECRET unset, and with JWT_SECRET=mysecretkey (11 bytes), getJwtSecret() throws",
        hint: "if (!secret || new TextEncoder().encode(secret).length < 32) throw new Error('JWT_SECRET must be …')",
        why: "Without the check the app signs tokens with `undefined` or a guessable word; HS256 needs a key of \
              at least 256 bits (RFC 7518 §3.2), or a captured token is cracked offline.",
        needs: &["secret-from-env"],
        run: secret_refuses_weak,
    },
    Check {
        id: "secret-read-when-used",
        title: "The secret is checked when used, not when the module loads",
        expected: "with JWT_SECRET unset, app/api/auth/route.js still loads (only signing and verifying fail)",
        hint: "Read and check process.env.JWT_SECRET inside getJwtSecret(), not in a top-level const or throw.",
        why: "`next build` loads every route module; a top-level throw breaks the build wherever the secret is \
              given only at run time (CI, Docker), and at run time the server starts anyway and answers 500.",
        needs: &["secret-from-env"],
        run: secret_read_when_used,
    },
    Check {
        id: "env-secret-strong",
        title: "JWT_SECRET in .env.local has at least 256 random bits",
        expected: "JWT_SECRET in .env.local is, e.g., 32 random bytes in base64url (43 characters) or hex (64)",
        hint: "Keep the secret `exercises init` generated, or make one with `openssl rand -base64 32`.",
        why: "A short or word-like secret is found by an offline guess from one captured token (the attack lab \
              cracks 'mysecretkey' in moments); then anyone can sign tokens for any user.",
        needs: &[],
        run: env_secret_strong,
    },
    Check {
        id: "cookie-options",
        title: "The cookie options are HttpOnly, Secure, SameSite=Lax, Path=/ with a Max-Age",
        expected: "sessionOptions.cookieOptions in lib/session-store.js = { httpOnly: true, secure: true, \
                   sameSite: 'lax', path: '/', maxAge: <seconds> } and no domain",
        hint: "Add cookieOptions to sessionOptions with each attribute written out; only `path` has a default.",
        why: "HttpOnly keeps page scripts (and XSS) from reading the credential, Secure keeps it off plain HTTP, \
              SameSite=Lax keeps it off cross-site POSTs (CSRF), Path=/ and no Domain keep it to this host, \
              and Max-Age ends it.",
        needs: &[],
        run: cookie_options,
    },
];

/// A fresh random secret the learner's code cannot contain.
fn fresh_secret() -> String {
    URL_SAFE_NO_PAD.encode(RandomSource::os().bytes::<32>())
}

/// What `getJwtSecret()` gives on a server started with `env`: Ok(value) or Err(what happened).
fn secret_probe(lab: &Lab, env: Env) -> Result<Value, String> {
    let server = lab.server_with_env(env).map_err(|error| format!("the project did not start: {error}"))?;
    probe_on(&server, "secret", None)
}

fn secret_from_env(lab: &mut Lab) -> Result<String, Outcome> {
    loads_with_learner_env(lab)?;
    let secret = fresh_secret();
    let probed = secret_probe(lab, Env::Secret(&secret)).or_else(fail)?;
    if probed["hasFunction"] != true {
        return match probed["constant"].as_str() {
            Some(constant) if constant != secret => fail(format!(
                "there is no getJwtSecret() function, and the constant JWT_SECRET is '{constant}', written in \
                 the source"
            )),
            _ => fail("there is no getJwtSecret() function in app/api/auth/route.js"),
        };
    }
    let result = &probed["result"];
    if let Some(error) = result["threw"].as_str() {
        return fail(format!(
            "with a valid 43-character JWT_SECRET in .env.local, getJwtSecret() threw: {error}"
        ));
    }
    match result["value"].as_str() {
        Some(value) if value == secret => Ok("getJwtSecret() returned the JWT_SECRET from .env.local".into()),
        Some(value) => fail(format!(
            "getJwtSecret() returned '{value}', not the JWT_SECRET in .env.local: the secret is not read from \
             the environment"
        )),
        None => fail(format!("getJwtSecret() returned {}, not a string", result["value"])),
    }
}

fn secret_refuses_weak(lab: &mut Lab) -> Result<String, Outcome> {
    loads_with_learner_env(lab)?;
    for (env, label) in
        [(Env::Unset, "JWT_SECRET unset"), (Env::Secret("mysecretkey"), "JWT_SECRET=mysecretkey")]
    {
        let probed = match secret_probe(lab, env) {
            // Refusing to load at all also refuses the weak secret (secret-read-when-used judges that).
            Err(_) => continue,
            Ok(probed) => probed,
        };
        if probed["hasFunction"] != true {
            return fail("there is no getJwtSecret() function in app/api/auth/route.js");
        }
        if probed["result"].get("threw").is_none() {
            let value = &probed["result"]["value"];
            let shown = if value.is_null() { "undefined".to_string() } else { value.to_string() };
            return fail(format!("with {label}, getJwtSecret() returned {shown} instead of throwing"));
        }
    }
    Ok("getJwtSecret() throws for a missing secret and for the 11-byte 'mysecretkey'".into())
}

fn secret_read_when_used(lab: &mut Lab) -> Result<String, Outcome> {
    loads_with_learner_env(lab)?;
    match secret_probe(lab, Env::Unset) {
        Ok(_) => Ok("with JWT_SECRET unset, the route module still loads".into()),
        Err(error) => fail(format!(
            "with JWT_SECRET unset, app/api/auth/route.js does not even load ({error}): the secret is read or \
             checked at the top of the module"
        )),
    }
}

/// Fails unless the project loads with the learner's own env, so a load failure with another env is
/// about the secret and not, say, a syntax error.
fn loads_with_learner_env(lab: &mut Lab) -> Result<(), Outcome> {
    lab.probe("secret", None).map(|_| ())
}

fn env_secret_strong(lab: &mut Lab) -> Result<String, Outcome> {
    let Some(secret) = lab.learner_secret() else {
        return fail(".env.local has no JWT_SECRET line");
    };
    let bits = estimated_bits(&secret);
    if bits < 256 {
        return fail(format!(
            "JWT_SECRET in .env.local is {} characters, at most {bits} bits of randomness: HS256 needs 256",
            secret.chars().count()
        ));
    }
    Ok(format!("JWT_SECRET has {} characters (about {bits} bits)", secret.chars().count()))
}

fn cookie_options(lab: &mut Lab) -> Result<String, Outcome> {
    let probed = lab.probe("sessionOptions", None)?;
    if probed["missing"] == true {
        return fail("lib/session-store.js does not export sessionOptions");
    }
    let options = &probed["value"]["cookieOptions"];
    if !options.is_object() {
        return fail("sessionOptions has no cookieOptions object");
    }
    let mut wrong = Vec::new();
    if options["httpOnly"] != true {
        wrong.push(format!("httpOnly is {} (scripts could read the cookie)", shown(&options["httpOnly"])));
    }
    if options["secure"] != true {
        wrong.push(format!("secure is {} (it would travel over plain HTTP)", shown(&options["secure"])));
    }
    let same_site = options["sameSite"].as_str().map(str::to_ascii_lowercase);
    if !matches!(same_site.as_deref(), Some("lax" | "strict")) {
        wrong.push(format!(
            "sameSite is {} (expected 'lax': sent with cross-site POSTs, it invites CSRF)",
            shown(&options["sameSite"])
        ));
    }
    if options["path"] != "/" {
        wrong.push(format!("path is {} (expected '/')", shown(&options["path"])));
    }
    match options["maxAge"].as_f64() {
        Some(seconds) if seconds > 0.0 && seconds <= 400.0 * 86_400.0 => {}
        _ => wrong.push(format!(
            "maxAge is {} (expected a number of seconds, e.g. 8 * 60 * 60)",
            shown(&options["maxAge"])
        )),
    }
    if !options["domain"].is_null() {
        wrong.push(format!(
            "domain is {} (leave it unset so the cookie stays on this host)",
            options["domain"]
        ));
    }
    if wrong.is_empty() { Ok(format!("cookieOptions = {options}")) } else { fail(wrong.join("; ")) }
}

fn shown(value: &Value) -> String {
    if value.is_null() { "missing".into() } else { value.to_string() }
}
