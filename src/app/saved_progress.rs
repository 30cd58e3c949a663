//! The learner's saved progress, kept in step with the tutorial: screens done, where they were,
//! the best quiz score. The state only marks what changed; the event loop writes the file and
//! reports back.

use super::panels::quiz::Practice;
use super::tasks::{self, ScreenProgress, Task};
use super::{App, Overlay};
use crate::exercises::checks::StepReport;
use crate::progress::{Progress, ProgressStore};
use crate::quiz::draw::QuizMode;

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
    /// Attaches saved progress: seen screens, done tasks and solved and revealed challenges come
    /// back (and with them the done marks, which follow from the tasks), and if the learner was somewhere else last time (and no
    /// `--step` was given) they are offered to continue there. `warning` (a damaged or unreadable
    /// file) is shown until the next key.
    pub fn attach_progress(&mut self, store: ProgressStore, progress: Progress, warning: Option<String>) {
        for index in 0..self.screens.len() {
            if progress.is_seen(self.screen_id(index)) {
                self.seen.insert(index);
            }
        }
        self.tasks_done.extend(progress.tasks_done.iter().cloned());
        self.tasks_done.extend(tasks::exercise_tasks_done(&self.course, &progress.exercise_steps_passed));
        if let Some(dir) = &progress.exercise_dir {
            self.exercise.dir = Some(dir.clone());
            self.exercise.watch_wanted = Some(dir.clone());
            // Opened on a step screen (`--step`, or continuing there): its checks run now.
            self.check_exercise_step();
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
        // What this run did before the file was attached (the first screen was seen) is saved too.
        let seen: Vec<String> = self.seen.iter().map(|&index| self.screen_id(index).to_string()).collect();
        let tasks: Vec<String> = self.tasks_done.iter().cloned().collect();
        self.remember(|progress| {
            seen.iter().for_each(|id| progress.mark_seen(id));
            tasks.iter().for_each(|id| progress.mark_task_done(id));
        });
        self.refresh_done();
        // A quiz left half done comes back where it was (not in a classroom: that is not the
        // learner's quiz); else a practice round is scheduled from the boxes, which arrive only now.
        let resumed = self
            .practice
            .as_ref()
            .filter(|practice| !practice.classroom && !practice.has_answers())
            .and_then(|practice| {
                let record = self.saved.as_ref()?.progress.quiz_to_resume()?;
                Practice::resume(&self.course.quiz.questions, record, practice.classroom)
            });
        if let Some(resumed) = resumed {
            self.practice = Some(resumed);
        } else if let Some(practice) = &self.practice
            && practice.mode == QuizMode::Practice
            && practice.session.position() == 0
            && practice.session.current().is_some_and(|view| view.feedback.is_none())
        {
            let (order, classroom) = (practice.order, practice.classroom);
            self.start_quiz(QuizMode::Practice, order, classroom);
        }
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

    pub(super) fn mark_seen(&mut self, index: usize) {
        self.seen.insert(index);
        let id = self.screen_id(index).to_string();
        self.remember(|progress| progress.mark_seen(&id));
        self.refresh_done();
    }

    /// Records a finished task (an id from [`super::tasks`]).
    pub(crate) fn mark_task_done(&mut self, task_id: String) {
        self.remember(|progress| progress.mark_task_done(&task_id));
        self.tasks_done.insert(task_id);
        self.refresh_done();
    }

    /// Records a run of one exercise step's checks: when every check passed, the step is saved as
    /// passed and the exercise task of each screen of that step is done. A later failing run
    /// takes nothing back: done marks only grow, as everywhere in progress.
    pub fn exercise_checked(&mut self, report: &StepReport) {
        if !report.passed() {
            return;
        }
        let step = report.step;
        self.remember(|progress| progress.mark_exercise_step_passed(step));
        let passed = std::collections::BTreeSet::from([step]);
        let ids: Vec<String> = tasks::exercise_tasks_done(&self.course, &passed).collect();
        self.tasks_done.extend(ids);
        self.refresh_done();
    }

    /// The tasks of screen `index`.
    pub fn tasks_of(&self, index: usize) -> Vec<Task> {
        tasks::screen_tasks(&self.course, self.screens[index])
    }

    /// Whether task `task_id` is done: a challenge when solved, any other task when recorded.
    pub fn is_task_done(&self, task_id: &str) -> bool {
        tasks::is_task_done(task_id, &|id| self.tasks_done.contains(id), &|kind| {
            self.labs.challenges.solved.contains(&kind)
        })
    }

    /// Where screen `index` stands: not seen, seen, or done (seen and every task done).
    pub fn screen_progress(&self, index: usize) -> ScreenProgress {
        tasks::screen_state(
            self.screen_id(index),
            &self.tasks_of(index),
            &|_| self.seen.contains(&index),
            &|task| self.is_task_done(task),
        )
    }

    /// Recomputes which screens are done; done screens are also saved as `completed`, for older
    /// copies of the tutorial reading the same file.
    pub(super) fn refresh_done(&mut self) {
        let done: Vec<usize> = (0..self.screens.len())
            .filter(|&index| self.screen_progress(index) == ScreenProgress::Done)
            .collect();
        for index in done {
            self.done.insert(index);
            let id = self.screen_id(index).to_string();
            self.remember(|progress| progress.mark_completed(&id));
        }
    }
}
