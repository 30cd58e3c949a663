//! `exercises init | solution | check`: the four-step project as a real Next.js folder the learner edits,
//! the reference solution, and the checks that run the learner's code (`--json` for scripts, `--watch`
//! to rerun on every save).

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::json;

use super::output::{Style, warn, write_stdout};
use super::{CliError, CliResult, TuiArgs, exit};
use crate::exercises::checks::{CheckResult, Status, StepReport, run_step};
use crate::exercises::project::{
    self, STEP_COUNT, ensure_exercise_project, new_env_local, solution_files, step_info, template_files,
    write_new_project,
};
use crate::exercises::watch::{WatchEvent, watch_steps};
use crate::js::Project;
use crate::progress::{Progress, ProgressStore};

/// The parsed `exercises` subcommand.
#[derive(Debug, Clone, PartialEq, Eq, clap::Subcommand)]
pub enum ExercisesCommand {
    /// Create the exercise project (Next.js 16, four TODO steps, a fresh JWT_SECRET) in a new folder
    Init {
        /// A new or empty folder to create the project in
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Write the reference solution, up to a step, into a new folder
    Solution {
        /// A new or empty folder to create the project in
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Solve steps 1 to N (1-4) and leave the rest as TODOs
        #[arg(long, value_name = "N", default_value_t = STEP_COUNT, value_parser = clap::value_parser!(u8).range(1..=4))]
        step: u8,
    },
    /// Run the checks on your code: exit 0 all pass, 1 one fails, 2 not an exercise project
    Check {
        /// The exercise project folder
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Check only step N (1-4) [default: every step]
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=4))]
        step: Option<u8>,
        /// Print { "steps": [ { "step", "checks": [ { "id", "title", "passed", "detail" } ] } ] }
        #[arg(long)]
        json: bool,
        /// Check again every time a file is saved (Ctrl-C to stop)
        #[arg(long)]
        watch: bool,
    },
}

/// Runs an `exercises` subcommand.
pub fn run(command: ExercisesCommand, common: &TuiArgs) -> CliResult {
    match command {
        ExercisesCommand::Init { dir } => init(&dir),
        ExercisesCommand::Solution { dir, step } => solution(&dir, step),
        ExercisesCommand::Check { dir, step, json, watch } => {
            let steps: Vec<u8> = match step {
                Some(step) if step_info(step).is_some() => vec![step],
                Some(step) => {
                    return Err(CliError::usage(format!("--step {step}: the steps are 1 to {STEP_COUNT}")));
                }
                None => (1..=STEP_COUNT).collect(),
            };
            ensure_exercise_project(&dir).map_err(|error| CliError::usage(error.to_string()))?;
            let style = Style::for_stdout_unless(common.no_color || json, common.color);
            if watch { check_on_save(&dir, &steps, json, style) } else { check(&dir, &steps, json, style) }
        }
    }
}

fn init(dir: &Path) -> CliResult {
    write_new_project(dir, &template_files(&new_env_local()))
        .map_err(|error| CliError::usage(error.to_string()))?;
    write_stdout(&format!(
        "Created the exercise project in {shown}: a Next.js 16 app with four TODO steps in {route}.\n\
         .env.local holds a fresh 256-bit JWT_SECRET (keep it out of version control).\n\
         Next: edit {route}, then run `jwt-session-tutor exercises check {shown} --step 1` \
         (or `--watch` to check on every save).\n",
        shown = dir.display(),
        route = project::AUTH_ROUTE,
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn solution(dir: &Path, step: u8) -> CliResult {
    if !(1..=STEP_COUNT).contains(&step) {
        return Err(CliError::usage(format!("--step {step}: the steps are 1 to {STEP_COUNT}")));
    }
    write_new_project(dir, &solution_files(step, &new_env_local()))
        .map_err(|error| CliError::usage(error.to_string()))?;
    let steps = if step == 1 { "step 1".to_string() } else { format!("steps 1 to {step}") };
    write_stdout(&format!(
        "Wrote the reference solution for {steps} to {}, with a fresh JWT_SECRET in .env.local.\n\
         Run it for real with `npm install && npm run dev`.\n",
        dir.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn load(dir: &Path) -> Result<Project, CliError> {
    Project::load(dir).map_err(|error| CliError::usage(format!("{}: {error}", dir.display())))
}

fn exit_code(reports: &[StepReport]) -> ExitCode {
    ExitCode::from(if reports.iter().all(StepReport::passed) { exit::OK } else { exit::REJECTED })
}

fn check(dir: &Path, steps: &[u8], json: bool, style: Style) -> CliResult {
    let project = load(dir)?;
    let reports: Vec<StepReport> = steps.iter().map(|&step| run_step(&project, step)).collect();
    let text = if json {
        format!("{}\n", reports_json(&reports))
    } else {
        reports.iter().map(|report| step_text(report, style)).collect::<Vec<_>>().join("\n")
    };
    record_passed_steps(&reports);
    write_stdout(&text)?;
    Ok(exit_code(&reports))
}

/// Saves the steps whose checks all pass in the tutorial's progress (merged with what is there), so
/// the step screens' exercise tasks are done there too. No place for progress, or a failed save, is
/// a warning: the check itself still stands.
fn record_passed_steps(reports: &[StepReport]) {
    let passed: Vec<u8> = reports.iter().filter(|report| report.passed()).map(|report| report.step).collect();
    if passed.is_empty() {
        return;
    }
    let Some(store) = ProgressStore::default_location() else { return };
    let mut progress = Progress::default();
    passed.iter().for_each(|&step| progress.mark_exercise_step_passed(step));
    if let Err(warning) = store.save(&progress) {
        warn(&warning);
    }
}

/// `{ "steps": [ { "step": N, "checks": [ { "id", "title", "passed", "detail" } ] } ] }`, on one line.
fn reports_json(reports: &[StepReport]) -> String {
    json!({ "steps": reports.iter().map(StepReport::to_json).collect::<Vec<_>>() }).to_string()
}

fn check_on_save(dir: &Path, steps: &[u8], json: bool, style: Style) -> CliResult {
    let mut reports: Vec<StepReport> = Vec::new();
    let mut output: Result<(), CliError> = Ok(());
    let mut emit = |text: String| {
        output = write_stdout(&text);
        if output.is_ok() { ControlFlow::Continue(()) } else { ControlFlow::Break(()) }
    };
    watch_steps(dir, steps, |event| match event {
        WatchEvent::Started { changed } => {
            reports.clear();
            if json || changed.is_empty() {
                return ControlFlow::Continue(());
            }
            let files: Vec<String> = changed.iter().map(|path| path.display().to_string()).collect();
            emit(format!("\n{}\n", style.bold(&format!("Saved {}: checking again", files.join(", ")))))
        }
        WatchEvent::LoadError(error) => {
            emit(if json { format!("{}\n", json!({ "error": error })) } else { format!("error: {error}\n") })
        }
        WatchEvent::Checked(_) => ControlFlow::Continue(()),
        WatchEvent::Finished(report) => {
            record_passed_steps(std::slice::from_ref(report));
            reports.push(report.clone());
            let mut text = if json { String::new() } else { step_text(report, style) };
            if reports.len() == steps.len() {
                if json {
                    text = format!("{}\n", reports_json(&reports));
                } else {
                    text.push_str("Watching for saves (Ctrl-C to stop)…\n");
                }
            }
            emit(text)
        }
    })
    .map_err(|error| CliError::usage(error.to_string()))?;
    output?;
    Ok(ExitCode::SUCCESS)
}

/// A step's checks as text: one line per check; for a failed one, what went wrong, the exchange, the
/// expectation, the hint and why it matters.
pub fn step_text(report: &StepReport, style: Style) -> String {
    let passed = report.checks.iter().filter(|result| result.passed()).count();
    let title = step_info(report.step).map_or("", |info| info.title);
    let mut text = style.bold(&format!(
        "Step {}: {title} ({passed}/{} checks pass)\n",
        report.step,
        report.checks.len()
    ));
    for result in &report.checks {
        text.push_str(&check_text(result, style));
    }
    text
}

fn check_text(result: &CheckResult, style: Style) -> String {
    let check = &result.check;
    match &result.status {
        Status::Passed => format!("{}\n", style.pass(&format!("PASS {}: {}", check.id, check.title))),
        Status::Blocked { by } => {
            format!("{}\n", style.neutral(&format!("WAIT {}: {} (after {by} passes)", check.id, check.title)))
        }
        Status::Failed => {
            let mut text = format!("{}\n", style.fail(&format!("FAIL {}: {}", check.id, check.title)));
            text.push_str(&format!("     what:     {}\n", result.detail));
            if let Some(exchange) = result.exchanges.last() {
                let request = exchange.request.render();
                let request_line = request.lines().next().unwrap_or_default();
                text.push_str(&format!("     sent:     {request_line}\n"));
                let body: String = exchange.response.body.chars().take(200).collect();
                text.push_str(&format!("     answer:   {} {body}\n", exchange.response.status));
                if let Some(error) = &exchange.response.error {
                    text.push_str(&format!("     error:    {error}\n"));
                }
                for line in exchange.response.logs.iter().take(5) {
                    text.push_str(&format!("     console:  {line}\n"));
                }
            }
            text.push_str(&format!("     expected: {}\n", check.expected));
            text.push_str(&format!("     hint:     {}\n", check.hint));
            text.push_str(&format!("     why:      {}\n", check.why));
            text
        }
    }
}
