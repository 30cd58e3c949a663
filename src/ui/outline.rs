//! The `g` overlay: every screen with its mark (✓ done, ◧ seen but not done, blank not seen yet)
//! and what is left on it; Enter or a click jumps there.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

use super::wrap::{split_at_width, width_of};
use crate::app::App;
use crate::app::viewport::{ScrollView, outline_first_row};

/// Draws the outline; returns the window onto its rows that was shown.
pub fn draw(frame: &mut Frame, app: &App, rect: Rect, selected: usize) -> ScrollView {
    let theme = &app.theme;
    let inner = super::inner(rect);
    let rows = usize::from(inner.height).max(1);
    let first = outline_first_row(selected, rows);
    let done = app.done.len();
    let seen = app.seen.len();
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.border_focused)
        .title(Span::styled(" Outline ", theme.panel_title_focused))
        .title(
            Line::from(Span::styled(
                format!(" {done} of {} done · {seen} seen · ✓ done ◧ seen ", app.screens.len()),
                theme.muted,
            ))
            .right_aligned(),
        );
    frame.render_widget(block, rect);
    let width = usize::from(inner.width);
    let lines: Vec<Line> = (first..app.screens.len())
        .take(rows)
        .map(|index| {
            let here = if index == app.current { "▶" } else { " " };
            let (mark, mark_style) = if app.done.contains(&index) {
                ("✓", theme.ok)
            } else if app.seen.contains(&index) {
                ("◧", theme.warn)
            } else {
                (" ", theme.muted)
            };
            let prefix = format!("{here} {mark} {:>2}. ", index + 1);
            let left = app.tasks_of(index).iter().filter(|task| !app.tasks_done.contains(&task.id)).count();
            let label = match (app.done.contains(&index), left) {
                (false, left) if left > 0 => format!("{} ({left} to do)", app.screen_label(index)),
                _ => app.screen_label(index),
            };
            let room = width.saturating_sub(width_of(&prefix));
            let label = if width_of(&label) > room {
                format!("{}…", split_at_width(&label, room.saturating_sub(1)).0)
            } else {
                label
            };
            let row_style = if index == selected { theme.selected } else { theme.text };
            let padding = " ".repeat(room.saturating_sub(width_of(&label)));
            Line::from(vec![
                Span::styled(format!("{here} "), row_style),
                Span::styled(mark, if index == selected { theme.selected } else { mark_style }),
                Span::styled(format!(" {:>2}. ", index + 1), row_style),
                Span::styled(label, row_style),
                Span::styled(padding, row_style),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    ScrollView { content: app.screens.len(), visible: rows, offset: first }
}
