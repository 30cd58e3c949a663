//! `completions SHELL`: a completion script generated from the clap definition, so it always knows
//! every subcommand, option and value name (`--theme`, `--alg`) the parser accepts.

use std::process::ExitCode;

use clap::ValueEnum;
use clap_complete::Shell;

use super::args::{PROGRAM, command};
use super::output::write_stdout;
use super::{CliError, CliResult};

#[derive(Debug, clap::Args)]
#[command(after_help = "Load it in the current shell, or save it where the shell looks for completions:\n  \
    bash: source <(jwt-session-tutor completions bash)\n  \
    zsh: jwt-session-tutor completions zsh > \"${fpath[1]}/_jwt-session-tutor\"\n  \
    fish: jwt-session-tutor completions fish > ~/.config/fish/completions/jwt-session-tutor.fish\n  \
    powershell: jwt-session-tutor completions powershell | Out-String | Invoke-Expression")]
pub struct CompletionsArgs {
    /// The shell to write the script for
    #[arg(value_enum)]
    pub shell: ShellName,
}

/// The shells a script is generated for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShellName {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

impl ShellName {
    fn generator(self) -> Shell {
        match self {
            ShellName::Bash => Shell::Bash,
            ShellName::Zsh => Shell::Zsh,
            ShellName::Fish => Shell::Fish,
            ShellName::Powershell => Shell::PowerShell,
        }
    }
}

/// The completion script for `shell`.
pub fn script(shell: ShellName) -> Result<String, CliError> {
    let mut script = Vec::new();
    clap_complete::generate(shell.generator(), &mut command(), PROGRAM, &mut script);
    let script =
        String::from_utf8(script).map_err(|_| CliError::usage("the completion script is not UTF-8"))?;
    Ok(if shell == ShellName::Bash { repair_bash_states(&script) } else { script })
}

/// clap_complete 4.6 (clap-rs/clap#6421) spells the bash state of a program whose name has a hyphen
/// two ways: the loop over the words builds `jwt__session__tutor__subcmd__jwt`, the `case` arms test
/// `jwt__subcmd__session__subcmd__tutor__subcmd__jwt`, so nothing after the first word completed.
/// The arms are respelled the way the loop builds them (a no-op once clap_complete is fixed).
fn repair_bash_states(script: &str) -> String {
    script.replace(&PROGRAM.replace('-', "__subcmd__"), &PROGRAM.replace('-', "__"))
}

pub fn run(args: CompletionsArgs) -> CliResult {
    write_stdout(&script(args.shell)?)?;
    Ok(ExitCode::SUCCESS)
}
