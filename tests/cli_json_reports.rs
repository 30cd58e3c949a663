//! `jwt verify --json` and `lessons check --json` through the built binary: the same verdicts and exit
//! codes as the text reports, as one JSON object a script can read.

use std::process::{Command, Output};

use serde_json::{Value, json};

#[path = "support/lesson_copy.rs"]
mod lesson_copy;
use lesson_copy::{copy_of_builtin_lessons, edit};

const NOW: i64 = 1_767_225_600; // 2026-01-01 00:00:00 UTC
const WEAK: &str = "mysecretkey";
const STRONG: &str = "b64:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jwt-session-tutor")).args(args).output().unwrap()
}

fn json_stdout(output: &Output) -> Value {
    let text = String::from_utf8(output.stdout.clone()).unwrap();
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("not one JSON document ({error}):\n{text}"))
}

fn sign(extra: &[&str]) -> String {
    let now = NOW.to_string();
    let mut args = vec!["jwt", "sign", "--now", &now];
    args.extend_from_slice(extra);
    let output = run(&args);
    assert_eq!(output.status.code(), Some(0));
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

fn verify_json(token: &str, extra: &[&str]) -> (Option<i32>, Value) {
    let mut args = vec!["jwt", "verify", token, "--json"];
    args.extend_from_slice(extra);
    let output = run(&args);
    (output.status.code(), json_stdout(&output))
}

#[test]
fn a_valid_token_reports_each_check_valid_and_exits_0() {
    let token = sign(&["--secret", STRONG, "--sub", "1"]);
    let (code, report) = verify_json(&token, &["--secret", STRONG, "--now", &(NOW + 60).to_string()]);
    assert_eq!(code, Some(0));
    assert_eq!(report["algorithm"], json!({ "status": "allowed", "header_alg": "HS256", "pinned": "HS256" }));
    assert_eq!(report["signature"], json!({ "status": "valid" }));
    assert_eq!(
        report["claims"],
        json!({ "status": "valid", "exp": NOW + 900, "only_thanks_to_leeway": false })
    );
    assert_eq!((&report["valid"], &report["reason"]), (&json!(true), &Value::Null));
    assert_eq!(report["payload"], json!({ "sub": "1", "iat": NOW, "exp": NOW + 900 }));
    assert_eq!((&report["now"], &report["leeway_seconds"]), (&json!(NOW + 60), &json!(0)));
    assert_eq!(report["checked_at"], "2026-01-01 00:01:00 UTC");
}

#[test]
fn the_three_checks_are_reported_apart_and_the_first_failure_is_the_reason() {
    // Wrong secret on an expired token: signature invalid and claims expired, each said.
    let token = sign(&["--secret", WEAK, "--exp-in", "60"]);
    let (code, report) = verify_json(&token, &["--secret", STRONG, "--now", &(NOW + 90).to_string()]);
    assert_eq!(code, Some(1));
    assert_eq!(report["algorithm"]["status"], "allowed");
    assert_eq!(report["signature"]["status"], "invalid");
    assert_eq!(report["claims"], json!({ "status": "expired", "exp": NOW + 60, "expired_seconds_ago": 30 }));
    assert_eq!(report["valid"], false);
    assert_eq!(report["reason"], "signature does not match (wrong secret or altered token)");

    // The right secret and enough leeway: valid, and said to be thanks to the leeway.
    let (code, report) =
        verify_json(&token, &["--secret", WEAK, "--now", &(NOW + 90).to_string(), "--leeway", "31"]);
    assert_eq!(code, Some(0));
    assert_eq!(report["claims"]["only_thanks_to_leeway"], true);
    assert_eq!(report["leeway_seconds"], 31);
}

#[test]
fn alg_none_is_rejected_in_the_algorithm_check() {
    // {"alg":"none"} . {"sub":"1","exp":9999999999} . (empty)
    let unsigned = "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIiwiZXhwIjo5OTk5OTk5OTk5fQ.";
    let (code, report) = verify_json(unsigned, &["--secret", STRONG]);
    assert_eq!(code, Some(1));
    assert_eq!(report["algorithm"]["status"], "rejected");
    assert_eq!(report["algorithm"]["header_alg"], "none");
    assert_eq!(report["reason"], "header alg is \"none\": unsigned tokens are never accepted");
}

#[test]
fn a_token_that_does_not_decode_is_still_a_one_line_usage_error() {
    let output = run(&["jwt", "verify", "not-a-token", "--secret", STRONG, "--json"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(output.stdout, b"");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: cannot decode the token"), "{stderr}");
}

#[test]
fn lessons_check_json_counts_the_builtin_lessons() {
    let output = run(&["lessons", "check", "--json"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(json_stdout(&output), json!({ "ok": true, "lessons": 11, "questions": 45, "problems": [] }));
}

#[test]
fn lessons_check_json_lists_each_problem_with_its_position() {
    let dir = copy_of_builtin_lessons();
    edit(dir.path(), "01-concept.toml", "title = ", "titel = ");

    let output = run(&["lessons", "check", "--json", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let report = json_stdout(&output);
    assert_eq!(report["ok"], false);
    let file = dir.path().join("01-concept.toml").display().to_string();
    assert_eq!(
        report["problems"],
        json!([
            { "file": file, "line": 1, "column": 1, "message": "missing field `title`" },
            { "file": file, "line": 3, "column": 1, "message": "unknown field `titel`: did you mean `title`?" },
        ])
    );
}

#[test]
fn lessons_check_json_of_a_missing_folder_is_a_usage_error() {
    let output = run(&["lessons", "check", "--json", "/no/such/lesson/folder"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(output.stdout, b"");
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "error: lesson folder /no/such/lesson/folder does not exist\n"
    );
}
