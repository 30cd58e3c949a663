//! `jwt-session-tutor progress [--json]`: each screen's state (not seen / seen / done) and its
//! tasks, read from the saved progress, for a learner or a teacher. It only reads: nothing is
//! marked here. A challenge task is done when the challenge is solved; one whose worked solution
//! was shown ("show me") says so.

use std::collections::HashSet;
use std::process::ExitCode;

use serde_json::json;

use super::lessons_cmd::course_or_report;
use super::output::{Style, warn, write_stdout};
use super::{CliError, CliResult, TuiArgs};
use crate::app::tasks::{
    ScreenProgress, ScreenReport, Task, challenge_of_task, course_report, exercise_tasks_done,
};
use crate::progress::{Progress, ProgressStore};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::Args)]
pub struct ProgressArgs {
    /// One JSON document: each screen's state and tasks
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: ProgressArgs, common: &TuiArgs) -> CliResult {
    let course = match course_or_report(common.lessons.as_deref()) {
        Ok(course) => course,
        Err(done) => return done,
    };
    let store = ProgressStore::default_location().ok_or_else(|| {
        CliError::usage("no place for saved progress: set HOME or XDG_STATE_HOME to an absolute path")
    })?;
    let (progress, warning) = store.load();
    if let Some(warning) = warning {
        warn(&warning);
    }
    let seen: HashSet<String> = course_ids(&course).into_iter().filter(|id| progress.is_seen(id)).collect();
    let mut tasks_done = progress.tasks_done.clone();
    tasks_done.extend(exercise_tasks_done(&course, &progress.exercise_steps_passed));
    let report = course_report(&course, &seen, &tasks_done, &progress.challenges_solved);
    let text = if args.json {
        let mut text = serde_json::to_string_pretty(&as_json(&report, &progress, &store))
            .expect("the report is plain data");
        text.push('\n');
        text
    } else {
        as_text(&report, &progress, &store, Style::for_stdout_unless(common.no_color, common.color))
    };
    write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn course_ids(course: &crate::lessons::Course) -> Vec<String> {
    let mut ids: Vec<String> = course.lessons.iter().map(|lesson| lesson.id.clone()).collect();
    ids.push(course.quiz.id.clone());
    ids
}

/// For a challenge task, whether its worked solution was shown; `None` for other tasks.
fn solution_shown(task: &Task, progress: &Progress) -> Option<bool> {
    challenge_of_task(&task.id).map(|kind| progress.challenges_revealed.contains(kind.id()))
}

fn counts(report: &[ScreenReport]) -> (usize, usize) {
    let done = report.iter().filter(|screen| screen.state == ScreenProgress::Done).count();
    let seen = report.iter().filter(|screen| screen.state != ScreenProgress::NotSeen).count();
    (done, seen)
}

fn as_text(report: &[ScreenReport], progress: &Progress, store: &ProgressStore, style: Style) -> String {
    let (done, seen) = counts(report);
    let mut out = format!(
        "{} of {} screens done, {} seen (saved in {})\n\n",
        done,
        report.len(),
        seen,
        store.path().display()
    );
    for (number, screen) in report.iter().enumerate() {
        let state = format!("{:<8}", screen.state.name());
        let state = match screen.state {
            ScreenProgress::Done => style.pass(&state),
            ScreenProgress::Seen => style.caution(&state),
            ScreenProgress::NotSeen => state,
        };
        out.push_str(&format!(
            "{:>2}. {state}  {}\n",
            number + 1,
            crate::printable::escape_controls(&screen.title)
        ));
        for (task, task_done) in &screen.tasks {
            let mark = if *task_done { style.pass("[x]") } else { "[ ]".to_string() };
            let shown = if solution_shown(task, progress) == Some(true) {
                " (solution shown with \"show me\")"
            } else {
                ""
            };
            out.push_str(&format!(
                "      {mark} {}{shown}\n",
                crate::printable::escape_controls(&task.label)
            ));
        }
    }
    if let Some(best) = progress.best_quiz {
        out.push_str(&format!("\nbest quiz score: {}/{}\n", best.right, best.total));
    }
    if let Some(dir) = &progress.exercise_dir {
        out.push_str(&format!(
            "exercise project: {}\n",
            crate::printable::escape_controls(&dir.display().to_string())
        ));
    }
    out
}

fn as_json(report: &[ScreenReport], progress: &Progress, store: &ProgressStore) -> serde_json::Value {
    let (done, seen) = counts(report);
    let screens: Vec<serde_json::Value> = report
        .iter()
        .map(|screen| {
            let tasks: Vec<serde_json::Value> = screen
                .tasks
                .iter()
                .map(|(task, done)| {
                    let mut entry = json!({ "id": task.id, "label": task.label, "done": done });
                    if let Some(shown) = solution_shown(task, progress) {
                        entry["solution_shown"] = json!(shown);
                    }
                    entry
                })
                .collect();
            json!({ "id": screen.id, "title": screen.title, "state": screen.state.name(), "tasks": tasks })
        })
        .collect();
    json!({
        "file": store.path().display().to_string(),
        "screens_total": report.len(),
        "screens_done": done,
        "screens_seen": seen,
        "best_quiz": progress.best_quiz.map(|best| json!({ "right": best.right, "total": best.total })),
        "exercise_dir": progress.exercise_dir.as_ref().map(|dir| dir.display().to_string()),
        "exercise_steps_passed": progress.exercise_steps_passed,
        "screens": screens,
    })
}
