//! `jwt sign | decode | verify`.

use clap::Subcommand;

use super::{CliError, CliResult};

#[derive(Debug, Subcommand)]
pub enum JwtCommand {}

pub fn run(cmd: JwtCommand) -> CliResult {
    match cmd {}
}

#[allow(dead_code)]
fn unused() -> CliError {
    CliError::usage("")
}
