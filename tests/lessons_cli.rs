//! `lessons check | schema | print` through the built binary: output and exit codes.

use std::path::Path;
use std::process::{Command, Output};

#[path = "support/lesson_copy.rs"]
mod lesson_copy;
use lesson_copy::{copy_of_builtin_lessons, edit};

fn tutor(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jwt-session-tutor")).args(args).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

const LESSONS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/lessons");

#[test]
fn check_of_the_builtin_lessons_is_ok() {
    for args in [
        &["lessons", "check"][..],
        &["lessons", "check", LESSONS_DIR],
        &["--lessons", LESSONS_DIR, "lessons", "check"],
    ] {
        let out = tutor(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(stdout(&out), "9 lessons, 15 questions: OK\n");
    }
}

#[test]
fn check_lists_every_problem_and_exits_1() {
    let dir = copy_of_builtin_lessons();
    edit(dir.path(), "01-concept.toml", "title = ", "titel = ");
    edit(dir.path(), "quiz.toml", "answer = \"A\"", "answer = \"F\"");

    let out = tutor(&["lessons", "check", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let shown = dir.path().display().to_string();
    let lines: Vec<String> = stdout(&out).lines().map(|l| l.replacen(&shown, "DIR", 1)).collect();
    assert_eq!(
        lines,
        [
            "DIR/01-concept.toml:1:1: missing field `title`",
            "DIR/01-concept.toml:3:1: unknown field `titel`: did you mean `title`?",
            "DIR/quiz.toml:12:10: answer `F` names no option: this question has options A to D",
        ]
    );
}

#[test]
fn a_missing_folder_is_one_clear_line_and_exit_2() {
    let out = tutor(&["lessons", "check", "/no/such/lesson/folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    assert_eq!(stderr(&out), "error: lesson folder /no/such/lesson/folder does not exist\n");
}

#[test]
fn schema_is_json_describing_both_file_kinds() {
    let out = tutor(&["lessons", "schema"]);
    assert_eq!(out.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    let panels = schema["$defs"]["lesson"]["properties"]["panels"]["items"]["enum"].as_array().unwrap();
    assert!(panels.iter().any(|p| p == "login-form"));
    assert_eq!(schema["$defs"]["lesson"]["additionalProperties"], false);
    assert_eq!(schema["$defs"]["question"]["properties"]["options"]["maxItems"], 6);
}

#[test]
fn print_gives_every_lesson_and_the_quiz_as_plain_text() {
    let out = tutor(&["lessons", "print"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for heading in [
        "Welcome",
        "Step 1 of 4: Data: a user and a password hash",
        "Step 4 of 4: Verify: who is asking?",
        "Lab: attacks against the login",
        "Important notes",
        "Where the seed material was wrong",
        "File app/api/auth/route.js (javascript):",
        "Question 15 of 15 (hard, Password hashing; id: argon2-parameters)",
    ] {
        assert!(text.lines().any(|line| line == heading), "missing line `{heading}`");
    }
    assert!(text.contains("Answer: A\n"));
    assert!(!text.contains('\u{1b}'), "plain text has no terminal escapes");
    assert!(!text.contains("**"), "bold markers are dropped");
}

#[test]
fn print_of_a_broken_folder_reports_problems_instead() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("00-a.toml"), "format_version = 1\n").unwrap();
    let out = tutor(&["lessons", "print", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).lines().all(|line| line.contains(".toml")), "{}", stdout(&out));
    assert!(Path::new(LESSONS_DIR).is_dir());
}
