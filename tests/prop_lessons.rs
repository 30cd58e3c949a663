//! Property tests for the lesson loader: a teacher's folder with a damaged file (a typo, a stray quote,
//! a pasted control character, a truncated save, bytes that are not UTF-8) loads or is refused with
//! problems that each name a file of the folder, a line:column inside that file and a one-line
//! message; never a panic. The markup parser on its own reports offsets that point into its input.

use std::cell::RefCell;
use std::path::Path;

use jwt_session_tutor::lessons::{self, BUILTIN_FILES, Problem, markup};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::FileFailurePersistence;
use tempfile::TempDir;

/// `cases` by default, so `cargo test` stays fast; `PROPTEST_CASES=20000` for a deeper run.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(cases),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        ..ProptestConfig::default()
    }
}

/// One copy of the built-in lesson folder per test thread; each case damages one file and puts it
/// back afterwards, so cases do not pay for writing ten files.
struct LessonFolder {
    dir: TempDir,
}

impl LessonFolder {
    fn new() -> Self {
        let dir = TempDir::new().expect("temporary folder");
        for (name, text) in BUILTIN_FILES {
            std::fs::write(dir.path().join(name), text).expect("write lesson copy");
        }
        Self { dir }
    }

    /// Loads the folder with `name` replaced by `bytes`, then restores the original.
    fn load_with(&self, name: &str, original: &str, bytes: &[u8]) -> Result<lessons::Course, Vec<Problem>> {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).expect("write damaged file");
        let loaded = lessons::load_dir(self.dir.path());
        std::fs::write(&path, original).expect("restore file");
        loaded
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }
}

thread_local! {
    static FOLDER: RefCell<Option<LessonFolder>> = const { RefCell::new(None) };
}

fn with_folder<T>(run: impl FnOnce(&LessonFolder) -> T) -> T {
    FOLDER.with(|cell| run(cell.borrow_mut().get_or_insert_with(LessonFolder::new)))
}

/// An edit someone could make to a lesson file while writing it.
#[derive(Debug, Clone)]
enum Edit {
    Replace(Index, char),
    Insert(Index, String),
    Delete(Index, usize),
    Truncate(Index),
    DuplicateLine(Index),
    InvalidUtf8(Index),
}

fn inserted_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "\"",
            "'",
            "\"\"\"",
            "'''",
            "[",
            "]",
            "[[questions]]",
            "=",
            "\n",
            "\r\n",
            "\\",
            "\\u",
            "#",
            "`",
            "```",
            "**",
            "## ",
            "- ",
            "\t",
            "\u{1b}[2J",
            "\u{202e}",
            "\0",
            "id = \"intro\"",
            "format_version = 2",
            "answer = \"Z\"",
            "difficulty = \"impossible\"",
        ])
        .prop_map(str::to_string),
        proptest::collection::vec(any::<char>(), 1..6).prop_map(String::from_iter),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<Index>(), any::<char>()).prop_map(|(at, c)| Edit::Replace(at, c)),
        4 => (any::<Index>(), inserted_text()).prop_map(|(at, text)| Edit::Insert(at, text)),
        2 => (any::<Index>(), 1usize..40).prop_map(|(at, len)| Edit::Delete(at, len)),
        1 => any::<Index>().prop_map(Edit::Truncate),
        1 => any::<Index>().prop_map(Edit::DuplicateLine),
        1 => any::<Index>().prop_map(Edit::InvalidUtf8),
    ]
}

fn boundaries(text: &str) -> Vec<usize> {
    text.char_indices().map(|(at, _)| at).chain([text.len()]).collect()
}

fn apply(text: &str, edit: &Edit) -> Vec<u8> {
    let mut text = text.to_string();
    let marks = boundaries(&text);
    let chars = marks.len() - 1;
    match edit {
        Edit::Replace(at, c) if chars > 0 => {
            let i = at.index(chars);
            text.replace_range(marks[i]..marks[i + 1], &c.to_string());
        }
        Edit::Insert(at, inserted) => text.insert_str(marks[at.index(chars + 1)], inserted),
        Edit::Delete(at, len) if chars > 0 => {
            let i = at.index(chars);
            text.replace_range(marks[i]..marks[(i + len).min(chars)], "");
        }
        Edit::Truncate(at) => text.truncate(marks[at.index(chars + 1)]),
        Edit::DuplicateLine(at) => {
            let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
            if !lines.is_empty() {
                let i = at.index(lines.len());
                lines.insert(i, lines[i]);
            }
            text = lines.concat();
        }
        Edit::InvalidUtf8(at) => {
            let mut bytes = text.into_bytes();
            let i = at.index(bytes.len() + 1);
            bytes.insert(i, 0xff);
            return bytes;
        }
        Edit::Replace(..) | Edit::Delete(..) => {}
    }
    text.into_bytes()
}

/// Each problem names a file of the folder, points inside it and says what is wrong on one line.
fn assert_problems_are_located(
    folder: &Path,
    damaged: &[u8],
    name: &str,
    problems: &[Problem],
) -> Result<(), TestCaseError> {
    prop_assert!(!problems.is_empty(), "Err with no problems");
    for problem in problems {
        let shown = problem.to_string();
        prop_assert!(!problem.message.trim().is_empty(), "empty message: {}", shown);
        prop_assert!(!shown.chars().any(char::is_control), "not one printable line: {:?}", shown);
        let file = Path::new(&problem.file);
        prop_assert!(file.starts_with(folder), "problem outside the folder: {}", shown);
        let Some(position) = problem.position else { continue };
        let text = if file.ends_with(name) {
            String::from_utf8_lossy(damaged).into_owned()
        } else {
            std::fs::read_to_string(file).expect("undamaged file")
        };
        let lines: Vec<&str> = text.split('\n').collect();
        prop_assert!(position.line >= 1 && position.line <= lines.len(), "line out of range: {}", shown);
        // A CRLF line's `\r` counts as a column: an error at the line break may point just past it.
        let line = lines[position.line - 1];
        prop_assert!(
            position.column >= 1 && position.column <= line.chars().count() + 1,
            "column out of range: {} (line is {:?})",
            shown,
            line
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn a_damaged_lesson_file_loads_or_is_refused_with_located_problems(
        file in any::<Index>(),
        edits in proptest::collection::vec(edit(), 1..4),
    ) {
        let (name, original) = BUILTIN_FILES[file.index(BUILTIN_FILES.len())];
        let damaged = edits.iter().fold(original.as_bytes().to_vec(), |bytes, edit| {
            apply(&String::from_utf8_lossy(&bytes), edit)
        });
        with_folder(|folder| {
            match folder.load_with(name, original, &damaged) {
                Ok(course) => prop_assert!(!course.lessons.is_empty()),
                Err(problems) => assert_problems_are_located(folder.path(), &damaged, name, &problems)?,
            }
            Ok(())
        })?;
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn markup_errors_point_into_the_text(
        text in prop_oneof![
            proptest::collection::vec(any::<char>(), 0..80).prop_map(String::from_iter),
            "([a-z ]{0,6}|\\*\\*|`|```|## |- |  |\n|#|\\* |\t){0,24}",
        ],
    ) {
        for result in [markup::parse_blocks(&text).map(|_| ()), markup::parse_inline(&text).map(|_| ())] {
            if let Err(errors) = result {
                prop_assert!(!errors.is_empty());
                for error in errors {
                    prop_assert!(!error.message.trim().is_empty());
                    prop_assert!(text.is_char_boundary(error.offset), "offset {} in {:?}", error.offset, text);
                }
            }
        }
    }
}

#[test]
fn the_undamaged_copy_loads() {
    with_folder(|folder| {
        let (name, original) = BUILTIN_FILES[0];
        let course = folder.load_with(name, original, original.as_bytes()).expect("built-in lessons load");
        assert_eq!(course.lessons.len(), BUILTIN_FILES.len() - 1);
    });
}

/// A TOML escape in a value (`\e` is ESC since TOML 1.1, `\n`, `\b`) ends up quoted in messages such
/// as "unknown panel `...`": `lessons check` must show it escaped, never print a terminal escape
/// sequence or break the one-line message. One stray backslash is enough.
#[test]
fn values_with_escapes_are_shown_escaped_in_problems() {
    let (name, original) =
        BUILTIN_FILES.iter().find(|(name, _)| *name == "05-step4-verify.toml").copied().unwrap();
    for typo in [r#""sc\enarios""#, r#""\e[2J\e[Hbye""#, r#""token\nforged line""#] {
        let damaged = original.replacen(r#""scenarios""#, typo, 1);
        assert_ne!(damaged, original);
        let problems =
            with_folder(|folder| folder.load_with(name, original, damaged.as_bytes())).unwrap_err();
        for problem in problems {
            let shown = problem.to_string();
            assert!(!shown.chars().any(char::is_control), "{shown:?}");
        }
    }
}
