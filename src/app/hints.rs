//! What the keyboard talks to right now ([`Mode`]) and the footer words the focused panel offers
//! ([`ScreenHints`]): the state's side of the key table in `keymap`, which reads these to decide
//! which bindings apply and what the footer says.

use super::panels::keys_of;
use super::{App, Overlay, Screen};

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
    /// The token workbench overlay: always typing into one of its fields.
    Workbench,
    /// The practice quiz screen: letters and digits answer, `h` shows the hint.
    Quiz,
    /// A yes/no question (continue where you left off?).
    Prompt,
    /// Quit and lose unsaved work?
    ConfirmQuit,
    /// Predict, then see: the server's answer is being predicted (letters choose, Esc cancels).
    Predict,
}

/// Footer words for the action keys that depend on what is focused.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScreenHints {
    /// What Enter does here ("re-hash", "log in"), if anything.
    pub activate: Option<String>,
    /// What `e` edits here, if anything.
    pub edit: Option<String>,
    /// What `s` shows here ("show me"), if anything.
    pub reveal: Option<String>,
    /// Whether the screen shows the server's clock, so time travel means something.
    pub time_travel: bool,
    /// Whether the quiz is over with questions to retry.
    pub retry: bool,
    /// On the quiz: the mode `m` switches to ("practice", "exam").
    pub quiz_switch: Option<String>,
    /// Whether the screen has more than one panel to move between.
    pub panels: bool,
    /// What a letter does to the open quiz question ("answer", "choose"); `None` when no question
    /// is waiting for an answer.
    pub answer: Option<String>,
    /// This is the first screen: nothing to go back to.
    pub first_screen: bool,
    /// This is the last screen: nothing to go on to.
    pub last_screen: bool,
    /// What `z` does here ("zoom", "unzoom"); `None` on a screen of one panel.
    pub zoom: Option<String>,
    /// What `v` does here (presenter mode on a screen with results).
    pub presenter_reveal: Option<String>,
    /// What `y` switches the live panels to ("engine", "your code") on a step screen whose
    /// exercise checks have run.
    pub live_source: Option<String>,
}

impl App {
    /// Which keys apply now.
    pub fn mode(&self) -> Mode {
        match self.overlay {
            Some(Overlay::Help { .. }) => Mode::Help,
            Some(Overlay::Outline { .. }) => Mode::Outline,
            Some(Overlay::Inspector(_)) => Mode::Inspector,
            Some(Overlay::Workbench(_)) => Mode::Workbench,
            Some(Overlay::Resume { .. }) => Mode::Prompt,
            Some(Overlay::ConfirmQuit { .. }) => Mode::ConfirmQuit,
            None if self.predictions.prompt.is_some() => Mode::Predict,
            None if self.editing.is_some() => Mode::Editing,
            None if self.screen() == Screen::Quiz => Mode::Quiz,
            None => Mode::Browse,
        }
    }

    /// The footer words: the focused panel's (see `panels`), and what the screen offers.
    pub fn screen_hints(&self) -> ScreenHints {
        let commands = self.focused_commands();
        let panels = self.panels();
        ScreenHints {
            activate: commands.enter.map(str::to_string),
            edit: commands.edit.map(str::to_string),
            reveal: keys_of(self.focused_panel()).reveal_word(self).map(str::to_string),
            time_travel: panels.iter().any(|panel| keys_of(*panel).shows_clock()),
            retry: self.quiz_offers_retry(),
            quiz_switch: self.quiz_switch_word().map(str::to_string),
            panels: panels.len() > 1,
            answer: self.quiz_answer_word().or_else(|| self.checkpoint_answer_word()).map(str::to_string),
            first_screen: self.current == 0,
            last_screen: self.current + 1 == self.screens.len(),
            zoom: match (self.zoomed, panels.len() > 1) {
                (true, _) => Some("unzoom".to_string()),
                (false, true) => Some("zoom".to_string()),
                (false, false) => None,
            },
            presenter_reveal: self.presenter_reveal_word().map(str::to_string),
            live_source: self.live_source_word().map(str::to_string),
        }
    }
}
