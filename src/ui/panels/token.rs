//! A token taken apart: the three segments in three styles, header and payload decoded, each
//! claim explained with times as dates, and the verdict at the server's clock.

use ratatui::text::{Line, Span};
use serde_json::Value;

use super::{checks, field, hard_wrapped, heading, text, verdict_spans};
use crate::app::App;
use crate::auth::clock::{format_duration, format_unix_utc};
use crate::auth::jwt::{self, DecodedToken, VerifyReport, claim_description};
use crate::theme::Theme;

/// `header.payload.signature`, each segment in its own style, the dots muted.
pub fn token_spans(token: &str, theme: &Theme) -> Vec<Span<'static>> {
    let styles = [theme.jwt_header, theme.jwt_payload, theme.jwt_signature];
    let mut spans = Vec::new();
    for (index, segment) in token.split('.').enumerate() {
        if index > 0 {
            spans.push(Span::styled(".", theme.muted));
        }
        let style = styles.get(index).copied().unwrap_or(theme.bad);
        spans.push(Span::styled(segment.to_string(), style));
    }
    spans
}

/// The token string, wrapped, with a legend naming the three styles.
pub fn token_string_lines(token: &str, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut out = hard_wrapped(token_spans(token, theme), 2, width, theme);
    let legend = if theme.is_mono() {
        "bold: header · underlined: payload · reversed: signature"
    } else {
        "header · payload · signature"
    };
    let legend_spans = if theme.is_mono() {
        vec![Span::styled(legend, theme.muted)]
    } else {
        vec![
            Span::styled("header", theme.jwt_header),
            Span::styled(" · ", theme.muted),
            Span::styled("payload", theme.jwt_payload),
            Span::styled(" · ", theme.muted),
            Span::styled("signature", theme.jwt_signature),
        ]
    };
    out.push(Line::from(std::iter::once(Span::raw("  ")).chain(legend_spans).collect::<Vec<_>>()));
    out
}

/// Header and payload as pretty JSON, then one row per claim with its meaning; `iat`, `nbf` and
/// `exp` also as UTC date-times relative to `now`.
pub fn claims_lines(decoded: &DecodedToken, now: i64, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut out = vec![Line::from(Span::styled("header (decoded)", theme.jwt_header))];
    for line in decoded.header.pretty().lines() {
        out.extend(hard_wrapped(vec![Span::styled(line.to_string(), theme.inline_code)], 2, width, theme));
    }
    out.push(Line::from(Span::styled("payload (decoded: readable by anyone)", theme.jwt_payload)));
    for line in decoded.payload.pretty().lines() {
        out.extend(hard_wrapped(vec![Span::styled(line.to_string(), theme.inline_code)], 2, width, theme));
    }
    out.push(Line::default());
    out.push(heading("claims", theme));
    for (name, value) in decoded.claims() {
        // Escaped, not dropped: a control or bidi character in a claim is part of what was sent.
        let mut spans = vec![Span::styled(jwt::printable_json(value), theme.inline_code)];
        if let (Some(seconds), true) =
            (decoded.time_claim(name), matches!(name.as_str(), "iat" | "nbf" | "exp"))
        {
            spans.push(Span::styled(format!("  {}", format_unix_utc(seconds)), theme.text));
            let relative = match name.as_str() {
                "exp" => decoded.expiry_description(now).unwrap_or_default(),
                _ if seconds <= now => format!("{} ago", format_duration(now.abs_diff(seconds))),
                _ => format!("in {}", format_duration(now.abs_diff(seconds))),
            };
            let expired = value.as_f64().is_some_and(|exp| now as f64 >= exp);
            let style = if name == "exp" && expired { theme.bad } else { theme.bold };
            spans.push(Span::styled(format!(" · {relative}"), style));
        }
        out.extend(field(&crate::printable::escape_controls(name), 4, spans, theme, width));
        let description =
            claim_description(name).unwrap_or("not a registered claim: meaning set by the application");
        out.extend(super::super::wrap::wrap(
            &[Span::styled(description.to_string(), theme.muted)],
            width,
            vec![Span::raw("     ")],
            vec![Span::raw("     ")],
        ));
    }
    out
}

/// Each check of a report on its own row, then the verdict.
pub fn report_lines(report: &VerifyReport, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for (label, spans) in checks(report, theme) {
        out.extend(field(&label, 9, spans, theme, width));
    }
    out.extend(field("verdict", 9, verdict_spans(report, theme), theme, width));
    out
}

pub fn panel_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let (Some(token), Some(config)) = (&app.engine.token, app.engine.config()) else {
        return text("No token yet: log in on the Login panel (Step 3).", theme.muted, width);
    };
    let now = app.clock();
    let mut out = vec![heading("the token from the last login", theme)];
    out.extend(token_string_lines(token, theme, width));
    out.push(Line::default());
    let report = jwt::verify(token, &config.verify_options(now));
    if let Ok(decoded) = &report.decoded {
        out.extend(claims_lines(decoded, now, theme, width));
        out.push(Line::default());
    }
    out.push(Line::from(vec![
        Span::styled("checked now, ", theme.heading),
        Span::styled(format!("at {}", format_unix_utc(now)), theme.muted),
        Span::styled(clock_note(app), theme.warn),
    ]));
    out.extend(report_lines(&report, theme, width));
    if let Some(Value::String(jti)) =
        report.decoded.as_ref().ok().and_then(|d| d.claims().get("jti")).cloned()
    {
        out.extend(text(
            &format!("Enter opens it in the inspector. Its jti ({jti}) is what a deny-list would store."),
            theme.muted,
            width,
        ));
    }
    out
}

/// ` (time travel: +20m 0s)` when the clock has been moved.
pub fn clock_note(app: &App) -> String {
    match app.engine.clock_offset {
        0 => String::new(),
        offset if offset > 0 => format!(" (time travel: +{})", format_duration(offset.unsigned_abs())),
        offset => format!(" (time travel: -{})", format_duration(offset.unsigned_abs())),
    }
}
