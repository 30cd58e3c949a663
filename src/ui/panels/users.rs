//! Step 1: the users table, each password as an argon2id PHC string, and the re-hash action.

use ratatui::text::{Line, Span};

use super::{field, hard_wrapped, heading, text};
use crate::app::App;
use crate::auth::users::{PhcParts, parse_phc};

pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let Some(view) = &app.engine.view else {
        return text("The server starts once user1's password is hashed.", theme.muted, width);
    };
    let mut out = vec![heading("users (the \"database\")", theme)];
    for user in &view.users {
        out.extend(field("id", 9, vec![Span::styled(user.id.to_string(), theme.text)], theme, width));
        out.extend(field("username", 9, vec![Span::styled(user.username.clone(), theme.bold)], theme, width));
        out.push(Line::from(Span::styled("password_hash", theme.muted)));
        out.extend(hard_wrapped(
            vec![Span::styled(user.password_hash.clone(), theme.inline_code)],
            2,
            width,
            theme,
        ));
        if let Some(parts) = parse_phc(&user.password_hash) {
            out.push(Line::default());
            out.extend(phc_fields(&parts, app, width));
        }
        out.push(Line::default());
    }
    out.extend(text(
        "The password itself (pass123) is stored nowhere. A login hashes the attempt with the salt and \
         parameters written in this string and compares the result.",
        theme.text,
        width,
    ));
    out.push(Line::default());
    match &app.engine.rehash {
        None => out.extend(text("Press Enter to hash pass123 again with a new salt.", theme.muted, width)),
        Some(rehash) => {
            out.push(Line::from(vec![
                Span::styled("Re-hashed pass123: ", theme.bold),
                Span::styled(format!("took {} ms", rehash.millis), theme.ok),
                Span::styled(" (that is the cost of one guess)", theme.muted),
            ]));
            let salts = (parse_phc(&rehash.old_phc), parse_phc(&rehash.new_phc));
            if let (Some(old), Some(new)) = salts {
                let changed = |a: &str, b: &str| if a == b { " (same)" } else { " ← changed" };
                out.extend(field(
                    "salt was",
                    9,
                    vec![Span::styled(old.salt_b64.clone(), theme.seed_wrong)],
                    theme,
                    width,
                ));
                out.extend(field(
                    "salt now",
                    9,
                    vec![
                        Span::styled(new.salt_b64.clone(), theme.seed_fix),
                        Span::styled(changed(&old.salt_b64, &new.salt_b64), theme.muted),
                    ],
                    theme,
                    width,
                ));
                out.extend(field(
                    "hash was",
                    9,
                    vec![Span::styled(old.hash_b64.clone(), theme.seed_wrong)],
                    theme,
                    width,
                ));
                out.extend(field(
                    "hash now",
                    9,
                    vec![
                        Span::styled(new.hash_b64.clone(), theme.seed_fix),
                        Span::styled(changed(&old.hash_b64, &new.hash_b64), theme.muted),
                    ],
                    theme,
                    width,
                ));
            }
            out.extend(text(
                "Same password, new salt, different hash, and pass123 still logs in. Press Enter again to \
                 repeat.",
                theme.text,
                width,
            ));
        }
    }
    out
}

fn phc_fields(parts: &PhcParts, app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let rows = [
        (
            "algorithm",
            format!("{} (version {})", parts.algorithm, parts.version),
            "memory-hard, OWASP's first choice",
        ),
        ("m", format!("{} KiB", parts.memory_kib), "memory per hash (19 MiB: OWASP minimum)"),
        ("t", parts.iterations.to_string(), "passes over that memory"),
        ("p", parts.parallelism.to_string(), "lanes"),
        ("salt", parts.salt_b64.clone(), "16 random bytes, new for every hash"),
        ("hash", parts.hash_b64.clone(), "the derived 32 bytes"),
    ];
    let mut out = vec![Line::from(Span::styled("read field by field:", theme.muted))];
    for (label, value, meaning) in rows {
        out.extend(field(
            label,
            9,
            vec![Span::styled(value, theme.inline_code), Span::styled(format!(" · {meaning}"), theme.muted)],
            theme,
            width,
        ));
    }
    out
}
