//! Turns lesson and quiz files into the model, reporting every problem with its file:line:column.
//!
//! The TOML is parsed with `toml`'s recoverable, span-keeping parser and walked by hand rather than
//! through serde, because serde stops at the first error and a teacher fixing a folder wants the
//! whole list in one run.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::Problem;
use super::markup::{self, CODE_LANGUAGES, MarkupError};
use super::model::{
    Block, CodeSample, Correction, Course, Difficulty, Inline, Lesson, LessonKind, PanelKind, Question, Quiz,
    QuizOption, option_letter,
};
use super::source_text::{LineIndex, MappedString, Position};

/// The only file format this program reads.
pub const FORMAT_VERSION: i64 = 1;

/// The smallest quiz the tutorial accepts: total, easy, medium, hard.
pub const MIN_QUESTIONS: usize = 10;
pub const MIN_EASY: usize = 3;
pub const MIN_MEDIUM: usize = 4;
pub const MIN_HARD: usize = 3;
pub const MAX_OPTIONS: usize = 6;
pub const MIN_OPTIONS: usize = 2;
/// A screen ends with at most this many checkpoint questions: a check, not a second quiz.
pub const MAX_CHECKPOINTS: usize = 2;
/// Checkpoints are answered with A-D or 1-4 on a lesson screen, where other letters are keys.
pub const MAX_CHECKPOINT_OPTIONS: usize = 4;
/// The most words of prose one screen may show (body, notes and corrections; code not counted), so a
/// screen reads in about three minutes and its key idea is not buried.
pub const MAX_SCREEN_WORDS: usize = 400;
/// The right answer may be the longest option in at most this share of questions (numerator,
/// denominator): above it, always picking the longest option beats an honest first try.
pub const MAX_LONGEST_ANSWER_SHARE: (usize, usize) = (1, 3);

pub const LESSON_KEYS: &[&str] = &[
    "format_version",
    "id",
    "title",
    "kind",
    "step",
    "panels",
    "body",
    "notes",
    "code",
    "corrections",
    "teacher_notes",
    "checkpoints",
];
pub const CODE_KEYS: &[&str] = &["language", "path", "source"];
pub const CORRECTION_KEYS: &[&str] = &["seed_says", "problem", "instead", "after"];
pub const QUIZ_KEYS: &[&str] = &["format_version", "id", "title", "questions", "teacher_notes"];
pub const QUESTION_KEYS: &[&str] =
    &["id", "difficulty", "topic", "prompt", "code", "options", "answer", "hint", "solution", "mistakes"];
pub const OPTION_KEYS: &[&str] = &["text", "why"];

/// One file's text and the name its problems are reported under.
pub struct SourceFile<'a> {
    pub name: String,
    pub text: &'a str,
}

/// Where each id was first defined, across all files (progress is keyed by these ids).
#[derive(Default)]
struct Registry {
    ids: HashMap<String, (String, Position)>,
    steps: HashMap<u8, (String, Position)>,
}

/// Checks a whole course: lesson files in screen order, then the quiz file (`None` when it is
/// missing, which the caller reports; the lessons are still checked).
pub fn check_course(
    lessons: &[SourceFile<'_>],
    quiz: Option<&SourceFile<'_>>,
) -> Result<Course, Vec<Problem>> {
    let mut registry = Registry::default();
    let mut problems = Vec::new();
    let mut checked_lessons = Vec::new();
    for file in lessons {
        let mut checker = Checker::new(file);
        if let Some(root) = checker.parse() {
            let lesson = check_lesson(&mut checker, &root, &mut registry);
            if checker.problems.is_empty() {
                checked_lessons.extend(lesson);
            }
        }
        problems.extend(checker.finish());
    }
    let mut checked_quiz = None;
    if let Some(quiz) = quiz {
        let mut checker = Checker::new(quiz);
        if let Some(root) = checker.parse() {
            let parsed = check_quiz(&mut checker, &root, &mut registry);
            if checker.problems.is_empty() {
                checked_quiz = parsed;
            }
        }
        problems.extend(checker.finish());
    }
    match checked_quiz {
        Some(quiz) if problems.is_empty() => Ok(Course { lessons: checked_lessons, quiz }),
        _ => Err(problems),
    }
}

struct Checker<'s> {
    file: &'s str,
    source: &'s str,
    lines: LineIndex<'s>,
    /// Byte offset and message; at most a few times [`MAX_PROBLEMS_PER_FILE`] at once, the lowest
    /// offsets (see [`Checker::compact`]).
    problems: Vec<(usize, String)>,
    /// Problems found but dropped because the list was full, and where the first of them is.
    unlisted: usize,
    first_unlisted: Option<usize>,
}

/// A file with more problems than this lists these and a count of the rest: past a screenful the
/// later ones are usually consequences of the first, and the list must stay quick to print.
pub const MAX_PROBLEMS_PER_FILE: usize = 100;

/// Files up to this size get every syntax error reported at once; see [`Checker::parse`].
const ALL_SYNTAX_ERRORS_UP_TO: usize = 64 * 1024;

/// A table being read, with the span to blame when one of its fields is missing.
#[derive(Clone, Copy)]
struct TableRef<'a, 'i> {
    table: &'a DeTable<'i>,
    span_start: usize,
    /// How the table is written in the file, for messages: `""` for the top level, `[code]`, ...
    label: &'static str,
}

type Value<'i> = Spanned<DeValue<'i>>;

/// A string field's text plus enough to point into it.
struct Text {
    value: String,
    span: Range<usize>,
    mapped: MappedString,
}

impl<'s> Checker<'s> {
    fn new(file: &'s SourceFile<'s>) -> Self {
        Checker {
            file: &file.name,
            source: file.text,
            lines: LineIndex::new(file.text),
            problems: Vec::new(),
            unlisted: 0,
            first_unlisted: None,
        }
    }

    fn report(&mut self, offset: usize, message: impl Into<String>) {
        self.problems.push((offset, message.into()));
        if self.problems.len() >= 8 * MAX_PROBLEMS_PER_FILE {
            self.compact();
        }
    }

    /// Problems found so far, listed or not.
    fn count(&self) -> usize {
        self.problems.len() + self.unlisted
    }

    /// Keeps the [`MAX_PROBLEMS_PER_FILE`] earliest problems and counts the rest, so memory stays
    /// bounded however many a file has. Offsets and positions sort alike.
    fn compact(&mut self) {
        self.problems.sort_by_key(|(offset, _)| *offset);
        self.problems.dedup();
        if self.problems.len() > MAX_PROBLEMS_PER_FILE {
            let dropped = self.problems.split_off(MAX_PROBLEMS_PER_FILE);
            self.unlisted += dropped.len();
            let first = dropped[0].0;
            self.first_unlisted = Some(self.first_unlisted.map_or(first, |known| known.min(first)));
        }
    }

    fn position(&self, offset: usize) -> Position {
        self.lines.position(offset)
    }

    fn finish(mut self) -> Vec<Problem> {
        self.compact();
        let lines = &self.lines;
        let mut located: Vec<(Position, String)> =
            self.problems.into_iter().map(|(offset, message)| (lines.position(offset), message)).collect();
        located.dedup();
        let rest = self.unlisted;
        if let Some(position) = self.first_unlisted.map(|offset| lines.position(offset)) {
            let plural = if rest == 1 { "problem" } else { "problems" };
            located.push((
                position,
                format!(
                    "{rest} more {plural} in this file from here on, not listed \
                     (only the first {MAX_PROBLEMS_PER_FILE} are; fix those and check again)"
                ),
            ));
        }
        located
            .into_iter()
            .map(|(position, message)| Problem {
                file: self.file.to_string(),
                position: Some(position),
                message,
            })
            .collect()
    }

    /// Parses the TOML; on syntax errors reports them (one per line: later ones on a line are
    /// usually echoes of the first) and returns `None`. Over [`ALL_SYNTAX_ERRORS_UP_TO`] only the
    /// first is reported: the parser keeps every error it recovers from, several hundred bytes each.
    fn parse(&mut self) -> Option<DeTable<'s>> {
        if self.source.len() > ALL_SYNTAX_ERRORS_UP_TO {
            return match DeTable::parse(self.source) {
                Ok(root) => Some(root.into_inner()),
                Err(error) => {
                    let offset = error.span().map_or(0, |span| span.start);
                    let message = self.syntax_message(offset, error.message());
                    self.report(
                        offset,
                        format!(
                            "{message} (in a file over {} KiB only the first syntax error is reported; \
                             fix it and check again)",
                            ALL_SYNTAX_ERRORS_UP_TO / 1024
                        ),
                    );
                    None
                }
            };
        }
        let (root, errors) = DeTable::parse_recoverable(self.source);
        if errors.is_empty() {
            return Some(root.into_inner());
        }
        let mut last_reported_line = None;
        let mut errors: Vec<_> =
            errors.iter().map(|e| (e.span().map_or(0, |span| span.start), e.message())).collect();
        errors.sort_by_key(|(offset, _)| *offset);
        for (offset, message) in errors {
            let line = self.position(offset).line;
            // Sorted by offset, so a line already reported is the previous one.
            if last_reported_line == Some(line) {
                continue;
            }
            last_reported_line = Some(line);
            let message = self.syntax_message(offset, message);
            self.report(offset, message);
        }
        None
    }

    fn syntax_message(&self, offset: usize, message: &str) -> String {
        if message == "duplicate key" {
            format!("duplicate key `{}`", key_text_at(self.source, offset))
        } else {
            format!("TOML syntax error: {message}")
        }
    }

    fn unknown_keys(&mut self, table: TableRef<'_, '_>, known: &[&str]) {
        for (key, _) in table.table.iter() {
            let name = key.get_ref().as_ref();
            if known.contains(&name) {
                continue;
            }
            // Past twice the listed number the message is only counted, so the suggestion (an edit
            // distance per known key) is not worth computing: a file of 20 000 typos stays fast.
            if self.count() >= 2 * MAX_PROBLEMS_PER_FILE {
                self.report(key.span().start, format!("unknown field `{name}`{}", in_label(table.label)));
                continue;
            }
            let hint = match closest(name, known) {
                Some(suggestion) => format!("did you mean `{suggestion}`?"),
                None => format!("expected one of {}", known.join(", ")),
            };
            self.report(key.span().start, format!("unknown field `{name}`{}: {hint}", in_label(table.label)));
        }
    }

    fn get<'a, 'i>(&mut self, table: TableRef<'a, 'i>, key: &str, required: bool) -> Option<&'a Value<'i>> {
        let value = table.table.get(key);
        if value.is_none() && required {
            self.report(table.span_start, format!("missing field `{key}`{}", in_label(table.label)));
        }
        value
    }

    fn wrong_type(&mut self, key: &str, expected: &str, value: &Value<'_>) {
        self.report(
            value.span().start,
            format!("`{key}` must be {expected}, found {}", article(value.get_ref().type_str())),
        );
    }

    fn string(&mut self, table: TableRef<'_, '_>, key: &str, required: bool) -> Option<Text> {
        let value = self.get(table, key, required)?;
        self.string_value(key, value)
    }

    fn string_value(&mut self, key: &str, value: &Value<'_>) -> Option<Text> {
        let DeValue::String(text) = value.get_ref() else {
            self.wrong_type(key, "a string", value);
            return None;
        };
        let span = value.span();
        let mapped = MappedString::new(&self.source[span.clone()], text);
        if mapped.text.trim().is_empty() {
            self.report(span.start, format!("`{key}` is empty"));
            return None;
        }
        Some(Text { value: mapped.text.clone(), span, mapped })
    }

    fn report_markup(&mut self, text: &Text, errors: Vec<MarkupError>) {
        for error in errors {
            let offset = text.span.start + text.mapped.raw_offset(error.offset);
            self.report(offset, error.message);
        }
    }

    /// A string shown verbatim: refused if it could drive the terminal.
    fn plain(&mut self, table: TableRef<'_, '_>, key: &str, required: bool) -> Option<String> {
        let text = self.string(table, key, required)?;
        self.checked_plain(text)
    }

    fn checked_plain(&mut self, text: Text) -> Option<String> {
        let errors = markup::unsafe_characters(&text.value);
        if errors.is_empty() {
            Some(text.value)
        } else {
            self.report_markup(&text, errors);
            None
        }
    }

    fn integer(&mut self, table: TableRef<'_, '_>, key: &str, required: bool) -> Option<(i64, Range<usize>)> {
        let value = self.get(table, key, required)?;
        match value.get_ref() {
            DeValue::Integer(integer) => match i64::from_str_radix(integer.as_str(), integer.radix()) {
                Ok(number) => Some((number, value.span())),
                Err(_) => {
                    self.report(value.span().start, format!("`{key}` is out of range"));
                    None
                }
            },
            _ => {
                self.wrong_type(key, "an integer", value);
                None
            }
        }
    }

    fn array<'a, 'i>(
        &mut self,
        table: TableRef<'a, 'i>,
        key: &str,
        required: bool,
    ) -> Option<(&'a DeArray<'i>, Range<usize>)> {
        let value = self.get(table, key, required)?;
        match value.get_ref() {
            DeValue::Array(array) => Some((array, value.span())),
            _ => {
                self.wrong_type(key, "an array", value);
                None
            }
        }
    }

    /// An array of non-empty plain strings.
    fn string_list(&mut self, table: TableRef<'_, '_>, key: &str, required: bool) -> Option<Vec<Text>> {
        let (array, span) = self.array(table, key, required)?;
        if required && array.is_empty() {
            self.report(span.start, format!("`{key}` needs at least one entry"));
            return None;
        }
        let mut items = Vec::new();
        let mut all_fine = true;
        for item in array.iter() {
            match self.string_value(key, item) {
                Some(text) => items.push(text),
                None => all_fine = false,
            }
        }
        all_fine.then_some(items)
    }

    fn sub_table<'a, 'i>(
        &mut self,
        table: TableRef<'a, 'i>,
        key: &str,
        label: &'static str,
    ) -> Option<TableRef<'a, 'i>> {
        let value = self.get(table, key, false)?;
        match value.get_ref() {
            DeValue::Table(inner) => Some(TableRef { table: inner, span_start: value.span().start, label }),
            _ => {
                self.wrong_type(key, &format!("a table (`{label}`)"), value);
                None
            }
        }
    }

    fn table_list<'a, 'i>(
        &mut self,
        table: TableRef<'a, 'i>,
        key: &str,
        label: &'static str,
        required: bool,
    ) -> Option<(Vec<TableRef<'a, 'i>>, Range<usize>)> {
        let (array, span) = self.array(table, key, required)?;
        let mut tables = Vec::new();
        for item in array.iter() {
            match item.get_ref() {
                DeValue::Table(inner) => {
                    tables.push(TableRef { table: inner, span_start: item.span().start, label })
                }
                _ => self.wrong_type(key, &format!("a list of tables (`{label}`)"), item),
            }
        }
        Some((tables, span))
    }

    fn format_version(&mut self, root: TableRef<'_, '_>) -> bool {
        match self.get(root, "format_version", false) {
            None => {
                self.report(
                    0,
                    format!("missing `format_version = {FORMAT_VERSION}` (put it on the first line)"),
                );
                true
            }
            Some(_) => match self.integer(root, "format_version", true) {
                Some((FORMAT_VERSION, _)) => true,
                Some((other, span)) => {
                    self.report(
                        span.start,
                        format!(
                            "unsupported format_version {other}: this program reads format_version = {FORMAT_VERSION}"
                        ),
                    );
                    false
                }
                None => false,
            },
        }
    }

    fn id(&mut self, table: TableRef<'_, '_>, registry: &mut Registry) -> Option<String> {
        let text = self.string(table, "id", true)?;
        let id = text.value.clone();
        if !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            || id.starts_with('-')
        {
            self.report(
                text.span.start,
                format!("id `{id}` may contain only lowercase letters, digits and `-`"),
            );
            return None;
        }
        let here = self.position(text.span.start);
        if let Some((file, position)) = registry.ids.get(&id) {
            self.report(text.span.start, format!("duplicate id `{id}`: already used at {file}:{position}"));
            return None;
        }
        registry.ids.insert(id.clone(), (self.file.to_string(), here));
        Some(id)
    }

    fn code(&mut self, parent: TableRef<'_, '_>, label: &'static str) -> Option<Option<CodeSample>> {
        let Some(table) = self.sub_table(parent, "code", label) else {
            // Absent is fine; a wrong type was reported by sub_table.
            return if parent.table.get("code").is_some() { None } else { Some(None) };
        };
        self.unknown_keys(table, CODE_KEYS);
        let language = self.string(table, "language", true);
        if let Some(language) = &language
            && !CODE_LANGUAGES.contains(&language.value.as_str())
        {
            self.report(
                language.span.start,
                format!(
                    "unknown code language `{}`: expected one of {}",
                    language.value,
                    CODE_LANGUAGES.join(", ")
                ),
            );
            return None;
        }
        let path = match table.table.get("path") {
            Some(_) => Some(self.plain(table, "path", true)?),
            None => None,
        };
        let source = self.plain(table, "source", true);
        Some(Some(CodeSample { language: language?.value, path, source: source?.trim_end().to_string() }))
    }
}

fn in_label(label: &str) -> String {
    if label.is_empty() { String::new() } else { format!(" in {label}") }
}

fn article(type_name: &str) -> String {
    let first = type_name.chars().next().unwrap_or('x');
    if "aeiou".contains(first) { format!("an {type_name}") } else { format!("a {type_name}") }
}

/// The bare or quoted key that starts at `offset`, for "duplicate key" messages.
fn key_text_at(source: &str, offset: usize) -> String {
    source[offset.min(source.len())..]
        .split(['=', ']', '\n', '.'])
        .next()
        .unwrap_or("")
        .trim()
        .trim_matches('"')
        .to_string()
}

/// The known name closest to a typo, if it is close enough to be a likely intent.
fn closest<'k>(typo: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        // The distance is at least the difference in length: skip candidates that cannot be close.
        .filter(|candidate| typo.chars().count().abs_diff(candidate.len()) <= 2.max(candidate.len() / 4))
        .map(|candidate| (edit_distance(typo, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 4))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

fn check_lesson(checker: &mut Checker<'_>, root: &DeTable<'_>, registry: &mut Registry) -> Option<Lesson> {
    let root = TableRef { table: root, span_start: 0, label: "" };
    if !checker.format_version(root) {
        return None;
    }
    checker.unknown_keys(root, LESSON_KEYS);
    let id = checker.id(root, registry);
    let title = checker.plain(root, "title", true);

    let kind = checker.string(root, "kind", true).and_then(|text| {
        let kind = LessonKind::from_name(&text.value);
        if kind.is_none() {
            let names: Vec<_> = LessonKind::ALL.iter().map(|k| k.name()).collect();
            checker.report(
                text.span.start,
                format!("unknown kind `{}`: expected one of {}", text.value, names.join(", ")),
            );
        }
        kind
    });
    let step = check_step(checker, root, kind, registry);

    let body = checker.string(root, "body", true).and_then(|text| match markup::parse_blocks(&text.value) {
        Ok(blocks) => Some(blocks),
        Err(errors) => {
            checker.report_markup(&text, errors);
            None
        }
    });
    let notes = check_notes(checker, root, "notes");
    let teacher_notes = check_notes(checker, root, "teacher_notes");
    let code = checker.code(root, "[code]");
    let headings: Vec<String> = body
        .iter()
        .flatten()
        .filter_map(|block| match block {
            Block::Heading(inlines) => Some(markup::inline_text(inlines)),
            _ => None,
        })
        .collect();
    let corrections = check_corrections(checker, root, &headings);
    let panels = check_panels(checker, root);
    let checkpoints = check_checkpoints(checker, root, registry);

    let lesson = Lesson {
        id: id?,
        title: title?,
        kind: kind?,
        step: step?,
        body: body?,
        code: code?,
        notes: notes?,
        corrections: corrections?,
        teacher_notes: teacher_notes?,
        panels: panels?,
        checkpoints: checkpoints?,
        source: checker.file.to_string(),
    };
    check_screen_length(checker, root, &lesson);
    Some(lesson)
}

/// Refuses a screen with more prose than [`MAX_SCREEN_WORDS`], blaming its `body`.
fn check_screen_length(checker: &mut Checker<'_>, root: TableRef<'_, '_>, lesson: &Lesson) {
    let words = lesson.prose_words();
    if words > MAX_SCREEN_WORDS {
        let offset = root.table.get("body").map_or(0, |body| body.span().start);
        checker.report(
            offset,
            format!(
                "this screen has {words} words of prose (body, notes and corrections); the limit is \
                 {MAX_SCREEN_WORDS}: split the screen or cut text"
            ),
        );
    }
}

/// `[[checkpoints]]`: questions in the quiz's format that end the screen, at most
/// [`MAX_CHECKPOINTS`], each with at most [`MAX_CHECKPOINT_OPTIONS`] options.
fn check_checkpoints(
    checker: &mut Checker<'_>,
    root: TableRef<'_, '_>,
    registry: &mut Registry,
) -> Option<Vec<Question>> {
    if root.table.get("checkpoints").is_none() {
        return Some(Vec::new());
    }
    let (tables, span) = checker.table_list(root, "checkpoints", "[[checkpoints]]", false)?;
    let mut all_fine = true;
    if tables.len() > MAX_CHECKPOINTS {
        checker.report(
            span.start,
            format!(
                "a screen ends with at most {MAX_CHECKPOINTS} checkpoint questions, found {}; move the rest to quiz.toml",
                tables.len()
            ),
        );
        all_fine = false;
    }
    let mut questions = Vec::new();
    for table in tables {
        let option_count = table.table.get("options").and_then(|value| match value.get_ref() {
            DeValue::Array(options) => Some((options.len(), value.span().start)),
            _ => None,
        });
        if let Some((count, offset)) = option_count
            && count > MAX_CHECKPOINT_OPTIONS
        {
            checker.report(
                offset,
                format!(
                    "a checkpoint has at most {MAX_CHECKPOINT_OPTIONS} options (answered with A-D or 1-4), found {count}"
                ),
            );
            all_fine = false;
        }
        match check_question(checker, table, registry) {
            Some(question) => questions.push(question),
            None => all_fine = false,
        }
    }
    all_fine.then_some(questions)
}

/// `Some(None)` when the lesson has (and should have) no step; `None` after a problem.
fn check_step(
    checker: &mut Checker<'_>,
    root: TableRef<'_, '_>,
    kind: Option<LessonKind>,
    registry: &mut Registry,
) -> Option<Option<u8>> {
    let is_step = kind == Some(LessonKind::Step);
    let Some((number, span)) = checker.integer(root, "step", false) else {
        if is_step && root.table.get("step").is_none() {
            checker.report(0, "missing field `step` (a lesson with kind = \"step\" needs step = 1 to 4)");
            return None;
        }
        return if root.table.get("step").is_some() { None } else { Some(None) };
    };
    if kind.is_some() && !is_step {
        checker.report(span.start, "`step` is only allowed in lessons with kind = \"step\"");
        return None;
    }
    let Some(step) = u8::try_from(number).ok().filter(|n| (1..=4).contains(n)) else {
        checker.report(span.start, format!("step must be 1 to 4, found {number}"));
        return None;
    };
    if let Some((file, position)) = registry.steps.get(&step) {
        checker.report(span.start, format!("step {step} is already taught in {file}:{position}"));
        return None;
    }
    registry.steps.insert(step, (checker.file.to_string(), checker.position(span.start)));
    Some(Some(step))
}

/// A list of one-line notes with inline markup (`notes`, `teacher_notes`).
fn check_notes(checker: &mut Checker<'_>, root: TableRef<'_, '_>, field: &str) -> Option<Vec<Vec<Inline>>> {
    if root.table.get(field).is_none() {
        return Some(Vec::new());
    }
    let notes = checker.string_list(root, field, false)?;
    let mut parsed = Vec::new();
    let mut all_fine = true;
    for note in notes {
        match markup::parse_inline(&note.value) {
            Ok(inlines) => parsed.push(inlines),
            Err(errors) => {
                all_fine = false;
                checker.report_markup(&note, errors);
            }
        }
    }
    all_fine.then_some(parsed)
}

/// `headings` are the body's `## ` headings, which a correction's `after` must name.
fn check_corrections(
    checker: &mut Checker<'_>,
    root: TableRef<'_, '_>,
    headings: &[String],
) -> Option<Vec<Correction>> {
    if root.table.get("corrections").is_none() {
        return Some(Vec::new());
    }
    let (tables, _) = checker.table_list(root, "corrections", "[[corrections]]", false)?;
    let mut corrections = Vec::new();
    let mut all_fine = true;
    for table in tables {
        checker.unknown_keys(table, CORRECTION_KEYS);
        let seed_says = checker.plain(table, "seed_says", true);
        let problem = checker.plain(table, "problem", true);
        let instead = checker.plain(table, "instead", true);
        let after = match table.table.get("after") {
            None => Some(None),
            Some(_) => checker.string(table, "after", true).and_then(|text| {
                if headings.contains(&text.value) {
                    Some(Some(text.value))
                } else {
                    let known: Vec<String> = headings.iter().map(|h| format!("`{h}`")).collect();
                    checker.report(
                        text.span.start,
                        format!(
                            "`after` names no `## ` heading of this lesson's body: `{}` (headings: {})",
                            text.value,
                            if known.is_empty() { "none".to_string() } else { known.join(", ") }
                        ),
                    );
                    None
                }
            }),
        };
        match (seed_says, problem, instead, after) {
            (Some(seed_says), Some(problem), Some(instead), Some(after)) => {
                corrections.push(Correction { seed_says, problem, instead, after })
            }
            _ => all_fine = false,
        }
    }
    all_fine.then_some(corrections)
}

fn check_panels(checker: &mut Checker<'_>, root: TableRef<'_, '_>) -> Option<Vec<PanelKind>> {
    let (array, _) = checker.array(root, "panels", true)?;
    let mut panels = Vec::new();
    let mut all_fine = true;
    for item in array.iter() {
        let DeValue::String(name) = item.get_ref() else {
            checker.wrong_type("panels", "a list of panel names", item);
            all_fine = false;
            continue;
        };
        match PanelKind::from_name(name) {
            Some(panel) if panels.contains(&panel) => {
                checker.report(item.span().start, format!("panel `{name}` is listed twice"));
                all_fine = false;
            }
            Some(panel) => panels.push(panel),
            None => {
                let names: Vec<_> = PanelKind::ALL.iter().map(|p| p.name()).collect();
                let hint = match closest(name, &names) {
                    Some(suggestion) => format!("did you mean `{suggestion}`?"),
                    None => format!("expected one of {}", names.join(", ")),
                };
                checker.report(item.span().start, format!("unknown panel `{name}`: {hint}"));
                all_fine = false;
            }
        }
    }
    all_fine.then_some(panels)
}

fn check_quiz(checker: &mut Checker<'_>, root: &DeTable<'_>, registry: &mut Registry) -> Option<Quiz> {
    let root = TableRef { table: root, span_start: 0, label: "" };
    if !checker.format_version(root) {
        return None;
    }
    checker.unknown_keys(root, QUIZ_KEYS);
    let id = checker.id(root, registry);
    let title = checker.plain(root, "title", true);
    let teacher_notes = check_notes(checker, root, "teacher_notes");
    let (tables, _) = checker.table_list(root, "questions", "[[questions]]", true).unwrap_or_default();
    let mut questions = Vec::new();
    let mut counts: HashMap<Difficulty, usize> = HashMap::new();
    let mut all_fine = true;
    for table in tables {
        let difficulty = table
            .table
            .get("difficulty")
            .and_then(|value| value.get_ref().as_str())
            .and_then(Difficulty::from_name);
        if let Some(difficulty) = difficulty {
            *counts.entry(difficulty).or_default() += 1;
        }
        match check_question(checker, table, registry) {
            Some(question) => questions.push(question),
            None => all_fine = false,
        }
    }
    let count = |d| counts.get(&d).copied().unwrap_or(0);
    let (easy, medium, hard) = (count(Difficulty::Easy), count(Difficulty::Medium), count(Difficulty::Hard));
    let total = easy + medium + hard;
    if total < MIN_QUESTIONS || easy < MIN_EASY || medium < MIN_MEDIUM || hard < MIN_HARD {
        checker.report(
            0,
            format!(
                "the quiz is too short for its difficulty mix: it needs at least {MIN_QUESTIONS} questions \
                 ({MIN_EASY} easy, {MIN_MEDIUM} medium, {MIN_HARD} hard) and has {total} \
                 ({easy} easy, {medium} medium, {hard} hard)"
            ),
        );
        all_fine = false;
    }
    if all_fine && !check_longest_answers(checker, &questions) {
        all_fine = false;
    }
    let quiz = Quiz { id: id?, title: title?, questions, teacher_notes: teacher_notes? };
    all_fine.then_some(quiz)
}

/// Refuses a quiz where the right answer is the longest option in more than
/// [`MAX_LONGEST_ANSWER_SHARE`] of its questions; names them so the author knows which to fix.
fn check_longest_answers(checker: &mut Checker<'_>, questions: &[Question]) -> bool {
    let longest: Vec<&str> =
        questions.iter().filter(|q| q.answer_is_longest()).map(|q| q.id.as_str()).collect();
    let (numerator, denominator) = MAX_LONGEST_ANSWER_SHARE;
    if longest.len() * denominator <= questions.len() * numerator {
        return true;
    }
    checker.report(
        0,
        format!(
            "the right answer is the longest option in {} of {} questions (at most {numerator}/{denominator} \
             allowed, or picking the longest option beats knowing): {}",
            longest.len(),
            questions.len(),
            longest.join(", ")
        ),
    );
    false
}

fn check_question(
    checker: &mut Checker<'_>,
    table: TableRef<'_, '_>,
    registry: &mut Registry,
) -> Option<Question> {
    checker.unknown_keys(table, QUESTION_KEYS);
    let id = checker.id(table, registry);
    let difficulty = checker.string(table, "difficulty", true).and_then(|text| {
        let difficulty = Difficulty::from_name(&text.value);
        if difficulty.is_none() {
            checker.report(
                text.span.start,
                format!("unknown difficulty `{}`: expected easy, medium or hard", text.value),
            );
        }
        difficulty
    });
    let topic = checker.plain(table, "topic", true);
    let prompt = checker.plain(table, "prompt", true);
    let code = checker.code(table, "[questions.code]");
    let (options, option_count) = check_options(checker, table);
    let answer = check_answer(checker, table, option_count);
    let hint = checker.plain(table, "hint", true);
    let solution = plain_list(checker, table, "solution");
    let mistakes = plain_list(checker, table, "mistakes");
    Some(Question {
        id: id?,
        difficulty: difficulty?,
        topic: topic?,
        prompt: prompt?,
        code: code?,
        options: options?,
        answer: answer?,
        hint: hint?,
        solution: solution?,
        mistakes: mistakes?,
    })
}

fn plain_list(checker: &mut Checker<'_>, table: TableRef<'_, '_>, key: &str) -> Option<Vec<String>> {
    let texts = checker.string_list(table, key, true)?;
    let mut plain = Vec::new();
    let mut all_fine = true;
    for text in texts {
        match checker.checked_plain(text) {
            Some(value) => plain.push(value),
            None => all_fine = false,
        }
    }
    all_fine.then_some(plain)
}

/// The options, and how many there are (known even when some of them are broken).
fn check_options(
    checker: &mut Checker<'_>,
    question: TableRef<'_, '_>,
) -> (Option<Vec<QuizOption>>, Option<usize>) {
    let Some((tables, span)) = checker.table_list(question, "options", "[[questions.options]]", true) else {
        return (None, None);
    };
    let count = tables.len();
    if !(MIN_OPTIONS..=MAX_OPTIONS).contains(&count) {
        checker.report(
            span.start,
            format!("a question needs {MIN_OPTIONS} to {MAX_OPTIONS} options, found {count}"),
        );
        return (None, None);
    }
    let mut options = Vec::new();
    let mut seen: Vec<(String, char)> = Vec::new();
    let mut all_fine = true;
    for (index, table) in tables.into_iter().enumerate() {
        checker.unknown_keys(table, OPTION_KEYS);
        let text = checker.string(table, "text", true);
        if let Some(text) = &text {
            let normalized = text.value.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            if let Some((_, letter)) = seen.iter().find(|(earlier, _)| *earlier == normalized) {
                checker.report(text.span.start, format!("duplicate option: same text as option {letter}"));
                all_fine = false;
            }
            seen.push((normalized, option_letter(index)));
        }
        let text = text.and_then(|text| checker.checked_plain(text));
        let why = checker.plain(table, "why", true);
        match (text, why) {
            (Some(text), Some(why)) => options.push(QuizOption { text, why }),
            _ => all_fine = false,
        }
    }
    (all_fine.then_some(options), Some(count))
}

fn check_answer(
    checker: &mut Checker<'_>,
    question: TableRef<'_, '_>,
    option_count: Option<usize>,
) -> Option<usize> {
    let text = checker.string(question, "answer", true)?;
    let letters: Vec<char> = text.value.chars().collect();
    let last_letter = option_letter(MAX_OPTIONS - 1);
    let [letter] = letters[..] else {
        checker.report(
            text.span.start,
            format!("answer must be one letter A to {last_letter}, found `{}`", text.value),
        );
        return None;
    };
    if !letter.is_ascii_uppercase() {
        checker.report(
            text.span.start,
            format!("answer must be one capital letter A to {last_letter}, found `{letter}`"),
        );
        return None;
    }
    let index = (letter as u8 - b'A') as usize;
    match option_count {
        Some(count) if index >= count => {
            checker.report(
                text.span.start,
                format!(
                    "answer `{letter}` names no option: this question has options A to {}",
                    option_letter(count - 1)
                ),
            );
            None
        }
        Some(_) => Some(index),
        // The options themselves are broken; that problem is already reported.
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_get_suggestions() {
        assert_eq!(closest("titel", LESSON_KEYS), Some("title"));
        assert_eq!(closest("seed_said", CORRECTION_KEYS), Some("seed_says"));
        assert_eq!(closest("zzzzzz", LESSON_KEYS), None);
    }
}
