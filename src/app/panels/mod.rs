//! One home per panel: what each panel's keys do and the footer words that say so, side by side
//! (`commands` beside `activate`, `select` and `edit_field`), so the footer and the action cannot
//! drift. The panel's state lives in the same file where it is the panel's alone (the lab lists,
//! the quiz, the login form's type, the scenarios).
//!
//! To add a panel: give it a `PanelKind` in `lessons::model`, a file here with a type implementing
//! [`PanelKeys`], an arm in [`keys_of`], and its drawing in `ui::panels`.

mod attacks;
pub mod challenges;
pub mod checkpoints;
mod config;
pub mod exercise;
pub mod login;
pub mod quiz;
pub mod scaling;
pub mod scenarios;
mod token;
mod users;

pub use self::attacks::AttackState;
pub use self::challenges::ChallengeState;
pub use self::scaling::ScalingState;

use super::App;
use super::fields::FieldId;
use super::viewport::ScrollTo;
use crate::lessons::PanelKind;

/// A focusable, scrollable area of a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PanelId {
    /// The lesson text, notes and corrections.
    Lesson,
    /// The step's Next.js code.
    Code,
    /// A live panel driven by the auth engine or a lab.
    Live(PanelKind),
    Quiz,
    /// The screen's speaker notes (`--presenter`).
    Notes,
    /// The checkpoint questions that end a lesson screen (when its file has `[[checkpoints]]`).
    Checkpoints,
}

impl PanelId {
    pub fn title(self) -> &'static str {
        match self {
            PanelId::Lesson => "Lesson",
            PanelId::Code => "Code",
            PanelId::Quiz => "Quiz",
            PanelId::Notes => "Notes",
            PanelId::Checkpoints => "Check",
            PanelId::Live(kind) => match kind {
                PanelKind::Users => "Users",
                PanelKind::Config => "Config",
                PanelKind::LoginForm => "Login",
                PanelKind::Exchange => "HTTP",
                PanelKind::Token => "Token",
                PanelKind::Sessions => "Sessions",
                PanelKind::Cookies => "Cookies",
                PanelKind::Scenarios => "Scenarios",
                PanelKind::Scaling => "Scaling",
                PanelKind::Attacks => "Attacks",
                PanelKind::Challenges => "Challenges",
                PanelKind::Exercise => "Exercise",
            },
        }
    }
}

/// Whether this build can show `kind` for real. A lesson may list a panel that is not built yet;
/// it is left out rather than faked.
pub fn is_available(kind: PanelKind) -> bool {
    match kind {
        PanelKind::Users
        | PanelKind::Config
        | PanelKind::LoginForm
        | PanelKind::Exchange
        | PanelKind::Token
        | PanelKind::Sessions
        | PanelKind::Cookies
        | PanelKind::Scenarios
        | PanelKind::Scaling
        | PanelKind::Attacks
        | PanelKind::Challenges
        | PanelKind::Exercise => true,
    }
}

/// The footer words for the keys a panel answers, right now; `None` where the key does nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Commands {
    /// What Enter does ("re-hash", "log in").
    pub enter: Option<&'static str>,
    /// What `e` edits.
    pub edit: Option<&'static str>,
}

/// One panel's keys. Each method that acts has its footer word in [`PanelKeys::commands`], in the
/// same file, so a panel that gains an action gains its word with it.
pub trait PanelKeys {
    /// The footer words for Enter and `e` on this panel now.
    fn commands(&self, _app: &App) -> Commands {
        Commands::default()
    }

    /// Enter.
    fn activate(&self, _app: &mut App) {}

    /// ↑/↓ (and Home/End) move the panel's choice by `delta`; `false` when the panel has no list
    /// to choose in, so the keys scroll it instead.
    fn select(&self, _app: &mut App, _delta: isize) -> bool {
        false
    }

    /// `e` (or a paste): the field that takes the keyboard.
    fn edit_field(&self, _app: &App) -> Option<FieldId> {
        None
    }

    /// The footer word for `s` ("show me") on this panel now; `None` where `s` does nothing.
    fn reveal_word(&self, _app: &App) -> Option<&'static str> {
        None
    }

    /// `s`.
    fn reveal(&self, _app: &mut App) {}

    /// Whether the panel shows the server's clock, so time travel means something on its screen.
    fn shows_clock(&self) -> bool {
        false
    }
}

/// A panel that only shows: the lesson, the code, the HTTP exchange, the sessions, the cookies.
struct Passive {
    shows_clock: bool,
}

impl PanelKeys for Passive {
    fn shows_clock(&self) -> bool {
        self.shows_clock
    }
}

/// The keys of `panel`.
pub fn keys_of(panel: PanelId) -> &'static dyn PanelKeys {
    match panel {
        PanelId::Lesson | PanelId::Code | PanelId::Notes => &Passive { shows_clock: false },
        PanelId::Quiz => &quiz::QuizPanel,
        PanelId::Checkpoints => &checkpoints::CheckpointsPanel,
        PanelId::Live(kind) => match kind {
            PanelKind::Users => &users::UsersPanel,
            PanelKind::Config => &config::ConfigPanel,
            PanelKind::LoginForm => &login::LoginPanel,
            PanelKind::Token => &token::TokenPanel,
            PanelKind::Scenarios => &scenarios::ScenariosPanel,
            PanelKind::Scaling => &scaling::ScalingPanel,
            PanelKind::Attacks => &attacks::AttacksPanel,
            PanelKind::Challenges => &challenges::ChallengesPanel,
            PanelKind::Exercise => &exercise::ExercisePanel,
            PanelKind::Exchange | PanelKind::Cookies => &Passive { shows_clock: false },
            PanelKind::Sessions => &Passive { shows_clock: true },
        },
    }
}

impl App {
    /// The focused panel's footer words.
    pub fn focused_commands(&self) -> Commands {
        keys_of(self.focused_panel()).commands(self)
    }

    /// Enter on the focused panel. In presenter mode its new result starts hidden.
    pub(super) fn activate(&mut self) {
        self.engine.notice = None;
        self.revealed = false;
        keys_of(self.focused_panel()).activate(self);
    }

    /// ↑/↓: choose in a list panel (keeping the choice in view), scroll any other.
    pub(super) fn up_down(&mut self, delta: isize) {
        if keys_of(self.focused_panel()).select(self, delta) {
            self.request_scroll(ScrollTo::Selection);
        } else {
            self.scroll_focused(delta);
        }
    }

    /// `s`: the focused panel's "show me".
    pub(super) fn reveal(&mut self) {
        keys_of(self.focused_panel()).reveal(self);
    }

    /// `e` (or a paste): the focused panel's field takes the keyboard.
    pub(super) fn start_editing(&mut self) {
        self.editing = keys_of(self.focused_panel()).edit_field(self);
    }
}

/// `index` moved by `delta` within a list of `len` rows, stopping at the ends.
pub(super) fn step_within(index: usize, delta: isize, len: usize) -> usize {
    index.saturating_add_signed(delta).min(len - 1)
}
