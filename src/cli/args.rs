//! Parsing the command line with clap, and the usage-error contract: one line on stderr, exit code 2.
//!
//! clap's own error report has several lines (the message, a `tip:` with the suggestion, the usage,
//! "For more information"); a script reading stderr, and the project's rule, want one. [`one_line`]
//! keeps the message and folds the tips into it, so "did you mean" survives, and shows the control
//! characters of an echoed argument escaped. A command group without its subcommand (`jwt`) gets
//! its own line naming the subcommands.
//!
//! The syntax is clap's: `--opt value` or `--opt=value`; a separate value starting with `-` is taken
//! for an option (`--secret --demo` is a forgotten secret), except a negative number where an option
//! allows one (`--now -5`), so such values use the `=` form; each option at most once (a global one
//! given both before and after the subcommand counts once, the later value winning); the global
//! options (`--lessons`, `--no-color`, `--demo`, `--shuffle`) go before or after the subcommand;
//! `-h`/`--help` and `help COMMAND...` print the help of that command.

use std::ffi::{OsStr, OsString};
use std::io::{self, Write};
use std::marker::PhantomData;
use std::process::ExitCode;
use std::str::FromStr;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, CommandFactory, FromArgMatches};

use super::output::{ensure_stdout_is_open, write_failure};
use super::{Cli, CliError, exit};
use crate::auth::jwt::Alg;
use crate::lessons::print::Format;
use crate::printable::{escape_controls, needs_escape};
use crate::theme::terminal::ThemeChoice;

/// The program name, as help and usage lines print it.
pub const PROGRAM: &str = "jwt-session-tutor";

/// Parses the process arguments. Help and version go to stdout (exit 0; a failed write is exit 1 with
/// one line, as in every command); a usage error is one line on stderr and exit code 2.
pub fn parse_args() -> Result<Cli, ExitCode> {
    parse(std::env::args_os().skip(1)).map_err(|stop| match stop {
        Stop::Info(info) => match print_info(&info) {
            Ok(()) => ExitCode::from(exit::OK),
            Err(error) => {
                eprintln!("error: {}", error.message);
                ExitCode::from(error.code)
            }
        },
        Stop::Usage(line) => {
            eprintln!("error: {line} (see --help)");
            ExitCode::from(exit::USAGE)
        }
        Stop::MissingSubcommand(line) => {
            eprintln!("error: {line}");
            ExitCode::from(exit::USAGE)
        }
    })
}

/// Help or version on stdout, failing the way [`super::output::write_stdout`] does.
fn print_info(info: &clap::Error) -> Result<(), CliError> {
    ensure_stdout_is_open()?;
    info.print().and_then(|()| io::stdout().flush()).map_err(write_failure)
}

/// Why parsing ended without a command line to run.
#[derive(Debug)]
pub enum Stop {
    /// `--help`, `help COMMAND` or `--version`: clap prints it on stdout (in colour on a terminal).
    Info(clap::Error),
    /// A usage error: one line naming the argument, without the `error: ` prefix.
    Usage(String),
    /// `jwt` or `lessons` without its subcommand: one line naming the subcommands and the help to
    /// read, without the `error: ` prefix.
    MissingSubcommand(String),
}

/// The clap command with every subcommand: for parsing, completions, the man page and the README tables.
pub fn command() -> clap::Command {
    Cli::command()
}

/// Parses the arguments after the program name.
pub fn parse<A: Into<OsString>>(args: impl IntoIterator<Item = A>) -> Result<Cli, Stop> {
    let args = std::iter::once(OsString::from(PROGRAM)).chain(args.into_iter().map(Into::into));
    let matches = command().try_get_matches_from(args).map_err(stop)?;
    Cli::from_arg_matches(&matches).map_err(stop)
}

fn stop(mut error: clap::Error) -> Stop {
    escape_echoed_arguments(&mut error);
    if !error.use_stderr() {
        Stop::Info(error)
    } else if error.kind() == ErrorKind::MissingSubcommand {
        missing_subcommand(&error)
    } else {
        Stop::Usage(one_line(&error))
    }
}

/// Escapes the control characters of what the user typed, in the error's context, before clap renders it:
/// rendering drops every ANSI escape sequence, so "\x1b[2J" in an argument would otherwise vanish from
/// the line instead of being shown.
fn escape_echoed_arguments(error: &mut clap::Error) {
    let escaped: Vec<(ContextKind, ContextValue)> = error
        .context()
        .filter_map(|(kind, value)| match value {
            ContextValue::String(text) => match escape_controls(text) {
                std::borrow::Cow::Owned(text) => Some((kind, ContextValue::String(text))),
                std::borrow::Cow::Borrowed(_) => None,
            },
            ContextValue::Strings(texts) if texts.iter().any(|text| text.chars().any(needs_escape)) => {
                Some((
                    kind,
                    ContextValue::Strings(texts.iter().map(|t| escape_controls(t).into_owned()).collect()),
                ))
            }
            _ => None,
        })
        .collect();
    for (kind, value) in escaped {
        error.insert(kind, value);
    }
}

/// "'jwt' needs a subcommand: sign, decode or verify (see jwt-session-tutor jwt --help)": what clap
/// says (the group, its subcommands) in words, without its own `help` subcommand in the list.
fn missing_subcommand(error: &clap::Error) -> Stop {
    let group = match error.get(ContextKind::InvalidSubcommand) {
        Some(ContextValue::String(path)) => path.strip_prefix(PROGRAM).unwrap_or(path).trim().to_string(),
        _ => return Stop::Usage(one_line(error)),
    };
    let names: Vec<String> = match error.get(ContextKind::ValidSubcommand) {
        Some(ContextValue::Strings(names)) => names.iter().filter(|name| *name != "help").cloned().collect(),
        _ => Vec::new(),
    };
    let list = match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => return Stop::Usage(one_line(error)),
    };
    Stop::MissingSubcommand(format!("'{group}' needs a subcommand: {list} (see {PROGRAM} {group} --help)"))
}

/// clap's report without its usage and "For more information" lines, on one line: the message, the
/// lists it gives (`[possible values: ...]`, a missing argument) after a space, each `tip:` after "; ".
/// `error: ` is left for the caller to print. The control characters of an argument it echoes are shown
/// escaped, never sent to the terminal.
pub fn one_line(error: &clap::Error) -> String {
    let rendered = error.render().to_string();
    let usage = match error.get(ContextKind::Usage) {
        Some(ContextValue::StyledStr(usage)) => Some(usage.to_string()),
        _ => None,
    };
    let end = [usage.as_deref(), Some("For more information")]
        .into_iter()
        .flatten()
        .filter_map(|marker| rendered.find(marker))
        .min()
        .unwrap_or(rendered.len());
    let mut line = String::new();
    for part in rendered[..end].lines().map(str::trim).filter(|part| !part.is_empty()) {
        let part = part.strip_prefix("error:").map_or(part, str::trim_start);
        if !line.is_empty() {
            line.push_str(if part.starts_with("tip:") { "; " } else { " " });
        }
        line.push_str(part);
    }
    escape_controls(&line).into_owned()
}

/// Parses a value with its type's `FromStr` (so its own error message is kept: "unknown theme 'neon':
/// choose ...") and lists the valid names for help and shell completion.
pub struct NamedValue<T> {
    names: Vec<&'static str>,
    parsed: PhantomData<fn() -> T>,
}

impl<T> Clone for NamedValue<T> {
    fn clone(&self) -> Self {
        Self { names: self.names.clone(), parsed: PhantomData }
    }
}

impl<T> TypedValueParser for NamedValue<T>
where
    T: FromStr + Clone + Send + Sync + 'static,
    T::Err: Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
{
    type Value = T;

    fn parse_ref(&self, cmd: &clap::Command, arg: Option<&Arg>, value: &OsStr) -> Result<T, clap::Error> {
        let from_str: fn(&str) -> Result<T, T::Err> = T::from_str;
        from_str.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.names.iter().copied().map(PossibleValue::new)))
    }
}

/// `--theme`: auto, dark, light, high-contrast or mono (any case).
pub fn theme_parser() -> NamedValue<ThemeChoice> {
    NamedValue { names: ThemeChoice::NAMES.to_vec(), parsed: PhantomData }
}

/// `lessons print --format`: text or markdown.
pub fn format_parser() -> NamedValue<Format> {
    NamedValue { names: Format::ALL.map(Format::as_str).to_vec(), parsed: PhantomData }
}

/// `--alg`: HS256, HS384 or HS512 (any case).
pub fn alg_parser() -> NamedValue<Alg> {
    NamedValue { names: Alg::ALL.map(Alg::name).to_vec(), parsed: PhantomData }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::cli::Command;
    use crate::cli::jwt_cmd::{JwtCommand, SignArgs};
    use crate::cli::lessons_cmd::LessonsCommand;
    use crate::cli::output::ColorWhen;
    use crate::cli::quiz_plain::QuizArgs;

    #[test]
    fn exercises_commands_parse() {
        use crate::cli::exercises_cmd::ExercisesCommand;
        let command = |args: &[&str]| match parse(args) {
            Ok(Cli { command: Some(Command::Exercises(command)), .. }) => command,
            other => panic!("{args:?}: {other:?}"),
        };
        assert_eq!(command(&["exercises", "init", "ex"]), ExercisesCommand::Init { dir: "ex".into() });
        assert_eq!(
            command(&["exercises", "solution", "sol", "--step", "2"]),
            ExercisesCommand::Solution { dir: "sol".into(), step: 2 }
        );
        assert_eq!(
            command(&["exercises", "solution", "sol"]),
            ExercisesCommand::Solution { dir: "sol".into(), step: 4 }
        );
        assert_eq!(
            command(&["exercises", "check", "ex", "--json", "--step=3"]),
            ExercisesCommand::Check { dir: "ex".into(), step: Some(3), json: true, watch: false }
        );
        assert!(usage_error(&["exercises", "init"]).contains("<DIR>"));
        assert!(usage_error(&["exercises", "init", "ex", "--step", "2"]).contains("--step"));
        assert!(usage_error(&["exercises", "check", "ex", "--step", "9"]).contains("9"));
        assert!(usage_error(&["exercises", "solution", "s", "--watch"]).contains("--watch"));
    }

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
            Err(Stop::Info(text)) => text.render().to_string(),
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
    fn the_definition_passes_clap_debug_asserts() {
        command().debug_assert();
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
                "the argument '--secret <SECRET>' cannot be used multiple times",
            ),
            (&["walkthrough", "--json", "--json"], "the argument '--json' cannot be used multiple times"),
            (&["jwt", "sign"], "the following required arguments were not provided: --secret <SECRET>"),
            (&["jwt", "decode"], "the following required arguments were not provided: <TOKEN>"),
            (&["quiz", "--seed", "many"], "invalid value 'many' for '--seed <N>': invalid digit"),
            (&["--step", "5"], "invalid value '5' for '--step <N>': 5 is not in 1..=4"),
            (&["--step=0"], "invalid value '0' for '--step <N>': 0 is not in 1..=4"),
            (
                &["jwt", "sign", "--secret", "s", "--alg", "RS256"],
                "invalid value 'RS256' for '--alg <ALG>': unknown algorithm \"RS256\" (expected HS256, HS384 or HS512)",
            ),
            (&["--theme", "neon"], "invalid value 'neon' for '--theme <NAME>': unknown theme 'neon'"),
            (&["frobnicate"], "unrecognized subcommand 'frobnicate'"),
            (&["jwt", "decode", "--json=yes", "t"], "unexpected value 'yes' for '--json' found"),
            (
                &["lessons", "print", "--no-answers", "--answers-only"],
                "the argument '--no-answers' cannot be used with '--answers-only'",
            ),
            (
                &["lessons", "print", "--format", "html"],
                "invalid value 'html' for '--format <FORMAT>': `html` is not a format: use text or markdown",
            ),
            (&["jwt", "verify", "t", "--secret", "s", "--aud"], "a value is required for '--aud <AUDIENCE>'"),
            (&["--no-predict", "--no-predict"], "the argument '--no-predict' cannot be used multiple times"),
            (
                &["--no-predcit"],
                "unexpected argument '--no-predcit' found; tip: a similar argument exists: '--no-predict'",
            ),
            (&["progress", "--json", "--json"], "the argument '--json' cannot be used multiple times"),
            (&["progress", "extra"], "unexpected argument 'extra' found"),
        ];
        for (args, expected) in cases {
            let message = usage_error(args);
            assert!(message.starts_with(expected), "{args:?}: {message}");
        }
    }

    #[test]
    fn a_typo_gets_clap_suggestion_folded_into_the_line() {
        assert_eq!(
            usage_error(&["jwt", "sgn"]),
            "unrecognized subcommand 'sgn'; tip: a similar subcommand exists: 'sign'"
        );
        assert_eq!(
            usage_error(&["walkthrough", "--jsn"]),
            "unexpected argument '--jsn' found; tip: a similar argument exists: '--json'"
        );
        assert!(
            usage_error(&["jwt", "sign", "--secrte", "s"])
                .ends_with("tip: a similar argument exists: '--secret'")
        );
        assert!(usage_error(&["--theme", "hi-contrast"]).contains("'hi-contrast'"), "the value is named");
        assert!(!usage_error(&["--zzzzzz"]).contains("similar"));
    }

    #[test]
    fn a_command_group_without_its_subcommand_lists_them_on_the_one_line() {
        for (group, expected) in [
            ("jwt", "'jwt' needs a subcommand: sign, decode or verify (see jwt-session-tutor jwt --help)"),
            (
                "lessons",
                "'lessons' needs a subcommand: check, schema or print (see jwt-session-tutor lessons --help)",
            ),
        ] {
            for args in [&[group][..], &[group, "--demo"]] {
                match parse(args) {
                    Err(Stop::MissingSubcommand(line)) => assert_eq!(line, expected, "{args:?}"),
                    other => panic!("{args:?}: expected a missing subcommand, got {other:?}"),
                }
            }
        }
    }

    #[test]
    fn an_echoed_argument_shows_its_control_characters_escaped() {
        let line = usage_error(&["\u{1b}[2J\u{9b}evil\u{202e}"]);
        assert!(line.contains("'\\u{1b}[2J\\u{9b}evil\\u{202e}'"), "{line}");
        assert!(!line.contains(['\u{1b}', '\u{9b}', '\u{202e}']), "{line:?}");
    }

    #[test]
    fn lessons_print_takes_a_format_and_at_most_one_answers_option() {
        use crate::lessons::print::Format;
        let print = |args: &[&str]| match parse(args) {
            Ok(Cli {
                command:
                    Some(Command::Lessons(LessonsCommand::Print { format, no_answers, answers_only, .. })),
                ..
            }) => (format, no_answers, answers_only),
            other => panic!("{args:?}: {other:?}"),
        };
        assert_eq!(print(&["lessons", "print"]), (Format::Text, false, false));
        assert_eq!(
            print(&["lessons", "print", "--format=markdown", "--no-answers"]),
            (Format::Markdown, true, false)
        );
        assert_eq!(print(&["lessons", "print", "--answers-only", "dir"]), (Format::Text, false, true));
    }

    #[test]
    fn verify_takes_an_audience() {
        let Ok(Cli { command: Some(Command::Jwt(JwtCommand::Verify(verify))), .. }) =
            parse(["jwt", "verify", "t", "--secret", "s", "--aud", "api"])
        else {
            panic!("verify");
        };
        assert_eq!(verify.audience.as_deref(), Some("api"));
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_arguments_are_errors_except_in_paths() {
        use std::os::unix::ffi::OsStringExt;
        let bad = || OsString::from_vec(b"a\xffb".to_vec());
        let Err(Stop::Usage(message)) = parse([OsString::from("jwt"), "decode".into(), bad()]) else {
            panic!("a non-UTF-8 token must be a usage error");
        };
        assert!(message.contains("invalid UTF-8"), "{message}");
        let Err(Stop::Usage(message)) =
            parse([OsString::from("jwt"), "sign".into(), "--secret".into(), bad()])
        else {
            panic!("a non-UTF-8 secret must be a usage error");
        };
        assert!(message.contains("invalid UTF-8"), "{message}");
        assert!(matches!(parse([bad()]), Err(Stop::Usage(_))));
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
        assert!(usage_error(&["jwt", "sign", "--secret", "s", "--exp-in", "-5"]).contains("'-5'"));
    }

    #[test]
    fn defaults_fill_what_was_not_given() {
        let cli = parse(&[] as &[&str]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!((cli.tui.theme, cli.tui.step, cli.tui.demo), (ThemeChoice::Auto, None, false));
        assert_eq!((cli.tui.presenter, cli.tui.color), (false, ColorWhen::Auto));
        let teaching = parse(["--presenter", "--theme", "Light", "--color", "never"]).unwrap();
        assert_eq!(teaching.tui.theme, ThemeChoice::Named(crate::theme::ThemeName::Light));
        assert_eq!((teaching.tui.presenter, teaching.tui.color), (true, ColorWhen::Never));
        // --color is global: it goes after a subcommand too, and takes only the three words.
        let decode = parse(["jwt", "decode", "t", "--color=always"]).unwrap();
        assert_eq!(decode.tui.color, ColorWhen::Always);
        assert!(usage_error(&["--color", "sometimes"]).contains("'sometimes'"));
        let sign = sign_args(&["jwt", "sign", "--secret", "s"]);
        assert_eq!((sign.alg, sign.exp_in, sign.now), (Alg::HS256, None, None));
        let Ok(Cli { command: Some(Command::Jwt(JwtCommand::Verify(verify))), .. }) =
            parse(["jwt", "verify", "t", "--secret", "s"])
        else {
            panic!("verify");
        };
        assert_eq!(
            (verify.token.as_str(), verify.alg, verify.leeway, verify.json, verify.audience),
            ("t", Alg::HS256, 0, false, None)
        );
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
            assert_eq!(tui.lessons.as_deref(), Some(Path::new("L")), "{args:?}");
            assert!(tui.no_color && tui.demo && tui.shuffle, "{args:?}");
            assert!(matches!(cli.command, Some(Command::Quiz(QuizArgs { plain: true, .. }))), "{args:?}");
        }
        let cli = parse(["lessons", "check", "dir", "--demo"]).unwrap();
        assert!(cli.tui.demo);
        assert!(matches!(cli.command, Some(Command::Lessons(LessonsCommand::Check { dir: Some(_), .. }))));
        assert!(usage_error(&["walkthrough", "--step", "2"]).contains("'--step'"), "--step is not global");
    }

    #[test]
    fn help_is_for_the_command_read_so_far_and_version_only_at_the_top() {
        assert!(info(&["--help"]).starts_with("Learn how a web app"));
        assert_eq!(info(&["-h"]).lines().next(), info(&["--help"]).lines().next());
        let sign_help = info(&["jwt", "sign", "--secret", "s", "-h"]);
        assert!(
            sign_help.contains("Usage: jwt-session-tutor jwt sign [OPTIONS] --secret <SECRET>\n"),
            "{sign_help}"
        );
        assert!(sign_help.contains("  --alg <ALG>") && sign_help.contains("[default: HS256]"), "{sign_help}");
        assert!(sign_help.contains("      --demo"), "global options are listed: {sign_help}");
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
        assert!(usage_error(&["help", "jwt", "sgn"]).contains("'sgn'"));
    }

    /// Every subcommand has a one-line help, and `help PATH...` reaches it.
    #[test]
    fn every_subcommand_has_help_and_help_subcommand_reaches_it() {
        fn visit(command: &clap::Command, path: &mut Vec<String>) {
            for sub in command.get_subcommands().filter(|sub| sub.get_name() != "help") {
                path.push(sub.get_name().to_string());
                assert!(sub.get_about().is_some(), "{path:?} has no help line");
                let mut args = vec!["help".to_string()];
                args.extend(path.iter().cloned());
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let usage = format!("Usage: jwt-session-tutor {}", path.join(" "));
                assert!(info(&args).contains(&usage), "{args:?}");
                visit(sub, path);
                path.pop();
            }
        }
        visit(&command(), &mut Vec::new());
    }
}
