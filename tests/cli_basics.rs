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
