//! The command line: the parsed arguments ([`args`] reads them) and dispatch. Each subcommand lives in its own module.

pub mod args;
pub mod jwt_cmd;
pub mod lessons_cmd;
pub mod output;
pub mod quiz_plain;
pub mod transcript;
pub mod walkthrough;

pub use args::parse_args;

use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes used everywhere: 0 success / valid token, 1 rejected token or failed check,
/// 2 usage error or malformed input.
pub mod exit {
    pub const OK: u8 = 0;
    pub const REJECTED: u8 = 1;
    pub const USAGE: u8 = 2;
}

/// A failure a subcommand reports: one line on stderr and an exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliError {
    pub code: u8,
    pub message: String,
}

impl CliError {
    pub fn usage(message: impl Into<String>) -> Self {
        Self { code: exit::USAGE, message: message.into() }
    }
    pub fn rejected(message: impl Into<String>) -> Self {
        Self { code: exit::REJECTED, message: message.into() }
    }
}

pub type CliResult = Result<ExitCode, CliError>;

/// The parsed command line (see [`args`] for the syntax and the help text).
#[derive(Debug)]
pub struct Cli {
    pub tui: TuiArgs,
    pub command: Option<Command>,
}

/// Options of the interactive tutorial (no subcommand). `lessons`, `no_color`, `demo` and `shuffle` are
/// global: every subcommand accepts them too.
#[derive(Debug, Clone)]
pub struct TuiArgs {
    /// Use the lesson files in this folder instead of the built-in ones.
    pub lessons: Option<PathBuf>,
    /// Open at this step (1-4) of the project.
    pub step: Option<u8>,
    /// Colour theme name: auto (the default: dark or light as the terminal's background is), dark,
    /// light, high-contrast or mono.
    pub theme: String,
    /// No colours at all (same as the mono theme).
    pub no_color: bool,
    /// Fixed clock and random seed: every token, salt and session id is the same on every run.
    pub demo: bool,
    /// Shuffle the order of each quiz question's options.
    pub shuffle: bool,
    /// Quiz: show each question and wait for a reveal key before marking.
    pub classroom: bool,
    /// Forget saved progress and start from the beginning.
    pub reset_progress: bool,
    /// `--presenter`: speaker notes, answers hidden until revealed, roomier text.
    pub presenter: bool,
    /// `--color`: when command-line output is coloured.
    pub color: output::ColorWhen,
}

#[derive(Debug)]
pub enum Command {
    Jwt(jwt_cmd::JwtCommand),
    Walkthrough(walkthrough::WalkthroughArgs),
    Lessons(lessons_cmd::LessonsCommand),
    Quiz(quiz_plain::QuizArgs),
}

/// Runs the parsed command line; `open_tui` is called when no subcommand was given.
pub fn run(cli: Cli, open_tui: impl FnOnce(TuiArgs) -> CliResult) -> ExitCode {
    let result = match cli.command {
        None => open_tui(cli.tui),
        Some(Command::Jwt(cmd)) => jwt_cmd::run(cmd, &cli.tui),
        Some(Command::Walkthrough(args)) => walkthrough::run(args, &cli.tui),
        Some(Command::Lessons(cmd)) => lessons_cmd::run(cmd, &cli.tui),
        Some(Command::Quiz(args)) => quiz_plain::run(args, &cli.tui),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {}", err.message);
            ExitCode::from(err.code)
        }
    }
}
