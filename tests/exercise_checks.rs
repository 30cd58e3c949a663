//! The exercise checks against the reference solution (every check passes) and against variants with one
//! mistake each (exactly the check made for that mistake fails, with a message naming it).

use jwt_session_tutor::exercises::checks::{Status, StepReport, checks_of, run_step};
use jwt_session_tutor::exercises::project::{env_local_with_secret, solution_files};
use jwt_session_tutor::js::Project;

/// A fixed 32-byte secret in base64url, so failures are reproducible.
const SECRET: &str = "Vq3yq7kT0xkq1J8m3aF9pZ2cW5nR7sD4gH6jK8lM0oQ";

fn solution(step: u8) -> Vec<(String, String)> {
    solution_files(step, &env_local_with_secret(SECRET))
}

fn summary(report: &StepReport) -> String {
    report
        .checks
        .iter()
        .map(|result| format!("  [{:?}] {}: {}\n", result.status, result.check.id, result.detail))
        .collect()
}

#[test]
fn the_reference_solution_passes_every_check_of_every_step() {
    let project = Project::from_files(solution(4));
    for step in 1..=4 {
        let report = run_step(&project, step);
        assert!(report.passed(), "step {step}:\n{}", summary(&report));
        assert!(report.checks.iter().all(|r| r.status == Status::Passed));
    }
}

const ROUTE: &str = "app/api/auth/route.js";
const LOGOUT: &str = "app/api/auth/logout/route.js";
const STORE: &str = "lib/session-store.js";
const ENV: &str = ".env.local";

/// One mistake: the solution up to `step` with text patches (file, exact text, replacement).
struct Mistake {
    /// What the learner got wrong, in words.
    what: &'static str,
    step: u8,
    patches: &'static [(&'static str, &'static str, &'static str)],
}

fn patched(mistake: &Mistake) -> Project {
    let mut files = solution(mistake.step);
    for (path, find, replace) in mistake.patches {
        let (_, text) =
            files.iter_mut().find(|(name, _)| name == path).unwrap_or_else(|| panic!("no {path}"));
        assert_eq!(
            text.matches(find).count(),
            1,
            "{}: {path} must contain {find:?} exactly once",
            mistake.what
        );
        *text = text.replacen(find, replace, 1);
    }
    Project::from_files(files)
}

/// Runs steps 1..=mistake.step and returns (failed check id, detail) for every failed check.
fn failures(mistake: &Mistake) -> Vec<(&'static str, String)> {
    let project = patched(mistake);
    (1..=mistake.step)
        .flat_map(|step| run_step(&project, step).checks)
        .filter(|result| result.status == Status::Failed)
        .map(|result| (result.check.id, result.detail))
        .collect()
}

/// The check, the mistake it exists for, and words its failure message must contain.
type Case = (&'static str, Mistake, &'static str);

fn assert_only_that_check_fails(cases: &[Case]) {
    let mut problems = Vec::new();
    for (check, mistake, says) in cases {
        let failed = failures(mistake);
        let ids: Vec<&str> = failed.iter().map(|(id, _)| *id).collect();
        match failed.iter().find(|(id, _)| id == check) {
            None => problems.push(format!("{check} ({}): did not fail; failed: {ids:?}", mistake.what)),
            Some((_, detail)) if !detail.contains(says) => {
                problems.push(format!("{check} ({}): message {detail:?} lacks {says:?}", mistake.what))
            }
            Some(_) if ids.len() > 1 => {
                problems.push(format!("{check} ({}): other checks failed too: {failed:?}", mistake.what))
            }
            Some(_) => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every check has at least one mistake variant below.
#[test]
fn every_check_has_a_mistake_variant() {
    let covered: Vec<&str> = [step1_cases(), step2_cases(), step3_cases(), step4_cases()]
        .iter()
        .flatten()
        .map(|(id, _, _)| *id)
        .collect();
    for step in 1..=4 {
        for check in checks_of(step) {
            assert!(covered.contains(&check.id), "no mistake variant for {}", check.id);
        }
    }
}

const SOLUTION_HASH: &str = "'$argon2id$v=19$m=19456,t=2,p=1' +\n      '$HEZxNhiTRsXp76JrkvhHmA' +\n      '$hizzxVD6SYy2Wne90b7YeR9p0jvc5FlXDLl/hZYqKW8'";

fn step1_cases() -> Vec<Case> {
    vec![
        (
            "users-list",
            Mistake { what: "id as a string", step: 1, patches: &[(ROUTE, "    id: 1,", "    id: '1',")] },
            "expected the number 1",
        ),
        (
            "no-plaintext-password",
            Mistake {
                what: "the seed's plaintext password kept next to the hash",
                step: 1,
                patches: &[(
                    ROUTE,
                    "    username: 'user1',",
                    "    username: 'user1',\n    password: 'pass123',",
                )],
            },
            "users has a field `password",
        ),
        (
            "no-plaintext-password",
            Mistake {
                what: "the password left in a constant",
                step: 1,
                patches: &[(
                    ROUTE,
                    "// === end of step 1 ===",
                    "const demoPassword = 'pass123';\n// === end of step 1 ===",
                )],
            },
            "app/api/auth/route.js:30:22:",
        ),
        (
            "argon2id-hash",
            Mistake {
                what: "argon2id below the OWASP cost (m=4096, t=3)",
                step: 1,
                patches: &[(
                    ROUTE,
                    SOLUTION_HASH,
                    "'$argon2id$v=19$m=4096,p=1,t=3$lk0/ju84t3yF2AdCMjYnnw$UPOzUSK1vCUMpKdtXxOf9tvgI4nG9qX/vFR2oTKmbt4'",
                )],
            },
            "below every OWASP setting",
        ),
        (
            "argon2id-hash",
            Mistake {
                what: "a fast SHA-256 hash",
                step: 1,
                patches: &[(
                    ROUTE,
                    SOLUTION_HASH,
                    "'9b8769a4a742959a2d0298c36fb70623f2dfacda8436237df08d8dfd5b37374c'",
                )],
            },
            "not an argon2 PHC string",
        ),
        (
            "password-verifies",
            Mistake {
                what: "the hash of another password",
                step: 1,
                patches: &[(
                    ROUTE,
                    SOLUTION_HASH,
                    "'$argon2id$v=19$m=19456,p=1,t=2$+wB3U+b4Uu0XXeChhga4Ng$czz3zzslOy7+1y9Mg5ngZ4lrBLr5OTnfy4Tud4OEv98'",
                )],
            },
            "hash of another text",
        ),
    ]
}

#[test]
fn step1_each_mistake_fails_only_its_check() {
    assert_only_that_check_fails(&step1_cases());
}

fn step2_cases() -> Vec<Case> {
    vec![
        (
            "secret-from-env",
            Mistake {
                what: "the seed's hard-coded secret",
                step: 2,
                patches: &[(
                    ROUTE,
                    "  const secret = process.env.JWT_SECRET;",
                    "  const secret = 'my-secret-key-for-the-jwt-session-demo';",
                )],
            },
            "returned 'my-secret-key-for-the-jwt-session-demo', not the JWT_SECRET in .env.local",
        ),
        (
            "secret-refuses-weak",
            Mistake {
                what: "no length check",
                step: 2,
                patches: &[(
                    ROUTE,
                    "if (!secret || new TextEncoder().encode(secret).length < 32) {",
                    "if (!secret) {",
                )],
            },
            "with JWT_SECRET=mysecretkey, getJwtSecret() returned \"mysecretkey\"",
        ),
        (
            "secret-read-when-used",
            Mistake {
                what: "the lesson's top-level check",
                step: 2,
                patches: &[(
                    ROUTE,
                    "function getJwtSecret() {\n  const secret = process.env.JWT_SECRET;",
                    "const JWT_SECRET = process.env.JWT_SECRET;\nif (!JWT_SECRET || JWT_SECRET.length < 32) {\n  throw new Error('JWT_SECRET must be set');\n}\nfunction getJwtSecret() {\n  const secret = JWT_SECRET;",
                )],
            },
            "does not even load",
        ),
        (
            "env-secret-strong",
            Mistake {
                what: "the seed's secret in .env.local",
                step: 2,
                patches: &[(ENV, "JWT_SECRET=", "JWT_SECRET=mysecretkey\n#")],
            },
            "at most 66 bits",
        ),
        (
            "cookie-options",
            Mistake {
                what: "no HttpOnly",
                step: 2,
                patches: &[(
                    STORE,
                    "    // page scripts cannot read it, so an XSS bug cannot copy it out\n    httpOnly: true,\n",
                    "",
                )],
            },
            "httpOnly is missing",
        ),
        (
            "cookie-options",
            Mistake {
                what: "SameSite=None",
                step: 2,
                patches: &[(STORE, "sameSite: 'lax',", "sameSite: 'none',")],
            },
            "sameSite is \"none\"",
        ),
    ]
}

#[test]
fn step2_each_mistake_fails_only_its_check() {
    assert_only_that_check_fails(&step2_cases());
}

const VERIFY_DUMMY: &str = "  const hash = user?.passwordHash ?? (await dummyHash);\n  const ok = await argon2.verify(hash, password);";
const CONTENT_TYPE_CHECK: &str = "  if (mediaType !== 'application/json') {\n    return Response.json(\n      { error: 'Content-Type must be application/json' },\n      { status: 415 },\n    );\n  }\n";
const ORIGIN_CHECK: &str = "  if (crossSite) {\n    return Response.json(\n      { error: 'cross-site request refused' },\n      { status: 403 },\n    );\n  }\n";
const NEW_SESSION_ID: &str = "const sessionId = crypto.randomBytes(32).toString('base64url');";

fn step3_cases() -> Vec<Case> {
    vec![
        (
            "login-ok",
            Mistake {
                what: "comparing the password with the hash text",
                step: 3,
                patches: &[(ROUTE, VERIFY_DUMMY, "  const ok = password === user?.passwordHash;")],
            },
            "the login answered 401",
        ),
        (
            "login-csrf-content-type",
            Mistake { what: "no Content-Type check", step: 3, patches: &[(STORE, CONTENT_TYPE_CHECK, "")] },
            "a text/plain login (what a cross-site form can send) answered 200",
        ),
        (
            "login-csrf-origin",
            Mistake { what: "no Origin check", step: 3, patches: &[(STORE, ORIGIN_CHECK, "")] },
            "Origin: https://evil.example answered 200",
        ),
        (
            "bad-body-400",
            Mistake {
                what: "request.json() without catch",
                step: 3,
                patches: &[(ROUTE, "await request.json().catch(() => null)", "await request.json()")],
            },
            "your route crashed",
        ),
        (
            "same-401",
            Mistake {
                what: "a different message for an unknown user",
                step: 3,
                patches: &[(
                    ROUTE,
                    "  if (!user || !ok) {",
                    "  if (!user) return Response.json({ error: 'No such user' }, { status: 401 });\n  if (!ok) {",
                )],
            },
            "the answers differ",
        ),
        (
            "unknown-user-timing",
            Mistake {
                what: "no dummy verify for unknown users",
                step: 3,
                patches: &[(
                    ROUTE,
                    VERIFY_DUMMY,
                    "  const ok = user ? await argon2.verify(user.passwordHash, password) : false;",
                )],
            },
            "only checked for users that exist",
        ),
        (
            "token-signed-with-secret",
            Mistake {
                what: "signed with the seed's secret",
                step: 3,
                patches: &[(
                    ROUTE,
                    "jwt.sign({ sub: String(user.id) }, getJwtSecret(), {",
                    "jwt.sign({ sub: String(user.id) }, 'mysecretkey', {",
                )],
            },
            "signed with another key",
        ),
        (
            "token-hs256",
            Mistake {
                what: "HS384",
                step: 3,
                patches: &[(ROUTE, "algorithm: 'HS256', // pinned", "algorithm: 'HS384', // pinned")],
            },
            "alg HS384, expected HS256",
        ),
        (
            "token-expires",
            Mistake {
                what: "no expiresIn (the seed)",
                step: 3,
                patches: &[(
                    ROUTE,
                    "    expiresIn: JWT_TTL_SECONDS, // without it jsonwebtoken writes no exp\n",
                    "",
                )],
            },
            "no exp claim",
        ),
        (
            "token-claims",
            Mistake {
                what: "the hash in the payload",
                step: 3,
                patches: &[(
                    ROUTE,
                    "jwt.sign({ sub: String(user.id) },",
                    "jwt.sign({ sub: String(user.id), passwordHash: user.passwordHash },",
                )],
            },
            "carries [\"passwordHash\"]",
        ),
        (
            "token-claims",
            Mistake {
                what: "the seed's { id } payload",
                step: 3,
                patches: &[(ROUTE, "jwt.sign({ sub: String(user.id) },", "jwt.sign({ id: user.id },")],
            },
            "no sub claim",
        ),
        (
            "session-cookie",
            Mistake {
                what: "only HttpOnly (the seed's hint)",
                step: 3,
                patches: &[(
                    ROUTE,
                    "cookieStore.set(cookieName, sessionId, cookieOptions);",
                    "cookieStore.set(cookieName, sessionId, { httpOnly: true });",
                )],
            },
            "no Secure",
        ),
        (
            "session-id-strong",
            Mistake {
                what: "randomUUID",
                step: 3,
                patches: &[(ROUTE, NEW_SESSION_ID, "const sessionId = crypto.randomUUID();")],
            },
            "at most 122 random bits",
        ),
        (
            "session-id-strong",
            Mistake {
                what: "Date.now()",
                step: 3,
                patches: &[(ROUTE, NEW_SESSION_ID, "const sessionId = String(Date.now());")],
            },
            "random bits",
        ),
        (
            "session-stored",
            Mistake {
                what: "never stored",
                step: 3,
                patches: &[(
                    ROUTE,
                    "  sessions.set(sessionId, { userId: user.id, createdAt: now, lastSeen: now });\n",
                    "",
                )],
            },
            "never stored it",
        ),
        (
            "session-id-fresh",
            Mistake {
                what: "reusing the browser's id (session fixation)",
                step: 3,
                patches: &[(
                    ROUTE,
                    NEW_SESSION_ID,
                    "const sessionId = oldId ?? crypto.randomBytes(32).toString('base64url');",
                )],
            },
            "kept the session id the browser sent",
        ),
        (
            "old-session-deleted",
            Mistake {
                what: "the old session left alive",
                step: 3,
                patches: &[(ROUTE, "  if (oldId) sessions.delete(oldId);\n", "")],
            },
            "previous session is still in the store",
        ),
        (
            "jwt-cookie",
            Mistake {
                what: "the JWT cookie outlives the token",
                step: 3,
                patches: &[(
                    ROUTE,
                    "{\n    ...cookieOptions,\n    maxAge: JWT_TTL_SECONDS,\n  }",
                    "cookieOptions",
                )],
            },
            "outlives the token",
        ),
        (
            "jwt-cookie",
            Mistake {
                what: "no JWT cookie (the token only in the JSON body)",
                step: 3,
                patches: &[(
                    ROUTE,
                    "  cookieStore.set(jwtCookieName, token, {\n    ...cookieOptions,\n    maxAge: JWT_TTL_SECONDS,\n  });\n",
                    "",
                )],
            },
            "set no cookie named nextjs-jwt",
        ),
    ]
}

#[test]
fn step3_each_mistake_fails_only_its_check() {
    assert_only_that_check_fails(&step3_cases());
}

const JWT_COOKIE_BRANCH: &str = "  if (jwtCookie) {\n    const { user, reason } = userFromJwt(jwtCookie);\n    return user ? authenticated(user.id, 'jwt-cookie') : unauthorized(reason);\n  }\n";
const VERIFY_CALL: &str = "    claims = jwt.verify(token, secret, {\n      algorithms: ['HS256'], // pinned: the token's header does not choose\n      clockTolerance: 0, // seconds of leeway for clock skew\n    });\n";

fn step4_cases() -> Vec<Case> {
    vec![
        (
            "bearer-valid",
            Mistake {
                what: "a case-sensitive scheme",
                step: 4,
                patches: &[(
                    ROUTE,
                    "if (scheme.toLowerCase() !== 'bearer' || !token) {",
                    "if (scheme !== 'Bearer' || !token) {",
                )],
            },
            "`Authorization: bearer <token>` answered 401",
        ),
        (
            "session-cookie-valid",
            Mistake {
                what: "the wrong session field",
                step: 4,
                patches: &[(
                    ROUTE,
                    "authenticated(session.userId, 'session')",
                    "authenticated(session.id, 'session')",
                )],
            },
            "the session cookie answered 200",
        ),
        (
            "jwt-cookie-valid",
            Mistake { what: "no JWT cookie branch", step: 4, patches: &[(ROUTE, JWT_COOKIE_BRANCH, "")] },
            "the JWT cookie answered 401",
        ),
        (
            "no-credentials-401",
            Mistake {
                what: "200 { authenticated: false } (the seed)",
                step: 4,
                patches: &[(
                    ROUTE,
                    "  if (!session) return unauthorized",
                    "  if (!id) return Response.json({ authenticated: false });\n  if (!session) return unauthorized",
                )],
            },
            "a request without credentials answered 200",
        ),
        (
            "no-credentials-401",
            Mistake {
                what: "a 401 without WWW-Authenticate",
                step: 4,
                patches: &[(
                    ROUTE,
                    "{ status: 401, headers: { 'WWW-Authenticate': challenge } }",
                    "{ status: 401 }",
                )],
            },
            "no WWW-Authenticate header",
        ),
        (
            "forged-token-401",
            Mistake {
                what: "decoding and checking alg and exp by hand, never the signature",
                step: 4,
                patches: &[(
                    ROUTE,
                    VERIFY_CALL,
                    "    const decoded = jwt.decode(token, { complete: true });\n    if (decoded?.header.alg !== 'HS256') throw new Error('invalid algorithm');\n    claims = decoded.payload;\n    if (claims.exp <= Date.now() / 1000) throw new Error('jwt expired');\n",
                )],
            },
            "a token with an edited payload (admin: true, exp a year on) was accepted",
        ),
        (
            "expired-token-401",
            Mistake {
                what: "an hour of clock leeway",
                step: 4,
                patches: &[(ROUTE, "clockTolerance: 0,", "clockTolerance: 3600,")],
            },
            "a token that expired 10 minutes ago was accepted",
        ),
        (
            "token-without-exp-401",
            Mistake {
                what: "trusting jsonwebtoken to require exp",
                step: 4,
                patches: &[(
                    ROUTE,
                    "  if (typeof claims.exp !== 'number') {\n    return { reason: 'jwt: exp is required' };\n  }\n",
                    "",
                )],
            },
            "a token without exp was accepted",
        ),
        (
            "alg-none-401",
            Mistake {
                what: "unsigned tokens passed through decode",
                step: 4,
                patches: &[(
                    ROUTE,
                    "    claims = jwt.verify(token, secret, {",
                    "    claims = jwt.decode(token, { complete: true })?.header.alg === 'none'\n      ? jwt.decode(token)\n      : jwt.verify(token, secret, {",
                )],
            },
            "an unsigned alg:none token was accepted",
        ),
        (
            "hs512-401",
            Mistake {
                what: "no algorithms list (the seed)",
                step: 4,
                patches: &[(
                    ROUTE,
                    "      algorithms: ['HS256'], // pinned: the token's header does not choose\n",
                    "",
                )],
            },
            "an HS512 token signed with JWT_SECRET was accepted",
        ),
        (
            "malformed-token-401",
            Mistake {
                what: "reading the header outside the try",
                step: 4,
                patches: &[(
                    ROUTE,
                    "  let claims;\n",
                    "  const { header } = jwt.decode(token, { complete: true }); // for the log\n  let claims;\n",
                )],
            },
            "your route crashed",
        ),
        (
            "unknown-session-401",
            Mistake {
                what: "trusting any session cookie",
                step: 4,
                patches: &[(
                    ROUTE,
                    "const session = id ? sessions.get(id) : undefined;",
                    "const session = id ? sessions.get(id) ?? { userId: 1, createdAt: now0(), lastSeen: now0() } : undefined;\n  function now0() { return Date.now(); }",
                )],
            },
            "a session id the server never issued was accepted",
        ),
        (
            "logout-csrf",
            Mistake {
                what: "no CSRF defence on logout",
                step: 4,
                patches: &[(
                    LOGOUT,
                    "  const refused = refuseCrossSiteRequest(request);\n  if (refused) return refused;\n",
                    "",
                )],
            },
            "a text/plain logout answered 200",
        ),
        (
            "logout-ends-session",
            Mistake {
                what: "logout only clears the cookie",
                step: 4,
                patches: &[(
                    LOGOUT,
                    "const sessionDestroyed = id ? sessions.delete(id) : false;",
                    "const sessionDestroyed = false;",
                )],
            },
            "still in the store",
        ),
        (
            "logout-ends-session",
            Mistake {
                what: "cookieStore.delete(name) (drops Secure and HttpOnly)",
                step: 4,
                patches: &[(
                    LOGOUT,
                    "  cookieStore.set(cookieName, '', { ...cookieOptions, maxAge: 0 });",
                    "  cookieStore.delete(cookieName);",
                )],
            },
            "cleared without the attributes",
        ),
        (
            "jwt-survives-logout",
            Mistake {
                what: "logout revokes the user's JWTs through server-side state",
                step: 4,
                patches: &[
                    (
                        LOGOUT,
                        "  const id = cookieStore.get(cookieName)?.value;\n",
                        "  const id = cookieStore.get(cookieName)?.value;\n  (globalThis.loggedOut ??= new Set()).add(sessions.get(id)?.userId);\n",
                    ),
                    (
                        ROUTE,
                        "    return user ? authenticated(user.id, 'jwt') : unauthorized(reason, true);",
                        "    const revoked = globalThis.loggedOut?.has(user?.id);\n    return user && !revoked ? authenticated(user.id, 'jwt') : unauthorized(reason ?? 'jwt: logged out', true);",
                    ),
                ],
            },
            "GET ties the JWT to server-side state",
        ),
        (
            "session-idle-timeout",
            Mistake {
                what: "no idle timeout",
                step: 4,
                patches: &[(ROUTE, "if (idle || tooOld) {", "if (tooOld) {")],
            },
            "a session unused for 31 minutes was accepted",
        ),
    ]
}

#[test]
fn step4_each_mistake_fails_only_its_check() {
    assert_only_that_check_fails(&step4_cases());
}

/// The seed's broad mistakes show up in every check they break, each message saying what went wrong.
#[test]
fn the_seeds_broad_mistakes_fail_with_messages_that_say_why() {
    let cases: &[(Mistake, &[&str], &str)] = &[
        (
            Mistake {
                what: "plaintext password (seed step 1)",
                step: 1,
                patches: &[(ROUTE, "    passwordHash:\n", "    password: 'pass123',\n    unusedHash:\n")],
            },
            &["no-plaintext-password", "argon2id-hash"],
            "",
        ),
        (
            Mistake {
                what: "jwt.verify without try/catch (seed step 4)",
                step: 4,
                patches: &[(
                    ROUTE,
                    "  } catch (error) {\n    // TokenExpiredError, NotBeforeError, JsonWebTokenError: all 401.\n    return { reason: `jwt: ${error.message}` };\n  }\n",
                    "  } finally {\n  }\n",
                )],
            },
            &["forged-token-401", "expired-token-401", "alg-none-401", "hs512-401", "malformed-token-401"],
            "your route crashed and answered 500",
        ),
        (
            Mistake {
                what: "200 { authenticated: false } for every failure (seed step 4)",
                step: 4,
                patches: &[(
                    ROUTE,
                    "{ status: 401, headers: { 'WWW-Authenticate': challenge } }",
                    "{ status: 200 }",
                )],
            },
            &[
                "no-credentials-401",
                "forged-token-401",
                "expired-token-401",
                "unknown-session-401",
                "session-idle-timeout",
            ],
            "expected 401",
        ),
        (
            Mistake {
                what: "no CSRF defence at login (the lessons before the review)",
                step: 3,
                patches: &[(
                    ROUTE,
                    "  const refused = refuseCrossSiteRequest(request);\n  if (refused) return refused;\n",
                    "",
                )],
            },
            &["login-csrf-content-type", "login-csrf-origin"],
            "answered 200",
        ),
    ];
    for (mistake, expected, says) in cases {
        let failed = failures(mistake);
        for id in *expected {
            let detail =
                failed.iter().find(|(failed_id, _)| failed_id == id).map(|(_, detail)| detail.as_str());
            let detail =
                detail.unwrap_or_else(|| panic!("{}: {id} did not fail; failed: {failed:?}", mistake.what));
            assert!(detail.contains(says), "{}: {id}: {detail}", mistake.what);
        }
    }
}

/// A syntax error is reported once, as file:line:column, and the other checks wait for it.
#[test]
fn a_project_that_does_not_start_fails_once_with_the_position() {
    let broken = Mistake {
        what: "a syntax error",
        step: 2,
        patches: &[(ROUTE, "const users = [", "const users = [[")],
    };
    let project = patched(&broken);
    for step in 1..=2 {
        let report = run_step(&project, step);
        let (first, rest) = report.checks.split_first().unwrap();
        assert_eq!(first.status, Status::Failed);
        assert!(
            first.detail.contains("app/api/auth/route.js:29:") && first.detail.contains("SyntaxError"),
            "{}",
            first.detail
        );
        for result in rest {
            assert_eq!(result.status, Status::Blocked { by: first.check.id }, "{}", result.check.id);
        }
    }
}
