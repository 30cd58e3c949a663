use clap::Subcommand;

use super::{CliError, CliResult, TuiArgs};

#[derive(Debug, Subcommand)]
pub enum LessonsCommand {
    /// Check lesson files and report every problem as file:line:column.
    Check,
}

pub fn run(_cmd: LessonsCommand, _common: &TuiArgs) -> CliResult {
    Err(CliError::usage("not built yet"))
}
