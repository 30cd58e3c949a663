//! The command-line parser: `lexopt` splits the arguments, and each command's options and help page are
//! written out here (clap did the same job for about 230 KiB of the release binary).
//!
//! The rules are the same for every command: `--opt value` or `--opt=value`; a separate value may be a
//! negative number (`--now -5`), and any other value starting with `-` needs the `=` form, so a
//! forgotten value is not filled with the next option; each option at most once; the global options
//! (`--lessons`, `--no-color`, `--demo`, `--shuffle`) go before or after the subcommand; `-h`/`--help`
//! prints the help of the command read so far. A usage error is one line that names the argument.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;
use std::process::ExitCode;
use std::str::FromStr;

use lexopt::Arg;

use super::jwt_cmd::{DecodeArgs, JwtCommand, SignArgs, VerifyArgs};
use super::lessons_cmd::LessonsCommand;
use super::output::{ColorWhen, write_stdout};
use super::quiz_plain::QuizArgs;
use super::walkthrough::WalkthroughArgs;
use super::{Cli, Command, TuiArgs, exit};
use crate::auth::jwt::Alg;

/// Parses the process arguments. Help and version go to stdout (exit 0); a usage error is one line on
/// stderr and exit code 2.
pub fn parse_args() -> Result<Cli, ExitCode> {
    parse(std::env::args_os().skip(1)).map_err(|stop| match stop {
        Stop::Info(text) => {
            let _ = write_stdout(&text);
            ExitCode::SUCCESS
        }
        Stop::MissingSubcommand(help) => {
            eprint!("{help}");
            ExitCode::from(exit::USAGE)
        }
        Stop::Usage(message) => {
            eprintln!("error: {message} (see --help)");
            ExitCode::from(exit::USAGE)
        }
    })
}

/// Why parsing ended without a command line to run.
#[derive(Debug, PartialEq, Eq)]
pub enum Stop {
    /// `--help` or `--version`: this text goes to stdout, exit 0.
    Info(String),
    /// `jwt` or `lessons` without its subcommand: this help goes to stderr, exit 2.
    MissingSubcommand(String),
    /// A usage error: one line naming the argument, without the `error: ` prefix.
    Usage(String),
}

/// Parses the arguments after the program name.
pub fn parse<A: Into<OsString>>(args: impl IntoIterator<Item = A>) -> Result<Cli, Stop> {
    let mut cursor = Cursor {
        lexer: lexopt::Parser::from_args(args),
        page: &TOP,
        lessons: None,
        no_color: false,
        demo: false,
        shuffle: false,
        color: None,
    };
    let (mut step, mut theme, mut classroom, mut reset_progress) = (None, None, false, false);
    let mut presenter = false;
    let mut command = None;
    while let Some(token) = cursor.next()? {
        match token {
            Token::Option(name) => match name.as_str() {
                "step" => cursor.once(&mut step, &STEP, step_number)?,
                "theme" => cursor.once(&mut theme, &THEME, text)?,
                "classroom" => set_flag(&mut classroom, &CLASSROOM)?,
                "reset-progress" => set_flag(&mut reset_progress, &RESET_PROGRESS)?,
                "presenter" => set_flag(&mut presenter, &PRESENTER)?,
                _ => return Err(cursor.unknown_option(&name)),
            },
            // A subcommand reads every argument after it, so this is the last token at this level.
            Token::Value(word) => {
                command = Some(match word.to_str() {
                    Some("jwt") => Command::Jwt(jwt(&mut cursor)?),
                    Some("walkthrough") => Command::Walkthrough(walkthrough(&mut cursor)?),
                    Some("lessons") => Command::Lessons(lessons(&mut cursor)?),
                    Some("quiz") => Command::Quiz(quiz(&mut cursor)?),
                    _ => return Err(cursor.help_or_unknown_subcommand(&word)),
                })
            }
        }
    }
    let tui = TuiArgs {
        lessons: cursor.lessons,
        step,
        theme: theme.unwrap_or_else(|| "auto".to_string()),
        no_color: cursor.no_color,
        demo: cursor.demo,
        shuffle: cursor.shuffle,
        classroom,
        reset_progress,
        presenter,
        color: cursor.color.unwrap_or_default(),
    };
    Ok(Cli { tui, command })
}

fn jwt(cursor: &mut Cursor) -> Result<JwtCommand, Stop> {
    cursor.page = &JWT;
    let Some(token) = cursor.next()? else { return Err(Stop::MissingSubcommand(help(&JWT))) };
    match token {
        Token::Value(word) => match word.to_str() {
            Some("sign") => sign(cursor).map(JwtCommand::Sign),
            Some("decode") => decode(cursor).map(JwtCommand::Decode),
            Some("verify") => verify(cursor).map(JwtCommand::Verify),
            _ => Err(cursor.help_or_unknown_subcommand(&word)),
        },
        option => Err(cursor.unexpected(option)),
    }
}

fn sign(cursor: &mut Cursor) -> Result<SignArgs, Stop> {
    cursor.page = &SIGN;
    let (mut secret, mut alg, mut sub, mut claims, mut exp_in, mut now) =
        (None, None, None, None, None, None);
    while let Some(token) = cursor.next()? {
        match token {
            Token::Option(name) => match name.as_str() {
                "secret" => cursor.once(&mut secret, &SECRET, text)?,
                "alg" => cursor.once(&mut alg, &SIGN_ALG, parsed)?,
                "sub" => cursor.once(&mut sub, &SUB, text)?,
                "claims" => cursor.once(&mut claims, &CLAIMS, text)?,
                "exp-in" => cursor.once(&mut exp_in, &EXP_IN, parsed)?,
                "now" => cursor.once(&mut now, &SIGN_NOW, parsed)?,
                _ => return Err(cursor.unknown_option(&name)),
            },
            value => return Err(cursor.unexpected(value)),
        }
    }
    let secret = required(secret, &SECRET.name())?;
    Ok(SignArgs { secret, alg: alg.unwrap_or(Alg::HS256), sub, claims, exp_in, now })
}

fn decode(cursor: &mut Cursor) -> Result<DecodeArgs, Stop> {
    cursor.page = &DECODE;
    let (mut token_arg, mut json) = (None, false);
    while let Some(token) = cursor.next()? {
        match token {
            Token::Option(name) if name == "json" => set_flag(&mut json, &DECODE_JSON)?,
            Token::Value(value) if token_arg.is_none() => token_arg = Some(positional(&value, TOKEN.0)?),
            other => return Err(cursor.unexpected(other)),
        }
    }
    Ok(DecodeArgs { token: required(token_arg, TOKEN.0)?, json })
}

fn verify(cursor: &mut Cursor) -> Result<VerifyArgs, Stop> {
    cursor.page = &VERIFY;
    let (mut token_arg, mut secret, mut alg, mut now, mut leeway) = (None, None, None, None, None);
    while let Some(token) = cursor.next()? {
        match token {
            Token::Option(name) => match name.as_str() {
                "secret" => cursor.once(&mut secret, &SECRET, text)?,
                "alg" => cursor.once(&mut alg, &VERIFY_ALG, parsed)?,
                "now" => cursor.once(&mut now, &VERIFY_NOW, parsed)?,
                "leeway" => cursor.once(&mut leeway, &LEEWAY, parsed)?,
                _ => return Err(cursor.unknown_option(&name)),
            },
            Token::Value(value) if token_arg.is_none() => token_arg = Some(positional(&value, TOKEN.0)?),
            value => return Err(cursor.unexpected(value)),
        }
    }
    let secret = required(secret, &SECRET.name())?;
    let token = required(token_arg, TOKEN.0)?;
    Ok(VerifyArgs { token, secret, alg: alg.unwrap_or(Alg::HS256), now, leeway: leeway.unwrap_or(0) })
}

fn walkthrough(cursor: &mut Cursor) -> Result<WalkthroughArgs, Stop> {
    cursor.page = &WALKTHROUGH;
    let mut json = false;
    while let Some(token) = cursor.next()? {
        match token {
            Token::Option(name) if name == "json" => set_flag(&mut json, &WALKTHROUGH_JSON)?,
            other => return Err(cursor.unexpected(other)),
        }
    }
    Ok(WalkthroughArgs { json })
}

fn lessons(cursor: &mut Cursor) -> Result<LessonsCommand, Stop> {
    cursor.page = &LESSONS_COMMAND;
    let Some(token) = cursor.next()? else { return Err(Stop::MissingSubcommand(help(&LESSONS_COMMAND))) };
    match token {
        Token::Value(word) => match word.to_str() {
            Some("check") => lesson_dir(cursor, &CHECK).map(|dir| LessonsCommand::Check { dir }),
            Some("print") => lesson_dir(cursor, &PRINT).map(|dir| LessonsCommand::Print { dir }),
            Some("schema") => {
                cursor.page = &SCHEMA;
                match cursor.next()? {
                    Some(extra) => Err(cursor.unexpected(extra)),
                    None => Ok(LessonsCommand::Schema),
                }
            }
            _ => Err(cursor.help_or_unknown_subcommand(&word)),
        },
        option => Err(cursor.unexpected(option)),
    }
}

/// The optional `[DIR]` of `lessons check` and `lessons print`.
fn lesson_dir(cursor: &mut Cursor, page: &'static Page) -> Result<Option<PathBuf>, Stop> {
    cursor.page = page;
    let mut dir = None;
    while let Some(token) = cursor.next()? {
        match token {
            Token::Value(value) if dir.is_none() => dir = Some(PathBuf::from(value)),
            other => return Err(cursor.unexpected(other)),
        }
    }
    Ok(dir)
}

fn quiz(cursor: &mut Cursor) -> Result<QuizArgs, Stop> {
    cursor.page = &QUIZ;
    let (mut plain, mut classroom, mut seed) = (false, false, None);
    while let Some(token) = cursor.next()? {
        match token {
            Token::Option(name) => match name.as_str() {
                "plain" => set_flag(&mut plain, &PLAIN)?,
                "classroom" => set_flag(&mut classroom, &QUIZ_CLASSROOM)?,
                "seed" => cursor.once(&mut seed, &SEED, parsed)?,
                _ => return Err(cursor.unknown_option(&name)),
            },
            value => return Err(cursor.unexpected(value)),
        }
    }
    Ok(QuizArgs { plain, classroom, seed })
}

// -------------------------------------------------------------------------------------------- cursor

/// What a command sees: one of its own options (by long name, value not yet read) or a positional.
enum Token {
    Option(String),
    Value(OsString),
}

/// The arguments still to read, the command they belong to, and the global options seen so far.
struct Cursor {
    lexer: lexopt::Parser,
    page: &'static Page,
    lessons: Option<PathBuf>,
    no_color: bool,
    demo: bool,
    shuffle: bool,
    color: Option<ColorWhen>,
}

impl Cursor {
    /// The next option or positional for the current command; help, version and the global options are
    /// handled here, so that they work at every level.
    fn next(&mut self) -> Result<Option<Token>, Stop> {
        loop {
            let name = match self.lexer.next().map_err(lexer_error)? {
                None => return Ok(None),
                Some(Arg::Value(value)) => return Ok(Some(Token::Value(value))),
                Some(Arg::Short('h') | Arg::Long("help")) => return Err(Stop::Info(help(self.page))),
                Some(Arg::Short('V') | Arg::Long("version")) if self.page.is_top() => {
                    return Err(Stop::Info(format!("jwt-session-tutor {}\n", env!("CARGO_PKG_VERSION"))));
                }
                Some(Arg::Short(letter)) => {
                    return Err(Stop::Usage(format!("unexpected argument '-{letter}' found")));
                }
                Some(Arg::Long(name)) => name.to_string(),
            };
            match name.as_str() {
                "lessons" => {
                    let dir = self.value(&LESSONS, |value| Ok(PathBuf::from(value)))?;
                    set_once(&mut self.lessons, &LESSONS, dir)?;
                }
                "no-color" => set_flag(&mut self.no_color, &NO_COLOR)?,
                "demo" => set_flag(&mut self.demo, &DEMO)?,
                "shuffle" => set_flag(&mut self.shuffle, &SHUFFLE)?,
                "color" => {
                    let when = self.value(&COLOR, parsed)?;
                    set_once(&mut self.color, &COLOR, when)?;
                }
                _ => return Ok(Some(Token::Option(name))),
            }
        }
    }

    /// Reads the value of `option` and converts it: the text after `=`, or else the next argument,
    /// unless that one looks like an option (`--secret --demo` is a forgotten secret, not the secret
    /// "--demo"). Negative numbers are values; any other value starting with `-` needs the `=` form.
    fn value<T>(&mut self, option: &Opt, convert: fn(&OsStr) -> Result<T, String>) -> Result<T, Stop> {
        let missing = || {
            Stop::Usage(format!(
                "a value is required for '{}' but none was supplied (a value that starts with '-' is written --{}=VALUE)",
                option.name(),
                option.long
            ))
        };
        let value = match self.lexer.optional_value() {
            Some(attached) => attached,
            None => {
                let next_looks_like_an_option = self.lexer.raw_args().ok().and_then(|raw| {
                    raw.peek().map(|next| {
                        let next = next.to_string_lossy();
                        next.starts_with('-') && next.len() > 1 && next.parse::<f64>().is_err()
                    })
                });
                if next_looks_like_an_option.unwrap_or(false) {
                    return Err(missing());
                }
                self.lexer.value().map_err(|_| missing())?
            }
        };
        convert(&value).map_err(|why| invalid_value(&value, &option.name(), &why))
    }

    /// Reads the value of an option that may be given once.
    fn once<T>(
        &mut self,
        slot: &mut Option<T>,
        option: &Opt,
        convert: fn(&OsStr) -> Result<T, String>,
    ) -> Result<(), Stop> {
        let value = self.value(option, convert)?;
        set_once(slot, option, value)
    }

    fn unexpected(&self, token: Token) -> Stop {
        match token {
            Token::Option(name) => self.unknown_option(&name),
            Token::Value(value) => {
                Stop::Usage(format!("unexpected argument '{}' found", value.to_string_lossy()))
            }
        }
    }

    fn unknown_option(&self, name: &str) -> Stop {
        let known = self.page.options.iter().chain(self.page.globals()).map(|option| option.long);
        let known = known.chain(["help"]).chain(self.page.is_top().then_some("version"));
        let tip = closest(name, known).map(|long| format!("; did you mean '--{long}'?")).unwrap_or_default();
        Stop::Usage(format!("unexpected argument '--{name}' found{tip}"))
    }

    /// `help [COMMAND]...` prints the help of that command, as clap's `help` subcommand did; any other word
    /// is not a subcommand of the current command.
    fn help_or_unknown_subcommand(&mut self, word: &OsStr) -> Stop {
        if word != "help" {
            return unknown_subcommand(self.page, word);
        }
        let mut page = self.page;
        loop {
            match self.next() {
                Ok(None) => return Stop::Info(help(page)),
                Ok(Some(Token::Value(word))) => {
                    match page.subcommands.iter().find(|sub| word == sub.name()) {
                        Some(sub) => page = sub,
                        None => return unknown_subcommand(page, &word),
                    }
                }
                Ok(Some(option)) => return self.unexpected(option),
                Err(stop) => return stop,
            }
        }
    }
}

fn unknown_subcommand(page: &Page, word: &OsStr) -> Stop {
    let word = word.to_string_lossy();
    let names = page.subcommands.iter().map(|sub| sub.name()).chain(["help"]);
    let tip = closest(&word, names).map(|name| format!("; did you mean '{name}'?")).unwrap_or_default();
    Stop::Usage(format!("unrecognized subcommand '{word}'{tip}"))
}

fn set_once<T>(slot: &mut Option<T>, option: &Opt, value: T) -> Result<(), Stop> {
    if slot.replace(value).is_some() {
        return Err(repeated(option));
    }
    Ok(())
}

fn set_flag(flag: &mut bool, option: &Opt) -> Result<(), Stop> {
    if std::mem::replace(flag, true) {
        return Err(repeated(option));
    }
    Ok(())
}

fn repeated(option: &Opt) -> Stop {
    Stop::Usage(format!("the argument '{}' cannot be used multiple times", option.name()))
}

fn required<T>(value: Option<T>, name: &str) -> Result<T, Stop> {
    value.ok_or_else(|| Stop::Usage(format!("the following required argument was not provided: {name}")))
}

fn invalid_value(value: &OsStr, name: &str, why: &str) -> Stop {
    Stop::Usage(format!("invalid value '{}' for '{name}': {why}", value.to_string_lossy()))
}

/// lexopt's own errors: only `--flag=value` (a value for an option that takes none) reaches here.
fn lexer_error(error: lexopt::Error) -> Stop {
    Stop::Usage(match error {
        lexopt::Error::UnexpectedValue { option, value } => {
            format!(
                "unexpected value '{}' for '{option}' found; no more were expected",
                value.to_string_lossy()
            )
        }
        other => other.to_string(),
    })
}

fn positional(value: &OsStr, name: &str) -> Result<String, Stop> {
    text(value).map_err(|why| invalid_value(value, name, &why))
}

fn text(value: &OsStr) -> Result<String, String> {
    value.to_str().map(str::to_string).ok_or_else(|| "not valid UTF-8".to_string())
}

fn parsed<T: FromStr<Err: std::fmt::Display>>(value: &OsStr) -> Result<T, String> {
    text(value)?.parse().map_err(|error: T::Err| error.to_string())
}

fn step_number(value: &OsStr) -> Result<u8, String> {
    let step: u8 = parsed(value)?;
    if (1..=4).contains(&step) { Ok(step) } else { Err(format!("{step} is not in 1..=4")) }
}

/// The candidate nearest to a mistyped `word`, if it is near enough to be what was meant: at most one
/// edit per three letters, so `--x` suggests nothing rather than `--sub`.
fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|candidate| (edit_distance(word, candidate), candidate))
        .filter(|&(distance, candidate)| distance * 3 <= candidate.chars().count())
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance: insertions, deletions and substitutions.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, a_char) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &b_char) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(a_char != b_char));
            diagonal = above;
        }
    }
    row[b.len()]
}

// ---------------------------------------------------------------------------------------------- help

/// An option as the help and the error messages show it.
struct Opt {
    long: &'static str,
    /// The placeholder of the value, or `None` for a flag.
    value: Option<&'static str>,
    help: &'static str,
}

impl Opt {
    /// `--secret <SECRET>` or `--json`.
    fn name(&self) -> String {
        match self.value {
            Some(value) => format!("--{} <{value}>", self.long),
            None => format!("--{}", self.long),
        }
    }
}

/// One command's help page. The parser uses it too: for the command the help flag refers to, and for
/// the options and subcommands a typo is compared with.
struct Page {
    /// The words after the program name: "jwt sign", or "" for the program itself.
    path: &'static str,
    about: &'static str,
    /// What follows the path on the usage line.
    usage: &'static str,
    subcommands: &'static [&'static Page],
    /// Positionals: (`<TOKEN>` or `[DIR]`, description).
    arguments: &'static [(&'static str, &'static str)],
    /// The command's own options; the global ones are listed after them.
    options: &'static [&'static Opt],
}

impl Page {
    fn is_top(&self) -> bool {
        self.path.is_empty()
    }

    fn name(&self) -> &'static str {
        self.path.rsplit(' ').next().unwrap_or_default()
    }

    /// The options every subcommand accepts; the program's own page lists them among its options.
    fn globals(&self) -> &'static [&'static Opt] {
        if self.is_top() { &[] } else { GLOBALS }
    }
}

/// The page as text: about, usage, then aligned two-column sections (the layout clap printed).
fn help(page: &Page) -> String {
    let program = if page.is_top() {
        "jwt-session-tutor".to_string()
    } else {
        format!("jwt-session-tutor {}", page.path)
    };
    let mut out = format!("{}\n\nUsage: {program} {}\n", page.about, page.usage);
    if !page.subcommands.is_empty() {
        let commands = page.subcommands.iter().map(|sub| (sub.name().to_string(), sub.about));
        let help_row = ("help".to_string(), "Print this message or the help of the given subcommand(s)");
        section(&mut out, "Commands", commands.chain([help_row]).collect());
    }
    if !page.arguments.is_empty() {
        section(
            &mut out,
            "Arguments",
            page.arguments.iter().map(|&(name, text)| (name.to_string(), text)).collect(),
        );
    }
    let options = page
        .options
        .iter()
        .chain(page.globals())
        .map(|option| (format!("    {}", option.name()), option.help));
    let mut rows: Vec<(String, &str)> = options.chain([("-h, --help".to_string(), "Print help")]).collect();
    if page.is_top() {
        rows.push(("-V, --version".to_string(), "Print version"));
    }
    section(&mut out, "Options", rows);
    out
}

fn section(out: &mut String, title: &str, rows: Vec<(String, &str)>) {
    let width = rows.iter().map(|(left, _)| left.chars().count()).max().unwrap_or_default();
    out.push_str(&format!("\n{title}:\n"));
    for (left, text) in rows {
        out.push_str(&format!("  {left:width$}  {text}\n"));
    }
}

const SECRET_HELP: &str =
    "The HMAC key: TEXT, b64:VALUE (base64 or base64url, padded or not) or @PATH (read a file)";

const LESSONS: Opt = Opt {
    long: "lessons",
    value: Some("DIR"),
    help: "Use the lesson files in DIR instead of the built-in ones",
};
const NO_COLOR: Opt = Opt {
    long: "no-color",
    value: None,
    help: "No colours at all (same as --theme mono; also selected by the NO_COLOR variable)",
};
const DEMO: Opt = Opt {
    long: "demo",
    value: None,
    help: "Fixed clock and random seed: every token, salt and session id is the same on every run",
};
const SHUFFLE: Opt =
    Opt { long: "shuffle", value: None, help: "Shuffle the order of each quiz question's options" };
const COLOR: Opt = Opt {
    long: "color",
    value: Some("WHEN"),
    help: "Colour the command-line output: auto (a terminal, unless NO_COLOR, CLICOLOR=0 or TERM=dumb; CLICOLOR_FORCE=1 forces it), always or never [default: auto]",
};
const GLOBALS: &[&Opt] = &[&LESSONS, &NO_COLOR, &COLOR, &DEMO, &SHUFFLE];

const STEP: Opt = Opt { long: "step", value: Some("N"), help: "Open at step N (1-4) of the project" };
const THEME: Opt = Opt {
    long: "theme",
    value: Some("NAME"),
    help: "Colour theme: auto (dark or light, as the terminal's background is), dark, light, high-contrast or mono; also the JWT_TUTOR_THEME variable [default: auto]",
};
const PRESENTER: Opt = Opt {
    long: "presenter",
    value: None,
    help: "For teaching: speaker notes on every screen, answers hidden until you reveal them, roomier text; scores are not saved",
};
const CLASSROOM: Opt = Opt {
    long: "classroom",
    value: None,
    help: "Quiz: show each question and wait for a reveal key before marking (ask the room first); scores are not saved",
};
const RESET_PROGRESS: Opt =
    Opt { long: "reset-progress", value: None, help: "Forget saved progress and start from the beginning" };

static TOP: Page = Page {
    path: "",
    about: "Learn how a web app keeps users logged in: JWT versus server-side sessions, done for real.\n\n\
            With no subcommand it opens the interactive tutorial in the terminal.",
    usage: "[OPTIONS] [COMMAND]",
    subcommands: &[&JWT, &WALKTHROUGH, &LESSONS_COMMAND, &QUIZ],
    arguments: &[],
    options: &[
        &LESSONS,
        &STEP,
        &THEME,
        &NO_COLOR,
        &COLOR,
        &DEMO,
        &SHUFFLE,
        &CLASSROOM,
        &PRESENTER,
        &RESET_PROGRESS,
    ],
};

static JWT: Page = Page {
    path: "jwt",
    about: "Sign, decode and verify JSON Web Tokens",
    usage: "[OPTIONS] <COMMAND>",
    subcommands: &[&SIGN, &DECODE, &VERIFY],
    arguments: &[],
    options: &[],
};

const SECRET: Opt = Opt { long: "secret", value: Some("SECRET"), help: SECRET_HELP };
const SIGN_ALG: Opt = Opt { long: "alg", value: Some("ALG"), help: "Signing algorithm [default: HS256]" };
const SUB: Opt = Opt {
    long: "sub",
    value: Some("ID"),
    help: "The subject claim: whom the token is about (a user id, stored as a string)",
};
const CLAIMS: Opt = Opt {
    long: "claims",
    value: Some("JSON"),
    help: "Extra claims as a JSON object, merged into the payload (e.g. '{\"role\":\"admin\"}')",
};
const EXP_IN: Opt = Opt {
    long: "exp-in",
    value: Some("SECONDS"),
    help: "Lifetime in seconds: exp = iat + SECONDS [default: 900]. A token should always expire",
};
const SIGN_NOW: Opt = Opt {
    long: "now",
    value: Some("UNIX_SECONDS"),
    help: "Sign as if the clock read this Unix time (sets iat) [default: the system clock; with --demo 1767225600]",
};

static SIGN: Page = Page {
    path: "jwt sign",
    about: "Sign a token with an HMAC secret and print it (and nothing else) on stdout",
    usage: "[OPTIONS] --secret <SECRET>",
    subcommands: &[],
    arguments: &[],
    options: &[&SECRET, &SIGN_ALG, &SUB, &CLAIMS, &EXP_IN, &SIGN_NOW],
};

const TOKEN: (&str, &str) = ("<TOKEN>", "The token, or - to read it from stdin");
const DECODE_JSON: Opt = Opt {
    long: "json",
    value: None,
    help: "Print one JSON object {header, payload, signature} instead of the explained text",
};

static DECODE: Page = Page {
    path: "jwt decode",
    about: "Show a token's header, payload and signature WITHOUT verifying anything",
    usage: "[OPTIONS] <TOKEN>",
    subcommands: &[],
    arguments: &[TOKEN],
    options: &[&DECODE_JSON],
};

const VERIFY_ALG: Opt = Opt {
    long: "alg",
    value: Some("ALG"),
    help: "The only algorithm accepted, whatever the token's header says [default: HS256]",
};
const VERIFY_NOW: Opt = Opt {
    long: "now",
    value: Some("UNIX_SECONDS"),
    help: "Check as if the clock read this Unix time [default: the system clock; with --demo 1767225600]",
};
const LEEWAY: Opt = Opt {
    long: "leeway",
    value: Some("SECONDS"),
    help: "Clock skew allowed for exp and nbf, in seconds (keep it small: a few seconds, at most minutes) [default: 0]",
};

static VERIFY: Page = Page {
    path: "jwt verify",
    about: "Check a token with a pinned algorithm, a secret, a time and a leeway",
    usage: "[OPTIONS] --secret <SECRET> <TOKEN>",
    subcommands: &[],
    arguments: &[TOKEN],
    options: &[&SECRET, &VERIFY_ALG, &VERIFY_NOW, &LEEWAY],
};

const WALKTHROUGH_JSON: Opt = Opt {
    long: "json",
    value: None,
    help: "Print one JSON document (steps -> exchanges -> {request, response, explanation}) instead of text",
};

static WALKTHROUGH: Page = Page {
    path: "walkthrough",
    about: "Print the four steps and both labs as a transcript of real requests and responses",
    usage: "[OPTIONS]",
    subcommands: &[],
    arguments: &[],
    options: &[&WALKTHROUGH_JSON],
};

static LESSONS_COMMAND: Page = Page {
    path: "lessons",
    about: "Check, print or describe lesson files",
    usage: "[OPTIONS] <COMMAND>",
    subcommands: &[&CHECK, &SCHEMA, &PRINT],
    arguments: &[],
    options: &[],
};

const LESSON_DIR: (&str, &str) =
    ("[DIR]", "The lesson folder (default: --lessons DIR, else the built-in lessons)");

static CHECK: Page = Page {
    path: "lessons check",
    about: "Check lesson files and report every problem as file:line:column",
    usage: "[OPTIONS] [DIR]",
    subcommands: &[],
    arguments: &[LESSON_DIR],
    options: &[],
};

static SCHEMA: Page = Page {
    path: "lessons schema",
    about: "Print a JSON Schema for lesson and quiz files (for editor completion and checking)",
    usage: "[OPTIONS]",
    subcommands: &[],
    arguments: &[],
    options: &[],
};

static PRINT: Page = Page {
    path: "lessons print",
    about: "Print every lesson and the quiz as plain text (for screen readers and handouts)",
    usage: "[OPTIONS] [DIR]",
    subcommands: &[],
    arguments: &[LESSON_DIR],
    options: &[],
};

const PLAIN: Opt = Opt {
    long: "plain",
    value: None,
    help: "Plain text on stdin/stdout instead of the terminal UI (works piped, with no terminal). \
           Without it, the tutorial opens on its practice quiz screen",
};
const QUIZ_CLASSROOM: Opt = Opt {
    long: "classroom",
    value: None,
    help: "On the quiz screen: show each question and wait for Enter before marking (ask the room first)",
};
const SEED: Opt = Opt {
    long: "seed",
    value: Some("N"),
    help: "With --shuffle: the seed for the option order, to repeat a shuffle exactly",
};

static QUIZ: Page = Page {
    path: "quiz",
    about: "Take the practice quiz: opens the tutorial on the quiz screen, or plain text with --plain",
    usage: "[OPTIONS]",
    subcommands: &[],
    arguments: &[],
    options: &[&PLAIN, &QUIZ_CLASSROOM, &SEED],
};

#[cfg(test)]
mod tests {
    use super::*;

    fn usage_error(args: &[&str]) -> String {
        match parse(args) {
            Err(Stop::Usage(message)) => {
                assert!(!message.contains('\n'), "{args:?}: {message}");
                message
            }
            other => panic!("{args:?}: expected a usage error, got {other:?}"),
        }
    }

    fn info(args: &[&str]) -> String {
        match parse(args) {
            Err(Stop::Info(text)) => text,
            other => panic!("{args:?}: expected help or version, got {other:?}"),
        }
    }

    fn sign_args(args: &[&str]) -> SignArgs {
        match parse(args) {
            Ok(Cli { command: Some(Command::Jwt(JwtCommand::Sign(sign))), .. }) => sign,
            other => panic!("{args:?}: {other:?}"),
        }
    }

    #[test]
    fn each_usage_error_is_one_line_naming_the_argument() {
        let cases: &[(&[&str], &str)] = &[
            (&["--bogus"], "unexpected argument '--bogus' found"),
            (&["walkthrough", "extra"], "unexpected argument 'extra' found"),
            (&["-x"], "unexpected argument '-x' found"),
            (&["--theme"], "a value is required for '--theme <NAME>' but none was supplied"),
            (
                &["jwt", "sign", "--secret", "a", "--secret", "b"],
                "'--secret <SECRET>' cannot be used multiple times",
            ),
            (&["--demo", "walkthrough", "--demo"], "'--demo' cannot be used multiple times"),
            (&["jwt", "sign"], "not provided: --secret <SECRET>"),
            (&["jwt", "decode"], "not provided: <TOKEN>"),
            (&["quiz", "--seed", "many"], "invalid value 'many' for '--seed <N>': invalid digit"),
            (&["--step", "5"], "invalid value '5' for '--step <N>': 5 is not in 1..=4"),
            (&["--step=0"], "invalid value '0' for '--step <N>': 0 is not in 1..=4"),
            (&["jwt", "sign", "--secret", "s", "--alg", "RS256"], "invalid value 'RS256' for '--alg <ALG>'"),
            (&["frobnicate"], "unrecognized subcommand 'frobnicate'"),
            (&["jwt", "decode", "--json=yes", "t"], "unexpected value 'yes' for '--json'"),
        ];
        for (args, expected) in cases {
            let message = usage_error(args);
            assert!(message.contains(expected), "{args:?}: {message}");
        }
    }

    #[test]
    fn a_typo_gets_the_closest_name_and_nonsense_gets_none() {
        assert!(usage_error(&["jwt", "sgn"]).ends_with("did you mean 'sign'?"));
        assert!(usage_error(&["walkthrough", "--jsn"]).ends_with("did you mean '--json'?"));
        assert!(usage_error(&["jwt", "sign", "--secrte", "s"]).ends_with("did you mean '--secret'?"));
        assert!(!usage_error(&["--zzzzzz"]).contains("did you mean"));
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_arguments_are_errors_except_in_paths() {
        use std::os::unix::ffi::OsStringExt;
        let bad = || OsString::from_vec(b"a\xffb".to_vec());
        let Err(Stop::Usage(message)) = parse([OsString::from("jwt"), "decode".into(), bad()]) else {
            panic!("a non-UTF-8 token must be a usage error");
        };
        assert!(message.contains("'<TOKEN>': not valid UTF-8"), "{message}");
        let Err(Stop::Usage(message)) =
            parse([OsString::from("jwt"), "sign".into(), "--secret".into(), bad()])
        else {
            panic!("a non-UTF-8 secret must be a usage error");
        };
        assert!(message.contains("'--secret <SECRET>': not valid UTF-8"), "{message}");
        assert!(matches!(parse([bad()]), Err(Stop::Usage(m)) if m.starts_with("unrecognized subcommand")));
        let cli = parse([OsString::from("--lessons"), bad()]).unwrap();
        assert_eq!(cli.tui.lessons, Some(PathBuf::from(bad())), "a path need not be UTF-8");
    }

    #[test]
    fn equals_form_and_separate_value_mean_the_same() {
        let separate = sign_args(&["jwt", "sign", "--secret", "s", "--alg", "hs384", "--exp-in", "60"]);
        let joined = sign_args(&["jwt", "sign", "--secret=s", "--alg=hs384", "--exp-in=60"]);
        assert_eq!(format!("{separate:?}"), format!("{joined:?}"));
        assert_eq!((joined.secret.as_str(), joined.alg, joined.exp_in), ("s", Alg::HS384, Some(60)));
        assert_eq!(sign_args(&["jwt", "sign", "--secret=a=b"]).secret, "a=b", "only the first = splits");
    }

    #[test]
    fn negative_unix_times_and_values_that_look_like_options_are_values() {
        assert_eq!(sign_args(&["jwt", "sign", "--secret", "s", "--now", "-5"]).now, Some(-5));
        assert_eq!(sign_args(&["jwt", "sign", "--secret", "s", "--now=-5"]).now, Some(-5));
        assert_eq!(sign_args(&["jwt", "sign", "--secret=--demo"]).secret, "--demo");
        let forgotten = usage_error(&["jwt", "sign", "--secret", "--demo"]);
        assert!(forgotten.contains("a value is required for '--secret <SECRET>'"), "{forgotten}");
        assert!(forgotten.contains("--secret=VALUE"), "{forgotten}");
    }

    #[test]
    fn defaults_fill_what_was_not_given() {
        let cli = parse(&[] as &[&str]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!((cli.tui.theme.as_str(), cli.tui.step, cli.tui.demo), ("auto", None, false));
        assert_eq!((cli.tui.presenter, cli.tui.color), (false, ColorWhen::Auto));
        let teaching = parse(["--presenter", "--color", "never"]).unwrap();
        assert_eq!((teaching.tui.presenter, teaching.tui.color), (true, ColorWhen::Never));
        // --color is global: it goes after a subcommand too, and takes only the three words.
        let decode = parse(["jwt", "decode", "t", "--color=always"]).unwrap();
        assert_eq!(decode.tui.color, ColorWhen::Always);
        let wrong = usage_error(&["--color", "sometimes"]);
        assert!(wrong.contains("invalid value 'sometimes' for '--color <WHEN>'"), "{wrong}");
        let sign = sign_args(&["jwt", "sign", "--secret", "s"]);
        assert_eq!((sign.alg, sign.exp_in, sign.now), (Alg::HS256, None, None));
        let Ok(Cli { command: Some(Command::Jwt(JwtCommand::Verify(verify))), .. }) =
            parse(["jwt", "verify", "t", "--secret", "s"])
        else {
            panic!("verify");
        };
        assert_eq!((verify.token.as_str(), verify.alg, verify.leeway), ("t", Alg::HS256, 0));
    }

    #[test]
    fn global_options_work_before_and_after_the_subcommand() {
        for args in [
            &["--lessons", "L", "--no-color", "--demo", "--shuffle", "quiz", "--plain"][..],
            &["quiz", "--plain", "--lessons", "L", "--no-color", "--demo", "--shuffle"],
            &["--demo", "quiz", "--lessons=L", "--plain", "--shuffle", "--no-color"],
        ] {
            let cli = parse(args).unwrap();
            let tui = &cli.tui;
            assert_eq!(tui.lessons.as_deref(), Some(std::path::Path::new("L")), "{args:?}");
            assert!(tui.no_color && tui.demo && tui.shuffle, "{args:?}");
            assert!(matches!(cli.command, Some(Command::Quiz(QuizArgs { plain: true, .. }))), "{args:?}");
        }
        let cli = parse(["lessons", "check", "dir", "--demo"]).unwrap();
        assert!(cli.tui.demo);
        assert!(matches!(cli.command, Some(Command::Lessons(LessonsCommand::Check { dir: Some(_) }))));
        assert!(usage_error(&["walkthrough", "--step", "2"]).contains("'--step'"), "--step is not global");
    }

    #[test]
    fn help_is_for_the_command_read_so_far_and_version_only_at_the_top() {
        assert!(info(&["--help"]).starts_with("Learn how a web app"));
        assert_eq!(info(&["-h"]), info(&["--help"]));
        let sign_help = info(&["jwt", "sign", "--secret", "s", "-h"]);
        assert!(
            sign_help.contains("Usage: jwt-session-tutor jwt sign [OPTIONS] --secret <SECRET>\n"),
            "{sign_help}"
        );
        assert!(
            sign_help.contains("  --alg <ALG>  ") && sign_help.contains("[default: HS256]"),
            "{sign_help}"
        );
        assert!(sign_help.contains("      --demo  "), "global options are listed: {sign_help}");
        assert_eq!(info(&["help", "jwt", "sign"]), sign_help);
        assert_eq!(info(&["jwt", "help", "sign"]), sign_help);
        assert!(
            info(&["jwt", "--help", "sign"]).contains("Commands:\n  sign  "),
            "help of `jwt`, not `sign`"
        );
        assert!(info(&["lessons", "check", "--help"]).contains("Arguments:\n  [DIR]  The lesson folder"));
        assert_eq!(info(&["--version"]), format!("jwt-session-tutor {}\n", env!("CARGO_PKG_VERSION")));
        assert_eq!(info(&["-V"]), info(&["--version"]));
        assert!(usage_error(&["jwt", "-V"]).contains("'-V'"));
        assert!(usage_error(&["help", "jwt", "sgn"]).contains("'sgn'; did you mean 'sign'?"));
    }

    #[test]
    fn a_command_group_without_its_subcommand_prints_its_help_as_an_error() {
        for (group, page) in [("jwt", &JWT), ("lessons", &LESSONS_COMMAND)] {
            assert_eq!(parse([group]).err(), Some(Stop::MissingSubcommand(help(page))));
            assert_eq!(parse([group, "--demo"]).err(), Some(Stop::MissingSubcommand(help(page))));
        }
    }

    /// The help pages and the parser are written separately: every option a page lists must be accepted.
    #[test]
    fn every_option_a_help_page_lists_is_accepted_there() {
        fn visit(page: &'static Page) {
            for option in page.options.iter().chain(page.globals()) {
                let mut args: Vec<&str> = page.path.split_whitespace().collect();
                let flag = format!("--{}", option.long);
                args.push(&flag);
                if option.value.is_some() {
                    args.push("1");
                }
                if let Err(Stop::Usage(message)) = parse(&args) {
                    assert!(!message.contains(&format!("'{flag}'")), "{args:?}: {message}");
                }
            }
            page.subcommands.iter().copied().for_each(visit);
        }
        visit(&TOP);
    }

    #[test]
    fn edit_distance_counts_insertions_deletions_and_substitutions() {
        assert_eq!(edit_distance("sign", "sign"), 0);
        assert_eq!(edit_distance("sgn", "sign"), 1);
        assert_eq!(edit_distance("secrte", "secret"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
