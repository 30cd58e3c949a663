//! The attack lab: the list of attacks (the wrong-way variants marked), and for the chosen one its
//! verdict, the line that stops it, the guessing run, every step, and the forged request with the
//! response it got.

use ratatui::text::{Line, Span};

use super::lab_traffic::{indented, status_span};
use super::{exchange_lines, hard_wrapped, heading, text};
use crate::app::App;
use crate::auth::exchange::response_detail;
use crate::labs::attacks::{AttackKind, AttackReport};
use crate::labs::crack::WORDLIST;
use crate::theme::Theme;

/// The panel's lines and the first line of the chosen row.
pub fn lines_and_chosen_row(app: &App, width: usize) -> (Vec<Line<'static>>, usize) {
    let theme = &app.theme;
    let attacks = &app.labs.attacks;
    let mut out = vec![heading("attacks (↑↓ choose, Enter throws it at a fresh server)", theme)];
    let mut selected_row = out.len();
    for (index, kind) in AttackKind::ALL.into_iter().enumerate() {
        let chosen = index == attacks.selected;
        if chosen {
            selected_row = out.len();
        }
        let style = if chosen { theme.selected } else { theme.text };
        // Marker and status are a prefix, so they keep their width; the title wraps beside them.
        let status = match attacks.report(kind) {
            Some(_) if app.results_hidden() => Span::styled("? hidden    ", theme.warn),
            Some(report) if report.verdict.is_accepted() => Span::styled("✗ accepted  ", theme.bad),
            Some(_) => Span::styled("✓ rejected  ", theme.ok),
            None => Span::styled("· not run   ", theme.muted),
        };
        let marker = Span::styled(format!("{} {}. ", if chosen { "▶" } else { " " }, index + 1), style);
        let mut title = vec![Span::styled(kind.title(), style)];
        if kind.is_wrong_way() {
            title.push(Span::styled(" ⚠ WRONG WAY", theme.warn));
        }
        out.extend(super::super::wrap::wrap(
            &title,
            width,
            vec![marker, status],
            vec![Span::raw(" ".repeat(17))],
        ));
    }
    out.push(Line::default());
    let kind = attacks.selected_kind();
    match attacks.report(kind) {
        Some(_) if app.results_hidden() => {
            out.push(heading(kind.title(), theme));
            out.extend(super::hidden_result(theme, width));
        }
        Some(report) => out.extend(report_lines(report, app.demo, theme, width)),
        None => {
            out.push(heading(kind.title(), theme));
            if kind.is_wrong_way() {
                out.extend(wrong_way_banner(theme, width));
            }
            out.extend(text(
                "Enter builds this attack for real and sends it to a server of its own, then shows the forged \
                 request, the response, and the one line that stops it.",
                theme.muted,
                width,
            ));
        }
    }
    (out, selected_row)
}

fn wrong_way_banner(theme: &Theme, width: usize) -> Vec<Line<'static>> {
    text(
        "⚠ THE WRONG WAY: this server is deliberately misconfigured so you can watch the attack succeed. \
         Never run a real one like this.",
        theme.warn,
        width,
    )
}

/// `show_timing` is off under `--demo`, whose screens must not change from run to run.
fn report_lines(report: &AttackReport, demo: bool, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut out = vec![heading(report.title(), theme)];
    if report.is_wrong_way() {
        out.extend(wrong_way_banner(theme, width));
    }
    out.extend(indented(&format!("goal: {}", report.goal), theme.text, 0, width));
    let verdict_style = if report.verdict.is_accepted() { theme.bad } else { theme.ok };
    out.extend(super::super::wrap::wrap(
        &[
            Span::styled("verdict: ", theme.bold),
            Span::styled(format!("{}: ", report.verdict.headline()), verdict_style),
            Span::styled(report.verdict.reason().to_string(), verdict_style),
        ],
        width,
        vec![],
        vec![Span::raw("  ")],
    ));
    out.push(Line::from(Span::styled("stopped by:", theme.bold)));
    out.extend(hard_wrapped(vec![Span::styled(report.defence, theme.inline_code)], 2, width, theme));
    out.extend(indented(report.defence_note, theme.muted, 2, width));
    if let Some(result) = &report.crack {
        out.push(Line::from(Span::styled("offline guessing:", theme.bold)));
        let mut summary = result.summary(!demo);
        if demo {
            summary.push_str(" (the time is left out under --demo)");
        }
        out.extend(indented(&summary, theme.text, 2, width));
        let tried = &WORDLIST[..result.attempts.min(WORDLIST.len())];
        let shown = match tried {
            [first @ .., last] if first.len() > 4 => {
                format!("{}, … {last}", first[..4].join(", "))
            }
            all => all.join(", "),
        };
        out.extend(indented(
            &format!("tried {} words from the list: {shown}", tried.len()),
            theme.muted,
            2,
            width,
        ));
    }
    out.push(Line::default());
    out.push(heading("steps (▸ marks the attempt the verdict is about)", theme));
    for (index, step) in report.steps.iter().enumerate() {
        let decisive = if index == report.decisive { "▸" } else { " " };
        let mut spans = vec![Span::styled(format!("[{}] {}", step.actor, step.label), theme.text)];
        if let Some(exchange) = &step.exchange {
            spans.push(Span::raw(" → "));
            spans.push(status_span(exchange.status(), theme));
            spans.push(Span::styled(format!(": {}", response_detail(&exchange.response)), theme.text));
        }
        out.extend(super::super::wrap::wrap(
            &spans,
            width,
            vec![Span::styled(format!("{decisive}{}. ", index + 1), theme.muted)],
            vec![Span::raw("    ")],
        ));
        if !step.note.is_empty() {
            out.extend(indented(&step.note, theme.muted, 4, width));
        }
    }
    if let Some(exchange) = report.decisive_exchange() {
        out.push(Line::default());
        out.push(heading(&format!("the attempt (step {}) as sent and answered", report.decisive + 1), theme));
        out.extend(exchange_lines(exchange, theme, width));
    }
    out
}
