//! `man`: the manual page in roff, generated from the clap definition (`jwt-session-tutor man | man -l -`).

use std::fmt::Write as _;
use std::process::ExitCode;

use super::args::{PROGRAM, command};
use super::output::write_stdout;
use super::{CliError, CliResult};

/// clap_mangen's sections for the program (name, synopsis, description, options), then COMMANDS with
/// every subcommand's own arguments and options, so one page documents the whole command line, then
/// EXIT STATUS and VERSION.
pub fn page() -> Result<String, CliError> {
    let mut top = command();
    top.build();
    let man = clap_mangen::Man::new(top.clone());
    let mut roff = Vec::new();
    let rendered: std::io::Result<()> = (|| {
        man.render_title(&mut roff)?;
        man.render_name_section(&mut roff)?;
        man.render_synopsis_section(&mut roff)?;
        man.render_description_section(&mut roff)?;
        man.render_options_section(&mut roff)
    })();
    rendered.map_err(|error| CliError::usage(format!("cannot render the man page: {error}")))?;
    let mut page = String::from_utf8(roff).map_err(|_| CliError::usage("the man page is not UTF-8"))?;
    page.push_str(".SH COMMANDS\n");
    for (path, sub) in leaf_commands(&top, PROGRAM) {
        let _ = writeln!(page, ".SS \"{}\"", roff_text(&path));
        if let Some(about) = sub.get_about() {
            let _ = writeln!(page, "{}", roff_text(&about.to_string()));
        }
        for arg in sub.get_arguments().filter(|arg| own_argument(arg)) {
            let _ = writeln!(page, ".TP\n{}\n{}", arg_heading(arg), roff_text(&arg_help(arg)));
        }
    }
    if let Some(exit_status) = top.get_after_help() {
        let _ = writeln!(page, ".SH \"EXIT STATUS\"\n{}", roff_text(&exit_status.to_string()));
    }
    let mut version = Vec::new();
    man.render_version_section(&mut version)
        .map_err(|error| CliError::usage(format!("cannot render the man page: {error}")))?;
    page.push_str(&String::from_utf8_lossy(&version));
    Ok(page)
}

/// Every command that runs something (not a group like `jwt`, which only holds others), with its
/// full name: ("jwt-session-tutor jwt sign", command).
fn leaf_commands(command: &clap::Command, prefix: &str) -> Vec<(String, clap::Command)> {
    let mut found = Vec::new();
    for sub in command.get_subcommands().filter(|sub| sub.get_name() != "help") {
        let path = format!("{prefix} {}", sub.get_name());
        if sub.has_subcommands() {
            found.extend(leaf_commands(sub, &path));
        } else {
            found.push((path, sub.clone()));
        }
    }
    found
}

/// An argument of this subcommand: not a global one (the OPTIONS section lists those), not help.
fn own_argument(arg: &clap::Arg) -> bool {
    !arg.is_global_set() && !arg.is_hide_set() && !matches!(arg.get_action(), clap::ArgAction::Help)
}

/// `\fB\-\-secret\fR \fI<SECRET>\fR` or `\fI<TOKEN>\fR`.
fn arg_heading(arg: &clap::Arg) -> String {
    let value = arg.get_value_names().and_then(|names| names.first()).map(ToString::to_string);
    match (arg.get_long(), value) {
        (Some(long), Some(value)) if arg.get_num_args().is_none_or(|n| n.takes_values()) => {
            format!("\\fB{}\\fR \\fI<{}>\\fR", roff_text(&format!("--{long}")), roff_text(&value))
        }
        (Some(long), _) => format!("\\fB{}\\fR", roff_text(&format!("--{long}"))),
        (None, value) => {
            let name = value.unwrap_or_else(|| arg.get_id().as_str().to_uppercase());
            let shown = if arg.is_required_set() { format!("<{name}>") } else { format!("[{name}]") };
            format!("\\fI{}\\fR", roff_text(&shown))
        }
    }
}

/// The help line with the default and the possible values, as `--help` shows them.
fn arg_help(arg: &clap::Arg) -> String {
    let mut help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    let defaults: Vec<String> =
        arg.get_default_values().iter().map(|value| value.to_string_lossy().into_owned()).collect();
    if !defaults.is_empty() && arg.get_num_args().is_none_or(|n| n.takes_values()) {
        let _ = write!(help, " [default: {}]", defaults.join(", "));
    }
    let possible: Vec<String> =
        arg.get_possible_values().iter().map(|value| value.get_name().to_string()).collect();
    if !possible.is_empty() {
        let _ = write!(help, " [possible values: {}]", possible.join(", "));
    }
    help
}

/// Text safe on a roff line: backslashes and hyphens escaped, no leading control character.
fn roff_text(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) { format!("\\&{escaped}") } else { escaped }
}

pub fn run() -> CliResult {
    write_stdout(&page()?)?;
    Ok(ExitCode::SUCCESS)
}
