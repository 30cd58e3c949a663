//! Where everything goes on screen, as a pure function of the state and the terminal size.
//!
//! The frame records the rectangles it drew (`app::viewport`), so a click lands on the panel that
//! is drawn there.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::{App, Overlay, PanelId};

/// Below this the tutorial asks for a bigger window. From here up to [`COMPACT_WIDTH`] ×
/// [`COMPACT_HEIGHT`] (a projector with a big font) it shows one panel at a time.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 20;
/// Below this size the tab strip is too narrow for every panel's name: it names the shown one,
/// its place among them, and the key that moves on.
pub const COMPACT_WIDTH: u16 = 80;
pub const COMPACT_HEIGHT: u16 = 24;
/// From this width the lesson text and the other panels sit side by side.
pub const WIDE: u16 = 120;
/// From this width two of the right-hand panels are shown at once, side by side.
pub const VERY_WIDE: u16 = 180;
/// Prose wider than this is hard to read; a lone lesson panel is centred at this width.
const MAX_PROSE_WIDTH: u16 = 100;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScreenLayout {
    pub too_small: bool,
    pub header: Rect,
    pub footer: Rect,
    /// A message for the learner above the footer (empty when there is none).
    pub status: Rect,
    /// The tab strip naming the panels (clickable), when there is more than one panel to switch.
    pub tab_bar: Option<Rect>,
    pub tabs: Vec<(PanelId, Rect)>,
    /// The panels drawn, with their outer (bordered) areas.
    pub panels: Vec<(PanelId, Rect)>,
    pub overlay: Option<Rect>,
}

impl ScreenLayout {
    pub fn panel_rect(&self, panel: PanelId) -> Option<Rect> {
        self.panels.iter().find(|(id, _)| *id == panel).map(|(_, rect)| *rect)
    }
}

pub fn is_too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

pub fn compute(app: &App, area: Rect) -> ScreenLayout {
    if is_too_small(area) {
        return ScreenLayout { too_small: true, ..ScreenLayout::default() };
    }
    let status_rows = super::chrome::status_lines(app, area.width).len() as u16;
    let [header, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(status_rows),
        Constraint::Length(1),
    ])
    .areas(area);
    let mut layout = ScreenLayout { header, footer, status, ..ScreenLayout::default() };
    let panels = app.panels();
    let state = app.state();
    let focus = state.focus.min(panels.len() - 1);
    if app.zoomed {
        // Zoom: the focused panel alone, over the whole body.
        layout.panels.push((panels[focus], body));
    } else if panels.len() == 1 {
        let width = body.width.min(MAX_PROSE_WIDTH);
        layout.panels.push((panels[0], body.centered_horizontally(Constraint::Length(width))));
    } else if area.width >= WIDE {
        let right_panels = &panels[1..];
        let two_columns = area.width >= VERY_WIDE && right_panels.len() >= 2;
        let lesson_share = if two_columns { 30 } else { 40 };
        let [left, right] = Layout::horizontal([
            Constraint::Percentage(lesson_share),
            Constraint::Percentage(100 - lesson_share),
        ])
        .areas(body);
        layout.panels.push((panels[0], left));
        let shown = if focus > 0 { focus } else { state.shown_right.clamp(1, panels.len() - 1) };
        if right_panels.len() == 1 {
            layout.panels.push((panels[shown], right));
        } else {
            let [bar, panel] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(right);
            layout.tab_bar = Some(bar);
            layout.tabs = tab_rects(right_panels, bar, shown - 1);
            if two_columns {
                // Panels are shown in fixed pairs (Code+Login, HTTP+Token, ...), so focusing the other
                // one of a pair does not make the columns jump.
                let first = 1 + (shown - 1) / 2 * 2;
                let partner = if first + 1 < panels.len() { first + 1 } else { first - 1 };
                let (left_id, right_id) = if partner > first { (first, partner) } else { (partner, first) };
                let [left_column, right_column] =
                    Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(panel);
                let other = if shown == left_id { right_id } else { left_id };
                let rect_of = |id: usize| if id == left_id { left_column } else { right_column };
                // The shown (focused) panel goes last: the tab strip highlights the last one.
                layout.panels.push((panels[other], rect_of(other)));
                layout.panels.push((panels[shown], rect_of(shown)));
            } else {
                layout.panels.push((panels[shown], panel));
            }
        }
    } else {
        let [bar, panel] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(body);
        layout.tab_bar = Some(bar);
        layout.tabs = tab_rects(&panels, bar, focus);
        layout.panels.push((panels[focus], panel));
    }
    layout.overlay = app.overlay.as_ref().map(|overlay| overlay_rect(app, overlay, area));
    layout
}

/// Each tab is ` Title ` followed by a one-cell gap. When they do not all fit (a narrow window,
/// a big projector font), the strip starts late enough that the shown tab (`shown`) and the one
/// after it are on screen; tabs scrolled off get empty rectangles. The strip keeps room for the
/// "n/N" count drawn at its right end.
pub fn tab_rects(panels: &[PanelId], bar: Rect, shown: usize) -> Vec<(PanelId, Rect)> {
    let widths: Vec<u16> = panels.iter().map(|panel| panel.title().chars().count() as u16 + 2).collect();
    let room = bar.width.saturating_sub(1 + TAB_COUNT_WIDTH);
    let span = |from: usize, to: usize| widths[from..to].iter().map(|w| w + 1).sum::<u16>();
    let wanted_end = (shown + 2).min(panels.len());
    let mut first = 0;
    while first < shown && span(first, wanted_end) > room {
        first += 1;
    }
    let mut x = bar.x + 1;
    let usable = Rect::new(bar.x, bar.y, bar.width.saturating_sub(TAB_COUNT_WIDTH), 1);
    panels
        .iter()
        .zip(widths)
        .enumerate()
        .map(|(index, (panel, width))| {
            let rect = Rect::new(x, bar.y, width, 1);
            // A tab scrolled off either end is not drawn at all rather than cut.
            if index < first || rect.right() > usable.right() {
                return (*panel, Rect::new(bar.x, bar.y, 0, 0));
            }
            x += width + 1;
            (*panel, rect)
        })
        .collect()
}

/// Columns kept at the tab strip's right end for "‹n/N›".
pub const TAB_COUNT_WIDTH: u16 = 7;

fn overlay_rect(app: &App, overlay: &Overlay, area: Rect) -> Rect {
    match overlay {
        Overlay::Help { .. } => area.centered(
            Constraint::Length(area.width.saturating_sub(4).min(84)),
            Constraint::Length(area.height.saturating_sub(2)),
        ),
        Overlay::ConfirmQuit { lost } => area.centered(
            Constraint::Length(area.width.saturating_sub(4).min(64)),
            Constraint::Length((lost.len() as u16 * 2 + 7).min(area.height)),
        ),
        Overlay::Resume { .. } => {
            area.centered(Constraint::Length(area.width.saturating_sub(4).min(64)), Constraint::Length(9))
        }
        Overlay::Inspector(_) | Overlay::Workbench(_) => area.centered(
            Constraint::Length(area.width.saturating_sub(2).min(110)),
            Constraint::Length(area.height.saturating_sub(2)),
        ),
        Overlay::Outline { .. } => {
            let rows = app.screens.len() as u16 + 2;
            area.centered(
                Constraint::Length(area.width.saturating_sub(4).min(90)),
                Constraint::Length(rows.min(area.height.saturating_sub(4))),
            )
        }
    }
}
