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

/// `--color`: when command-line output is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorWhen {
    // When stdout is a terminal and the environment does not say otherwise (a plain comment: a
    // doc comment would become help text of its own and change the --help layout).
    #[default]
    Auto,
    Always,
    Never,
}

/// The environment variables that decide `--color auto`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColorEnv {
    pub no_color: Option<String>,
    pub clicolor: Option<String>,
    pub clicolor_force: Option<String>,
    pub term: Option<String>,
}

impl ColorWhen {
    /// Whether to colour, as ripgrep and bat decide: `always` and `never` are final; for `auto`,
    /// a non-empty `NO_COLOR` turns colour off, a `CLICOLOR_FORCE` other than empty or `0` turns
    /// it on even into a pipe, `CLICOLOR=0` or `TERM=dumb` turn it off, and otherwise colour
    /// goes to a terminal only.
    pub fn colour(self, env: &ColorEnv, is_terminal: bool) -> bool {
        let set = |value: &Option<String>| value.as_deref().is_some_and(|v| !v.is_empty() && v != "0");
        match self {
            Self::Always => true,
            Self::Never => false,
            Self::Auto if env.no_color.as_deref().is_some_and(|v| !v.is_empty()) => false,
            Self::Auto if set(&env.clicolor_force) => true,
            Self::Auto if env.clicolor.as_deref() == Some("0") => false,
            Self::Auto if env.term.as_deref() == Some("dumb") => false,
            Self::Auto => is_terminal,
        }
    }
}

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

    /// Colour when stdout is a terminal and nothing in the environment asks otherwise (see
    /// [`ColorWhen::colour`]).
    pub fn for_stdout() -> Self {
        Self::for_stdout_when(ColorWhen::Auto)
    }

    /// Colour as `--color` says, the environment deciding `auto`.
    pub fn for_stdout_when(when: ColorWhen) -> Self {
        let env = |name: &str| std::env::var(name).ok();
        let environment = ColorEnv {
            no_color: env("NO_COLOR"),
            clicolor: env("CLICOLOR"),
            clicolor_force: env("CLICOLOR_FORCE"),
            term: env("TERM"),
        };
        Self { colour: when.colour(&environment, io::stdout().is_terminal()) }
    }

    /// Like [`for_stdout_when`](Self::for_stdout_when), but plain when the user asked for no
    /// colour (`--no-color`).
    pub fn for_stdout_unless(no_color_requested: bool, when: ColorWhen) -> Self {
        if no_color_requested { Self::plain() } else { Self::for_stdout_when(when) }
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

#[cfg(test)]
mod colour_choice_tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> ColorEnv {
        let get = |name: &str| pairs.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_string());
        ColorEnv {
            no_color: get("NO_COLOR"),
            clicolor: get("CLICOLOR"),
            clicolor_force: get("CLICOLOR_FORCE"),
            term: get("TERM"),
        }
    }

    #[test]
    fn auto_colours_a_terminal_only_unless_the_environment_says_otherwise() {
        use ColorWhen::*;
        type Case = (ColorWhen, &'static [(&'static str, &'static str)], bool, bool);
        let cases: [Case; 12] = [
            (Auto, &[], true, true),
            (Auto, &[], false, false),
            (Auto, &[("NO_COLOR", "1")], true, false),
            (Auto, &[("NO_COLOR", "")], true, true),
            (Auto, &[("CLICOLOR_FORCE", "1")], false, true),
            (Auto, &[("CLICOLOR_FORCE", "0")], false, false),
            (Auto, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], false, false),
            (Auto, &[("CLICOLOR", "0")], true, false),
            (Auto, &[("TERM", "dumb")], true, false),
            (Always, &[("NO_COLOR", "1"), ("TERM", "dumb")], false, true),
            (Never, &[("CLICOLOR_FORCE", "1")], true, false),
            (Never, &[], true, false),
        ];
        for (when, pairs, is_terminal, expected) in cases {
            assert_eq!(
                when.colour(&env(pairs), is_terminal),
                expected,
                "{when:?} {pairs:?} tty={is_terminal}"
            );
        }
    }
}
