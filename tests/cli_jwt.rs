//! `jwt sign | decode | verify` through the built binary: what lands on stdout and stderr, and the exit code.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use jwt_session_tutor::auth::jwt::{self, Alg, VerifyOptions};
use serde_json::{Value, json};

const NOW: i64 = 1_767_225_600; // 2026-01-01 00:00:00 UTC
const WEAK: &str = "mysecretkey";
/// 32 bytes 0x00..0x1f: long enough for HS256.
const STRONG_B64: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

fn tutor(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jwt-session-tutor"));
    command.args(args).env_remove("NO_COLOR");
    command
}

fn run(args: &[&str]) -> Output {
    tutor(args).output().unwrap()
}

fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child =
        tutor(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// Asserts exit code 2, nothing on stdout, and exactly one `error: ...` line on stderr; returns that line.
fn assert_one_line_error(output: &Output) -> String {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(2), "stderr: {err}");
    assert_eq!(stdout(output), "", "nothing on stdout for an error");
    assert_eq!(err.lines().count(), 1, "exactly one line on stderr:\n{err}");
    assert!(err.starts_with("error: "), "{err}");
    err.trim_end().to_string()
}

fn sign(extra: &[&str]) -> String {
    let now = NOW.to_string();
    let mut args = vec!["jwt", "sign", "--now", &now];
    args.extend_from_slice(extra);
    let output = run(&args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 1, "only the token on stdout: {text:?}");
    text.trim_end().to_string()
}

fn payload(token: &str) -> serde_json::Map<String, Value> {
    jwt::decode(token).unwrap().payload.json
}

fn verifies_with(token: &str, key: &[u8], alg: Alg) -> bool {
    jwt::verify(token, &VerifyOptions { alg, key: Some(key.to_vec()), now: NOW, leeway: 0, audience: None })
        .is_valid()
}

// ---------------------------------------------------------------------------------------------- sign

#[test]
fn sign_prints_only_a_token_with_sub_iat_and_a_default_15_minute_exp() {
    let token = sign(&["--secret", &format!("b64:{STRONG_B64}"), "--sub", "1"]);
    let claims = payload(&token);
    assert_eq!(Value::Object(claims.clone()), json!({"sub": "1", "iat": NOW, "exp": NOW + 900}));
    assert_eq!(claims.keys().collect::<Vec<_>>(), ["sub", "iat", "exp"]);
    let key: Vec<u8> = (0u8..32).collect();
    assert!(verifies_with(&token, &key, Alg::HS256));
}

#[test]
fn sign_merges_claims_json_and_honours_alg_and_exp_in() {
    let token = sign(&[
        "--secret",
        "a much longer secret that is still just text!!",
        "--alg",
        "hs512",
        "--exp-in",
        "60",
        "--claims",
        r#"{"role": "admin", "iat": 5}"#,
    ]);
    let decoded = jwt::decode(&token).unwrap();
    assert_eq!(decoded.alg(), Some("HS512"));
    assert_eq!(decoded.signature.bytes.len(), 64);
    // --claims replaces iat in place and adds role after the defaults.
    assert_eq!(decoded.payload.decoded_text, format!(r#"{{"iat":5,"exp":{},"role":"admin"}}"#, NOW + 60));
    assert!(verifies_with(&token, b"a much longer secret that is still just text!!", Alg::HS512));
}

#[test]
fn sign_with_a_weak_secret_warns_on_one_stderr_line_but_still_signs() {
    let output = run(&["jwt", "sign", "--secret", WEAK, "--now", &NOW.to_string()]);
    assert_eq!(output.status.code(), Some(0));
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("warning: secret is 88 bits, too weak for HS256"), "{err}");
    assert!(err.contains("256 bits") && err.contains("RFC 7518"), "{err}");
    assert!(verifies_with(stdout(&output).trim(), WEAK.as_bytes(), Alg::HS256));

    let strong = run(&["jwt", "sign", "--secret", &format!("b64:{STRONG_B64}")]);
    assert_eq!(stderr(&strong), "", "no warning for a 256-bit key");
    let short_for_hs512 = run(&["jwt", "sign", "--secret", &format!("b64:{STRONG_B64}"), "--alg", "HS512"]);
    let err = stderr(&short_for_hs512);
    assert!(err.contains("256 bits, too weak for HS512") && err.contains("openssl rand -base64 64"), "{err}");
}

#[test]
fn sign_rejects_claims_that_are_not_a_json_object() {
    let err = assert_one_line_error(&run(&["jwt", "sign", "--secret", WEAK, "--claims", "[1, 2]"]));
    assert!(err.contains("--claims must be a JSON object") && err.contains("an array"), "{err}");
    let err = assert_one_line_error(&run(&["jwt", "sign", "--secret", WEAK, "--claims", "{\"role\": }"]));
    assert!(err.contains("--claims is not valid JSON") && err.contains("column"), "{err}");
    let err = assert_one_line_error(&run(&[
        "jwt",
        "sign",
        "--secret",
        WEAK,
        "--sub",
        "1",
        "--claims",
        r#"{"sub":"2"}"#,
    ]));
    assert!(err.contains("sub is given twice"), "{err}");
    let err = assert_one_line_error(&run(&[
        "jwt",
        "sign",
        "--secret",
        WEAK,
        "--exp-in",
        "5",
        "--claims",
        r#"{"exp":1}"#,
    ]));
    assert!(err.contains("exp is given twice"), "{err}");
}

#[test]
fn secret_forms_text_base64_base64url_and_file_give_the_same_key() {
    let key = [0xfbu8, 0xff, 0xbf, 0x01, 0x02];
    let reference = sign(&["--secret", "b64:+/+/AQI="]);
    assert!(verifies_with(&reference, &key, Alg::HS256));
    for form in ["b64:+/+/AQI", "b64:-_-_AQI", "b64:-_-_AQI="] {
        assert_eq!(sign(&["--secret", form]), reference, "{form}");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret.txt");
    std::fs::write(&path, "mysecretkey\n").unwrap();
    assert_eq!(sign(&["--secret", &format!("@{}", path.display())]), sign(&["--secret", WEAK]));
}

#[test]
fn bad_secrets_are_usage_errors_naming_the_problem() {
    let err = assert_one_line_error(&run(&["jwt", "sign", "--secret", "b64:ab*cd"]));
    assert!(err.contains("not base64") && err.contains("'*' at position 3"), "{err}");
    let err = assert_one_line_error(&run(&["jwt", "sign", "--secret", "b64:ab+c-d"]));
    assert!(err.contains("mixes"), "{err}");
    let err = assert_one_line_error(&run(&["jwt", "sign", "--secret", "@/no/such/secret-file"]));
    assert!(err.contains("cannot read secret file /no/such/secret-file"), "{err}");
    let err = assert_one_line_error(&run(&["jwt", "sign", "--secret", ""]));
    assert!(err.contains("secret is empty"), "{err}");
}

#[test]
fn clap_usage_errors_exit_2() {
    for args in [
        &["jwt", "sign"][..],
        &["jwt", "sign", "--secret", "x", "--alg", "RS256"],
        &["jwt", "sign", "--secret", "x", "--exp-in", "-5"],
        &["jwt", "verify", "abc"],
        &["jwt", "decode"],
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stdout(&output), "", "{args:?}");
    }
    let output = run(&["jwt", "sign", "--secret", "x", "--alg", "RS256"]);
    assert!(stderr(&output).contains("expected HS256, HS384 or HS512"), "{}", stderr(&output));
}

// -------------------------------------------------------------------------------------------- decode

fn login_like_token() -> String {
    sign(&["--secret", WEAK, "--sub", "1", "--claims", r#"{"nbf": 1767225500, "role": "admin"}"#])
}

#[test]
fn decode_shows_header_payload_signature_dates_and_claim_descriptions() {
    let token = login_like_token();
    let output = run(&["jwt", "decode", &token]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.contains("{\n  \"typ\": \"JWT\",\n  \"alg\": \"HS256\"\n}"), "{text}");
    assert!(
        text.contains(&format!(
            "{{\n  \"sub\": \"1\",\n  \"iat\": {NOW},\n  \"exp\": {},\n  \"nbf\": 1767225500,\n  \"role\": \"admin\"\n}}",
            NOW + 900
        )),
        "payload pretty-printed in the original order:\n{text}"
    );
    let signature = token.rsplit('.').next().unwrap();
    assert!(text.contains(&format!("{signature} (32 bytes)")), "{text}");
    assert!(text.contains("iat: 1767225600 (2026-01-01 00:00:00 UTC)  issued at:"), "{text}");
    assert!(text.contains("exp: 1767226500 (2026-01-01 00:15:00 UTC)  expiration time:"), "{text}");
    assert!(text.contains("nbf: 1767225500 (2025-12-31 23:58:20 UTC)  not before:"), "{text}");
    assert!(text.contains("sub: \"1\"  subject:"), "{text}");
    assert!(!text.contains("role:"), "only registered claims get a description");
    assert!(text.contains("signature was NOT verified"), "{text}");
    assert!(!text.contains('\x1b'), "plain output when stdout is not a terminal");
}

#[test]
fn decode_json_is_one_object_in_original_key_order() {
    let token = login_like_token();
    let output = run(&["jwt", "decode", "--json", &token]);
    assert_eq!(output.status.code(), Some(0));
    let document: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        document,
        json!({
            "header": {"typ": "JWT", "alg": "HS256"},
            "payload": {"sub": "1", "iat": NOW, "exp": NOW + 900, "nbf": 1_767_225_500, "role": "admin"},
            "signature": token.rsplit('.').next().unwrap(),
        })
    );
    let keys: Vec<&String> = document["payload"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["sub", "iat", "exp", "nbf", "role"]);
    assert_eq!(document.as_object().unwrap().keys().collect::<Vec<_>>(), ["header", "payload", "signature"]);
}

#[test]
fn decode_reads_stdin_for_dash_and_trims_whitespace() {
    let token = login_like_token();
    let from_stdin =
        run_with_stdin(&["jwt", "decode", "--json", "-"], format!("\n  {token}\r\n\n").as_bytes());
    assert_eq!(from_stdin.status.code(), Some(0), "{}", stderr(&from_stdin));
    assert_eq!(stdout(&from_stdin), stdout(&run(&["jwt", "decode", "--json", &token])));
    let err = assert_one_line_error(&run_with_stdin(&["jwt", "decode", "-"], b"  \n"));
    assert!(err.contains("token is empty"), "{err}");
    let err = assert_one_line_error(&run_with_stdin(&["jwt", "decode", "-"], b"\xff\xfe.x.y"));
    assert!(err.contains("stdin is not UTF-8"), "{err}");
}

#[test]
fn malformed_tokens_exit_2_with_one_line_naming_the_segment() {
    let header = "eyJhbGciOiJIUzI1NiJ9"; // {"alg":"HS256"}
    let cases = [
        ("abc".to_string(), "token has 1 segment; a JWT has 3"),
        ("a.b.c.d".to_string(), "token has 4 segments"),
        (
            format!("{header}.eyJzdWIiOiIxIn*.sig"),
            "payload is not base64url: invalid character '*' at position 15",
        ),
        (format!("{header}.e30.ab+c"), "signature is not base64url: invalid character '+' at position 3"),
        ("eyJhbGciOiJIUzI1NiIsfQ.e30.".to_string(), "header is not JSON: trailing comma at line 1 column 16"),
        (format!("{header}.WzEsMl0.x"), "payload is JSON an array, not an object"),
        (format!("{header}.{}.x", "A".repeat(9000)), "refused before parsing"),
    ];
    for (token, expected) in &cases {
        for command in [&["jwt", "decode", token.as_str()][..], &["jwt", "verify", token, "--secret", WEAK]] {
            let err = assert_one_line_error(&run(command));
            assert!(err.starts_with("error: cannot decode the token: "), "{err}");
            assert!(err.contains(expected), "{command:?}: {err}");
        }
    }
}

// -------------------------------------------------------------------------------------------- verify

fn verify(token: &str, extra: &[&str]) -> Output {
    let mut args = vec!["jwt", "verify", token];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn verify_valid_token_exits_0_with_the_report_valid_and_the_claims() {
    let token = sign(&["--secret", WEAK, "--sub", "1"]);
    let output = verify(&token, &["--secret", WEAK, "--now", &(NOW + 60).to_string()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let text = stdout(&output);
    assert!(text.contains("Checked at 2026-01-01 00:01:00 UTC (now = 1767225660)"), "{text}");
    assert!(text.contains("decoded: yes"), "{text}");
    assert!(text.contains("algorithm: allowed (header alg \"HS256\", pinned HS256)"), "{text}");
    assert!(text.contains("signature: valid (HS256 with the given secret)"), "{text}");
    assert!(
        text.contains("claims: valid (expires in 14m 0s, at 2026-01-01 00:15:00 UTC; leeway 0s)"),
        "leeway shown even when 0:\n{text}"
    );
    assert!(
        text.ends_with(&format!(
            "\nvalid\n{{\n  \"sub\": \"1\",\n  \"iat\": {NOW},\n  \"exp\": {}\n}}\n",
            NOW + 900
        )),
        "{text}"
    );
    assert!(
        stderr(&output).starts_with("warning: secret is 88 bits, too weak for HS256"),
        "{}",
        stderr(&output)
    );
    assert!(!text.contains('\x1b'));
}

#[test]
fn verify_expired_token_exits_1_and_leeway_changes_the_verdict() {
    let token = sign(&["--secret", WEAK, "--exp-in", "60"]);
    let later = (NOW + 90).to_string();
    let output = verify(&token, &["--secret", WEAK, "--now", &later]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("signature: valid"), "signature reported apart from claims:\n{text}");
    assert!(text.contains("claims: expired 30s ago, at 2026-01-01 00:01:00 UTC (leeway 0s)"), "{text}");
    assert!(
        text.ends_with("\nrejected: token expired 30s ago, at 2026-01-01 00:01:00 UTC (leeway 0s)\n"),
        "{text}"
    );
    let lenient = verify(&token, &["--secret", WEAK, "--now", &later, "--leeway", "31"]);
    assert_eq!(lenient.status.code(), Some(0), "{}", stdout(&lenient));
    assert!(
        stdout(&lenient).contains(
            "claims: valid only thanks to the leeway (expired 30s ago, at 2026-01-01 00:01:00 UTC; leeway 31s)"
        ),
        "{}",
        stdout(&lenient)
    );
    let edge = verify(&token, &["--secret", WEAK, "--now", &later, "--leeway", "30"]);
    assert_eq!(edge.status.code(), Some(1));
}

#[test]
fn verify_wrong_secret_reports_signature_invalid_and_claims_separately() {
    let token = sign(&["--secret", WEAK, "--sub", "1"]);
    let output = verify(
        &token,
        &["--secret", "b64:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8", "--now", &NOW.to_string()],
    );
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("signature: invalid (signature does not match HS256 with this key)"), "{text}");
    assert!(text.contains("claims: valid (expires in 15m 0s"), "{text}");
    assert!(
        text.ends_with("\nrejected: signature does not match (wrong secret or altered token)\n"),
        "{text}"
    );
    assert_eq!(stderr(&output), "", "a 256-bit key gets no warning");
}

#[test]
fn verify_pins_the_algorithm_and_reports_not_yet_valid() {
    let hs512 = sign(&["--secret", WEAK, "--alg", "HS512"]);
    let output = verify(&hs512, &["--secret", WEAK, "--now", &NOW.to_string()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("rejected: header alg is \"HS512\" but only HS256 is allowed"));
    let accepted = verify(&hs512, &["--secret", WEAK, "--alg", "HS512", "--now", &NOW.to_string()]);
    assert_eq!(accepted.status.code(), Some(0));

    let future = sign(&["--secret", WEAK, "--claims", &format!(r#"{{"nbf": {}}}"#, NOW + 120)]);
    let output = verify(&future, &["--secret", WEAK, "--now", &NOW.to_string()]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.contains("claims: not yet valid, starts in 2m 0s, at 2026-01-01 00:02:00 UTC (leeway 0s)"),
        "{text}"
    );
}

#[test]
fn verify_refuses_alg_none_and_missing_exp() {
    // {"alg":"none"} . {"sub":"1","exp":9999999999} . (empty)
    let unsigned = "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIiwiZXhwIjo5OTk5OTk5OTk5fQ.";
    let output = verify(unsigned, &["--secret", WEAK]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("algorithm: rejected"), "{text}");
    assert!(text.contains("rejected: header alg is \"none\": unsigned tokens are never accepted"), "{text}");

    let no_exp = sign(&["--secret", WEAK, "--claims", r#"{"exp": null}"#]);
    let output = verify(&no_exp, &["--secret", WEAK]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("exp is not a number of seconds (found null)"), "{}", stdout(&output));
}

#[test]
fn verify_reads_the_token_from_stdin() {
    let token = sign(&["--secret", WEAK]);
    let output = run_with_stdin(
        &["jwt", "verify", "-", "--secret", WEAK, "--now", &NOW.to_string()],
        format!("{token}\n").as_bytes(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

// ------------------------------------------------------------------------------------------- colour

/// Runs the binary in a pseudo-terminal and returns everything it printed.
fn in_terminal(args: &[&str], no_color: Option<&str>) -> String {
    use expectrl::{Eof, Expect, Session};
    let mut command = tutor(args);
    command.env("TERM", "xterm-256color");
    if let Some(value) = no_color {
        command.env("NO_COLOR", value);
    }
    let mut session = Session::spawn(command).unwrap();
    session.set_expect_timeout(Some(std::time::Duration::from_secs(30)));
    let captured = session.expect(Eof).unwrap();
    String::from_utf8_lossy(captured.get(0).unwrap_or_default()).into_owned()
}

#[test]
fn a_terminal_gets_colour_and_symbols_unless_no_color_is_set() {
    let token = sign(&["--secret", WEAK]);
    let args = ["jwt", "verify", token.as_str(), "--secret", WEAK, "--now", "1767225600"];
    let coloured = in_terminal(&args, None);
    assert!(coloured.contains("\x1b[32m✓\x1b[0m signature: valid"), "{coloured:?}");
    let plain = in_terminal(&args, Some("1"));
    assert!(!plain.contains('\x1b') && !plain.contains('✓'), "{plain:?}");
    assert!(plain.contains("signature: valid"), "{plain:?}");
    // An empty NO_COLOR does not count (no-color.org).
    assert!(in_terminal(&args, Some("")).contains('\x1b'));
}

#[test]
fn demo_fixes_the_default_clock_for_sign_and_verify() {
    let output = run(&["--demo", "jwt", "sign", "--secret", WEAK]);
    let token = stdout(&output).trim().to_string();
    assert_eq!(payload(&token)["iat"], NOW, "--demo clock is 2026-01-01 00:00:00 UTC");
    assert_eq!(
        stdout(&run(&["jwt", "sign", "--secret", WEAK, "--demo"])).trim(),
        token,
        "same token every run"
    );
    let verified = run(&["--demo", "jwt", "verify", &token, "--secret", WEAK]);
    assert!(stdout(&verified).starts_with("Checked at 2026-01-01 00:00:00 UTC (now = 1767225600)"));
    let explicit = run(&["--demo", "jwt", "sign", "--secret", WEAK, "--now", "5"]);
    assert_eq!(payload(stdout(&explicit).trim())["iat"], 5, "an explicit --now wins");
}

#[test]
fn decode_does_not_print_a_false_date_for_an_out_of_range_time() {
    // {"alg":"HS256"} . {"exp":1e300} . (empty)
    let output = run(&["jwt", "decode", "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjFlMzAwfQ."]);
    let text = stdout(&output);
    assert!(text.contains("exp: 1e+300 (beyond any calendar date"), "{text}");
}

// ------------------------------------------------------------------------- issue 13: the verifier

/// A token with this header and payload text, signed with HS256 and the weak key.
fn signed_raw(header: &str, payload: &str) -> String {
    use base64::Engine;
    let b64 = |text: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text);
    let input = format!("{}.{}", b64(header), b64(payload));
    let signature = jsonwebtoken::crypto::sign(
        input.as_bytes(),
        &jsonwebtoken::EncodingKey::from_secret(WEAK.as_bytes()),
        jsonwebtoken::Algorithm::HS256,
    )
    .unwrap();
    format!("{input}.{signature}")
}

#[test]
fn verify_rejects_a_token_with_an_aud_unless_aud_names_it() {
    let token = signed_raw(r#"{"alg":"HS256"}"#, &format!(r#"{{"aud":"api","exp":{}}}"#, NOW + 900));
    let now = NOW.to_string();
    let without = verify(&token, &["--secret", WEAK, "--now", &now]);
    assert_eq!(without.status.code(), Some(1));
    assert!(
        stdout(&without).contains("rejected: token is meant for audience \"api\", and no expected audience")
    );
    let with = verify(&token, &["--secret", WEAK, "--now", &now, "--aud", "api"]);
    assert_eq!(with.status.code(), Some(0), "{}", stdout(&with));
    let other = verify(&token, &["--secret", WEAK, "--now", &now, "--aud", "web"]);
    assert!(
        stdout(&other)
            .ends_with("rejected: token audience \"api\" does not include the expected audience \"web\"\n")
    );
}

#[test]
fn verify_reports_crit_b64_and_claim_types_on_their_own_lines() {
    let now = NOW.to_string();
    let exp = NOW + 900;
    let crit = signed_raw(r#"{"alg":"HS256","crit":["x"],"x":1}"#, &format!(r#"{{"exp":{exp}}}"#));
    let out = stdout(&verify(&crit, &["--secret", WEAK, "--now", &now]));
    assert!(
        out.contains(
            "\nheader: rejected (header crit names \"x\", an extension this verifier does not understand"
        ),
        "{out}"
    );
    assert!(out.contains("\nsignature: valid"), "{out}");
    let b64 = signed_raw(r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#, &format!(r#"{{"exp":{exp}}}"#));
    assert!(
        stdout(&verify(&b64, &["--secret", WEAK, "--now", &now])).contains("rejected: header b64 is false")
    );
    let sub = signed_raw(r#"{"alg":"HS256"}"#, &format!(r#"{{"sub":1,"exp":{exp}}}"#));
    let out = verify(&sub, &["--secret", WEAK, "--now", &now]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("claims: sub must be a string (RFC 7519 §4.1.2), found 1"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_fractional_exp_just_ahead_is_valid_and_says_so() {
    let token = signed_raw(r#"{"alg":"HS256"}"#, &format!(r#"{{"exp":{NOW}.5}}"#));
    let out = verify(&token, &["--secret", WEAK, "--now", &NOW.to_string()]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.contains("claims: valid (expires in under 1s, at 2026-01-01 00:00:00 UTC; leeway 0s)"),
        "{text}"
    );
    assert!(!text.contains("thanks to the leeway"), "{text}");
}

#[test]
fn a_leeway_over_five_minutes_is_warned_about_in_the_report() {
    let token = sign(&["--secret", WEAK, "--sub", "1"]);
    let out = verify(&token, &["--secret", WEAK, "--now", &(NOW + 1000).to_string(), "--leeway", "600"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("claims: valid only thanks to the leeway (expired 1m 40s ago"), "{text}");
    assert!(text.contains("\nwarning: leeway 10m 0s is over 5 minutes"), "{text}");
    let small = stdout(&verify(&token, &["--secret", WEAK, "--now", &NOW.to_string(), "--leeway", "300"]));
    assert!(!small.contains("warning"), "{small}");
}

#[test]
fn decode_names_duplicate_keys_and_which_value_counts() {
    let token = signed_raw(r#"{"alg":"none","alg":"HS256"}"#, r#"{"sub":"1","sub":"2","exp":1}"#);
    let text = stdout(&run(&["jwt", "decode", &token]));
    assert!(text.contains(
        "Note: the header has the key \"alg\" more than once: the raw text keeps every copy, and the last \
         value (shown above) is the one that counts"
    ), "{text}");
    assert!(text.contains("Note: the payload has the key \"sub\" more than once"), "{text}");
    assert!(text.contains("  sub: \"2\""), "{text}");
    let json = run(&["jwt", "decode", "--json", &token]);
    assert!(stderr(&json).starts_with("warning: the header has the key \"alg\" more than once"));
}

#[test]
fn decode_and_verify_escape_del_c1_and_bidi_characters_in_claims() {
    let payload =
        format!("{{\"sub\":\"a\u{7f}b\u{9b}2J\u{202e}c\",\"role\":\"\u{2066}x\",\"exp\":{}}}", NOW + 900);
    let token = signed_raw(r#"{"alg":"HS256"}"#, &payload);
    let decoded = stdout(&run(&["jwt", "decode", &token]));
    let verified = stdout(&verify(&token, &["--secret", WEAK, "--now", &NOW.to_string()]));
    let json = stdout(&run(&["jwt", "decode", "--json", &token]));
    for text in [&decoded, &verified, &json] {
        assert!(!text.contains(['\u{7f}', '\u{9b}', '\u{202e}', '\u{2066}']), "{text:?}");
    }
    assert!(decoded.contains(r#""sub": "a\u007fb\u009b2J\u202ec""#), "{decoded}");
    assert!(decoded.contains(r#"  sub: "a\u007fb\u009b2J\u202ec""#), "{decoded}");
    let parsed: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed["payload"]["sub"], "a\u{7f}b\u{9b}2J\u{202e}c", "the JSON still means the same");
}

#[test]
fn sign_warns_when_its_own_verify_would_refuse_the_token() {
    let secret = format!("b64:{STRONG_B64}");
    let warned = |extra: &[&str]| {
        let now = NOW.to_string();
        let mut args = vec!["jwt", "sign", "--secret", &secret, "--now", &now];
        args.extend_from_slice(extra);
        let out = run(&args);
        assert_eq!(out.status.code(), Some(0));
        let err = stderr(&out);
        assert!(err.lines().count() <= 1, "{err}");
        err
    };
    assert_eq!(warned(&["--sub", "1"]), "");
    let big = format!("{{\"blob\":\"{}\"}}", "x".repeat(9000));
    assert!(
        warned(&["--claims", &big]).starts_with("warning: the token is 12"),
        "{}",
        warned(&["--claims", &big])
    );
    assert_eq!(
        warned(&["--claims", r#"{"nbf":"soon"}"#]),
        "warning: `jwt verify` would reject this token now: nbf is not a number of seconds (found \"soon\")\n"
    );
    assert_eq!(
        warned(&["--claims", r#"{"iat":"now"}"#]),
        "warning: `jwt verify` would reject this token now: iat is not a number of seconds (found \"now\")\n"
    );
    assert!(
        warned(&["--claims", r#"{"aud":"api"}"#]).ends_with("(pass the audience with `jwt verify --aud`)\n")
    );
}
