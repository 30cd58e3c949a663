//! The tutorial's state and the one function that changes it.
//!
//! `App::update` is pure: keys, mouse, the clock and worker results all arrive as [`Action`]s, so
//! tests drive the whole tutorial without a terminal and with a fixed clock. Drawing (`ui`) only
//! reads an `App`.

use std::collections::{HashMap, HashSet};

use ratatui::layout::{Rect, Size};
use tui_input::InputRequest;

use crate::keymap::{Mode, ScreenHints};
use crate::lessons::{Course, Lesson, LessonKind, PanelKind};
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
    /// The clock, in Unix seconds (ignored under `--demo`, whose clock only moves when told to).
    Tick {
        now: i64,
    },
    /// The syntax highlighter finished loading in the background: redraw code in colour.
    HighlighterReady,
}

/// A screen of the tutorial, in course order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    /// `course.lessons[index]`.
    Lesson(usize),
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
}

impl PanelId {
    pub fn title(self) -> &'static str {
        match self {
            PanelId::Lesson => "Lesson",
            PanelId::Code => "Code",
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help { scroll: usize },
    Outline { selected: usize },
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
    /// The clock at start, Unix seconds.
    pub now: i64,
    /// The terminal size at start.
    pub size: Size,
}

/// Under `--demo` the clock starts here (2026-01-15 09:00:00 UTC) so every token is the same.
pub const DEMO_NOW: i64 = 1_768_467_600;

#[derive(Debug, Clone)]
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
        };
        if let Some(step) = options.start_step
            && let Some(index) = app.screen_of_step(step)
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
        }
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
            Screen::Lesson(lesson_index) => {
                let lesson = &self.course.lessons[lesson_index];
                match (lesson.kind, lesson.step) {
                    (LessonKind::Step, Some(step)) => {
                        format!("Step {step} of {} · {}", self.step_count(), lesson.title)
                    }
                    (LessonKind::Lab, _) => format!("Lab · {}", lesson.title),
                    _ => lesson.title.clone(),
                }
            }
        }
    }

    /// The panels of a screen, in focus order.
    pub fn panels_of(&self, screen: Screen) -> Vec<PanelId> {
        match screen {
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
            None => Mode::Browse,
        }
    }

    /// The footer words for Enter and `e` on the focused panel.
    pub fn screen_hints(&self) -> ScreenHints {
        ScreenHints::default()
    }

    /// How often the clock must tick: every second while a live countdown is on screen, faster
    /// while a spinner turns, never otherwise (idle means idle).
    pub fn tick_interval(&self) -> Option<std::time::Duration> {
        None
    }

    pub fn update(&mut self, action: Action) {
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
            }
            Action::HighlighterReady => {}
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
            Action::NextScreen => {
                if self.current + 1 < self.screens.len() {
                    self.done.insert(self.current);
                    self.go_to(self.current + 1);
                }
            }
            Action::PrevScreen => self.go_to(self.current.saturating_sub(1)),
            Action::FocusNext => self.move_focus(1),
            Action::FocusPrev => self.move_focus(-1),
            Action::Up => self.scroll_focused(-1),
            Action::Down => self.scroll_focused(1),
            Action::PageUp => self.scroll_focused(-self.page_of(self.focused_panel())),
            Action::PageDown => self.scroll_focused(self.page_of(self.focused_panel())),
            Action::Top => self.scroll_focused(-(isize::MAX / 2)),
            Action::Bottom => self.scroll_focused(isize::MAX / 2),
            Action::Click { column, row } => self.click(column, row),
            Action::Wheel { column, row, down } => {
                if let Some(panel) = ui::layout::panel_at(self, column, row) {
                    self.scroll(panel, if down { 3 } else { -3 });
                }
            }
            Action::Activate | Action::Edit | Action::LeaveEdit | Action::Paste(_) | Action::Input(_) => {}
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
            None => {}
        }
    }

    fn go_to(&mut self, index: usize) {
        if index < self.screens.len() {
            self.current = index;
            self.overlay = None;
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

/// The screens in teaching order: the lessons in file order, summaries last.
pub fn screens_of(course: &Course) -> Vec<Screen> {
    let (summaries, others): (Vec<usize>, Vec<usize>) =
        (0..course.lessons.len()).partition(|&i| course.lessons[i].kind == LessonKind::Summary);
    others.into_iter().chain(summaries).map(Screen::Lesson).collect()
}
