//! What the keyboard talks to right now ([`Mode`]) and the footer words the focused panel offers
//! ([`ScreenHints`]): the state's side of the key table in `keymap`, which reads these to decide
//! which bindings apply and what the footer says.

use super::fields::FieldId;
use super::scenarios::Scenario;
use super::{App, Overlay, PanelId, Screen};
use crate::lessons::PanelKind;

/// What the keyboard is talking to right now; decides which bindings apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Reading a lesson screen: navigation, scrolling, panel actions.
    Browse,
    /// The help overlay is open.
    Help,
    /// The outline overlay is open.
    Outline,
    /// A text field has the keyboard: printable keys type into it.
    Editing,
    /// The token inspector overlay: always typing into its token or secret field.
    Inspector,
    /// The practice quiz screen: letters and digits answer, `h` shows the hint.
    Quiz,
    /// A yes/no question (continue where you left off?).
    Prompt,
}

/// Footer words for the action keys that depend on what is focused.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScreenHints {
    /// What Enter does here ("re-hash", "log in"), if anything.
    pub activate: Option<String>,
    /// What `e` edits here, if anything.
    pub edit: Option<String>,
    /// Whether the screen shows the server's clock, so time travel means something.
    pub time_travel: bool,
    /// Whether the quiz is over with questions to retry.
    pub retry: bool,
    /// Whether the screen has more than one panel to move between.
    pub panels: bool,
    /// What a letter does to the open quiz question ("answer", "choose"); `None` when no question
    /// is waiting for an answer.
    pub answer: Option<String>,
    /// This is the first screen: nothing to go back to.
    pub first_screen: bool,
    /// This is the last screen: nothing to go on to.
    pub last_screen: bool,
}

impl App {
    /// Which keys apply now.
    pub fn mode(&self) -> Mode {
        match self.overlay {
            Some(Overlay::Help { .. }) => Mode::Help,
            Some(Overlay::Outline { .. }) => Mode::Outline,
            Some(Overlay::Inspector(_)) => Mode::Inspector,
            Some(Overlay::Resume { .. }) => Mode::Prompt,
            None if self.editing.is_some() => Mode::Editing,
            None if self.screen() == Screen::Quiz => Mode::Quiz,
            None => Mode::Browse,
        }
    }

    /// The footer words for Enter, `e` and time travel on the focused panel.
    pub fn screen_hints(&self) -> ScreenHints {
        let scenario = self.selected_scenario();
        let (activate, edit) = match self.focused_panel() {
            PanelId::Live(PanelKind::Users) => (Some("re-hash"), None),
            PanelId::Live(PanelKind::Config) => (Some("new secret"), None),
            PanelId::Live(PanelKind::LoginForm) => (Some("log in"), Some("edit field")),
            PanelId::Live(PanelKind::Token) if self.engine.token.is_some() => (Some("inspect"), None),
            PanelId::Live(PanelKind::Scenarios) => {
                (Some("send"), (scenario == Scenario::EditedClaim).then_some("edit claim"))
            }
            PanelId::Quiz => (self.quiz_enter_word(), None),
            PanelId::Live(kind @ (PanelKind::Scaling | PanelKind::Attacks)) => {
                (self.labs.enter_word(kind), None)
            }
            _ => (None, None),
        };
        let activate = match self.editing {
            Some(FieldId::LoginUsername | FieldId::LoginPassword) => Some("log in"),
            Some(FieldId::ScenarioClaim) => Some("send"),
            _ => activate,
        };
        let time_travel = self.panels().iter().any(|panel| {
            matches!(
                panel,
                PanelId::Live(
                    PanelKind::Token | PanelKind::Scenarios | PanelKind::Sessions | PanelKind::Scaling
                )
            )
        });
        let retry = self
            .practice
            .as_ref()
            .is_some_and(|practice| practice.session.is_finished() && !practice.session.missed().is_empty());
        ScreenHints {
            activate: activate.map(str::to_string),
            edit: edit.map(str::to_string),
            time_travel,
            retry: retry && self.screen() == Screen::Quiz,
            panels: self.panels().len() > 1,
            answer: self.quiz_answer_word().map(str::to_string),
            first_screen: self.current == 0,
            last_screen: self.current + 1 == self.screens.len(),
        }
    }

    /// What a letter does on the quiz right now, if a question is waiting for an answer.
    fn quiz_answer_word(&self) -> Option<&'static str> {
        if self.screen() != Screen::Quiz {
            return None;
        }
        let practice = self.practice.as_ref()?;
        let view = practice.session.current()?;
        match (view.feedback, practice.classroom) {
            (Some(_), _) => None,
            (None, true) => Some("choose"),
            (None, false) => Some("answer"),
        }
    }

    /// What Enter does on the quiz right now.
    fn quiz_enter_word(&self) -> Option<&'static str> {
        let practice = self.practice.as_ref()?;
        let Some(view) = practice.session.current() else { return Some("summary") };
        Some(match (view.feedback, practice.classroom) {
            (Some(_), _) if view.number == view.total => "see the score",
            (Some(_), _) => "next question",
            (None, true) => "reveal",
            (None, false) => "answer",
        })
    }
}
