//! Fuzzes the lesson loader with one file of a teacher's folder: the input is either a lesson screen
//! (beside the built-in quiz) or the quiz (beside the built-in welcome screen), chosen by its first
//! byte. Never a panic; every problem names a file and a line:column inside it.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use jwt_session_tutor::lessons::{self, BUILTIN_FILES, QUIZ_FILE_NAME};
use libfuzzer_sys::fuzz_target;

const LESSON_NAME: &str = "01-fuzzed.toml";

/// A folder per fuzzing process, holding the built-in quiz and welcome screen.
fn folder() -> &'static PathBuf {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("jwt-tutor-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, file)) = data.split_first() else { return };
    let dir = folder();
    let (welcome_name, welcome) = BUILTIN_FILES[0];
    let quiz = BUILTIN_FILES.iter().find(|(name, _)| *name == QUIZ_FILE_NAME).unwrap().1;
    let _ = std::fs::remove_file(dir.join(welcome_name));
    let _ = std::fs::remove_file(dir.join(LESSON_NAME));
    let fuzzed_name = if selector % 2 == 0 {
        std::fs::write(dir.join(QUIZ_FILE_NAME), quiz).unwrap();
        LESSON_NAME
    } else {
        std::fs::write(dir.join(welcome_name), welcome).unwrap();
        QUIZ_FILE_NAME
    };
    std::fs::write(dir.join(fuzzed_name), file).unwrap();

    let Err(problems) = lessons::load_dir(dir) else { return };
    assert!(!problems.is_empty());
    for problem in &problems {
        assert!(!problem.message.trim().is_empty(), "{problem}");
        let Some(position) = problem.position else { continue };
        let text = if problem.file.ends_with(fuzzed_name) {
            String::from_utf8_lossy(file).into_owned()
        } else {
            std::fs::read_to_string(&problem.file).unwrap()
        };
        let lines: Vec<&str> = text.split('\n').collect();
        assert!(position.line >= 1 && position.line <= lines.len(), "{problem}");
        // A CRLF line's `\r` counts as a column: an error at the line break may point just past it.
        let line = lines[position.line - 1];
        assert!(position.column >= 1 && position.column <= line.chars().count() + 1, "{problem} in {line:?}");
    }
});
