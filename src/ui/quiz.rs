//! The quiz: which kind (exam with its seed, or practice) on top, one question at a time, then feedback with every option's why, then the
//! score by difficulty and a review of the missed questions.

use ratatui::text::{Line, Span};

use super::lesson::code_sample_lines;
use super::panels::{heading, text};
use super::wrap::wrap;
use crate::app::App;
use crate::app::panels::quiz::Practice;
use crate::lessons::{Difficulty, Question};
use crate::quiz::draw::QuizMode;
use crate::quiz::{Outcome, QuestionView};
use crate::theme::Theme;

pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let Some(practice) = &app.practice else {
        return text("This course has no quiz.", theme.muted, width);
    };
    let mut out = mode_lines(practice, theme, width);
    out.extend(match practice.session.current() {
        Some(view) => question_lines(practice, &view, theme, width),
        None => score_lines(app, practice, width),
    });
    out
}

/// Exam or practice, the seed a class shares to get the same paper, and the key to switch (the
/// footer's `m` gives way first on a narrow screen).
fn mode_lines(practice: &Practice, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let about = match (practice.mode, practice.order.seed()) {
        (QuizMode::Exam, Some(seed)) => format!(
            "Exam · seed {seed} · m practice (`quiz --seed {seed}` gives the same questions and letters)"
        ),
        (QuizMode::Exam, None) => "Exam · m practice".to_string(),
        (QuizMode::Practice, _) => {
            "Practice · missed questions first, then those not seen for longest · m exam".to_string()
        }
    };
    let mut out = wrap(&[Span::styled(about, theme.muted)], width, vec![], vec![]);
    out.push(Line::default());
    out
}

/// A question's prompt and code sample between blank lines, as the quiz and the Check panel show it.
pub(super) fn prompt_lines(question: &Question, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut out = vec![Line::default()];
    out.extend(wrap(&[Span::styled(question.prompt.clone(), theme.bold)], width, vec![], vec![]));
    if let Some(code) = &question.code {
        out.push(Line::default());
        out.extend(code_sample_lines(code, theme, width));
    }
    out.push(Line::default());
    out
}

fn question_lines(
    practice: &Practice,
    view: &QuestionView<'_>,
    theme: &Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let question = view.question;
    let round =
        if practice.round > 1 { format!(" · retry round {}", practice.round - 1) } else { String::new() };
    let mut out = vec![Line::from(vec![
        Span::styled(format!("Question {} of {}", view.number, view.total), theme.heading),
        Span::styled(format!(" · {} · {}{round}", question.difficulty.name(), question.topic), theme.muted),
    ])];
    out.extend(prompt_lines(question, theme, width));
    let feedback = view.feedback;
    for (index, shown) in view.options.iter().enumerate() {
        let marker = match feedback {
            None if index == practice.selected => "▶",
            None => " ",
            Some(_) if shown.is_answer => "✓",
            Some(f) if f.chosen == index => "✗",
            Some(_) => " ",
        };
        let style = match feedback {
            None if index == practice.selected => theme.selected,
            None => theme.text,
            Some(_) if shown.is_answer => theme.ok,
            Some(f) if f.chosen == index => theme.bad,
            Some(_) => theme.text,
        };
        let prefix = format!("{marker} {}. ", shown.letter);
        out.extend(wrap(
            &[Span::styled(shown.option.text.clone(), style)],
            width,
            vec![Span::styled(prefix, style)],
            vec![Span::raw("     ")],
        ));
        if feedback.is_some() {
            out.extend(wrap(
                &[Span::styled(shown.option.why.clone(), theme.muted)],
                width,
                vec![Span::raw("     ")],
                vec![Span::raw("     ")],
            ));
        }
    }
    out.push(Line::default());
    if let Some(hint) = view.hint {
        out.extend(wrap(
            &[Span::styled(hint.to_string(), theme.note)],
            width,
            vec![Span::styled("Hint: ", theme.note_label)],
            vec![Span::raw("      ")],
        ));
        out.push(Line::default());
    }
    match feedback {
        None if practice.classroom => out.extend(text(
            &format!(
                "Classroom mode: choose with A-{} or ↑↓ (chosen: {}), then Enter reveals the answer.",
                view.last_letter(),
                view.options[practice.selected.min(view.options.len() - 1)].letter
            ),
            theme.muted,
            width,
        )),
        None => out.extend(text(
            &format!(
                "Answer with A-{} (or 1-{}), or ↑↓ and Enter. h shows a hint.",
                view.last_letter(),
                view.options.len()
            ),
            theme.muted,
            width,
        )),
        Some(feedback) => {
            let verdict = if feedback.is_right {
                Span::styled(format!("✓ Right: {}", feedback.correct_letter()), theme.ok)
            } else {
                Span::styled(
                    format!(
                        "✗ Not this one: you chose {}, the answer is {}",
                        feedback.chosen_letter(),
                        feedback.correct_letter()
                    ),
                    theme.bad,
                )
            };
            let hint_note = if feedback.hint_used { " (with the hint)" } else { "" };
            out.push(Line::from(vec![verdict, Span::styled(hint_note, theme.muted)]));
            if !question.solution.is_empty() {
                out.push(Line::default());
                out.push(heading("How to get there", theme));
                for (number, step) in
                    question.solution_steps(feedback.correct_letter()).into_iter().enumerate()
                {
                    let prefix = format!("{}. ", number + 1);
                    let indent = " ".repeat(prefix.len());
                    out.extend(wrap(
                        &[Span::styled(step, theme.text)],
                        width,
                        vec![Span::styled(prefix, theme.bullet)],
                        vec![Span::raw(indent)],
                    ));
                }
            }
            if !question.mistakes.is_empty() {
                out.push(Line::default());
                out.push(heading("Common mistakes", theme));
                for mistake in &question.mistakes {
                    out.extend(wrap(
                        &[Span::styled(mistake.clone(), theme.text)],
                        width,
                        vec![Span::styled("• ", theme.bullet)],
                        vec![Span::raw("  ")],
                    ));
                }
            }
        }
    }
    out
}

fn score_lines(app: &App, practice: &Practice, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let session = &practice.session;
    let score = session.score();
    let percent = (score.right * 100).checked_div(score.total).unwrap_or(0);
    let title = if practice.round > 1 { "Retry score" } else { "Score" };
    let mut out = vec![Line::from(vec![
        Span::styled(format!("{title}: {}/{}", score.right, score.total), theme.heading),
        Span::styled(format!(" ({percent}%)"), theme.bold),
    ])];
    if let Some(first) = practice.first_score.filter(|_| practice.round > 1) {
        out.push(Line::from(Span::styled(
            format!("first try: {}/{}", first.right, first.total),
            theme.muted,
        )));
    }
    if let Some(best) = app.saved.as_ref().and_then(|saved| saved.progress.best_quiz) {
        out.push(Line::from(Span::styled(
            format!("best so far: {}/{}", best.right, best.total),
            theme.muted,
        )));
    }
    out.push(Line::default());
    for difficulty in Difficulty::ALL {
        let tally = score.tally(difficulty);
        if tally.total == 0 {
            continue;
        }
        let bar: String = (0..tally.total).map(|i| if i < tally.right { '■' } else { '□' }).collect();
        out.push(Line::from(vec![
            Span::styled(format!("{:<7}", difficulty.name()), theme.bold),
            Span::styled(format!("{}/{}  ", tally.right, tally.total), theme.text),
            Span::styled(bar, theme.ok),
        ]));
    }
    if score.hints_used > 0 {
        out.push(Line::from(Span::styled(format!("hints used: {}", score.hints_used), theme.muted)));
    }
    out.push(Line::default());
    let missed: Vec<usize> =
        (0..session.len()).filter(|&i| session.outcome(i).is_some_and(|o| o != Outcome::Right)).collect();
    if missed.is_empty() {
        out.extend(text("Every answer right. Enter goes on to the summary.", theme.ok, width));
        return out;
    }
    out.push(heading(&format!("Review: the {} you missed", missed.len()), theme));
    for index in missed {
        let Some(view) = session.view(index) else { continue };
        out.push(Line::default());
        out.extend(wrap(
            &[Span::styled(view.question.prompt.clone(), theme.bold)],
            width,
            vec![Span::styled(format!("{}. ", index + 1), theme.bullet)],
            vec![Span::raw("   ")],
        ));
        if let Some(feedback) = view.feedback {
            let chosen = &view.options[feedback.chosen];
            out.extend(wrap(
                &[Span::styled(format!("{} {}", chosen.option.text, chosen.option.why), theme.seed_wrong)],
                width,
                vec![Span::styled(format!("   ✗ you: {}. ", chosen.letter), theme.bad)],
                vec![Span::raw("     ")],
            ));
        }
        if let Some(right) = view.options.iter().find(|option| option.is_answer) {
            out.extend(wrap(
                &[Span::styled(format!("{} {}", right.option.text, right.option.why), theme.seed_fix)],
                width,
                vec![Span::styled(format!("   ✓ answer: {}. ", right.letter), theme.ok)],
                vec![Span::raw("     ")],
            ));
        }
    }
    out.push(Line::default());
    out.extend(text("r retries the missed questions; Enter goes on to the summary.", theme.muted, width));
    out
}
