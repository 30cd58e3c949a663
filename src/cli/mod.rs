//! The command line: argument definitions and dispatch. Each subcommand lives in its own module.

pub mod jwt_cmd;
pub mod lessons_cmd;
pub mod output;
pub mod quiz_plain;
pub mod transcript;
pub mod walkthrough;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

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

#[derive(Debug, Parser)]
#[command(
    name = "jwt-session-tutor",
    version,
    about = "Learn how a web app keeps users logged in: JWT versus server-side sessions, done for real.",
    long_about = "Learn how a web app keeps users logged in: JWT versus server-side sessions, done for real.\n\n\
                  With no subcommand it opens the interactive tutorial in the terminal."
)]
pub struct Cli {
    #[command(flatten)]
    pub tui: TuiArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options of the interactive tutorial (no subcommand).
#[derive(Debug, Clone, Default, Args)]
pub struct TuiArgs {
    /// Use the lesson files in DIR instead of the built-in ones.
    #[arg(long, value_name = "DIR", global = true)]
    pub lessons: Option<PathBuf>,
    /// Open at step N (1-4) of the project.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=4))]
    pub step: Option<u8>,
    /// Colour theme: dark, light, high-contrast or mono.
    #[arg(long, value_name = "NAME", default_value = "dark")]
    pub theme: String,
    /// No colours at all (same as --theme mono; also selected by the NO_COLOR variable).
    #[arg(long, global = true)]
    pub no_color: bool,
    /// Fixed clock and random seed: every token, salt and session id is the same on every run.
    #[arg(long, global = true)]
    pub demo: bool,
    /// Shuffle the order of each quiz question's options.
    #[arg(long, global = true)]
    pub shuffle: bool,
    /// Quiz: show each question and wait for a reveal key before marking (ask the room first).
    #[arg(long)]
    pub classroom: bool,
    /// Forget saved progress and start from the beginning.
    #[arg(long)]
    pub reset_progress: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sign, decode and verify JSON Web Tokens.
    #[command(subcommand)]
    Jwt(jwt_cmd::JwtCommand),
    /// Print the four steps and both labs as a transcript of real requests and responses.
    Walkthrough(walkthrough::WalkthroughArgs),
    /// Check, print or describe lesson files.
    #[command(subcommand)]
    Lessons(lessons_cmd::LessonsCommand),
    /// Take the practice quiz: opens the tutorial on the quiz screen, or plain text with --plain.
    Quiz(quiz_plain::QuizArgs),
}

/// Parses the process arguments. Help and version print as usual; any usage error becomes one line on
/// stderr (clap's first line, which names the offending argument) and exit code 2.
pub fn parse_args() -> Result<Cli, ExitCode> {
    use clap::error::ErrorKind;
    match Cli::try_parse() {
        Ok(cli) => Ok(cli),
        Err(err) => match err.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                let _ = err.print();
                Err(ExitCode::SUCCESS)
            }
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                let _ = err.print();
                Err(ExitCode::from(exit::USAGE))
            }
            _ => {
                eprintln!("{} (see --help)", first_paragraph(&err.render().to_string()));
                Err(ExitCode::from(exit::USAGE))
            }
        },
    }
}

/// clap's message up to its first blank line, folded into one line: "error: the following required
/// arguments were not provided: --secret <SECRET>".
fn first_paragraph(rendered: &str) -> String {
    let lines: Vec<&str> = rendered
        .lines()
        .skip_while(|line| line.trim().is_empty())
        .take_while(|line| !line.trim().is_empty())
        .map(str::trim)
        .collect();
    if lines.is_empty() { "error: bad usage".to_string() } else { lines.join(" ") }
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
