//! The attack lab's panel: a list of attacks (↑↓ choose), each thrown at a fresh server by Enter
//! on a worker (its login runs argon2), and the last report of each.

use super::{Commands, PanelKeys, step_within};
use crate::app::App;
use crate::app::engine::Job;
use crate::app::lab_jobs::LabJob;
use crate::app::tasks::{attack_key, lab_task_id};
use crate::labs::attacks::{AttackKind, AttackLab, AttackReport};
use crate::labs::child_rng;
use crate::lessons::PanelKind;

/// The attack screen's state.
#[derive(Debug, Default)]
pub struct AttackState {
    /// Index into [`AttackKind::ALL`].
    pub selected: usize,
    /// The last run of each attack, in the order they were run.
    pub reports: Vec<AttackReport>,
}

impl AttackState {
    pub fn selected_kind(&self) -> AttackKind {
        AttackKind::ALL[self.selected.min(AttackKind::ALL.len() - 1)]
    }

    pub fn report(&self, kind: AttackKind) -> Option<&AttackReport> {
        self.reports.iter().find(|report| report.kind == kind)
    }
}

pub struct AttacksPanel;

impl PanelKeys for AttacksPanel {
    fn commands(&self, _app: &App) -> Commands {
        Commands { enter: Some("run attack"), edit: None }
    }

    fn activate(&self, app: &mut App) {
        let Some((users, _)) = app.lab_inputs() else { return };
        let kind = app.labs.attacks.selected_kind();
        app.mark_task_done(lab_task_id(app.screen_id(app.current), attack_key(kind)));
        let lab = Box::new(AttackLab::new(&users, child_rng(&mut app.labs.rng)));
        let now = app.clock();
        app.engine.start(
            Job::Lab(LabJob::Attack { lab, kind, now }),
            "running the attack against a fresh server (its login runs argon2id)",
            PanelKind::Attacks,
        );
    }

    fn select(&self, app: &mut App, delta: isize) -> bool {
        let state = &mut app.labs.attacks;
        state.selected = step_within(state.selected, delta, AttackKind::ALL.len());
        true
    }
}
