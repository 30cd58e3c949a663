//! Opening the terminal tutorial from the command line: the lessons are loaded and checked, the
//! arguments become the tutorial's own [`TuiOptions`], and everything that can be wrong is reported
//! before the terminal is touched.

use std::io::{self, IsTerminal};

use super::lessons_cmd::course_or_report;
use super::quiz_plain::quiz_seed;
use super::{CliError, CliResult, TuiArgs};
use crate::quiz::OptionOrder;
use crate::theme::ThemeName;
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
    let no_color_env = std::env::var("NO_COLOR").ok();
    tui::run(course, options(args, opening, shuffle_seed, no_color_env.as_deref()))
        .map_err(|error| CliError::usage(error.to_string()))
}

/// The tutorial's options from the arguments and the `NO_COLOR` variable.
pub fn options(
    args: &TuiArgs,
    opening: Opening,
    shuffle_seed: Option<u64>,
    no_color_env: Option<&str>,
) -> TuiOptions {
    TuiOptions {
        theme: ThemeName::choose(args.theme, args.no_color, no_color_env),
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

    fn tui_args(args: &[&str]) -> TuiArgs {
        parse(args).expect("valid arguments").tui
    }

    #[test]
    fn the_arguments_become_the_tutorials_options() {
        let args = tui_args(&["--theme", "LIGHT", "--step", "3", "--classroom", "--reset-progress"]);
        let mut course = options(&args, Opening::Course, None, None);
        assert!(matches!(course.option_order, OptionOrder::Shuffled { .. }), "the quiz always shuffles");
        course.option_order = OptionOrder::Fixed;
        assert_eq!(
            course,
            TuiOptions {
                theme: ThemeName::Light,
                demo: false,
                start_step: Some(3),
                opening: Opening::Course,
                option_order: OptionOrder::Fixed,
                classroom: true,
                predict: true,
                reset_progress: true,
            }
        );
        assert_eq!(options(&args, Opening::Course, None, Some("1")).theme, ThemeName::Mono, "NO_COLOR wins");
        assert!(!options(&tui_args(&["--no-predict"]), Opening::Course, None, None).predict);
        assert_eq!(
            options(&args, Opening::Course, None, Some("")).theme,
            ThemeName::Light,
            "an empty one does not"
        );
    }

    #[test]
    fn the_quiz_opening_carries_its_shuffle_seed() {
        let args = tui_args(&["--demo"]);
        let quiz = options(&args, Opening::Quiz(QuizMode::Practice), Some(7), None);
        assert_eq!(
            (quiz.opening, quiz.option_order),
            (Opening::Quiz(QuizMode::Practice), OptionOrder::Shuffled { seed: 7 })
        );
        let course = options(&args, Opening::Course, None, None);
        assert_eq!(course.option_order, OptionOrder::Shuffled { seed: DEMO_SHUFFLE_SEED }, "--demo repeats");
    }
}
