//! The lesson text format: a small, safe subset of Markdown.
//!
//! Blocks: paragraphs (separated by blank lines), `## ` headings, `- ` bullet lists (indented lines
//! continue an item) and fenced code blocks with a language tag. Inline: `**bold**` and `` `code` ``.
//! Anything that looks like Markdown this format does not support is an error rather than being
//! shown as stray symbols, and control characters (terminal escapes) are refused everywhere.

use super::model::{Block, Inline};

/// Languages a fenced block or code sample may name; the TUI highlights them (or shows plain text).
pub const CODE_LANGUAGES: &[&str] =
    &["javascript", "js", "typescript", "ts", "json", "bash", "sh", "http", "text"];

/// A mistake in lesson text, at a byte offset into the text that was parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupError {
    pub offset: usize,
    pub message: String,
}

fn error(offset: usize, message: impl Into<String>) -> MarkupError {
    MarkupError { offset, message: message.into() }
}

/// Parses block text (a lesson `body`).
pub fn parse_blocks(text: &str) -> Result<Vec<Block>, Vec<MarkupError>> {
    let mut errors = unsafe_characters(text);
    let lines = split_lines(text);
    let mut blocks = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let (start, line) = lines[index];
        let trimmed = line.trim_end();
        if trimmed.trim_start().is_empty() {
            index += 1;
        } else if let Some(info) = trimmed.strip_prefix("```") {
            index = parse_fence(&lines, index, info, &mut blocks, &mut errors);
        } else if let Some(heading) = trimmed.strip_prefix("## ") {
            let heading_start = start + 3;
            match parse_inline_at(heading.trim(), heading_start + leading_spaces(heading)) {
                Ok(inlines) if !inlines.is_empty() => blocks.push(Block::Heading(inlines)),
                Ok(_) => errors.push(error(start, "empty heading")),
                Err(mut inline_errors) => errors.append(&mut inline_errors),
            }
            index += 1;
        } else if trimmed.starts_with('#') {
            errors.push(error(start, "only `## ` headings are supported (write `## Title`)"));
            index += 1;
        } else if trimmed.starts_with("* ") || trimmed.starts_with("+ ") {
            errors.push(error(start, "bullet items start with `- `"));
            index += 1;
        } else if trimmed.starts_with("- ") {
            index = parse_bullets(&lines, index, &mut blocks, &mut errors);
        } else if line.starts_with(' ') || line.starts_with('\t') {
            errors.push(error(start, "indented line outside a bullet list (remove the indentation)"));
            index += 1;
        } else {
            index = parse_paragraph(&lines, index, &mut blocks, &mut errors);
        }
    }
    if errors.is_empty() {
        Ok(blocks)
    } else {
        errors.sort_by_key(|e| e.offset);
        Err(errors)
    }
}

/// Parses one line of inline text (a note, a heading).
pub fn parse_inline(text: &str) -> Result<Vec<Inline>, Vec<MarkupError>> {
    let errors = unsafe_characters(text);
    let joined = Joined::single(text);
    match (parse_joined(&joined), errors.is_empty()) {
        (Ok(inlines), true) => Ok(inlines),
        (Ok(_), false) => Err(errors),
        (Err(mut inline_errors), _) => {
            inline_errors.extend(errors);
            inline_errors.sort_by_key(|e| e.offset);
            Err(inline_errors)
        }
    }
}

/// Characters that would let lesson text move the cursor, recolour or reorder the terminal.
pub fn unsafe_characters(text: &str) -> Vec<MarkupError> {
    text.char_indices()
        .filter(|&(_, ch)| is_unsafe(ch))
        .map(|(offset, ch)| {
            let what =
                if ch == '\t' { "a tab (use spaces)".to_string() } else { format!("U+{:04X}", ch as u32) };
            error(offset, format!("control character {what} is not allowed in lesson text"))
        })
        .collect()
}

fn is_unsafe(ch: char) -> bool {
    (ch.is_control() && ch != '\n')
        || matches!(ch, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn split_lines(text: &str) -> Vec<(usize, &str)> {
    let mut lines = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        lines.push((start, line));
        start += line.len() + 1;
    }
    lines
}

fn leading_spaces(text: &str) -> usize {
    text.len() - text.trim_start().len()
}

fn parse_fence(
    lines: &[(usize, &str)],
    open: usize,
    info: &str,
    blocks: &mut Vec<Block>,
    errors: &mut Vec<MarkupError>,
) -> usize {
    let (start, _) = lines[open];
    let language = info.trim();
    if language.is_empty() {
        errors.push(error(start, "code block needs a language tag, e.g. ```javascript"));
    } else if !CODE_LANGUAGES.contains(&language) {
        errors.push(error(
            start + 3,
            format!("unknown code language `{language}`: expected one of {}", CODE_LANGUAGES.join(", ")),
        ));
    }
    let Some(close) = (open + 1..lines.len()).find(|&i| lines[i].1.trim_end() == "```") else {
        errors.push(error(start, "code block is never closed (add a line with ``` after the code)"));
        return lines.len();
    };
    let source =
        lines[open + 1..close].iter().map(|(_, line)| line.trim_end()).collect::<Vec<_>>().join("\n");
    if source.trim().is_empty() {
        errors.push(error(start, "empty code block"));
    }
    blocks.push(Block::Code { language: language.to_string(), source });
    close + 1
}

fn starts_new_block(line: &str) -> bool {
    let trimmed = line.trim_end();
    trimmed.starts_with("```") || trimmed.starts_with('#') || trimmed.starts_with("- ")
}

fn parse_bullets(
    lines: &[(usize, &str)],
    first: usize,
    blocks: &mut Vec<Block>,
    errors: &mut Vec<MarkupError>,
) -> usize {
    let mut items: Vec<Joined> = Vec::new();
    let mut index = first;
    while index < lines.len() {
        let (start, line) = lines[index];
        if line.trim().is_empty() {
            break;
        }
        if let Some(rest) = line.strip_prefix("- ") {
            let mut item = Joined::default();
            item.push_line(rest, start + 2);
            items.push(item);
        } else if starts_new_block(line) {
            break;
        } else {
            // Indented or lazy continuation of the current item.
            let indent = leading_spaces(line);
            items.last_mut().expect("a list starts with an item").push_line(&line[indent..], start + indent);
        }
        index += 1;
    }
    let mut parsed = Vec::new();
    for item in &items {
        match parse_joined(item) {
            Ok(inlines) if !inlines.is_empty() => parsed.push(inlines),
            Ok(_) => errors.push(error(item.offsets.first().copied().unwrap_or(0), "empty bullet item")),
            Err(mut item_errors) => errors.append(&mut item_errors),
        }
    }
    blocks.push(Block::Bullets(parsed));
    index
}

fn parse_paragraph(
    lines: &[(usize, &str)],
    first: usize,
    blocks: &mut Vec<Block>,
    errors: &mut Vec<MarkupError>,
) -> usize {
    let mut joined = Joined::default();
    let mut index = first;
    while index < lines.len() {
        let (start, line) = lines[index];
        if line.trim().is_empty() || (index > first && starts_new_block(line)) {
            break;
        }
        let indent = leading_spaces(line);
        joined.push_line(&line[indent..], start + indent);
        index += 1;
    }
    match parse_joined(&joined) {
        Ok(inlines) => blocks.push(Block::Paragraph(inlines)),
        Err(mut paragraph_errors) => errors.append(&mut paragraph_errors),
    }
    index
}

/// Lines joined with single spaces, remembering where each byte came from.
#[derive(Default)]
struct Joined {
    text: String,
    offsets: Vec<usize>,
}

impl Joined {
    fn single(text: &str) -> Joined {
        let mut joined = Joined::default();
        joined.push_line(text, 0);
        joined
    }

    fn push_line(&mut self, line: &str, start: usize) {
        let line = line.trim_end();
        if !self.text.is_empty() {
            self.text.push(' ');
            self.offsets.push(start.saturating_sub(1));
        }
        self.text.push_str(line);
        self.offsets.extend((0..line.len()).map(|i| start + i));
    }

    fn offset(&self, index: usize) -> usize {
        self.offsets.get(index).or(self.offsets.last()).copied().unwrap_or(0)
    }
}

fn parse_inline_at(text: &str, start: usize) -> Result<Vec<Inline>, Vec<MarkupError>> {
    let mut joined = Joined::default();
    joined.push_line(text, start);
    parse_joined(&joined)
}

fn parse_joined(joined: &Joined) -> Result<Vec<Inline>, Vec<MarkupError>> {
    let text = joined.text.as_str();
    let mut inlines = Vec::new();
    let mut errors = Vec::new();
    let mut plain = String::new();
    let mut index = 0;
    while index < text.len() {
        let rest = &text[index..];
        let (marker, make): (&str, fn(String) -> Inline) = if rest.starts_with("**") {
            ("**", Inline::Bold)
        } else if rest.starts_with('`') {
            ("`", Inline::Code)
        } else {
            let ch = rest.chars().next().expect("index is inside the text");
            plain.push(ch);
            index += ch.len_utf8();
            continue;
        };
        let content_start = index + marker.len();
        let Some(length) = text[content_start..].find(marker) else {
            let name = if marker == "**" { "`**` (bold)" } else { "backtick (code)" };
            errors.push(error(joined.offset(index), format!("unclosed {name}: add the closing {marker}")));
            break;
        };
        let content = &text[content_start..content_start + length];
        if content.trim().is_empty() {
            errors.push(error(joined.offset(index), format!("empty {marker}{marker} span")));
        }
        if !plain.is_empty() {
            inlines.push(Inline::Text(std::mem::take(&mut plain)));
        }
        inlines.push(make(content.to_string()));
        index = content_start + length + marker.len();
    }
    if !plain.is_empty() {
        inlines.push(Inline::Text(plain));
    }
    if errors.is_empty() { Ok(inlines) } else { Err(errors) }
}

/// Plain text of inline spans, markers dropped (for printing and searching).
pub fn inline_text(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .map(|inline| match inline {
            Inline::Text(text) | Inline::Bold(text) | Inline::Code(text) => text.as_str(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Inline {
        Inline::Text(s.to_string())
    }

    #[test]
    fn paragraphs_headings_bullets_and_code() {
        let body = "Intro **bold** and `code`\nsecond line.\n\n## Title\n\n- one\n  continued\n- two\n\n```javascript\nconst a = 1;\n```\n";
        let blocks = parse_blocks(body).unwrap();
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph(vec![
                    text("Intro "),
                    Inline::Bold("bold".into()),
                    text(" and "),
                    Inline::Code("code".into()),
                    text(" second line."),
                ]),
                Block::Heading(vec![text("Title")]),
                Block::Bullets(vec![vec![text("one continued")], vec![text("two")]]),
                Block::Code { language: "javascript".into(), source: "const a = 1;".into() },
            ]
        );
    }

    #[test]
    fn errors_point_at_the_offending_byte() {
        let body = "fine\n\nsome **unclosed bold\n";
        let errors = parse_blocks(body).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].offset, body.find("**").unwrap());
        assert!(errors[0].message.contains("unclosed"), "{}", errors[0].message);
    }

    #[test]
    fn fences_need_a_known_language_and_a_close() {
        let errors = parse_blocks("```\ncode\n```").unwrap_err();
        assert!(errors[0].message.contains("language tag"));
        let errors = parse_blocks("```cobol\ncode\n```").unwrap_err();
        assert!(errors[0].message.contains("unknown code language `cobol`"));
        let errors = parse_blocks("text\n\n```js\ncode\n").unwrap_err();
        assert_eq!(errors[0].offset, 6);
        assert!(errors[0].message.contains("never closed"));
    }

    #[test]
    fn unsupported_markdown_and_control_characters_are_refused() {
        assert!(parse_blocks("# Big").unwrap_err()[0].message.contains("`## `"));
        assert!(parse_blocks("* item").unwrap_err()[0].message.contains("`- `"));
        let errors = parse_inline("red \u{1b}[31m text").unwrap_err();
        assert_eq!(errors[0].offset, 4);
        assert!(errors[0].message.contains("U+001B"));
    }
}
