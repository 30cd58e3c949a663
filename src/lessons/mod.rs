//! Lesson and quiz content: the data model, the loader and validator for `lessons/*.toml`,
//! and the built-in copies embedded in the binary.
//!
//! A lesson folder holds one TOML file per screen, shown in file-name order, plus `quiz.toml`.
//! [`builtin`] reads the copies compiled into the binary, [`load_dir`] a teacher's folder; both
//! report every problem found, each as `file:line:column: message`.

pub mod markup;
pub mod model;
pub mod print;
pub mod schema;
pub mod source_text;
mod validate;

use std::fmt;
use std::path::Path;

use crate::bounded_file::{ReadError, Symlinks, read_regular};
use crate::printable::escape_controls;

pub use model::*;
pub use source_text::Position;
pub use validate::{
    FORMAT_VERSION, MAX_LONGEST_ANSWER_SHARE, MAX_OPTIONS, MAX_SCREEN_WORDS, MIN_EASY, MIN_HARD, MIN_MEDIUM,
    MIN_OPTIONS, MIN_QUESTIONS,
};

use validate::SourceFile;

/// A lesson or quiz file is read only up to this size (checked before reading): the built-in ones
/// are under 32 KiB (the quiz: 15 questions in 26 KiB, so about 150 fit), and a parsed file takes
/// many times its size in memory, which must stay within the tutorial's 32 MiB.
pub const MAX_FILE_BYTES: u64 = 256 * 1024;

/// The quiz's file name inside a lesson folder.
pub const QUIZ_FILE_NAME: &str = "quiz.toml";

/// The built-in lesson files, as (file name, contents), in screen order, then the quiz.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("00-welcome.toml", include_str!("../../lessons/00-welcome.toml")),
    ("01-concept.toml", include_str!("../../lessons/01-concept.toml")),
    ("01b-concept-choosing.toml", include_str!("../../lessons/01b-concept-choosing.toml")),
    ("02-step1-data.toml", include_str!("../../lessons/02-step1-data.toml")),
    ("03-step2-config.toml", include_str!("../../lessons/03-step2-config.toml")),
    ("04-step3-login.toml", include_str!("../../lessons/04-step3-login.toml")),
    ("05-step4-verify.toml", include_str!("../../lessons/05-step4-verify.toml")),
    ("05b-logout.toml", include_str!("../../lessons/05b-logout.toml")),
    ("06-scaling-lab.toml", include_str!("../../lessons/06-scaling-lab.toml")),
    ("07-attack-lab.toml", include_str!("../../lessons/07-attack-lab.toml")),
    ("08-summary.toml", include_str!("../../lessons/08-summary.toml")),
    (QUIZ_FILE_NAME, include_str!("../../lessons/quiz.toml")),
];

/// Something wrong with a lesson folder or file, located as precisely as possible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file as the user named it (`DIR/01-concept.toml`, or `lessons/...` for built-ins).
    pub file: String,
    /// `None` for problems with a whole file or folder (missing, unreadable).
    pub position: Option<Position>,
    pub message: String,
}

impl fmt::Display for Problem {
    /// One printable line: values quoted from the file (which TOML escapes such as `\e` can fill with
    /// control characters) are shown escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = escape_controls(&self.file);
        let message = escape_controls(&self.message);
        match self.position {
            Some(position) => write!(f, "{file}:{position}: {message}"),
            None => write!(f, "{file}: {message}"),
        }
    }
}

/// The lessons compiled into the binary.
pub fn builtin() -> Result<Course, Vec<Problem>> {
    let (quiz, lessons) = BUILTIN_FILES.split_last().expect("the quiz is the last built-in file");
    let lessons: Vec<SourceFile<'_>> =
        lessons.iter().map(|(name, text)| SourceFile { name: format!("lessons/{name}"), text }).collect();
    let quiz = SourceFile { name: format!("lessons/{}", quiz.0), text: quiz.1 };
    validate::check_course(&lessons, Some(&quiz))
}

/// The lessons in a folder: every `*.toml` except `quiz.toml`, in file-name order, plus `quiz.toml`.
pub fn load_dir(dir: &Path) -> Result<Course, Vec<Problem>> {
    let folder_problem =
        |message: String| vec![Problem { file: dir.display().to_string(), position: None, message }];
    let entries =
        std::fs::read_dir(dir).map_err(|e| folder_problem(format!("cannot read the lesson folder: {e}")))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| folder_problem(format!("cannot read the lesson folder: {e}")))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".toml") && !name.starts_with('.') && name != QUIZ_FILE_NAME {
            names.push(name);
        }
    }
    names.sort();

    let mut problems = Vec::new();
    if names.is_empty() {
        problems.extend(folder_problem("no lesson files (*.toml) in this folder".to_string()));
    }
    let mut read = |name: &str| -> Option<(String, String)> {
        let path = dir.join(name);
        let shown = path.display().to_string();
        let failure = match read_regular(&path, MAX_FILE_BYTES, Symlinks::Follow) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => return Some((shown, text)),
                Err(not_text) => {
                    let valid = not_text.utf8_error().valid_up_to();
                    let text = String::from_utf8_lossy(&not_text.as_bytes()[..valid]);
                    let position = Position::of_offset(&text, valid);
                    problems.push(Problem {
                        file: shown,
                        position: Some(position),
                        message: "not UTF-8 text: an invalid byte here (lesson files must be UTF-8)"
                            .to_string(),
                    });
                    return None;
                }
            },
            Err(ReadError::NotFound) if name == QUIZ_FILE_NAME => {
                "missing: a lesson folder needs a quiz.toml".to_string()
            }
            Err(ReadError::TooLarge { bytes, .. }) => format!(
                "it is {bytes} bytes; a lesson file may hold at most {} KiB (the largest built-in one is under 32 KiB)",
                MAX_FILE_BYTES / 1024
            ),
            Err(error) => format!("cannot read: {error}"),
        };
        problems.push(Problem { file: shown, position: None, message: failure });
        None
    };
    let lesson_texts: Vec<(String, String)> = names.iter().filter_map(|name| read(name)).collect();
    let quiz_text = read(QUIZ_FILE_NAME);
    let lessons: Vec<SourceFile<'_>> =
        lesson_texts.iter().map(|(name, text)| SourceFile { name: name.clone(), text }).collect();

    let quiz = quiz_text.as_ref().map(|(name, text)| SourceFile { name: name.clone(), text });
    let checked = validate::check_course(&lessons, quiz.as_ref());
    match checked {
        Ok(course) if problems.is_empty() => Ok(course),
        Ok(_) => Err(problems),
        Err(found) => {
            problems.extend(found);
            // Folder first, then files in screen order (quiz.toml sorts last), each top to bottom.
            problems.sort_by(|a, b| (&a.file, a.position).cmp(&(&b.file, b.position)));
            Err(problems)
        }
    }
}
