//! What the two lab panels share: their randomness, and the work that runs argon2 (a login through
//! the balancer, an attack) sent to a worker as a [`LabJob`] and back as [`Action::LabDone`].
//!
//! The scaling lab sits behind a mutex like the engine's server, and drawing reads only the last
//! [`ScalingView`], so the UI never waits for a worker.

use std::sync::{Arc, Mutex};

use super::panels::scaling::{ScalingItem, ScalingView, apply, lock};
use super::panels::{AttackState, ChallengeState, ScalingState};
use super::{Action, App};
use crate::auth::clock::UnixSeconds;
use crate::auth::{AuthConfig, RandomSource, UserStore};
use crate::labs::attacks::{AttackKind, AttackLab, AttackReport};
use crate::labs::challenges::{Attempt, AttemptError, Briefing, ChallengeKind, ChallengeLab, Credential};
use crate::labs::scaling::{ScalingLab, Toggles};

/// `--demo` seed for the labs' randomness (session ids, `jti`s, generated secrets, planted ids).
pub const DEMO_LABS_SEED: u64 = 0x5EED_0003;

#[derive(Debug)]
pub struct Labs {
    pub scaling: ScalingState,
    pub attacks: AttackState,
    pub challenges: ChallengeState,
    pub(crate) rng: RandomSource,
}

impl Labs {
    pub fn new(demo: bool) -> Self {
        let rng = if demo { RandomSource::seeded(DEMO_LABS_SEED) } else { RandomSource::os() };
        Self {
            scaling: ScalingState::default(),
            attacks: AttackState::default(),
            challenges: ChallengeState::default(),
            rng,
        }
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
    /// The victim's part before a challenge: what the attacker captures.
    ChallengeBriefing {
        users: UserStore,
        kind: ChallengeKind,
        now: UnixSeconds,
    },
    /// The learner's credential against a challenge's server and the correct one.
    ChallengeAttempt {
        users: UserStore,
        kind: ChallengeKind,
        credential: Credential,
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
            LabJob::ChallengeBriefing { users, kind, now } => Action::LabDone(LabOutcome::ChallengeBriefing(
                Box::new(ChallengeLab::new(&users).briefing(kind, now)),
            )),
            LabJob::ChallengeAttempt { users, kind, credential, now } => {
                let attempt = ChallengeLab::new(&users).attempt(kind, &credential, now);
                Action::LabDone(LabOutcome::ChallengeAttempt(Box::new(attempt)))
            }
        }
    }
}

/// What a lab job reports back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabOutcome {
    Scaling(Box<ScalingView>),
    Attack(Box<AttackReport>),
    ChallengeBriefing(Box<Briefing>),
    ChallengeAttempt(Box<Result<Attempt, AttemptError>>),
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
            LabOutcome::ChallengeBriefing(briefing) => {
                let kind = briefing.kind;
                let challenges = &mut self.labs.challenges;
                challenges.briefings.retain(|done| done.kind != kind);
                challenges.briefings.push(*briefing);
                self.open_workbench(kind);
            }
            LabOutcome::ChallengeAttempt(attempt) => match *attempt {
                Ok(attempt) => {
                    let kind = attempt.kind;
                    let challenges = &mut self.labs.challenges;
                    if attempt.solved && challenges.solved.insert(kind) {
                        self.remember(|progress| progress.mark_challenge_solved(kind.id()));
                        // Solving is the attack lab's task: the screen may be done now.
                        self.refresh_done();
                    }
                    let challenges = &mut self.labs.challenges;
                    challenges.attempts.retain(|done| done.kind != kind);
                    challenges.attempts.push(attempt);
                    if let Some(super::Overlay::Workbench(workbench)) = &mut self.overlay {
                        workbench.scroll = 0;
                    }
                }
                Err(error) => self.status = Some(format!("not sent: {error}")),
            },
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
