//! The quiz screen's panel, over `crate::quiz::QuizSession`: the exam by default, practice
//! (Leitner boxes) on `m`; keys choose, answer, reveal (classroom mode), show the hint, move on, and
//! retry the missed questions; the footer words for each sit beside them. Each first-round answer
//! moves its question's box in progress, unless `--classroom`.

use std::collections::BTreeMap;

use super::{Commands, PanelKeys};
use crate::app::{Action, App, PanelId, Screen};
use crate::lessons::Question;
use crate::progress::{QuizAnswer, QuizBox, QuizInProgress};
use crate::quiz::draw::{self, QuizMode};
use crate::quiz::{OptionOrder, QuizSession, Score};

#[derive(Debug, Clone, PartialEq)]
pub struct Practice {
    pub session: QuizSession,
    /// The exam (drawn with the seed) or a practice round (from the boxes).
    pub mode: QuizMode,
    /// The draw's seed and the option order (`Fixed` only in tests: file order, seed 0 for the draw).
    pub order: OptionOrder,
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
    /// A quiz over the bank `questions`: the exam drawn with `order`'s seed, or a practice round
    /// scheduled from `boxes`.
    pub fn new(
        questions: &[Question],
        boxes: &BTreeMap<String, QuizBox>,
        mode: QuizMode,
        order: OptionOrder,
        classroom: bool,
    ) -> Self {
        let asked = match mode {
            QuizMode::Exam => draw::exam(questions, order.seed().unwrap_or(0)),
            QuizMode::Practice => draw::practice(questions, boxes, order.seed().unwrap_or(0)),
        };
        Self {
            session: QuizSession::new(&asked, order),
            mode,
            order,
            classroom,
            selected: 0,
            round: 1,
            first_score: None,
        }
    }

    /// The quiz `record` left half done, at the question after its last answer; `None` when the
    /// bank no longer has one of its questions or an answer no longer fits.
    pub fn resume(questions: &[Question], record: &QuizInProgress, classroom: bool) -> Option<Self> {
        let mode =
            [QuizMode::Exam, QuizMode::Practice].into_iter().find(|mode| mode.name() == record.mode)?;
        let asked: Vec<Question> = record
            .ids
            .iter()
            .map(|id| questions.iter().find(|question| question.id == *id).cloned())
            .collect::<Option<_>>()?;
        let order = record.seed.map_or(OptionOrder::Fixed, |seed| OptionOrder::Shuffled { seed });
        let mut session = QuizSession::new(&asked, order);
        for answer in &record.answers {
            if answer.hint {
                session.show_hint();
            }
            session.answer(answer.option).ok()?;
            session.advance();
        }
        (!session.is_finished()).then_some(Self {
            session,
            mode,
            order,
            classroom,
            selected: 0,
            round: 1,
            first_score: None,
        })
    }

    /// Where this quiz stands, to save at `now`: the questions and the answers so far; once it
    /// is over, that nothing is left to resume.
    pub fn place(&self, now: u64) -> QuizInProgress {
        if self.session.is_finished() {
            return QuizInProgress::none_since(now);
        }
        let views = (0..self.session.len()).map_while(|index| self.session.view(index));
        let ids = views.clone().map(|view| view.question.id.clone()).collect();
        let answers = views
            .map_while(|view| view.feedback)
            .map(|feedback| QuizAnswer { option: feedback.chosen, hint: feedback.hint_used })
            .collect();
        QuizInProgress {
            saved_at: now,
            mode: self.mode.name().to_string(),
            seed: self.order.seed(),
            ids,
            answers,
        }
    }

    /// Whether any question of this round has been answered.
    pub fn has_answers(&self) -> bool {
        self.session.position() > 0 || self.is_answered()
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

pub struct QuizPanel;

impl PanelKeys for QuizPanel {
    fn commands(&self, app: &App) -> Commands {
        Commands { enter: app.quiz_enter_word(), edit: None }
    }

    fn activate(&self, app: &mut App) {
        let finished = app.practice.as_ref().is_some_and(|practice| practice.session.is_finished());
        if finished {
            return app.update(Action::NextScreen);
        }
        if let Some(step) = app.practice.as_mut().map(Practice::activate) {
            app.after_quiz_step(step);
        }
    }

    fn select(&self, app: &mut App, delta: isize) -> bool {
        app.practice.as_mut().is_some_and(|practice| practice.move_selection(delta))
    }
}

impl App {
    /// A letter or digit: answer with (or, in classroom mode, choose) that option.
    pub(crate) fn quiz_choose(&mut self, index: usize) {
        if let Some(step) = self.practice.as_mut().map(|practice| practice.choose(index)) {
            self.after_quiz_step(step);
        }
    }

    /// A new quiz of `mode` over the course's bank (the boxes from saved progress, if any).
    pub(crate) fn start_quiz(&mut self, mode: QuizMode, order: OptionOrder, classroom: bool) {
        let no_boxes = BTreeMap::new();
        let boxes = self.saved.as_ref().map_or(&no_boxes, |saved| &saved.progress.quiz_boxes);
        let questions = &self.course.quiz.questions;
        self.practice =
            (!questions.is_empty()).then(|| Practice::new(questions, boxes, mode, order, classroom));
        self.scrolls.remove(&(self.current, PanelId::Quiz));
    }

    /// `m`: from the exam to practice and back, starting afresh (answers given so far are already
    /// in the boxes).
    pub(crate) fn quiz_switch_mode(&mut self) {
        let Some(practice) = &self.practice else { return };
        let mode = match practice.mode {
            QuizMode::Exam => QuizMode::Practice,
            QuizMode::Practice => QuizMode::Exam,
        };
        let (order, classroom) = (practice.order, practice.classroom);
        self.start_quiz(mode, order, classroom);
        self.remember_quiz_place();
    }

    /// The footer word for `m`: the mode it switches to.
    pub(crate) fn quiz_switch_word(&self) -> Option<&'static str> {
        if self.screen() != Screen::Quiz {
            return None;
        }
        Some(match self.practice.as_ref()?.mode {
            QuizMode::Exam => "practice",
            QuizMode::Practice => "exam",
        })
    }

    /// `h`.
    pub(crate) fn quiz_hint(&mut self) {
        if let Some(practice) = &mut self.practice {
            practice.hint();
        }
    }

    /// `r`: the missed questions again, from the top of the panel.
    pub(crate) fn quiz_retry_missed(&mut self) {
        if self.practice.as_mut().is_some_and(Practice::retry_missed) {
            self.scrolls.remove(&(self.current, PanelId::Quiz));
        }
    }

    /// After answering or moving on in the quiz: back to the top of the panel, and at the end
    /// the quiz counts as done and its score is remembered.
    pub(crate) fn after_quiz_step(&mut self, step: Step) {
        let Some(practice) = &self.practice else { return };
        let (classroom, exam) = (practice.classroom, practice.mode == QuizMode::Exam);
        match step {
            Step::Nothing => {}
            Step::Answered => {
                // Retry rounds come right after a miss: only the first answer says what is known.
                let answer = practice.session.current().filter(|_| practice.round == 1).and_then(|view| {
                    view.feedback.map(|feedback| (view.question.id.clone(), feedback.is_right))
                });
                let now = u64::try_from(self.now).unwrap_or(0);
                if let Some((id, right)) = answer.filter(|_| !classroom) {
                    self.remember(|progress| progress.record_answer(&id, right, now));
                }
            }
            Step::Finished => {
                self.mark_task_done(crate::app::tasks::quiz_task_id(&self.course.quiz.id));
                let first = self.practice.as_ref().and_then(|practice| practice.first_score);
                // A practice round picks the weakest questions: its score is not an exam's. In a
                // classroom (or presenting) the answers are the room's, chosen at the teacher's
                // keyboard: no learner's score to keep.
                if let Some(score) = first.filter(|_| exam && !classroom) {
                    self.remember(|progress| {
                        progress.record_quiz(score.right, score.total);
                    });
                }
            }
        }
        if step != Step::Nothing {
            self.remember_quiz_place();
        }
        if step != Step::Answered {
            self.scrolls.remove(&(self.current, PanelId::Quiz));
        }
    }

    /// Saves where the quiz stands, so quitting mid-quiz loses nothing: the first round only (a
    /// retry of the missed questions follows a finished quiz), and never in a classroom.
    pub(crate) fn remember_quiz_place(&mut self) {
        let Some(practice) =
            self.practice.as_ref().filter(|practice| practice.round == 1 && !practice.classroom)
        else {
            return;
        };
        let place = practice.place(u64::try_from(self.now).unwrap_or(0));
        self.remember(|progress| progress.set_quiz_in_progress(place));
    }

    /// What a letter does on the quiz right now, if a question is waiting for an answer.
    pub(crate) fn quiz_answer_word(&self) -> Option<&'static str> {
        if self.screen() != Screen::Quiz {
            return None;
        }
        let practice = self.practice.as_ref()?;
        let view = practice.session.current()?;
        match (view.feedback, practice.classroom) {
            (Some(_), _) => None,
            (None, true) => Some("choose"),
            (None, false) => Some("answer"),
        }
    }

    /// What Enter does on the quiz right now.
    fn quiz_enter_word(&self) -> Option<&'static str> {
        let practice = self.practice.as_ref()?;
        let Some(view) = practice.session.current() else { return Some("summary") };
        Some(match (view.feedback, practice.classroom) {
            (Some(_), _) if view.number == view.total => "see the score",
            (Some(_), _) => "next question",
            (None, true) => "reveal",
            (None, false) => "answer",
        })
    }

    /// Whether `r` retries missed questions here: the quiz is over and some were missed.
    pub(crate) fn quiz_offers_retry(&self) -> bool {
        self.screen() == Screen::Quiz
            && self.practice.as_ref().is_some_and(|practice| {
                practice.session.is_finished() && !practice.session.missed().is_empty()
            })
    }
}
