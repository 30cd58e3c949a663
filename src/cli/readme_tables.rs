//! The README's command-line tables, rendered from the clap definition so they cannot drift from the
//! parser: `tests/readme_cli_tables.rs` checks that README.md contains them exactly.

use clap::Arg;

use super::arg_docs::{built_command, documented, help_line, leaf_commands, own_arguments, spelling};

/// The tutorial's options (no subcommand): `| Option | For | What it does |`, one row per option in the
/// order `--help` lists them, the global ones (accepted by every command) last.
pub fn options_table_markdown() -> String {
    let mut out = String::from("| Option | For | What it does |\n|---|---|---|\n");
    let command = built_command();
    let (own, global): (Vec<&Arg>, Vec<&Arg>) =
        command.get_arguments().filter(|arg| documented(arg)).partition(|arg| !arg.is_global_set());
    let rows = own
        .into_iter()
        .map(|arg| (arg, "the tutorial"))
        .chain(global.into_iter().map(|arg| (arg, "every command")));
    for (arg, scope) in rows {
        out.push_str(&format!("| `{}` | {scope} | {} |\n", cell(&spelling(arg)), cell(&help_line(arg))));
    }
    out
}

/// Every command with its positional arguments: `| Command | What it does |`, groups (`jwt`) by their
/// subcommands.
pub fn commands_table_markdown() -> String {
    let mut out = String::from("| Command | What it does |\n|---|---|\n");
    for (path, command) in leaf_commands(&built_command()) {
        let positionals: Vec<String> =
            own_arguments(&command).filter(|arg| arg.is_positional()).map(spelling).collect();
        let usage = [path].into_iter().chain(positionals).collect::<Vec<_>>().join(" ");
        let about = command.get_about().map(ToString::to_string).unwrap_or_default();
        out.push_str(&format!("| `{}` | {} |\n", cell(&usage), cell(&about)));
    }
    out
}

/// A Markdown table cell: `|` would end it, even inside a code span.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}
