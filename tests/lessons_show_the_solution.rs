//! One source of truth: every JavaScript block a lesson shows is a verbatim excerpt of the reference
//! solution (`src/exercises/files/solution/`), the code the checks pass and the Next.js comparison runs.

use std::fs;

use jwt_session_tutor::exercises::project::stored_solution_files;

/// Every `javascript` block of one lesson file: its `[code]` source (with its path) and the fenced
/// blocks of its body.
fn javascript_blocks(text: &str) -> Vec<(Option<String>, String)> {
    let lesson: toml::Value = toml::from_str(text).expect("the lesson is TOML");
    let mut blocks = Vec::new();
    if let Some(code) =
        lesson.get("code").filter(|code| code.get("language").and_then(|l| l.as_str()) == Some("javascript"))
    {
        let path = code.get("path").and_then(|p| p.as_str()).map(str::to_string);
        blocks.push((path, code["source"].as_str().unwrap_or_default().to_string()));
    }
    let body = lesson.get("body").and_then(|b| b.as_str()).unwrap_or_default();
    for fenced in body.split("```javascript\n").skip(1) {
        blocks.push((None, fenced.split("```").next().unwrap_or_default().to_string()));
    }
    blocks
}

/// A block without its caption: a first comment line naming the file (`// lib/session-store.js …`) and
/// the comment lines that continue it.
fn without_caption(block: &str) -> String {
    let lines: Vec<&str> = block.trim_matches('\n').lines().collect();
    let names_a_file =
        lines.first().is_some_and(|line| line.starts_with("// lib/") || line.starts_with("// app/"));
    let start =
        if names_a_file { lines.iter().position(|line| !line.starts_with("//")).unwrap_or(0) } else { 0 };
    lines[start..].join("\n")
}

#[test]
fn every_lesson_code_block_is_an_excerpt_of_the_reference_solution() {
    let solution: Vec<(&str, &str)> = stored_solution_files().collect();
    let mut checked = 0;
    let mut problems = Vec::new();
    let mut paths: Vec<_> = fs::read_dir("lessons").unwrap().map(|entry| entry.unwrap().path()).collect();
    paths.sort();
    for path in paths.into_iter().filter(|path| path.extension().is_some_and(|ext| ext == "toml")) {
        for (file, block) in javascript_blocks(&fs::read_to_string(&path).unwrap()) {
            let excerpt = without_caption(&block);
            let found = solution
                .iter()
                .filter(|(solution_path, _)| file.as_deref().is_none_or(|file| file == *solution_path))
                .any(|(_, text)| text.contains(&excerpt));
            checked += 1;
            if !found {
                let first = excerpt.lines().next().unwrap_or_default();
                problems.push(format!(
                    "{}: block starting {first:?} is not in the reference solution",
                    path.display()
                ));
            }
        }
    }
    assert!(checked >= 5, "only {checked} JavaScript blocks found in lessons/");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
