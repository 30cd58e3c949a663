//! The one place where keys and mouse events become actions.
//!
//! `BINDINGS` is the single table of keys: the event loop looks keys up in it, the footer shows
//! the entries for the current mode, and the help overlay lists all of them, so the three never
//! disagree.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use crate::app::workbench::WorkbenchKey;
use crate::app::{Action, Mode, ScreenHints};

/// The help overlay's heading for the keys of `mode`.
pub fn heading(mode: Mode) -> &'static str {
    match mode {
        Mode::Browse => "On every screen",
        Mode::Help => "In this help",
        Mode::Outline => "In the outline (g)",
        Mode::Editing => "While editing a field (e)",
        Mode::Inspector => "In the token inspector (i)",
        Mode::Workbench => "In the token workbench (Enter on a challenge, Ctrl-O in the inspector)",
        Mode::Quiz => "On the quiz",
        Mode::Prompt => "When asked to continue where you left off",
        Mode::ConfirmQuit => "When asked whether to quit",
        Mode::Predict => "When asked to predict (Step 4 scenarios, scaling lab)",
    }
}

/// One key as the table names it. Shift is ignored for characters (the character already says
/// it), so `?` matches however the terminal reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyPress {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

const fn key(code: KeyCode) -> KeyPress {
    KeyPress { code, modifiers: KeyModifiers::NONE }
}

const fn char(c: char) -> KeyPress {
    key(KeyCode::Char(c))
}

const fn ctrl(c: char) -> KeyPress {
    KeyPress { code: KeyCode::Char(c), modifiers: KeyModifiers::CONTROL }
}

impl KeyPress {
    fn matches(&self, event: &KeyEvent) -> bool {
        let significant = KeyModifiers::CONTROL | KeyModifiers::ALT;
        let same_code = match (self.code, event.code) {
            // Terminals report Shift-Tab as BackTab, some with SHIFT set and some without.
            (KeyCode::BackTab, KeyCode::BackTab) => true,
            (KeyCode::Char(a), KeyCode::Char(b)) => a == b,
            (a, b) => a == b,
        };
        same_code && (event.modifiers & significant) == (self.modifiers & significant)
    }
}

/// One row of the key table.
#[derive(Debug, Clone)]
pub struct Binding {
    pub keys: &'static [KeyPress],
    /// How the keys are written in the footer and the help overlay.
    pub label: &'static str,
    /// The footer's word for it; empty when the binding is not shown in the footer (it is always
    /// in the help overlay). `Activate` and `Edit` take their footer word from the screen.
    pub hint: &'static str,
    /// The help overlay's sentence.
    pub description: &'static str,
    pub action: Action,
    pub modes: &'static [Mode],
    /// Shown in the footer only when the screen offers it.
    pub shown_when: ShownWhen,
}

/// What a binding needs from the screen to be worth a footer hint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShownWhen {
    Nothing,
    /// A panel with an Enter action.
    Activate,
    /// A panel with an editable field.
    Edit,
    /// A panel that shows the clock (token expiry, sessions, scenarios).
    TimeTravel,
    /// A finished quiz with missed questions.
    Retry,
    /// A screen with more than one panel.
    Panels,
    /// A panel with a "show me" (a tried challenge).
    Reveal,
    /// A quiz question waiting for an answer; the footer word comes from the screen.
    Answer,
    /// A quiz question waiting for an answer.
    OpenQuestion,
    /// The quiz screen; the footer word (the other mode) comes from the screen.
    QuizSwitch,
    /// A screen after this one.
    NextScreen,
    /// A screen before this one.
    PrevScreen,
    /// A screen with panels to zoom; the footer word comes from the screen.
    Zoom,
    /// Presenter mode on a screen with results; the footer word comes from the screen.
    PresenterReveal,
    /// A step screen whose exercise checks ran; the footer word comes from the screen.
    LiveSource,
}

const ALL: &[Mode] = &[
    Mode::Browse,
    Mode::Help,
    Mode::Outline,
    Mode::Editing,
    Mode::Inspector,
    Mode::Workbench,
    Mode::Quiz,
    Mode::Prompt,
    Mode::ConfirmQuit,
    Mode::Predict,
];
const CONFIRM_QUIT: &[Mode] = &[Mode::ConfirmQuit];
const PREDICT: &[Mode] = &[Mode::Predict];
/// `P` works wherever a prediction could be asked for, and on the prompt itself.
const PREDICTIONS: &[Mode] = &[Mode::Browse, Mode::Predict];
const PROMPT: &[Mode] = &[Mode::Prompt];
const BROWSE: &[Mode] = &[Mode::Browse];
/// Keys that work on every screen, the quiz included.
const SCREENS: &[Mode] = &[Mode::Browse, Mode::Quiz];
const QUIZ: &[Mode] = &[Mode::Quiz];
const HELP: &[Mode] = &[Mode::Help];
const OUTLINE: &[Mode] = &[Mode::Outline];
const EDITING: &[Mode] = &[Mode::Editing];
const INSPECTOR: &[Mode] = &[Mode::Inspector];
const WORKBENCH: &[Mode] = &[Mode::Workbench];
const LISTS: &[Mode] = &[Mode::Browse, Mode::Quiz, Mode::Help, Mode::Outline];

/// Every key the application knows, first match wins. Order is also the footer's order.
pub static BINDINGS: &[Binding] = &[
    // Editing: only these keys are commands; everything else types into the field.
    Binding {
        keys: &[key(KeyCode::Esc)],
        label: "Esc",
        hint: "stop editing",
        description: "stop editing and keep the text",
        action: Action::LeaveEdit,
        modes: EDITING,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[key(KeyCode::Enter)],
        label: "Enter",
        hint: "",
        description: "stop editing and run the panel's action (log in, send)",
        action: Action::Activate,
        modes: EDITING,
        shown_when: ShownWhen::Activate,
    },
    Binding {
        keys: &[key(KeyCode::Tab)],
        label: "Tab",
        hint: "next field",
        description: "move to the next field",
        action: Action::FocusNext,
        modes: EDITING,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[key(KeyCode::BackTab)],
        label: "Shift-Tab",
        hint: "",
        description: "move to the previous field",
        action: Action::FocusPrev,
        modes: EDITING,
        shown_when: ShownWhen::Nothing,
    },
    // Continue where you left off?
    Binding {
        keys: &[key(KeyCode::Enter), char('y')],
        label: "Enter y",
        hint: "continue there",
        description: "continue where you left off",
        action: Action::Activate,
        modes: PROMPT,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[key(KeyCode::Esc), char('n')],
        label: "Esc n",
        hint: "start at the beginning",
        description: "start at the beginning (what you have seen and done is kept)",
        action: Action::CloseOverlay,
        modes: PROMPT,
        shown_when: ShownWhen::Nothing,
    },
    // Quit and lose what is not saved?
    Binding {
        keys: &[char('y'), char('q'), key(KeyCode::Enter)],
        label: "y q Enter",
        hint: "quit",
        description: "quit: the login, lab and quiz state shown is lost (done marks are saved)",
        action: Action::Quit,
        modes: CONFIRM_QUIT,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[char('n'), key(KeyCode::Esc)],
        label: "n Esc",
        hint: "stay",
        description: "stay in the tutorial",
        action: Action::CloseOverlay,
        modes: CONFIRM_QUIT,
        shown_when: ShownWhen::Nothing,
    },
    // The token inspector: typing goes into its fields.
    Binding {
        keys: &[key(KeyCode::Esc)],
        label: "Esc",
        hint: "close",
        description: "close the inspector",
        action: Action::CloseOverlay,
        modes: INSPECTOR,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[key(KeyCode::Tab)],
        label: "Tab",
        hint: "token/secret/aud",
        description: "next field: token, secret, expected audience (aud)",
        action: Action::FocusNext,
        modes: INSPECTOR,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[key(KeyCode::BackTab)],
        label: "Shift-Tab",
        hint: "",
        description: "previous field",
        action: Action::FocusPrev,
        modes: INSPECTOR,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[key(KeyCode::PageUp), key(KeyCode::PageDown)],
        label: "PgUp PgDn",
        hint: "scroll",
        description: "scroll the report",
        action: Action::PageDown,
        modes: INSPECTOR,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[ctrl('o')],
        label: "Ctrl-O",
        hint: "workbench",
        description: "open this token in the token workbench (edit, re-sign, send to a challenge's server)",
        action: Action::OpenWorkbench,
        modes: INSPECTOR,
        shown_when: ShownWhen::Nothing,
    },
    // The token workbench: typing goes into its fields; its own choices are on Ctrl keys.
    Binding {
        keys: &[key(KeyCode::Esc)],
        label: "Esc",
        hint: "close",
        description: "close the workbench (it keeps what you typed)",
        action: Action::CloseOverlay,
        modes: WORKBENCH,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[key(KeyCode::Enter)],
        label: "Enter",
        hint: "send",
        description: "send the token (or the cookie) to the chosen server, then to the correct one",
        action: Action::Activate,
        modes: WORKBENCH,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[key(KeyCode::Tab)],
        label: "Tab",
        hint: "field",
        description: "next field: header, payload, key, cookie",
        action: Action::FocusNext,
        modes: WORKBENCH,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[key(KeyCode::BackTab)],
        label: "Shift-Tab",
        hint: "",
        description: "previous field",
        action: Action::FocusPrev,
        modes: WORKBENCH,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[ctrl('l')],
        label: "Ctrl-L",
        hint: "alg",
        description: "algorithm: HS256, HS384, HS512, none, or keep the loaded token's signature",
        action: Action::Workbench(WorkbenchKey::Algorithm),
        modes: WORKBENCH,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[ctrl('n')],
        label: "Ctrl-N",
        hint: "key kind",
        description: "read the key as text, as base64, or use no key",
        action: Action::Workbench(WorkbenchKey::KeyKind),
        modes: WORKBENCH,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[ctrl('p')],
        label: "Ctrl-P",
        hint: "Bearer/cookie",
        description: "send the token as a Bearer header, or the cookie field as a cookie",
        action: Action::Workbench(WorkbenchKey::SendAs),
        modes: WORKBENCH,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[ctrl('t')],
        label: "Ctrl-T",
        hint: "server",
        description: "the next challenge's server to send to",
        action: Action::Workbench(WorkbenchKey::Server),
        modes: WORKBENCH,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[ctrl('r')],
        label: "Ctrl-R",
        hint: "show me",
        description: "show a worked solution (after a try; noted in your progress)",
        action: Action::Workbench(WorkbenchKey::Reveal),
        modes: WORKBENCH,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[key(KeyCode::PageUp), key(KeyCode::PageDown)],
        label: "PgUp PgDn",
        hint: "",
        description: "scroll the token and the answer",
        action: Action::PageDown,
        modes: WORKBENCH,
        shown_when: ShownWhen::Nothing,
    },
    // Overlays.
    Binding {
        keys: &[key(KeyCode::Esc), char('?'), key(KeyCode::F(1))],
        label: "Esc ? F1",
        hint: "close help",
        description: "close this help",
        action: Action::CloseOverlay,
        modes: HELP,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[key(KeyCode::Up), char('k'), key(KeyCode::Down), char('j')],
        label: "↑↓ j k",
        hint: "scroll",
        description: "scroll the help",
        action: Action::Down,
        modes: HELP,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[key(KeyCode::Esc), char('g')],
        label: "Esc g",
        hint: "close",
        description: "close the outline",
        action: Action::CloseOverlay,
        modes: OUTLINE,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[key(KeyCode::Up), char('k'), key(KeyCode::Down), char('j')],
        label: "↑↓ j k",
        hint: "choose",
        description: "choose a screen",
        action: Action::Down,
        modes: OUTLINE,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[key(KeyCode::Enter)],
        label: "Enter",
        hint: "go there",
        description: "jump to the chosen screen",
        action: Action::Activate,
        modes: OUTLINE,
        shown_when: ShownWhen::Nothing,
    },
    // Predict, then see: one key picks what the server will answer, then the request runs.
    Binding {
        keys: &[
            char('a'),
            char('b'),
            char('c'),
            char('d'),
            char('A'),
            char('B'),
            char('C'),
            char('D'),
            char('1'),
            char('2'),
            char('3'),
            char('4'),
        ],
        label: "A-D 1-4",
        hint: "predict",
        description: "predict that answer; the request then runs and the real response is shown beside it",
        action: Action::Choose(0),
        modes: PREDICT,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[key(KeyCode::Esc)],
        label: "Esc",
        hint: "cancel",
        description: "cancel: nothing is sent",
        action: Action::CloseOverlay,
        modes: PREDICT,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[char('P')],
        label: "P",
        hint: "",
        description: "predictions on or off: ask what the server will answer before a request runs (for demos: off)",
        action: Action::TogglePredictions,
        modes: PREDICTIONS,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[char('?'), key(KeyCode::F(1))],
        label: "? F1",
        hint: "help",
        description: "this help: every key",
        action: Action::ToggleHelp,
        modes: PREDICT,
        shown_when: ShownWhen::Nothing,
    },
    // A lesson screen's Check panel: letters and digits answer its checkpoint question.
    Binding {
        keys: &[
            char('a'),
            char('b'),
            char('c'),
            char('d'),
            char('A'),
            char('B'),
            char('C'),
            char('D'),
            char('1'),
            char('2'),
            char('3'),
            char('4'),
        ],
        label: "A-D 1-4",
        hint: "",
        description: "answer the checkpoint question (on a lesson screen's Check panel)",
        action: Action::Choose(0),
        modes: BROWSE,
        shown_when: ShownWhen::Answer,
    },
    // The quiz: letters and digits answer; the rest of the screen keys work as everywhere.
    Binding {
        keys: &[
            char('a'),
            char('b'),
            char('c'),
            char('d'),
            char('e'),
            char('f'),
            char('A'),
            char('B'),
            char('C'),
            char('D'),
            char('E'),
            char('F'),
            char('1'),
            char('2'),
            char('3'),
            char('4'),
            char('5'),
            char('6'),
        ],
        label: "A-D 1-4",
        hint: "",
        description: "answer with that option (with --classroom: choose it; Enter reveals)",
        action: Action::Choose(0),
        modes: QUIZ,
        shown_when: ShownWhen::Answer,
    },
    Binding {
        keys: &[char('h')],
        label: "h",
        hint: "hint",
        description: "show the hint (it is noted in the score)",
        action: Action::Hint,
        modes: QUIZ,
        shown_when: ShownWhen::OpenQuestion,
    },
    Binding {
        keys: &[key(KeyCode::Enter)],
        label: "Enter",
        hint: "",
        description: "answer with the highlighted option (with --classroom: reveal), then the next question",
        action: Action::Activate,
        modes: QUIZ,
        shown_when: ShownWhen::Activate,
    },
    Binding {
        keys: &[char('r')],
        label: "r",
        hint: "retry missed",
        description: "after the score: retry the questions you missed",
        action: Action::RetryMissed,
        modes: QUIZ,
        shown_when: ShownWhen::Retry,
    },
    Binding {
        keys: &[char('m')],
        label: "m",
        hint: "",
        description: "switch between the exam (10 questions drawn by a seed) and practice (missed questions \
                      first, then those not seen for longest)",
        action: Action::SwitchQuizMode,
        modes: QUIZ,
        shown_when: ShownWhen::QuizSwitch,
    },
    // Browsing.
    Binding {
        keys: &[key(KeyCode::Right), char('n')],
        label: "→ n",
        hint: "next",
        description: "next screen",
        action: Action::NextScreen,
        modes: SCREENS,
        shown_when: ShownWhen::NextScreen,
    },
    Binding {
        keys: &[key(KeyCode::Left), char('p')],
        label: "← p",
        hint: "back",
        description: "previous screen",
        action: Action::PrevScreen,
        modes: SCREENS,
        shown_when: ShownWhen::PrevScreen,
    },
    Binding {
        keys: &[key(KeyCode::Tab)],
        label: "Tab",
        hint: "panel",
        description: "focus the next panel",
        action: Action::FocusNext,
        modes: SCREENS,
        shown_when: ShownWhen::Panels,
    },
    Binding {
        keys: &[key(KeyCode::BackTab)],
        label: "Shift-Tab",
        hint: "",
        description: "focus the previous panel",
        action: Action::FocusPrev,
        modes: SCREENS,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[key(KeyCode::Up), char('k'), key(KeyCode::Down), char('j')],
        label: "↑↓ j k",
        hint: "scroll",
        description: "scroll the focused panel, or choose in a list",
        action: Action::Down,
        modes: SCREENS,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[key(KeyCode::PageUp), key(KeyCode::PageDown)],
        label: "PgUp PgDn",
        hint: "",
        description: "scroll a page",
        action: Action::PageDown,
        modes: LISTS,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[key(KeyCode::Home), key(KeyCode::End)],
        label: "Home End",
        hint: "",
        description: "go to the top or the bottom",
        action: Action::Bottom,
        modes: LISTS,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[key(KeyCode::Enter)],
        label: "Enter",
        hint: "",
        description: "run the focused panel's action (re-hash, new secret, log in, send, inspect; on Exercise: create your project, then open the step's file in $VISUAL/$EDITOR)",
        action: Action::Activate,
        modes: SCREENS,
        shown_when: ShownWhen::Activate,
    },
    Binding {
        keys: &[char('e')],
        label: "e",
        hint: "",
        description: "edit the focused field (login form, the edited claim, the exercise folder); pasting works too",
        action: Action::Edit,
        modes: BROWSE,
        shown_when: ShownWhen::Edit,
    },
    Binding {
        keys: &[char('s')],
        label: "s",
        hint: "",
        description: "on a challenge you tried: show me, a worked solution (noted in your progress)",
        action: Action::ShowSolution,
        modes: BROWSE,
        shown_when: ShownWhen::Reveal,
    },
    Binding {
        keys: &[char('z')],
        label: "z",
        hint: "",
        description: "zoom: the focused panel fills the screen (a projector, a small window); z again goes back",
        action: Action::ToggleZoom,
        modes: SCREENS,
        shown_when: ShownWhen::Zoom,
    },
    Binding {
        keys: &[char('v')],
        label: "v",
        hint: "",
        description: "presenter mode: reveal the labs' results once the room has answered (each new run starts hidden)",
        action: Action::ToggleReveal,
        modes: BROWSE,
        shown_when: ShownWhen::PresenterReveal,
    },
    Binding {
        keys: &[char('y')],
        label: "y",
        hint: "",
        description: "on a step screen after your exercise checks ran: the HTTP, Token, Sessions and Cookies panels show your code's requests and answers, or the tutorial's engine",
        action: Action::ToggleLiveSource,
        modes: BROWSE,
        shown_when: ShownWhen::LiveSource,
    },
    Binding {
        keys: &[char('g')],
        label: "g",
        hint: "outline",
        description: "outline: every screen, done, seen or not yet, and what is left; jump to any",
        action: Action::ToggleOutline,
        modes: SCREENS,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[char('i')],
        label: "i",
        hint: "inspector",
        description: "token inspector: paste any JWT and a secret, see it decoded and verified",
        action: Action::OpenInspector,
        modes: SCREENS,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[char('+'), char('=')],
        label: "+",
        hint: "+5 min",
        description: "time travel: move the server's clock 5 minutes ahead",
        action: Action::TimeTravel { seconds: 300 },
        modes: BROWSE,
        shown_when: ShownWhen::TimeTravel,
    },
    Binding {
        keys: &[char('-')],
        label: "-",
        hint: "",
        description: "time travel: move the server's clock 5 minutes back",
        action: Action::TimeTravel { seconds: -300 },
        modes: BROWSE,
        shown_when: ShownWhen::TimeTravel,
    },
    Binding {
        keys: &[char('0')],
        label: "0",
        hint: "",
        description: "time travel: back to the present",
        action: Action::TimeTravelReset,
        modes: BROWSE,
        shown_when: ShownWhen::TimeTravel,
    },
    Binding {
        keys: &[char('?'), key(KeyCode::F(1))],
        label: "? F1",
        hint: "help",
        description: "this help: every key",
        action: Action::ToggleHelp,
        modes: SCREENS,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[char('q'), key(KeyCode::Esc)],
        label: "q Esc",
        hint: "quit",
        description: "quit (Esc first closes an overlay or leaves an edit); asks first when a login, a lab or a quiz would be lost",
        action: Action::Quit,
        modes: SCREENS,
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[char('q')],
        label: "q",
        hint: "quit",
        description: "quit",
        action: Action::Quit,
        modes: &[Mode::Help, Mode::Outline, Mode::Prompt],
        shown_when: ShownWhen::Nothing,
    },
    Binding {
        keys: &[ctrl('c')],
        label: "Ctrl-C",
        hint: "",
        description: "quit at once from anywhere, even while editing, without asking",
        action: Action::QuitNow,
        modes: ALL,
        shown_when: ShownWhen::Nothing,
    },
];

/// Keys whose table row stands for a pair (↑/↓, PgUp/PgDn, Home/End): the row's action is the
/// "down" half; this gives the "up" half for the first keys.
fn directional(binding: &Binding, event: &KeyEvent) -> Action {
    let up = match event.code {
        KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
        KeyCode::PageUp => Some(Action::PageUp),
        KeyCode::Home => Some(Action::Top),
        _ => None,
    };
    match (&binding.action, up, event.code) {
        (Action::Down | Action::PageDown | Action::Bottom, Some(up), _) => up,
        (Action::Choose(_), _, KeyCode::Char(c @ 'a'..='z')) => Action::Choose(c as usize - 'a' as usize),
        (Action::Choose(_), _, KeyCode::Char(c @ 'A'..='Z')) => Action::Choose(c as usize - 'A' as usize),
        (Action::Choose(_), _, KeyCode::Char(c @ '1'..='9')) => Action::Choose(c as usize - '1' as usize),
        (action, _, _) => action.clone(),
    }
}

/// Maps a terminal event to the action it asks for in `mode`, or `None` to ignore it.
pub fn action_for(event: &Event, mode: Mode) -> Option<Action> {
    match event {
        Event::Key(key_event) => action_for_key(key_event, mode),
        Event::Mouse(mouse) => action_for_mouse(mouse),
        Event::Paste(text) => Some(Action::Paste(text.clone())),
        Event::Resize(width, height) => Some(Action::Resize { width: *width, height: *height }),
        Event::FocusGained | Event::FocusLost => None,
    }
}

fn action_for_key(event: &KeyEvent, mode: Mode) -> Option<Action> {
    if event.kind == KeyEventKind::Release {
        return None;
    }
    let bound = BINDINGS
        .iter()
        .filter(|binding| binding.modes.contains(&mode))
        .find(|binding| binding.keys.iter().any(|key| key.matches(event)));
    if let Some(binding) = bound {
        return Some(directional(binding, event));
    }
    if matches!(mode, Mode::Editing | Mode::Inspector | Mode::Workbench) {
        return tui_input::backend::crossterm::to_input_request(&Event::Key(*event)).map(Action::Input);
    }
    None
}

fn action_for_mouse(mouse: &MouseEvent) -> Option<Action> {
    let (column, row) = (mouse.column, mouse.row);
    match mouse.kind {
        MouseEventKind::ScrollDown => Some(Action::Wheel { column, row, down: true }),
        MouseEventKind::ScrollUp => Some(Action::Wheel { column, row, down: false }),
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row }),
        _ => None,
    }
}

/// How the table writes the keys for `action` in `mode` (`Ctrl-L`), for a view that shows a key
/// beside the thing it changes.
pub fn label_of(mode: Mode, action: &Action) -> Option<&'static str> {
    BINDINGS
        .iter()
        .find(|binding| binding.modes.contains(&mode) && binding.action == *action)
        .map(|b| b.label)
}

/// Short of room, footer hints give way in this order (the least needed first) until the footer
/// fits; a hint not listed here (a panel's Enter, the quiz's answer letters, help, quit) always
/// stays. Moving on comes last: zoom, the quiz's exam/practice switch `m` and the presenter's
/// reveal `v` (which the hidden result itself names) give way first, then the keys that move
/// within a screen, then the focused panel's `e` and `s` and the quiz's `h` and Enter, so
/// "→ n next" and help stay on an 80- or 60-column screen (every key is in the help).
const FOOTER_GIVES_WAY: &[(Action, &[Mode])] = &[
    (Action::TimeTravel { seconds: 300 }, ALL),
    (Action::OpenInspector, ALL),
    (Action::ToggleOutline, ALL),
    (Action::ToggleZoom, ALL),
    (Action::SwitchQuizMode, ALL),
    (Action::ToggleReveal, ALL),
    (Action::PrevScreen, ALL),
    (Action::Down, ALL),
    (Action::FocusNext, ALL),
    (Action::Edit, ALL),
    (Action::ShowSolution, ALL),
    (Action::Hint, ALL),
    // On the quiz Enter answers as a letter does, which the footer still shows; elsewhere Enter
    // is the panel's one action and stays.
    (Action::Activate, QUIZ),
    (Action::NextScreen, ALL),
];

/// The footer labels of `mode` in the order they give way on a narrow terminal, taken from the
/// table so a renamed label cannot fall out of the order.
pub fn footer_give_way_order(mode: Mode) -> Vec<&'static str> {
    FOOTER_GIVES_WAY
        .iter()
        .filter(|(_, modes)| modes.contains(&mode))
        .filter_map(|(action, _)| label_of(mode, action))
        .collect()
}

/// The footer's `(keys, word)` pairs for `mode`, in table order, from the same table the keys
/// are looked up in.
pub fn footer_hints(mode: Mode, hints: &ScreenHints) -> Vec<(&'static str, String)> {
    let mut seen_labels = Vec::new();
    BINDINGS
        .iter()
        .filter(|binding| binding.modes.contains(&mode))
        .filter_map(|binding| {
            let word = match binding.shown_when {
                ShownWhen::Activate => hints.activate.clone()?,
                ShownWhen::Edit => hints.edit.clone()?,
                ShownWhen::Reveal => hints.reveal.clone()?,
                ShownWhen::Answer => hints.answer.clone()?,
                ShownWhen::QuizSwitch => hints.quiz_switch.clone()?,
                ShownWhen::Zoom => hints.zoom.clone()?,
                ShownWhen::PresenterReveal => hints.presenter_reveal.clone()?,
                ShownWhen::LiveSource => hints.live_source.clone()?,
                ShownWhen::OpenQuestion if hints.answer.is_none() => return None,
                ShownWhen::NextScreen if hints.last_screen => return None,
                ShownWhen::PrevScreen if hints.first_screen => return None,
                ShownWhen::TimeTravel if !hints.time_travel => return None,
                ShownWhen::Retry if !hints.retry => return None,
                ShownWhen::Panels if !hints.panels => return None,
                _ if binding.hint.is_empty() => return None,
                _ => binding.hint.to_string(),
            };
            if seen_labels.contains(&binding.label) {
                return None;
            }
            seen_labels.push(binding.label);
            Some((binding.label, word))
        })
        .collect()
}

/// The help overlay's sections: each mode's bindings, in table order, each key said once (a
/// binding already listed in an earlier section is not repeated).
pub fn help_sections() -> Vec<(&'static str, Vec<&'static Binding>)> {
    let mut listed: Vec<(&str, &str)> = Vec::new();
    [
        Mode::Browse,
        Mode::Quiz,
        Mode::Predict,
        Mode::Outline,
        Mode::Help,
        Mode::Editing,
        Mode::Inspector,
        Mode::Workbench,
        Mode::Prompt,
        Mode::ConfirmQuit,
    ]
    .into_iter()
    .map(|mode| {
        let bindings = BINDINGS
            .iter()
            .filter(|b| b.modes.contains(&mode))
            .filter(|b| {
                let key = (b.label, b.description);
                let new = !listed.contains(&key);
                listed.push(key);
                new
            })
            .collect();
        (heading(mode), bindings)
    })
    .collect()
}

/// The help overlay's sections as a Markdown table, for the README: generated from [`BINDINGS`]
/// like the footer and the overlay, so the three never disagree.
pub fn key_table_markdown() -> String {
    let mut out = String::from("| Where | Keys | What they do |\n|---|---|---|\n");
    for (heading, bindings) in help_sections() {
        for binding in bindings {
            let keys = binding.label.replace('|', "\\|");
            out.push_str(&format!("| {heading} | `{keys}` | {} |\n", binding.description));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> Event {
        Event::Key(KeyEvent::new(code, modifiers))
    }

    fn plain(code: KeyCode) -> Event {
        press(code, KeyModifiers::NONE)
    }

    #[test]
    fn browsing_keys_navigate() {
        let cases = [
            (plain(KeyCode::Right), Action::NextScreen),
            (plain(KeyCode::Char('n')), Action::NextScreen),
            (plain(KeyCode::Left), Action::PrevScreen),
            (plain(KeyCode::Char('p')), Action::PrevScreen),
            (plain(KeyCode::Tab), Action::FocusNext),
            (press(KeyCode::BackTab, KeyModifiers::SHIFT), Action::FocusPrev),
            (plain(KeyCode::Up), Action::Up),
            (plain(KeyCode::Char('k')), Action::Up),
            (plain(KeyCode::Down), Action::Down),
            (plain(KeyCode::Char('j')), Action::Down),
            (plain(KeyCode::PageUp), Action::PageUp),
            (plain(KeyCode::PageDown), Action::PageDown),
            (plain(KeyCode::Home), Action::Top),
            (plain(KeyCode::End), Action::Bottom),
            (plain(KeyCode::Enter), Action::Activate),
            (plain(KeyCode::Char('e')), Action::Edit),
            (press(KeyCode::Char('?'), KeyModifiers::SHIFT), Action::ToggleHelp),
            (plain(KeyCode::F(1)), Action::ToggleHelp),
            (plain(KeyCode::Char('g')), Action::ToggleOutline),
            (plain(KeyCode::Char('q')), Action::Quit),
            (plain(KeyCode::Esc), Action::Quit),
            (press(KeyCode::Char('c'), KeyModifiers::CONTROL), Action::QuitNow),
        ];
        for (event, expected) in cases {
            assert_eq!(action_for(&event, Mode::Browse), Some(expected), "{event:?}");
        }
    }

    #[test]
    fn esc_closes_an_overlay_or_leaves_an_edit_before_it_quits() {
        let esc = plain(KeyCode::Esc);
        assert_eq!(action_for(&esc, Mode::Help), Some(Action::CloseOverlay));
        assert_eq!(action_for(&esc, Mode::Outline), Some(Action::CloseOverlay));
        assert_eq!(action_for(&esc, Mode::Editing), Some(Action::LeaveEdit));
        assert_eq!(action_for(&esc, Mode::Browse), Some(Action::Quit));
    }

    #[test]
    fn while_editing_letters_type_and_only_ctrl_c_quits() {
        use tui_input::InputRequest;
        assert_eq!(
            action_for(&plain(KeyCode::Char('q')), Mode::Editing),
            Some(Action::Input(InputRequest::InsertChar('q')))
        );
        assert_eq!(
            action_for(&plain(KeyCode::Char('n')), Mode::Editing),
            Some(Action::Input(InputRequest::InsertChar('n')))
        );
        assert_eq!(
            action_for(&plain(KeyCode::Backspace), Mode::Editing),
            Some(Action::Input(InputRequest::DeletePrevChar))
        );
        assert_eq!(
            action_for(&press(KeyCode::Char('c'), KeyModifiers::CONTROL), Mode::Editing),
            Some(Action::QuitNow)
        );
    }

    #[test]
    fn on_the_quiz_letters_and_digits_answer_and_h_is_the_hint() {
        let cases = [
            (plain(KeyCode::Char('a')), Action::Choose(0)),
            (press(KeyCode::Char('C'), KeyModifiers::SHIFT), Action::Choose(2)),
            (plain(KeyCode::Char('4')), Action::Choose(3)),
            (plain(KeyCode::Char('e')), Action::Choose(4)),
            (plain(KeyCode::Char('h')), Action::Hint),
            (plain(KeyCode::Char('r')), Action::RetryMissed),
            (plain(KeyCode::Left), Action::PrevScreen),
            (plain(KeyCode::Char('p')), Action::PrevScreen),
            (plain(KeyCode::Enter), Action::Activate),
            (plain(KeyCode::Char('q')), Action::Quit),
        ];
        for (event, expected) in cases {
            assert_eq!(action_for(&event, Mode::Quiz), Some(expected), "{event:?}");
        }
        // Elsewhere, e still edits and h means nothing.
        assert_eq!(action_for(&plain(KeyCode::Char('e')), Mode::Browse), Some(Action::Edit));
        assert_eq!(action_for(&plain(KeyCode::Char('h')), Mode::Browse), None);
    }

    #[test]
    fn on_a_prediction_prompt_letters_predict_esc_cancels_and_nothing_else_moves() {
        let cases = [
            (plain(KeyCode::Char('b')), Some(Action::Choose(1))),
            (plain(KeyCode::Char('3')), Some(Action::Choose(2))),
            (press(KeyCode::Char('D'), KeyModifiers::SHIFT), Some(Action::Choose(3))),
            (plain(KeyCode::Esc), Some(Action::CloseOverlay)),
            (press(KeyCode::Char('P'), KeyModifiers::SHIFT), Some(Action::TogglePredictions)),
            (plain(KeyCode::Char('n')), None),
            (plain(KeyCode::Enter), None),
            (plain(KeyCode::Char('q')), None),
            (press(KeyCode::Char('c'), KeyModifiers::CONTROL), Some(Action::QuitNow)),
        ];
        for (event, expected) in cases {
            assert_eq!(action_for(&event, Mode::Predict), expected, "{event:?}");
        }
        // While browsing, P toggles and letters answer a checkpoint (the app ignores them elsewhere).
        assert_eq!(
            action_for(&press(KeyCode::Char('P'), KeyModifiers::SHIFT), Mode::Browse),
            Some(Action::TogglePredictions)
        );
        assert_eq!(action_for(&plain(KeyCode::Char('c')), Mode::Browse), Some(Action::Choose(2)));
        assert_eq!(action_for(&plain(KeyCode::Char('p')), Mode::Browse), Some(Action::PrevScreen));
    }

    #[test]
    fn key_releases_are_ignored() {
        let mut release = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(action_for(&Event::Key(release), Mode::Browse), None);
    }

    #[test]
    fn mouse_wheel_and_click_carry_the_pointer_position() {
        let wheel = Event::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column: 7,
            row: 9,
            modifiers: KeyModifiers::NONE,
        });
        assert_eq!(action_for(&wheel, Mode::Browse), Some(Action::Wheel { column: 7, row: 9, down: true }));
        let click = Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 3,
            row: 4,
            modifiers: KeyModifiers::NONE,
        });
        assert_eq!(action_for(&click, Mode::Help), Some(Action::Click { column: 3, row: 4 }));
    }

    #[test]
    fn pasted_text_arrives_whole_not_as_key_presses() {
        let paste = Event::Paste("eyJhbGciOiJIUzI1NiJ9.e30.sig".into());
        assert_eq!(
            action_for(&paste, Mode::Editing),
            Some(Action::Paste("eyJhbGciOiJIUzI1NiJ9.e30.sig".into()))
        );
    }

    #[test]
    fn every_footer_key_works_in_its_mode() {
        let hints = ScreenHints {
            activate: Some("run".into()),
            edit: Some("edit".into()),
            reveal: Some("show me".into()),
            time_travel: true,
            retry: true,
            quiz_switch: Some("practice".into()),
            panels: true,
            answer: Some("answer".into()),
            first_screen: false,
            last_screen: false,
            zoom: Some("zoom".into()),
            presenter_reveal: Some("reveal".into()),
            live_source: Some("engine".into()),
        };
        let modes = [
            Mode::Browse,
            Mode::Help,
            Mode::Outline,
            Mode::Editing,
            Mode::Inspector,
            Mode::Workbench,
            Mode::Quiz,
            Mode::Prompt,
            Mode::ConfirmQuit,
            Mode::Predict,
        ];
        for mode in modes {
            for (label, _) in footer_hints(mode, &hints) {
                let binding = BINDINGS.iter().find(|b| b.label == label && b.modes.contains(&mode)).unwrap();
                for key in binding.keys {
                    let event = Event::Key(KeyEvent::new(key.code, key.modifiers));
                    assert!(action_for(&event, mode).is_some(), "{label} in {mode:?}");
                }
            }
        }
    }

    #[test]
    fn answer_and_hint_keys_leave_the_footer_once_the_question_is_answered() {
        let open = ScreenHints { answer: Some("answer".into()), ..ScreenHints::default() };
        let labels = |hints: &ScreenHints| -> Vec<&str> {
            footer_hints(Mode::Quiz, hints).into_iter().map(|(label, _)| label).collect()
        };
        assert!(labels(&open).contains(&"A-D 1-4"));
        assert!(labels(&open).contains(&"h"));
        let answered = ScreenHints::default();
        assert!(!labels(&answered).contains(&"A-D 1-4"), "{:?}", labels(&answered));
        assert!(!labels(&answered).contains(&"h"), "{:?}", labels(&answered));
        let classroom = ScreenHints { answer: Some("choose".into()), ..ScreenHints::default() };
        assert!(footer_hints(Mode::Quiz, &classroom).contains(&("A-D 1-4", "choose".to_string())));
    }

    #[test]
    fn next_and_back_leave_the_footer_where_there_is_no_screen_to_go_to() {
        let labels = |hints: &ScreenHints| -> Vec<&str> {
            footer_hints(Mode::Browse, hints).into_iter().map(|(label, _)| label).collect()
        };
        let first = ScreenHints { first_screen: true, ..ScreenHints::default() };
        assert!(!labels(&first).contains(&"← p") && labels(&first).contains(&"→ n"));
        let last = ScreenHints { last_screen: true, ..ScreenHints::default() };
        assert!(labels(&last).contains(&"← p") && !labels(&last).contains(&"→ n"));
    }

    #[test]
    fn on_the_quiz_the_mode_switch_gives_way_before_navigation_and_help_never_does() {
        let order = footer_give_way_order(Mode::Quiz);
        let rank = |label: &str| order.iter().position(|l| *l == label);
        let switch = rank("m").expect("m gives way on a narrow quiz screen");
        for navigation in ["→ n", "← p", "↑↓ j k"] {
            assert!(rank(navigation).is_some_and(|at| at > switch), "{navigation} after m: {order:?}");
        }
        assert_eq!(rank("? F1"), None, "{order:?}");
        assert_eq!(rank("A-D 1-4"), None, "{order:?}");
    }

    #[test]
    fn every_key_of_a_binding_is_named_in_its_label() {
        let name = |key: &KeyPress| match key.code {
            KeyCode::Char(c) if key.modifiers.contains(KeyModifiers::CONTROL) => {
                format!("Ctrl-{}", c.to_uppercase())
            }
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            other => format!("{other:?}"),
        };
        for binding in BINDINGS {
            // Letter and digit ranges are written as ranges ("A-D 1-4"); `=` is `+` unshifted.
            if binding.action == Action::Choose(0) || binding.label == "+" {
                continue;
            }
            for key in binding.keys {
                let key_name = name(key);
                assert!(
                    binding.label.split(' ').any(|word| word == key_name
                        || (word.chars().all(|c| "↑↓←→".contains(c)) && word.contains(key_name.as_str()))),
                    "{key_name} is bound but not named in \"{}\"",
                    binding.label
                );
            }
        }
    }

    #[test]
    fn the_readme_key_table_lists_every_binding_of_the_help() {
        let table = key_table_markdown();
        let rows: usize = help_sections().iter().map(|(_, bindings)| bindings.len()).sum();
        assert_eq!(table.lines().count(), rows + 2);
        for binding in BINDINGS {
            assert!(table.contains(binding.description), "{} missing", binding.description);
        }
    }

    /// `cargo test --lib print_key_table -- --ignored --nocapture` prints the README's key table.
    #[test]
    #[ignore = "prints the README key table"]
    fn print_key_table() {
        print!("{}", key_table_markdown());
    }

    #[test]
    fn enter_and_e_appear_in_the_footer_only_when_the_screen_has_something_for_them() {
        let nothing = footer_hints(Mode::Browse, &ScreenHints::default());
        assert!(!nothing.iter().any(|(label, _)| *label == "Enter" || *label == "e"));
        let hints = ScreenHints {
            activate: Some("log in".into()),
            edit: Some("edit field".into()),
            ..ScreenHints::default()
        };
        let some = footer_hints(Mode::Browse, &hints);
        assert!(some.contains(&("Enter", "log in".to_string())));
        assert!(some.contains(&("e", "edit field".to_string())));
    }
}
