//! Step 2: the JWT secret and its strength, rotating it, and the session cookie's options.

use ratatui::text::{Line, Span};

use super::{field, hard_wrapped, heading, text, verdict_spans};
use crate::app::App;
use crate::auth::clock::format_duration;
use crate::auth::jwt;

pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let Some(config) = app.engine.config() else {
        return text("The server starts once user1's password is hashed.", theme.muted, width);
    };
    let mut out = vec![heading("JWT_SECRET", theme)];
    out.extend(hard_wrapped(
        vec![Span::styled(config.jwt_secret.display(), theme.inline_code)],
        2,
        width,
        theme,
    ));
    let strength = config.secret_strength();
    let (mark, style) = if strength.too_weak { ("✗ ", theme.bad) } else { ("✓ ", theme.ok) };
    out.extend(field("strength", 9, vec![Span::styled(format!("{mark}{strength}"), style)], theme, width));
    if strength.too_weak {
        out.extend(text(
            "⚠ A short, typed secret in the source code: anyone with one token can try guesses offline \
             until the signature matches, then sign any token they like. Use 32 random bytes from the \
             environment (openssl rand -base64 32).",
            theme.warn,
            width,
        ));
    }
    out.extend(field(
        "algorithm",
        9,
        vec![Span::styled(
            format!("{} (pinned: tokens naming another alg are refused)", config.jwt_alg),
            theme.text,
        )],
        theme,
        width,
    ));
    out.extend(field(
        "lifetime",
        9,
        vec![Span::styled(format!("{} (exp = iat + this)", format_duration(config.token_ttl)), theme.text)],
        theme,
        width,
    ));
    out.extend(field(
        "leeway",
        9,
        vec![Span::styled(format!("{} s", config.leeway), theme.text)],
        theme,
        width,
    ));
    out.push(Line::default());
    match &app.engine.rotation {
        None => out.extend(text(
            "Press Enter to replace it with a strong generated secret and see what happens to a token \
             signed with the old one.",
            theme.muted,
            width,
        )),
        Some(rotation) => {
            out.push(Line::from(Span::styled("Secret rotated", theme.bold)));
            out.extend(field(
                "was",
                4,
                vec![Span::styled(rotation.old_secret.clone(), theme.seed_wrong)],
                theme,
                width,
            ));
            out.extend(field(
                "now",
                4,
                vec![Span::styled(rotation.new_secret.clone(), theme.seed_fix)],
                theme,
                width,
            ));
            let check = &rotation.check;
            let status = check.response.status;
            let style = if status == 200 { theme.ok } else { theme.bad };
            out.extend(text("A token signed with the old secret, sent now:", theme.text, width));
            out.extend(super::super::wrap::wrap(
                &[
                    Span::styled(format!("GET /api/auth → {status} "), style),
                    Span::styled(check.reason().unwrap_or("").to_string(), theme.text),
                ],
                width,
                vec![Span::raw("  ")],
                vec![Span::raw("    ")],
            ));
            let report = jwt::verify(&rotation.old_token, &config.verify_options(app.clock()));
            out.extend(super::super::wrap::wrap(
                &verdict_spans(&report, theme),
                width,
                vec![Span::raw("  old token: ")],
                vec![Span::raw("    ")],
            ));
            out.extend(text(
                "Rotating the secret logs every JWT holder out at once; that is the only \"revoke all\" a \
                 stateless token has. Sessions are not affected: they never used the secret.",
                theme.text,
                width,
            ));
        }
    }
    out.push(Line::default());
    out.push(heading("sessionOptions (the session cookie)", theme));
    let session = &config.session;
    let rows = [
        ("cookieName", session.cookie_name.clone(), "the cookie's name"),
        (
            "httpOnly",
            session.http_only.to_string(),
            "page scripts cannot read it (document.cookie), so XSS cannot steal it",
        ),
        ("secure", session.secure.to_string(), "sent only over HTTPS"),
        (
            "sameSite",
            session.same_site.to_string(),
            "not sent on cross-site POSTs: a first defence against CSRF",
        ),
        ("path", session.path.clone(), "sent for every path of the site"),
        (
            "maxAge",
            format!("{} s ({})", session.max_age, format_duration(session.max_age)),
            "the browser forgets it after this",
        ),
        ("idle", format_duration(session.idle_timeout), "server side: unused this long, the session ends"),
        (
            "absolute",
            format_duration(session.absolute_timeout),
            "server side: this old, the session ends anyway",
        ),
    ];
    for (name, value, meaning) in rows {
        out.extend(field(
            name,
            10,
            vec![Span::styled(value, theme.inline_code), Span::styled(format!(" · {meaning}"), theme.muted)],
            theme,
            width,
        ));
    }
    out
}
