//! The course as screens and panels, and moving between them: which screen is which, what it is
//! called, which panels it has and which one has focus, and going to another screen (which marks
//! the one opened as seen).

use super::{App, PanelId, Screen, ScreenState, panels};
use crate::lessons::{Course, Lesson, LessonKind, PanelKind};

impl App {
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
            Screen::Quiz if self.presenter && !self.course.quiz.teacher_notes.is_empty() => {
                vec![PanelId::Quiz, PanelId::Notes]
            }
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
                        .filter(|kind| panels::is_available(**kind))
                        .map(|kind| PanelId::Live(*kind)),
                );
                // Every step is also an exercise on the learner's own code.
                if lesson.step.is_some() && !lesson.panels.contains(&PanelKind::Exercise) {
                    panels.push(PanelId::Live(PanelKind::Exercise));
                }
                if self.presenter && !lesson.teacher_notes.is_empty() {
                    panels.push(PanelId::Notes);
                }
                if !lesson.checkpoints.is_empty() {
                    panels.push(PanelId::Checkpoints);
                }
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

    pub(super) fn go_to(&mut self, index: usize) {
        if index < self.screens.len() {
            self.current = index;
            self.zoomed = false;
            self.revealed = false;
            self.overlay = None;
            let id = self.screen_id(index).to_string();
            self.remember(|progress| progress.set_last_screen(&id));
            self.mark_seen(index);
            // A step screen shows its checks on the learner's project as it is now.
            if self.exercise_step().is_some_and(|step| !self.exercise.reports.contains_key(&step)) {
                self.check_exercise_step();
            }
        }
    }

    pub(super) fn move_focus(&mut self, delta: isize) {
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

    pub(super) fn click(&mut self, column: u16, row: u16) {
        if let Some(panel) = self.tab_or_panel_at(column, row) {
            self.focus_panel(panel);
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
