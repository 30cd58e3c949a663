//! Step 3: the login form; Enter sends the real `POST /api/auth`.

use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::{hard_wrapped, text, token::token_spans};
use crate::app::App;
use crate::app::fields::{FieldId, TextField};
use crate::auth::http::reason_phrase;
use crate::theme::Theme;

/// The form's lines and the row where each field starts.
fn form(app: &App, width: usize) -> (Vec<Line<'static>>, [usize; 2]) {
    let theme = &app.theme;
    let form = &app.engine.login_form;
    let mut out = vec![Line::from(vec![
        Span::styled("POST /api/auth", theme.heading),
        Span::styled("  (the browser's login form)", theme.muted),
    ])];
    let mut rows = [0; 2];
    let fields = [
        ("username", &form.username, FieldId::LoginUsername),
        ("password", &form.password, FieldId::LoginPassword),
    ];
    for (index, (label, value, id)) in fields.into_iter().enumerate() {
        rows[index] = out.len();
        let chosen = form.selected == index;
        let editing = app.editing == Some(id);
        let marker = if chosen { "▶ " } else { "  " };
        let mut spans = vec![
            Span::styled(marker, theme.bullet),
            Span::styled(format!("{label:<9} "), if chosen { theme.bold } else { theme.muted }),
        ];
        spans.extend(field_spans(value, editing, theme));
        out.extend(hard_wrapped(spans, 0, width, theme));
    }
    (out, rows)
}

/// A field's text; while editing, the cell under the cursor is shown reversed.
pub fn field_spans(field: &TextField, editing: bool, theme: &Theme) -> Vec<Span<'static>> {
    let value = field.value();
    let style = if editing { theme.text.add_modifier(Modifier::UNDERLINED) } else { theme.inline_code };
    if !editing {
        let shown = if value.is_empty() { "(empty)".to_string() } else { value.to_string() };
        return vec![Span::styled(shown, if value.is_empty() { theme.muted } else { style })];
    }
    let cursor = field.cursor();
    let before: String = value.chars().take(cursor).collect();
    let at: String = value.chars().nth(cursor).map_or(" ".to_string(), String::from);
    let after: String = value.chars().skip(cursor + 1).collect();
    vec![
        Span::styled(before, style),
        Span::styled(at, style.add_modifier(Modifier::REVERSED)),
        Span::styled(after, style),
    ]
}

pub fn field_row(app: &App, width: usize) -> usize {
    let (_, rows) = form(app, width);
    rows[app.engine.login_form.selected.min(1)]
}

pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let (mut out, _) = form(app, width);
    out.push(Line::default());
    if app.editing.is_some_and(|id| matches!(id, FieldId::LoginUsername | FieldId::LoginPassword)) {
        out.extend(text(
            "Typing into the field. Enter logs in, Tab switches field, Esc stops editing.",
            theme.muted,
            width,
        ));
    } else {
        out.extend(text("↑↓ choose a field, e edits it, Enter logs in.", theme.muted, width));
    }
    let Some(exchange) = &app.engine.last_login else {
        out.extend(text(
            "Try a wrong password too: the answer is the same for a wrong password and an unknown user.",
            theme.muted,
            width,
        ));
        return out;
    };
    out.push(Line::default());
    let status = exchange.response.status;
    let took = exchange.millis.map(|ms| format!(" in {ms} ms")).unwrap_or_default();
    let style = if status == 200 { theme.ok } else { theme.bad };
    let mark = if status == 200 { "✓" } else { "✗" };
    out.push(Line::from(Span::styled(format!("{mark} {status} {}{took}", reason_phrase(status)), style)));
    if status == 200 {
        if let Some(token) = exchange.response.json().get("token").and_then(|t| t.as_str()) {
            out.push(Line::from(Span::styled("token (JSON body):", theme.muted)));
            out.extend(hard_wrapped(token_spans(token, theme), 2, width, theme));
        }
        for cookie in exchange.response.set_cookies() {
            out.push(Line::from(Span::styled("Set-Cookie:", theme.muted)));
            out.extend(hard_wrapped(
                vec![Span::styled(cookie.to_string(), theme.inline_code)],
                2,
                width,
                theme,
            ));
        }
        out.extend(text(
            "One login, two credentials: a signed token (in the body for API clients, and in an HttpOnly \
             cookie for the browser) and a session id in an HttpOnly cookie. The HTTP, Token, Sessions and \
             Cookies panels show each part.",
            theme.text,
            width,
        ));
    } else {
        out.extend(text(exchange.reason().unwrap_or(""), theme.text, width));
        if status == 401 {
            out.extend(text(
                "The same words whether the user does not exist or the password is wrong, and about the \
                 same time too (a dummy hash is checked for unknown users): the form does not reveal \
                 which usernames exist.",
                theme.muted,
                width,
            ));
        }
    }
    out
}
