use std::process::ExitCode;

use jwt_session_tutor::cli;

fn main() -> ExitCode {
    // First, before any thread or allocation that matters: every command gets the same memory behaviour.
    jwt_session_tutor::memory::return_big_blocks_to_the_os();
    match cli::parse_args() {
        Ok(cli) => cli::run(cli),
        Err(code) => code,
    }
}
