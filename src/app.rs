//! The tutorial's state and the one function that changes it.
//!
//! `App::update` is pure: keys, mouse, the clock and worker results all arrive as [`Action`]s, so
//! tests drive the whole tutorial without a terminal and with a fixed clock. Drawing (`ui`) only
//! reads an `App`.

pub mod engine;
pub mod fields;
pub mod inspector;
pub mod labs;
pub mod practice;
pub mod scenarios;

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use ratatui::layout::{Rect, Size};
use tui_input::InputRequest;

use self::engine::{Engine, Exchange, HashPurpose, SendPurpose};
use self::fields::{FieldId, TextField};
use self::inspector::Inspector;
use self::practice::{Practice, Step};
use self::scenarios::Scenario;
use crate::keymap::{Mode, ScreenHints};
use crate::lessons::{Course, Lesson, LessonKind, PanelKind};
use crate::progress::{Progress, ProgressStore};
use crate::quiz::OptionOrder;
use crate::theme::{Theme, ThemeName};
use crate::ui;

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
    Quit,
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
    /// Quiz: a letter or digit, as an option index in display order.
    Choose(usize),
    /// Quiz: show the hint.
    Hint,
    /// Quiz: after the score, play the missed questions again.
    RetryMissed,
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
    LabDone(labs::LabOutcome),
}

/// A screen of the tutorial, in course order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    /// `course.lessons[index]`.
    Lesson(usize),
    /// The practice quiz.
    Quiz,
}

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
}

impl PanelId {
    pub fn title(self) -> &'static str {
        match self {
            PanelId::Lesson => "Lesson",
            PanelId::Code => "Code",
            PanelId::Quiz => "Quiz",
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
            },
        }
    }
}

/// A window drawn over the screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    Outline {
        selected: usize,
    },
    Inspector(Box<Inspector>),
    /// At start, with saved progress: continue at `target`?
    Resume {
        target: usize,
    },
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
    /// `jwt-session-tutor quiz`: open on the practice quiz screen.
    pub start_at_quiz: bool,
    /// The clock at start, Unix seconds.
    pub now: i64,
    /// The terminal size at start.
    pub size: Size,
    /// `--shuffle` (with its seed) or the file order.
    pub option_order: OptionOrder,
    /// `--classroom`: the quiz waits for Enter before marking.
    pub classroom: bool,
}

/// Under `--demo` the clock starts where the CLI's does (2026-01-01 00:00:00 UTC), so a token
/// copied from the tutorial checks out the same with `jwt verify --demo`.
pub const DEMO_NOW: i64 = crate::cli::walkthrough::DEMO_NOW;

#[derive(Debug)]
pub struct App {
    pub course: Course,
    pub screens: Vec<Screen>,
    pub current: usize,
    pub screen_states: Vec<ScreenState>,
    /// Scroll offsets in lines, per screen and panel.
    pub scrolls: HashMap<(usize, PanelId), usize>,
    /// Screens the learner has finished (moved on from), by index.
    pub done: HashSet<usize>,
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
    pub labs: labs::Labs,
}

/// The learner's progress file and what is in it.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedProgress {
    pub store: ProgressStore,
    pub progress: Progress,
    /// Changed since the last save.
    pub dirty: bool,
    /// The last save failure shown, so a disk that keeps failing the same way is reported once.
    pub last_failure: Option<String>,
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
            overlay: None,
            theme: Theme::get(options.theme),
            demo: options.demo,
            now: if options.demo { DEMO_NOW } else { options.now },
            size: options.size,
            should_quit: false,
            engine: Engine::new(options.demo),
            editing: None,
            practice: None,
            saved: None,
            status: None,
            labs: labs::Labs::new(options.demo),
        };
        app.practice = (!app.course.quiz.questions.is_empty())
            .then(|| Practice::new(&app.course.quiz.questions, options.option_order, options.classroom));
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
        app
    }

    /// Index of the screen for project step `step` (1-based).
    pub fn screen_of_step(&self, step: u8) -> Option<usize> {
        self.screens.iter().position(|screen| {
            self.lesson_of(*screen).is_some_and(|l| l.kind == LessonKind::Step && l.step == Some(step))
        })
    }

    pub fn lesson_of(&self, screen: Screen) -> Option<&Lesson> {
        match screen {
            Screen::Lesson(index) => self.course.lessons.get(index),
            Screen::Quiz => None,
        }
    }

    /// The stable id progress is saved under: the lesson's id, or the quiz's.
    pub fn screen_id(&self, index: usize) -> &str {
        match self.screens[index] {
            Screen::Lesson(lesson) => &self.course.lessons[lesson].id,
            Screen::Quiz => &self.course.quiz.id,
        }
    }

    /// Attaches saved progress: done marks come back, and if the learner was somewhere else last
    /// time (and no `--step` was given) they are offered to continue there. `warning` (a damaged
    /// or unreadable file) is shown until the next key.
    pub fn attach_progress(&mut self, store: ProgressStore, progress: Progress, warning: Option<String>) {
        for index in 0..self.screens.len() {
            if progress.is_completed(self.screen_id(index)) {
                self.done.insert(index);
            }
        }
        let last = progress
            .last_screen
            .as_deref()
            .and_then(|id| (0..self.screens.len()).find(|&i| self.screen_id(i) == id));
        if let Some(target) = last
            && target != self.current
            && self.current == 0
        {
            self.overlay = Some(Overlay::Resume { target });
        }
        self.status = warning;
        self.saved = Some(SavedProgress { store, progress, dirty: false, last_failure: None });
    }

    /// The progress to write, if it changed; the caller saves it (a side effect) and reports back
    /// with [`App::progress_saved`].
    pub fn progress_to_save(&mut self) -> Option<(ProgressStore, Progress)> {
        let saved = self.saved.as_mut().filter(|saved| saved.dirty)?;
        saved.dirty = false;
        Some((saved.store.clone(), saved.progress.clone()))
    }

    /// The result of a save: a failure is shown once (again only if it changes); the tutorial
    /// carries on.
    pub fn progress_saved(&mut self, result: Result<(), String>) {
        let Some(saved) = &mut self.saved else { return };
        match result {
            Ok(()) => saved.last_failure = None,
            Err(warning) if saved.last_failure.as_ref() != Some(&warning) => {
                self.status = Some(format!("⚠ {warning}"));
                saved.last_failure = Some(warning);
            }
            Err(_) => {}
        }
    }

    fn remember(&mut self, change: impl FnOnce(&mut Progress)) {
        if let Some(saved) = &mut self.saved {
            let before = saved.progress.clone();
            change(&mut saved.progress);
            saved.dirty |= saved.progress != before;
        }
    }

    fn mark_done(&mut self, index: usize) {
        self.done.insert(index);
        let id = self.screen_id(index).to_string();
        self.remember(|progress| progress.mark_completed(&id));
    }

    pub fn screen(&self) -> Screen {
        self.screens[self.current]
    }

    pub fn lesson(&self) -> Option<&Lesson> {
        self.lesson_of(self.screen())
    }

    pub fn state(&self) -> &ScreenState {
        &self.screen_states[self.current]
    }

    /// Number of project steps in the course (the `of 4` in `Step 3 of 4`).
    pub fn step_count(&self) -> usize {
        self.course.lessons.iter().filter(|l| l.kind == LessonKind::Step).count()
    }

    /// Where the learner is, as the header says it: `Step 3 of 4 · Login`.
    pub fn screen_label(&self, index: usize) -> String {
        match self.screens[index] {
            Screen::Quiz => self.course.quiz.title.clone(),
            Screen::Lesson(lesson_index) => {
                let lesson = &self.course.lessons[lesson_index];
                match (lesson.kind, lesson.step) {
                    (LessonKind::Step, Some(step)) => {
                        format!("Step {step} of {} · {}", self.step_count(), lesson.title)
                    }
                    // Lab titles usually say "Lab:" themselves.
                    (LessonKind::Lab, _) if !lesson.title.starts_with("Lab") => {
                        format!("Lab · {}", lesson.title)
                    }
                    _ => lesson.title.clone(),
                }
            }
        }
    }

    /// The panels of a screen, in focus order.
    pub fn panels_of(&self, screen: Screen) -> Vec<PanelId> {
        match screen {
            Screen::Quiz => vec![PanelId::Quiz],
            Screen::Lesson(index) => {
                let lesson = &self.course.lessons[index];
                let mut panels = vec![PanelId::Lesson];
                if lesson.code.is_some() {
                    panels.push(PanelId::Code);
                }
                panels.extend(
                    lesson
                        .panels
                        .iter()
                        .filter(|kind| ui::panels::is_available(**kind))
                        .map(|kind| PanelId::Live(*kind)),
                );
                panels
            }
        }
    }

    pub fn panels(&self) -> Vec<PanelId> {
        self.panels_of(self.screen())
    }

    pub fn focused_panel(&self) -> PanelId {
        let panels = self.panels();
        panels[self.state().focus.min(panels.len() - 1)]
    }

    pub fn scroll_of(&self, panel: PanelId) -> usize {
        self.scrolls.get(&(self.current, panel)).copied().unwrap_or(0)
    }

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

    /// The server's clock: the app's clock plus any time travel.
    pub fn clock(&self) -> i64 {
        self.engine.clock(self.now)
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

    pub fn selected_scenario(&self) -> Scenario {
        Scenario::ALL[self.engine.scenario_selected.min(Scenario::ALL.len() - 1)]
    }

    /// Whether `panel` is drawn right now (not behind a tab, not hidden by the inspector).
    pub fn is_visible(&self, panel: PanelId) -> bool {
        !matches!(self.overlay, Some(Overlay::Inspector(_)))
            && ui::layout::compute(self, self.area()).panel_rect(panel).is_some()
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
        ) {
            self.status = None;
        }
        match action {
            Action::Quit => self.should_quit = true,
            Action::Resize { width, height } => {
                self.size = Size::new(width, height);
                self.clamp_scrolls();
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
            Action::OpenInspector => self.open_inspector(),
            _ if matches!(self.overlay, Some(Overlay::Inspector(_))) => self.update_inspector(action),
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
                if self.current + 1 < self.screens.len() {
                    // The quiz is done when it is finished, not when skipped.
                    if self.screen() != Screen::Quiz {
                        self.mark_done(self.current);
                    }
                    self.go_to(self.current + 1);
                }
            }
            Action::Choose(index) => {
                if let Some(step) = self.practice.as_mut().map(|practice| practice.choose(index)) {
                    self.after_quiz_step(step);
                }
            }
            Action::Hint => {
                if let Some(practice) = &mut self.practice {
                    practice.hint();
                }
            }
            Action::RetryMissed => {
                if self.practice.as_mut().is_some_and(Practice::retry_missed) {
                    self.scrolls.remove(&(self.current, PanelId::Quiz));
                }
            }
            Action::PrevScreen => self.go_to(self.current.saturating_sub(1)),
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
                if let Some(panel) = ui::layout::panel_at(self, column, row) {
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
            Action::LeaveEdit | Action::Input(_) => {}
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

    /// After answering or moving on in the quiz: back to the top of the panel, and at the end
    /// the quiz counts as done and its score is remembered.
    fn after_quiz_step(&mut self, step: Step) {
        match step {
            Step::Nothing => {}
            Step::Answered => {}
            Step::Finished => {
                self.mark_done(self.current);
                let first = self.practice.as_ref().and_then(|practice| practice.first_score);
                if let Some(score) = first {
                    self.remember(|progress| {
                        progress.record_quiz(score.right, score.total);
                    });
                }
            }
        }
        if step != Step::Answered {
            self.scrolls.remove(&(self.current, PanelId::Quiz));
        }
    }

    /// Enter on the focused panel.
    fn activate(&mut self) {
        self.engine.notice = None;
        let now = self.clock();
        match self.focused_panel() {
            PanelId::Quiz => {
                let finished = self.practice.as_ref().is_some_and(|practice| practice.session.is_finished());
                if finished {
                    return self.update(Action::NextScreen);
                }
                if let Some(step) = self.practice.as_mut().map(Practice::activate) {
                    self.after_quiz_step(step);
                }
            }
            PanelId::Live(PanelKind::Users) => self.engine.rehash(),
            PanelId::Live(PanelKind::Config) => self.engine.rotate_secret(now),
            PanelId::Live(PanelKind::LoginForm) => self.engine.login(now, SendPurpose::LoginForm),
            PanelId::Live(PanelKind::Token) if self.engine.token.is_some() => self.open_inspector(),
            PanelId::Live(PanelKind::Scenarios) => {
                let scenario = self.selected_scenario();
                self.engine.run_scenario(scenario, now);
                self.show_scenario_result();
            }
            PanelId::Live(kind @ (PanelKind::Scaling | PanelKind::Attacks)) => self.activate_lab(kind),
            _ => {}
        }
    }

    /// Scrolls the scenarios panel so the result starts at its top (↑↓ bring the list back).
    fn show_scenario_result(&mut self) {
        let panel = PanelId::Live(PanelKind::Scenarios);
        if let Some(row) = ui::panels::scenario_result_row(self) {
            let max = ui::max_scroll(self, panel);
            self.scrolls.insert((self.current, panel), row.min(max));
        }
    }

    /// ↑/↓: choose in a list panel, scroll any other.
    fn up_down(&mut self, delta: isize) {
        let step = |index: usize, len: usize| index.saturating_add_signed(delta).min(len - 1);
        match self.focused_panel() {
            PanelId::Live(PanelKind::LoginForm) => {
                self.engine.login_form.selected = step(self.engine.login_form.selected, 2);
            }
            PanelId::Live(PanelKind::Scenarios) => {
                self.engine.scenario_selected = step(self.engine.scenario_selected, Scenario::ALL.len());
            }
            PanelId::Quiz
                if self.practice.as_mut().is_some_and(|practice| practice.move_selection(delta)) => {}
            PanelId::Live(kind @ (PanelKind::Scaling | PanelKind::Attacks)) => self.labs.select(kind, delta),
            _ => return self.scroll_focused(delta),
        }
        self.follow_selection();
    }

    /// Keeps the chosen row of a list panel in view.
    fn follow_selection(&mut self) {
        let panel = self.focused_panel();
        let Some(row) = ui::panels::selected_row(self, panel) else { return };
        let Some(rect) = ui::layout::compute(self, self.area()).panel_rect(panel) else { return };
        let height = usize::from(ui::inner(rect).height).max(1);
        let offset = self.scroll_of(panel);
        let wanted = if row < offset {
            row
        } else if row >= offset + height {
            row + 1 - height
        } else {
            return;
        };
        self.scrolls.insert((self.current, panel), wanted.min(ui::max_scroll(self, panel)));
    }

    /// `e` (or a paste): the focused panel's field takes the keyboard.
    fn start_editing(&mut self) {
        self.editing = match self.focused_panel() {
            PanelId::Live(PanelKind::LoginForm) => Some(if self.engine.login_form.selected == 0 {
                FieldId::LoginUsername
            } else {
                FieldId::LoginPassword
            }),
            PanelId::Live(PanelKind::Scenarios) if self.selected_scenario() == Scenario::EditedClaim => {
                Some(FieldId::ScenarioClaim)
            }
            _ => None,
        };
    }

    fn field_mut(&mut self, field: FieldId) -> Option<&mut TextField> {
        match field {
            FieldId::LoginUsername => Some(&mut self.engine.login_form.username),
            FieldId::LoginPassword => Some(&mut self.engine.login_form.password),
            FieldId::ScenarioClaim => Some(&mut self.engine.claim_value),
            FieldId::InspectorToken | FieldId::InspectorSecret | FieldId::InspectorAudience => None,
        }
    }

    fn update_editing(&mut self, action: Action) {
        let Some(field) = self.editing else { return };
        match action {
            Action::LeaveEdit => self.editing = None,
            Action::Activate => {
                self.editing = None;
                self.activate();
            }
            Action::FocusNext | Action::FocusPrev if field != FieldId::ScenarioClaim => {
                let form = &mut self.engine.login_form;
                form.selected = 1 - form.selected.min(1);
                self.editing =
                    Some(if form.selected == 0 { FieldId::LoginUsername } else { FieldId::LoginPassword });
            }
            Action::Input(request) => {
                if let Some(text) = self.field_mut(field) {
                    text.apply(request);
                }
            }
            Action::Paste(pasted) => {
                if let Some(text) = self.field_mut(field) {
                    text.paste(&pasted);
                }
            }
            Action::Click { .. } | Action::Wheel { .. } => {
                self.editing = None;
                self.update(action);
            }
            _ => {}
        }
    }

    /// Opens the inspector on the last token and the server's secret, or empty fields.
    fn open_inspector(&mut self) {
        let token = self.engine.token.clone().unwrap_or_default();
        let (secret, alg, leeway) = match self.engine.config() {
            Some(config) => {
                let secret = config.jwt_secret.display();
                // `display` quotes text secrets; the field takes the text itself.
                let secret = secret.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(&secret);
                (secret.to_string(), config.jwt_alg, config.leeway)
            }
            None => (String::new(), crate::auth::Alg::HS256, 0),
        };
        self.editing = None;
        self.overlay = Some(Overlay::Inspector(Box::new(Inspector::new(&token, &secret, alg, leeway))));
    }

    fn update_inspector(&mut self, action: Action) {
        let max_scroll = ui::inspector::max_scroll(self);
        let page = ui::inspector::page_height(self);
        let Some(Overlay::Inspector(inspector)) = &mut self.overlay else { return };
        match action {
            Action::CloseOverlay | Action::LeaveEdit => self.overlay = None,
            Action::FocusNext => inspector.switch_field(true),
            Action::FocusPrev => inspector.switch_field(false),
            // A changed field changes the verdict, which sits at the top of the report: show it.
            Action::Input(request) => {
                let before = inspector.field_mut().value().to_string();
                inspector.field_mut().apply(request);
                if inspector.field_mut().value() != before {
                    inspector.scroll = 0;
                }
            }
            Action::Paste(text) => {
                inspector.field_mut().paste(&text);
                inspector.scroll = 0;
            }
            Action::PageDown => inspector.scroll = (inspector.scroll + page).min(max_scroll),
            Action::PageUp => inspector.scroll = inspector.scroll.saturating_sub(page),
            Action::Wheel { down, .. } => {
                inspector.scroll = if down {
                    (inspector.scroll + 3).min(max_scroll)
                } else {
                    inspector.scroll.saturating_sub(3)
                };
            }
            _ => {}
        }
        // The report changes with the fields; keep the scroll inside it.
        let max_scroll = ui::inspector::max_scroll(self);
        if let Some(Overlay::Inspector(inspector)) = &mut self.overlay {
            inspector.scroll = inspector.scroll.min(max_scroll);
        }
    }

    fn update_overlay(&mut self, action: Action) {
        match self.overlay {
            Some(Overlay::Help { scroll }) => {
                let page = ui::help::page_height(self);
                let next = match action {
                    Action::Up => scroll.saturating_sub(1),
                    Action::Down => scroll + 1,
                    Action::PageUp => scroll.saturating_sub(page),
                    Action::PageDown => scroll + page,
                    Action::Top => 0,
                    Action::Bottom => usize::MAX,
                    Action::Wheel { down: true, .. } => scroll + 3,
                    Action::Wheel { down: false, .. } => scroll.saturating_sub(3),
                    _ => return,
                };
                self.overlay = Some(Overlay::Help { scroll: next.min(ui::help::max_scroll(self)) });
            }
            Some(Overlay::Outline { selected }) => {
                let last = self.screens.len() - 1;
                let (_, page) = ui::layout::outline_window(self, selected);
                let selected = match action {
                    Action::Up => selected.saturating_sub(1),
                    Action::Down => (selected + 1).min(last),
                    Action::PageUp => selected.saturating_sub(page),
                    Action::PageDown => (selected + page).min(last),
                    Action::Top => 0,
                    Action::Bottom => last,
                    Action::Wheel { down: true, .. } => (selected + 1).min(last),
                    Action::Wheel { down: false, .. } => selected.saturating_sub(1),
                    Action::Activate => return self.go_to(selected),
                    Action::Click { column, row } => {
                        if let Some(target) = ui::layout::outline_row_at(self, column, row) {
                            self.go_to(target);
                        }
                        return;
                    }
                    _ => return,
                };
                self.overlay = Some(Overlay::Outline { selected });
            }
            Some(Overlay::Resume { target }) => match action {
                Action::Activate => self.go_to(target),
                Action::CloseOverlay => self.overlay = None,
                _ => {}
            },
            Some(Overlay::Inspector(_)) | None => {}
        }
    }

    fn go_to(&mut self, index: usize) {
        if index < self.screens.len() {
            self.current = index;
            self.overlay = None;
            let id = self.screen_id(index).to_string();
            self.remember(|progress| progress.set_last_screen(&id));
            // Screens are done when the learner moves on; from the last one there is nowhere to
            // move on to, so reaching it is what completes it (the quiz still needs finishing).
            if index + 1 == self.screens.len() && self.screen() != Screen::Quiz {
                self.mark_done(index);
            }
        }
    }

    fn move_focus(&mut self, delta: isize) {
        let count = self.panels().len() as isize;
        let state = &mut self.screen_states[self.current];
        let focus = (state.focus as isize + delta).rem_euclid(count) as usize;
        state.focus = focus;
        if focus > 0 {
            state.shown_right = focus;
        }
    }

    fn focus_panel(&mut self, panel: PanelId) {
        if let Some(index) = self.panels().iter().position(|p| *p == panel) {
            let state = &mut self.screen_states[self.current];
            state.focus = index;
            if index > 0 {
                state.shown_right = index;
            }
        }
    }

    fn click(&mut self, column: u16, row: u16) {
        let layout = ui::layout::compute(self, self.area());
        let hit = |rect: &Rect| rect.contains(ratatui::layout::Position { x: column, y: row });
        if let Some((panel, _)) = layout.tabs.iter().find(|(_, rect)| hit(rect)) {
            self.focus_panel(*panel);
        } else if let Some((panel, _)) = layout.panels.iter().find(|(_, rect)| hit(rect)) {
            self.focus_panel(*panel);
        }
    }

    /// The whole terminal, as the last resize reported it.
    pub fn area(&self) -> Rect {
        Rect::new(0, 0, self.size.width, self.size.height)
    }

    fn page_of(&self, panel: PanelId) -> isize {
        ui::layout::compute(self, self.area())
            .panel_rect(panel)
            .map_or(1, |rect| rect.height.saturating_sub(3).max(1) as isize)
    }

    fn scroll_focused(&mut self, delta: isize) {
        self.scroll(self.focused_panel(), delta);
    }

    fn scroll(&mut self, panel: PanelId, delta: isize) {
        let max = ui::max_scroll(self, panel);
        let offset = self.scrolls.entry((self.current, panel)).or_insert(0);
        *offset = offset.saturating_add_signed(delta).min(max);
    }

    /// Keeps every offset of the current screen within its content after a resize.
    fn clamp_scrolls(&mut self) {
        for panel in self.panels() {
            let max = ui::max_scroll(self, panel);
            if let Some(offset) = self.scrolls.get_mut(&(self.current, panel)) {
                *offset = (*offset).min(max);
            }
        }
    }
}

/// The screens in teaching order: the lessons in file order, then the quiz, then the summaries.
pub fn screens_of(course: &Course) -> Vec<Screen> {
    let (summaries, others): (Vec<usize>, Vec<usize>) =
        (0..course.lessons.len()).partition(|&i| course.lessons[i].kind == LessonKind::Summary);
    let mut screens: Vec<Screen> = others.into_iter().map(Screen::Lesson).collect();
    if !course.quiz.questions.is_empty() {
        screens.push(Screen::Quiz);
    }
    screens.extend(summaries.into_iter().map(Screen::Lesson));
    screens
}
