//! A quiz session, independent of any UI: `quiz --plain` and the TUI's quiz screen both drive it.
//! Which questions it asks is [`draw`]'s job (the exam's mix from a seed, or practice from the boxes).
//!
//! Options are shuffled by a seeded RNG (the quiz shows the seed, so a class sharing it sees the same
//! A/B/C/D; file order is for tests); a shuffled session keeps, per question, the map from shown
//! position to the option in the file, so marking is always against the right option.
//!
//! Flow: [`QuizSession::current`] shows the question, [`QuizSession::show_hint`] records that the
//! hint was seen, [`QuizSession::answer`] marks it and returns [`Feedback`], [`QuizSession::advance`]
//! moves on. At the end, [`QuizSession::score`], [`QuizSession::missed`] and
//! [`QuizSession::retry_missed`].

pub mod draw;

use std::fmt;

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use crate::lessons::model::{Difficulty, Question, QuizOption, letter_index, option_letter};

/// How the options of each question are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionOrder {
    /// As written in the quiz file.
    Fixed,
    /// Shuffled per question by a generator seeded with this value.
    Shuffled { seed: u64 },
}

impl OptionOrder {
    /// The seed of a shuffled order.
    pub fn seed(self) -> Option<u64> {
        match self {
            OptionOrder::Fixed => None,
            OptionOrder::Shuffled { seed } => Some(seed),
        }
    }

    /// A shuffle with a fresh seed from the operating system.
    pub fn shuffled_from_os() -> Self {
        OptionOrder::Shuffled { seed: rand::random() }
    }
}

/// What became of one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    NotAnswered,
    Right,
    Wrong,
    /// The session ended (e.g. end of input) before this question was answered; counts as wrong.
    Skipped,
}

/// The result of answering one question. Positions are in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Feedback {
    pub chosen: usize,
    pub correct: usize,
    pub is_right: bool,
    pub hint_used: bool,
}

impl Feedback {
    pub fn chosen_letter(&self) -> char {
        option_letter(self.chosen)
    }
    pub fn correct_letter(&self) -> char {
        option_letter(self.correct)
    }
}

/// Why an answer was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerError {
    /// The input names no option of the current question.
    NoSuchOption {
        input: String,
        last_letter: char,
    },
    AlreadyAnswered,
    Finished,
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnswerError::NoSuchOption { input, last_letter } => {
                write!(f, "`{input}` is not an option: answer with one letter from A to {last_letter}")
            }
            AnswerError::AlreadyAnswered => write!(f, "this question is already answered"),
            AnswerError::Finished => write!(f, "the quiz is over"),
        }
    }
}

/// One option as shown: its letter in display order, the option, and whether it is the answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShownOption<'a> {
    pub letter: char,
    pub option: &'a QuizOption,
    pub is_answer: bool,
    /// Position of this option in the quiz file.
    pub file_index: usize,
}

/// Everything a UI needs to draw the current question (and, once answered, the feedback).
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionView<'a> {
    /// 1-based position in this session.
    pub number: usize,
    pub total: usize,
    pub question: &'a Question,
    /// In display order.
    pub options: Vec<ShownOption<'a>>,
    /// The hint text once [`QuizSession::show_hint`] was called for this question.
    pub hint: Option<&'a str>,
    pub feedback: Option<Feedback>,
}

impl QuestionView<'_> {
    /// The last letter that names an option (`'D'` for four options).
    pub fn last_letter(&self) -> char {
        option_letter(self.options.len() - 1)
    }
}

#[derive(Debug, Clone, PartialEq)]
struct Item {
    question: Question,
    /// `order[shown position] = index in the file`.
    order: Vec<usize>,
    hint_shown: bool,
    feedback: Option<Feedback>,
    outcome: Outcome,
}

impl Item {
    fn shown_answer(&self) -> usize {
        self.order
            .iter()
            .position(|&file_index| file_index == self.question.answer)
            .expect("the answer is shown")
    }
}

/// Right and total for one group of questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    pub right: usize,
    pub total: usize,
}

/// The score of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Score {
    pub right: usize,
    pub total: usize,
    pub easy: Tally,
    pub medium: Tally,
    pub hard: Tally,
    /// Questions whose hint was shown before answering.
    pub hints_used: usize,
    /// Questions never answered (end of input), included in `total` as wrong.
    pub skipped: usize,
}

impl Score {
    pub fn tally(&self, difficulty: Difficulty) -> Tally {
        match difficulty {
            Difficulty::Easy => self.easy,
            Difficulty::Medium => self.medium,
            Difficulty::Hard => self.hard,
        }
    }

    fn tally_mut(&mut self, difficulty: Difficulty) -> &mut Tally {
        match difficulty {
            Difficulty::Easy => &mut self.easy,
            Difficulty::Medium => &mut self.medium,
            Difficulty::Hard => &mut self.hard,
        }
    }
}

/// A run through a list of questions.
#[derive(Debug, Clone, PartialEq)]
pub struct QuizSession {
    items: Vec<Item>,
    current: usize,
    order: OptionOrder,
}

impl QuizSession {
    /// A session over `questions` in the given order (the quiz file's order).
    pub fn new(questions: &[Question], order: OptionOrder) -> Self {
        let mut rng = match order {
            OptionOrder::Fixed => None,
            OptionOrder::Shuffled { seed } => Some(StdRng::seed_from_u64(seed)),
        };
        let items = questions
            .iter()
            .map(|question| {
                let mut shown: Vec<usize> = (0..question.options.len()).collect();
                if let Some(rng) = rng.as_mut() {
                    shown.shuffle(rng);
                }
                Item {
                    question: question.clone(),
                    order: shown,
                    hint_shown: false,
                    feedback: None,
                    outcome: Outcome::NotAnswered,
                }
            })
            .collect();
        QuizSession { items, current: 0, order }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// 0-based index of the current question; equals `len()` when finished.
    pub fn position(&self) -> usize {
        self.current
    }

    pub fn is_finished(&self) -> bool {
        self.current >= self.items.len()
    }

    pub fn option_order(&self) -> OptionOrder {
        self.order
    }

    /// The current question, or `None` when the session is finished.
    pub fn current(&self) -> Option<QuestionView<'_>> {
        self.view(self.current)
    }

    /// Any question of the session by 0-based index (for a review screen).
    pub fn view(&self, index: usize) -> Option<QuestionView<'_>> {
        let item = self.items.get(index)?;
        let shown_answer = item.shown_answer();
        let options = item
            .order
            .iter()
            .enumerate()
            .map(|(shown, &file_index)| ShownOption {
                letter: option_letter(shown),
                option: &item.question.options[file_index],
                is_answer: shown == shown_answer,
                file_index,
            })
            .collect();
        Some(QuestionView {
            number: index + 1,
            total: self.items.len(),
            question: &item.question,
            options,
            hint: item.hint_shown.then_some(item.question.hint.as_str()),
            feedback: item.feedback,
        })
    }

    /// Shows the current question's hint and records that it was used (only if not yet answered).
    pub fn show_hint(&mut self) -> Option<&str> {
        let item = self.items.get_mut(self.current)?;
        if item.feedback.is_none() {
            item.hint_shown = true;
        }
        Some(item.question.hint.as_str())
    }

    /// Answers the current question with the option at `shown` (display order, 0 = A).
    pub fn answer(&mut self, shown: usize) -> Result<Feedback, AnswerError> {
        let item = self.items.get_mut(self.current).ok_or(AnswerError::Finished)?;
        if item.feedback.is_some() {
            return Err(AnswerError::AlreadyAnswered);
        }
        if shown >= item.order.len() {
            return Err(AnswerError::NoSuchOption {
                input: option_letter(shown.min(25)).to_string(),
                last_letter: option_letter(item.order.len() - 1),
            });
        }
        let correct = item.shown_answer();
        let feedback =
            Feedback { chosen: shown, correct, is_right: shown == correct, hint_used: item.hint_shown };
        item.feedback = Some(feedback);
        item.outcome = if feedback.is_right { Outcome::Right } else { Outcome::Wrong };
        Ok(feedback)
    }

    /// Answers with typed input: one letter (`b` or `B`) or a number (`2` means B).
    pub fn answer_input(&mut self, input: &str) -> Result<Feedback, AnswerError> {
        let count = self.items.get(self.current).ok_or(AnswerError::Finished)?.order.len();
        let shown = parse_choice(input, count).ok_or_else(|| AnswerError::NoSuchOption {
            input: input.trim().to_string(),
            last_letter: option_letter(count - 1),
        })?;
        self.answer(shown)
    }

    /// Moves to the next question; returns false when the session is (now) finished.
    pub fn advance(&mut self) -> bool {
        if self.current < self.items.len() {
            self.current += 1;
        }
        !self.is_finished()
    }

    /// Ends the session now: every unanswered question is marked skipped (counted wrong).
    /// Returns how many were skipped.
    pub fn end_early(&mut self) -> usize {
        let mut skipped = 0;
        for item in &mut self.items[self.current..] {
            if item.outcome == Outcome::NotAnswered {
                item.outcome = Outcome::Skipped;
                skipped += 1;
            }
        }
        self.current = self.items.len();
        skipped
    }

    pub fn outcome(&self, index: usize) -> Option<Outcome> {
        self.items.get(index).map(|item| item.outcome)
    }

    /// The score so far; unanswered questions count in `total` only once the session is over.
    pub fn score(&self) -> Score {
        let mut score = Score::default();
        for item in &self.items {
            let counted = match item.outcome {
                Outcome::NotAnswered => continue,
                Outcome::Right => true,
                Outcome::Wrong => false,
                Outcome::Skipped => {
                    score.skipped += 1;
                    false
                }
            };
            let tally = score.tally_mut(item.question.difficulty);
            tally.total += 1;
            tally.right += usize::from(counted);
            score.total += 1;
            score.right += usize::from(counted);
            score.hints_used += usize::from(item.hint_shown);
        }
        score
    }

    /// Each question's id with what became of it, in session order.
    pub fn outcomes(&self) -> impl Iterator<Item = (&Question, Outcome)> {
        self.items.iter().map(|item| (&item.question, item.outcome))
    }

    /// The questions answered wrong or skipped, in session order.
    pub fn missed(&self) -> Vec<&Question> {
        self.items
            .iter()
            .filter(|item| matches!(item.outcome, Outcome::Wrong | Outcome::Skipped))
            .map(|item| &item.question)
            .collect()
    }

    /// A new session of just the missed questions (same option order mode; a shuffled session
    /// reshuffles with a derived seed), or `None` if nothing was missed.
    pub fn retry_missed(&self) -> Option<QuizSession> {
        let missed: Vec<Question> = self.missed().into_iter().cloned().collect();
        if missed.is_empty() {
            return None;
        }
        let order = match self.order {
            OptionOrder::Fixed => OptionOrder::Fixed,
            OptionOrder::Shuffled { seed } => OptionOrder::Shuffled { seed: seed.wrapping_add(1) },
        };
        Some(QuizSession::new(&missed, order))
    }
}

/// Reads a choice: a letter (`a`-`z`, any case) or a 1-based number, within `count` options.
pub fn parse_choice(input: &str, count: usize) -> Option<usize> {
    let input = input.trim();
    let mut chars = input.chars();
    let index = match (chars.next(), chars.next()) {
        (Some(letter), None) if letter.is_ascii_alphabetic() => letter_index(letter)?,
        _ => input.parse::<usize>().ok()?.checked_sub(1)?,
    };
    (index < count).then_some(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_accept_letters_and_numbers() {
        assert_eq!(parse_choice("b", 4), Some(1));
        assert_eq!(parse_choice(" D ", 4), Some(3));
        assert_eq!(parse_choice("3", 4), Some(2));
        assert_eq!(parse_choice("E", 4), None);
        assert_eq!(parse_choice("0", 4), None);
        assert_eq!(parse_choice("ab", 4), None);
        assert_eq!(parse_choice("", 4), None);
    }
}
