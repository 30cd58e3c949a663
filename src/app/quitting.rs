//! Quitting without losing work by accident: q or Esc at the top level asks first when the
//! tutorial holds something that is not saved (a login, a lab's state, a quiz half done); Ctrl-C
//! quits at once. Saved progress (done marks, where the learner was) is written either way by the
//! event loop on its way out.

use super::{App, Overlay, Screen};

impl App {
    /// What quitting now would throw away, in the learner's words; empty when nothing.
    pub fn unsaved_work(&self) -> Vec<&'static str> {
        let engine = &self.engine;
        let mut lost = Vec::new();
        if engine.token.is_some() || engine.last_exchange.is_some() || !engine.jar.entries().is_empty() {
            lost.push("your login and the server's sessions");
        }
        if engine.rehash.is_some() || engine.rotation.is_some() || !engine.scenario_runs.is_empty() {
            lost.push("the server's changed secret or password hash, and the scenarios you ran");
        }
        if self.labs.scaling.is_started() || !self.labs.attacks.reports.is_empty() {
            lost.push("the labs' servers and results");
        }
        if self.quiz_is_under_way() {
            lost.push("the quiz answers so far");
        }
        lost
    }

    /// A quiz with answers that quitting would lose: a first round is saved as it goes (and
    /// resumed at the next start) unless there is no progress file or it is a classroom's; a retry
    /// round is not saved.
    fn quiz_is_under_way(&self) -> bool {
        self.practice.as_ref().is_some_and(|practice| {
            let saved_as_it_goes = self.saved.is_some() && !practice.classroom && practice.round == 1;
            if saved_as_it_goes {
                return false;
            }
            let session = &practice.session;
            let answered_current = session.current().is_some_and(|view| view.feedback.is_some());
            !session.is_finished() && (session.position() > 0 || answered_current)
        })
    }

    /// q or Esc at the top level: quit, or ask first when work would be lost; q, y or Enter on
    /// that question quits.
    pub(super) fn quit(&mut self) {
        if matches!(self.overlay, Some(Overlay::ConfirmQuit { .. })) {
            self.should_quit = true;
            return;
        }
        let lost = self.unsaved_work();
        if lost.is_empty() {
            self.should_quit = true;
        } else {
            self.editing = None;
            self.overlay = Some(Overlay::ConfirmQuit { lost });
        }
    }

    /// Whether the learner is on the quiz screen (used by the prompt's wording).
    pub fn on_quiz(&self) -> bool {
        self.screen() == Screen::Quiz
    }
}
