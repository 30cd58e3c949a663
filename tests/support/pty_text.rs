//! Matching text in a pseudo-terminal's output (`#[path]`-included by the pty tests and the
//! start-up benchmark).

use expectrl::Regex;

/// `text` as the terminal receives it: ratatui may put style changes and cursor moves between the
/// characters of a line, and skips a space whose cell already held one (moving the cursor instead).
pub fn on_screen(text: &str) -> Regex<String> {
    let between = r"(?:\x1b\[[0-9;?]*[A-Za-z])*";
    let pattern: Vec<String> = text
        .chars()
        .map(|c| match c {
            ' ' => "(?: )?".to_string(),
            c if c.is_ascii_alphanumeric() => c.to_string(),
            c => format!("\\x{{{:x}}}", c as u32),
        })
        .collect();
    Regex(pattern.join(between))
}
