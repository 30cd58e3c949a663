//! A temporary copy of the built-in lesson folder for a test to damage (`#[path]`-included by the
//! tests that need it).

use std::path::Path;

use tempfile::TempDir;

const LESSONS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/lessons");

/// A copy of `lessons/` in a new temporary folder (removed when the result is dropped).
pub fn copy_of_builtin_lessons() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(LESSONS_DIR).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    dir
}

/// Replaces the first `from` in `file` of the folder with `to`.
pub fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?} to replace");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}
