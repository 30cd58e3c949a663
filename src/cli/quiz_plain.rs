//! `quiz --plain`: the practice quiz as plain lines on stdin/stdout, for screen readers, scripts
//! and terminals without the TUI.
//!
//! Reads one answer per line: a letter (any case) or the option's number; `h` or `hint` shows the
//! hint. Anything else is asked again with a message saying what is allowed. Exit codes: 0 when
//! every question was answered (whatever the score), 1 when input ended early (the remaining
//! questions are counted wrong and the score is still printed), 1 for lesson-file problems and
//! when stdout cannot be written, 2 for usage errors and malformed input (stdin that is not UTF-8
//! text, or a line over [`MAX_ANSWER_LINE_BYTES`]).

use std::io::{self, BufRead, IsTerminal, Write};
use std::process::ExitCode;

use super::lessons_cmd::course_or_report;
use super::output::{ensure_stdout_is_open, write_failure};
use super::tutorial;
use super::{CliError, CliResult, TuiArgs, exit};
use crate::lessons::model::{Course, Difficulty};
use crate::progress::ProgressStore;
use crate::quiz::{OptionOrder, QuizSession, Score};
use crate::tui::Opening;

/// The seed `--demo` uses for `--shuffle`, so a recorded demo shows the same order every time.
pub const DEMO_SHUFFLE_SEED: u64 = 2026;

#[derive(Debug, clap::Args)]
pub struct QuizArgs {
    /// Plain text on stdin/stdout instead of the terminal UI (works piped, with no terminal). Without it,
    /// the tutorial opens on its practice quiz screen
    #[arg(long)]
    pub plain: bool,
    /// On the quiz screen: show each question and wait for Enter before marking (ask the room first)
    #[arg(long)]
    pub classroom: bool,
    /// With --shuffle: the seed for the option order, to repeat a shuffle exactly
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
}

/// The longest answer line read: an answer is a letter, a number or `hint`. A longer line is
/// malformed input (exit 2), never buffered whole.
pub const MAX_ANSWER_LINE_BYTES: usize = 1024;

/// Why a plain quiz run stopped before the score.
#[derive(Debug)]
pub enum PlainError {
    /// stdin is not lines of text: not UTF-8, a line over [`MAX_ANSWER_LINE_BYTES`], unreadable.
    Input(String),
    /// stdout could not be written.
    Output(io::Error),
}

impl From<io::Error> for PlainError {
    fn from(error: io::Error) -> Self {
        PlainError::Output(error)
    }
}

/// Reads one line (without its end) of at most [`MAX_ANSWER_LINE_BYTES`]; `None` at the end of input.
/// `number` is the 1-based line number, for the error message.
fn read_answer_line(input: &mut impl BufRead, number: usize) -> Result<Option<String>, PlainError> {
    let mut line = Vec::new();
    loop {
        let available = match input.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(PlainError::Input(format!("cannot read stdin: {error}"))),
        };
        if available.is_empty() {
            break;
        }
        let newline = available.iter().position(|&byte| byte == b'\n');
        let take = newline.map_or(available.len(), |at| at + 1);
        // Room for the line ending ("\r\n") on top of the answer itself.
        if line.len() + take > MAX_ANSWER_LINE_BYTES + 2 {
            return Err(PlainError::Input(format!(
                "stdin line {number} is longer than {MAX_ANSWER_LINE_BYTES} bytes: an answer is one letter"
            )));
        }
        line.extend_from_slice(&available[..take]);
        input.consume(take);
        if newline.is_some() {
            break;
        }
    }
    if line.is_empty() {
        return Ok(None);
    }
    String::from_utf8(line).map(Some).map_err(|error| {
        PlainError::Input(format!(
            "stdin line {number} is not UTF-8 text (invalid byte at column {})",
            error.utf8_error().valid_up_to() + 1
        ))
    })
}

/// The order of each question's options: as written, or shuffled with `seed`, with
/// [`DEMO_SHUFFLE_SEED`] under `--demo`, else with a fresh seed.
pub fn option_order(shuffle: bool, seed: Option<u64>, demo: bool) -> OptionOrder {
    match (shuffle, seed, demo) {
        (false, _, _) => OptionOrder::Fixed,
        (true, Some(seed), _) => OptionOrder::Shuffled { seed },
        (true, None, true) => OptionOrder::Shuffled { seed: DEMO_SHUFFLE_SEED },
        (true, None, false) => OptionOrder::shuffled_from_os(),
    }
}

/// How a plain quiz run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlainRun {
    pub score: Score,
    /// Input ended before the last question was answered.
    pub ended_early: bool,
}

pub fn run(args: QuizArgs, common: &TuiArgs) -> CliResult {
    if !args.plain {
        let tui_args = TuiArgs { classroom: common.classroom || args.classroom, ..common.clone() };
        return tutorial::run(&tui_args, Opening::Quiz, args.seed);
    }
    let course = match course_or_report(common.lessons.as_deref()) {
        Ok(course) => course,
        Err(result) => return result,
    };
    let order = option_order(common.shuffle, args.seed, common.demo);
    ensure_stdout_is_open()?;
    let stdin = io::stdin();
    let echo_answers = !stdin.is_terminal();
    let run =
        run_plain(&course, order, stdin.lock(), io::stdout().lock(), echo_answers).map_err(|error| {
            match error {
                PlainError::Input(message) => CliError::usage(message),
                PlainError::Output(error) => write_failure(error),
            }
        })?;
    if !run.ended_early {
        // A classroom's answers are the room's, typed at the teacher's keyboard: no learner's score.
        if !(common.classroom || args.classroom || common.presenter) {
            remember_score(run.score);
        }
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::from(exit::REJECTED))
    }
}

fn remember_score(score: Score) {
    let Some(store) = ProgressStore::default_location() else { return };
    let (mut progress, warning) = store.load();
    if let Some(warning) = warning {
        eprintln!("warning: {warning}");
    }
    if progress.record_quiz(score.right, score.total)
        && let Err(warning) = store.save(&progress)
    {
        eprintln!("warning: {warning}");
    }
}

/// Runs the whole quiz over `input`/`out`. `echo_answers` repeats each answer after the prompt,
/// so a piped transcript reads like a terminal session.
pub fn run_plain(
    course: &Course,
    order: OptionOrder,
    mut input: impl BufRead,
    mut out: impl Write,
    echo_answers: bool,
) -> Result<PlainRun, PlainError> {
    let mut lines_read = 0;
    let mut session = QuizSession::new(&course.quiz.questions, order);
    writeln!(
        out,
        "{}: {} questions. Answer each with a letter (or its number); type h for a hint.\n",
        course.quiz.title,
        session.len()
    )?;
    let mut ended_early = false;
    'questions: while let Some(view) = session.current() {
        let question = view.question;
        writeln!(
            out,
            "Question {} of {} · {} · {}",
            view.number,
            view.total,
            question.difficulty.name(),
            question.topic
        )?;
        writeln!(out, "{}", question.prompt)?;
        if let Some(code) = &question.code {
            let place = code.path.as_deref().map(|path| format!(", {path}")).unwrap_or_default();
            writeln!(out, "\nCode ({}{place}):", code.language)?;
            for line in code.source.lines() {
                writeln!(out, "    {line}")?;
            }
            writeln!(out, "End of code.")?;
        }
        writeln!(out)?;
        for option in &view.options {
            writeln!(out, "{}. {}", option.letter, option.option.text)?;
        }
        let last = view.last_letter();
        let feedback = loop {
            write!(out, "Your answer (A-{last}, or h for a hint): ")?;
            out.flush()?;
            lines_read += 1;
            let Some(line) = read_answer_line(&mut input, lines_read)? else {
                writeln!(out)?;
                ended_early = true;
                break 'questions;
            };
            let answer = line.trim();
            if echo_answers {
                writeln!(out, "{answer}")?;
            }
            if answer.eq_ignore_ascii_case("h") || answer.eq_ignore_ascii_case("hint") {
                let hint = session.show_hint().unwrap_or_default();
                writeln!(out, "Hint: {hint}")?;
                continue;
            }
            match session.answer_input(answer) {
                Ok(feedback) => break feedback,
                Err(_) if answer.is_empty() => {
                    writeln!(out, "No answer given: type one letter from A to {last}, or h for the hint.")?
                }
                Err(_) => writeln!(
                    out,
                    "`{answer}` is not an answer: type one letter from A to {last}, or h for the hint."
                )?,
            }
        };
        let view = session.current().expect("the question just answered is still current");
        if feedback.is_right {
            writeln!(out, "\nRight: the answer is {}.", feedback.correct_letter())?;
        } else {
            writeln!(
                out,
                "\nWrong: you chose {}; the answer is {}.",
                feedback.chosen_letter(),
                feedback.correct_letter()
            )?;
        }
        writeln!(out, "Why each option:")?;
        for (shown, option) in view.options.iter().enumerate() {
            let verdict = if option.is_answer { "right" } else { "wrong" };
            let mine = if shown == feedback.chosen { ", your choice" } else { "" };
            writeln!(out, "  {} ({verdict}{mine}): {}", option.letter, option.option.why)?;
        }
        writeln!(out, "Solution:")?;
        for (index, step) in view.question.solution_steps(feedback.correct_letter()).iter().enumerate() {
            writeln!(out, "  {}. {step}", index + 1)?;
        }
        writeln!(out, "Common mistakes:")?;
        for mistake in &view.question.mistakes {
            writeln!(out, "  - {mistake}")?;
        }
        writeln!(out)?;
        session.advance();
    }
    if ended_early {
        let skipped = session.end_early();
        let plural = if skipped == 1 { "question was" } else { "questions were" };
        writeln!(out, "End of input: {skipped} {plural} not answered and count as wrong.")?;
    }
    let score = session.score();
    write_score(&mut out, &session, &score)?;
    Ok(PlainRun { score, ended_early })
}

/// The review first, then the score, so the output ends with `score: X/Y` and its breakdown.
fn write_score(out: &mut impl Write, session: &QuizSession, score: &Score) -> io::Result<()> {
    let missed = session.missed();
    if !missed.is_empty() {
        writeln!(out, "Missed questions (review them, or run the quiz again):")?;
        for question in missed {
            writeln!(
                out,
                "  - {} ({}, {}): the answer is \"{}\"",
                question.id,
                question.difficulty.name(),
                question.topic,
                question.options[question.answer].text
            )?;
        }
    }
    writeln!(out, "hints used: {}", score.hints_used)?;
    writeln!(out, "score: {}/{}", score.right, score.total)?;
    for difficulty in Difficulty::ALL {
        let tally = score.tally(difficulty);
        writeln!(out, "  {}: {}/{}", difficulty.name(), tally.right, tally.total)?;
    }
    Ok(())
}
