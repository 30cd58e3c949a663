//! Positions in lesson files: byte offsets to line:column, and from a character inside a TOML
//! string value back to where it sits in the file (so a markup mistake deep inside a multi-line
//! `body` is reported on its own line, not at the opening `"""`).

/// A 1-based line and column (columns count characters, as editors do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    pub const START: Position = Position { line: 1, column: 1 };

    /// The position of byte `offset` in `source` (clamped to the end, snapped to a char boundary).
    pub fn of_offset(source: &str, offset: usize) -> Position {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &source[..offset];
        let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
        Position { line: before.matches('\n').count() + 1, column: before[line_start..].chars().count() + 1 }
    }
}

/// Where every line of a source starts, so a byte offset becomes a [`Position`] by binary search
/// instead of a scan from the top (thousands of problems in one file stay linear overall).
#[derive(Debug, Clone)]
pub struct LineIndex<'s> {
    source: &'s str,
    /// Byte offset of each line's first byte.
    starts: Vec<usize>,
    /// Whether each line is pure ASCII, where a column is a byte difference.
    ascii: Vec<bool>,
}

impl<'s> LineIndex<'s> {
    pub fn new(source: &'s str) -> Self {
        let mut starts = vec![0];
        starts.extend(source.match_indices('\n').map(|(newline, _)| newline + 1));
        let ascii = starts
            .iter()
            .enumerate()
            .map(|(line, &start)| {
                let end = starts.get(line + 1).copied().unwrap_or(source.len());
                source.as_bytes()[start..end].is_ascii()
            })
            .collect();
        LineIndex { source, starts, ascii }
    }

    /// The same result as [`Position::of_offset`], in O(log lines) plus the line's length at most.
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.source.len());
        while !self.source.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let start = self.starts[line];
        let column =
            if self.ascii[line] { offset - start } else { self.source[start..offset].chars().count() };
        Position { line: line + 1, column: column + 1 }
    }
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// The decoded text of one TOML string value plus, for every byte of it, the offset in the raw
/// value text it came from. Windows line endings are folded to `\n`.
#[derive(Debug, Clone, PartialEq)]
pub struct MappedString {
    pub text: String,
    /// `raw_offsets[i]` is where decoded byte `i` starts in the raw text; one extra entry for the end.
    raw_offsets: Vec<usize>,
}

impl MappedString {
    /// Maps `raw` (a string value exactly as written, quotes included) when it decodes to
    /// `expected`; otherwise every offset falls back to the opening quote.
    pub fn new(raw: &str, expected: &str) -> MappedString {
        let expected = normalize_newlines(expected);
        match decode_with_offsets(raw) {
            Some((text, raw_offsets)) if text == expected => MappedString { text, raw_offsets },
            _ => {
                let raw_offsets = vec![0; expected.len() + 1];
                MappedString { text: expected, raw_offsets }
            }
        }
    }

    /// Offset in the raw value text of decoded byte `index`.
    pub fn raw_offset(&self, index: usize) -> usize {
        self.raw_offsets.get(index).or(self.raw_offsets.last()).copied().unwrap_or(0)
    }
}

pub fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n")
}

fn decode_with_offsets(raw: &str) -> Option<(String, Vec<usize>)> {
    let mut out = Decoded::default();
    if let Some(inner) = raw.strip_prefix("'''").and_then(|rest| rest.strip_suffix("'''")) {
        let (skip, inner) = skip_leading_newline(inner);
        for (index, ch) in inner.char_indices() {
            out.push(ch, 3 + skip + index);
        }
    } else if let Some(inner) = raw.strip_prefix('\'').and_then(|rest| rest.strip_suffix('\'')) {
        for (index, ch) in inner.char_indices() {
            out.push(ch, 1 + index);
        }
    } else if let Some(inner) = raw.strip_prefix("\"\"\"").and_then(|rest| rest.strip_suffix("\"\"\"")) {
        let (skip, inner) = skip_leading_newline(inner);
        decode_basic(inner, 3 + skip, true, &mut out)?;
    } else if let Some(inner) = raw.strip_prefix('"').and_then(|rest| rest.strip_suffix('"')) {
        decode_basic(inner, 1, false, &mut out)?;
    } else {
        return None;
    }
    out.offsets.push(raw.len());
    Some(out.finish())
}

#[derive(Default)]
struct Decoded {
    text: String,
    offsets: Vec<usize>,
}

impl Decoded {
    fn push(&mut self, ch: char, raw_offset: usize) {
        self.text.push(ch);
        self.offsets.extend(std::iter::repeat_n(raw_offset, ch.len_utf8()));
    }

    /// Folds `\r\n` to `\n`, keeping the offsets in step.
    fn finish(self) -> (String, Vec<usize>) {
        let mut text = String::with_capacity(self.text.len());
        let mut offsets = Vec::with_capacity(self.offsets.len());
        let bytes = self.text.as_bytes();
        for (index, ch) in self.text.char_indices() {
            if ch == '\r' && bytes.get(index + 1) == Some(&b'\n') {
                continue;
            }
            text.push(ch);
            offsets.extend_from_slice(&self.offsets[index..index + ch.len_utf8()]);
        }
        offsets.push(*self.offsets.last().unwrap_or(&0));
        (text, offsets)
    }
}

fn skip_leading_newline(inner: &str) -> (usize, &str) {
    if let Some(rest) = inner.strip_prefix("\r\n") {
        (2, rest)
    } else if let Some(rest) = inner.strip_prefix('\n') {
        (1, rest)
    } else {
        (0, inner)
    }
}

fn decode_basic(inner: &str, base: usize, multiline: bool, out: &mut Decoded) -> Option<()> {
    let mut chars = inner.char_indices().peekable();
    while let Some((index, ch)) = chars.next() {
        if ch != '\\' {
            out.push(ch, base + index);
            continue;
        }
        let (_, escape) = chars.next()?;
        let simple = match escape {
            'b' => Some('\u{8}'),
            't' => Some('\t'),
            'n' => Some('\n'),
            'f' => Some('\u{c}'),
            'r' => Some('\r'),
            'e' => Some('\u{1b}'),
            '"' => Some('"'),
            '\\' => Some('\\'),
            _ => None,
        };
        if let Some(decoded) = simple {
            out.push(decoded, base + index);
            continue;
        }
        let hex_digits = match escape {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => 0,
        };
        if hex_digits > 0 {
            let mut hex = String::new();
            for _ in 0..hex_digits {
                hex.push(chars.next()?.1);
            }
            let decoded = char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?;
            out.push(decoded, base + index);
            continue;
        }
        // A line-ending backslash swallows the newline and all whitespace after it.
        if multiline && (escape == ' ' || escape == '\t' || escape == '\n' || escape == '\r') {
            while chars.peek().is_some_and(|(_, next)| next.is_whitespace()) {
                chars.next();
            }
            continue;
        }
        return None;
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let source = "a = 1\nbé = \"x\"\n";
        assert_eq!(Position::of_offset(source, 0), Position { line: 1, column: 1 });
        assert_eq!(Position::of_offset(source, 6), Position { line: 2, column: 1 });
        // `=` after the two-byte é is the 4th character of line 2.
        assert_eq!(
            Position::of_offset(source, source.find(" = \"").unwrap() + 1),
            Position { line: 2, column: 4 }
        );
    }

    #[test]
    fn the_line_index_agrees_with_a_scan_from_the_top() {
        let source = "a = 1\nbé = \"x\"\r\n\n  ünï = 'ç'\nlast";
        let index = LineIndex::new(source);
        for offset in 0..=source.len() + 2 {
            assert_eq!(index.position(offset), Position::of_offset(source, offset), "offset {offset}");
        }
        assert_eq!(LineIndex::new("").position(0), Position::START);
    }

    #[test]
    fn multiline_basic_string_maps_escapes_and_skips_the_first_newline() {
        let raw = "\"\"\"\nab\\tc\\u00e9d\n\"\"\"";
        let mapped = MappedString::new(raw, "ab\tcéd\n");
        assert_eq!(mapped.text, "ab\tcéd\n");
        assert_eq!(&raw[mapped.raw_offset(0)..][..1], "a");
        assert_eq!(&raw[mapped.raw_offset(2)..][..2], "\\t");
        assert_eq!(&raw[mapped.raw_offset(3)..][..1], "c");
        assert_eq!(&raw[mapped.raw_offset("ab\tcé".len())..][..1], "d");
    }

    #[test]
    fn line_ending_backslash_and_literal_strings() {
        let mapped = MappedString::new("\"\"\"one \\\n    two\"\"\"", "one two");
        assert_eq!(mapped.text, "one two");
        assert_eq!(mapped.raw_offset(4), "\"\"\"one \\\n    ".len());
        let literal = MappedString::new("'''\nx\\y'''", "x\\y");
        assert_eq!(literal.raw_offset(1), 5);
    }

    #[test]
    fn undecodable_raw_text_falls_back_to_the_opening_quote() {
        let mapped = MappedString::new("\"abc\"", "something else");
        assert_eq!(mapped.text, "something else");
        assert_eq!(mapped.raw_offset(5), 0);
    }
}
