//! The README's command-line tables are the ones rendered from the clap definition, so a new option or
//! command cannot be missing from them. When this fails it prints the tables to paste.

use jwt_session_tutor::cli::readme_tables::{commands_table_markdown, options_table_markdown};

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

#[test]
fn the_readme_options_table_is_rendered_from_clap() {
    let table = options_table_markdown();
    assert!(readme().contains(&table), "README.md's options table should be:\n\n{table}");
}

#[test]
fn the_readme_commands_table_is_rendered_from_clap() {
    let table = commands_table_markdown();
    assert!(readme().contains(&table), "README.md's commands table should be:\n\n{table}");
}

#[test]
fn the_tables_list_every_option_and_command() {
    let options = options_table_markdown();
    for option in
        ["--step <N>", "--theme <NAME>", "--no-color", "--demo", "--lessons <DIR>", "--reset-progress"]
    {
        assert!(options.contains(&format!("| `{option}` | ")), "{option} missing:\n{options}");
    }
    assert!(!options.contains("--help"), "help and version are not options of the tutorial");
    assert!(options.contains("| `--demo` | every command | "), "--demo is global:\n{options}");
    assert!(options.contains("| `--step <N>` | the tutorial | "), "--step is not:\n{options}");
    let commands = commands_table_markdown();
    for command in ["jwt sign", "jwt decode <TOKEN>", "jwt verify <TOKEN>", "lessons check [DIR]", "man"] {
        assert!(commands.contains(&format!("| `{command}` |")), "{command} missing:\n{commands}");
    }
    assert!(commands.contains("| `completions <bash\\|zsh\\|fish\\|powershell>` |"), "{commands}");
}
