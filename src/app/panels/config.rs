//! Step 2's Config panel: the secret and the cookie options; Enter rotates to a generated secret.

use super::{Commands, PanelKeys};
use crate::app::App;

pub struct ConfigPanel;

impl PanelKeys for ConfigPanel {
    fn commands(&self, _app: &App) -> Commands {
        Commands { enter: Some("new secret"), edit: None }
    }

    fn activate(&self, app: &mut App) {
        let now = app.clock();
        app.engine.rotate_secret(now);
    }
}
