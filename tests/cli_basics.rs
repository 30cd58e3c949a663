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
