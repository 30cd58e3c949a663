//! Word wrapping of styled text into lines of a known width.
//!
//! The UI wraps text itself instead of letting `Paragraph` do it, because it must know how many
//! lines the text takes (to scroll, and to say `↓ 12 more lines`) and it wants hanging indents
//! for bullets and notes.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Display width of `text` in terminal cells.
pub fn width_of(text: &str) -> usize {
    Span::raw(text).width()
}

/// A run of text with no break opportunity inside, made of pieces in different styles.
#[derive(Debug, Default)]
struct Word {
    pieces: Vec<(String, Style)>,
    width: usize,
}

fn words_of(spans: &[Span<'_>]) -> Vec<Word> {
    let mut words = Vec::new();
    let mut current = Word::default();
    for span in spans {
        let mut piece = String::new();
        for c in span.content.chars() {
            if c.is_whitespace() {
                if !piece.is_empty() {
                    current.width += width_of(&piece);
                    current.pieces.push((std::mem::take(&mut piece), span.style));
                }
                if !current.pieces.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            } else {
                piece.push(c);
            }
        }
        if !piece.is_empty() {
            current.width += width_of(&piece);
            current.pieces.push((piece, span.style));
        }
    }
    if !current.pieces.is_empty() {
        words.push(current);
    }
    words
}

/// Wraps `spans` (one paragraph; newlines count as spaces) to `width` cells. The first line starts
/// with `first_prefix`, the others with `rest_prefix` (a hanging indent). Words longer than a
/// line are split, never dropped.
pub fn wrap(
    spans: &[Span<'_>],
    width: usize,
    first_prefix: Vec<Span<'static>>,
    rest_prefix: Vec<Span<'static>>,
) -> Vec<Line<'static>> {
    let first_indent = first_prefix.iter().map(Span::width).sum::<usize>();
    let rest_indent = rest_prefix.iter().map(Span::width).sum::<usize>();
    let mut lines = Vec::new();
    let mut line: Vec<Span<'static>> = first_prefix;
    let mut room = width.saturating_sub(first_indent).max(1);
    let mut used = 0;
    let mut space_style = Style::new();
    let mut new_line = |line: &mut Vec<Span<'static>>, room: &mut usize, used: &mut usize| {
        lines.push(Line::from(std::mem::replace(line, rest_prefix.clone())));
        *room = width.saturating_sub(rest_indent).max(1);
        *used = 0;
    };
    for word in words_of(spans) {
        let separator = usize::from(used > 0);
        if used + separator + word.width > room && used > 0 {
            new_line(&mut line, &mut room, &mut used);
        } else if separator == 1 {
            line.push(Span::styled(" ", space_style));
            used += 1;
        }
        for (text, style) in word.pieces {
            let mut rest = text.as_str();
            while !rest.is_empty() {
                let piece_width = width_of(rest);
                if used + piece_width <= room {
                    line.push(Span::styled(rest.to_string(), style));
                    used += piece_width;
                    break;
                }
                // A word wider than the line: fill this line with what fits, go on below.
                let (head, tail) = split_at_width(rest, room - used);
                if head.is_empty() && used == 0 {
                    // Not even one character fits (a wide glyph in a 1-cell line): take one anyway.
                    let first = rest.chars().next().map_or(0, char::len_utf8);
                    line.push(Span::styled(rest[..first].to_string(), style));
                    rest = &rest[first..];
                } else {
                    if !head.is_empty() {
                        line.push(Span::styled(head.to_string(), style));
                    }
                    rest = tail;
                }
                new_line(&mut line, &mut room, &mut used);
            }
            space_style = style;
        }
    }
    if used > 0 || lines.is_empty() {
        lines.push(Line::from(line));
    }
    lines
}

/// Splits `text` so the head is as long as possible within `max_width` cells.
pub fn split_at_width(text: &str, max_width: usize) -> (&str, &str) {
    let mut width = 0;
    for (index, c) in text.char_indices() {
        let char_width = width_of(&text[index..index + c.len_utf8()]);
        if width + char_width > max_width {
            return text.split_at(index);
        }
        width += char_width;
    }
    (text, "")
}

/// Breaks one styled line (code) into pieces of at most `width` cells, keeping every character.
pub fn break_line(line: &Line<'_>, width: usize) -> Vec<Vec<Span<'static>>> {
    let width = width.max(1);
    let mut rows = vec![Vec::new()];
    let mut used = 0;
    for span in &line.spans {
        let mut rest: &str = &span.content;
        while !rest.is_empty() {
            let (head, tail) = split_at_width(rest, width - used);
            let (head, tail) = if head.is_empty() && used == 0 {
                let first = rest.chars().next().map_or(0, char::len_utf8);
                rest.split_at(first)
            } else {
                (head, tail)
            };
            if !head.is_empty() {
                rows.last_mut()
                    .expect("rows is never empty")
                    .push(Span::styled(head.to_string(), span.style));
                used += width_of(head);
            }
            if !tail.is_empty() {
                rows.push(Vec::new());
                used = 0;
            }
            rest = tail;
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Modifier;

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn wraps_at_word_boundaries_with_a_hanging_indent() {
        let spans = [Span::raw("one two three four five six")];
        let lines = wrap(&spans, 12, vec![Span::raw("• ")], vec![Span::raw("  ")]);
        assert_eq!(texts(&lines), ["• one two", "  three four", "  five six"]);
    }

    #[test]
    fn styles_survive_and_words_are_not_split_between_styles() {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let spans = [Span::raw("use "), Span::styled("HttpOnly", bold), Span::raw(", always")];
        let lines = wrap(&spans, 14, vec![], vec![]);
        assert_eq!(texts(&lines), ["use HttpOnly,", "always"]);
        assert_eq!(lines[0].spans[2].style, bold);
    }

    #[test]
    fn long_words_are_split_not_dropped() {
        let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0";
        let lines = wrap(&[Span::raw(token)], 10, vec![], vec![]);
        assert_eq!(lines.iter().map(|l| l.to_string()).collect::<String>(), token);
        assert!(lines.iter().all(|l| l.width() <= 10));
    }

    #[test]
    fn empty_text_is_one_empty_line() {
        assert_eq!(texts(&wrap(&[], 10, vec![], vec![])), [""]);
    }

    #[test]
    fn code_lines_break_by_character() {
        let line = Line::from(vec![Span::raw("const token = "), Span::raw("jwt.sign(claims)")]);
        let rows = break_line(&line, 10);
        let rows: Vec<String> = rows.iter().map(|r| r.iter().map(|s| s.content.as_ref()).collect()).collect();
        assert_eq!(rows, ["const toke", "n = jwt.si", "gn(claims)"]);
    }
}
