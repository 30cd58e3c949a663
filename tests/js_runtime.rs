//! The embedded JavaScript runtime (`jwt_session_tutor::js`) against the measured behaviour of
//! Next.js 16, jsonwebtoken 9.0.3 and argon2 0.45 (shared/reference/nextjs16-behaviour.md).

use std::time::{Duration, Instant};

use jwt_session_tutor::auth::http::{Method, Request};
use jwt_session_tutor::js::{Handled, JsServer, Project, ServerOptions};
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
