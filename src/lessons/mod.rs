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

use crate::printable::escape_controls;

pub use model::*;
pub use source_text::Position;
pub use validate::{
    FORMAT_VERSION, MAX_LONGEST_ANSWER_SHARE, MAX_OPTIONS, MAX_SCREEN_WORDS, MIN_EASY, MIN_HARD, MIN_MEDIUM,
    MIN_OPTIONS, MIN_QUESTIONS,
};

use validate::SourceFile;

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
        match std::fs::read_to_string(&path) {
            Ok(text) => Some((shown, text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && name == QUIZ_FILE_NAME => {
                problems.push(Problem {
                    file: shown,
                    position: None,
                    message: "missing: a lesson folder needs a quiz.toml".to_string(),
                });
                None
            }
            Err(e) => {
                problems.push(Problem { file: shown, position: None, message: format!("cannot read: {e}") });
                None
            }
        }
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
