//! Live panels: the auth engine (and the labs) shown as they run.
//!
//! To add a panel: give it a `PanelKind` in `lessons::model`, keep its state in `App`, return
//! `true` for it from [`is_available`], and produce its lines in [`lines`]. A lesson lists the
//! panels it shows; a panel that is not available yet is left out rather than faked.

use ratatui::text::Line;

use crate::app::App;
use crate::lessons::PanelKind;

/// Whether this build can show `kind` for real.
pub fn is_available(kind: PanelKind) -> bool {
    match kind {
        PanelKind::Users
        | PanelKind::Config
        | PanelKind::LoginForm
        | PanelKind::Exchange
        | PanelKind::Token
        | PanelKind::Sessions
        | PanelKind::Cookies
        | PanelKind::Scenarios
        | PanelKind::Scaling
        | PanelKind::Attacks => false,
    }
}

/// The content of live panel `kind` at `width` columns.
pub fn lines(_app: &App, _kind: PanelKind, _width: usize) -> Vec<Line<'static>> {
    Vec::new()
}
