//! The command line: the clap definition of every command and option (this module and each command's
//! own `*_cmd` module), parsing with one-line usage errors ([`args`]), and dispatch ([`run`]).
//!
//! Adding a subcommand: put its logic in `src/cli/NAME_cmd.rs` behind an args struct with
//! `#[derive(Debug, clap::Args)]` (a doc comment on each field is its help line, `#[arg(long)]` makes
//! it an option, a field without `long` is a positional) and a
//! `pub fn run(args, common: &TuiArgs) -> CliResult`; add a variant to [`Command`] (its doc comment
//! is the command's one-line help) and one arm to [`run`]. A group of subcommands (`exercises init |
//! check`) is a `#[derive(Debug, clap::Subcommand)]` enum, its variant marked
//! `#[command(subcommand, arg_required_else_help = false)]` like `Jwt`. Help, `help NAME`, completions,
//! the man page and the README's command table then include it; `cargo test --test readme_cli_tables`
//! prints the table to paste into the README.

pub mod arg_docs;
pub mod args;
pub mod challenge_cmd;
pub mod completions_cmd;
pub mod exercises_cmd;
pub mod jwt_cmd;
pub mod lessons_cmd;
pub mod man_cmd;
pub mod output;
pub mod progress_cmd;
pub mod quiz_plain;
pub mod readme_tables;
pub mod serve_cmd;
pub mod transcript;
pub mod tutorial;
pub mod walkthrough;

pub use args::parse_args;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::theme::terminal::ThemeChoice;

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

/// The parsed command line.
#[derive(Debug, Parser)]
#[command(
    name = "jwt-session-tutor",
    version,
    about = "Learn how a web app keeps users logged in: JWT versus server-side sessions, done for real. \
             With no subcommand it opens the interactive tutorial in the terminal.",
    after_help = "Exit status: 0 success or a valid token, 1 a rejected token or a failed check, \
                  2 a usage error or malformed input (one line on stderr).",
    // Help is wrapped at the terminal's width, and at 100 columns when wider or piped.
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub tui: TuiArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The help section of the options every command accepts.
const GLOBAL_OPTIONS: &str = "Global options";

/// Options of the interactive tutorial (no subcommand). `lessons`, `no_color`, `demo` and `shuffle` are
/// global: every subcommand accepts them too, before or after its name.
///
/// The doc comment of each option is its help line and its row in the README's options table.
#[derive(Debug, Clone, Args)]
pub struct TuiArgs {
    /// Open at step N (1-4) of the project, for a teacher at the front of the class
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=4))]
    pub step: Option<u8>,
    /// Colours: auto picks dark or light from the terminal's background; high-contrast is for
    /// washed-out projectors. The JWT_TUTOR_THEME variable sets it when this is auto
    #[arg(long, value_name = "NAME", default_value = "auto", value_parser = args::theme_parser())]
    pub theme: ThemeChoice,
    /// No colours at all, as the mono theme (also selected by a non-empty NO_COLOR variable): bold,
    /// reverse and underline plus words and symbols
    #[arg(long, global = true, help_heading = GLOBAL_OPTIONS)]
    pub no_color: bool,
    /// Fixed clock (2026-01-01 00:00 UTC) and random seed: every token, salt and session id is the same
    /// on every run
    #[arg(long, global = true, help_heading = GLOBAL_OPTIONS)]
    pub demo: bool,
    /// Kept so older scripts still run: quiz options are now always shuffled, from the seed the quiz
    /// shows (`quiz --seed N` repeats it)
    #[arg(long, global = true, help_heading = GLOBAL_OPTIONS)]
    pub shuffle: bool,
    /// Quiz: show each question and wait for Enter before marking, so the room can answer first; no
    /// score or Leitner box is saved
    #[arg(long)]
    pub classroom: bool,
    /// For teaching: speaker notes on every screen, the labs' results hidden until v reveals them,
    /// roomier panels; no score is saved
    #[arg(long)]
    pub presenter: bool,
    /// When command-line output is coloured: auto (a terminal, unless NO_COLOR, CLICOLOR=0 or
    /// TERM=dumb; CLICOLOR_FORCE=1 forces it), always or never
    #[arg(long, value_name = "WHEN", default_value = "auto", global = true, help_heading = GLOBAL_OPTIONS)]
    pub color: output::ColorWhen,
    /// Use the lesson files in DIR instead of the built-in ones (checked first: problems are printed as
    /// file:line:column and the tutorial does not start)
    #[arg(long, value_name = "DIR", global = true, help_heading = GLOBAL_OPTIONS)]
    pub lessons: Option<PathBuf>,
    /// Forget saved progress and start from the beginning
    #[arg(long)]
    pub reset_progress: bool,
    /// Run Step 4 scenarios and scaling-lab requests at once, without asking for a prediction first (for
    /// a teacher who demonstrates; P toggles it in the tutorial)
    #[arg(long)]
    pub no_predict: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sign, decode and verify JSON Web Tokens
    // A group without its subcommand is a one-line usage error like any other, not its help on stderr.
    #[command(subcommand, arg_required_else_help = false)]
    Jwt(jwt_cmd::JwtCommand),
    /// Print the four steps and both labs as a transcript of real requests and responses
    Walkthrough(walkthrough::WalkthroughArgs),
    /// Check, print or describe lesson files
    #[command(subcommand, arg_required_else_help = false)]
    Lessons(lessons_cmd::LessonsCommand),
    /// Take the quiz (an exam of 10 drawn questions, or --practice): opens the tutorial on the quiz screen,
    /// or plain text with --plain
    Quiz(quiz_plain::QuizArgs),
    /// Show each screen's state (not seen, seen, done) and its tasks, from the saved progress
    Progress(progress_cmd::ProgressArgs),
    /// Break deliberately vulnerable servers: list the challenges, try a forged credential
    #[command(subcommand, arg_required_else_help = false)]
    Challenge(challenge_cmd::ChallengeCommand),
    /// Serve a Next.js project's route handlers over HTTP on 127.0.0.1, run by the tutorial's JavaScript runtime
    Serve(serve_cmd::ServeArgs),
    /// Build the four-step project yourself: a real Next.js folder, checked live
    #[command(subcommand, arg_required_else_help = false)]
    Exercises(exercises_cmd::ExercisesCommand),
    /// Print a shell completion script (bash, zsh, fish or powershell) on stdout
    Completions(completions_cmd::CompletionsArgs),
    /// Print the manual page (roff) on stdout, e.g. `jwt-session-tutor man | man -l -`
    Man,
}

/// Runs the parsed command line: a subcommand, or else the tutorial.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        None => tutorial::run(&cli.tui, crate::tui::Opening::Course, None),
        Some(Command::Jwt(cmd)) => jwt_cmd::run(cmd, &cli.tui),
        Some(Command::Walkthrough(args)) => walkthrough::run(args, &cli.tui),
        Some(Command::Lessons(cmd)) => lessons_cmd::run(cmd, &cli.tui),
        Some(Command::Quiz(args)) => quiz_plain::run(args, &cli.tui),
        Some(Command::Progress(args)) => progress_cmd::run(args, &cli.tui),
        Some(Command::Challenge(cmd)) => challenge_cmd::run(cmd, &cli.tui),
        Some(Command::Serve(args)) => serve_cmd::run(args),
        Some(Command::Exercises(cmd)) => exercises_cmd::run(cmd, &cli.tui),
        Some(Command::Completions(args)) => completions_cmd::run(args),
        Some(Command::Man) => man_cmd::run(),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            // One printable line: a message may quote a path or a value from outside.
            eprintln!("error: {}", crate::printable::escape_controls(&err.message));
            ExitCode::from(err.code)
        }
    }
}
