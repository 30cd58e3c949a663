//! Plain or coloured text for command-line output.
//!
//! Colour only when stdout is a terminal and `NO_COLOR` is unset or empty (and `TERM` is not `dumb`),
//! so pipes, scripts and screen readers always get plain text. In colour, ✓/✗ mark good and bad
//! lines; the words on the line say the same thing, so nothing is conveyed by colour alone.

use std::io::{self, IsTerminal, Write};

use super::{CliError, exit};

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

/// Writes `text` to stdout. Every failure is the same error in every command (exit 1, one line):
/// a full disk, a reader that went away (`| head`), or a stdout that was closed (`>&-`).
pub fn write_stdout(text: &str) -> Result<(), CliError> {
    ensure_stdout_is_open()?;
    let mut stdout = io::stdout().lock();
    stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()).map_err(write_failure)
}

/// The error for a failed write to stdout, the same in every command.
pub fn write_failure(error: io::Error) -> CliError {
    let why = match error.kind() {
        io::ErrorKind::BrokenPipe => "the reading end of the pipe was closed".to_string(),
        _ => error.to_string(),
    };
    CliError { code: exit::REJECTED, message: format!("cannot write to stdout: {why}") }
}

/// A command whose stdout was closed (`>&-`) must not print nothing and exit 0. At start-up Rust's
/// runtime reopens a closed descriptor 0-2 as `/dev/null` read-write (so no file opened later takes
/// its number), and writes then vanish. A shell's `>/dev/null` opens it write-only, so a read-write
/// `/dev/null` on descriptor 1 is the closed stdout; a descriptor that is really closed (EBADF) too.
pub fn ensure_stdout_is_open() -> Result<(), CliError> {
    #[cfg(unix)]
    if stdout_was_closed() {
        return Err(write_failure(io::Error::other("stdout is closed")));
    }
    Ok(())
}

#[cfg(unix)]
fn stdout_was_closed() -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: F_GETFL only reads the descriptor's status flags.
    let flags = unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFL) };
    if flags == -1 {
        return true;
    }
    if flags & libc::O_ACCMODE != libc::O_RDWR {
        return false;
    }
    // SAFETY: fstat writes into the zeroed struct we own.
    let mut stat: libc::stat = unsafe { std::mem::zeroed() };
    if unsafe { libc::fstat(libc::STDOUT_FILENO, &mut stat) } != 0 {
        return true;
    }
    let is_char_device = stat.st_mode & libc::S_IFMT == libc::S_IFCHR;
    let dev_null = std::fs::metadata("/dev/null").map(|null| null.rdev()).ok();
    is_char_device && dev_null == Some(stat.st_rdev as u64)
}

/// Writes one `warning: ...` line to stderr; a failure to write a warning is ignored.
pub fn warn(message: &str) {
    let _ = writeln!(io::stderr(), "warning: {message}");
}
