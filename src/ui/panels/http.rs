//! The raw HTTP of the last exchange: request, then response.

use ratatui::text::{Line, Span};

use super::{hard_wrapped, text};
use crate::app::App;
use crate::auth::Exchange;
use crate::theme::Theme;

/// The request and response as raw HTTP/1.1 text, long lines broken by character.
pub fn exchange_lines(exchange: &Exchange, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut out = vec![Line::from(Span::styled("→ request", theme.heading))];
    for line in exchange.request.render().lines() {
        out.extend(hard_wrapped(vec![Span::styled(line.to_string(), theme.inline_code)], 2, width, theme));
    }
    let status = exchange.response.status;
    let took = exchange.millis.map(|ms| format!(" (server took {ms} ms)")).unwrap_or_default();
    out.push(Line::from(vec![Span::styled("← response", theme.heading), Span::styled(took, theme.muted)]));
    for (index, line) in exchange.response.render().lines().enumerate() {
        let style = match (index, status) {
            (0, 200..=299) => theme.ok,
            (0, _) => theme.bad,
            _ => theme.inline_code,
        };
        out.extend(hard_wrapped(vec![Span::styled(line.to_string(), style)], 2, width, theme));
    }
    out
}

pub fn panel_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    match &app.engine.last_exchange {
        Some(exchange) => {
            // It may come from another screen (Step 2's secret check, a Step 4 scenario): say so.
            let mut lines =
                text("The last request sent, from whichever step sent it:", app.theme.muted, width);
            lines.extend(exchange_lines(exchange, &app.theme, width));
            lines
        }
        None => text(
            "Nothing sent yet. Log in on the Login panel to see the raw request and response.",
            app.theme.muted,
            width,
        ),
    }
}
