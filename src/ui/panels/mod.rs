//! Live panels: the auth engine (and the labs) shown as they run.
//!
//! Each panel is a function from the `App` to styled lines at a width; the frame (border, title,
//! scrolling, `↓ N more lines`) is the same for all of them. To add one: its keys, footer words and
//! state go in `app::panels` (see there), its lines here in [`lines`], and, if it is a list, the row
//! it has chosen in [`requested_row`] so scrolling follows the selection.

mod attacks;
pub mod challenges;
mod config;
mod exercise;
mod http;
mod lab_traffic;
mod learner;
mod login;
mod prediction;
mod scaling;
mod scenarios;
mod store;
mod token;
mod users;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::wrap::{break_line, wrap};
use crate::app::viewport::ScrollTo;
use crate::app::{App, PanelId};
use crate::auth::jwt::{ClaimsStatus, SignatureStatus, VerifyReport};
use crate::lessons::PanelKind;
use crate::theme::Theme;

pub use http::exchange_lines;
pub use login::field_spans;
pub use token::{claims_lines, clock_note, report_lines, token_string_lines};

/// A live panel's content at a width, and the row its list has chosen (list panels only), built
/// together so a frame that keeps the choice in view builds the text once.
pub struct LiveText {
    pub lines: Vec<Line<'static>>,
    pub chosen_row: Option<usize>,
}

/// The content of live panel `kind` at `width` columns.
pub fn lines(app: &App, kind: PanelKind, width: usize) -> LiveText {
    let mut out = Vec::new();
    if let Some(busy) = app.engine.busy.as_ref().filter(|busy| busy.panel == kind) {
        out.push(Line::from(vec![
            Span::styled(format!("{} ", spinner_frame(app.engine.frame, app.ascii)), app.theme.warn),
            Span::styled(format!("{}…", busy.what), app.theme.warn),
        ]));
        out.push(Line::default());
    }
    let above = out.len();
    let learner = app.learner_traffic();
    let (body, chosen_row) = match (kind, learner) {
        (PanelKind::Exchange, Some(report)) => (learner::http_lines(report, &app.theme, width), None),
        (PanelKind::Token, Some(report)) => (learner::token_lines(app, report, width), None),
        (PanelKind::Sessions, Some(_)) => (learner::session_lines(&app.theme, width), None),
        (PanelKind::Cookies, Some(report)) => (learner::cookie_lines(report, &app.theme, width), None),
        _ => engine_lines(app, kind, width),
    };
    out.extend(body);
    if let Some(notice) = &app.engine.notice
        && focused_kind(app) == Some(kind)
    {
        out.push(Line::default());
        out.extend(text(notice, app.theme.warn, width));
    }
    LiveText { lines: out, chosen_row: chosen_row.map(|row| above + row) }
}

/// The content of live panel `kind` from the tutorial's engine (and labs), with its list's chosen row.
fn engine_lines(app: &App, kind: PanelKind, width: usize) -> (Vec<Line<'static>>, Option<usize>) {
    match kind {
        PanelKind::Users => (users::lines(app, width), None),
        PanelKind::Config => (config::lines(app, width), None),
        PanelKind::LoginForm => (login::lines(app, width), Some(login::field_row(app, width))),
        PanelKind::Exchange => {
            (lab_traffic::http_lines(app, width).unwrap_or_else(|| http::panel_lines(app, width)), None)
        }
        PanelKind::Token => (token::panel_lines(app, width), None),
        PanelKind::Sessions => (store::session_lines(app, width), None),
        PanelKind::Cookies => {
            (lab_traffic::cookie_lines(app, width).unwrap_or_else(|| store::cookie_lines(app, width)), None)
        }
        PanelKind::Scenarios => (scenarios::lines(app, width), Some(scenarios::selected_row(app))),
        PanelKind::Scaling => {
            let (lines, row) = scaling::lines_and_chosen_row(app, width);
            (lines, Some(row))
        }
        PanelKind::Attacks => {
            let (lines, row) = attacks::lines_and_chosen_row(app, width);
            (lines, Some(row))
        }
        PanelKind::Challenges => {
            let (lines, row) = challenges::lines_and_chosen_row(app, width);
            (lines, Some(row))
        }
        PanelKind::Exercise => (exercise::lines(app, width), None),
    }
}

fn focused_kind(app: &App) -> Option<PanelKind> {
    match app.focused_panel() {
        PanelId::Live(kind) => Some(kind),
        _ => None,
    }
}

/// The row a scroll request points at in `panel`: a list's chosen row (`chosen_row`, from the
/// panel's text), or where the latest result starts.
pub fn requested_row(app: &App, panel: PanelId, to: ScrollTo, chosen_row: Option<usize>) -> Option<usize> {
    match (to, panel) {
        (ScrollTo::Selection, _) => chosen_row,
        (ScrollTo::Result, PanelId::Live(PanelKind::Scaling)) => Some(0),
        (ScrollTo::Result, PanelId::Live(PanelKind::Scenarios)) => {
            if app.predictions.prompt.is_none() {
                app.engine.scenario_run(app.selected_scenario())?;
            }
            let busy = app.engine.busy.as_ref().is_some_and(|busy| busy.panel == PanelKind::Scenarios);
            Some(usize::from(busy) * 2 + scenarios::result_row())
        }
        (ScrollTo::Result, _) => None,
    }
}

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// The spinner at `frame`: braille, or `| / - \` where only ASCII can be drawn.
pub fn spinner_frame(frame: usize, ascii: bool) -> &'static str {
    let frames: &[&'static str] = if ascii { &super::ascii::SPINNER } else { &SPINNER };
    frames[frame % frames.len()]
}

/// In place of a result kept from the room (presenter mode).
pub fn hidden_result(theme: &Theme, width: usize) -> Vec<Line<'static>> {
    text("Result hidden: ask the room what will happen, then press v to reveal it.", theme.warn, width)
}

/// Plain prose, wrapped.
pub fn text(text: &str, style: Style, width: usize) -> Vec<Line<'static>> {
    wrap(&[Span::styled(text.to_string(), style)], width, vec![], vec![])
}

/// A heading line.
pub fn heading(text: &str, theme: &Theme) -> Line<'static> {
    Line::from(Span::styled(text.to_string(), theme.heading))
}

/// `label  value…` with the value wrapped under itself.
pub fn field(
    label: &str,
    label_width: usize,
    value: Vec<Span<'static>>,
    theme: &Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let label = format!("{label:<label_width$} ");
    let indent = " ".repeat(label.chars().count());
    wrap(&value, width, vec![Span::styled(label, theme.muted)], vec![Span::raw(indent)])
}

/// Text that has no spaces to break at (tokens, ids, hashes, raw HTTP lines), broken by character.
/// Every row is indented by `indent` (at least 2) cells; continuation rows start with `↪`.
pub fn hard_wrapped(
    spans: Vec<Span<'static>>,
    indent: usize,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let indent = indent.max(2);
    let room = width.saturating_sub(indent).max(1);
    break_line(&Line::from(spans), room)
        .into_iter()
        .enumerate()
        .map(|(index, row)| {
            let prefix = if index == 0 {
                Span::raw(" ".repeat(indent))
            } else {
                Span::styled(format!("{:>width$} ", "↪", width = indent - 1), theme.muted)
            };
            Line::from(std::iter::once(prefix).chain(row).collect::<Vec<_>>())
        })
        .collect()
}

/// `✓ valid` / `✗ rejected: reason`, words and symbols so it reads without colour.
pub fn verdict_spans(report: &VerifyReport, theme: &Theme) -> Vec<Span<'static>> {
    match report.verdict() {
        Ok(_) => vec![Span::styled("✓ valid", theme.ok)],
        Err(error) => {
            vec![Span::styled("✗ rejected: ", theme.bad), Span::styled(error.to_string(), theme.bad)]
        }
    }
}

/// One line per check of a report: decoded, algorithm, signature, time claims, leeway.
pub fn checks(report: &VerifyReport, theme: &Theme) -> Vec<(String, Vec<Span<'static>>)> {
    use crate::auth::jwt::AlgorithmStatus;
    let good = |text: String| vec![Span::styled(format!("✓ {text}"), theme.ok)];
    let bad = |text: String| vec![Span::styled(format!("✗ {text}"), theme.bad)];
    let neutral = |text: String| vec![Span::styled(format!("– {text}"), theme.muted)];
    let decoded = match &report.decoded {
        Ok(_) => good("three base64url segments, header and payload are JSON objects".to_string()),
        Err(error) => bad(error.to_string()),
    };
    let algorithm = match &report.algorithm {
        AlgorithmStatus::Allowed(alg) => good(format!("{alg}, the pinned algorithm")),
        AlgorithmStatus::Rejected(error) => bad(error.to_string()),
        AlgorithmStatus::NotChecked => neutral("not checked (token did not decode)".to_string()),
    };
    let signature = match &report.signature {
        SignatureStatus::Valid => good(format!("valid ({} with this key)", report.alg)),
        SignatureStatus::Invalid(reason) => bad(reason.clone()),
        SignatureStatus::NotChecked => {
            neutral("not checked (no key, or the token did not decode)".to_string())
        }
    };
    let claims = match &report.claims {
        ClaimsStatus::Valid => good("exp not reached, nbf (if any) passed".to_string()),
        ClaimsStatus::Expired { exp, since } => bad(format!(
            "expired {} ago, at {}",
            crate::auth::clock::format_duration(*since),
            crate::auth::clock::format_unix_utc(*exp)
        )),
        ClaimsStatus::NotYetValid { nbf, starts_in } => bad(format!(
            "not valid yet: starts in {}, at {}",
            crate::auth::clock::format_duration(*starts_in),
            crate::auth::clock::format_unix_utc(*nbf)
        )),
        ClaimsStatus::MissingExp => bad("no exp claim: it would never expire".to_string()),
        ClaimsStatus::Malformed(error) | ClaimsStatus::WrongAudience(error) => bad(error.to_string()),
        ClaimsStatus::NotChecked => neutral("not checked (token did not decode)".to_string()),
    };
    let mut rows = vec![("decoded".to_string(), decoded), ("algorithm".to_string(), algorithm)];
    if let crate::auth::jwt::HeaderStatus::Rejected(error) = &report.header {
        rows.push(("header".to_string(), bad(error.to_string())));
    }
    rows.extend([
        ("signature".to_string(), signature),
        ("exp / nbf".to_string(), claims),
        (
            "leeway".to_string(),
            vec![Span::styled(format!("{} s (clock skew allowed on exp/nbf)", report.leeway), theme.text)],
        ),
    ]);
    if let Some(warning) = report.leeway_warning() {
        rows.push(("leeway".to_string(), vec![Span::styled(format!("⚠ {warning}"), theme.warn)]));
    }
    if let Some(warning) = &report.key_warning {
        rows.push(("key".to_string(), vec![Span::styled(format!("⚠ {warning}"), theme.warn)]));
    }
    rows
}
