use std::process::ExitCode;

use jwt_session_tutor::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = match cli::parse_args() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    cli::run(cli, |_tui_args| {
        // The interactive tutorial is not wired in yet: show what the CLI can do.
        use clap::CommandFactory;
        let _ = Cli::command().print_help();
        Ok(ExitCode::SUCCESS)
    })
}
