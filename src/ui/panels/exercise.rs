//! The Exercise panel: where the learner's project is (or the field to choose it), and the step's
//! checks on it: pass, fail or wait, and for a failing check the request sent, the answer the
//! learner's code gave (with its console output), what was expected and the hint.

use ratatui::text::{Line, Span};

use super::lab_traffic::indented;
use super::login::field_spans;
use super::{heading, text};
use crate::app::App;
use crate::app::fields::FieldId;
use crate::exercises::checks::{CheckResult, Exchange, Status, StepReport};
use crate::exercises::project::step_info;
use crate::theme::Theme;

/// How many of the learner's console lines the panel keeps.
const CONSOLE_LINES: usize = 8;

/// Longest body shown for a request or a response; the rest is cut with `…`.
const BODY_CHARS: usize = 160;

pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let state = &app.exercise;
    let Some(step) = app.exercise_step() else { return Vec::new() };
    let info = step_info(step);
    let mut out = Vec::new();
    match &state.dir {
        None => {
            out.push(heading(&format!("Step {step} in your own project"), theme));
            out.extend(text(
                "Write this step yourself in a real Next.js 16 project; the tutorial runs your code and checks it.",
                theme.text,
                width,
            ));
            let editing = app.editing == Some(FieldId::ExerciseDir);
            let mut spans = vec![Span::styled("folder: ", theme.muted)];
            spans.extend(field_spans(&state.dir_field, editing, theme));
            out.extend(super::super::wrap::wrap(&spans, width, vec![], vec![Span::raw("  ")]));
            out.extend(text("Enter creates it (e edits the folder; asked once).", theme.muted, width));
        }
        Some(dir) => {
            let file = info.map_or("", |info| info.files[0]);
            out.push(heading(&format!("Step {step}: your code in {}", dir.display()), theme));
            out.extend(text(
                &format!("Enter opens {file} in $VISUAL/$EDITOR; save, and the checks run again."),
                theme.muted,
                width,
            ));
        }
    }
    if let Some(problem) = &state.problem {
        out.push(Line::default());
        out.extend(text(&format!("⚠ {problem}"), theme.warn, width));
    }
    if state.checking.contains(&step) {
        out.push(Line::default());
        out.extend(text("… running your code (the checks send real requests)", theme.warn, width));
    }
    if let Some(report) = state.reports.get(&step) {
        let passed = report.checks.iter().filter(|check| check.passed()).count();
        out.push(Line::default());
        let summary = format!("checks: {passed} of {} pass", report.checks.len());
        let style = if report.passed() { theme.ok } else { theme.heading };
        out.push(Line::from(Span::styled(
            if report.passed() { format!("{summary}: step {step} is done ✓") } else { summary },
            style,
        )));
        for result in &report.checks {
            out.extend(check_lines(result, theme, width));
        }
        out.extend(console_lines(report, theme, width));
    }
    out
}

/// The last lines the learner's code logged during the step's checks (`console.log` and friends).
fn console_lines(report: &StepReport, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let logs: Vec<&String> = report
        .checks
        .iter()
        .flat_map(|check| &check.exchanges)
        .flat_map(|exchange| &exchange.response.logs)
        .collect();
    if logs.is_empty() {
        return Vec::new();
    }
    let shown = &logs[logs.len().saturating_sub(CONSOLE_LINES)..];
    let mut out = vec![
        Line::default(),
        heading(&format!("console output ({} lines, the last {} here)", logs.len(), shown.len()), theme),
    ];
    for log in shown {
        out.extend(indented(&shortened(log), theme.muted, 2, width));
    }
    out
}

fn check_lines(result: &CheckResult, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let (mark, style) = match result.status {
        Status::Passed => ("✓ pass", theme.ok),
        Status::Failed => ("✗ FAIL", theme.bad),
        Status::Blocked { .. } => ("· wait", theme.muted),
    };
    let mut out = super::super::wrap::wrap(
        &[Span::styled(result.check.title.to_string(), theme.text)],
        width,
        vec![Span::styled(format!("{mark} "), style)],
        vec![Span::raw("       ")],
    );
    match result.status {
        Status::Passed => {}
        Status::Blocked { by } => out.extend(indented(&format!("waits for {by}"), theme.muted, 7, width)),
        Status::Failed => {
            out.extend(indented(&format!("what: {}", result.detail), theme.bad, 7, width));
            if let Some(exchange) = result.exchanges.last() {
                out.extend(exchange_lines(exchange, theme, width));
            }
            out.extend(indented(&format!("expected: {}", result.check.expected), theme.text, 7, width));
            out.extend(indented(&format!("hint: {}", result.check.hint), theme.warn, 7, width));
        }
    }
    out
}

fn exchange_lines(exchange: &Exchange, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let request = &exchange.request;
    let mut sent = format!("sent: {} {}", request.method, request.path);
    if !request.body.is_empty() {
        sent.push_str(&format!(" {}", shortened(&request.body)));
    }
    let response = &exchange.response;
    let mut answered = format!("your code: {}", response.status);
    if !response.body.is_empty() {
        answered.push_str(&format!(" {}", shortened(&response.body)));
    }
    let mut out = indented(&sent, theme.muted, 7, width);
    out.extend(indented(&answered, theme.text, 7, width));
    if let Some(error) = &response.error {
        out.extend(indented(&format!("error: {}", shortened(error)), theme.bad, 7, width));
    }
    for log in &response.logs {
        out.extend(indented(&format!("console: {}", shortened(log)), theme.muted, 7, width));
    }
    out
}

fn shortened(text: &str) -> String {
    let text = crate::printable::escape_controls(text);
    match text.char_indices().nth(BODY_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.into_owned(),
    }
}
