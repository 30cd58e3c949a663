//! The crate's layers, checked from the source: which top-level module imports which.
//!
//! Each file under `src/` belongs to a top-level module (`src/app/viewport.rs` to `app`); its
//! `crate::x` paths (grouped `crate::{x, y}` too), `super::` paths that climb out of the module and,
//! in `main.rs`, `jwt_session_tutor::x` paths are its imports. Comments are skipped. A path inside
//! an inline module (`mod tests { .. }`) is read as if it were the file's own, which is right for
//! the `use super::*` those modules use.
//!
//! To add a layer rule, add a row to [`LAYERS`] or [`FORBIDDEN`].

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// The layers, lowest first: a module may import its own layer and the ones below, never above.
/// `js`, `exercises`, `bounded_file` and `memory` arrive from other branches of #10 and #13.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "domain",
        &[
            "auth",
            "printable",
            "lessons",
            "labs",
            "quiz",
            "progress",
            "js",
            "exercises",
            "bounded_file",
            "memory",
        ],
    ),
    ("presentation data", &["theme", "highlight"]),
    ("state and its pure update", &["app"]),
    ("input: the key table", &["keymap"]),
    ("view: draw only", &["ui"]),
    ("terminal loop", &["tui"]),
    ("command line", &["cli"]),
    ("binary", &["main"]),
];

/// Imports that must never exist, with the reason a reader should know.
const FORBIDDEN: &[(&str, &str, &str)] = &[
    (
        "app",
        "ui",
        "the state reads what the last frame measured (app::viewport); it never calls drawing code",
    ),
    ("app", "keymap", "the key table reads the state's Mode and ScreenHints, not the other way round"),
    ("tui", "cli", "tui::run takes its own options; the command line calls the terminal loop"),
];

/// Imports that break a rule today and are being removed on another branch; each must still exist
/// (the test below says so), so the row is deleted with the import.
const PENDING: &[(&str, &str, &str)] = &[];

fn top_level_modules() -> BTreeSet<String> {
    LAYERS.iter().flat_map(|(_, modules)| modules.iter().map(|m| m.to_string())).collect()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file: `src/ui/panels/mod.rs` is `[ui, panels]`, `src/app.rs` is `[app]`.
fn module_path(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> =
        relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let file = parts.pop().unwrap();
    let stem = file.trim_end_matches(".rs");
    if stem != "mod" {
        parts.push(stem.to_string());
    }
    parts
}

fn identifier_at(text: &str) -> &str {
    let end = text.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(text.len());
    &text[..end]
}

/// The first identifiers of a grouped path's members: `{a, b::c, d::{e}}` gives a, b, d.
fn group_members(text: &str) -> Vec<&str> {
    let mut members = Vec::new();
    let mut depth = 0;
    let mut expecting = true;
    for (at, c) in text.char_indices() {
        match c {
            '{' => {
                depth += 1;
                expecting = depth == 1;
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => expecting = true,
            c if expecting && depth == 1 && (c.is_alphanumeric() || c == '_') => {
                members.push(identifier_at(&text[at..]));
                expecting = false;
            }
            _ => {}
        }
    }
    members
}

/// The top-level modules a file's code names.
fn imports_of(code: &str, path: &[String], root_prefix: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut add_after = |rest: &str| {
        if rest.starts_with('{') {
            found.extend(group_members(rest).into_iter().map(str::to_string));
        } else {
            found.insert(identifier_at(rest).to_string());
        }
    };
    for (at, _) in code.match_indices(root_prefix) {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        add_after(&code[at + root_prefix.len()..]);
    }
    for (at, _) in code.match_indices("super::") {
        if code[..at].ends_with("super::") {
            continue; // counted from the first `super::` of the chain
        }
        let mut rest = &code[at..];
        let mut climbs = 0;
        while let Some(after) = rest.strip_prefix("super::") {
            climbs += 1;
            rest = after;
        }
        if climbs >= path.len() {
            add_after(rest);
        }
    }
    found
}

fn without_comments(source: &str) -> String {
    source.lines().map(|line| line.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// Which top-level module imports which, from the files under `src/`.
fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let known = top_level_modules();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(&src).unwrap();
        let path = module_path(relative);
        let (module, prefix) = match path.first().map(String::as_str) {
            Some("lib") => continue,
            Some("main") => ("main".to_string(), "jwt_session_tutor::"),
            Some(module) => (module.to_string(), "crate::"),
            None => continue,
        };
        assert!(known.contains(&module), "{} is in no layer: add it to LAYERS", relative.display());
        let code = without_comments(&fs::read_to_string(&file).unwrap());
        let imports = imports_of(&code, &path, prefix);
        let entry = graph.entry(module.clone()).or_default();
        entry.extend(imports.into_iter().filter(|import| known.contains(import) && *import != module));
    }
    graph
}

fn is_pending(from: &str, to: &str) -> bool {
    PENDING.iter().any(|(f, t, _)| *f == from && *t == to)
}

fn layer_of(module: &str) -> usize {
    LAYERS.iter().position(|(_, modules)| modules.contains(&module)).unwrap()
}

#[test]
fn no_module_imports_a_layer_above_its_own() {
    let mut wrong = Vec::new();
    for (from, imports) in import_graph() {
        for to in imports {
            if layer_of(&to) > layer_of(&from) && !is_pending(&from, &to) {
                wrong.push(format!(
                    "{from} ({}) imports {to} ({})",
                    LAYERS[layer_of(&from)].0,
                    LAYERS[layer_of(&to)].0
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the layers:\n{}", wrong.join("\n"));
}

#[test]
fn forbidden_imports_are_absent() {
    let graph = import_graph();
    let wrong: Vec<String> = FORBIDDEN
        .iter()
        .filter(|(from, to, _)| !is_pending(from, to))
        .filter(|(from, to, _)| graph.get(*from).is_some_and(|imports| imports.contains(*to)))
        .map(|(from, to, why)| format!("{from} imports {to}: {why}"))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_import_cycles_between_top_level_modules() {
    let graph = import_graph();
    let edges = |from: &str| -> Vec<String> {
        graph
            .get(from)
            .map(|imports| imports.iter().filter(|to| !is_pending(from, to)).cloned().collect())
            .unwrap_or_default()
    };
    // Depth-first search from every module, reporting the first circle found.
    fn visit(
        module: &str,
        edges: &dyn Fn(&str) -> Vec<String>,
        trail: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = trail.iter().position(|m| m == module) {
            let mut circle = trail[start..].to_vec();
            circle.push(module.to_string());
            return Some(circle);
        }
        if !done.insert(module.to_string()) {
            return None;
        }
        trail.push(module.to_string());
        for next in edges(module) {
            if let Some(circle) = visit(&next, edges, trail, done) {
                return Some(circle);
            }
        }
        trail.pop();
        None
    }
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        let circle = visit(module, &edges, &mut Vec::new(), &mut done);
        assert!(circle.is_none(), "import circle: {}", circle.unwrap().join(" -> "));
    }
}

#[test]
fn every_pending_exception_still_exists() {
    let graph = import_graph();
    for (from, to, owner) in PENDING {
        assert!(
            graph.get(*from).is_some_and(|imports| imports.contains(*to)),
            "{from} no longer imports {to} ({owner}): delete its PENDING row"
        );
    }
}

#[test]
fn the_scan_sees_plain_grouped_and_climbing_paths() {
    let path = vec!["ui".to_string(), "panels".to_string(), "token".to_string()];
    let code = "use crate::app::App;\nuse crate::{highlight, keymap::Binding};\nlet x = super::super::super::theme::Theme;\nuse super::wrap;";
    let found = imports_of(code, &path, "crate::");
    let expected: BTreeSet<String> = ["app", "highlight", "keymap", "theme"].map(String::from).into();
    assert_eq!(found, expected);
    assert!(imports_of("// crate::cli is only mentioned here", &path, "crate::").contains("cli"));
    assert!(!imports_of(&without_comments("// crate::cli in a comment"), &path, "crate::").contains("cli"));
}
