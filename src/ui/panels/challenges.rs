//! The challenges: the list with each one's status, and for the chosen one its goal, its server, what
//! the attacker starts with, the last try (this server, then the correct one) and, once asked for after
//! a try, the worked solution.

use ratatui::text::{Line, Span};

use super::lab_traffic::{indented, status_span};
use super::{hard_wrapped, heading, text};
use crate::app::App;
use crate::labs::challenges::{Attempt, ChallengeKind};
use crate::theme::Theme;

/// The panel's lines and the first line of the chosen row.
pub fn lines_and_chosen_row(app: &App, width: usize) -> (Vec<Line<'static>>, usize) {
    let theme = &app.theme;
    let state = &app.labs.challenges;
    let solved = state.solved.len();
    let mut out = vec![heading(
        &format!(
            "challenges: {solved} of {} solved (↑↓ choose, Enter opens the workbench)",
            ChallengeKind::ALL.len()
        ),
        theme,
    )];
    let mut selected_row = out.len();
    for (index, kind) in ChallengeKind::ALL.into_iter().enumerate() {
        let chosen = index == state.selected;
        if chosen {
            selected_row = out.len();
        }
        let style = if chosen { theme.selected } else { theme.text };
        let status = if state.solved.contains(&kind) {
            Span::styled("✓ solved    ", theme.ok)
        } else if state.tried(kind) {
            Span::styled("✗ not yet   ", theme.bad)
        } else {
            Span::styled("· unsolved  ", theme.muted)
        };
        let marker = Span::styled(format!("{} {}. ", if chosen { "▶" } else { " " }, index + 1), style);
        out.extend(super::super::wrap::wrap(
            &[Span::styled(kind.title(), style)],
            width,
            vec![marker, status],
            vec![Span::raw(" ".repeat(17))],
        ));
    }
    out.push(Line::default());
    out.extend(detail_lines(app, state.selected_kind(), theme, width));
    (out, selected_row)
}

fn detail_lines(app: &App, kind: ChallengeKind, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let state = &app.labs.challenges;
    let mut out = vec![heading(kind.title(), theme)];
    out.extend(indented(&format!("goal: {}", kind.goal()), theme.text, 0, width));
    out.extend(indented(&format!("⚠ this server: {}", kind.vulnerable_server()), theme.warn, 0, width));
    match state.briefing(kind) {
        Some(briefing) => {
            if let Some(token) = &briefing.captured_token {
                out.extend(text("captured token:", theme.muted, width));
                out.extend(hard_wrapped(
                    vec![Span::styled(token.clone(), theme.inline_code)],
                    2,
                    width,
                    theme,
                ));
            }
            if let Some(cookie) = &briefing.stolen_cookie {
                out.extend(text("stolen cookie:", theme.muted, width));
                out.extend(hard_wrapped(
                    vec![Span::styled(cookie.clone(), theme.inline_code)],
                    2,
                    width,
                    theme,
                ));
            }
            if let Some(words) = briefing.wordlist {
                out.extend(indented(
                    &format!("word list ({} words): {}", words.len(), words.join(" ")),
                    theme.muted,
                    0,
                    width,
                ));
            }
        }
        None => out.extend(text(
            "Enter: the victim acts first (a real login), then the workbench opens with what you captured.",
            theme.muted,
            width,
        )),
    }
    out.push(Line::default());
    match state.attempt(kind) {
        Some(attempt) => out.extend(attempt_lines(attempt, theme, width)),
        None => out.extend(text(
            "Not tried yet. Forge in the workbench (or with any tool) and send: the server decides.",
            theme.muted,
            width,
        )),
    }
    out.push(Line::default());
    if state.revealed.contains(&kind) {
        out.push(heading("worked solution (shown on request)", theme));
        for line in kind.solution() {
            out.extend(indented(line, theme.text, 2, width));
        }
    } else if state.tried(kind) {
        out.extend(text("s shows a worked solution (it is noted in your progress).", theme.muted, width));
    } else {
        out.extend(text("A worked solution (s) opens after your first try.", theme.muted, width));
    }
    out.extend(indented(
        &format!("CLI: jwt-session-tutor challenge try {} {} …", kind.id(), kind.takes().flag()),
        theme.muted,
        0,
        width,
    ));
    out
}

/// The last try: the victim's part, this server's answer, solved or why not, the correct server's.
pub fn attempt_lines(attempt: &Attempt, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for exchange in &attempt.setup {
        let line = format!(
            "[victim] {} {}: {}",
            exchange.request.method,
            exchange.request.path,
            crate::auth::exchange::response_detail(&exchange.response)
        );
        out.extend(indented(&line, theme.muted, 0, width));
    }
    out.extend(super::super::wrap::wrap(
        &[Span::styled(crate::auth::exchange::response_detail(&attempt.vulnerable.response), theme.text)],
        width,
        vec![
            Span::styled("this server: ", theme.muted),
            status_span(attempt.vulnerable.status(), theme),
            Span::raw(" "),
        ],
        vec![Span::raw("  ")],
    ));
    let (headline, style) = if attempt.solved {
        (format!("✓ SOLVED: {}", attempt.why), theme.ok)
    } else {
        (format!("✗ not solved: {}", attempt.why), theme.bad)
    };
    out.extend(indented(&headline, style, 0, width));
    out.extend(indented(
        &format!("correct server ({}): {}", attempt.kind.correct_server(), attempt.correct_verdict),
        theme.text,
        0,
        width,
    ));
    out
}
