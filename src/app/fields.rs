//! Editable text fields (login form, the edited claim, the token inspector), over tui-input, and
//! what the keys do while one has the keyboard.

use tui_input::{Input, InputRequest};

use super::{Action, App};

/// Which field has the keyboard, when one does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldId {
    LoginUsername,
    LoginPassword,
    /// Step 4: the value written into the edited payload claim.
    ScenarioClaim,
    InspectorToken,
    InspectorSecret,
    /// The inspector's expected audience (`aud`), empty for none.
    InspectorAudience,
}

#[derive(Debug, Clone, Default)]
pub struct TextField {
    input: Input,
}

impl TextField {
    pub fn new(value: &str) -> Self {
        Self { input: Input::new(value.to_string()) }
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    /// Cursor position in characters.
    pub fn cursor(&self) -> usize {
        self.input.cursor()
    }

    /// Applies one editing key; true when the text changed.
    pub fn apply(&mut self, request: InputRequest) -> bool {
        let before = self.input.value().to_string();
        self.input.handle(request);
        before != self.input.value()
    }

    /// Inserts pasted text at the cursor, as one edit. Line breaks are dropped: every field here is
    /// one line, and a token copied from a terminal often carries a trailing newline.
    pub fn paste(&mut self, text: &str) -> bool {
        let pasted: String = text.chars().filter(|c| *c != '\n' && *c != '\r').collect();
        if pasted.is_empty() {
            return false;
        }
        let value = self.input.value();
        let at = value.char_indices().nth(self.input.cursor()).map_or(value.len(), |(index, _)| index);
        let new_value = format!("{}{}{}", &value[..at], pasted, &value[at..]);
        let cursor = self.input.cursor() + pasted.chars().count();
        self.input = Input::new(new_value).with_cursor(cursor);
        true
    }

    pub fn set(&mut self, value: &str) {
        self.input = Input::new(value.to_string());
    }
}

impl PartialEq for TextField {
    fn eq(&self, other: &Self) -> bool {
        self.value() == other.value() && self.cursor() == other.cursor()
    }
}

impl App {
    /// The text of `field`, when it belongs to a panel (the inspector keeps its own).
    fn field_mut(&mut self, field: FieldId) -> Option<&mut TextField> {
        match field {
            FieldId::LoginUsername => Some(&mut self.engine.login_form.username),
            FieldId::LoginPassword => Some(&mut self.engine.login_form.password),
            FieldId::ScenarioClaim => Some(&mut self.engine.claim_value),
            FieldId::InspectorToken | FieldId::InspectorSecret | FieldId::InspectorAudience => None,
        }
    }

    /// Keys while a field has the keyboard: they type into it; Enter runs the panel's action.
    pub(super) fn update_editing(&mut self, action: Action) {
        let Some(field) = self.editing else { return };
        match action {
            Action::LeaveEdit => self.editing = None,
            Action::Activate => {
                self.editing = None;
                self.activate();
            }
            Action::FocusNext | Action::FocusPrev if field != FieldId::ScenarioClaim => {
                self.editing = Some(self.engine.login_form.switch_field());
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paste_inserts_at_the_cursor_without_line_breaks() {
        let mut field = TextField::new("ab");
        field.apply(InputRequest::GoToPrevChar);
        assert!(field.paste("X\nY\r\n"));
        assert_eq!(field.value(), "aXYb");
        assert_eq!(field.cursor(), 3);
        assert!(!field.paste("\n"));
    }

    #[test]
    fn typing_reports_changes() {
        let mut field = TextField::new("");
        assert!(field.apply(InputRequest::InsertChar('é')));
        assert!(!field.apply(InputRequest::GoToStart));
        assert_eq!(field.value(), "é");
    }
}
