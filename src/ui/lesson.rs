//! A lesson's text (`model::Block` / `Inline`), its important notes and its corrections of the
//! seed, as styled lines wrapped to a width.

use ratatui::text::{Line, Span};

use super::wrap::{break_line, wrap};
use crate::highlight;
use crate::lessons::{Block, Correction, Inline, Lesson, LessonPart};
use crate::theme::Theme;

pub fn inline_spans(inlines: &[Inline], theme: &Theme) -> Vec<Span<'static>> {
    inlines
        .iter()
        .map(|inline| match inline {
            Inline::Text(text) => Span::styled(text.clone(), theme.text),
            Inline::Bold(text) => Span::styled(text.clone(), theme.bold),
            Inline::Code(text) => Span::styled(text.clone(), theme.inline_code),
        })
        .collect()
}

/// The lesson panel's content: title, body, important notes, corrections of the seed.
pub fn lesson_lines(lesson: &Lesson, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut out = wrap(&[Span::styled(lesson.title.clone(), theme.heading)], width, vec![], vec![]);
    for part in lesson.parts() {
        out.push(Line::default());
        match part {
            LessonPart::Block(block) => block_lines(block, theme, width, &mut out),
            LessonPart::Correction(correction) => correction_lines(correction, theme, width, &mut out),
        }
    }
    if !lesson.notes.is_empty() {
        out.push(Line::default());
        out.push(Line::from(Span::styled("⚠ Important", theme.note_label)));
        for note in &lesson.notes {
            let spans: Vec<Span> =
                inline_spans(note, theme).into_iter().map(|s| s.patch_style(theme.note)).collect();
            out.extend(wrap(
                &spans,
                width,
                vec![Span::styled("! ", theme.note_label)],
                vec![Span::raw("  ")],
            ));
        }
    }
    let trailing: Vec<&Correction> = lesson.trailing_corrections().collect();
    if !trailing.is_empty() {
        out.push(Line::default());
        out.push(Line::from(Span::styled("✗ Where the seed material is wrong", theme.note_label)));
        for correction in trailing {
            out.push(Line::default());
            correction_lines(correction, theme, width, &mut out);
        }
    }
    out
}

/// The speaker-notes panel (`--presenter`): one bullet per point, with a blank row between
/// them so they can be read at a glance while talking.
pub fn teacher_notes_lines(notes: &[Vec<Inline>], theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut out = vec![Line::from(Span::styled("For the teacher, not the room", theme.muted))];
    for note in notes {
        out.push(Line::default());
        out.extend(wrap(
            &inline_spans(note, theme),
            width,
            vec![Span::styled("• ", theme.bullet)],
            vec![Span::raw("  ")],
        ));
    }
    out
}

fn correction_lines(correction: &Correction, theme: &Theme, width: usize, out: &mut Vec<Line<'static>>) {
    let rows = [
        ("✗ Seed says: ", &correction.seed_says, theme.seed_wrong),
        ("  Problem:   ", &correction.problem, theme.text),
        ("✓ Instead:   ", &correction.instead, theme.seed_fix),
    ];
    for (label, text, style) in rows {
        out.extend(wrap(
            &[Span::styled(text.clone(), style)],
            width,
            vec![Span::styled(label, theme.bold.patch(style))],
            vec![Span::raw(" ".repeat(label.chars().count()))],
        ));
    }
}

fn block_lines(block: &Block, theme: &Theme, width: usize, out: &mut Vec<Line<'static>>) {
    match block {
        Block::Heading(inlines) => {
            let spans: Vec<Span> =
                inline_spans(inlines, theme).into_iter().map(|s| s.patch_style(theme.heading)).collect();
            out.extend(wrap(&spans, width, vec![], vec![]));
        }
        Block::Paragraph(inlines) => out.extend(wrap(&inline_spans(inlines, theme), width, vec![], vec![])),
        Block::Bullets(items) => {
            for item in items {
                out.extend(wrap(
                    &inline_spans(item, theme),
                    width,
                    vec![Span::styled("• ", theme.bullet)],
                    vec![Span::raw("  ")],
                ));
            }
        }
        Block::Code { language, source } => {
            for line in highlight::code_lines(source, language, theme).iter() {
                for (index, row) in break_line(line, width.saturating_sub(2)).into_iter().enumerate() {
                    let margin = if index == 0 { "  " } else { "↪ " };
                    let mut spans = vec![Span::styled(margin, theme.line_number)];
                    spans.extend(row);
                    out.push(Line::from(spans));
                }
            }
        }
    }
}

/// The code panel's content: where the file lives, then numbered, highlighted lines; lines wider
/// than the panel continue on the next row after a `↪` mark.
pub fn code_sample_lines(
    sample: &crate::lessons::CodeSample,
    theme: &Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if let Some(path) = &sample.path {
        out.extend(wrap(
            &[
                Span::styled(path.clone(), theme.bold),
                Span::styled(format!(" ({})", sample.language), theme.muted),
            ],
            width,
            vec![Span::styled("File: ", theme.muted)],
            vec![Span::raw("      ")],
        ));
        out.push(Line::default());
    }
    let lines = highlight::code_lines(&sample.source, &sample.language, theme);
    let number_width = lines.len().to_string().len();
    let gutter = number_width + 3;
    for (number, line) in lines.iter().enumerate() {
        for (index, row) in break_line(line, width.saturating_sub(gutter)).into_iter().enumerate() {
            let gutter_text = if index == 0 {
                format!("{:>number_width$} │ ", number + 1)
            } else {
                format!("{:>number_width$} ↪ ", "")
            };
            let mut spans = vec![Span::styled(gutter_text, theme.line_number)];
            spans.extend(row);
            out.push(Line::from(spans));
        }
    }
    out
}
