//! The Check panel: the screen's checkpoint question, its options, and once answered every
//! option's why and the solution.

use ratatui::text::{Line, Span};

use super::panels::{heading, text};
use super::quiz::prompt_lines;
use super::wrap::wrap;
use crate::app::App;
use crate::lessons::option_letter;

pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let Some((index, question)) = app.shown_checkpoint() else {
        return text("This screen has no checkpoint.", theme.muted, width);
    };
    let count = app.lesson().map_or(0, |lesson| lesson.checkpoints.len());
    let chosen = app.checkpoint_state().answer(index);
    let mut out = vec![Line::from(vec![
        Span::styled(format!("Checkpoint {} of {count}", index + 1), theme.heading),
        Span::styled(format!(" · {}", question.topic), theme.muted),
    ])];
    out.extend(prompt_lines(question, theme, width));
    for (option_index, option) in question.options.iter().enumerate() {
        let is_answer = option_index == question.answer;
        let (marker, style) = match chosen {
            None => (" ", theme.text),
            Some(_) if is_answer => ("✓", theme.ok),
            Some(c) if c == option_index => ("✗", theme.bad),
            Some(_) => (" ", theme.text),
        };
        out.extend(wrap(
            &[Span::styled(option.text.clone(), style)],
            width,
            vec![Span::styled(format!("{marker} {}. ", option_letter(option_index)), style)],
            vec![Span::raw("     ")],
        ));
        if chosen.is_some() {
            out.extend(wrap(
                &[Span::styled(option.why.clone(), theme.muted)],
                width,
                vec![Span::raw("     ")],
                vec![Span::raw("     ")],
            ));
        }
    }
    out.push(Line::default());
    let Some(chosen) = chosen else {
        let task = crate::app::tasks::checkpoint_task_id(app.screen_id(app.current), index + 1);
        if app.is_task_done(&task) {
            out.extend(text("✓ Answered in an earlier session; answer again if you like.", theme.ok, width));
        }
        let last = option_letter(question.options.len() - 1);
        out.extend(text(
            &format!(
                "Answer with A-{last} (or 1-{}): answering is part of finishing this screen.",
                question.options.len()
            ),
            theme.muted,
            width,
        ));
        return out;
    };
    out.push(if chosen == question.answer {
        Line::from(Span::styled(format!("✓ Right: {}", question.answer_letter()), theme.ok))
    } else {
        Line::from(Span::styled(
            format!("✗ You chose {}; the answer is {}", option_letter(chosen), question.answer_letter()),
            theme.bad,
        ))
    });
    out.push(Line::default());
    out.push(heading("How to get there", theme));
    for (number, step) in question.solution_steps(question.answer_letter()).into_iter().enumerate() {
        let prefix = format!("{}. ", number + 1);
        let indent = " ".repeat(prefix.len());
        out.extend(wrap(
            &[Span::styled(step, theme.text)],
            width,
            vec![Span::styled(prefix, theme.bullet)],
            vec![Span::raw(indent)],
        ));
    }
    if index + 1 < count {
        out.push(Line::default());
        out.extend(text("Enter: the next question.", theme.muted, width));
    }
    out
}
