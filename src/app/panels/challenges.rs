//! The challenges panel: the list (↑↓), Enter opens the token workbench on the chosen challenge (after
//! the victim's login has produced the token the attacker captured, on a worker: it runs argon2id),
//! and `s` shows a worked solution once the learner has tried. Solves and reveals are recorded in the
//! saved progress.

use std::collections::BTreeSet;

use super::{Commands, PanelKeys, step_within};
use crate::app::App;
use crate::app::engine::Job;
use crate::app::lab_jobs::LabJob;
use crate::app::workbench::Workbench;
use crate::labs::challenges::{Attempt, Briefing, ChallengeKind};
use crate::lessons::PanelKind;

/// The challenges' state.
#[derive(Debug, Default)]
pub struct ChallengeState {
    /// Index into [`ChallengeKind::ALL`].
    pub selected: usize,
    /// What the attacker starts with, per challenge, once captured.
    pub briefings: Vec<Briefing>,
    /// The last try of each challenge.
    pub attempts: Vec<Attempt>,
    /// Solved challenges (this run and saved ones).
    pub solved: BTreeSet<ChallengeKind>,
    /// Challenges whose worked solution was shown.
    pub revealed: BTreeSet<ChallengeKind>,
    /// The workbench as the learner left it, reopened where they left off.
    pub workbench: Option<Box<Workbench>>,
}

impl ChallengeState {
    pub fn selected_kind(&self) -> ChallengeKind {
        ChallengeKind::ALL[self.selected.min(ChallengeKind::ALL.len() - 1)]
    }

    pub fn briefing(&self, kind: ChallengeKind) -> Option<&Briefing> {
        self.briefings.iter().find(|briefing| briefing.kind == kind)
    }

    pub fn attempt(&self, kind: ChallengeKind) -> Option<&Attempt> {
        self.attempts.iter().find(|attempt| attempt.kind == kind)
    }

    /// "show me" opens only after a try.
    pub fn tried(&self, kind: ChallengeKind) -> bool {
        self.attempt(kind).is_some()
    }
}

pub struct ChallengesPanel;

impl PanelKeys for ChallengesPanel {
    fn commands(&self, _app: &App) -> Commands {
        Commands { enter: Some("open workbench"), edit: None }
    }

    fn activate(&self, app: &mut App) {
        let kind = app.labs.challenges.selected_kind();
        app.open_challenge(kind);
    }

    fn select(&self, app: &mut App, delta: isize) -> bool {
        let state = &mut app.labs.challenges;
        state.selected = step_within(state.selected, delta, ChallengeKind::ALL.len());
        true
    }

    fn reveal_word(&self, app: &App) -> Option<&'static str> {
        let state = &app.labs.challenges;
        state.tried(state.selected_kind()).then_some("show me")
    }

    fn reveal(&self, app: &mut App) {
        let kind = app.labs.challenges.selected_kind();
        app.reveal_solution(kind);
    }
}

impl App {
    /// Opens the workbench on `kind`, first capturing the victim's token on a worker if needed.
    pub(crate) fn open_challenge(&mut self, kind: ChallengeKind) {
        if self.labs.challenges.briefing(kind).is_some() {
            self.open_workbench(kind);
            return;
        }
        let Some((users, _)) = self.lab_inputs() else { return };
        let now = self.clock();
        self.engine.start(
            Job::Lab(LabJob::ChallengeBriefing { users, kind, now }),
            "the victim logs in so there is something to steal (argon2id)",
            PanelKind::Challenges,
        );
    }

    /// "show me": the worked solution, only after a try; recorded in progress.
    pub(crate) fn reveal_solution(&mut self, kind: ChallengeKind) {
        if !self.labs.challenges.tried(kind) {
            self.status = Some("show me opens after your first try: forge something and send it".to_string());
            return;
        }
        self.labs.challenges.revealed.insert(kind);
        self.remember(|progress| progress.mark_challenge_revealed(kind.id()));
    }
}
