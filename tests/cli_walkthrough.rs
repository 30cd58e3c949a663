//! `walkthrough` through the built binary: the four steps as real HTTP exchanges, as text and as JSON.

use std::process::{Command, Output};

use jwt_session_tutor::auth::jwt::{self, Alg, VerifyOptions};
use serde_json::Value;

#[path = "support/exchange_json.rs"]
mod exchange_json;
use exchange_json::header;

const DEMO_NOW: i64 = 1_767_225_600; // 2026-01-01 00:00:00 UTC

fn run(args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_jwt-session-tutor"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    output
}

fn text(args: &[&str]) -> String {
    String::from_utf8(run(args).stdout).unwrap()
}

fn json(args: &[&str]) -> Value {
    serde_json::from_slice(&run(args).stdout).unwrap()
}

fn steps(document: &Value) -> &Vec<Value> {
    document["steps"].as_array().unwrap()
}

fn exchanges(step: &Value) -> &Vec<Value> {
    step["exchanges"].as_array().unwrap()
}

#[test]
fn demo_runs_are_identical_and_the_clock_is_fixed() {
    let first = text(&["--demo", "walkthrough"]);
    assert_eq!(first, text(&["walkthrough", "--demo"]), "two --demo runs must print the same");
    assert!(first.contains("Clock starts at 2026-01-01 00:00:00 UTC (demo: fixed clock, random seed 42)"));
    assert_eq!(json(&["--demo", "walkthrough", "--json"]), json(&["--demo", "walkthrough", "--json"]));
}

#[test]
fn without_demo_the_system_clock_and_os_randomness_are_used() {
    let started =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let (a, b) = (json(&["walkthrough", "--json"]), json(&["walkthrough", "--json"]));
    assert_eq!(a["demo"], false);
    let clock = a["clock_start"].as_i64().unwrap();
    assert!((started - 5..=started + 60).contains(&clock), "clock_start {clock} is not now ({started})");
    let token = |doc: &Value| exchanges(&steps(doc)[2])[2]["response"]["body"]["token"].clone();
    assert_ne!(token(&a), token(&b), "fresh jti (OS randomness) in every run");
    let hash = |doc: &Value| steps(doc)[0]["notes"][1].clone();
    assert_ne!(hash(&a), hash(&b), "fresh salt in every run");
}

#[test]
fn the_four_steps_have_short_accurate_titles_and_setup_notes() {
    let document = json(&["--demo", "walkthrough", "--json"]);
    let titles: Vec<&str> = steps(&document).iter().map(|s| s["title"].as_str().unwrap()).collect();
    assert!(titles.len() > 4, "the labs follow the steps: {titles:?}");
    for (number, title) in titles[..4].iter().enumerate() {
        assert!(title.starts_with(&format!("Step {}", number + 1)), "{title}");
    }
    let setup = steps(&document)[0]["notes"].to_string();
    assert!(setup.contains("$argon2id$v=19$m=19456,t=2,p=1$"), "PHC hash shown: {setup}");
    assert!(!setup.contains("pass123"), "never the password: {setup}");
    let config = steps(&document)[1]["notes"].to_string();
    assert!(
        config.contains("JWT secret \\\"mysecretkey\\\": 88 bits: too weak (needs at least 256 bits"),
        "{config}"
    );
    assert!(
        config.contains("nextjs-session=<session id>; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=28800")
    );
    assert!(config.contains("leeway 0s"), "{config}");
}

#[test]
fn login_issues_a_real_token_and_an_httponly_cookie_and_fails_generically() {
    let document = json(&["--demo", "walkthrough", "--json"]);
    let login = exchanges(&steps(&document)[2]);
    let statuses: Vec<i64> = login.iter().map(|e| e["response"]["status"].as_i64().unwrap()).collect();
    assert_eq!(statuses, [401, 401, 200, 415]);
    assert_eq!(login[0]["response"]["body"], login[1]["response"]["body"], "unknown user = wrong password");
    let success = &login[2];
    assert_eq!(success["request"]["method"], "POST");
    assert_eq!(success["request"]["path"], "/api/auth");
    assert_eq!(success["request"]["body"]["username"], "user1");
    assert!(success["request"]["raw"].as_str().unwrap().starts_with("POST /api/auth HTTP/1.1\n"));
    let cookie = header(&success["response"], "Set-Cookie").unwrap();
    assert!(
        cookie.starts_with("nextjs-session=")
            && cookie.ends_with("; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=28800")
    );
    let token = success["response"]["body"]["token"].as_str().unwrap();
    let set_cookies: Vec<&str> = success["response"]["headers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["name"] == "Set-Cookie")
        .map(|h| h["value"].as_str().unwrap())
        .collect();
    assert_eq!(set_cookies.len(), 2, "{set_cookies:?}");
    assert_eq!(
        set_cookies[1],
        format!("nextjs-jwt={token}; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=900"),
        "the JWT for the browser, as long-lived as the token"
    );
    let csrf = &login[3];
    assert_eq!(header(&csrf["request"], "Content-Type"), Some("text/plain"));
    assert_eq!(header(&csrf["request"], "Origin"), Some("https://evil.example"));
    assert_eq!(header(&csrf["request"], "Cookie"), None, "SameSite=Lax: not sent cross-site");
    assert_eq!(
        csrf["response"]["body"],
        serde_json::json!({"error": "Content-Type must be application/json"})
    );
    assert_eq!(header(&csrf["response"], "Set-Cookie"), None);
    let options = VerifyOptions {
        alg: Alg::HS256,
        key: Some(b"mysecretkey".to_vec()),
        now: DEMO_NOW,
        leeway: 0,
        audience: None,
    };
    let report = jwt::verify(token, &options);
    assert!(report.is_valid(), "the transcript's token is real: {:?}", report.verdict());
    let claims = report.verdict().unwrap();
    assert_eq!(claims["sub"], "1");
    assert_eq!(claims["exp"], DEMO_NOW + 900);
}

#[test]
fn verify_step_shows_bearer_cookie_neither_tampered_logout_and_expiry() {
    let document = json(&["--demo", "walkthrough", "--json"]);
    let login_token =
        exchanges(&steps(&document)[2])[2]["response"]["body"]["token"].as_str().unwrap().to_string();
    let verify = exchanges(&steps(&document)[3]);
    let summary: Vec<(i64, Option<&str>)> = verify
        .iter()
        .map(|e| (e["response"]["status"].as_i64().unwrap(), e["response"]["body"]["via"].as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            (200, Some("jwt")),        // Bearer
            (200, Some("jwt-cookie")), // the browser: both cookies, the JWT one decides
            (200, Some("session")),    // session cookie only
            (401, None),               // neither
            (401, None),               // tampered
            (200, None),               // logout
            (401, None),               // old cookie after logout
            (200, Some("jwt")),        // JWT after logout: still accepted
            (401, None),               // JWT after exp
        ]
    );
    let bearer = |i: usize| header(&verify[i]["request"], "Authorization").map(str::to_string);
    let cookie = |i: usize| header(&verify[i]["request"], "Cookie").map(str::to_string);
    assert_eq!(bearer(0), Some(format!("Bearer {login_token}")));
    assert_eq!(cookie(0), None);
    assert!(cookie(1).unwrap().starts_with("nextjs-session="));
    assert!(cookie(1).unwrap().contains(&format!("; nextjs-jwt={login_token}")));
    assert_eq!(cookie(2), cookie(1).unwrap().split("; ").next().map(str::to_string), "session cookie only");
    assert_eq!((bearer(3), cookie(3)), (None, None));

    let tampered = bearer(4).unwrap().strip_prefix("Bearer ").unwrap().to_string();
    let (original, edited) = (jwt::decode(&login_token).unwrap(), jwt::decode(&tampered).unwrap());
    assert_eq!(edited.claims()["sub"], "2");
    assert_eq!(edited.signature.raw, original.signature.raw, "old signature kept");
    assert!(verify[4]["response"]["body"]["reason"].as_str().unwrap().contains("signature does not match"));

    assert_eq!(header(&verify[5]["request"], "Content-Type"), Some("application/json"));
    let cleared: Vec<&str> = verify[5]["response"]["headers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["name"] == "Set-Cookie")
        .map(|h| h["value"].as_str().unwrap())
        .collect();
    assert_eq!(
        cleared,
        [
            "nextjs-session=; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=0",
            "nextjs-jwt=; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=0"
        ]
    );
    assert_eq!(verify[5]["response"]["body"]["sessionDestroyed"], true);
    assert_eq!(cookie(6), cookie(2), "the old session cookie, copied before logout");
    assert!(verify[6]["response"]["body"]["reason"].as_str().unwrap().contains("unknown session id"));
    assert!(verify[7]["explanation"].as_str().unwrap().contains("revocation"));

    let exp = original.time_claim("exp").unwrap();
    assert!(verify[8]["at"].as_i64().unwrap() > exp, "the clock moved past exp");
    assert!(verify[8]["response"]["body"]["reason"].as_str().unwrap().contains("token expired"));
    for exchange in verify {
        let explanation = exchange["explanation"].as_str().unwrap();
        assert!(!explanation.is_empty() && !explanation.contains('\n'), "{explanation}");
        assert!(!explanation.starts_with("unexpected"), "{explanation}");
    }
}

#[test]
fn text_transcript_is_plain_raw_http_with_a_why_line_per_exchange() {
    let transcript = text(&["--demo", "walkthrough"]);
    let document = json(&["--demo", "walkthrough", "--json"]);
    assert!(!transcript.contains('\x1b'), "plain text when stdout is not a terminal");
    for step in steps(&document) {
        assert!(transcript.contains(&format!("\n{}\n", step["title"].as_str().unwrap())));
        for exchange in exchanges(step) {
            let request = exchange["request"]["raw"].as_str().unwrap().trim_end();
            let response = exchange["response"]["raw"].as_str().unwrap().trim_end();
            assert!(transcript.contains(&format!("Request:\n{request}\n")), "{request}");
            assert!(transcript.contains(&format!("Response:\n{response}\n")), "{response}");
            assert!(transcript.contains(&format!("Why: {}\n", exchange["explanation"].as_str().unwrap())));
        }
    }
    let total: usize = steps(&document).iter().map(|s| exchanges(s).len()).sum();
    assert_eq!(transcript.matches("\nWhy: ").count(), total);
    assert!(transcript.contains(
        "Exchange 4.9: GET with the same JWT after the clock moved past exp, at 2026-01-01 00:15:01 UTC"
    ));
}

/// A reader that went away is a failed write like any other (exit 1, one line), not a panic and not
/// a silent success.
#[test]
fn a_closed_pipe_is_not_a_panic_but_a_failed_write() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jwt-session-tutor"))
        .args(["--demo", "walkthrough"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end before the transcript (written after argon2 hashing) arrives, like `| head -0`.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: cannot write to stdout: the reading end of the pipe was closed\n"
    );
}

/// Everything the binary printed in a pseudo-terminal.
fn in_terminal(args: &[&str]) -> String {
    use expectrl::{Eof, Expect, Session};
    let mut command = Command::new(env!("CARGO_BIN_EXE_jwt-session-tutor"));
    command.args(args).env_remove("NO_COLOR").env("TERM", "xterm-256color");
    let mut session = Session::spawn(command).unwrap();
    session.set_expect_timeout(Some(std::time::Duration::from_secs(60)));
    let captured = session.expect(Eof).unwrap();
    String::from_utf8_lossy(captured.get(0).unwrap_or_default()).into_owned()
}

#[test]
fn a_terminal_gets_bold_titles_and_coloured_status_lines_unless_no_color() {
    let coloured = in_terminal(&["--demo", "walkthrough"]);
    assert!(coloured.contains("\x1b[1mStep 3 Login: POST /api/auth\x1b[0m"), "{coloured:?}");
    assert!(coloured.contains("\x1b[31mHTTP/1.1 401 Unauthorized\x1b[0m"), "{coloured:?}");
    assert!(coloured.contains("\x1b[32mHTTP/1.1 200 OK\x1b[0m"), "{coloured:?}");
    let plain = in_terminal(&["--demo", "--no-color", "walkthrough"]);
    assert!(!plain.contains('\x1b'), "{plain:?}");
    assert!(plain.contains("Step 3 Login: POST /api/auth"));
}
