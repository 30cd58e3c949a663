//! One-way layers: which top-level modules of `src/` may not import which. The import graph is read
//! from the source (every `crate::NAME`, `use crate::{NAME, ...}` and `super::` path that leaves a
//! module), so a new file is checked without being listed.
//!
//! To add a rule, add a row to [`FORBIDDEN`]; `cargo test --test module_layers -- --nocapture` prints
//! the whole graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The tutorial around the domain: the command line, the terminal loop, the state, the view, the keys.
const TUTORIAL: &[&str] = &["cli", "tui", "app", "ui", "keymap"];

/// (module, the modules it must never import, why). One row per rule.
const FORBIDDEN: &[(&str, &[&str], &str)] = &[
    (
        "tui",
        &["cli"],
        "the terminal loop takes its own TuiOptions; the command line converts its arguments into them",
    ),
    ("auth", TUTORIAL, "the domain (the simulated server and JWT engine) knows nothing of the tutorial"),
    ("labs", TUTORIAL, "the labs are domain scenarios, run by the TUI and the walkthrough alike"),
    ("lessons", TUTORIAL, "lesson files are data, loaded and checked the same way for every front end"),
    ("quiz", TUTORIAL, "the quiz session is the same for the TUI and `quiz --plain`"),
    ("progress", TUTORIAL, "the progress store is plain data on disk"),
];

/// Top-level module -> the other top-level modules its files name.
type Graph = BTreeMap<String, BTreeSet<String>>;

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

/// `src/cli/jwt_cmd.rs` -> ["cli", "jwt_cmd"]; `src/cli/mod.rs` -> ["cli"]; `src/lib.rs` -> [].
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut path: Vec<String> =
        relative.components().map(|part| part.as_os_str().to_string_lossy().into_owned()).collect();
    if matches!(path.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        path.pop();
    }
    path
}

/// The source without comments (a doc comment may name any module).
fn code_only(text: &str) -> String {
    text.lines().map(|line| line.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

fn identifier_at(text: &str) -> &str {
    let end = text.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(text.len());
    &text[..end]
}

/// The first names of the paths in a `{a, b::c, d as e}` group that starts `text`.
fn group_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let (mut depth, mut item_start) = (0, 1);
    for (index, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' | ',' if depth == 1 => {
                let name = identifier_at(text[item_start..index].trim_start());
                if !name.is_empty() {
                    names.push(name.to_string());
                }
                item_start = index + 1;
                if c == '}' {
                    return names;
                }
            }
            '}' => depth -= 1,
            _ => {}
        }
    }
    names
}

/// The top-level modules one file names: `crate::x`, `use crate::{x, y}`, and `super::` paths that
/// climb out of the file's own top-level module (`jwt_session_tutor::x` in the binary).
fn imports(module: &[String], code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for prefix in ["crate::", "jwt_session_tutor::"] {
        for (index, _) in code.match_indices(prefix) {
            let before = code[..index].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = &code[index + prefix.len()..];
            if rest.starts_with('{') {
                found.extend(group_names(rest));
            } else {
                found.insert(identifier_at(rest).to_string());
            }
        }
    }
    for (index, _) in code.match_indices("super::") {
        if code[..index].ends_with("super::") {
            continue; // counted from the first `super::` of the chain
        }
        let mut rest = &code[index..];
        let mut depth = 0;
        while let Some(after) = rest.strip_prefix("super::") {
            depth += 1;
            rest = after;
        }
        // Inside `mod tests` the first `super` is the file itself; counting it as a level up only
        // makes a path stay inside its module, never leave it wrongly.
        if depth < module.len() {
            continue;
        }
        if rest.starts_with('{') {
            found.extend(group_names(rest));
        } else {
            found.insert(identifier_at(rest).to_string());
        }
    }
    found
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let top_level: BTreeSet<String> = std::fs::read_dir(&src)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter_map(|path| {
            let name = path.file_stem()?.to_string_lossy().into_owned();
            (path.is_dir() || path.extension().is_some_and(|ext| ext == "rs")).then_some(name)
        })
        .filter(|name| name != "lib" && name != "main")
        .collect();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph = Graph::new();
    for file in files {
        let module = module_path(&src, &file);
        let owner = module.first().cloned().unwrap_or_else(|| "crate root".to_string());
        let code = code_only(&std::fs::read_to_string(&file).unwrap());
        let names = imports(&module, &code);
        let edges = graph.entry(owner.clone()).or_default();
        edges.extend(names.into_iter().filter(|name| top_level.contains(name) && *name != owner));
    }
    graph
}

#[test]
fn no_module_imports_a_layer_above_it() {
    let graph = graph();
    for (module, edges) in &graph {
        println!("{module} -> {}", edges.iter().cloned().collect::<Vec<_>>().join(", "));
    }
    let mut broken = Vec::new();
    for (module, forbidden, why) in FORBIDDEN {
        assert!(graph.contains_key(*module), "the rule names `{module}`, which is not a module of src/");
        for name in forbidden.iter().filter(|name| graph[*module].contains(**name)) {
            broken.push(format!("`{module}` imports `{name}`, but {why}"));
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// The reader itself: each way of naming a module is seen, and a mention in a comment is not.
#[test]
fn the_import_reader_sees_every_form_of_path() {
    let module = vec!["tui".to_string()];
    let code = code_only(
        "use crate::app::{Action, App};\nuse crate::{highlight, keymap::Mode, ui as view};\n\
         let x = crate::quiz::OptionOrder::Fixed;\nuse super::cli::Cli;\n// crate::progress in a comment\n\
         let y = a_crate::lessons::x;",
    );
    let expected: BTreeSet<String> =
        ["app", "highlight", "keymap", "ui", "quiz", "cli"].into_iter().map(String::from).collect();
    assert_eq!(imports(&module, &code), expected);
    let nested = vec!["cli".to_string(), "jwt_cmd".to_string()];
    assert_eq!(imports(&nested, "use super::output::Style;"), BTreeSet::new(), "a sibling, not a layer");
    assert_eq!(
        imports(&nested, "use super::super::tui::run;"),
        ["tui".to_string()].into_iter().collect::<BTreeSet<_>>()
    );
}
