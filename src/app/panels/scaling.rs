//! The scaling lab's panel: two instances of the real handler behind a round-robin balancer, a
//! list of actions and switches (↑↓ choose, Enter runs or flips), and the last outcome shown first.
//! A login runs argon2, so it goes to a worker (see `app::lab_jobs`); the rest answer at once.

use std::sync::{Arc, Mutex, MutexGuard};

use super::{Commands, PanelKeys, step_within};
use crate::app::App;
use crate::app::engine::Job;
use crate::app::lab_jobs::LabJob;
use crate::app::predictions::Subject;
use crate::app::tasks::{lab_task_id, scaling_item_key};
use crate::auth::clock::UnixSeconds;
use crate::labs::child_rng;
use crate::labs::scaling::{
    DENYLIST_COST, Instance, LogEntry, RevocationRow, SHARED_STORE_COST, STICKY_COST, ScalingLab, Toggles,
};
use crate::lessons::PanelKind;

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
    /// Whether the lab has run anything (its servers exist).
    pub fn is_started(&self) -> bool {
        self.lab.is_some()
    }

    pub fn selected_item(&self) -> ScalingItem {
        ScalingItem::ALL[self.selected.min(ScalingItem::ALL.len() - 1)]
    }
}

/// A poisoned lock only means a worker panicked mid-request; the lab's data is still usable.
pub(crate) fn lock(lab: &Mutex<ScalingLab>) -> MutexGuard<'_, ScalingLab> {
    lab.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs one list action on the lab under `toggles` at `now`.
pub(crate) fn apply(
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

pub struct ScalingPanel;

impl PanelKeys for ScalingPanel {
    fn commands(&self, app: &App) -> Commands {
        Commands { enter: Some(app.labs.scaling.selected_item().enter_word()), edit: None }
    }

    fn activate(&self, app: &mut App) {
        let item = app.labs.scaling.selected_item();
        if let Some(subject) = Subject::scaling(item)
            && app.ask_prediction(subject)
        {
            return;
        }
        app.run_scaling_item();
    }

    fn select(&self, app: &mut App, delta: isize) -> bool {
        let state = &mut app.labs.scaling;
        state.selected = step_within(state.selected, delta, ScalingItem::ALL.len());
        true
    }

    fn shows_clock(&self) -> bool {
        true
    }
}

impl App {
    /// Runs the chosen row of the scaling lab (after its prediction, if one was asked for); trying
    /// it is one of the lab's tasks.
    pub(crate) fn run_scaling_item(&mut self) {
        let item = self.labs.scaling.selected_item();
        let task = lab_task_id(self.screen_id(self.current), scaling_item_key(item));
        let app = self;
        let state = &mut app.labs.scaling;
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
            app.mark_task_done(task);
            return;
        }
        let Some((users, config)) = app.lab_inputs() else { return };
        app.mark_task_done(task);
        let now = app.clock();
        let rng = &mut app.labs.rng;
        let state = &mut app.labs.scaling;
        let lab = state
            .lab
            .get_or_insert_with(|| Arc::new(Mutex::new(ScalingLab::new(&users, config, child_rng(rng)))))
            .clone();
        if item == ScalingItem::Login {
            let job = LabJob::Scaling { lab, toggles: state.toggles, item, now, before: state.view.clone() };
            app.engine.start(
                Job::Lab(job),
                "logging in through the balancer (argon2id verify)",
                PanelKind::Scaling,
            );
        } else {
            state.view = apply(&mut lock(&lab), state.toggles, item, now, &state.view);
        }
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
