//! The scaling lab: instances A and B side by side, what just happened, the actions and switches
//! (each switch with its cost), the request log and the revocation table.

use ratatui::text::{Line, Span};

use super::lab_traffic::{indented, status_span};
use super::{heading, text};
use crate::app::App;
use crate::app::panels::scaling::{LastOutcome, ScalingItem, ScalingView};
use crate::app::predictions::Subject;
use crate::auth::clock::format_unix_utc;
use crate::auth::exchange::response_detail;
use crate::labs::scaling::{Instance, LogEntry, RevocationRow};
use crate::theme::Theme;
use crate::ui::wrap::width_of;

/// The panel's lines and the first line of the chosen row.
pub fn lines_and_chosen_row(app: &App, width: usize) -> (Vec<Line<'static>>, usize) {
    let theme = &app.theme;
    let state = &app.labs.scaling;
    let view = &state.view;
    let toggles = state.toggles;
    let mut out = super::prediction::prompt_lines(app, true, width);
    out.push(Line::from(vec![
        Span::styled("load balancer", theme.heading),
        Span::styled(format!(" round robin · next request → {}", view.next), theme.text),
    ]));
    out.extend(text(
        &format!(
            "session store: {} · server clock {}{}",
            toggles.store_mode(),
            format_unix_utc(app.clock()),
            super::token::clock_note(app)
        ),
        theme.muted,
        width,
    ));
    out.extend(instance_boxes(view, theme, width));
    let on_off = |on: bool| if on { "on" } else { "off" };
    out.extend(text(
        &format!(
            "shared store: {}, {} · jti deny-list: {}, {} revoked",
            on_off(toggles.shared_store),
            count(view.shared_sessions, "session"),
            on_off(toggles.denylist),
            view.denylist.len()
        ),
        theme.text,
        width,
    ));
    out.push(Line::default());
    if app.results_hidden() && !view.log.is_empty() {
        out.extend(super::hidden_result(theme, width));
    } else {
        if let Some(made) =
            app.predictions.made.iter().rev().find(|made| matches!(made.subject, Subject::Scaling(_)))
            && made.log_after == Some(view.log.len())
        {
            out.extend(super::prediction::result_lines(app, made.subject, width));
        }
        out.extend(last_outcome(view, theme, width));
    }
    out.push(Line::default());

    out.push(heading("actions and switches (↑↓ choose, Enter runs)", theme));
    let mut selected_row = out.len();
    for (index, item) in ScalingItem::ALL.into_iter().enumerate() {
        let chosen = index == state.selected;
        if chosen {
            selected_row = out.len();
        }
        let marker = if chosen { "▶ " } else { "  " };
        let style = if chosen { theme.selected } else { theme.text };
        match item.switch(toggles) {
            Some((on, cost)) => {
                let (mark, mark_style) = if on { ("[on] ", theme.ok) } else { ("[off]", theme.muted) };
                out.push(Line::from(vec![
                    Span::styled(marker, style),
                    Span::styled(mark, mark_style),
                    Span::styled(format!(" {}", item.label()), style),
                ]));
                out.extend(indented(&format!("cost: {}", cost_text(cost)), theme.muted, 8, width));
            }
            None => out.push(Line::from(Span::styled(format!("{marker}{}", item.label()), style))),
        }
    }
    out.push(Line::default());

    out.push(heading("request log", theme));
    if view.log.is_empty() {
        out.extend(text("(empty: nothing sent yet)", theme.muted, width));
    }
    // The newest entry is the result being kept from the room.
    let shown = if app.results_hidden() { view.log.len().saturating_sub(1) } else { view.log.len() };
    for entry in &view.log[..shown] {
        out.extend(log_lines(entry, theme, width));
    }
    out.push(Line::default());
    out.push(heading("revocation: what logout ends, on each instance", theme));
    if view.revocation.is_empty() {
        out.extend(text(
            "Not checked yet: log in, log out, then \"check revocation\" replays the copies taken at login \
             (what another tab or a thief still holds) straight to A and to B.",
            theme.muted,
            width,
        ));
    }
    for row in &view.revocation {
        out.extend(revocation_lines(row, theme, width));
    }
    (out, selected_row)
}

fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// The cost constants start with the switch's own name (`Sticky sessions: …`), which the row
/// already shows.
fn cost_text(cost: &str) -> &str {
    cost.split_once(": ").map_or(cost, |(_, rest)| rest)
}

/// Two boxes, A and B, with what each holds and has served; the balancer's next target marked.
fn instance_boxes(view: &ScalingView, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let column = (width.saturating_sub(1) / 2).max(12);
    let rows = Instance::BOTH.map(|instance| {
        let index = match instance {
            Instance::A => 0,
            Instance::B => 1,
        };
        let next = if view.next == instance { " ◀ next" } else { "" };
        [
            format!("instance {instance}{next}"),
            format!("{} in its memory", count(view.sessions[index], "session")),
            format!("{} served", count(view.served[index], "request")),
        ]
    });
    let inner = column.saturating_sub(4);
    let fit = |text: &str| {
        let (head, _) = crate::ui::wrap::split_at_width(text, inner);
        format!("{head}{}", " ".repeat(inner.saturating_sub(width_of(head))))
    };
    let top = |title: &str| {
        let title = crate::ui::wrap::split_at_width(title, column.saturating_sub(5)).0;
        format!("┌ {title} {}┐", "─".repeat(column.saturating_sub(width_of(title) + 4)))
    };
    let bottom = format!("└{}┘", "─".repeat(column.saturating_sub(2)));
    let pair = |left: String, right: String| {
        Line::from(vec![Span::styled(left, theme.text), Span::raw(" "), Span::styled(right, theme.text)])
    };
    let mut out = vec![pair(top(&rows[0][0]), top(&rows[1][0]))];
    for (left, right) in rows[0][1..].iter().zip(&rows[1][1..]) {
        out.push(pair(format!("│ {} │", fit(left)), format!("│ {} │", fit(right))));
    }
    out.push(pair(bottom.clone(), bottom));
    out
}

/// What the learner's last action did, first thing under the instances.
fn last_outcome(view: &ScalingView, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    match (&view.last, view.log.last()) {
        (LastOutcome::Request, Some(entry)) => {
            let mut out = vec![Line::from(Span::styled(format!("last: {}", entry.label()), theme.heading))];
            out.extend(outcome_lines(entry, theme, width));
            out
        }
        (LastOutcome::Revocation, _) => {
            let mut out =
                vec![heading("last: revocation check (the table below says what each costs)", theme)];
            for row in &view.revocation {
                out.push(revocation_status_line(row, theme));
            }
            out
        }
        (LastOutcome::Message(message), _) => text(message, theme.warn, width),
        _ => text(
            "Start with \"log in\": the balancer sends it to A. Then send the cookie and watch where it lands.",
            theme.muted,
            width,
        ),
    }
}

/// Status and reason, then why, under a log entry's heading.
fn outcome_lines(entry: &LogEntry, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let detail = response_detail(&entry.exchange.response);
    let mut out = super::super::wrap::wrap(
        &[status_span(entry.status(), theme), Span::styled(format!(": {detail}"), theme.text)],
        width,
        vec![Span::raw("  ")],
        vec![Span::raw("    ")],
    );
    if !entry.explanation.is_empty() {
        out.extend(indented(&entry.explanation, theme.muted, 4, width));
    }
    out
}

fn log_lines(entry: &LogEntry, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut out = indented(&format!("#{} {}", entry.seq, entry.label()), theme.bold, 0, width);
    out.extend(outcome_lines(entry, theme, width));
    out
}

fn revocation_status_line(row: &RevocationRow, theme: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("  {:<15}", row.credential.label()), theme.bold),
        Span::styled("A ", theme.muted),
        status_span(row.status_a, theme),
        Span::styled("   B ", theme.muted),
        status_span(row.status_b, theme),
    ])
}

fn revocation_lines(row: &RevocationRow, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut out = vec![revocation_status_line(row, theme)];
    out.extend(indented(&row.trade_off, theme.text, 4, width));
    out
}
