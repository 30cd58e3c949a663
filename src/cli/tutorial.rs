//! Opening the terminal tutorial from the command line: the lessons are loaded and checked, the
//! arguments become the tutorial's own [`TuiOptions`], and everything that can be wrong is reported
//! before the terminal is touched.

use std::io::{self, IsTerminal};

use super::lessons_cmd::course_or_report;
use super::quiz_plain::option_order;
use super::{CliError, CliResult, TuiArgs};
use crate::theme::ThemeName;
use crate::tui::{self, TuiOptions};

/// Where the tutorial opens, as the command line says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opening {
    /// The course (no subcommand).
    Course,
    /// The practice quiz screen (`quiz`); `seed` repeats a `--shuffle` order.
    Quiz { seed: Option<u64> },
}

/// The tutorial with these options. A bad lesson folder prints the same `file:line:column: message`
/// lines as `lessons check`; without a terminal the error names the plain-text twin.
pub fn run(args: &TuiArgs, opening: Opening) -> CliResult {
    let course = match course_or_report(args.lessons.as_deref()) {
        Ok(course) => course,
        Err(result) => return result,
    };
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        return Err(CliError::usage(match opening {
            Opening::Course => {
                "the tutorial needs a terminal; without one, try `jwt-session-tutor walkthrough` or `quiz --plain`"
            }
            Opening::Quiz { .. } => {
                "the quiz screen needs a terminal; without one, use `jwt-session-tutor quiz --plain`"
            }
        }));
    }
    tui::run(course, options(args, opening, std::env::var("NO_COLOR").ok().as_deref()))
        .map_err(|error| CliError::usage(error.to_string()))
}

/// The tutorial's options from the arguments and the `NO_COLOR` variable.
pub fn options(args: &TuiArgs, opening: Opening, no_color_env: Option<&str>) -> TuiOptions {
    let (opening, seed) = match opening {
        Opening::Course => (tui::Opening::Course, None),
        Opening::Quiz { seed } => (tui::Opening::Quiz, seed),
    };
    TuiOptions {
        theme: ThemeName::choose(args.theme, args.no_color, no_color_env),
        demo: args.demo,
        start_step: args.step,
        opening,
        option_order: option_order(args.shuffle, seed, args.demo),
        classroom: args.classroom,
        reset_progress: args.reset_progress,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::args::parse;
    use crate::cli::quiz_plain::DEMO_SHUFFLE_SEED;
    use crate::quiz::OptionOrder;

    fn tui_args(args: &[&str]) -> TuiArgs {
        parse(args).expect("valid arguments").tui
    }

    #[test]
    fn the_arguments_become_the_tutorials_options() {
        let args = tui_args(&["--theme", "LIGHT", "--step", "3", "--classroom", "--reset-progress"]);
        let course = options(&args, Opening::Course, None);
        assert_eq!(
            course,
            TuiOptions {
                theme: ThemeName::Light,
                demo: false,
                start_step: Some(3),
                opening: tui::Opening::Course,
                option_order: OptionOrder::Fixed,
                classroom: true,
                reset_progress: true,
            }
        );
        assert_eq!(options(&args, Opening::Course, Some("1")).theme, ThemeName::Mono, "NO_COLOR wins");
        assert_eq!(
            options(&args, Opening::Course, Some("")).theme,
            ThemeName::Light,
            "an empty one does not"
        );
    }

    #[test]
    fn the_quiz_opening_carries_its_shuffle_seed() {
        let args = tui_args(&["--shuffle", "--demo"]);
        let quiz = options(&args, Opening::Quiz { seed: Some(7) }, None);
        assert_eq!(
            (quiz.opening, quiz.option_order),
            (tui::Opening::Quiz, OptionOrder::Shuffled { seed: 7 })
        );
        let course = options(&args, Opening::Course, None);
        assert_eq!(course.option_order, OptionOrder::Shuffled { seed: DEMO_SHUFFLE_SEED }, "--demo repeats");
    }
}
