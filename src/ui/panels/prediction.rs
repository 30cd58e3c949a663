//! Predict, then see: the prompt shown at the top of a Step 4 or scaling-lab panel while the
//! learner chooses, and the prediction set beside the real answer afterwards.

use ratatui::text::{Line, Span};

use super::text;
use crate::app::App;
use crate::app::predictions::Subject;
use crate::lessons::option_letter;
use crate::ui::wrap::wrap;

/// The open prompt, if it is about `subject`'s panel (`scaling` or not).
pub fn prompt_lines(app: &App, scaling: bool, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let Some(prompt) = &app.predictions.prompt else { return Vec::new() };
    if matches!(prompt.subject, Subject::Scaling(_)) != scaling {
        return Vec::new();
    }
    let mut out = vec![Line::from(Span::styled("Predict first", theme.heading))];
    out.extend(wrap(
        &[Span::styled(prompt.subject.question().to_string(), theme.bold)],
        width,
        vec![],
        vec![],
    ));
    for (index, choice) in prompt.choices.iter().enumerate() {
        out.extend(wrap(
            &[Span::styled(choice.describe(prompt.subject), theme.text)],
            width,
            vec![Span::styled(format!("  {}. ", option_letter(index)), theme.bold)],
            vec![Span::raw("     ")],
        ));
    }
    out.extend(text(
        &format!(
            "A-{} (or 1-{}) predicts and sends; Esc cancels; P turns predictions off.",
            option_letter(prompt.choices.len() - 1),
            prompt.choices.len()
        ),
        theme.muted,
        width,
    ));
    out.push(Line::default());
    out
}

/// The learner's prediction for `subject` beside what the server really answered.
pub fn result_lines(app: &App, subject: Subject, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let Some(made) = app.predictions.last(subject) else { return Vec::new() };
    let mut out = Vec::new();
    out.extend(wrap(
        &[Span::styled(made.predicted().describe(subject), theme.text)],
        width,
        vec![Span::styled(format!("you predicted {}. ", option_letter(made.chosen)), theme.muted)],
        vec![Span::raw("  ")],
    ));
    match (made.actual, made.is_right()) {
        (Some(actual), Some(right)) => {
            let (mark, style) =
                if right { ("✓ right", theme.ok) } else { ("✗ not this time", theme.bad) };
            out.extend(wrap(
                &[Span::styled(actual.describe(subject), style)],
                width,
                vec![Span::styled(format!("{mark}, the server: "), style)],
                vec![Span::raw("  ")],
            ));
        }
        (Some(actual), None) => {
            out.extend(wrap(
                &[Span::styled(actual.describe(subject), theme.warn)],
                width,
                vec![Span::styled("none of the choices fits, the server: ", theme.warn)],
                vec![Span::raw("  ")],
            ));
            out.extend(text(
                "Not counted: the browser did not hold what this request needs (log in first, or press 0 if \
                 the clock was moved).",
                theme.muted,
                width,
            ));
        }
        (None, _) => out.push(Line::from(Span::styled("waiting for the server…", theme.muted))),
    }
    out.push(Line::default());
    out
}
