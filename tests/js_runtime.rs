//! The embedded JavaScript runtime (`jwt_session_tutor::js`) against the measured behaviour of
//! Next.js 16, jsonwebtoken 9.0.3 and argon2 0.45 (shared/reference/nextjs16-behaviour.md).

use std::time::{Duration, Instant};

use jwt_session_tutor::auth::http::{Method, Request};
use jwt_session_tutor::js::{JsServer, Project, ServerOptions};
use serde_json::{Value, json};

/// 2023-11-14T22:13:20Z, the clock the measurements used.
const NOW: i64 = 1_700_000_000;

fn project(files: &[(&str, &str)]) -> Project {
    Project::from_files(files.iter().map(|(path, text)| (path.to_string(), text.to_string())))
}

fn start(files: &[(&str, &str)]) -> JsServer {
    let options = ServerOptions { clock: Some(NOW), seed: Some(7), ..ServerOptions::default() };
    match JsServer::start(&project(files), options) {
        Ok(server) => server,
        Err(error) => panic!("start failed: {error}"),
    }
}

/// Runs `body` as the body of an async GET handler that has jsonwebtoken, crypto and argon2 imported,
/// and returns what it returned (as JSON).
fn eval(body: &str) -> Value {
    let route = format!(
        "import jwt from 'jsonwebtoken';\nimport * as jwtNamed from 'jsonwebtoken';\nimport crypto from 'node:crypto';\nimport argon2 from 'argon2';\n\
         export async function GET(request) {{\n{body}\n}}\n"
    );
    let server = start(&[("app/api/t/route.js", &route)]);
    let handled = server.handle(&Request::get("/api/t"));
    assert_eq!(handled.error, None, "{handled:?}");
    serde_json::from_str(&handled.body).unwrap_or_else(|_| panic!("not JSON: {handled:?}"))
}

#[test]
fn smoke() {
    let v = eval("return Response.json({ a: 1, now: Date.now() });");
    assert_eq!(v, json!({"a": 1, "now": NOW * 1000}));
}

/// Every jsonwebtoken case of tests/js/jwt_cases.js gives what npm jsonwebtoken 9.0.3 gave on Node
/// (tests/js/jwt_cases.expected.json, recorded with the same clock). This covers every jsonwebtoken
/// line of nextjs16-behaviour.md plus option validation, claims checks and check order.
#[test]
fn jsonwebtoken_matches_the_npm_package_case_by_case() {
    let cases = include_str!("js/jwt_cases.js");
    let expected: serde_json::Map<String, Value> =
        serde_json::from_str(include_str!("js/jwt_cases.expected.json")).unwrap();
    let actual = eval(&format!("{cases}\nreturn Response.json(jwtCases(jwt, crypto.createHmac));"));
    let actual = actual.as_object().unwrap();
    assert_eq!(actual.len(), expected.len());
    let mut differences = Vec::new();
    for (name, want) in &expected {
        let got = &actual[name];
        let want = want.as_str().unwrap();
        let got = got.as_str().unwrap();
        // V8 and QuickJS word JSON.parse errors differently; the error class is what matters.
        let same =
            if want.starts_with("SyntaxError: ") { got.starts_with("SyntaxError: ") } else { got == want };
        if !same {
            differences.push(format!("{name}:\n  npm:     {want}\n  runtime: {got}"));
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));

    // Each jsonwebtoken line of nextjs16-behaviour.md, with the outcome written there.
    let measured = [
        ("sign without expiresIn writes no exp (adds iat)", r#"ok {"sub":"1","iat":1700000000}"#),
        ("verify token without exp accepted", r#"ok {"sub":"1","iat":1700000000}"#),
        ("sign accepts the 11-byte seed secret", r#"ok "string""#),
        ("verify edited payload, old signature", "JsonWebTokenError: invalid signature"),
        ("verify signed with another secret", "JsonWebTokenError: invalid signature"),
        (
            "verify expired (exp = now - 100)",
            "TokenExpiredError: jwt expired expiredAt=2023-11-14T22:11:40.000Z",
        ),
        ("verify not a JWT", "JsonWebTokenError: jwt malformed"),
        ("verify two segments only", "JsonWebTokenError: jwt malformed"),
        ("verify HS512 token, algorithms [HS256]", "JsonWebTokenError: invalid algorithm"),
        ("verify HS512 token, no algorithms option", r#"ok {"sub":"1"}"#),
        ("verify nbf 10 min in the future", "NotBeforeError: jwt not active date=2023-11-14T22:23:20.000Z"),
        (
            "verify alg none, empty signature, algorithms [HS256]",
            "JsonWebTokenError: jwt signature is required",
        ),
        ("verify alg none, empty signature, no algorithms", "JsonWebTokenError: jwt signature is required"),
        (
            "verify alg none, empty signature, key undefined, no options",
            r#"JsonWebTokenError: please specify "none" in "algorithms" to verify unsigned tokens"#,
        ),
        ("verify alg none, empty signature, key undefined, algorithms [none]", r#"ok {"sub":"1"}"#),
        ("verify alg none with a signature, algorithms [HS256]", "JsonWebTokenError: invalid algorithm"),
        ("verify alg None (capital), empty signature", "JsonWebTokenError: jwt signature is required"),
        (
            "decode on the tampered token (checks nothing)",
            r#"ok {"sub":"2","iat":1700000000,"exp":1700000900}"#,
        ),
        ("order: wrong secret AND expired", "JsonWebTokenError: invalid signature"),
        ("order: HS512 AND wrong secret AND expired", "JsonWebTokenError: invalid algorithm"),
        ("order: nbf in future AND expired", "NotBeforeError: jwt not active date=2023-11-14T22:23:20.000Z"),
        ("order: wrong secret AND nbf in future", "JsonWebTokenError: invalid signature"),
        ("order: alg none AND expired", "JsonWebTokenError: jwt signature is required"),
        ("exp boundary: now = exp - 1", r#"ok {"sub":"1","exp":1700000001}"#),
        ("exp boundary: now = exp", "TokenExpiredError: jwt expired expiredAt=2023-11-14T22:13:20.000Z"),
        (
            "quiz clock-leeway: exp=1700000000, now=1700000030, clockTolerance 60",
            r#"ok {"sub":"1","exp":1700000000}"#,
        ),
        ("quiz clock-leeway: now=1700000059, clockTolerance 60", r#"ok {"sub":"1","exp":1700000000}"#),
        (
            "quiz clock-leeway: now=1700000060, clockTolerance 60",
            "TokenExpiredError: jwt expired expiredAt=2023-11-14T22:13:20.000Z",
        ),
        ("nbf boundary: now = nbf", r#"ok {"sub":"1","nbf":1700000000}"#),
        (
            "nbf boundary: nbf=1700000000, now = nbf - 1",
            "NotBeforeError: jwt not active date=2023-11-14T22:13:20.000Z",
        ),
    ];
    for (name, outcome) in measured {
        let got = actual[name].as_str().unwrap();
        assert_eq!(got.trim_end_matches(" [JsonWebTokenError]"), outcome, "{name}");
    }
    let header_and_payload = actual["sign with expiresIn 15m: header and payload"].as_str().unwrap();
    assert!(
        header_and_payload.starts_with(
            r#"ok {"header":{"alg":"HS256","typ":"JWT"},"payload":{"sub":"1","iat":1700000000,"exp":1700000900,"jti":"j1"}"#
        ),
        "{header_and_payload}"
    );
}

fn compare_cases(expected: &str, actual: &Value) {
    let expected: serde_json::Map<String, Value> = serde_json::from_str(expected).unwrap();
    let actual = actual.as_object().unwrap();
    assert_eq!(actual.len(), expected.len());
    let differences: Vec<String> = expected
        .iter()
        .filter(|(name, want)| actual.get(*name) != Some(want))
        .map(|(name, want)| format!("{name}:\n  node:    {want}\n  runtime: {}", actual[name]))
        .collect();
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

/// Buffer, TextEncoder, atob, URL, Headers, Request, Response and node:crypto give what Node 20 gives
/// (tests/js/web_cases.expected.json was recorded by running tests/js/web_cases.js on Node 20.20).
#[test]
fn web_globals_and_node_crypto_match_node() {
    let cases = include_str!("js/web_cases.js");
    let actual = eval(&format!("{cases}\nreturn Response.json(await webCases(crypto));"));
    compare_cases(include_str!("js/web_cases.expected.json"), &actual);
}

fn start_err(files: &[(&str, &str)]) -> String {
    match JsServer::start(&project(files), ServerOptions::default()) {
        Ok(_) => panic!("started, expected an error"),
        Err(error) => error.to_string(),
    }
}

/// The Vary header Next.js 16 puts first on every Route Handler answer (measured on `next start`).
const VARY: (&str, &str) =
    ("vary", "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch");

fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(name, value)| (name.to_string(), value.to_string())).collect()
}

const JSCONFIG: &str = r#"{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }"#;

fn request(method: Method, path: &str) -> Request {
    Request::new(method, path)
}

fn post_json(path: &str, body: &str) -> Request {
    Request::post_raw(path, "application/json", body)
}

/// The cookie strings Next.js 16 writes for `cookies().set/delete`, as measured (nextjs16-behaviour.md).
#[test]
fn cookies_set_and_delete_serialise_exactly_as_measured() {
    let route = r#"
import { cookies } from 'next/headers';
const options = { httpOnly: true, secure: true, sameSite: 'lax', path: '/' };
export async function GET(request) {
  const store = await cookies();
  const which = request.nextUrl.searchParams.get('case');
  if (which === 'plain') store.set('a', 'b');
  if (which === 'session') store.set('nextjs-session', 'ID', { ...options, maxAge: 28800 });
  if (which === 'delete') store.delete('nextjs-session');
  if (which === 'delete-options') store.delete({ name: '__Host-session', ...options });
  if (which === 'max-age-0') store.set('__Host-session', '', { ...options, maxAge: 0 });
  return Response.json({ ok: true });
}
"#;
    let server = start(&[("app/api/c/route.js", route)]);
    let cookie = |case: &str| {
        let handled = server.handle(&Request::get(&format!("/api/c?case={case}")));
        assert_eq!(handled.status, 200, "{handled:?}");
        handled.set_cookies().join("\n")
    };
    assert_eq!(cookie("plain"), "a=b; Path=/");
    assert_eq!(
        cookie("session"),
        "nextjs-session=ID; Path=/; Expires=Wed, 15 Nov 2023 06:13:20 GMT; Max-Age=28800; Secure; HttpOnly; SameSite=lax"
    );
    assert_eq!(cookie("delete"), "nextjs-session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    assert_eq!(
        cookie("delete-options"),
        "__Host-session=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; HttpOnly; SameSite=lax"
    );
    assert_eq!(cookie("max-age-0"), "__Host-session=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=lax");
}

/// `cookies()` reads the request's cookies (after a set, the new value), NextRequest.cookies too, and a
/// cookie the response sets itself wins over the same name set through `cookies()`.
#[test]
fn cookies_read_the_request_and_merge_with_the_response_own() {
    let route = r#"
import { cookies } from 'next/headers';
import { NextResponse } from 'next/server';
export async function GET(request) {
  const store = await cookies();
  const before = store.get('sid');
  store.set('sid', 'new');
  store.set('other', 'o');
  const response = NextResponse.json({ before, after: store.get('sid').value, fromRequest: request.cookies.get('sid'),
    all: request.cookies.getAll().map((c) => c.name), has: store.has('theme') });
  response.cookies.set('other', 'from-response', { httpOnly: true });
  return response;
}
"#;
    let server = start(&[("app/api/c/route.js", route)]);
    let handled = server.handle(&Request::get("/api/c").with_header("Cookie", "sid=old%20one; theme=dark"));
    let body: Value = serde_json::from_str(&handled.body).unwrap();
    assert_eq!(
        body,
        json!({"before": {"name": "sid", "value": "old one", "path": "/"}, "after": "new",
               "fromRequest": {"name": "sid", "value": "old one"}, "all": ["sid", "theme"], "has": true})
    );
    assert_eq!(handled.set_cookies(), vec!["other=from-response; Path=/; HttpOnly", "sid=new; Path=/"]);
    assert_eq!(handled.header("content-type"), Some("application/json"));
}

/// `request.url` starts with where the server listens, not with the Host header (measured on next start).
#[test]
fn request_url_uses_the_listening_origin() {
    let route = "export function GET(request) {\n  return Response.json([request.url, request.nextUrl.origin, request.headers.get('host')]);\n}\n";
    let server = start(&[("app/api/u/route.js", route)]);
    let mut request = Request::get("/api/u?x=1");
    request.headers = vec![("Host".to_string(), "evil.example".to_string())];
    let first: Value = serde_json::from_str(&server.handle(&request).body).unwrap();
    assert_eq!(first, json!(["http://localhost:3000/api/u?x=1", "http://localhost:3000", "evil.example"]));
    server.set_origin("http://localhost:3917");
    let second: Value = serde_json::from_str(&server.handle(&request).body).unwrap();
    assert_eq!(second[0], json!("http://localhost:3917/api/u?x=1"));
}

/// `headers()` reads the request's headers and refuses changes as Next.js does.
#[test]
fn next_headers_reads_the_request_and_is_read_only() {
    let route = "import { headers } from 'next/headers';\nexport async function GET() {\n  const h = await headers();\n  let change;\n  try { h.set('x', '1'); } catch (e) { change = `${e.name}: ${e.message}`; }\n  return Response.json({ agent: h.get('user-agent'), change });\n}\n";
    let handled = start(&[("app/api/h/route.js", route)])
        .handle(&Request::get("/api/h").with_header("User-Agent", "curl/8"));
    let body: Value = serde_json::from_str(&handled.body).unwrap();
    assert_eq!(
        body,
        json!({"agent": "curl/8", "change": "Error: Headers cannot be modified. Read more: https://nextjs.org/docs/app/api-reference/functions/headers"})
    );
}

/// Next.js 16: `cookies()` must be awaited; using it synchronously is a TypeError answered as 500.
#[test]
fn cookies_used_without_await_is_a_500() {
    let route = "import { cookies } from 'next/headers';\nexport async function GET() {\n  const id = cookies().get('sid');\n  return Response.json({ id });\n}\n";
    let handled = start(&[("app/api/c/route.js", route)]).handle(&Request::get("/api/c"));
    assert_eq!((handled.status, handled.body.as_str()), (500, ""));
    let error = handled.error.unwrap();
    assert!(
        error.starts_with("TypeError: cookies(...).get is not a function\n    at GET (app/api/c/route.js:3"),
        "{error}"
    );
}

const GET_AND_POST: &str = r#"
export async function GET() {
  return Response.json({ method: 'GET' }, { headers: { 'x-route': 'auth' } });
}
export async function POST(request) {
  return Response.json(await request.json());
}
"#;

/// A route exporting GET and POST: PUT/DELETE/PATCH 405 with an empty body and no Allow; OPTIONS 204 with
/// `Allow: GET, HEAD, OPTIONS, POST`; HEAD = GET's status and headers without the body (as measured).
#[test]
fn methods_the_route_does_not_export_are_answered_as_next_does() {
    let server = start(&[("app/api/auth/route.js", GET_AND_POST)]);
    for method in [Method::Put, Method::Delete, Method::Patch] {
        let handled = server.handle(&request(method, "/api/auth"));
        assert_eq!(
            (handled.status, handled.body.as_str(), handled.headers.clone()),
            (405, "", headers(&[VARY])),
            "{method}"
        );
    }
    let options = server.handle(&request(Method::Options, "/api/auth"));
    assert_eq!(options.status, 204);
    assert_eq!(options.headers, headers(&[VARY, ("allow", "GET, HEAD, OPTIONS, POST")]));
    let get = server.handle(&Request::get("/api/auth"));
    let head = server.handle(&request(Method::Head, "/api/auth"));
    assert_eq!((head.status, &head.headers, head.body.as_str()), (get.status, &get.headers, ""));
    assert_eq!(get.body, r#"{"method":"GET"}"#);
    assert_eq!(get.headers, headers(&[VARY, ("content-type", "application/json"), ("x-route", "auth")]));
}

#[test]
fn no_route_file_is_404_and_a_trailing_slash_finds_the_route() {
    let server = start(&[("app/api/auth/route.js", GET_AND_POST)]);
    assert_eq!(server.handle(&Request::get("/api/nothing")).status, 404);
    assert_eq!(server.handle(&Request::get("/api/auth/?x=1")).status, 200);
}

/// `request.json()` parses the body whatever the Content-Type (a text/plain JSON body is accepted).
#[test]
fn request_json_ignores_the_content_type() {
    let server = start(&[("app/api/auth/route.js", GET_AND_POST)]);
    let handled = server.handle(&Request::post_raw("/api/auth", "text/plain", r#"{"username":"admin"}"#));
    assert_eq!((handled.status, handled.body.as_str()), (200, r#"{"username":"admin"}"#));
    let malformed = server.handle(&post_json("/api/auth", "{not json"));
    assert_eq!((malformed.status, malformed.body.as_str()), (500, ""));
    // The message Node 20 gives (measured on next start), not QuickJS's own wording.
    assert_eq!(
        malformed.error.unwrap().lines().next(),
        Some("SyntaxError: Expected property name or '}' in JSON at position 1")
    );
}

/// An exception in a handler is a 500 with an empty body, logged the way Node prints it.
#[test]
fn an_uncaught_jwt_error_is_a_500_with_the_error_logged() {
    let route = "import jwt from 'jsonwebtoken';\nexport async function GET() {\n  jwt.verify('not-a-jwt', 'secret', { algorithms: ['HS256'] });\n  return Response.json({});\n}\n";
    let handled = start(&[("app/api/auth/route.js", route)]).handle(&Request::get("/api/auth"));
    assert_eq!((handled.status, handled.body.as_str()), (500, ""));
    let error = handled.error.unwrap();
    assert_eq!(error.lines().next(), Some("Error [JsonWebTokenError]: jwt malformed"), "{error}");
    assert!(error.contains("app/api/auth/route.js:3"), "the stack names the learner's line: {error}");
}

#[test]
fn a_handler_that_returns_no_response_is_a_500_naming_the_route() {
    let route = "export async function GET() {\n  return { ok: true };\n}\n";
    let handled = start(&[("app/api/auth/route.js", route)]).handle(&Request::get("/api/auth"));
    assert_eq!(handled.status, 500);
    assert_eq!(
        handled.error.unwrap().lines().next(),
        Some(
            "Error: No response is returned from route handler '[project]/app/api/auth/route.js'. Expected a Response \
             object but received 'Object' (method: GET, url: /api/auth). Ensure you return a `Response` or a \
             `NextResponse` in all branches of your handler."
        )
    );
}

/// `process.env` comes from `.env.local` over `.env`; a module-level throw when it is missing does not
/// stop the server, and the route answers 500 with that error (as `next start` does).
#[test]
fn process_env_comes_from_env_files_and_a_module_level_throw_makes_the_route_500() {
    let route = "const secret = process.env.JWT_SECRET;\nif (!secret) throw new Error('JWT_SECRET must be set');\nexport async function GET() {\n  return Response.json({ secret, other: process.env.OTHER, env: process.env.NODE_ENV });\n}\n";
    let with_env = start(&[
        ("app/api/auth/route.js", route),
        (".env.local", "JWT_SECRET=local-secret\n"),
        (".env", "JWT_SECRET=ignored\nOTHER=from-env\n"),
    ]);
    let body: Value = serde_json::from_str(&with_env.handle(&Request::get("/api/auth")).body).unwrap();
    assert_eq!(body, json!({"secret": "local-secret", "other": "from-env", "env": "development"}));

    let without = start(&[("app/api/auth/route.js", route)]);
    let handled = without.handle(&Request::get("/api/auth"));
    assert_eq!((handled.status, handled.body.as_str()), (500, ""));
    assert!(handled.error.unwrap().starts_with("Error: JWT_SECRET must be set"));
}

/// `@/lib/...` resolves through jsconfig.json; module state (a sessions Map) lives across requests.
#[test]
fn alias_imports_resolve_and_module_state_lives_across_requests() {
    let store = "const sessions = globalThis.__sessions ?? (globalThis.__sessions = new Map());\nexport function count() { sessions.set(sessions.size, true); return sessions.size; }\n";
    let route = "import 'server-only';\nimport { count } from '@/lib/session-store';\nimport { helper } from '../../../lib/helper.js';\nexport async function GET() {\n  console.log('count is', count(), { a: [1, 'x'] });\n  return Response.json({ n: helper() });\n}\n";
    let server = start(&[
        ("jsconfig.json", JSCONFIG),
        ("lib/session-store.js", store),
        ("lib/helper.js", "import { count } from './session-store';\nexport const helper = () => count();\n"),
        ("app/api/auth/route.js", route),
    ]);
    let first = server.handle(&Request::get("/api/auth"));
    let second = server.handle(&Request::get("/api/auth"));
    assert_eq!((first.body.as_str(), second.body.as_str()), (r#"{"n":2}"#, r#"{"n":4}"#));
    assert_eq!(second.logs, vec!["count is 3 { a: [ 1, 'x' ] }".to_string()]);
}

#[test]
fn an_unknown_import_names_the_module_the_importer_and_what_is_available() {
    let error =
        start_err(&[("app/api/auth/route.js", "import bcrypt from 'bcrypt';\nexport function GET() {}\n")]);
    assert_eq!(
        error,
        "unknown module 'bcrypt' imported by app/api/auth/route.js (available: next/server, next/headers, jsonwebtoken, \
         argon2, crypto, node:crypto, server-only, relative files, and no paths from jsconfig.json)"
    );
    let error = start_err(&[
        ("jsconfig.json", JSCONFIG),
        (
            "app/api/auth/route.js",
            "import { sessions } from '@/lib/session-store';\nexport function GET() {}\n",
        ),
    ]);
    assert!(
        error.starts_with("cannot find module '@/lib/session-store' imported by app/api/auth/route.js (tried lib/session-store, lib/session-store.js"),
        "{error}"
    );
}

/// A root file nothing imports (create-next-app's eslint.config.mjs imports packages the runtime does
/// not have) is not compiled, as in Next.js.
#[test]
fn root_config_files_nothing_imports_are_not_compiled() {
    let server = start(&[
        ("eslint.config.mjs", "import { FlatCompat } from '@eslint/eslintrc';\nexport default [];\n"),
        ("app/api/auth/route.js", GET_AND_POST),
    ]);
    assert_eq!(server.handle(&Request::get("/api/auth")).status, 200);
}

/// Importing a name a module does not export fails the start (as it fails `next build`), at the import.
#[test]
fn importing_a_name_that_is_not_exported_is_reported_at_the_import() {
    let error = start_err(&[(
        "app/api/auth/route.js",
        "import { NextResponse, userAgent } from 'next/server';\nexport function GET() {}\n",
    )]);
    assert_eq!(
        error,
        "app/api/auth/route.js:1:24: SyntaxError: 'userAgent' is not exported by next/server (it exports: NextRequest, NextResponse)"
    );
    let error = start_err(&[
        ("lib/store.js", "export const sessions = new Map();\n"),
        (
            "app/api/auth/route.js",
            "// uses the store\nimport { session } from '../../../lib/store.js';\nexport function GET() {}\n",
        ),
    ]);
    assert_eq!(error, "app/api/auth/route.js:2:10: SyntaxError: 'session' is not exported by lib/store.js");
}

#[test]
fn a_syntax_error_is_reported_as_file_line_column() {
    let error = start_err(&[
        ("jsconfig.json", JSCONFIG),
        ("app/api/auth/route.js", "import { a } from '@/lib/session-store';\nexport function GET() {}\n"),
        ("lib/session-store.js", "export const a = 1;\nexport function f() {\n  const x = ;\n}\n"),
    ]);
    assert_eq!(error, "lib/session-store.js:3:13: SyntaxError: unexpected token in expression: ';'");
    let error = start_err(&[("app/api/auth/route.js", "export function GET() {\n  return `x;\n}")]);
    assert_eq!(error, "app/api/auth/route.js:2:10: SyntaxError: unexpected end of string");
}

fn quick(timeout: Duration, memory_limit: usize) -> ServerOptions {
    ServerOptions { timeout, memory_limit, clock: Some(NOW), seed: Some(1) }
}

/// An infinite loop is stopped at the time limit ("timed out after N s"), the caller is not blocked
/// longer, and the server answers the next request.
#[test]
fn an_infinite_loop_times_out_and_the_server_recovers() {
    let route = "export async function GET(request) {\n  if (request.nextUrl.searchParams.has('loop')) { while (true) {} }\n  return Response.json({ ok: true });\n}\nexport async function POST() {\n  await new Promise(() => {});\n}\n";
    let server = JsServer::start(
        &project(&[("app/api/auth/route.js", route)]),
        quick(Duration::from_millis(300), 64 << 20),
    )
    .unwrap();
    let started = Instant::now();
    let handled = server.handle(&Request::get("/api/auth?loop"));
    let elapsed = started.elapsed();
    assert_eq!((handled.status, handled.error.as_deref()), (500, Some("timed out after 0.3 s")));
    assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
    assert_eq!(server.handle(&Request::get("/api/auth")).body, r#"{"ok":true}"#);
    let never = server.handle(&post_json("/api/auth", "{}"));
    assert!(never.error.unwrap().contains("never settled"));
}

/// A handler that allocates without bound hits the memory limit instead of the machine's memory.
#[test]
fn the_memory_limit_stops_a_runaway_allocation() {
    let route = "export async function GET(request) {\n  if (request.nextUrl.searchParams.has('big')) { const a = []; while (true) a.push('x'.repeat(1024) + a.length); }\n  return Response.json({ ok: true });\n}\n";
    let server = JsServer::start(
        &project(&[("app/api/auth/route.js", route)]),
        quick(Duration::from_secs(10), 16 << 20),
    )
    .unwrap();
    let handled = server.handle(&Request::get("/api/auth?big"));
    assert_eq!(handled.status, 500);
    assert_eq!(handled.error.as_deref(), Some("out of memory: the handler used more than the 16 MiB limit"));
    assert_eq!(server.handle(&Request::get("/api/auth")).body, r#"{"ok":true}"#);
}

/// Two callers at once while one request loops: neither waits longer than the time limit (plus grace).
#[test]
fn concurrent_callers_are_never_blocked_past_the_time_limit() {
    let route = "export async function GET(request) {\n  if (request.nextUrl.searchParams.has('loop')) { while (true) {} }\n  return new Response('ok');\n}\n";
    let server = std::sync::Arc::new(
        JsServer::start(
            &project(&[("app/api/auth/route.js", route)]),
            quick(Duration::from_millis(400), 32 << 20),
        )
        .unwrap(),
    );
    let started = Instant::now();
    let looping = {
        let server = server.clone();
        std::thread::spawn(move || server.handle(&Request::get("/api/auth?loop")))
    };
    std::thread::sleep(Duration::from_millis(50));
    let second = server.handle(&Request::get("/api/auth"));
    let waited = started.elapsed();
    assert_eq!(looping.join().unwrap().error.as_deref(), Some("timed out after 0.4 s"));
    assert!(waited < Duration::from_millis(400 + 500 + 300), "the second caller waited {waited:?}");
    // It ran in what was left of its time after the loop was stopped, or was told it timed out.
    assert!(second.body == "ok" || second.error.as_deref() == Some("timed out after 0.4 s"), "{second:?}");
}

/// The UI thread can keep working while a request runs: `handle` is callable from other threads.
#[test]
fn the_server_can_be_shared_across_threads() {
    let server = std::sync::Arc::new(start(&[("app/api/auth/route.js", GET_AND_POST)]));
    let worker = {
        let server = server.clone();
        std::thread::spawn(move || server.handle(&Request::get("/api/auth")).status)
    };
    assert_eq!(server.handle(&Request::get("/api/auth")).status, 200);
    assert_eq!(worker.join().unwrap(), 200);
}

/// argon2 as npm argon2 0.45.1: PHC parameters in the order m, p, t; defaults m=65536,p=4,t=3; verify
/// accepts either order and rejects a wrong password.
#[test]
fn argon2_hashes_and_verifies_like_the_npm_package() {
    let v = eval(
        "const h = await argon2.hash('pass123', { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });\n\
         const reordered = h.replace('m=19456,p=1,t=2', 'm=19456,t=2,p=1');\n\
         const d = await argon2.hash('x', { memoryCost: 1024 });\n\
         return Response.json([h.split('$').slice(0, 4), h.split('$')[4].length, h.split('$')[5].length,\n\
           await argon2.verify(h, 'pass123'), await argon2.verify(h, 'pass124'), await argon2.verify(reordered, 'pass123'),\n\
           d.split('$')[3], argon2.argon2d, argon2.argon2i, argon2.argon2id]);",
    );
    assert_eq!(
        v,
        json!([
            ["", "argon2id", "v=19", "m=19456,p=1,t=2"],
            22,
            43,
            true,
            false,
            true,
            "m=1024,p=4,t=3",
            0,
            1,
            2
        ])
    );
}

/// argon2 runs in Rust, where the time limit cannot stop it, so costs that would take seconds are refused.
#[test]
fn argon2_refuses_costs_beyond_the_time_limit() {
    let v = eval(
        "const refused = await argon2.hash('x', { memoryCost: 262144, timeCost: 16 }).catch((e) => `${e.name}: ${e.message}`);\n\
         return Response.json(refused);",
    );
    assert_eq!(
        v,
        json!(
            "RangeError: memoryCost × timeCost = 4194304 is above the tutorial runtime's limit of 1048576 (1 GiB of passes)"
        )
    );
}

/// The hash the Rust engine (src/auth/users.rs) stores for the seed user verifies in the runtime.
#[test]
fn argon2_verifies_a_hash_made_by_the_rust_engine() {
    let phc = jwt_session_tutor::auth::users::hash_password("pass123", &[7u8; 16]);
    let v = eval(&format!(
        "return Response.json([await argon2.verify('{phc}', 'pass123'), await argon2.verify('{phc}', 'nope')]);"
    ));
    assert_eq!(v, json!([true, false]));
}

#[test]
fn a_seed_makes_random_values_repeatable_and_set_clock_moves_time() {
    let route = "import { randomBytes, randomUUID } from 'node:crypto';\nexport async function GET() {\n  return Response.json([randomBytes(8).toString('hex'), randomUUID(), Math.floor(Date.now() / 1000), new Date().toISOString()]);\n}\n";
    let files = [("app/api/auth/route.js", route)];
    let a = start(&files).handle(&Request::get("/api/auth")).body;
    let b = start(&files);
    assert_eq!(a, b.handle(&Request::get("/api/auth")).body);
    b.set_clock(NOW + 60);
    let later: Value = serde_json::from_str(&b.handle(&Request::get("/api/auth")).body).unwrap();
    assert_eq!((later[2].clone(), later[3].clone()), (json!(NOW + 60), json!("2023-11-14T22:14:20.000Z")));
}

/// A running `jwt-session-tutor serve DIR --port 0`, killed when dropped.
struct Served {
    child: std::process::Child,
    port: u16,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(files: &[(&str, &str)]) -> (Served, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let served = spawn_serve(&[dir.path().as_os_str()]);
    (served, dir)
}

/// Starts `serve --port 0 ARGS…` and reads the port from its first line.
fn spawn_serve(args: &[&std::ffi::OsStr]) -> Served {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_jwt-session-tutor"))
        .args(["serve", "--port", "0"])
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let port = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|p| p.parse().ok());
    let port = port.unwrap_or_else(|| panic!("no port in {line:?}"));
    assert!(line.contains("reference solution") || !args.is_empty(), "{line}");
    Served { child, port }
}

/// Sends raw bytes on one connection and reads until the server closes it.
fn exchange(port: u16, raw: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream.write_all(raw.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = stream.read_to_string(&mut out);
    out
}

/// `serve` answers real HTTP/1.1 on 127.0.0.1: a JSON login body, keep-alive (two requests on one
/// connection), HEAD without a body, 405, 404, and a malformed request refused with 400.
#[test]
fn serve_answers_http_on_localhost() {
    let (served, _dir) = serve(&[("app/api/auth/route.js", GET_AND_POST), ("package.json", "{}")]);
    let body = r#"{"username":"user1"}"#;
    let two = exchange(
        served.port,
        &format!(
            "POST /api/auth HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}\
             GET /api/auth HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            body.len()
        ),
    );
    let vary = "Vary: rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding";
    assert!(
        two.starts_with(&format!("HTTP/1.1 200 OK\r\n{vary}\r\ncontent-type: application/json\r\nDate: ")),
        "{two}"
    );
    assert!(
        two.contains(&format!("Content-Length: {}\r\n\r\n{body}HTTP/1.1 200 OK\r\n", body.len())),
        "{two}"
    );
    assert!(two.ends_with(r#"{"method":"GET"}"#), "{two}");

    let head =
        exchange(served.port, "HEAD /api/auth HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assert!(
        head.starts_with("HTTP/1.1 200 OK\r\n")
            && head.contains("x-route: auth\r\n")
            && head.ends_with("\r\n\r\n"),
        "{head}"
    );
    let put = exchange(
        served.port,
        "PUT /api/auth HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
    );
    assert!(
        put.starts_with("HTTP/1.1 405 Method Not Allowed\r\nvary: rsc,")
            && put.contains("Content-Length: 0\r\n"),
        "{put}"
    );
    let unknown = exchange(served.port, "PROPFIND /api/auth HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assert_eq!(unknown, "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    let missing = exchange(served.port, "GET /nope HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    assert!(missing.starts_with("HTTP/1.1 404 Not Found\r\n"), "{missing}");
    let malformed = exchange(served.port, "GARBAGE\r\n\r\n");
    assert!(malformed.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{malformed}");
}

#[test]
fn serve_refuses_a_folder_without_routes_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_jwt-session-tutor"))
        .args(["serve", "--port", "0"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no route handlers (app/**/route.js)") && stderr.lines().count() == 1,
        "{stderr}"
    );
}

/// A module whose top-level code never ends does not hang the start: it is stopped at the time limit,
/// and its route answers 500 each time, while other routes work.
#[test]
fn an_endless_module_top_level_is_stopped_and_only_its_route_fails() {
    let files = [
        (
            "app/api/loop/route.js",
            "while (true) {}\nexport function GET() { return new Response('never'); }\n",
        ),
        ("app/api/ok/route.js", "export function GET() { return new Response('fine'); }\n"),
    ];
    let started = Instant::now();
    let server = JsServer::start(&project(&files), quick(Duration::from_millis(300), 64 << 20)).unwrap();
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    let looping = server.handle(&Request::get("/api/loop"));
    assert_eq!((looping.status, looping.body.as_str()), (500, ""), "{looping:?}");
    assert!(looping.error.is_some());
    assert_eq!(server.handle(&Request::get("/api/ok")).body, "fine");
}

/// Deep recursion is a RangeError answered as 500, not a crash of the server thread.
#[test]
fn deep_recursion_is_a_range_error_not_a_crash() {
    let route = "function down(n) { return down(n + 1) + 1; }\nexport function GET(request) {\n  if (request.nextUrl.searchParams.has('deep')) down(0);\n  return new Response('alive');\n}\n";
    let server = start(&[("app/api/auth/route.js", route)]);
    let deep = server.handle(&Request::get("/api/auth?deep"));
    assert_eq!(deep.status, 500);
    assert!(deep.error.as_deref().unwrap_or("").starts_with("RangeError: "), "{deep:?}");
    assert_eq!(server.handle(&Request::get("/api/auth")).body, "alive");
}

/// Timers run (a handler may await a short delay), console.error is captured, and the file system and
/// network are simply absent.
#[test]
fn timers_work_and_there_is_no_fs_or_network() {
    let v = eval(
        "const waited = await new Promise((resolve) => setTimeout(() => resolve('waited'), 20));\n\
         console.error('to the log');\n\
         return Response.json([waited, typeof fetch, typeof require, typeof XMLHttpRequest, typeof process.binding,\n\
           await import('fs').then(() => 'imported', (e) => e.message.split(' (')[0])]);",
    );
    assert_eq!(
        v,
        json!([
            "waited",
            "undefined",
            "undefined",
            "undefined",
            "undefined",
            "unknown module 'fs' imported by app/api/t/route.js"
        ])
    );
}

/// Dropping a server stops its thread and frees its runtime cleanly, also after a timeout left timers
/// and pending promises behind (the exercises start one server per mistake variant).
#[test]
fn servers_can_be_started_and_dropped_many_times() {
    let route = "export async function GET(request) {\n  setTimeout(() => {}, 60000);\n  if (request.nextUrl.searchParams.has('loop')) { await null; while (true) {} }\n  return new Response('ok');\n}\n";
    for _ in 0..5 {
        let server = JsServer::start(
            &project(&[("app/api/auth/route.js", route)]),
            quick(Duration::from_millis(200), 32 << 20),
        )
        .unwrap();
        assert_eq!(server.handle(&Request::get("/api/auth")).body, "ok");
        assert_eq!(
            server.handle(&Request::get("/api/auth?loop")).error.as_deref(),
            Some("timed out after 0.2 s")
        );
        drop(server);
    }
    std::thread::sleep(Duration::from_millis(200));
}

/// The learner's code can replace globals (as in Node) but not the runtime's own hooks, so a stray
/// assignment cannot break the server for the next request.
#[test]
fn the_runtime_hooks_cannot_be_overwritten() {
    let route = "export function GET() {\n  try { globalThis.__tutorDispatch = null; } catch (e) { console.log(e.name); }\n  try { globalThis.__native = null; } catch (e) { console.log(e.name); }\n  return new Response('ok');\n}\n";
    let server = start(&[("app/api/auth/route.js", route)]);
    let first = server.handle(&Request::get("/api/auth"));
    assert_eq!(
        (first.status, first.logs.clone()),
        (200, vec!["TypeError".to_string(), "TypeError".to_string()]),
        "{first:?}"
    );
    assert_eq!(server.handle(&Request::get("/api/auth")).body, "ok");
}

/// Every console call is one captured log entry, formatted as Node prints it.
#[test]
fn console_output_is_captured_per_request() {
    let route = "export function GET() {\n  console.log('%s has %d', 'user1', 2, { id: 1, tags: ['a'] });\n  console.error(new Map([['k', 1]]));\n  console.group('group');\n  console.info('inside');\n  console.groupEnd();\n  console.warn('after', null, undefined);\n  return new Response('');\n}\n";
    let server = start(&[("app/api/log/route.js", route)]);
    let logs = server.handle(&Request::get("/api/log")).logs;
    assert_eq!(
        logs,
        vec![
            "user1 has 2 { id: 1, tags: [ 'a' ] }",
            "Map(1) { 'k' => 1 }",
            "group",
            "  inside",
            "after null undefined"
        ]
    );
    assert_eq!(server.handle(&Request::get("/api/log")).logs.len(), 5, "each request has its own logs");
}

/// A promise rejected with nobody handling it (a forgotten `await`) is logged as Node reports it, and
/// the handler's answer stands.
#[test]
fn an_unhandled_rejection_is_logged() {
    let route = "import argon2 from 'argon2';\nexport async function GET() {\n  argon2.verify('not a hash', 'x');\n  const handled = argon2.verify('also not', 'x');\n  await handled.catch(() => {});\n  return new Response('ok');\n}\n";
    let server = start(&[("app/api/auth/route.js", route)]);
    let handled = server.handle(&Request::get("/api/auth"));
    assert_eq!((handled.status, handled.body.as_str()), (200, "ok"));
    assert_eq!(
        handled.logs,
        vec![
            "⨯ unhandledRejection: TypeError: pchstr must contain a $ as first char\n    at GET (app/api/auth/route.js:3:10)"
                .to_string()
        ]
    );
}

/// Dynamic segments reach the handler as Next.js 16 passes them: `params` is a promise.
#[test]
fn dynamic_route_segments_arrive_as_awaited_params() {
    let route = "export async function GET(request, { params }) {\n  const { id } = await params;\n  return Response.json({ id });\n}\n";
    let server = start(&[("app/api/users/[id]/route.js", route)]);
    assert_eq!(server.handle(&Request::get("/api/users/42")).body, r#"{"id":"42"}"#);
    assert_eq!(server.handle(&Request::get("/api/users")).status, 404);
}

/// A port that is not a number is a usage error: one line, exit 2, nothing served.
#[test]
fn serve_with_a_bad_port_is_a_usage_error() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_jwt-session-tutor"))
        .args(["serve", "--port", "x", "."])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("error: ") && stderr.lines().count() == 1, "{stderr}");
    assert!(output.stdout.is_empty());
}

/// `serve` without a folder serves the reference solution: user1 logs in with pass123 (a JSON body),
/// gets a token and cookies, and the token is accepted by GET; a wrong password is 401.
#[test]
fn serve_without_a_folder_serves_the_reference_solution() {
    let served = spawn_serve(&[]);
    let login = |password: &str| {
        let body = format!(r#"{{"username":"user1","password":"{password}"}}"#);
        exchange(
            served.port,
            &format!(
                "POST /api/auth HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
                 Connection: close\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            ),
        )
    };
    let ok = login("pass123");
    assert!(ok.starts_with("HTTP/1.1 200 OK\r\n"), "{ok}");
    let session_cookie =
        ok.lines().find(|l| l.starts_with("set-cookie: nextjs-session=")).expect("a session cookie");
    assert!(
        session_cookie.contains("Path=/") && session_cookie.contains("Secure; HttpOnly; SameSite=lax"),
        "{ok}"
    );
    let body: Value = serde_json::from_str(&ok[ok.find("\r\n\r\n").unwrap() + 4..]).unwrap();
    let token = body["token"].as_str().expect("a token in the login body");
    let who = exchange(
        served.port,
        &format!(
            "GET /api/auth HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert!(who.starts_with("HTTP/1.1 200 OK\r\n") && who.contains(r#""authenticated":true"#), "{who}");
    let wrong = login("wrong");
    assert!(wrong.starts_with("HTTP/1.1 401 Unauthorized\r\n"), "{wrong}");
}
