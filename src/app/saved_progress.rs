//! The learner's saved progress, kept in step with the tutorial: screens done, where they were,
//! the best quiz score. The state only marks what changed; the event loop writes the file and
//! reports back.

use super::{App, Overlay};
use crate::progress::{Progress, ProgressStore};

/// The learner's progress file and what is in it.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedProgress {
    pub store: ProgressStore,
    pub progress: Progress,
    /// Changed since the last save.
    pub dirty: bool,
    /// The last save failure shown, so a disk that keeps failing the same way is reported once.
    pub last_failure: Option<String>,
}

impl App {
    /// Attaches saved progress: done marks come back, and if the learner was somewhere else last
    /// time (and no `--step` was given) they are offered to continue there. `warning` (a damaged
    /// or unreadable file) is shown until the next key.
    pub fn attach_progress(&mut self, store: ProgressStore, progress: Progress, warning: Option<String>) {
        for index in 0..self.screens.len() {
            if progress.is_completed(self.screen_id(index)) {
                self.done.insert(index);
            }
        }
        let last = progress
            .last_screen
            .as_deref()
            .and_then(|id| (0..self.screens.len()).find(|&i| self.screen_id(i) == id));
        if let Some(target) = last
            && target != self.current
            && self.current == 0
        {
            self.overlay = Some(Overlay::Resume { target });
        }
        let challenges = &mut self.labs.challenges;
        for kind in crate::labs::challenges::ChallengeKind::ALL {
            if progress.challenges_solved.contains(kind.id()) {
                challenges.solved.insert(kind);
            }
            if progress.challenges_revealed.contains(kind.id()) {
                challenges.revealed.insert(kind);
            }
        }
        self.status = warning;
        self.saved = Some(SavedProgress { store, progress, dirty: false, last_failure: None });
    }

    /// The progress to write, if it changed; the caller saves it (a side effect) and reports back
    /// with [`App::progress_saved`].
    pub fn progress_to_save(&mut self) -> Option<(ProgressStore, Progress)> {
        let saved = self.saved.as_mut().filter(|saved| saved.dirty)?;
        saved.dirty = false;
        Some((saved.store.clone(), saved.progress.clone()))
    }

    /// The result of a save: a failure is shown once (again only if it changes); the tutorial
    /// carries on.
    pub fn progress_saved(&mut self, result: Result<(), String>) {
        let Some(saved) = &mut self.saved else { return };
        match result {
            Ok(()) => saved.last_failure = None,
            Err(warning) if saved.last_failure.as_ref() != Some(&warning) => {
                self.status = Some(format!("⚠ {warning}"));
                saved.last_failure = Some(warning);
            }
            Err(_) => {}
        }
    }

    pub(super) fn remember(&mut self, change: impl FnOnce(&mut Progress)) {
        if let Some(saved) = &mut self.saved {
            let before = saved.progress.clone();
            change(&mut saved.progress);
            saved.dirty |= saved.progress != before;
        }
    }

    pub(super) fn mark_done(&mut self, index: usize) {
        self.done.insert(index);
        let id = self.screen_id(index).to_string();
        self.remember(|progress| progress.mark_completed(&id));
    }
}
