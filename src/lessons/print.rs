//! Lessons and the quiz as plain linear text: no colours, no layout, nothing a screen reader
//! would trip over, and a reasonable handout when printed.

use std::fmt::Write;

use super::markup::inline_text;
use super::model::{Block, CodeSample, Course, Inline, Lesson, LessonKind, Question, option_letter};

/// The whole course: every lesson in order, then the quiz with its answers.
pub fn course_text(course: &Course) -> String {
    let mut out = String::new();
    let screens = course.lessons.len();
    for (index, lesson) in course.lessons.iter().enumerate() {
        lesson_text_into(&mut out, lesson, index + 1, screens);
    }
    quiz_text_into(&mut out, course);
    out
}

/// One lesson as text.
pub fn lesson_text(lesson: &Lesson) -> String {
    let mut out = String::new();
    lesson_text_into(&mut out, lesson, 0, 0);
    out
}

fn underline(out: &mut String, title: &str, mark: char) {
    let _ = writeln!(out, "{title}");
    let _ = writeln!(out, "{}", mark.to_string().repeat(title.chars().count()));
}

fn lesson_text_into(out: &mut String, lesson: &Lesson, number: usize, screens: usize) {
    let place = match (lesson.kind, lesson.step) {
        (LessonKind::Step, Some(step)) => format!("Step {step} of 4: "),
        (LessonKind::Lab, _) => "Lab: ".to_string(),
        _ => String::new(),
    };
    let title = format!("{place}{}", lesson.title.trim_start_matches("Lab: "));
    underline(out, &title, '=');
    if screens > 0 {
        let _ = writeln!(out, "Screen {number} of {screens} (id: {})", lesson.id);
    }
    out.push('\n');
    blocks_into(out, &lesson.body);
    if !lesson.panels.is_empty() {
        let names: Vec<&str> = lesson.panels.iter().map(|panel| panel.title()).collect();
        let _ = writeln!(out, "Live panels on this screen: {}.\n", names.join(", "));
    }
    if let Some(code) = &lesson.code {
        underline(out, "The code", '-');
        code_into(out, code);
        out.push('\n');
    }
    if !lesson.notes.is_empty() {
        underline(out, "Important notes", '-');
        for note in &lesson.notes {
            let _ = writeln!(out, "- {}", plain_inline(note));
        }
        out.push('\n');
    }
    if !lesson.corrections.is_empty() {
        underline(out, "Where the seed material was wrong", '-');
        for (index, correction) in lesson.corrections.iter().enumerate() {
            let _ = writeln!(out, "{}. The seed says: {}", index + 1, correction.seed_says);
            let _ = writeln!(out, "   The problem: {}", correction.problem);
            let _ = writeln!(out, "   Instead: {}", correction.instead);
        }
        out.push('\n');
    }
}

fn blocks_into(out: &mut String, blocks: &[Block]) {
    for block in blocks {
        match block {
            Block::Heading(inlines) => underline(out, &inline_text(inlines), '-'),
            Block::Paragraph(inlines) => {
                let _ = writeln!(out, "{}", plain_inline(inlines));
            }
            Block::Bullets(items) => {
                for item in items {
                    let _ = writeln!(out, "- {}", plain_inline(item));
                }
            }
            Block::Code { language, source } => {
                let _ = writeln!(out, "Code ({language}):");
                indented_into(out, source);
                let _ = writeln!(out, "End of code.");
            }
        }
        out.push('\n');
    }
}

/// Inline text with code spans kept in backticks, so the reader can tell code from prose.
fn plain_inline(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|inline| match inline {
            Inline::Text(text) | Inline::Bold(text) => text.clone(),
            Inline::Code(code) => format!("`{code}`"),
        })
        .collect()
}

fn code_into(out: &mut String, code: &CodeSample) {
    match &code.path {
        Some(path) => {
            let _ = writeln!(out, "File {path} ({}):", code.language);
        }
        None => {
            let _ = writeln!(out, "Code ({}):", code.language);
        }
    }
    indented_into(out, &code.source);
    let _ = writeln!(out, "End of code.");
}

fn indented_into(out: &mut String, source: &str) {
    for line in source.lines() {
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "    {line}");
        }
    }
}

fn quiz_text_into(out: &mut String, course: &Course) {
    let quiz = &course.quiz;
    underline(out, &quiz.title, '=');
    let _ = writeln!(out, "{} questions. The answers follow each question.\n", quiz.questions.len());
    for (index, question) in quiz.questions.iter().enumerate() {
        question_into(out, question, index + 1, quiz.questions.len());
    }
}

/// A question as a handout entry, with its answer and explanations.
pub fn question_text(question: &Question, number: usize, total: usize) -> String {
    let mut out = String::new();
    question_into(&mut out, question, number, total);
    out
}

fn question_into(out: &mut String, question: &Question, number: usize, total: usize) {
    underline(
        out,
        &format!(
            "Question {number} of {total} ({}, {}; id: {})",
            question.difficulty.name(),
            question.topic,
            question.id
        ),
        '-',
    );
    let _ = writeln!(out, "{}", question.prompt);
    if let Some(code) = &question.code {
        code_into(out, code);
    }
    for (index, option) in question.options.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", option_letter(index), option.text);
    }
    let _ = writeln!(out, "Hint: {}", question.hint);
    let _ = writeln!(out, "Answer: {}", question.answer_letter());
    let _ = writeln!(out, "Why each option:");
    for (index, option) in question.options.iter().enumerate() {
        let verdict = if index == question.answer { "right" } else { "wrong" };
        let _ = writeln!(out, "  {} ({verdict}): {}", option_letter(index), option.why);
    }
    let _ = writeln!(out, "Solution:");
    for (index, step) in question.solution_steps(question.answer_letter()).iter().enumerate() {
        let _ = writeln!(out, "  {}. {step}", index + 1);
    }
    let _ = writeln!(out, "Common mistakes:");
    for mistake in &question.mistakes {
        let _ = writeln!(out, "  - {mistake}");
    }
    out.push('\n');
}
