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
        assert_eq!(
            stdout(&out),
            "11 lessons, 45 questions, 11 checkpoints: OK; the right answer is the longest option in 11 of 45 \
             questions (at most 1/3 allowed)\n"
        );
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
            "DIR/quiz.toml:21:10: answer `F` names no option: this question has options A to D",
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
        "The seed says: Add a constant JWT_SECRET with the value 'mysecretkey'.",
        "File app/api/auth/route.js (javascript):",
        "File app/api/auth/logout/route.js (javascript):",
        "Question 45 of 45 (hard, Algorithm pinning; id: unpinned-hs512)",
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

/// A lesson folder (the built-in quiz) whose one lesson file is `lesson`.
fn folder_with_lesson(lesson: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(Path::new(LESSONS_DIR).join("quiz.toml"), dir.path().join("quiz.toml")).unwrap();
    std::fs::write(dir.path().join("00-many.toml"), lesson).unwrap();
    dir
}

fn check_timed(dir: &Path) -> (Output, std::time::Duration) {
    let started = std::time::Instant::now();
    let out = tutor(&["lessons", "check", dir.to_str().unwrap()]);
    (out, started.elapsed())
}

#[test]
fn twenty_thousand_problems_are_checked_in_well_under_a_second_and_capped() {
    // 20 000 unknown keys (about 160 KB) and, in a second file, 20 000 syntax errors (40 KB).
    let unknown_keys: String = (0..20_000).map(|i| format!("k{i} = 1\n")).collect();
    let syntax_errors = "=\n".repeat(20_000);
    for (what, lesson) in [("unknown keys", unknown_keys), ("syntax errors", syntax_errors)] {
        let dir = folder_with_lesson(&lesson);
        let (out, took) = check_timed(dir.path());
        assert_eq!(out.status.code(), Some(1), "{what}");
        assert!(took.as_millis() < 500, "{what}: lessons check took {took:?}");
        let text = stdout(&out);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.len() <= 102, "{what}: {} lines", lines.len());
        let last = lines.last().unwrap();
        assert!(
            last.contains("more problems in this file from here on, not listed (only the first 100"),
            "{what}: {last}"
        );
    }
}

#[test]
fn a_large_file_full_of_syntax_errors_reports_the_first_and_says_why() {
    // 80 000 broken lines in 234 KiB: under the size limit, over the all-errors-at-once limit.
    let dir = folder_with_lesson(&format!("title = \"x\"\n{}", "= =\n".repeat(60_000)));
    let (out, took) = check_timed(dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(took.as_millis() < 1000, "took {took:?}");
    let text = stdout(&out).replace(&format!("{}/", dir.path().display()), "");
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("00-many.toml:2:"), "{text}");
    assert!(
        text.ends_with(
            "(in a file over 64 KiB only the first syntax error is reported; fix it and check again)\n"
        ),
        "{text}"
    );
}

#[cfg(unix)]
#[test]
fn odd_lesson_files_are_named_problems_not_hangs_or_memory_growth() {
    let dir = folder_with_lesson("format_version = 1\n");
    let path = |name: &str| dir.path().join(name);
    std::fs::remove_file(path("00-many.toml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", path("01-zero.toml")).unwrap();
    let fifo = std::ffi::CString::new(path("02-fifo.toml").as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    std::fs::write(path("03-huge.toml"), vec![b'#'; 2 * 1024 * 1024]).unwrap();
    std::fs::write(path("04-latin1.toml"), b"format_version = 1\ntitle = \"caf\xe9\"\n").unwrap();
    // Unreadable even for root: a folder where a file is expected.
    std::fs::create_dir(path("05-folder.toml")).unwrap();
    let (out, took) = check_timed(dir.path());
    assert!(took.as_secs() < 5, "took {took:?}");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out).replace(&format!("{}/", dir.path().display()), "");
    assert_eq!(
        text,
        "01-zero.toml: cannot read: it is a character device, not a regular file\n\
         02-fifo.toml: cannot read: it is a FIFO (named pipe), not a regular file\n\
         03-huge.toml: it is 2097152 bytes; a lesson file may hold at most 256 KiB (the largest built-in one is under 32 KiB)\n\
         04-latin1.toml:2:13: not UTF-8 text: an invalid byte here (lesson files must be UTF-8)\n\
         05-folder.toml: cannot read: it is a folder, not a regular file\n"
    );
}
