use std::process::ExitCode;

use jwt_session_tutor::cli;
use jwt_session_tutor::tui;

fn main() -> ExitCode {
    let cli = match cli::parse_args() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    cli::run(cli, tui::run)
}
