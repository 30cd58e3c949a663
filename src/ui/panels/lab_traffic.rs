//! The HTTP and Cookies panels on a lab screen, showing the lab's own requests and victim instead
//! of Step 3's browser, and the status words the two lab panels share.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{exchange_lines, text};
use crate::app::App;
use crate::auth::Exchange;
use crate::auth::http::reason_phrase;
use crate::lessons::PanelKind;
use crate::theme::Theme;

/// `✓ 200 OK` / `✗ 401 Unauthorized`: a mark and words, so it reads without colour.
pub fn status_span(status: u16, theme: &Theme) -> Span<'static> {
    let (mark, style) = if (200..300).contains(&status) { ("✓", theme.ok) } else { ("✗", theme.bad) };
    Span::styled(format!("{mark} {status} {}", reason_phrase(status)), style)
}

/// Prose wrapped under a hanging indent of `indent` cells.
pub fn indented(text: &str, style: Style, indent: usize, width: usize) -> Vec<Line<'static>> {
    let pad = || vec![Span::raw(" ".repeat(indent))];
    super::super::wrap::wrap(&[Span::styled(text.to_string(), style)], width, pad(), pad())
}

/// Which lab the current screen is, if any.
fn lab_on_screen(app: &App) -> Option<PanelKind> {
    let panels = &app.lesson()?.panels;
    [PanelKind::Scaling, PanelKind::Attacks, PanelKind::Challenges]
        .into_iter()
        .find(|kind| panels.contains(kind))
}

/// The HTTP panel on a lab screen: the lab's latest request (the scaling lab's newest log entry,
/// the chosen attack's decisive attempt) as raw HTTP. `None` elsewhere.
pub fn http_lines(app: &App, width: usize) -> Option<Vec<Line<'static>>> {
    let theme = &app.theme;
    if lab_on_screen(app)? == PanelKind::Challenges {
        return Some(challenge_http_lines(app, width));
    }
    let (caption, exchange): (String, Option<&Exchange>) = match lab_on_screen(app)? {
        PanelKind::Scaling => match app.labs.scaling.view.log.last() {
            Some(entry) => (format!("#{} {}", entry.seq, entry.label()), Some(&entry.exchange)),
            None => (String::new(), None),
        },
        _ => {
            let kind = app.labs.attacks.selected_kind();
            match app.labs.attacks.report(kind) {
                Some(report) => {
                    let step = report.steps.get(report.decisive);
                    let label =
                        step.map(|step| format!("[{}] {}", step.actor, step.label)).unwrap_or_default();
                    (format!("{}: {label}", kind.title()), report.decisive_exchange())
                }
                None => (String::new(), None),
            }
        }
    };
    let Some(exchange) = exchange else {
        return Some(text(
            "Nothing sent in this lab yet: choose an action in the lab's panel and press Enter.",
            theme.muted,
            width,
        ));
    };
    let mut out = text(&caption, theme.heading, width);
    out.extend(exchange_lines(exchange, theme, width));
    Some(out)
}

/// The chosen challenge's last try as raw HTTP: to its server, then to the correct one.
fn challenge_http_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let kind = app.labs.challenges.selected_kind();
    let Some(attempt) = app.labs.challenges.attempt(kind) else {
        return text(
            "Nothing sent to this challenge yet: open the workbench (Enter on the Challenges panel) and send.",
            theme.muted,
            width,
        );
    };
    let mut out = text(&format!("{}: your request to this server", kind.id()), theme.heading, width);
    out.extend(exchange_lines(&attempt.vulnerable, theme, width));
    out.push(Line::default());
    out.extend(text(
        &format!("the same request to the correct server ({})", kind.correct_server()),
        theme.heading,
        width,
    ));
    out.extend(exchange_lines(&attempt.correct, theme, width));
    out
}

/// The Cookies panel on the attack screen: the victim's browser in the chosen attack, at the moment
/// the attacker struck. `None` elsewhere.
pub fn cookie_lines(app: &App, width: usize) -> Option<Vec<Line<'static>>> {
    if lab_on_screen(app)? != PanelKind::Attacks {
        return None;
    }
    let theme = &app.theme;
    let kind = app.labs.attacks.selected_kind();
    let Some(report) = app.labs.attacks.report(kind) else {
        return Some(text(
            &format!(
                "Run \"{}\" (Enter on the Attacks panel) to see the victim's browser here.",
                kind.title()
            ),
            theme.muted,
            width,
        ));
    };
    let Some(browser) = &report.browser else {
        return Some(text(
            &format!(
                "\"{}\" involves no victim's browser: the attacker talks to the server directly. The cookie \
                 attacks (stolen credentials, session fixation, HttpOnly) show the victim's cookie jar here.",
                kind.title()
            ),
            theme.muted,
            width,
        ));
    };
    let heading = "the victim's cookie jar when the attacker struck";
    Some(super::store::jar_lines(&browser.jar, browser.at, heading, theme, width))
}
