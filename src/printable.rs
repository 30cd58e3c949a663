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

fn needs_escape(c: char) -> bool {
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
    fn ordinary_text_is_left_alone_and_not_copied() {
        assert!(matches!(escape_controls("header alg is \"HS512\" — café ✓"), Cow::Borrowed(_)));
    }
}
