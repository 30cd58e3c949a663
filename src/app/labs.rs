//! The two lab screens as the learner drives them: the scaling lab (two instances of the real
//! handler behind a round-robin balancer) and the attack lab.
//!
//! A login runs argon2, so the scaling lab's login and every attack go to a worker as a
//! [`LabJob`] and come back as [`Action::LabDone`]; the other scaling actions answer at once. The
//! scaling lab sits behind a mutex like the engine's server, and drawing reads only the last
//! [`ScalingView`], so the UI never waits for a worker.

use std::sync::{Arc, Mutex, MutexGuard};

use super::engine::Job;
use super::{Action, App};
use crate::auth::clock::UnixSeconds;
use crate::auth::{AuthConfig, RandomSource, UserStore};
use crate::labs::attacks::{AttackKind, AttackLab, AttackReport};
use crate::labs::child_rng;
use crate::labs::scaling::{
    DENYLIST_COST, Instance, LogEntry, RevocationRow, SHARED_STORE_COST, STICKY_COST, ScalingLab, Toggles,
};
use crate::lessons::PanelKind;

/// `--demo` seed for the labs' randomness (session ids, `jti`s, generated secrets, planted ids).
pub const DEMO_LABS_SEED: u64 = 0x5EED_0003;

/// One row of the scaling lab's list: an action to run or a switch to flip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalingItem {
    Login,
    RequestWithCookie,
    RequestWithJwt,
    Logout,
    CheckRevocation,
    RestartA,
    Reset,
    Sticky,
    SharedStore,
    Denylist,
}

impl ScalingItem {
    /// In list order: the actions, then the switches.
    pub const ALL: [ScalingItem; 10] = [
        Self::Login,
        Self::RequestWithCookie,
        Self::RequestWithJwt,
        Self::Logout,
        Self::CheckRevocation,
        Self::RestartA,
        Self::Reset,
        Self::Sticky,
        Self::SharedStore,
        Self::Denylist,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Login => "log in as user1 (POST /api/auth)",
            Self::RequestWithCookie => "request with the session cookie",
            Self::RequestWithJwt => "request with the Bearer JWT",
            Self::Logout => "log out (POST /api/auth/logout)",
            Self::CheckRevocation => "check revocation: replay the login's copies on A and B",
            Self::RestartA => "restart instance A (a crash or a redeploy)",
            Self::Reset => "reset the lab (the switches stay)",
            Self::Sticky => "sticky sessions",
            Self::SharedStore => "shared session store",
            Self::Denylist => "jti deny-list",
        }
    }

    /// The footer's word for Enter on this row.
    pub fn enter_word(self) -> &'static str {
        match self {
            Self::Login => "log in",
            Self::RequestWithCookie | Self::RequestWithJwt => "send",
            Self::Logout => "log out",
            Self::CheckRevocation => "check",
            Self::RestartA => "restart A",
            Self::Reset => "reset",
            Self::Sticky | Self::SharedStore | Self::Denylist => "switch",
        }
    }

    /// The switch this row flips, with its cost line.
    pub fn switch(self, toggles: Toggles) -> Option<(bool, &'static str)> {
        match self {
            Self::Sticky => Some((toggles.sticky, STICKY_COST)),
            Self::SharedStore => Some((toggles.shared_store, SHARED_STORE_COST)),
            Self::Denylist => Some((toggles.denylist, DENYLIST_COST)),
            _ => None,
        }
    }
}

/// What the learner's last scaling action produced, for the panel to show first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LastOutcome {
    Nothing,
    /// A request: the newest log entry.
    Request,
    /// The side-by-side revocation check.
    Revocation,
    /// Something other than a request (a restart, a reset, a switch).
    Message(String),
}

/// The scaling lab as last seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScalingView {
    pub next: Instance,
    /// Sessions in each instance's own memory, A then B.
    pub sessions: [usize; 2],
    /// Requests each instance handled, A then B.
    pub served: [usize; 2],
    pub shared_sessions: usize,
    /// Revoked `jti`s.
    pub denylist: Vec<String>,
    pub log: Vec<LogEntry>,
    /// The last revocation check (cleared by a reset).
    pub revocation: Vec<RevocationRow>,
    pub last: LastOutcome,
}

impl Default for ScalingView {
    fn default() -> Self {
        Self {
            next: Instance::A,
            sessions: [0, 0],
            served: [0, 0],
            shared_sessions: 0,
            denylist: Vec::new(),
            log: Vec::new(),
            revocation: Vec::new(),
            last: LastOutcome::Nothing,
        }
    }
}

impl ScalingView {
    fn of(lab: &ScalingLab, revocation: Vec<RevocationRow>, last: LastOutcome) -> Self {
        Self {
            next: lab.next_instance(),
            sessions: Instance::BOTH.map(|instance| lab.instance_sessions(instance).len()),
            served: Instance::BOTH.map(|instance| lab.requests_served(instance)),
            shared_sessions: lab.shared_sessions().len(),
            denylist: lab.denylist().into_iter().map(str::to_string).collect(),
            log: lab.log().to_vec(),
            revocation,
            last,
        }
    }
}

/// The scaling screen's state.
#[derive(Debug, Default)]
pub struct ScalingState {
    /// Built at the first action, from the engine's users and configuration.
    lab: Option<Arc<Mutex<ScalingLab>>>,
    /// The switches as the learner set them; each request runs under the switches of its moment.
    pub toggles: Toggles,
    /// Index into [`ScalingItem::ALL`].
    pub selected: usize,
    pub view: ScalingView,
}

impl ScalingState {
    pub fn selected_item(&self) -> ScalingItem {
        ScalingItem::ALL[self.selected.min(ScalingItem::ALL.len() - 1)]
    }
}

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

#[derive(Debug)]
pub struct Labs {
    pub scaling: ScalingState,
    pub attacks: AttackState,
    rng: RandomSource,
}

impl Labs {
    pub fn new(demo: bool) -> Self {
        let rng = if demo { RandomSource::seeded(DEMO_LABS_SEED) } else { RandomSource::os() };
        Self { scaling: ScalingState::default(), attacks: AttackState::default(), rng }
    }

    /// ↑/↓ in a lab's list.
    pub fn select(&mut self, kind: PanelKind, delta: isize) {
        let step = |index: usize, len: usize| index.saturating_add_signed(delta).min(len - 1);
        match kind {
            PanelKind::Scaling => {
                self.scaling.selected = step(self.scaling.selected, ScalingItem::ALL.len());
            }
            PanelKind::Attacks => self.attacks.selected = step(self.attacks.selected, AttackKind::ALL.len()),
            _ => {}
        }
    }

    /// The footer's word for Enter on a lab panel.
    pub fn enter_word(&self, kind: PanelKind) -> Option<&'static str> {
        match kind {
            PanelKind::Scaling => Some(self.scaling.selected_item().enter_word()),
            PanelKind::Attacks => Some("run attack"),
            _ => None,
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

/// A poisoned lock only means a worker panicked mid-request; the lab's data is still usable.
fn lock(lab: &Mutex<ScalingLab>) -> MutexGuard<'_, ScalingLab> {
    lab.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs one list action on the lab under `toggles` at `now`.
fn apply(
    lab: &mut ScalingLab,
    toggles: Toggles,
    item: ScalingItem,
    now: UnixSeconds,
    before: &ScalingView,
) -> ScalingView {
    lab.set_toggles(toggles);
    let mut revocation = before.revocation.clone();
    let last = match item {
        ScalingItem::Login => {
            lab.login(now);
            LastOutcome::Request
        }
        ScalingItem::RequestWithCookie => {
            lab.request_with_cookie(now);
            LastOutcome::Request
        }
        ScalingItem::RequestWithJwt => {
            lab.request_with_jwt(now);
            LastOutcome::Request
        }
        ScalingItem::Logout => {
            lab.logout(now);
            LastOutcome::Request
        }
        ScalingItem::CheckRevocation => {
            revocation = lab.check_revocation(now);
            LastOutcome::Revocation
        }
        ScalingItem::RestartA => LastOutcome::Message(lab.restart_instance(Instance::A)),
        ScalingItem::Reset => {
            lab.reset();
            revocation.clear();
            LastOutcome::Message(
                "Reset: no sessions anywhere, empty deny-list and log, the balancer back at A, the browser empty."
                    .to_string(),
            )
        }
        ScalingItem::Sticky | ScalingItem::SharedStore | ScalingItem::Denylist => before.last.clone(),
    };
    ScalingView::of(lab, revocation, last)
}

impl App {
    /// Enter on a lab panel.
    pub(super) fn activate_lab(&mut self, kind: PanelKind) {
        match kind {
            PanelKind::Scaling => self.activate_scaling(),
            PanelKind::Attacks => self.run_attack(),
            _ => {}
        }
    }

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
    fn lab_inputs(&mut self) -> Option<(UserStore, AuthConfig)> {
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

    fn activate_scaling(&mut self) {
        let state = &mut self.labs.scaling;
        let item = state.selected_item();
        if let Some((was_on, cost)) = item.switch(state.toggles) {
            match item {
                ScalingItem::Sticky => state.toggles.sticky = !was_on,
                ScalingItem::SharedStore => state.toggles.shared_store = !was_on,
                _ => state.toggles.denylist = !was_on,
            }
            let mut message =
                format!("{} {} from the next request.", item.label(), if was_on { "off" } else { "on" });
            if !was_on {
                message.push_str(&format!(" {cost}"));
            }
            if item == ScalingItem::SharedStore {
                message.push_str(" Sessions already stored stay where they are: log in again.");
            }
            state.view.last = LastOutcome::Message(capitalise(&message));
            return;
        }
        let Some((users, config)) = self.lab_inputs() else { return };
        let now = self.clock();
        let rng = &mut self.labs.rng;
        let state = &mut self.labs.scaling;
        let lab = state
            .lab
            .get_or_insert_with(|| Arc::new(Mutex::new(ScalingLab::new(&users, config, child_rng(rng)))))
            .clone();
        if item == ScalingItem::Login {
            let job = LabJob::Scaling { lab, toggles: state.toggles, item, now, before: state.view.clone() };
            self.engine.start(
                Job::Lab(job),
                "logging in through the balancer (argon2id verify)",
                PanelKind::Scaling,
            );
        } else {
            state.view = apply(&mut lock(&lab), state.toggles, item, now, &state.view);
        }
    }

    fn run_attack(&mut self) {
        let Some((users, _)) = self.lab_inputs() else { return };
        let kind = self.labs.attacks.selected_kind();
        let lab = Box::new(AttackLab::new(&users, child_rng(&mut self.labs.rng)));
        let now = self.clock();
        self.engine.start(
            Job::Lab(LabJob::Attack { lab, kind, now }),
            "running the attack against a fresh server (its login runs argon2id)",
            PanelKind::Attacks,
        );
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
