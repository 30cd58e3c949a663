//! Step 4: the scenario list and the chosen scenario's requests, responses and explanation.

use ratatui::text::{Line, Span};

use super::{exchange_lines, text};
use crate::app::App;
use crate::app::fields::FieldId;
use crate::app::panels::scenarios::Scenario;
use crate::app::predictions::Subject;
use crate::auth::clock::format_unix_utc;

/// Rows before the list starts.
const LIST_TOP: usize = 1;

pub fn selected_row(app: &App) -> usize {
    LIST_TOP + app.engine.scenario_selected
}

/// The first line after the list and its blank line.
pub fn result_row() -> usize {
    LIST_TOP + Scenario::ALL.len() + 1
}

pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut first = Line::from(vec![
        Span::styled("GET /api/auth", theme.heading),
        Span::styled(format!("  server clock {}", format_unix_utc(app.clock())), theme.muted),
        Span::styled(super::token::clock_note(app), theme.warn),
    ]);
    if first.width() > width {
        // One row always (the list below counts on it): the short form rather than a broken one.
        let offset = app.engine.clock_offset;
        first = Line::from(vec![
            Span::styled("GET /api/auth", theme.heading),
            Span::styled(format!("  clock {}", format_unix_utc(app.clock())), theme.muted),
            Span::styled(
                if offset == 0 {
                    String::new()
                } else {
                    format!(
                        " ({}{})",
                        if offset > 0 { "+" } else { "-" },
                        crate::auth::clock::format_duration(offset.unsigned_abs())
                    )
                },
                theme.warn,
            ),
        ]);
    }
    let mut out = vec![first];
    for (index, scenario) in Scenario::ALL.into_iter().enumerate() {
        let chosen = index == app.engine.scenario_selected;
        let style = if chosen { theme.selected } else { theme.text };
        let row = format!("{} {:>2}. {}", if chosen { "▶" } else { " " }, index + 1, scenario.title());
        let mut spans = vec![Span::styled(row, style)];
        // Every GET's status, so "after logout" reads: cookie ✗ 401, token ✓ 200.
        let gets = app.engine.scenario_run(scenario).map(|run| {
            run.exchanges.iter().filter(|e| e.request.method == crate::auth::Method::Get).collect::<Vec<_>>()
        });
        let gets = gets.filter(|_| !app.results_hidden());
        for exchange in gets.unwrap_or_default() {
            let status = exchange.response.status;
            spans.push(if status == 200 {
                Span::styled(" ✓ 200", theme.ok)
            } else {
                Span::styled(format!(" ✗ {status}"), theme.bad)
            });
        }
        out.push(Line::from(spans));
    }
    out.push(Line::default());
    let prompt = super::prediction::prompt_lines(app, false, width);
    if !prompt.is_empty() {
        out.extend(prompt);
        return out;
    }
    let scenario = app.selected_scenario();
    if scenario == Scenario::EditedClaim {
        let mut spans = vec![Span::styled("new value of sub: ", theme.muted)];
        spans.extend(super::login::field_spans(
            &app.engine.claim_value,
            app.editing == Some(FieldId::ScenarioClaim),
            theme,
        ));
        spans.push(Span::styled("  (e edits)", theme.muted));
        out.push(Line::from(spans));
    }
    let Some(run) = app.engine.scenario_run(scenario) else {
        let first = if app.predictions.enabled {
            "Enter asks what the server will answer, then sends the chosen request to the real handler"
        } else {
            "Enter sends the chosen request to the real handler"
        };
        out.extend(text(
            &format!(
                "{first} (logging in as user1 first if it needs a token or a cookie). + and - move the \
                 server's clock, 0 brings it back."
            ),
            theme.muted,
            width,
        ));
        return out;
    };
    if app.results_hidden() {
        out.extend(super::hidden_result(theme, width));
        return out;
    }
    out.extend(super::prediction::result_lines(app, Subject::Scenario(scenario), width));
    // The why comes first, beside the prediction, so it is in view with the result at 80×24; the
    // raw exchanges follow.
    out.push(Line::from(Span::styled("why", theme.heading)));
    if run.unchanged_token {
        out.extend(text(crate::app::panels::scenarios::UNCHANGED_CLAIM_LESSON, theme.text, width));
    } else {
        if run.get_statuses() != scenario.expected_statuses() {
            out.extend(text(UNUSUAL_OUTCOME, theme.warn, width));
            out.push(Line::default());
            out.push(Line::from(Span::styled("with fresh credentials", theme.heading)));
        }
        out.extend(text(scenario.lesson(), theme.text, width));
    }
    out.push(Line::default());
    if let Some(note) = &run.note {
        out.extend(text(note, theme.warn, width));
    }
    for exchange in &run.exchanges {
        out.extend(exchange_lines(exchange, theme, width));
        let status = exchange.response.status;
        let verdict = if status == 200 {
            Span::styled("✓ 200 OK", theme.ok)
        } else {
            Span::styled(format!("✗ {status} rejected: {}", exchange.reason().unwrap_or("")), theme.bad)
        };
        out.extend(super::super::wrap::wrap(&[verdict], width, vec![Span::raw("  ")], vec![Span::raw("  ")]));
        out.push(Line::default());
    }
    out
}

/// Said instead of the lesson's explanation when the browser's credentials had stopped working, so
/// the screen never explains a success next to a refusal.
const UNUSUAL_OUTCOME: &str = "Not the usual outcome: the server refused what the browser kept from the last \
     login (its reason is above). A token stops working at exp and when the secret changes; a session \
     ends at logout and after its idle or absolute timeout. Press 0 if the clock was moved, or log in \
     again on Step 3.";
