//! Plain or coloured text for command-line output.
//!
//! Colour only when stdout is a terminal and `NO_COLOR` is unset or empty (and `TERM` is not `dumb`),
//! so pipes, scripts and screen readers always get plain text. In colour, ✓/✗ mark good and bad
//! lines; the words on the line say the same thing, so nothing is conveyed by colour alone.

use std::io::{self, IsTerminal, Write};

use super::CliError;

const BOLD: &str = "\x1b[1m";
const GREEN: &str = "\x1b[32m";
const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const RESET: &str = "\x1b[0m";

/// How to decorate output: plain text, or a little colour and bold for a terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    colour: bool,
}

impl Style {
    /// Plain text: no escape codes, no symbols.
    pub fn plain() -> Self {
        Self { colour: false }
    }

    /// Colour when stdout is a terminal and neither `NO_COLOR` nor `TERM=dumb` asks otherwise.
    pub fn for_stdout() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        let dumb = std::env::var_os("TERM").is_some_and(|term| term == "dumb");
        Self { colour: !no_color && !dumb && io::stdout().is_terminal() }
    }

    /// Like [`for_stdout`](Self::for_stdout), but plain when the user asked for no colour.
    pub fn for_stdout_unless(no_color_requested: bool) -> Self {
        if no_color_requested { Self::plain() } else { Self::for_stdout() }
    }

    /// True when escape codes are written.
    pub fn is_colour(self) -> bool {
        self.colour
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.colour { format!("{code}{text}{RESET}") } else { text.to_string() }
    }

    /// Bold, for headings.
    pub fn bold(self, text: &str) -> String {
        self.paint(BOLD, text)
    }

    /// A line that reports something good: `✓ text` in green, or just `text`.
    pub fn pass(self, text: &str) -> String {
        if self.colour { format!("{GREEN}✓{RESET} {text}") } else { text.to_string() }
    }

    /// A line that reports a failure: `✗ text` in red, or just `text`.
    pub fn fail(self, text: &str) -> String {
        if self.colour { format!("{RED}✗{RESET} {text}") } else { text.to_string() }
    }

    /// A line that reports something neither good nor bad (aligned with ✓/✗ lines).
    pub fn neutral(self, text: &str) -> String {
        if self.colour { format!("  {text}") } else { text.to_string() }
    }

    /// Text that needs attention (yellow).
    pub fn caution(self, text: &str) -> String {
        self.paint(YELLOW, text)
    }

    /// Green or red depending on `good`, without a symbol (e.g. an HTTP status line).
    pub fn outcome(self, good: bool, text: &str) -> String {
        self.paint(if good { GREEN } else { RED }, text)
    }
}

/// Writes `text` to stdout. A closed pipe (`| head`) is not an error worth reporting.
pub fn write_stdout(text: &str) -> Result<(), CliError> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() != io::ErrorKind::BrokenPipe => {
            Err(CliError::usage(format!("cannot write to stdout: {error}")))
        }
        _ => Ok(()),
    }
}

/// Writes one `warning: ...` line to stderr; a failure to write a warning is ignored.
pub fn warn(message: &str) {
    let _ = writeln!(io::stderr(), "warning: {message}");
}
