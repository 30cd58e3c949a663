//! The windows drawn over a screen (help, outline, token inspector, "continue where you left
//! off?") and what the keys do while one is open.

use super::inspector::Inspector;
use super::{Action, App};

/// A window drawn over the screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    /// Every key (`?`), scrolled by `scroll` rows.
    Help { scroll: usize },
    /// Every screen (`g`), `selected` highlighted.
    Outline { selected: usize },
    /// The token inspector (`i`).
    Inspector(Box<Inspector>),
    /// The token workbench (Enter on a challenge, Ctrl-O in the inspector).
    Workbench(Box<super::workbench::Workbench>),
    /// At start, with saved progress: continue at `target`?
    Resume { target: usize },
    /// Quit, losing what `lost` names?
    ConfirmQuit { lost: Vec<&'static str> },
}

impl App {
    /// Opens the inspector on the last token and the server's secret, or empty fields.
    pub(super) fn open_inspector(&mut self) {
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

    /// Keys while the inspector is open: they type into its fields, Tab switches, PgUp/PgDn scroll.
    pub(super) fn update_inspector(&mut self, action: Action) {
        let drawn = self.drawn_overlay_scroll();
        let (max_scroll, page) = (drawn.max_offset(), drawn.visible.max(1));
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
            // The report changes with the fields; the next frame keeps the scroll inside it.
            _ => {}
        }
    }

    /// Keys while help, the outline or the resume prompt is open.
    pub(super) fn update_overlay(&mut self, action: Action) {
        match self.overlay {
            Some(Overlay::Help { scroll }) => {
                let drawn = self.drawn_overlay_scroll();
                let page = drawn.visible.max(1);
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
                self.overlay = Some(Overlay::Help { scroll: next.min(drawn.max_offset()) });
            }
            Some(Overlay::Outline { selected }) => {
                let last = self.screens.len() - 1;
                let page = self.drawn_overlay_scroll().visible.max(1);
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
                        if let Some(target) = self.outline_row_at(selected, column, row) {
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
            Some(Overlay::ConfirmQuit { .. } | Overlay::Inspector(_) | Overlay::Workbench(_)) | None => {}
        }
    }
}
