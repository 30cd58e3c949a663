//! The live panels when they show the learner's own code: the requests the latest run of the step's
//! exercise checks sent, and what the learner's route handlers answered (raw, as the server sent it).

use ratatui::text::{Line, Span};

use super::{hard_wrapped, heading, text};
use crate::app::App;
use crate::auth::cookies::SetCookie;
use crate::auth::http::reason_phrase;
use crate::auth::jwt;
use crate::exercises::checks::{Exchange, Status, StepReport};
use crate::theme::Theme;

/// Said first in every panel, so nobody mistakes the learner's answers for the tutorial's.
const FROM_YOUR_CODE: &str = "From your code: the requests the latest run of this step's checks sent, and what your route handlers answered. y shows the tutorial's engine instead.";

/// Every exchange of the run, check by check: the raw request, then the learner's raw answer.
pub fn http_lines(report: &StepReport, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut out = text(FROM_YOUR_CODE, theme.muted, width);
    for check in &report.checks {
        if check.exchanges.is_empty() {
            continue;
        }
        let (mark, style) = match check.status {
            Status::Passed => ("✓", theme.ok),
            Status::Failed => ("✗", theme.bad),
            Status::Blocked { .. } => ("·", theme.muted),
        };
        out.push(Line::default());
        out.push(Line::from(vec![
            Span::styled(format!("{mark} "), style),
            Span::styled(check.check.id.to_string(), theme.heading),
        ]));
        for exchange in &check.exchanges {
            out.extend(exchange_lines(exchange, theme, width));
        }
    }
    out
}

fn exchange_lines(exchange: &Exchange, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let raw = |line: &str, style| hard_wrapped(vec![Span::styled(printable(line), style)], 2, width, theme);
    let mut out = vec![Line::from(Span::styled("→ request", theme.heading))];
    for line in exchange.request.render().lines() {
        out.extend(raw(line, theme.inline_code));
    }
    out.push(Line::from(Span::styled("← your code's response", theme.heading)));
    let response = &exchange.response;
    let status_style = if (200..300).contains(&response.status) { theme.ok } else { theme.bad };
    out.extend(raw(
        &format!("HTTP/1.1 {} {}", response.status, reason_phrase(response.status)),
        status_style,
    ));
    for (name, value) in &response.headers {
        out.extend(raw(&format!("{name}: {value}"), theme.inline_code));
    }
    out.push(Line::default());
    for line in response.body.lines() {
        out.extend(raw(line, theme.inline_code));
    }
    if let Some(error) = &response.error {
        out.extend(raw(&format!("uncaught: {error}"), theme.bad));
    }
    out
}

/// Control characters from the learner's code shown, never sent to the terminal.
fn printable(line: &str) -> String {
    crate::printable::escape_controls(line).into_owned()
}

/// The `Set-Cookie` headers the learner's code sent, each parsed.
pub fn cookie_lines(report: &StepReport, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut out = text(FROM_YOUR_CODE, theme.muted, width);
    let mut any = false;
    for exchange in report.checks.iter().flat_map(|check| &check.exchanges) {
        for (_, value) in
            exchange.response.headers.iter().filter(|(name, _)| name.eq_ignore_ascii_case("set-cookie"))
        {
            any = true;
            out.push(Line::default());
            out.push(heading(
                &format!(
                    "{} {} → {}",
                    exchange.request.method, exchange.request.path, exchange.response.status
                ),
                theme,
            ));
            out.extend(hard_wrapped(
                vec![Span::styled(printable(value), theme.inline_code)],
                2,
                width,
                theme,
            ));
            if SetCookie::parse(value).is_none() {
                out.extend(text("  not a valid Set-Cookie (no name=value)", theme.bad, width));
            }
        }
    }
    if !any {
        out.push(Line::default());
        out.extend(text("Your code sent no Set-Cookie header in this run.", theme.text, width));
    }
    out
}

/// The token in the learner's login answer (`{ "token": ... }` of a POST /api/auth), decoded; not
/// verified here (the Exercise panel's checks verify it with your secret).
pub fn token_lines(app: &App, report: &StepReport, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut out = text(FROM_YOUR_CODE, theme.muted, width);
    out.push(Line::default());
    let token = report
        .checks
        .iter()
        .flat_map(|check| &check.exchanges)
        .filter(|exchange| exchange.request.path == "/api/auth" && exchange.response.status == 200)
        .find_map(|exchange| {
            let body: serde_json::Value = serde_json::from_str(&exchange.response.body).ok()?;
            body["token"].as_str().map(str::to_string)
        });
    let Some(token) = token else {
        out.extend(text("No login answer of your code held a token in this run.", theme.text, width));
        return out;
    };
    out.extend(super::token_string_lines(&token, theme, width));
    match jwt::decode(&token) {
        Ok(decoded) => {
            let now = decoded.time_claim("iat").unwrap_or_default();
            out.extend(text(
                "Decoded only: the signature is checked by the Exercise panel's checks, with your secret.",
                theme.muted,
                width,
            ));
            out.extend(super::claims_lines(&decoded, now, theme, width));
        }
        Err(error) => out.extend(text(&format!("✗ does not decode: {error}"), theme.bad, width)),
    }
    out
}

/// The learner's session store lives in the JavaScript runtime of the checks, which is gone once they
/// finish: said rather than guessed.
pub fn session_lines(theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut out = text(FROM_YOUR_CODE, theme.muted, width);
    out.push(Line::default());
    out.extend(text(
        "Your session store is not shown here: it lived in the server the checks ran, which stops when they finish. The Exercise panel's checks read it (a session created at login, deleted at logout). y shows the engine's store.",
        theme.text,
        width,
    ));
    out
}
