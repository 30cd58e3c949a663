//! `jwt-session-tutor exercises …` as a script sees it: files written, exit codes, the JSON shape.

use std::path::Path;
use std::process::{Command, Output};

fn tutor(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jwt-session-tutor"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs")
}

fn path(dir: &Path) -> &str {
    dir.to_str().expect("a UTF-8 temporary path")
}

fn stderr_line(output: &Output) -> String {
    let text = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(text.lines().count(), 1, "one line on stderr: {text:?}");
    text
}

#[test]
fn init_writes_the_project_once_and_check_fails_its_todos() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("ex");
    let created = tutor(&["exercises", "init", path(&project)]);
    assert_eq!(created.status.code(), Some(0), "{created:?}");
    for file in [
        "package.json",
        "jsconfig.json",
        ".env.local",
        "README.md",
        "app/api/auth/route.js",
        "app/api/auth/logout/route.js",
        "lib/session-store.js",
    ] {
        assert!(project.join(file).is_file(), "{file}");
    }
    let env = std::fs::read_to_string(project.join(".env.local")).unwrap();
    let secret = env.lines().find_map(|line| line.strip_prefix("JWT_SECRET=")).expect("a JWT_SECRET line");
    assert_eq!(secret.len(), 43, "32 bytes in base64url");

    let again = tutor(&["exercises", "init", path(&project)]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr_line(&again).contains("folder is not empty"));

    let check = tutor(&["exercises", "check", path(&project), "--step", "1"]);
    assert_eq!(check.status.code(), Some(1), "the template's TODOs fail");
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(text.contains("FAIL users-list") && text.contains("hint:") && text.contains("why:"), "{text}");
}

#[test]
fn check_json_has_the_documented_shape_and_exit_codes_follow_the_checks() {
    let dir = tempfile::tempdir().unwrap();
    let solved = dir.path().join("solved");
    assert_eq!(tutor(&["exercises", "solution", path(&solved), "--step", "2"]).status.code(), Some(0));

    let step2 = tutor(&["exercises", "check", path(&solved), "--step", "2", "--json"]);
    assert_eq!(step2.status.code(), Some(0), "{}", String::from_utf8_lossy(&step2.stdout));
    let json: serde_json::Value = serde_json::from_slice(&step2.stdout).expect("JSON on stdout");
    let steps = json["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), 1);
    assert_eq!(steps[0]["step"], 2);
    for check in steps[0]["checks"].as_array().expect("checks") {
        let keys: Vec<&str> = check.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["id", "title", "passed", "detail"]);
        assert_eq!(check["passed"], true, "{check}");
    }

    let all = tutor(&["exercises", "check", path(&solved), "--json"]);
    assert_eq!(all.status.code(), Some(1), "steps 3 and 4 are still TODOs");
    let json: serde_json::Value = serde_json::from_slice(&all.stdout).unwrap();
    let numbers: Vec<u64> =
        json["steps"].as_array().unwrap().iter().map(|s| s["step"].as_u64().unwrap()).collect();
    assert_eq!(numbers, [1, 2, 3, 4]);

    let not_a_project = tutor(&["exercises", "check", path(dir.path())]);
    assert_eq!(not_a_project.status.code(), Some(2));
    assert!(stderr_line(&not_a_project).contains("not an exercise project"));
    let bad_step = tutor(&["exercises", "check", path(&solved), "--step", "5"]);
    assert_eq!(bad_step.status.code(), Some(2));
    stderr_line(&bad_step);
}

#[test]
fn the_full_solution_passes_every_step() {
    let dir = tempfile::tempdir().unwrap();
    let solved = dir.path().join("solved");
    assert_eq!(tutor(&["exercises", "solution", path(&solved)]).status.code(), Some(0));
    let check = tutor(&["exercises", "check", path(&solved)]);
    let text = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(0), "{text}");
    assert!(!text.contains("FAIL") && !text.contains("WAIT"), "{text}");
}

/// `check --watch` checks again after a save, and uses no CPU while it waits.
#[cfg(target_os = "linux")]
#[test]
fn watch_checks_again_on_save_and_idles_at_zero_cpu() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    use std::sync::mpsc;
    use std::time::Duration;

    let dir = tempfile::tempdir().unwrap();
    let solved = dir.path().join("solved");
    assert_eq!(tutor(&["exercises", "solution", path(&solved), "--step", "1"]).status.code(), Some(0));
    let mut child = Command::new(env!("CARGO_BIN_EXE_jwt-session-tutor"))
        .args(["exercises", "check", path(&solved), "--step", "1", "--watch"])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let (sender, lines) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    let wait_for = |needle: &str| -> Vec<String> {
        let mut seen = Vec::new();
        while let Ok(line) = lines.recv_timeout(Duration::from_secs(20)) {
            let done = line.contains(needle);
            seen.push(line);
            if done {
                return seen;
            }
        }
        panic!("no line with {needle:?}; saw {seen:?}");
    };
    let first = wait_for("Watching for saves");
    assert!(first.iter().any(|line| line.contains("(4/4 checks pass)")), "{first:?}");

    let ticks = || {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", child.id())).unwrap();
        // After the command name: field 3 (state) first, so utime and stime (14, 15) are at 11 and 12.
        let fields: Vec<&str> = stat.rsplit(')').next().unwrap().split_whitespace().collect();
        fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
    };
    let before = ticks();
    std::thread::sleep(Duration::from_secs(1));
    assert!(ticks() - before <= 1, "busy while idle");

    let route = solved.join("app/api/auth/route.js");
    let text = std::fs::read_to_string(&route).unwrap();
    std::fs::write(&route, text.replace("    id: 1,", "    id: '1',")).unwrap();
    let second = wait_for("Watching for saves");
    assert!(second.iter().any(|line| line.contains("Saved app/api/auth/route.js")), "{second:?}");
    assert!(second.iter().any(|line| line.contains("FAIL users-list")), "{second:?}");
    child.kill().unwrap();
    child.wait().unwrap();
}
