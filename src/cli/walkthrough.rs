use clap::Args;

use super::{CliError, CliResult, TuiArgs};

#[derive(Debug, Args)]
pub struct WalkthroughArgs {}

pub fn run(_args: WalkthroughArgs, _common: &TuiArgs) -> CliResult {
    Err(CliError::usage("not built yet"))
}
