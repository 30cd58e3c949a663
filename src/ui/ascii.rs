//! The ASCII fallback: on a terminal that cannot draw Unicode (a non-UTF-8 locale, the Linux
//! console's fonts), every drawn cell is rewritten as one ASCII character of the same width, so
//! borders, marks and arrows keep their place and their meaning (✓ `+`, ✗ `x`, ▣ `#`, □ `o`,
//! ↪ `>`, ↑ `^`, ↓ `v`, box drawing `+ - |`).

use ratatui::buffer::Buffer;

/// The spinner's frames where braille cannot be drawn.
pub const SPINNER: [&str; 4] = ["|", "/", "-", "\\"];

/// The ASCII stand-in for one character; anything without one becomes `?`.
pub fn ascii_of(c: char) -> char {
    match c {
        c if c.is_ascii() => c,
        '✓' | '✔' => '+',
        '✗' | '✘' | '×' => 'x',
        '▣' | '■' | '█' => '#',
        '□' | '○' => 'o',
        '↪' | '→' | '▶' | '▸' | '►' | '≥' | '»' => '>',
        '←' | '◀' | '◂' | '≤' | '«' => '<',
        '↑' | '▲' => '^',
        '↓' | '▼' => 'v',
        '·' | '…' => '.',
        '•' => '*',
        '⚠' => '!',
        '§' => 'S',
        'é' | 'è' | 'ê' => 'e',
        '–' | '—' | '−' => '-',
        '“' | '”' | '„' => '"',
        '‘' | '’' => '\'',
        '\u{a0}' | '\u{2002}'..='\u{200a}' => ' ',
        '─' | '━' | '═' | '╌' | '┄' => '-',
        '│' | '┃' | '║' | '╎' | '┆' => '|',
        '\u{2500}'..='\u{257f}' => '+',
        '\u{2800}'..='\u{28ff}' => '*',
        _ => '?',
    }
}

/// Rewrites every cell of the frame as ASCII.
pub fn transliterate(buffer: &mut Buffer) {
    for cell in &mut buffer.content {
        let symbol = cell.symbol();
        if symbol.is_ascii() {
            continue;
        }
        let replacement = symbol.chars().next().map_or(' ', ascii_of);
        cell.set_char(replacement);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_and_borders_keep_a_meaning_in_ascii() {
        let drawn: String = "┏━┓ ✓ ✗ ▣ □ ↪ ↑ ↓ ⠋".chars().map(ascii_of).collect();
        assert_eq!(drawn, "+-+ + x # o > ^ v *");
    }
}
