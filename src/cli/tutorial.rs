//! Opening the terminal tutorial from the command line: the lessons are loaded and checked, the
//! arguments become the tutorial's own [`TuiOptions`], and everything that can be wrong is reported
//! before the terminal is touched.

use std::io::{self, IsTerminal};

use super::lessons_cmd::course_or_report;
use super::quiz_plain::quiz_seed;
use super::{CliError, CliResult, TuiArgs};
use crate::quiz::OptionOrder;
use crate::theme::terminal::unicode_ok;
use crate::theme::{ColorDepth, THEME_ENV, ThemeInputs};
use crate::tui::{self, Opening, TuiOptions};

/// The tutorial with these options, opening at `opening`; `shuffle_seed` (`quiz --seed`) repeats an
/// exam's draw and option order. A bad lesson folder prints the same `file:line:column: message` lines as
/// `lessons check`; without a terminal the error names the plain-text twin.
pub fn run(args: &TuiArgs, opening: Opening, shuffle_seed: Option<u64>) -> CliResult {
    let course = match course_or_report(args.lessons.as_deref()) {
        Ok(course) => course,
        Err(result) => return result,
    };
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        return Err(CliError::usage(match opening {
            Opening::Course => {
                "the tutorial needs a terminal; without one, try `jwt-session-tutor walkthrough` or `quiz --plain`"
            }
            Opening::Quiz(_) => {
                "the quiz screen needs a terminal; without one, use `jwt-session-tutor quiz --plain`"
            }
        }));
    }
    let options = options(args, opening, shuffle_seed, &TerminalEnv::of_process());
    // A misspelt JWT_TUTOR_THEME is a usage error before the terminal is touched.
    options.theme.choose(None).map_err(CliError::usage)?;
    tui::run(course, options).map_err(|error| CliError::usage(error.to_string()))
}

/// The environment variables that decide how the tutorial looks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TerminalEnv {
    pub no_color: Option<String>,
    /// `JWT_TUTOR_THEME`.
    pub theme: Option<String>,
    pub colorfgbg: Option<String>,
    pub colorterm: Option<String>,
    pub term: Option<String>,
    pub lc_all: Option<String>,
    pub lc_ctype: Option<String>,
    pub lang: Option<String>,
}

impl TerminalEnv {
    pub fn of_process() -> Self {
        let env = |name: &str| std::env::var(name).ok();
        Self {
            no_color: env("NO_COLOR"),
            theme: env(THEME_ENV),
            colorfgbg: env("COLORFGBG"),
            colorterm: env("COLORTERM"),
            term: env("TERM"),
            lc_all: env("LC_ALL"),
            lc_ctype: env("LC_CTYPE"),
            lang: env("LANG"),
        }
    }
}

/// The tutorial's options from the arguments and the environment.
pub fn options(args: &TuiArgs, opening: Opening, shuffle_seed: Option<u64>, env: &TerminalEnv) -> TuiOptions {
    TuiOptions {
        theme: ThemeInputs {
            flag: args.theme.named(),
            env_theme: env.theme.clone(),
            no_color_flag: args.no_color,
            no_color_env: env.no_color.clone(),
            colorfgbg: env.colorfgbg.clone(),
        },
        colors: ColorDepth::detect(env.colorterm.as_deref(), env.term.as_deref()),
        ascii: !unicode_ok(
            env.lc_all.as_deref(),
            env.lc_ctype.as_deref(),
            env.lang.as_deref(),
            env.term.as_deref(),
        ),
        presenter: args.presenter,
        demo: args.demo,
        start_step: args.step,
        opening,
        option_order: OptionOrder::Shuffled {
            seed: shuffle_seed.unwrap_or_else(|| quiz_seed(None, args.demo)),
        },
        classroom: args.classroom,
        predict: !args.no_predict,
        reset_progress: args.reset_progress,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::args::parse;
    use crate::cli::quiz_plain::DEMO_SHUFFLE_SEED;
    use crate::quiz::draw::QuizMode;
    use crate::theme::ThemeName;

    fn tui_args(args: &[&str]) -> TuiArgs {
        parse(args).expect("valid arguments").tui
    }

    #[test]
    fn the_arguments_become_the_tutorials_options() {
        let args =
            tui_args(&["--theme", "LIGHT", "--step", "3", "--classroom", "--reset-progress", "--presenter"]);
        let utf8_xterm = TerminalEnv {
            term: Some("xterm-256color".into()),
            lang: Some("en_GB.UTF-8".into()),
            ..TerminalEnv::default()
        };
        let mut course = options(&args, Opening::Course, None, &utf8_xterm);
        assert!(matches!(course.option_order, OptionOrder::Shuffled { .. }), "the quiz always shuffles");
        course.option_order = OptionOrder::Fixed;
        assert_eq!(
            course,
            TuiOptions {
                theme: ThemeInputs { flag: Some(ThemeName::Light), ..ThemeInputs::default() },
                colors: ColorDepth::Ansi256,
                ascii: false,
                presenter: true,
                demo: false,
                start_step: Some(3),
                opening: Opening::Course,
                option_order: OptionOrder::Fixed,
                classroom: true,
                predict: true,
                reset_progress: true,
            }
        );
        let no_color = TerminalEnv { no_color: Some("1".into()), ..utf8_xterm.clone() };
        assert_eq!(options(&args, Opening::Course, None, &no_color).theme.choose(None), Ok(ThemeName::Mono));
        let demonstrating =
            options(&tui_args(&["--no-predict"]), Opening::Course, None, &TerminalEnv::default());
        assert!(!demonstrating.predict);
    }

    #[test]
    fn the_environment_decides_auto_colours_and_characters() {
        let args = tui_args(&[]);
        let env = TerminalEnv {
            theme: Some("high-contrast".into()),
            colorterm: Some("truecolor".into()),
            term: Some("linux".into()),
            lang: Some("en_US.UTF-8".into()),
            ..TerminalEnv::default()
        };
        let options = options(&args, Opening::Course, None, &env);
        assert_eq!(options.theme.choose(None), Ok(ThemeName::HighContrast), "JWT_TUTOR_THEME");
        assert_eq!(options.colors, ColorDepth::TrueColor);
        assert!(options.ascii, "the Linux console");
        let lang_c = TerminalEnv { lang: Some("C".into()), ..TerminalEnv::default() };
        let plain = self::options(&args, Opening::Course, None, &lang_c);
        assert!(plain.ascii && plain.theme.needs_background());
        assert_eq!(plain.colors, ColorDepth::Ansi16);
    }

    #[test]
    fn the_quiz_opening_carries_its_shuffle_seed() {
        let args = tui_args(&["--demo"]);
        let quiz = options(&args, Opening::Quiz(QuizMode::Practice), Some(7), &TerminalEnv::default());
        assert_eq!(
            (quiz.opening, quiz.option_order),
            (Opening::Quiz(QuizMode::Practice), OptionOrder::Shuffled { seed: 7 })
        );
        let course = options(&args, Opening::Course, None, &TerminalEnv::default());
        assert_eq!(course.option_order, OptionOrder::Shuffled { seed: DEMO_SHUFFLE_SEED }, "--demo repeats");
    }
}
