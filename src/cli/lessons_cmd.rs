//! `lessons check | schema | print`: the teacher's tools for lesson folders.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use serde_json::{Value, json};

use super::args::format_parser;
use super::{CliError, CliResult, TuiArgs, exit};
use crate::lessons::print::{Answers, Format, PrintOptions};
use crate::lessons::{self, Course, Problem};

/// `dir` is the lesson folder named on the command line; without one, `--lessons DIR`, else the built-in lessons.
#[derive(Debug, Subcommand)]
pub enum LessonsCommand {
    /// Check lesson files and report every problem as file:line:column
    Check {
        /// The lesson folder (default: --lessons DIR, else the built-in lessons)
        dir: Option<PathBuf>,
        /// Print one JSON object {ok, lessons, questions, problems: [{file, line, column, message}]}
        #[arg(long)]
        json: bool,
    },
    /// Print a JSON Schema for lesson and quiz files (for editor completion and checking)
    Schema,
    /// Print every lesson and the quiz as plain text or Markdown (for screen readers and handouts)
    Print {
        /// The lesson folder (default: --lessons DIR, else the built-in lessons)
        dir: Option<PathBuf>,
        /// Plain text, or markdown (CommonMark: fenced code with its language, options as lists)
        #[arg(long, value_name = "FORMAT", default_value = "text", value_parser = format_parser())]
        format: Format,
        /// A worksheet: the lessons and the questions with hints, without answers or explanations
        #[arg(long, conflicts_with = "answers_only")]
        no_answers: bool,
        /// The answer key: each question's answer, why each option is right or wrong, and the solution
        #[arg(long)]
        answers_only: bool,
    },
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
        LessonsCommand::Check { dir, json: false } => check(chosen(dir).as_deref()),
        LessonsCommand::Check { dir, json: true } => check_json(chosen(dir).as_deref()),
        LessonsCommand::Schema => {
            let schema =
                serde_json::to_string_pretty(&lessons::schema::json_schema()).expect("schema is JSON");
            write_stdout(&format!("{schema}\n"))
        }
        LessonsCommand::Print { dir, format, no_answers, answers_only } => {
            // clap refuses the two together (`conflicts_with`), a usage error.
            let answers = match (no_answers, answers_only) {
                (true, _) => Answers::Omitted,
                (false, true) => Answers::Only,
                (false, false) => Answers::Included,
            };
            print(chosen(dir).as_deref(), PrintOptions { format, answers })
        }
    }
}

fn print(dir: Option<&Path>, options: PrintOptions) -> CliResult {
    match load_course(dir) {
        Ok(course) => write_stdout(&lessons::print::course_document(&course, options)),
        Err(failure) => report(failure),
    }
}

fn check(dir: Option<&Path>) -> CliResult {
    match load_course(dir) {
        Ok(course) => write_stdout(&format!(
            "{} lessons, {} questions, {} checkpoints: OK; the right answer is the longest option in {} of \
             {} questions (at most {}/{} allowed)\n",
            course.lessons.len(),
            course.question_count(),
            course.checkpoint_count(),
            course.longest_answer_count(),
            course.question_count(),
            lessons::MAX_LONGEST_ANSWER_SHARE.0,
            lessons::MAX_LONGEST_ANSWER_SHARE.1,
        )),
        Err(failure) => report(failure),
    }
}

/// `lessons check --json`: the same verdict and exit code as [`check`], as one object. A problem with a
/// whole file or folder has `line` and `column` null.
fn check_json(dir: Option<&Path>) -> CliResult {
    let (document, code) = match load_course(dir) {
        Ok(course) => (
            json!({
                "ok": true,
                "lessons": course.lessons.len(),
                "questions": course.question_count(),
                "problems": [],
            }),
            exit::OK,
        ),
        Err(LoadFailure::NoFolder(message)) => return Err(CliError::usage(message)),
        Err(LoadFailure::Problems(problems)) => {
            let problems: Vec<Value> = problems
                .iter()
                .map(|problem| {
                    json!({
                        "file": problem.file,
                        "line": problem.position.map(|position| position.line),
                        "column": problem.position.map(|position| position.column),
                        "message": problem.message,
                    })
                })
                .collect();
            (json!({ "ok": false, "lessons": null, "questions": null, "problems": problems }), exit::REJECTED)
        }
    };
    let text = serde_json::to_string_pretty(&document).unwrap_or_default();
    write_stdout(&format!("{text}\n"))?;
    Ok(ExitCode::from(code))
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
