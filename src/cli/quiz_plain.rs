//! `quiz --plain`: the quiz as plain lines on stdin/stdout, for screen readers, scripts and
//! terminals without the TUI; with `--json` the questions go to stderr and the result to stdout.
//!
//! Two kinds of quiz: the exam (the default: 3 easy, 4 medium and 3 hard questions drawn from the
//! bank with a seed it prints, options shuffled with the same seed, so `quiz --seed N` gives a whole
//! class the same paper), and `--practice` (spaced repetition over the Leitner boxes saved in
//! progress). Every answer moves its question's box (unless `--classroom`, which writes nothing).
//!
//! Reads one answer per line: a letter (any case) or the option's number; `h` or `hint` shows the
//! hint. Anything else is asked again with a message saying what is allowed. Exit codes: 0 when
//! every question was answered (whatever the score), 1 when input ended early (the remaining
//! questions are counted wrong and the score is still printed), 1 for lesson-file problems and
//! when stdout cannot be written, 2 for usage errors and malformed input (stdin that is not UTF-8
//! text, or a line over [`MAX_ANSWER_LINE_BYTES`]).

use std::io::{self, BufRead, IsTerminal, Write};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use super::lessons_cmd::course_or_report;
use super::output::{ensure_stdout_is_open, write_failure};
use super::tutorial;
use super::{CliError, CliResult, TuiArgs, exit};
use crate::lessons::model::{Course, Difficulty, Question};
use crate::progress::{Progress, ProgressStore};
use crate::quiz::draw::{self, QuizMode};
use crate::quiz::{OptionOrder, Outcome, QuizSession, Score};
use crate::tui::Opening;

/// The seed `--demo` uses for the quiz, so a recorded demo shows the same draw every time.
pub const DEMO_SHUFFLE_SEED: u64 = 2026;

#[derive(Debug, clap::Args)]
pub struct QuizArgs {
    /// Plain text on stdin/stdout instead of the terminal UI (works piped, with no terminal). Without it,
    /// the tutorial opens on its quiz screen
    #[arg(long)]
    pub plain: bool,
    /// Spaced repetition instead of the exam: 10 questions, those missed last time first, then those not
    /// seen for longest; a right answer moves a question up a box, a miss back to box 1
    #[arg(long)]
    pub practice: bool,
    /// For a class: no score or box is saved (with --plain, progress is not even read: practice starts as
    /// for a new learner); on the quiz screen each question also waits for Enter before marking
    #[arg(long)]
    pub classroom: bool,
    /// The seed of the exam's draw and of the option order (the quiz prints the one it used): the same
    /// seed gives everyone the same questions and letters
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// With --plain: print the result as JSON on stdout (score, per difficulty, seed, each question's id
    /// and result); the questions then go to stderr
    #[arg(long, requires = "plain")]
    pub json: bool,
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

/// The seed of a quiz: `--seed`, else [`DEMO_SHUFFLE_SEED`] under `--demo`, else a fresh one.
pub fn quiz_seed(seed: Option<u64>, demo: bool) -> u64 {
    match (seed, demo) {
        (Some(seed), _) => seed,
        (None, true) => DEMO_SHUFFLE_SEED,
        (None, false) => rand::random(),
    }
}

/// What a quiz asks: its kind, its seed and its questions in order.
#[derive(Debug, Clone, PartialEq)]
pub struct QuizPlan {
    pub mode: QuizMode,
    pub seed: u64,
    pub questions: Vec<Question>,
}

impl QuizPlan {
    /// The exam drawn with `seed`, or a practice round from `progress`'s boxes.
    pub fn new(course: &Course, mode: QuizMode, seed: u64, progress: &Progress) -> Self {
        let questions = match mode {
            QuizMode::Exam => draw::exam(&course.quiz.questions, seed),
            QuizMode::Practice => draw::practice(&course.quiz.questions, &progress.quiz_boxes, seed),
        };
        QuizPlan { mode, seed, questions }
    }
}

/// How a plain quiz run ended.
#[derive(Debug, Clone, PartialEq)]
pub struct PlainRun {
    pub score: Score,
    /// Input ended before the last question was answered.
    pub ended_early: bool,
    /// Each question's id, difficulty and outcome, in the order asked.
    pub results: Vec<(String, Difficulty, Outcome)>,
}

pub fn run(args: QuizArgs, common: &TuiArgs) -> CliResult {
    // Presenting is teaching too: the room's answers are no learner's.
    let classroom = common.classroom || args.classroom || common.presenter;
    let seed = quiz_seed(args.seed, common.demo);
    let mode = if args.practice { QuizMode::Practice } else { QuizMode::Exam };
    if !args.plain {
        let tui_args = TuiArgs { classroom, ..common.clone() };
        return tutorial::run(&tui_args, Opening::Quiz(mode), Some(seed));
    }
    let course = match course_or_report(common.lessons.as_deref()) {
        Ok(course) => course,
        Err(result) => return result,
    };
    // A class's run is not the teacher's learning: nothing is read (a damaged file would be moved
    // aside) or saved, and practice starts as for a new learner.
    let store = if classroom { None } else { ProgressStore::default_location() };
    let progress = match &store {
        Some(store) => {
            let (progress, warning) = store.load();
            if let Some(warning) = warning {
                eprintln!("warning: {warning}");
            }
            progress
        }
        None => Progress::default(),
    };
    let plan = QuizPlan::new(&course, mode, seed, &progress);
    ensure_stdout_is_open()?;
    let stdin = io::stdin();
    let echo_answers = !stdin.is_terminal();
    let to_cli_error = |error| match error {
        PlainError::Input(message) => CliError::usage(message),
        PlainError::Output(error) => write_failure(error),
    };
    let run = if args.json {
        run_plain(&course, &plan, stdin.lock(), io::stderr().lock(), echo_answers).map_err(to_cli_error)?
    } else {
        run_plain(&course, &plan, stdin.lock(), io::stdout().lock(), echo_answers).map_err(to_cli_error)?
    };
    if args.json {
        let json = serde_json::to_string_pretty(&result_json(&plan, &run)).expect("plain data");
        writeln!(io::stdout().lock(), "{json}").map_err(write_failure)?;
    }
    if let Some(store) = store {
        remember(&store, &plan, &run);
    }
    Ok(if run.ended_early { ExitCode::from(exit::REJECTED) } else { ExitCode::SUCCESS })
}

/// Every answered question moves its box; a finished exam may be the best score (a practice round
/// picks the weakest questions, so its score is not comparable).
fn remember(store: &ProgressStore, plan: &QuizPlan, run: &PlainRun) {
    let (mut progress, _) = store.load();
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_secs());
    for (id, _, outcome) in &run.results {
        match outcome {
            Outcome::Right => progress.record_answer(id, true, now),
            Outcome::Wrong => progress.record_answer(id, false, now),
            Outcome::NotAnswered | Outcome::Skipped => {}
        }
    }
    if plan.mode == QuizMode::Exam && !run.ended_early {
        progress.record_quiz(run.score.right, run.score.total);
    }
    if let Err(warning) = store.save(&progress) {
        eprintln!("warning: {warning}");
    }
}

/// The result to share: `{mode, seed, complete, score, by_difficulty, hints_used, questions: [{id,
/// difficulty, result}]}` with `result` one of `right`, `wrong`, `unanswered`.
pub fn result_json(plan: &QuizPlan, run: &PlainRun) -> serde_json::Value {
    let tally = |difficulty| {
        let tally = run.score.tally(difficulty);
        serde_json::json!({ "right": tally.right, "total": tally.total })
    };
    let questions: Vec<serde_json::Value> = run
        .results
        .iter()
        .map(|(id, difficulty, outcome)| {
            let result = match outcome {
                Outcome::Right => "right",
                Outcome::Wrong => "wrong",
                Outcome::NotAnswered | Outcome::Skipped => "unanswered",
            };
            serde_json::json!({ "id": id, "difficulty": difficulty.name(), "result": result })
        })
        .collect();
    serde_json::json!({
        "mode": plan.mode.name(),
        "seed": plan.seed,
        "complete": !run.ended_early,
        "score": { "right": run.score.right, "total": run.score.total },
        "by_difficulty": {
            "easy": tally(Difficulty::Easy),
            "medium": tally(Difficulty::Medium),
            "hard": tally(Difficulty::Hard),
        },
        "hints_used": run.score.hints_used,
        "questions": questions,
    })
}

/// Runs the whole quiz over `input`/`out`. `echo_answers` repeats each answer after the prompt,
/// so a piped transcript reads like a terminal session.
pub fn run_plain(
    course: &Course,
    plan: &QuizPlan,
    mut input: impl BufRead,
    mut out: impl Write,
    echo_answers: bool,
) -> Result<PlainRun, PlainError> {
    let mut lines_read = 0;
    let mut session = QuizSession::new(&plan.questions, OptionOrder::Shuffled { seed: plan.seed });
    let (title, seed, count) = (&course.quiz.title, plan.seed, session.len());
    match plan.mode {
        QuizMode::Exam => writeln!(
            out,
            "{title}: exam of {count} questions, seed {seed} (`quiz --seed {seed}` gives the same questions and letters)."
        )?,
        QuizMode::Practice => writeln!(
            out,
            "{title}: practice of {count} questions, missed ones first, then those not seen for longest (seed {seed})."
        )?,
    }
    writeln!(out, "Answer each with a letter (or its number); type h for a hint.\n")?;
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
    let results = session
        .outcomes()
        .map(|(question, outcome)| (question.id.clone(), question.difficulty, outcome))
        .collect();
    Ok(PlainRun { score, ended_early, results })
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
