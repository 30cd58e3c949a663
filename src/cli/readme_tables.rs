//! The README's command-line tables, rendered from the clap definition so they cannot drift from the
//! parser: `tests/readme_cli_tables.rs` checks that README.md contains them exactly.

use clap::{Arg, ArgAction, Command};

use super::args::command;

/// The command with its settings propagated (flags know they take no value, globals reach subcommands).
fn built_command() -> Command {
    let mut command = command();
    command.build();
    command
}

/// The tutorial's options (no subcommand): `| Option | For | What it does |`, one row per option in the
/// order `--help` lists them, the global ones (accepted by every command) last.
pub fn options_table_markdown() -> String {
    let mut out = String::from("| Option | For | What it does |\n|---|---|---|\n");
    let command = built_command();
    let (own, global): (Vec<&Arg>, Vec<&Arg>) =
        command.get_arguments().filter(|arg| listed(arg)).partition(|arg| !arg.is_global_set());
    let rows = own
        .into_iter()
        .map(|arg| (arg, "the tutorial"))
        .chain(global.into_iter().map(|arg| (arg, "every command")));
    for (arg, scope) in rows {
        out.push_str(&format!("| `{}` | {scope} | {} |\n", cell(&usage(arg)), cell(&help_text(arg))));
    }
    out
}

/// Every command: `| Command | What it does |`, groups (`jwt`) by their subcommands.
pub fn commands_table_markdown() -> String {
    let mut out = String::from("| Command | What it does |\n|---|---|\n");
    let mut rows = Vec::new();
    commands(&built_command(), "", &mut rows);
    for (path, about) in rows {
        out.push_str(&format!("| `{}` | {} |\n", cell(&path), cell(&about)));
    }
    out
}

fn commands(parent: &Command, prefix: &str, rows: &mut Vec<(String, String)>) {
    for sub in parent.get_subcommands().filter(|sub| sub.get_name() != "help") {
        let path = format!("{prefix}{}", sub.get_name());
        if sub.has_subcommands() {
            commands(sub, &format!("{path} "), rows);
        } else {
            let arguments: Vec<String> = sub
                .get_arguments()
                .filter(|arg| arg.get_long().is_none() && !arg.is_global_set())
                .map(usage)
                .collect();
            let shown = if arguments.is_empty() { path } else { format!("{path} {}", arguments.join(" ")) };
            rows.push((shown, sub.get_about().map(ToString::to_string).unwrap_or_default()));
        }
    }
}

fn listed(arg: &Arg) -> bool {
    !arg.is_hide_set() && !matches!(arg.get_action(), ArgAction::Help | ArgAction::Version)
}

/// `--theme NAME`, `--demo`, `<TOKEN>`, `[DIR]`, or `bash|zsh|fish|powershell` for a positional with
/// possible values.
fn usage(arg: &Arg) -> String {
    let value = arg.get_value_names().and_then(|names| names.first()).map(ToString::to_string);
    let takes_value = arg.get_num_args().is_none_or(|n| n.takes_values());
    match arg.get_long() {
        Some(long) if takes_value => format!("--{long} {}", value.unwrap_or_default()),
        Some(long) => format!("--{long}"),
        None => {
            let possible: Vec<String> =
                arg.get_possible_values().iter().map(|value| value.get_name().to_string()).collect();
            let name = if possible.is_empty() {
                value.unwrap_or_else(|| arg.get_id().as_str().to_uppercase())
            } else {
                possible.join("|")
            };
            if arg.is_required_set() { format!("<{name}>") } else { format!("[{name}]") }
        }
    }
}

/// The help line, with the values and the default `--help` shows: "Colours (dark, light; default: dark)".
fn help_text(arg: &Arg) -> String {
    let text = arg.get_help().map(ToString::to_string).unwrap_or_default();
    if !arg.get_num_args().is_none_or(|n| n.takes_values()) {
        return text;
    }
    let mut notes: Vec<String> = Vec::new();
    let possible: Vec<String> =
        arg.get_possible_values().iter().map(|value| value.get_name().to_string()).collect();
    if !possible.is_empty() {
        notes.push(possible.join(", "));
    }
    let defaults: Vec<String> =
        arg.get_default_values().iter().map(|value| value.to_string_lossy().into_owned()).collect();
    if !defaults.is_empty() {
        notes.push(format!("default: {}", defaults.join(", ")));
    }
    if notes.is_empty() { text } else { format!("{text} ({})", notes.join("; ")) }
}

/// A Markdown table cell: `|` would end it.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}
