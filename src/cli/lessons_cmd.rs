//! `lessons check | schema | print`: the teacher's tools for lesson folders.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{CliError, CliResult, TuiArgs, exit};
use crate::lessons::print::PrintOptions;
use crate::lessons::{self, Course, Problem};

/// `dir` is the lesson folder named on the command line; without one, `--lessons DIR`, else the built-in lessons.
#[derive(Debug)]
pub enum LessonsCommand {
    /// Check lesson files and report every problem as file:line:column.
    Check { dir: Option<PathBuf> },
    /// Print a JSON Schema for lesson and quiz files.
    Schema,
    /// Print every lesson and the quiz as plain text or CommonMark, with or without the answers.
    Print { dir: Option<PathBuf>, options: PrintOptions },
}

/// Why a course could not be loaded, ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadFailure {
    /// The folder is missing or not a folder (exit 2: a usage mistake, not a content one).
    NoFolder(String),
    /// The files have problems (exit 1), one `file:line:column: message` each.
    Problems(Vec<Problem>),
}

impl LoadFailure {
    pub fn exit_code(&self) -> u8 {
        match self {
            LoadFailure::NoFolder(_) => exit::USAGE,
            LoadFailure::Problems(_) => exit::REJECTED,
        }
    }

    /// The lines to print, one per problem.
    pub fn lines(&self) -> Vec<String> {
        match self {
            LoadFailure::NoFolder(message) => vec![format!("error: {message}")],
            LoadFailure::Problems(problems) => problems.iter().map(Problem::to_string).collect(),
        }
    }
}

/// Loads the course from `dir`, or the built-in one. The TUI uses this too, so a bad
/// `--lessons DIR` reports the same lines as `lessons check`.
pub fn load_course(dir: Option<&Path>) -> Result<Course, LoadFailure> {
    match dir {
        None => lessons::builtin().map_err(LoadFailure::Problems),
        Some(dir) if !dir.exists() => {
            Err(LoadFailure::NoFolder(format!("lesson folder {} does not exist", dir.display())))
        }
        Some(dir) if !dir.is_dir() => Err(LoadFailure::NoFolder(format!(
            "{} is not a folder (expected a lesson folder)",
            dir.display()
        ))),
        Some(dir) => lessons::load_dir(dir).map_err(LoadFailure::Problems),
    }
}

/// The course for a command that runs on it (the tutorial, the quiz), or what that command returns at
/// once: a missing folder is a usage error; lesson problems go to stderr, one line each, exit 1.
pub fn course_or_report(dir: Option<&Path>) -> Result<Course, CliResult> {
    load_course(dir).map_err(|failure| match failure {
        LoadFailure::NoFolder(message) => Err(CliError::usage(message)),
        failure => {
            for line in failure.lines() {
                eprintln!("{line}");
            }
            Ok(ExitCode::from(failure.exit_code()))
        }
    })
}

pub fn run(cmd: LessonsCommand, common: &TuiArgs) -> CliResult {
    let chosen = |dir: Option<PathBuf>| dir.or_else(|| common.lessons.clone());
    match cmd {
        LessonsCommand::Check { dir } => check(chosen(dir).as_deref()),
        LessonsCommand::Schema => {
            let schema =
                serde_json::to_string_pretty(&lessons::schema::json_schema()).expect("schema is JSON");
            write_stdout(&format!("{schema}\n"))
        }
        LessonsCommand::Print { dir, options } => match load_course(chosen(dir).as_deref()) {
            Ok(course) => write_stdout(&lessons::print::course_document(&course, options)),
            Err(failure) => report(failure),
        },
    }
}

fn check(dir: Option<&Path>) -> CliResult {
    match load_course(dir) {
        Ok(course) => write_stdout(&format!(
            "{} lessons, {} questions: OK; the right answer is the longest option in {} of {} questions \
             (at most {}/{} allowed)\n",
            course.lessons.len(),
            course.question_count(),
            course.longest_answer_count(),
            course.question_count(),
            lessons::MAX_LONGEST_ANSWER_SHARE.0,
            lessons::MAX_LONGEST_ANSWER_SHARE.1,
        )),
        Err(failure) => report(failure),
    }
}

/// Problems go to stdout (they are the command's report, one per line, ready for an editor's
/// quick-fix list); a missing folder is a usage error on stderr.
fn report(failure: LoadFailure) -> CliResult {
    match failure {
        LoadFailure::NoFolder(message) => Err(CliError::usage(message)),
        LoadFailure::Problems(problems) => {
            let lines: String = problems.iter().map(|problem| format!("{problem}\n")).collect();
            write_stdout(&lines)?;
            Ok(ExitCode::from(exit::REJECTED))
        }
    }
}

fn write_stdout(text: &str) -> CliResult {
    super::output::write_stdout(text).map(|()| ExitCode::SUCCESS)
}
