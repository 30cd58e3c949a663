//! What the documents generated from the clap definition (the man page's command sections, the
//! README's tables) say about each command and argument, as plain text; each document adds its own
//! markup.

use clap::{Arg, ArgAction, Command};

use super::args::command;

/// The clap command with its settings propagated: flags know they take no value, and the global
/// options have reached every subcommand (marked global there).
pub fn built_command() -> Command {
    let mut command = command();
    command.build();
    command
}

/// Every command that runs something (not a group like `jwt`, which only holds others), with the words
/// that name it: ("jwt sign", command).
pub fn leaf_commands(parent: &Command) -> Vec<(String, Command)> {
    let mut found = Vec::new();
    for sub in parent.get_subcommands().filter(|sub| sub.get_name() != "help") {
        if sub.has_subcommands() {
            let group = sub.get_name();
            found
                .extend(leaf_commands(sub).into_iter().map(|(path, leaf)| (format!("{group} {path}"), leaf)));
        } else {
            found.push((sub.get_name().to_string(), sub.clone()));
        }
    }
    found
}

/// An argument worth documenting: not hidden, not `--help` or `--version`.
pub fn documented(arg: &Arg) -> bool {
    !arg.is_hide_set() && !matches!(arg.get_action(), ArgAction::Help | ArgAction::Version)
}

/// The arguments a command has of its own: documented and not global (those are listed once, with the
/// program's options).
pub fn own_arguments(command: &Command) -> impl Iterator<Item = &Arg> {
    command.get_arguments().filter(|arg| documented(arg) && !arg.is_global_set())
}

fn takes_value(arg: &Arg) -> bool {
    arg.get_num_args().is_none_or(|n| n.takes_values())
}

/// As usage lines write it: `--theme <NAME>`, `--demo`, `<TOKEN>`, `[DIR]`, or
/// `<bash|zsh|fish|powershell>` for a positional with a fixed set of values.
pub fn spelling(arg: &Arg) -> String {
    let value_name = arg.get_value_names().and_then(|names| names.first()).map(ToString::to_string);
    match arg.get_long() {
        Some(long) if takes_value(arg) => format!("--{long} <{}>", value_name.unwrap_or_default()),
        Some(long) => format!("--{long}"),
        None => {
            let possible = possible_values(arg);
            let name = if possible.is_empty() {
                value_name.unwrap_or_else(|| arg.get_id().as_str().to_uppercase())
            } else {
                possible.join("|")
            };
            if arg.is_required_set() { format!("<{name}>") } else { format!("[{name}]") }
        }
    }
}

fn possible_values(arg: &Arg) -> Vec<String> {
    arg.get_possible_values().iter().map(|value| value.get_name().to_string()).collect()
}

/// The help line with what `--help` adds for a value: "Colours (dark, light, high-contrast, mono;
/// default: dark)".
pub fn help_line(arg: &Arg) -> String {
    let text = arg.get_help().map(ToString::to_string).unwrap_or_default();
    if !takes_value(arg) {
        return text;
    }
    let mut notes: Vec<String> = Vec::new();
    let possible = possible_values(arg);
    if !possible.is_empty() && arg.get_long().is_some() {
        notes.push(possible.join(", "));
    }
    let defaults: Vec<String> =
        arg.get_default_values().iter().map(|value| value.to_string_lossy().into_owned()).collect();
    if !defaults.is_empty() {
        notes.push(format!("default: {}", defaults.join(", ")));
    }
    if notes.is_empty() { text } else { format!("{text} ({})", notes.join("; ")) }
}
