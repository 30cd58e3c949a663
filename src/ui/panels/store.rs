//! The server's session store and the browser's cookie jar.

use ratatui::text::{Line, Span};

use super::{field, hard_wrapped, heading, text};
use crate::app::App;
use crate::auth::CookieJar;
use crate::auth::clock::{format_duration, format_unix_utc};
use crate::theme::Theme;

pub fn session_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let Some(view) = &app.engine.view else {
        return text("The server starts once user1's password is hashed.", theme.muted, width);
    };
    let now = app.clock();
    let mut out = vec![Line::from(vec![
        Span::styled("session store", theme.heading),
        Span::styled(
            format!("  {} entr{}", view.sessions.len(), if view.sessions.len() == 1 { "y" } else { "ies" }),
            theme.muted,
        ),
        Span::styled(super::token::clock_note(app), theme.warn),
    ])];
    if view.sessions.is_empty() {
        out.extend(text("(empty: nobody is logged in)", theme.muted, width));
    }
    let idle = view.config.session.idle_timeout;
    let absolute = view.config.session.absolute_timeout;
    for (index, session) in view.sessions.iter().enumerate() {
        let newest = index + 1 == view.sessions.len();
        out.push(Line::from(vec![
            Span::styled("id ", theme.muted),
            Span::styled(if newest { "(newest)" } else { "" }, theme.ok),
        ]));
        out.extend(hard_wrapped(
            vec![Span::styled(session.id.to_string(), theme.inline_code)],
            2,
            width,
            theme,
        ));
        out.extend(field(
            "user",
            9,
            vec![Span::styled(session.user_id.to_string(), theme.text)],
            theme,
            width,
        ));
        out.extend(field(
            "created",
            9,
            vec![Span::styled(format_unix_utc(session.created_at), theme.text)],
            theme,
            width,
        ));
        let idle_left = (session.last_seen + idle as i64) - now;
        let absolute_left = (session.created_at + absolute as i64) - now;
        let left = |seconds: i64| {
            if seconds > 0 {
                format!("ends in {}", format_duration(seconds as u64))
            } else {
                "ended".to_string()
            }
        };
        out.extend(field(
            "last seen",
            9,
            vec![
                Span::styled(format_unix_utc(session.last_seen), theme.text),
                Span::styled(format!(" · idle timeout {}", left(idle_left)), theme.muted),
            ],
            theme,
            width,
        ));
        out.extend(field("absolute", 9, vec![Span::styled(left(absolute_left), theme.muted)], theme, width));
        out.push(Line::default());
    }
    out.extend(text(
        "The id is 32 random bytes (256 bits) from the OS's secure generator, base64url; under --demo \
         they come from a fixed seed instead. The id carries no data: \
         the user id lives here, on the server. Logout deletes the entry; a restart or a second server \
         instance would not see it (production keeps this in a database or Redis).",
        theme.muted,
        width,
    ));
    out
}

pub fn cookie_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    jar_lines(&app.engine.jar, app.clock(), "the browser's cookie jar (localhost:3000)", &app.theme, width)
}

/// A cookie jar at time `now`: each cookie with its flags, the `Cookie` header it sends and what
/// page scripts see.
pub fn jar_lines(jar: &CookieJar, now: i64, title: &str, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut out = vec![heading(title, theme)];
    if jar.entries().is_empty() {
        out.extend(text("(empty: no Set-Cookie received yet)", theme.muted, width));
    }
    for stored in jar.entries() {
        let cookie = &stored.cookie;
        out.push(Line::from(Span::styled(cookie.name.clone(), theme.bold)));
        out.extend(hard_wrapped(
            vec![Span::styled(cookie.value.clone(), theme.inline_code)],
            2,
            width,
            theme,
        ));
        let flag = |on: bool, name: &str, meaning: &str| {
            let (mark, style) = if on { ("✓", theme.ok) } else { ("✗", theme.bad) };
            vec![
                Span::styled(format!("{mark} {name}"), style),
                Span::styled(format!(" · {meaning}"), theme.muted),
            ]
        };
        out.extend(field(
            "",
            1,
            flag(cookie.http_only, "HttpOnly", "hidden from page scripts"),
            theme,
            width,
        ));
        out.extend(field("", 1, flag(cookie.secure, "Secure", "HTTPS only"), theme, width));
        let same_site = cookie.same_site.map_or("not set".to_string(), |s| s.to_string());
        out.extend(field(
            "",
            1,
            vec![
                Span::styled(format!("SameSite={same_site}"), theme.text),
                Span::styled(" · which cross-site requests carry it", theme.muted),
            ],
            theme,
            width,
        ));
        if let Some(path) = &cookie.path {
            out.extend(field("", 1, vec![Span::styled(format!("Path={path}"), theme.text)], theme, width));
        }
        let expiry = match stored.expires_at {
            Some(at) if at > now => {
                format!("kept until {} ({} left)", format_unix_utc(at), format_duration((at - now) as u64))
            }
            Some(_) => "expired: no longer sent".to_string(),
            None => "until the browser closes".to_string(),
        };
        out.extend(field("", 1, vec![Span::styled(expiry, theme.text)], theme, width));
        out.push(Line::default());
    }
    let header = jar.cookie_header(now);
    out.extend(field(
        "sent as",
        15,
        vec![Span::styled(
            header.map_or("(no Cookie header)".to_string(), |h| format!("Cookie: {h}")),
            theme.inline_code,
        )],
        theme,
        width,
    ));
    let script_view = jar.document_cookie(now);
    out.extend(field(
        "document.cookie",
        15,
        vec![Span::styled(format!("\"{script_view}\""), theme.inline_code)],
        theme,
        width,
    ));
    out.extend(text(
        "document.cookie is what a script on the page (or injected by XSS) can read. HttpOnly cookies \
         (the session id, the JWT) are not in it. A token kept in localStorage would be.",
        theme.muted,
        width,
    ));
    out
}
