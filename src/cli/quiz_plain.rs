use clap::Args;

use super::{CliError, CliResult, TuiArgs};

#[derive(Debug, Args)]
pub struct QuizArgs {}

pub fn run(_args: QuizArgs, _common: &TuiArgs) -> CliResult {
    Err(CliError::usage("not built yet"))
}
