//! The practice quiz as the TUI plays it, over `crate::quiz::QuizSession`: keys choose, answer,
//! reveal (classroom mode), show the hint, move on, and retry the missed questions.

use crate::lessons::Question;
use crate::quiz::{OptionOrder, QuizSession, Score};

#[derive(Debug, Clone, PartialEq)]
pub struct Practice {
    pub session: QuizSession,
    /// `--classroom`: a letter only chooses; Enter reveals, so the room can answer first.
    pub classroom: bool,
    /// The highlighted option, in display order.
    pub selected: usize,
    /// 1 for the full quiz, 2 and up for retries of the missed questions.
    pub round: usize,
    /// The full quiz's score, kept when retrying (it is the one saved as progress).
    pub first_score: Option<Score>,
}

/// What an answer key or Enter did, for the app to react to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Nothing,
    Answered,
    /// The last question was passed: the score is on screen.
    Finished,
}

impl Practice {
    pub fn new(questions: &[Question], order: OptionOrder, classroom: bool) -> Self {
        Self {
            session: QuizSession::new(questions, order),
            classroom,
            selected: 0,
            round: 1,
            first_score: None,
        }
    }

    fn option_count(&self) -> usize {
        self.session.current().map_or(0, |view| view.options.len())
    }

    fn is_answered(&self) -> bool {
        self.session.current().is_some_and(|view| view.feedback.is_some())
    }

    /// A letter or digit: answers at once, or (classroom) only chooses.
    pub fn choose(&mut self, index: usize) -> Step {
        if index >= self.option_count() || self.is_answered() {
            return Step::Nothing;
        }
        self.selected = index;
        if self.classroom {
            return Step::Nothing;
        }
        self.answer_selected()
    }

    fn answer_selected(&mut self) -> Step {
        match self.session.answer(self.selected) {
            Ok(_) => Step::Answered,
            Err(_) => Step::Nothing,
        }
    }

    /// ↑/↓ before answering.
    pub fn move_selection(&mut self, delta: isize) -> bool {
        if self.is_answered() || self.session.is_finished() {
            return false;
        }
        let count = self.option_count();
        if count == 0 {
            return false;
        }
        self.selected = self.selected.saturating_add_signed(delta).min(count - 1);
        true
    }

    /// Enter: answer (or reveal) the highlighted option; after feedback, the next question.
    pub fn activate(&mut self) -> Step {
        if self.session.is_finished() {
            return Step::Nothing;
        }
        if !self.is_answered() {
            return self.answer_selected();
        }
        self.selected = 0;
        if self.session.advance() {
            Step::Nothing
        } else {
            if self.round == 1 {
                self.first_score = Some(self.session.score());
            }
            Step::Finished
        }
    }

    pub fn hint(&mut self) {
        if !self.is_answered() {
            self.session.show_hint();
        }
    }

    /// `r` at the end: a new round with only the missed questions, same option order rule.
    pub fn retry_missed(&mut self) -> bool {
        if !self.session.is_finished() {
            return false;
        }
        let Some(retry) = self.session.retry_missed() else { return false };
        self.session = retry;
        self.round += 1;
        self.selected = 0;
        true
    }
}
