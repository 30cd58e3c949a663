//! The binary's front door: --version and --help work and exit 0; unknown input exits 2.

use std::process::Command;

fn tutor() -> Command {
    Command::new(env!("CARGO_BIN_EXE_jwt-session-tutor"))
}

#[test]
fn version_prints_name_and_version() {
    let out = tutor().arg("--version").output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.trim(), format!("jwt-session-tutor {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn help_lists_the_subcommands() {
    let out = tutor().arg("--help").output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    for sub in ["jwt", "walkthrough", "lessons", "quiz"] {
        assert!(stdout.contains(sub), "--help does not mention `{sub}`:\n{stdout}");
    }
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let out = tutor().arg("frobnicate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn usage_errors_are_one_line_naming_the_argument() {
    for args in [&["frobnicate"][..], &["jwt", "sign", "--secret", "s", "--alg", "RS256"], &["jwt", "sign"]] {
        let out = tutor().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?} printed:\n{stderr}");
        assert!(stderr.starts_with("error: "), "{stderr}");
    }
    let out = tutor().args(["jwt", "sign", "--secret", "s", "--alg", "RS256"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("RS256"));
}

#[test]
fn no_color_is_accepted_after_the_subcommand() {
    let out = tutor().args(["walkthrough", "--no-color", "--demo"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn one_error_line(out: &std::process::Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(stderr.lines().count(), 1, "exactly one line on stderr:\n{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    stderr
}

#[test]
fn a_command_group_without_its_subcommand_is_one_line_and_exit_2() {
    for (group, names) in [("jwt", "sign, decode or verify"), ("lessons", "check, schema or print")] {
        let out = tutor().arg(group).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let line = one_error_line(&out);
        assert!(line.contains(&format!("'{group}' needs a subcommand: {names}")), "{line}");
    }
}

#[test]
fn usage_errors_show_control_characters_in_echoed_arguments_escaped() {
    let out = tutor().args(["\u{1b}[2J\u{9b}evil\u{202e}"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let line = one_error_line(&out);
    assert!(!line.contains(['\u{1b}', '\u{9b}', '\u{202e}']), "{line:?}");
    assert!(line.contains("\\u{1b}[2J\\u{9b}evil\\u{202e}"), "{line}");
}

/// Every command that prints, with the two ways stdout can fail: a full device and a closed descriptor.
#[cfg(target_os = "linux")]
#[test]
fn a_failed_or_closed_stdout_is_exit_1_with_one_line_in_every_command() {
    const STRONG: &str = "b64:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
    let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig";
    let commands: [&[&str]; 11] = [
        &["jwt", "sign", "--secret", STRONG],
        &["jwt", "decode", token],
        &["jwt", "verify", token, "--secret", STRONG],
        &["--demo", "walkthrough"],
        &["lessons", "check"],
        &["lessons", "print"],
        &["quiz", "--plain"],
        &["completions", "bash"],
        &["man"],
        &["--help"],
        &["--version"],
    ];
    for args in commands {
        let full = tutor()
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        assert_eq!(full.status.code(), Some(1), "{args:?} to /dev/full");
        let line = one_error_line(&full);
        assert!(
            line.starts_with("error: cannot write to stdout: No space left on device"),
            "{args:?}: {line}"
        );

        let script = format!(
            "exec \"$0\" {} >&- </dev/null",
            args.iter().map(|a| format!("'{a}'")).collect::<Vec<_>>().join(" ")
        );
        let closed = Command::new("sh")
            .args(["-c", &script, env!("CARGO_BIN_EXE_jwt-session-tutor")])
            .output()
            .unwrap();
        assert_eq!(closed.status.code(), Some(1), "{args:?} with stdout closed");
        assert_eq!(one_error_line(&closed), "error: cannot write to stdout: stdout is closed\n", "{args:?}");
    }
    // Sending output to /dev/null on purpose is not a closed stdout.
    let discarded = Command::new("sh")
        .args(["-c", "exec \"$0\" lessons check >/dev/null", env!("CARGO_BIN_EXE_jwt-session-tutor")])
        .output()
        .unwrap();
    assert_eq!(discarded.status.code(), Some(0), "{}", String::from_utf8_lossy(&discarded.stderr));
}
