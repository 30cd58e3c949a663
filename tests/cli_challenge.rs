//! `challenge list | try` through the built binary: each challenge solved (exit 0) with a credential
//! forged by hand in this test (support/forge.rs: base64url + HMAC, not the tutorial's jwt code),
//! refused (exit 1, with the server's reason) when wrong, and usage mistakes (exit 2, one line).

use std::process::{Command, Output};

use serde_json::{Value, json};

#[path = "support/forge.rs"]
mod forge;

fn run(args: &[&str]) -> Output {
    let state = tempfile::tempdir().unwrap();
    run_saving_in(state.path(), args)
}

/// `args` with progress kept in `state` (never the real one). --demo fixes the clock, so the tokens
/// `list` hands out are the ones `try` expects.
fn run_saving_in(state: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jwt-session-tutor"))
        .env("XDG_STATE_HOME", state)
        .arg("--demo")
        .args(args)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// `challenge list --json`, by name.
fn briefings() -> Vec<Value> {
    let output = run(&["challenge", "list", "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    serde_json::from_str::<Value>(&stdout(&output)).unwrap().as_array().unwrap().clone()
}

fn briefing<'a>(all: &'a [Value], name: &str) -> &'a Value {
    all.iter().find(|item| item["name"] == name).unwrap_or_else(|| panic!("no challenge {name}"))
}

fn try_json(name: &str, flag: &str, value: &str) -> (Option<i32>, Value) {
    let output = run(&["challenge", "try", name, flag, value, "--json"]);
    (output.status.code(), serde_json::from_str(&stdout(&output)).unwrap_or(Value::Null))
}

fn payload_as_user_2(token: &str) -> Value {
    let mut payload = forge::read_segment(token, 1);
    payload["sub"] = json!("2");
    payload
}

#[test]
fn list_names_five_challenges_with_goals_and_real_captured_tokens() {
    let all = briefings();
    let names: Vec<&str> = all.iter().map(|item| item["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["alg-none", "weak-secret", "decode-only", "jwt-after-logout", "session-fixation"]);
    for item in &all {
        assert!(!item["goal"].as_str().unwrap().is_empty());
    }
    let weak = briefing(&all, "weak-secret");
    let token = weak["capturedToken"].as_str().unwrap();
    let (input, signature) = token.rsplit_once('.').unwrap();
    assert_eq!(forge::hs256(input, b"mysecretkey"), signature, "captured from the seed-secret server");
    let text = stdout(&run(&["challenge", "list"]));
    assert!(text.contains("alg-none  alg: none against an unpinned verifier\n  goal: "), "{text}");
    assert!(text.contains("  word list: secret password "), "{text}");
}

#[test]
fn every_challenge_is_solved_by_a_hand_forged_credential_and_refused_when_wrong() {
    let all = briefings();
    let token = |name: &str| briefing(&all, name)["capturedToken"].as_str().unwrap().to_string();

    let alg_none = token("alg-none");
    let unsigned = format!(
        "{}.{}.",
        forge::segment(&json!({"alg": "none", "typ": "JWT"})),
        forge::segment(&payload_as_user_2(&alg_none))
    );
    let (code, result) = try_json("alg-none", "--token", &unsigned);
    assert_eq!((code, &result["solved"]), (Some(0), &json!(true)), "{result}");
    assert_eq!(
        result["correctVerdict"],
        "refused: header alg is \"none\": unsigned tokens are never accepted"
    );

    let weak = token("weak-secret");
    let words: Vec<&str> = briefing(&all, "weak-secret")["wordlist"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    let secret = forge::crack(&weak, words).expect("cracked");
    let header = json!({"alg": "HS256", "typ": "JWT"});
    let forged = forge::signed(&header, &json!({"sub": "2", "exp": 1_767_229_200}), secret.as_bytes());
    let (code, result) = try_json("weak-secret", "--token", &forged);
    assert_eq!(code, Some(0), "{result}");
    assert_eq!(result["correctVerdict"], "refused: signature does not match (wrong secret or altered token)");
    let wrong_guess = forge::signed(&header, &json!({"sub": "2", "exp": 1_767_229_200}), b"secret123");
    let output = run(&["challenge", "try", "weak-secret", "--token", &wrong_guess]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("not solved: the server refused it: signature does not match"),
        "{}",
        stdout(&output)
    );

    let decode = token("decode-only");
    let parts: Vec<&str> = decode.split('.').collect();
    let edited = format!("{}.{}.{}", parts[0], forge::segment(&payload_as_user_2(&decode)), parts[2]);
    let (code, result) = try_json("decode-only", "--token", &edited);
    assert_eq!(code, Some(0), "{result}");
    // The captured token unchanged is accepted, but for the wrong user.
    let (code, result) = try_json("decode-only", "--token", &decode);
    assert_eq!(code, Some(1), "the captured token is user 1's: {result}");
    assert_eq!(result["why"], "accepted, but as user 1: the goal is user 2");

    let stolen = token("jwt-after-logout");
    let output = run(&["challenge", "try", "jwt-after-logout", "--token", &stolen]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let text = stdout(&output);
    assert!(text.contains("[victim] POST /api/auth/logout: 200 OK"), "{text}");
    assert!(text.contains("solved: the stolen JWT still works after logout"), "{text}");
    assert!(text.contains("refused: token revoked (jti "), "{text}");
    let cookie = briefing(&all, "jwt-after-logout")["stolenCookie"].as_str().unwrap().to_string();
    let (code, result) = try_json("jwt-after-logout", "--cookie", &cookie);
    assert_eq!(code, Some(1), "the session cookie died at logout: {result}");
    assert_eq!(result["server"]["status"], 401);

    let (code, result) = try_json("session-fixation", "--cookie", "nextjs-session=planted-by-me");
    assert_eq!(code, Some(0), "{result}");
    assert_eq!(result["correctServer"]["status"], 401);
}

#[test]
fn the_alg_none_token_is_refused_where_the_algorithm_is_pinned() {
    let all = briefings();
    let token = briefing(&all, "weak-secret")["capturedToken"].as_str().unwrap().to_string();
    let unsigned = format!(
        "{}.{}.",
        forge::segment(&json!({"alg": "none"})),
        forge::segment(&payload_as_user_2(&token))
    );
    // weak-secret's server pins HS256: the unsigned token gets nowhere, and says why.
    let (code, result) = try_json("weak-secret", "--token", &unsigned);
    assert_eq!(code, Some(1));
    assert_eq!(
        result["why"],
        "the server refused it: header alg is \"none\": unsigned tokens are never accepted"
    );
}

#[test]
fn usage_mistakes_exit_2_with_one_line() {
    for (args, expected) in [
        (
            &["challenge", "try", "nope", "--token", "a.b.c"][..],
            "error: invalid value 'nope' for '<NAME>' [possible values: alg-none, weak-secret, decode-only, \
             jwt-after-logout, session-fixation] (see --help)",
        ),
        (
            &["challenge", "try", "alg-none"][..],
            "error: the following required arguments were not provided: <--token <TOKEN>|--cookie <COOKIE>> \
             (see --help)",
        ),
        (
            &["challenge", "try", "alg-none", "--token", "a", "--cookie", "b"][..],
            "error: the argument '--token <TOKEN>' cannot be used with '--cookie <COOKIE>' (see --help)",
        ),
        (
            &["challenge", "try", "session-fixation", "--token", "a.b.c"][..],
            "error: challenge session-fixation takes --cookie (see `challenge list`)",
        ),
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&output), format!("{expected}\n"), "{args:?}");
        assert!(stdout(&output).is_empty());
    }
    assert_eq!(run(&["challenge"]).status.code(), Some(2));
}

#[test]
fn a_solve_is_saved_in_progress_and_a_failure_is_not() {
    let state = tempfile::tempdir().unwrap();
    let progress = state.path().join("jwt-session-tutor").join("progress.json");
    let refused = run_saving_in(state.path(), &["challenge", "try", "alg-none", "--token", "a.b.c"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(!progress.exists(), "nothing solved, nothing saved");
    let solved = run_saving_in(state.path(), &["challenge", "try", "session-fixation", "--cookie", "mine"]);
    assert_eq!(solved.status.code(), Some(0), "{}", stderr(&solved));
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&progress).unwrap()).unwrap();
    assert_eq!(saved["challenges_solved"], json!(["session-fixation"]));
}

#[test]
fn a_token_piped_on_stdin_is_tried_like_an_argument() {
    use std::io::Write;
    use std::process::Stdio;
    let state = tempfile::tempdir().unwrap();
    let all = briefings();
    let token = briefing(&all, "jwt-after-logout")["capturedToken"].as_str().unwrap().to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_jwt-session-tutor"))
        .env("XDG_STATE_HOME", state.path())
        .args(["--demo", "challenge", "try", "jwt-after-logout", "--token", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{token}\n").as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("solved: the stolen JWT still works after logout"));
}
