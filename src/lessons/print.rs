//! Lessons and the quiz as linear documents for handouts and screen readers: plain text (no colours,
//! no layout) or CommonMark, with the quiz answers included, left out (a worksheet) or alone (the key).

use std::fmt::Write;

use super::markup::inline_text;
use super::model::{
    Block, CodeSample, Correction, Course, Inline, Lesson, LessonKind, LessonPart, Question, option_letter,
};

/// The document's syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Underlined titles and indented code, readable as it is.
    #[default]
    Text,
    /// CommonMark: fenced code blocks with their language, options as lists.
    Markdown,
}

impl Format {
    pub const ALL: [Format; 2] = [Format::Text, Format::Markdown];

    /// The name `--format` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|format| format.as_str() == name)
            .ok_or_else(|| format!("`{name}` is not a format: use text or markdown"))
    }
}

/// How much of the quiz's answers the document carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Answers {
    /// Lessons, then each question with its answer and explanations.
    #[default]
    Included,
    /// A worksheet: lessons and questions (with hints), no answers or explanations.
    Omitted,
    /// The key: only each question's answer, the why of every option and the solution.
    Only,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PrintOptions {
    pub format: Format,
    pub answers: Answers,
}

/// The whole course: every lesson in order, then the quiz with its answers, as plain text.
pub fn course_text(course: &Course) -> String {
    course_document(course, PrintOptions::default())
}

/// The course as `options` ask.
pub fn course_document(course: &Course, options: PrintOptions) -> String {
    let mut doc = Doc { out: String::new(), format: options.format };
    if options.answers != Answers::Only {
        let screens = course.lessons.len();
        for (index, lesson) in course.lessons.iter().enumerate() {
            doc.lesson(lesson, index + 1, screens);
            doc.checkpoints(lesson, options.answers);
        }
    }
    doc.quiz(course, options.answers);
    if options.answers == Answers::Only && course.checkpoint_count() > 0 {
        // The key answers the checkpoints the worksheet prints at the end of each screen too.
        doc.title(1, "Checkpoints: answer key");
        for lesson in &course.lessons {
            doc.checkpoints(lesson, options.answers);
        }
    }
    doc.out
}

struct Doc {
    out: String,
    format: Format,
}

impl Doc {
    fn markdown(&self) -> bool {
        self.format == Format::Markdown
    }

    /// A title: level 1 for a screen or the quiz, level 2 inside one.
    fn title(&mut self, level: usize, title: &str) {
        if self.markdown() {
            let _ = writeln!(self.out, "{} {}\n", "#".repeat(level), escape(title));
        } else {
            let mark = if level == 1 { '=' } else { '-' };
            let _ = writeln!(self.out, "{title}\n{}\n", mark.to_string().repeat(title.chars().count()));
        }
    }

    fn paragraph(&mut self, text: &str) {
        let text = if self.markdown() { escape_block_start(&escape(text)) } else { text.to_string() };
        let _ = writeln!(self.out, "{text}\n");
    }

    /// A paragraph whose first words are a bold label.
    fn labelled(&mut self, label: &str, text: &str) {
        if text.is_empty() {
            let label = if self.markdown() { format!("**{}**", escape(label)) } else { label.to_string() };
            let _ = writeln!(self.out, "{label}\n");
        } else if self.markdown() {
            let _ = writeln!(self.out, "**{}** {}\n", escape(label), escape(text));
        } else {
            let _ = writeln!(self.out, "{label} {text}\n");
        }
    }

    /// A list of already formatted items (Markdown items were escaped by the caller).
    fn list(&mut self, items: &[String], numbered: bool) {
        for (index, item) in items.iter().enumerate() {
            let marker = if numbered { format!("{}.", index + 1) } else { "-".to_string() };
            let _ = writeln!(self.out, "{marker} {item}");
        }
        self.out.push('\n');
    }

    fn inline(&self, inlines: &[Inline]) -> String {
        inlines
            .iter()
            .map(|inline| match (self.format, inline) {
                (Format::Text, Inline::Text(text) | Inline::Bold(text)) => text.clone(),
                (Format::Text, Inline::Code(code)) => format!("`{code}`"),
                (Format::Markdown, Inline::Text(text)) => escape(text),
                (Format::Markdown, Inline::Bold(text)) => format!("**{}**", escape(text)),
                (Format::Markdown, Inline::Code(code)) => code_span(code),
            })
            .collect()
    }

    /// Plain quiz or correction text as a list item or paragraph.
    fn plain(&self, text: &str) -> String {
        if self.markdown() { escape(text) } else { text.to_string() }
    }

    fn code(&mut self, language: &str, path: Option<&str>, source: &str) {
        if self.markdown() {
            if let Some(path) = path {
                let _ = writeln!(self.out, "File {}:\n", code_span(path));
            }
            let fence = "`".repeat(longest_backtick_run(source).max(2) + 1);
            let _ = writeln!(self.out, "{fence}{language}\n{source}\n{fence}\n");
        } else {
            match path {
                Some(path) => {
                    let _ = writeln!(self.out, "File {path} ({language}):");
                }
                None => {
                    let _ = writeln!(self.out, "Code ({language}):");
                }
            }
            for line in source.lines() {
                if line.is_empty() {
                    self.out.push('\n');
                } else {
                    let _ = writeln!(self.out, "    {line}");
                }
            }
            let _ = writeln!(self.out, "End of code.\n");
        }
    }

    fn code_sample(&mut self, code: &CodeSample) {
        self.code(&code.language, code.path.as_deref(), &code.source);
    }

    fn lesson(&mut self, lesson: &Lesson, number: usize, screens: usize) {
        let place = match (lesson.kind, lesson.step) {
            (LessonKind::Step, Some(step)) => format!("Step {step} of 4: "),
            (LessonKind::Lab, _) => "Lab: ".to_string(),
            _ => String::new(),
        };
        self.title(1, &format!("{place}{}", lesson.title.trim_start_matches("Lab: ")));
        self.paragraph(&format!("Screen {number} of {screens} (id: {})", lesson.id));
        for part in lesson.parts() {
            match part {
                LessonPart::Block(block) => self.block(block),
                LessonPart::Correction(correction) => self.correction(correction, None),
            }
        }
        if !lesson.panels.is_empty() {
            let names: Vec<&str> = lesson.panels.iter().map(|panel| panel.title()).collect();
            self.paragraph(&format!("Live panels on this screen: {}.", names.join(", ")));
        }
        if let Some(code) = &lesson.code {
            self.title(2, "The code");
            self.code_sample(code);
        }
        if !lesson.notes.is_empty() {
            self.title(2, "Important notes");
            let notes: Vec<String> = lesson.notes.iter().map(|note| self.inline(note)).collect();
            self.list(&notes, false);
        }
        let trailing: Vec<&Correction> = lesson.trailing_corrections().collect();
        if !trailing.is_empty() {
            self.title(2, "Where the seed material was wrong");
            for (index, correction) in trailing.into_iter().enumerate() {
                self.correction(correction, Some(index + 1));
            }
        }
    }

    /// The questions that end a screen, in the quiz's layout (and answer mode).
    fn checkpoints(&mut self, lesson: &Lesson, answers: Answers) {
        let total = lesson.checkpoints.len();
        for (index, question) in lesson.checkpoints.iter().enumerate() {
            self.question_as("Checkpoint", question, index + 1, total, answers);
        }
    }

    fn correction(&mut self, correction: &Correction, number: Option<usize>) {
        let lead = match number {
            Some(number) => format!("{number}. The seed says:"),
            None => "The seed says:".to_string(),
        };
        if self.markdown() {
            let items = [
                format!("**{}** {}", escape(&lead), escape(&correction.seed_says)),
                format!("**The problem:** {}", escape(&correction.problem)),
                format!("**Instead:** {}", escape(&correction.instead)),
            ];
            self.list(&items, false);
        } else {
            let _ = writeln!(self.out, "{lead} {}", correction.seed_says);
            let _ = writeln!(self.out, "   The problem: {}", correction.problem);
            let _ = writeln!(self.out, "   Instead: {}\n", correction.instead);
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading(inlines) => self.title(2, &inline_text(inlines)),
            Block::Paragraph(inlines) => {
                let text = self.inline(inlines);
                let text = if self.markdown() { escape_block_start(&text) } else { text };
                let _ = writeln!(self.out, "{text}\n");
            }
            Block::Bullets(items) => {
                let items: Vec<String> = items.iter().map(|item| self.inline(item)).collect();
                self.list(&items, false);
            }
            Block::Code { language, source } => self.code(language, None, source),
        }
    }

    fn quiz(&mut self, course: &Course, answers: Answers) {
        let quiz = &course.quiz;
        let total = quiz.questions.len();
        match answers {
            Answers::Included => {
                self.title(1, &quiz.title);
                self.paragraph(&format!("{total} questions. The answers follow each question."));
            }
            Answers::Omitted => {
                self.title(1, &quiz.title);
                self.paragraph(&format!("{total} questions. Circle one letter for each."));
            }
            Answers::Only => {
                self.title(1, &format!("{}: answer key", quiz.title));
                self.paragraph(&format!("{total} questions."));
            }
        }
        for (index, question) in quiz.questions.iter().enumerate() {
            self.question(question, index + 1, total, answers);
        }
    }

    fn question(&mut self, question: &Question, number: usize, total: usize, answers: Answers) {
        self.question_as("Question", question, number, total, answers);
    }

    /// A question headed `{what} N of M`: a quiz question or a screen's checkpoint.
    fn question_as(
        &mut self,
        what: &str,
        question: &Question,
        number: usize,
        total: usize,
        answers: Answers,
    ) {
        self.title(
            2,
            &format!(
                "{what} {number} of {total} ({}, {}; id: {})",
                question.difficulty.name(),
                question.topic,
                question.id
            ),
        );
        let letter = question.answer_letter();
        if answers != Answers::Only {
            self.paragraph(&question.prompt);
            if let Some(code) = &question.code {
                self.code_sample(code);
            }
            let options: Vec<String> = question
                .options
                .iter()
                .enumerate()
                .map(|(index, option)| format!("{}. {}", option_letter(index), self.plain(&option.text)))
                .collect();
            self.options(&options);
            self.labelled("Hint:", &question.hint);
        }
        if answers == Answers::Omitted {
            return;
        }
        self.labelled("Answer:", &letter.to_string());
        self.labelled("Why each option:", "");
        let why: Vec<String> = question
            .options
            .iter()
            .enumerate()
            .map(|(index, option)| {
                let verdict = if index == question.answer { "right" } else { "wrong" };
                let shown = if answers == Answers::Only {
                    format!("{} ({verdict}, {}): {}", option_letter(index), option.text, option.why)
                } else {
                    format!("{} ({verdict}): {}", option_letter(index), option.why)
                };
                self.plain(&shown)
            })
            .collect();
        self.list(&why, false);
        self.labelled("Solution:", "");
        let steps: Vec<String> =
            question.solution_steps(letter).iter().map(|step| self.plain(step)).collect();
        self.list(&steps, true);
        if answers == Answers::Included {
            self.labelled("Common mistakes:", "");
            let mistakes: Vec<String> = question.mistakes.iter().map(|m| self.plain(m)).collect();
            self.list(&mistakes, false);
        }
    }

    /// The options, `A. text` each: a Markdown list (so they never run into one paragraph), lines
    /// in plain text.
    fn options(&mut self, options: &[String]) {
        if self.markdown() {
            self.list(options, false);
        } else {
            for option in options {
                let _ = writeln!(self.out, "{option}");
            }
            self.out.push('\n');
        }
    }
}

/// Escapes the characters CommonMark could read as markup inside a line of text.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '#' | '!') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A line that would start a list, a heading rule or a numbered item is escaped at its start.
fn escape_block_start(line: &str) -> String {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let after_digits = line[digits..].chars().next();
    if line.starts_with(['-', '+', '=']) {
        format!("\\{line}")
    } else if digits > 0 && matches!(after_digits, Some('.' | ')')) {
        format!("{}\\{}", &line[..digits], &line[digits..])
    } else {
        line.to_string()
    }
}

/// Inline code that survives backticks inside it: a longer backtick fence, padded when needed.
fn code_span(code: &str) -> String {
    let fence = "`".repeat(longest_backtick_run(code) + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{code}{pad}{fence}")
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped_and_code_spans_hold_backticks() {
        assert_eq!(escape("a*b_c [x] <y>"), "a\\*b\\_c \\[x\\] \\<y\\>");
        assert_eq!(escape_block_start("- not a list"), "\\- not a list");
        assert_eq!(escape_block_start("15. not a list"), "15\\. not a list");
        assert_eq!(escape_block_start("15 minutes"), "15 minutes");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
    }
}
