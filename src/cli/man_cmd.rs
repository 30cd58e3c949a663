//! `man`: the manual page in roff, generated from the clap definition (`jwt-session-tutor man | man -l -`).

use std::fmt::Write as _;
use std::process::ExitCode;

use super::arg_docs::{built_command, help_line, leaf_commands, own_arguments, spelling};
use super::args::PROGRAM;
use super::output::write_stdout;
use super::{CliError, CliResult};

/// clap_mangen's sections for the program (name, synopsis, description, options), then COMMANDS with
/// every subcommand's own arguments and options, so one page documents the whole command line, then
/// EXIT STATUS and VERSION.
pub fn page() -> Result<String, CliError> {
    let top = built_command();
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
    for (path, sub) in leaf_commands(&top) {
        let _ = writeln!(page, ".SS \"{}\"", roff_text(&format!("{PROGRAM} {path}")));
        if let Some(about) = sub.get_about() {
            let _ = writeln!(page, "{}", roff_text(&about.to_string()));
        }
        for arg in own_arguments(&sub) {
            let _ = writeln!(page, ".TP\n{}\n{}", roff_heading(&spelling(arg)), roff_text(&help_line(arg)));
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

/// `--secret <SECRET>` as `\fB\-\-secret\fR \fI<SECRET>\fR` (the option bold, its value italic, as
/// clap_mangen writes the program's options); a positional `<TOKEN>` in italics.
fn roff_heading(spelling: &str) -> String {
    match spelling.split_once(' ') {
        Some((flag, value)) => format!("\\fB{}\\fR \\fI{}\\fR", roff_text(flag), roff_text(value)),
        None if spelling.starts_with("--") => format!("\\fB{}\\fR", roff_text(spelling)),
        None => format!("\\fI{}\\fR", roff_text(spelling)),
    }
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
