//! The Check panel: the one or two checkpoint questions that end a lesson screen (from the
//! lesson file's `[[checkpoints]]`). A-D or 1-4 answers the question shown, which finishes its
//! task; the feedback gives every option's why; Enter moves to the next question.

use super::{Commands, PanelId, PanelKeys};
use crate::app::App;
use crate::app::tasks::checkpoint_task_id;
use crate::lessons::Question;

/// One screen's checkpoint questions as answered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckpointState {
    /// Index of the question shown.
    pub shown: usize,
    /// The option chosen for each question answered, by question index.
    pub answers: Vec<Option<usize>>,
}

impl CheckpointState {
    pub fn answer(&self, question: usize) -> Option<usize> {
        self.answers.get(question).copied().flatten()
    }
}

pub struct CheckpointsPanel;

impl PanelKeys for CheckpointsPanel {
    fn commands(&self, app: &App) -> Commands {
        let state = app.checkpoint_state();
        let count = app.lesson().map_or(0, |lesson| lesson.checkpoints.len());
        let answered = state.answer(state.shown).is_some();
        let enter = match (answered, state.shown + 1 < count) {
            (true, true) => Some("next question"),
            (true, false) if count > 1 => Some("first question"),
            _ => None,
        };
        Commands { enter, edit: None }
    }

    fn activate(&self, app: &mut App) {
        let count = app.lesson().map_or(0, |lesson| lesson.checkpoints.len());
        let state = app.checkpoints.entry(app.current).or_default();
        if count > 1 && state.answer(state.shown).is_some() {
            state.shown = (state.shown + 1) % count;
            app.scrolls.remove(&(app.current, PanelId::Checkpoints));
        }
    }
}

impl App {
    /// The current screen's checkpoint answers (empty before the first).
    pub fn checkpoint_state(&self) -> CheckpointState {
        self.checkpoints.get(&self.current).cloned().unwrap_or_default()
    }

    /// The question the Check panel shows, with its index.
    pub fn shown_checkpoint(&self) -> Option<(usize, &Question)> {
        let index = self.checkpoint_state().shown;
        self.lesson()?.checkpoints.get(index).map(|question| (index, question))
    }

    /// A letter on a lesson screen: answers the shown checkpoint when the Check panel has focus
    /// and the question is still open.
    pub(crate) fn checkpoint_choose(&mut self, option: usize) {
        if self.focused_panel() != PanelId::Checkpoints {
            return;
        }
        let Some((index, question)) = self.shown_checkpoint() else { return };
        if option >= question.options.len() || self.checkpoint_state().answer(index).is_some() {
            return;
        }
        let state = self.checkpoints.entry(self.current).or_default();
        if state.answers.len() <= index {
            state.answers.resize(index + 1, None);
        }
        state.answers[index] = Some(option);
        let task = checkpoint_task_id(self.screen_id(self.current), index + 1);
        self.mark_task_done(task);
    }

    /// What a letter does here, if a checkpoint question is waiting for an answer.
    pub(crate) fn checkpoint_answer_word(&self) -> Option<&'static str> {
        if self.focused_panel() != PanelId::Checkpoints {
            return None;
        }
        let (index, _) = self.shown_checkpoint()?;
        self.checkpoint_state().answer(index).is_none().then_some("answer")
    }
}
