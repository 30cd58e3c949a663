//! The frame around the panels: the header (where the learner is, overall progress, the DEMO
//! marker), the panel tabs and the footer (this screen's keys, from the keymap).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::wrap::{split_at_width, width_of};
use crate::app::{App, PanelId};
use crate::keymap;

/// Text shown on the header while `--demo` is on.
pub const DEMO_MARKER: &str = " DEMO: fixed clock and seed ";

pub fn draw_header(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let label = app.screen_label(app.current);
    let width = usize::from(area.width);
    // The roomiest right-hand side that leaves the whole label readable; the narrowest otherwise.
    let variants = [
        (DEMO_MARKER, Detail::Seen),
        (" DEMO ", Detail::Seen),
        (" DEMO ", Detail::Done),
        (" DEMO ", Detail::Position),
    ];
    let mut right = Vec::new();
    for (demo_marker, detail) in variants {
        right = header_right(app, demo_marker, detail);
        if width_of(&label) + 2 + right.iter().map(Span::width).sum::<usize>() <= width {
            break;
        }
    }
    let right_width: usize = right.iter().map(Span::width).sum();
    let room = width.saturating_sub(right_width + 2);
    let label = if width_of(&label) > room {
        format!("{}…", split_at_width(&label, room.saturating_sub(1)).0)
    } else {
        label
    };
    let gap = width.saturating_sub(width_of(&label) + 1 + right_width);
    let mut spans = vec![Span::styled(" ", theme.header), Span::styled(label, theme.header_title)];
    spans.push(Span::styled(" ".repeat(gap), theme.header));
    spans.extend(right);
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme.header), area);
}

/// The DEMO marker and overall progress: `3/7 · 1 done · 3 seen ■◧▣□□□□` (■ done, ◧ seen but not
/// done, □ not seen yet), or just `3/7` when short of room.
/// How much of the progress the header has room for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Detail {
    /// `3/7 · 1 done · 3 seen` and the marks.
    Seen,
    /// `3/7 · 1 done` and the marks (which still tell seen from done).
    Done,
    /// `3/7`.
    Position,
}

fn header_right(app: &App, demo_marker: &'static str, detail: Detail) -> Vec<Span<'static>> {
    let theme = &app.theme;
    let mut right = Vec::new();
    let travel = super::panels::clock_note(app);
    if !travel.is_empty() {
        right.push(Span::styled(travel.trim().trim_matches(['(', ')']).to_string(), theme.warn));
        right.push(Span::styled(" ", theme.header));
    }
    if app.demo {
        right.push(Span::styled(demo_marker, theme.demo));
        right.push(Span::styled(" ", theme.header));
    }
    let position = format!("{}/{}", app.current + 1, app.screens.len());
    let counts = match detail {
        Detail::Position => {
            right.push(Span::styled(format!("{position} "), theme.header));
            return right;
        }
        Detail::Done => format!("{position} · {} done ", app.done.len()),
        Detail::Seen => format!("{position} · {} done · {} seen ", app.done.len(), app.seen.len()),
    };
    right.push(Span::styled(counts, theme.header));
    for index in 0..app.screens.len() {
        let (mark, style) = match (index == app.current, app.done.contains(&index), app.seen.contains(&index))
        {
            (true, _, _) => ("▣", theme.progress_done),
            (false, true, _) => ("■", theme.progress_done),
            (false, false, true) => ("◧", theme.progress_todo),
            (false, false, false) => ("□", theme.progress_todo),
        };
        right.push(Span::styled(mark, style));
    }
    right.push(Span::styled(" ", theme.header));
    right
}

/// The tab strip; the tab of `shown` (the panel drawn under the strip) stands out.
pub fn draw_tabs(frame: &mut Frame, app: &App, tabs: &[(PanelId, Rect)], shown: PanelId) {
    let theme = &app.theme;
    for (panel, rect) in tabs {
        let style = if *panel == shown { theme.tab_selected } else { theme.tab };
        frame.render_widget(Paragraph::new(Span::styled(format!(" {} ", panel.title()), style)), *rect);
    }
    // Where the shown panel is among them, at the strip's right end: Tab moves on.
    let (Some(first), Some(place)) = (tabs.first(), tabs.iter().position(|(panel, _)| *panel == shown))
    else {
        return;
    };
    let bar = app.area().intersection(Rect::new(0, first.1.y, app.size.width, 1));
    let count = format!("{}/{}", place + 1, tabs.len());
    let hidden = tabs.iter().any(|(_, rect)| rect.width == 0);
    let text = if hidden { format!("‹{count}›") } else { count };
    let width = (text.chars().count() as u16).min(super::layout::TAB_COUNT_WIDTH);
    let rect = Rect::new(bar.right().saturating_sub(width + 1), bar.y, width, 1).intersection(bar);
    frame.render_widget(Paragraph::new(Span::styled(text, theme.muted)), rect);
}

pub fn draw_footer(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let hints = keymap::footer_hints(app.mode(), &app.screen_hints());
    let mut pairs: Vec<(&str, String)> = hints;
    let width_of_pairs = |pairs: &[(&str, String)]| -> usize {
        pairs.iter().map(|(keys, word)| width_of(keys) + 1 + width_of(word) + 2).sum::<usize>() + 1
    };
    // Short of room, the least needed hints go first; help (which lists every key) always stays.
    for label in keymap::footer_give_way_order(app.mode()) {
        if width_of_pairs(&pairs) <= usize::from(area.width) {
            break;
        }
        pairs.retain(|(keys, _)| *keys != label);
    }
    let mut spans = vec![Span::raw(" ")];
    for (keys, word) in pairs {
        spans.push(Span::styled(keys, theme.key));
        spans.push(Span::styled(format!(" {word}  "), theme.key_description));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme.base), area);
}

/// Most rows the status message may take; a longer one ends in "…" rather than being cut silently.
const STATUS_MAX_ROWS: usize = 6;

/// The status message, wrapped to at most [`STATUS_MAX_ROWS`] rows.
pub fn status_lines(app: &App, width: u16) -> Vec<Line<'static>> {
    let Some(status) = &app.status else { return Vec::new() };
    let width = usize::from(width).saturating_sub(1).max(1);
    let mut lines = super::wrap::wrap(
        &[Span::styled(status.clone(), app.theme.warn)],
        width,
        vec![Span::raw(" ")],
        vec![Span::raw(" ")],
    );
    if lines.len() > STATUS_MAX_ROWS {
        lines.truncate(STATUS_MAX_ROWS);
        if let Some(last) = lines.last_mut() {
            let text = last.to_string();
            let kept = super::wrap::split_at_width(&text, width.saturating_sub(1)).0.to_string();
            *last = Line::from(Span::styled(format!("{kept}…"), app.theme.warn));
        }
    }
    lines
}

pub fn draw_status(frame: &mut Frame, app: &App, area: Rect) {
    if area.height > 0 {
        frame.render_widget(Paragraph::new(status_lines(app, area.width)).style(app.theme.base), area);
    }
}
