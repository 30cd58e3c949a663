//! Step 3's Token panel: the last login's token decoded; Enter opens it in the inspector.

use super::{Commands, PanelKeys};
use crate::app::App;

pub struct TokenPanel;

impl PanelKeys for TokenPanel {
    fn commands(&self, app: &App) -> Commands {
        Commands { enter: app.engine.token.is_some().then_some("inspect"), edit: None }
    }

    fn activate(&self, app: &mut App) {
        if app.engine.token.is_some() {
            app.open_inspector();
        }
    }

    fn shows_clock(&self) -> bool {
        true
    }
}
