//! `jwt-session-tutor progress [--json]`: each screen's state and tasks, read from the saved
//! progress file the tutorial writes (found through XDG_STATE_HOME, as the tutorial finds it).

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn progress(state_home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jwt-session-tutor"))
        .arg("progress")
        .args(args)
        .env("XDG_STATE_HOME", state_home)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn write_progress(state_home: &Path, json: &str) {
    let dir = state_home.join("jwt-session-tutor");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("progress.json"), json).unwrap();
}

fn report(state_home: &Path) -> Value {
    let out = progress(state_home, &["--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn screen<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["screens"].as_array().unwrap().iter().find(|s| s["id"] == id).unwrap_or_else(|| panic!("{id}"))
}

#[test]
fn a_first_run_has_every_screen_not_seen_and_every_task_open() {
    let home = tempfile::tempdir().unwrap();
    let report = report(home.path());
    let screens = report["screens"].as_array().unwrap();
    assert!(screens.len() >= 10, "{report}");
    assert!(screens.iter().all(|s| s["state"] == "not seen"), "{report}");
    assert!(screens.iter().flat_map(|s| s["tasks"].as_array().unwrap()).all(|t| t["done"] == false));
    assert_eq!((report["screens_done"].as_u64(), report["screens_seen"].as_u64()), (Some(0), Some(0)));
    assert!(!home.path().join("jwt-session-tutor/progress.json").exists(), "progress only reads");
}

#[test]
fn seen_is_not_done_until_every_task_is() {
    let home = tempfile::tempdir().unwrap();
    write_progress(
        home.path(),
        r#"{ "seen": ["welcome", "concept", "step1-data", "step2-config"],
             "tasks_done": ["checkpoint:step1-data:1", "checkpoint:step1-data:2", "checkpoint:step2-config:1"] }"#,
    );
    let report = report(home.path());
    assert_eq!(screen(&report, "welcome")["state"], "done", "no tasks: seen is done");
    assert_eq!(screen(&report, "concept")["state"], "seen", "its checkpoint is open");
    assert_eq!(screen(&report, "step1-data")["state"], "done");
    assert_eq!(screen(&report, "step2-config")["state"], "seen", "one of two checkpoints answered");
    assert_eq!(screen(&report, "step3-login")["state"], "not seen");
    let tasks = screen(&report, "step2-config")["tasks"].as_array().unwrap();
    let done: Vec<bool> = tasks.iter().map(|t| t["done"].as_bool().unwrap()).collect();
    assert_eq!(done, [true, false]);
    assert_eq!(tasks[0]["id"], "checkpoint:step2-config:1");
    assert_eq!((report["screens_done"].as_u64(), report["screens_seen"].as_u64()), (Some(2), Some(4)));

    let out = progress(home.path(), &[]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("2 of "), "{text}");
    assert!(text.contains("[x] answer checkpoint 1 (signing secret)"), "{text}");
    assert!(text.contains("[ ] answer checkpoint 2 (cookie attributes)"), "{text}");
    assert!(text.lines().any(|line| line.contains("not seen") && line.contains("Login")), "{text}");
}

#[test]
fn a_file_from_before_seen_existed_counts_moving_on_as_seen_only() {
    let home = tempfile::tempdir().unwrap();
    write_progress(
        home.path(),
        r#"{ "completed": ["concept", "step4-verify"], "last_screen": "step4-verify" }"#,
    );
    let report = report(home.path());
    assert_eq!(screen(&report, "concept")["state"], "seen");
    assert_eq!(screen(&report, "step4-verify")["state"], "seen");
}

#[test]
fn the_lab_tasks_are_its_actions_and_the_quiz_task_is_finishing_it() {
    let home = tempfile::tempdir().unwrap();
    let report = report(home.path());
    let lab = report["screens"].as_array().unwrap().iter().find(|s| s["id"] == "scaling-lab").unwrap();
    let ids: Vec<&str> = lab["tasks"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert!(
        ids.contains(&"lab:scaling-lab:request-with-cookie") && ids.contains(&"lab:scaling-lab:jti-denylist")
    );
    assert!(!ids.contains(&"lab:scaling-lab:reset"), "{ids:?}");
    let quiz = screen(&report, "quiz");
    assert_eq!(quiz["tasks"][0]["id"], "quiz:quiz:finished");
}

#[test]
fn bad_arguments_and_a_damaged_file_are_reported() {
    let home = tempfile::tempdir().unwrap();
    let out = progress(home.path(), &["--jsn"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("tip: a similar argument exists: '--json'"), "{stderr}");

    write_progress(home.path(), "{ not json");
    let out = progress(home.path(), &["--json"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stderr).unwrap().starts_with("warning: saved progress at"));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["screens_seen"], 0);
}
