//! Presenter mode (`--presenter`): a speaker-notes panel on every screen that has notes, the
//! labs' results hidden after each action until the teacher reveals them (`v`), roomier panels;
//! and, in any mode, zoom (`z`) and the compact one-panel layout for big projector fonts.

use super::{App, PanelId};
use crate::lessons::{Inline, PanelKind};

impl App {
    /// The speaker notes of the screen on show: its lesson's, or the quiz file's.
    pub fn teacher_notes(&self) -> &[Vec<Inline>] {
        match self.lesson() {
            Some(lesson) => &lesson.teacher_notes,
            None => &self.course.quiz.teacher_notes,
        }
    }

    /// Whether the focused screen's results are being kept from the room.
    pub fn results_hidden(&self) -> bool {
        self.presenter && !self.revealed
    }

    /// Whether `panel` shows a result the room should predict first (a scenario's response, an
    /// attack's verdict, a scaling request's outcome).
    pub fn has_results(panel: PanelId) -> bool {
        matches!(panel, PanelId::Live(PanelKind::Scenarios | PanelKind::Attacks | PanelKind::Scaling))
    }

    /// The footer word for `v` on this screen, in presenter mode.
    pub fn presenter_reveal_word(&self) -> Option<&'static str> {
        if !self.presenter || !self.panels().into_iter().any(Self::has_results) {
            return None;
        }
        Some(if self.revealed { "hide" } else { "reveal" })
    }
}
