use std::process::ExitCode;

use jwt_session_tutor::cli;
use jwt_session_tutor::tui;

fn main() -> ExitCode {
    // First, before any thread or allocation that matters: every command gets the same memory behaviour.
    jwt_session_tutor::memory::return_big_blocks_to_the_os();
    let cli = match cli::parse_args() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    cli::run(cli, tui::run)
}
