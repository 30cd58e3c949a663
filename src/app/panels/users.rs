//! Step 1's Users panel: user1's argon2id hash; Enter hashes the password again.

use super::{Commands, PanelKeys};
use crate::app::App;

pub struct UsersPanel;

impl PanelKeys for UsersPanel {
    fn commands(&self, _app: &App) -> Commands {
        Commands { enter: Some("re-hash"), edit: None }
    }

    fn activate(&self, app: &mut App) {
        app.engine.rehash();
    }
}
