use std::process::ExitCode;

use jwt_session_tutor::cli;

fn main() -> ExitCode {
    match cli::parse_args() {
        Ok(cli) => cli::run(cli),
        Err(code) => code,
    }
}
