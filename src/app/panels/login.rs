//! Step 3's login form: two fields (↑↓ choose, `e` edits, Tab switches while editing) and Enter
//! sends a real `POST /api/auth`.

use super::{Commands, PanelKeys, step_within};
use crate::app::App;
use crate::app::engine::SendPurpose;
use crate::app::fields::{FieldId, TextField};

/// Step 3's login form.
#[derive(Debug, Clone, PartialEq)]
pub struct LoginForm {
    pub username: TextField,
    pub password: TextField,
    /// 0: username, 1: password.
    pub selected: usize,
}

impl LoginForm {
    /// The field chosen in the form.
    pub fn selected_field(&self) -> FieldId {
        if self.selected == 0 { FieldId::LoginUsername } else { FieldId::LoginPassword }
    }

    /// Tab while editing: the other field takes the keyboard.
    pub fn switch_field(&mut self) -> FieldId {
        self.selected = 1 - self.selected.min(1);
        self.selected_field()
    }
}

pub struct LoginPanel;

impl PanelKeys for LoginPanel {
    fn commands(&self, _app: &App) -> Commands {
        Commands { enter: Some("log in"), edit: Some("edit field") }
    }

    fn activate(&self, app: &mut App) {
        let now = app.clock();
        app.engine.login(now, SendPurpose::LoginForm);
    }

    fn select(&self, app: &mut App, delta: isize) -> bool {
        let form = &mut app.engine.login_form;
        form.selected = step_within(form.selected, delta, 2);
        true
    }

    fn edit_field(&self, app: &App) -> Option<FieldId> {
        Some(app.engine.login_form.selected_field())
    }
}
