//! From a file save to check results, as the learner sees it with `exercises check --watch` (and the TUI):
//! the save is noticed by the watcher (including its settle time), the folder is read, the learner's app
//! is started in QuickJS and the step's checks run. The project is the reference solution, so every
//! check does its full work (logins with argon2id, tokens, logouts).
//!
//! Targets (issue #10): first result <= 150 ms, the whole step 4 <= 1 s, on 2 cores.

use std::fs;
use std::ops::ControlFlow;
use std::path::Path;
use std::time::Duration;

use divan::Bencher;
use jwt_session_tutor::exercises::checks::run_step_with;
use jwt_session_tutor::exercises::project::{AUTH_ROUTE, new_env_local, solution_files, write_new_project};
use jwt_session_tutor::exercises::watch::ProjectWatcher;
use jwt_session_tutor::js::Project;

fn main() {
    divan::main();
}

/// A project folder with the reference solution, and a watcher on it.
fn project_folder() -> (tempfile::TempDir, ProjectWatcher, String) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let target = dir.path().join("app");
    write_new_project(&target, &solution_files(4, &new_env_local())).expect("the solution is written");
    let watcher = ProjectWatcher::new(&target).expect("the folder can be watched");
    let route = fs::read_to_string(target.join(AUTH_ROUTE)).expect("the route file");
    (dir, watcher, route)
}

/// Saves the route file (a changed comment, as an editor would write it) and waits for the watcher.
fn save_and_notice(root: &Path, watcher: &ProjectWatcher, route: &str, round: &mut u64) {
    *round += 1;
    fs::write(root.join(AUTH_ROUTE), format!("{route}// saved {round}\n")).expect("save");
    watcher.wait_for_change(Some(Duration::from_secs(5))).expect("the watcher sees the save");
}

fn save_to_checks(bencher: Bencher, step: u8, first_only: bool) {
    let (dir, watcher, route) = project_folder();
    let root = dir.path().join("app");
    let mut round = 0;
    bencher.bench_local(|| {
        save_and_notice(&root, &watcher, &route, &mut round);
        let project = Project::load(&root).expect("the folder loads");
        let report = run_step_with(&project, step, |_| {
            if first_only { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
        });
        assert!(report.passed(), "the reference solution passes");
    });
}

/// Save → the first check of step 4 judged (it needs step 3's login first).
#[divan::bench(sample_count = 20)]
fn save_to_first_step4_check(bencher: Bencher) {
    save_to_checks(bencher, 4, true);
}

/// Save → every check of step 4 judged.
#[divan::bench(sample_count = 10)]
fn save_to_all_step4_checks(bencher: Bencher) {
    save_to_checks(bencher, 4, false);
}

/// Save → every check of step 3 (the most logins: argon2id for each).
#[divan::bench(sample_count = 10)]
fn save_to_all_step3_checks(bencher: Bencher) {
    save_to_checks(bencher, 3, false);
}
