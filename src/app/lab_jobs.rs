//! What the two lab panels share: their randomness, and the work that runs argon2 (a login through
//! the balancer, an attack) sent to a worker as a [`LabJob`] and back as [`Action::LabDone`].
//!
//! The scaling lab sits behind a mutex like the engine's server, and drawing reads only the last
//! [`ScalingView`], so the UI never waits for a worker.

use std::sync::{Arc, Mutex};

use super::panels::scaling::{ScalingItem, ScalingView, apply, lock};
use super::panels::{AttackState, ScalingState};
use super::{Action, App};
use crate::auth::clock::UnixSeconds;
use crate::auth::{AuthConfig, RandomSource, UserStore};
use crate::labs::attacks::{AttackKind, AttackLab, AttackReport};
use crate::labs::scaling::{ScalingLab, Toggles};

/// `--demo` seed for the labs' randomness (session ids, `jti`s, generated secrets, planted ids).
pub const DEMO_LABS_SEED: u64 = 0x5EED_0003;

#[derive(Debug)]
pub struct Labs {
    pub scaling: ScalingState,
    pub attacks: AttackState,
    pub(crate) rng: RandomSource,
}

impl Labs {
    pub fn new(demo: bool) -> Self {
        let rng = if demo { RandomSource::seeded(DEMO_LABS_SEED) } else { RandomSource::os() };
        Self { scaling: ScalingState::default(), attacks: AttackState::default(), rng }
    }
}

/// Lab work that runs argon2, for a worker thread.
#[derive(Debug)]
pub enum LabJob {
    Scaling {
        lab: Arc<Mutex<ScalingLab>>,
        toggles: Toggles,
        item: ScalingItem,
        now: UnixSeconds,
        before: ScalingView,
    },
    Attack {
        lab: Box<AttackLab>,
        kind: AttackKind,
        now: UnixSeconds,
    },
}

impl LabJob {
    pub fn run(self) -> Action {
        match self {
            LabJob::Scaling { lab, toggles, item, now, before } => {
                let view = apply(&mut lock(&lab), toggles, item, now, &before);
                Action::LabDone(LabOutcome::Scaling(Box::new(view)))
            }
            LabJob::Attack { mut lab, kind, now } => {
                Action::LabDone(LabOutcome::Attack(Box::new(lab.run(kind, now))))
            }
        }
    }
}

/// What a lab job reports back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabOutcome {
    Scaling(Box<ScalingView>),
    Attack(Box<AttackReport>),
}

impl App {
    /// A lab worker finished.
    pub(super) fn lab_done(&mut self, outcome: LabOutcome) {
        self.engine.busy = None;
        match outcome {
            LabOutcome::Scaling(view) => self.labs.scaling.view = *view,
            LabOutcome::Attack(report) => {
                let attacks = &mut self.labs.attacks;
                attacks.reports.retain(|done| done.kind != report.kind);
                attacks.reports.push(*report);
            }
        }
    }

    /// Copies of the engine's users and its configuration for a new lab (no hashing happens).
    /// `None`, with a notice, while a job is out (it may hold a lab) or before the server exists.
    pub(crate) fn lab_inputs(&mut self) -> Option<(UserStore, AuthConfig)> {
        if let Some(busy) = &self.engine.busy {
            self.engine.notice = Some(format!("wait a moment: the server is busy {}", busy.what));
            return None;
        }
        let Some(view) = &self.engine.view else {
            self.engine.notice = Some("the lab starts once user1's password is hashed".to_string());
            return None;
        };
        let users = UserStore::from_users(view.users.clone());
        Some((users, view.config.clone()))
    }
}
