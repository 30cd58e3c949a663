//! What the last frame measured, kept by the state for the next event.
//!
//! Where a panel lands, how many rows its text takes at that width and which row a list has
//! chosen are the view's to know. Instead of the state laying the screen out again (it used to,
//! several times per key), the view records what it drew in a [`Viewport`] and the event loop
//! hands it back with [`App::frame_drawn`]. A page down then reads the panel's height from the last
//! frame, a click is hit-tested against the rectangles that were on screen, and a scroll the state
//! cannot place itself (keep the chosen row in view, show a result) is a [`ScrollRequest`] the view
//! resolves when it draws.

use ratatui::layout::{Position, Rect};

use super::{App, Overlay, PanelId};

/// Everything one frame measured.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Viewport {
    /// The screen (index) the frame showed.
    pub screen: usize,
    /// The tab strip's tabs, clickable.
    pub tabs: Vec<(PanelId, Rect)>,
    /// The panels drawn, in drawing order.
    pub panels: Vec<PanelView>,
    /// The overlay drawn over the screen, if any.
    pub overlay: Option<OverlayView>,
}

/// One panel as it was drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PanelView {
    pub panel: PanelId,
    /// The outer (bordered) area.
    pub rect: Rect,
    pub scroll: ScrollView,
}

/// An overlay as it was drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverlayView {
    /// The outer (bordered) area.
    pub rect: Rect,
    /// Its scrolling part: the help text, the inspector's report, the outline's rows.
    pub scroll: ScrollView,
}

/// A window onto rows of text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScrollView {
    /// Rows of content at the drawn width.
    pub content: usize,
    /// Rows shown at once.
    pub visible: usize,
    /// The first row shown (after clamping and any [`ScrollRequest`]).
    pub offset: usize,
}

impl ScrollView {
    /// The furthest the window can scroll.
    pub fn max_offset(&self) -> usize {
        self.content.saturating_sub(self.visible)
    }

    /// A page: the rows shown, less one kept for context.
    pub fn page(&self) -> usize {
        self.visible.saturating_sub(1).max(1)
    }
}

/// A scroll only the view can place, since it depends on where rows fall at the drawn width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScrollRequest {
    pub screen: usize,
    pub panel: PanelId,
    pub to: ScrollTo,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScrollTo {
    /// Keep the list's chosen row in view, moving as little as possible.
    Selection,
    /// Put the panel's latest result at the top (a scenario's requests and responses).
    Result,
}

impl ScrollTo {
    /// Where the window starts: from `offset`, given the row the request points at (if the panel
    /// has one) and the rows shown. The caller clamps to the content.
    pub fn resolve(self, offset: usize, row: Option<usize>, visible: usize) -> usize {
        let Some(row) = row else { return offset };
        let visible = visible.max(1);
        match self {
            ScrollTo::Result => row,
            ScrollTo::Selection if row < offset => row,
            ScrollTo::Selection if row >= offset + visible => row + 1 - visible,
            ScrollTo::Selection => offset,
        }
    }
}

/// The first outline row shown when `rows` fit, keeping `selected` in view.
pub fn outline_first_row(selected: usize, rows: usize) -> usize {
    (selected + 1).saturating_sub(rows.max(1))
}

impl App {
    /// Takes what the view measured while drawing: scroll offsets as drawn (clamped to the text,
    /// requests resolved) become the state's, and the next event reads the rest.
    pub fn frame_drawn(&mut self, viewport: Viewport) {
        for view in &viewport.panels {
            let key = (viewport.screen, view.panel);
            if view.scroll.offset > 0 || self.scrolls.contains_key(&key) {
                self.scrolls.insert(key, view.scroll.offset);
            }
        }
        if let Some(drawn) = &viewport.overlay {
            match &mut self.overlay {
                Some(Overlay::Help { scroll }) => *scroll = drawn.scroll.offset,
                Some(Overlay::Inspector(inspector)) => inspector.scroll = drawn.scroll.offset,
                Some(Overlay::Workbench(workbench)) => workbench.scroll = drawn.scroll.offset,
                _ => {}
            }
        }
        self.scroll_request = None;
        self.viewport = viewport;
    }

    /// `panel` as the last frame drew it, if it was on this screen's frame.
    pub fn drawn_panel(&self, panel: PanelId) -> Option<&PanelView> {
        (self.viewport.screen == self.current)
            .then(|| self.viewport.panels.iter().find(|view| view.panel == panel))
            .flatten()
    }

    /// The overlay's scrolling part as last drawn.
    pub(super) fn drawn_overlay_scroll(&self) -> ScrollView {
        self.viewport.overlay.map(|overlay| overlay.scroll).unwrap_or_default()
    }

    /// Whether `panel` is drawn right now (not behind a tab, not hidden by the inspector).
    pub fn is_visible(&self, panel: PanelId) -> bool {
        !matches!(self.overlay, Some(Overlay::Inspector(_))) && self.drawn_panel(panel).is_some()
    }

    /// How far `panel` can scroll, as last drawn (0 when it was not on screen).
    pub fn max_scroll(&self, panel: PanelId) -> usize {
        self.drawn_panel(panel).map_or(0, |view| view.scroll.max_offset())
    }

    /// Rows a page key moves `panel`.
    pub(super) fn page_of(&self, panel: PanelId) -> isize {
        self.drawn_panel(panel).map_or(1, |view| view.scroll.page() as isize)
    }

    /// The panel under the pointer, if any (an overlay covers them all).
    pub(super) fn panel_at(&self, column: u16, row: u16) -> Option<PanelId> {
        if self.viewport.overlay.is_some() {
            return None;
        }
        let position = Position { x: column, y: row };
        self.viewport.panels.iter().find(|view| view.rect.contains(position)).map(|view| view.panel)
    }

    /// The tab or panel under the pointer.
    pub(super) fn tab_or_panel_at(&self, column: u16, row: u16) -> Option<PanelId> {
        let position = Position { x: column, y: row };
        let tab =
            self.viewport.tabs.iter().find(|(_, rect)| rect.contains(position)).map(|(panel, _)| *panel);
        tab.or_else(|| {
            self.viewport.panels.iter().find(|view| view.rect.contains(position)).map(|view| view.panel)
        })
    }

    /// The screen whose outline row is under the pointer.
    pub(super) fn outline_row_at(&self, selected: usize, column: u16, row: u16) -> Option<usize> {
        let drawn = self.viewport.overlay?;
        let rect = drawn.rect;
        let inner =
            Rect::new(rect.x + 1, rect.y + 1, rect.width.saturating_sub(2), rect.height.saturating_sub(2));
        if !inner.contains(Position { x: column, y: row }) {
            return None;
        }
        let index = outline_first_row(selected, drawn.scroll.visible) + usize::from(row - inner.y);
        (index < self.screens.len()).then_some(index)
    }

    /// Asks the next frame to scroll the focused panel (see [`ScrollTo`]).
    pub(super) fn request_scroll(&mut self, to: ScrollTo) {
        self.scroll_request = Some(ScrollRequest { screen: self.current, panel: self.focused_panel(), to });
    }

    /// Scrolls the focused panel by `delta` rows, within its text as last drawn.
    pub(super) fn scroll_focused(&mut self, delta: isize) {
        self.scroll(self.focused_panel(), delta);
    }

    pub(super) fn scroll(&mut self, panel: PanelId, delta: isize) {
        let max = self.max_scroll(panel);
        let offset = self.scrolls.entry((self.current, panel)).or_insert(0);
        *offset = offset.saturating_add_signed(delta).min(max);
    }
}
