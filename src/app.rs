//! The tutorial's state and the one function that changes it.
//!
//! `App::update` is pure: keys, mouse, the clock and worker results all arrive as [`Action`]s, so
//! tests drive the whole tutorial without a terminal and with a fixed clock. Drawing (`ui`) only
//! reads an `App` and returns what it measured ([`viewport`]), which the state reads on the next
//! event; this module never calls drawing code.
//!
//! Here: the actions, the state's types and the dispatcher. Beside it: screens, focus and moving
//! between them (`navigation`), each panel's keys and footer words (`panels`), the overlays,
//! editing (`fields`), the live server (`engine`), the labs' worker jobs, saved progress, and the
//! key-table side of the state (`hints`).

pub mod engine;
pub mod fields;
pub mod hints;
pub mod inspector;
pub mod lab_jobs;
pub mod navigation;
pub mod overlays;
pub mod panels;
pub mod predictions;
pub mod presenter;
pub mod quitting;
pub mod saved_progress;
pub mod tasks;
pub mod viewport;
pub mod workbench;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::time::Duration;

use ratatui::layout::{Rect, Size};
use tui_input::InputRequest;

use self::engine::{Engine, HashPurpose, SendPurpose};
use self::fields::FieldId;
pub use self::hints::{Mode, ScreenHints};
use self::lab_jobs::Labs;
pub use self::navigation::screens_of;
pub use self::overlays::Overlay;
pub use self::panels::PanelId;
use self::panels::checkpoints::CheckpointState;
use self::panels::quiz::Practice;
use self::predictions::Predictions;
pub use self::saved_progress::SavedProgress;
use self::viewport::{ScrollRequest, Viewport};
use crate::auth::Exchange;
use crate::lessons::{Course, PanelKind};
use crate::quiz::OptionOrder;
use crate::quiz::draw::QuizMode;
use crate::theme::{ColorDepth, Theme, ThemeName};

/// Everything that can change the application, from the keyboard, the mouse, the terminal, the
/// clock or a worker thread.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    NextScreen,
    PrevScreen,
    FocusNext,
    FocusPrev,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    /// Enter: the focused panel's action (or jump, in the outline).
    Activate,
    /// `e`: start editing the focused field.
    Edit,
    LeaveEdit,
    ToggleHelp,
    ToggleOutline,
    CloseOverlay,
    /// q or Esc at the top level: quits, or first asks when unsaved work would be lost.
    Quit,
    /// Ctrl-C: quits at once, from anywhere.
    QuitNow,
    /// `z`: the focused panel fills the screen, or goes back.
    ToggleZoom,
    /// `v` (presenter): show or hide the labs' results until the room has answered.
    ToggleReveal,
    /// `y` on a step screen: the live panels show the learner's code's traffic, or the engine's.
    ToggleLiveSource,
    /// Jump straight to a screen (the outline, `--step`, tests).
    GoTo(usize),
    Click {
        column: u16,
        row: u16,
    },
    Wheel {
        column: u16,
        row: u16,
        down: bool,
    },
    /// Bracketed paste: the whole text at once, never read as key presses.
    Paste(String),
    /// A key typed into the field being edited.
    Input(InputRequest),
    Resize {
        width: u16,
        height: u16,
    },
    /// The ticker's beat: the clock in Unix seconds, and a spinner step while a job runs.
    Tick {
        now: i64,
    },
    /// The clock as an event arrives, so whatever the event does happens at the right time.
    /// Both are ignored under `--demo`, whose clock only moves by time travel.
    Clock {
        now: i64,
    },
    /// The syntax highlighter finished loading in the background: redraw code in colour.
    HighlighterReady,
    /// `i`: the free token inspector.
    OpenInspector,
    /// `P`: ask for predictions before requests run, or stop asking.
    TogglePredictions,
    /// Ctrl-O in the inspector: the token workbench on the inspector's token.
    OpenWorkbench,
    /// A workbench key (algorithm, key kind, Bearer/cookie, server, show me).
    Workbench(workbench::WorkbenchKey),
    /// `s`: "show me", the focused challenge's worked solution (after a try).
    ShowSolution,
    /// Quiz: a letter or digit, as an option index in display order.
    Choose(usize),
    /// Quiz: show the hint.
    Hint,
    /// Quiz: after the score, play the missed questions again.
    RetryMissed,
    /// Quiz: from the exam to practice and back.
    SwitchQuizMode,
    /// Move the server's clock by this many seconds (time travel).
    TimeTravel {
        seconds: i64,
    },
    /// Back to the present.
    TimeTravelReset,
    /// A worker hashed a password (argon2id).
    PasswordHashed {
        user_id: u64,
        phc: String,
        millis: u64,
        purpose: HashPurpose,
    },
    /// A worker got the server's answer to a request that runs argon2 (a login).
    Responded {
        exchange: Exchange,
        purpose: SendPurpose,
    },
    /// A worker finished a lab action that runs argon2 (a login, an attack).
    LabDone(lab_jobs::LabOutcome),
    /// A worker made (or failed to make) the learner's exercise project.
    ExerciseCreated {
        dir: std::path::PathBuf,
        result: Result<(), String>,
    },
    /// A worker ran one step's checks on the learner's project.
    ExerciseChecked(panels::exercise::CheckRun),
    /// The learner's editor closed (the terminal is back).
    EditorClosed(Result<(), String>),
    /// The watcher saw a file of the exercise project in this folder saved.
    ExerciseSaved(std::path::PathBuf),
}

/// A screen of the tutorial, in course order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    /// `course.lessons[index]`.
    Lesson(usize),
    /// The practice quiz.
    Quiz,
}

/// What the learner is doing on one screen; kept per screen so coming back finds it as it was.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScreenState {
    /// Index into the screen's panels.
    pub focus: usize,
    /// The panel shown in the right-hand column of a wide terminal (never the lesson text).
    pub shown_right: usize,
}

/// Start-up choices from the command line.
#[derive(Debug, Clone, PartialEq)]
pub struct AppOptions {
    pub theme: ThemeName,
    pub demo: bool,
    /// `--step N`: open at step N of the project.
    pub start_step: Option<u8>,
    /// `jwt-session-tutor quiz`: open on the quiz screen.
    pub start_at_quiz: bool,
    /// The quiz screen starts with the exam or (`quiz --practice`) a practice round.
    pub quiz_mode: QuizMode,
    /// The clock at start, Unix seconds.
    pub now: i64,
    /// The terminal size at start.
    pub size: Size,
    /// The quiz's seed (its draw and option order), or the file order (tests).
    pub option_order: OptionOrder,
    /// `--classroom`: the quiz waits for Enter before marking and saves no score or boxes.
    pub classroom: bool,
    /// How many colours the terminal draws.
    pub colors: ColorDepth,
    /// Draw only ASCII (a non-UTF-8 locale, the Linux console).
    pub ascii: bool,
    /// `--presenter`: speaker notes, hidden answers, roomier text for a projector.
    pub presenter: bool,
    /// Ask for a prediction before a Step 4 scenario or a scaling-lab request runs (`--no-predict`
    /// turns it off, for a teacher who demonstrates).
    pub predict: bool,
}

/// Under `--demo` the clock starts where the CLI's does (2026-01-01 00:00:00 UTC), so a token
/// copied from the tutorial checks out the same with `jwt verify --demo`.
pub use crate::auth::clock::DEMO_NOW;

#[derive(Debug)]
pub struct App {
    pub course: Course,
    pub screens: Vec<Screen>,
    pub current: usize,
    pub screen_states: Vec<ScreenState>,
    /// Scroll offsets in lines, per screen and panel.
    pub scrolls: HashMap<(usize, PanelId), usize>,
    /// Screens whose tasks are all done (see [`tasks`]), by index; kept in step by `refresh_done`.
    pub done: HashSet<usize>,
    /// Screens the learner has opened, by index. Seen is not done.
    pub seen: HashSet<usize>,
    /// Task ids finished (see [`tasks`]), this run and before.
    pub tasks_done: BTreeSet<String>,
    /// Each screen's checkpoint questions as answered, by screen index.
    pub checkpoints: HashMap<usize, CheckpointState>,
    /// Predict, then see: the open prompt, the results, the counts.
    pub predictions: Predictions,
    pub overlay: Option<Overlay>,
    pub theme: Theme,
    pub demo: bool,
    pub now: i64,
    pub size: Size,
    pub should_quit: bool,
    /// The live server, the browser and their panels' state.
    pub engine: Engine,
    /// The field the keyboard types into, if any (not the inspector's, which is always typing).
    pub editing: Option<FieldId>,
    /// The practice quiz, when the course has one.
    pub practice: Option<Practice>,
    /// Saved progress and where it lives, when there is somewhere to keep it.
    pub saved: Option<SavedProgress>,
    /// A message for the learner shown above the footer until the next key.
    pub status: Option<String>,
    /// The scaling lab and the attack lab.
    pub labs: Labs,
    /// What the last frame measured (see [`viewport`]).
    pub viewport: Viewport,
    /// A scroll for the next frame to place.
    pub scroll_request: Option<ScrollRequest>,
    /// The learner's exercise project and its checks (the step screens' Exercise panel).
    pub exercise: panels::exercise::ExerciseState,
    /// Draw only ASCII (the terminal cannot draw Unicode).
    pub ascii: bool,
    /// `--presenter`: speaker notes, answers hidden until revealed, roomier text.
    pub presenter: bool,
    /// `--classroom` or `--presenter`: the teacher's key presses are no learner's score.
    pub classroom: bool,
    /// `z`: the focused panel fills the screen.
    pub zoomed: bool,
    /// Presenter mode: the last result has been revealed to the room.
    pub revealed: bool,
}

impl App {
    pub fn new(course: Course, options: AppOptions) -> Self {
        let screens = screens_of(&course);
        let mut app = Self {
            screen_states: vec![ScreenState::default(); screens.len()],
            screens,
            course,
            current: 0,
            scrolls: HashMap::new(),
            done: HashSet::new(),
            seen: HashSet::new(),
            tasks_done: BTreeSet::new(),
            checkpoints: HashMap::new(),
            predictions: Predictions::new(options.predict),
            overlay: None,
            theme: Theme::for_terminal(options.theme, options.colors),
            demo: options.demo,
            now: if options.demo { DEMO_NOW } else { options.now },
            size: options.size,
            should_quit: false,
            engine: Engine::new(options.demo),
            editing: None,
            practice: None,
            saved: None,
            status: None,
            labs: Labs::new(options.demo),
            viewport: Viewport::default(),
            scroll_request: None,
            exercise: panels::exercise::ExerciseState::default(),
            ascii: options.ascii,
            presenter: options.presenter,
            classroom: options.classroom || options.presenter,
            zoomed: false,
            revealed: false,
        };
        app.start_quiz(options.quiz_mode, options.option_order, app.classroom);
        if let Some(step) = options.start_step
            && let Some(index) = app.screen_of_step(step)
        {
            app.current = index;
        }
        if options.start_at_quiz
            && let Some(index) = app.screens.iter().position(|screen| *screen == Screen::Quiz)
        {
            app.current = index;
        }
        app.mark_seen(app.current);
        app
    }

    pub fn scroll_of(&self, panel: PanelId) -> usize {
        self.scrolls.get(&(self.current, panel)).copied().unwrap_or(0)
    }

    /// The server's clock: the app's clock plus any time travel.
    pub fn clock(&self) -> i64 {
        self.engine.clock(self.now)
    }

    /// How often the clock must tick: fast while a spinner turns, once a second while a live
    /// countdown (token expiry) is on screen, never otherwise: idle means idle. The `--demo`
    /// clock stands still, so it needs no countdown tick.
    pub fn tick_interval(&self) -> Option<Duration> {
        if self.engine.busy.is_some() {
            return Some(Duration::from_millis(100));
        }
        let countdown = match &self.overlay {
            Some(Overlay::Inspector(inspector)) => !inspector.token.value().is_empty(),
            _ => self.engine.token.is_some() && self.is_visible(PanelId::Live(PanelKind::Token)),
        };
        (countdown && !self.demo).then_some(Duration::from_secs(1))
    }

    pub fn update(&mut self, action: Action) {
        // A status message stays until the learner does something.
        if !matches!(
            action,
            Action::Tick { .. }
                | Action::Clock { .. }
                | Action::Resize { .. }
                | Action::HighlighterReady
                | Action::PasswordHashed { .. }
                | Action::Responded { .. }
                | Action::LabDone(_)
                | Action::ExerciseCreated { .. }
                | Action::ExerciseChecked(_)
                | Action::ExerciseSaved(_)
        ) {
            self.status = None;
        }
        match action {
            Action::Quit => self.quit(),
            Action::QuitNow => self.should_quit = true,
            Action::Resize { width, height } => {
                // Offsets are clamped to the text when the next frame measures it.
                self.size = Size::new(width, height);
            }
            Action::Tick { now } => {
                if !self.demo {
                    self.now = now;
                }
                if self.engine.busy.is_some() {
                    self.engine.frame = self.engine.frame.wrapping_add(1);
                }
            }
            Action::Clock { now } => {
                if !self.demo {
                    self.now = now;
                }
            }
            Action::HighlighterReady => {}
            Action::PasswordHashed { .. } | Action::Responded { .. } => {
                let now = self.clock();
                self.engine.finish(action, now);
            }
            Action::LabDone(outcome) => self.lab_done(outcome),
            Action::ExerciseCreated { dir, result } => self.exercise_created(dir, result),
            Action::ExerciseChecked(run) => self.exercise_run_finished(run),
            Action::EditorClosed(result) => self.editor_closed(result),
            Action::ExerciseSaved(dir) => self.exercise_saved(dir),
            Action::OpenInspector if !matches!(self.overlay, Some(Overlay::Workbench(_))) => {
                self.open_inspector()
            }
            Action::OpenWorkbench => self.open_workbench_from_inspector(),
            _ if matches!(self.overlay, Some(Overlay::Workbench(_))) => self.update_workbench(action),
            _ if matches!(self.overlay, Some(Overlay::Inspector(_))) => self.update_inspector(action),
            _ if self.predictions.prompt.is_some() && self.overlay.is_none() => self.update_prompt(action),
            Action::ToggleHelp => {
                self.overlay = match self.overlay {
                    Some(Overlay::Help { .. }) => None,
                    _ => Some(Overlay::Help { scroll: 0 }),
                }
            }
            Action::ToggleOutline => {
                self.overlay = match self.overlay {
                    Some(Overlay::Outline { .. }) => None,
                    _ => Some(Overlay::Outline { selected: self.current }),
                }
            }
            Action::CloseOverlay => self.overlay = None,
            Action::GoTo(index) => self.go_to(index),
            _ if self.overlay.is_some() => self.update_overlay(action),
            _ if self.editing.is_some() => self.update_editing(action),
            Action::NextScreen => {
                // Moving on finishes nothing: a screen is done when its tasks are.
                if self.current + 1 < self.screens.len() {
                    self.go_to(self.current + 1);
                }
            }
            Action::Choose(index) if self.screen() == Screen::Quiz => self.quiz_choose(index),
            Action::Choose(index) => self.checkpoint_choose(index),
            Action::Hint => self.quiz_hint(),
            Action::RetryMissed => self.quiz_retry_missed(),
            Action::SwitchQuizMode => self.quiz_switch_mode(),
            Action::PrevScreen => self.go_to(self.current.saturating_sub(1)),
            Action::ToggleZoom => self.zoomed = !self.zoomed,
            Action::ToggleReveal => self.revealed = !self.revealed,
            Action::ToggleLiveSource => self.exercise.engine_view = !self.exercise.engine_view,
            Action::FocusNext => self.move_focus(1),
            Action::FocusPrev => self.move_focus(-1),
            Action::Up => self.up_down(-1),
            Action::Down => self.up_down(1),
            Action::PageUp => self.scroll_focused(-self.page_of(self.focused_panel())),
            Action::PageDown => self.scroll_focused(self.page_of(self.focused_panel())),
            Action::Top => self.up_down(-(isize::MAX / 2)),
            Action::Bottom => self.up_down(isize::MAX / 2),
            Action::Click { column, row } => self.click(column, row),
            Action::Wheel { column, row, down } => {
                if let Some(panel) = self.panel_at(column, row) {
                    self.scroll(panel, if down { 3 } else { -3 });
                }
            }
            Action::Activate => self.activate(),
            Action::Edit => self.start_editing(),
            Action::Paste(text) => {
                // A paste onto a form types into its selected field.
                self.start_editing();
                if self.editing.is_some() {
                    self.update_editing(Action::Paste(text));
                }
            }
            Action::TimeTravel { seconds } => {
                if self.screen_hints().time_travel {
                    self.engine.clock_offset = self.engine.clock_offset.saturating_add(seconds);
                }
            }
            Action::TimeTravelReset => self.engine.clock_offset = 0,
            Action::TogglePredictions => self.toggle_predictions(),
            Action::ShowSolution => self.reveal(),
            Action::LeaveEdit | Action::Input(_) | Action::OpenInspector | Action::Workbench(_) => {}
        }
        if self.predictions.made.iter().any(|made| made.actual.is_none()) {
            self.settle_predictions();
        }
    }

    /// Keys while a prediction prompt is open: a choice runs the action, Esc runs nothing.
    fn update_prompt(&mut self, action: Action) {
        match action {
            Action::Choose(index) => self.predict(index),
            Action::CloseOverlay => self.cancel_prediction(),
            Action::TogglePredictions => self.toggle_predictions(),
            Action::ToggleHelp => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Quit => self.should_quit = true,
            _ => {}
        }
    }

    /// Runs every queued job on this thread and applies its result, until none is left. The event
    /// loop runs jobs on worker threads instead; tests and scripts use this.
    pub fn run_jobs_inline(&mut self) {
        loop {
            let jobs = self.engine.take_jobs();
            if jobs.is_empty() {
                return;
            }
            for job in jobs {
                let result = job.run();
                self.update(result);
            }
        }
    }

    /// The whole terminal, as the last resize reported it.
    pub fn area(&self) -> Rect {
        Rect::new(0, 0, self.size.width, self.size.height)
    }
}
