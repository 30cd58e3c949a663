//! Text from outside (a pasted token, a lesson file) is shown inside our own one-line messages. A terminal
//! acts on control characters, so a crafted value could clear the screen, move the cursor or forge a line;
//! they are shown escaped instead, the way Rust's `{:?}` would show them.

use std::borrow::Cow;

/// `text` with every control character (C0, DEL, C1) and every bidirectional override written as a
/// visible escape such as `\u{1b}`; text without any is returned as it is.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// JSON text (as serde_json writes it, C0 controls in strings already escaped) with every other character that
/// [`needs_escape`] as a JSON `\uXXXX` escape: still valid JSON with the same meaning, but a terminal
/// shows it instead of acting on it. Such characters can only occur inside JSON strings.
pub fn escape_json_text(json: &str) -> Cow<'_, str> {
    // A raw C0 character in serde_json's output is layout (the newlines of pretty printing), never
    // string content, which serde_json has already escaped.
    let needs_json_escape = |c: char| c >= '\u{7f}' && needs_escape(c);
    if !json.chars().any(needs_json_escape) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 8);
    for c in json.chars() {
        if needs_json_escape(c) {
            // Every character needs_escape matches is in the Basic Multilingual Plane.
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// True for characters a terminal acts on or that reorder text: C0 and C1 controls, DEL, and the
/// bidirectional embedding, override and isolate characters.
pub fn needs_escape(c: char) -> bool {
    // U+202A..U+202E and U+2066..U+2069 reorder text on screen (the "Trojan Source" characters).
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_overrides_become_visible_escapes() {
        assert_eq!(escape_controls("\u{1b}[2J\nHS256"), "\\u{1b}[2J\\u{a}HS256");
        assert_eq!(escape_controls("H\u{7f}256 \u{9b}"), "H\\u{7f}256 \\u{9b}");
        assert_eq!(escape_controls("a\u{202e}b"), "a\\u{202e}b");
    }

    #[test]
    fn json_text_gets_json_escapes_that_mean_the_same() {
        let json = serde_json::to_string_pretty(&serde_json::json!({"k": "a\u{7f}b\u{9b}c\u{202e}d\u{1b}"}))
            .unwrap();
        let shown = escape_json_text(&json);
        assert_eq!(shown, "{\n  \"k\": \"a\\u007fb\\u009bc\\u202ed\\u001b\"\n}");
        let back: serde_json::Value = serde_json::from_str(&shown).unwrap();
        assert_eq!(back["k"], "a\u{7f}b\u{9b}c\u{202e}d\u{1b}");
    }

    #[test]
    fn ordinary_text_is_left_alone_and_not_copied() {
        assert!(matches!(escape_controls("header alg is \"HS512\" — café ✓"), Cow::Borrowed(_)));
    }
}
