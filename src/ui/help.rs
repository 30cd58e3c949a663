//! The `?` / F1 overlay: every key, from the same table the footer and the event loop use.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

use super::wrap::wrap;
use crate::app::App;
use crate::app::viewport::ScrollView;
use crate::keymap;
use crate::theme::Theme;

const KEY_COLUMN: usize = 12;

pub fn help_lines(theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for (index, (heading, bindings)) in keymap::help_sections().into_iter().enumerate() {
        if index > 0 {
            out.push(Line::default());
        }
        out.push(Line::from(Span::styled(heading, theme.heading)));
        for binding in bindings {
            let label = format!("{:<KEY_COLUMN$} ", binding.label);
            out.extend(wrap(
                &[Span::styled(binding.description, theme.text)],
                width,
                vec![Span::styled(label, theme.key)],
                vec![Span::raw(" ".repeat(KEY_COLUMN + 1))],
            ));
        }
    }
    out.push(Line::default());
    out.extend(wrap(
        &[Span::styled(
            "The mouse works too: the wheel scrolls the panel under the pointer, a click focuses a panel \
             or a tab, and in the outline a click jumps to that screen.",
            theme.muted,
        )],
        width,
        vec![],
        vec![],
    ));
    out
}

pub fn draw(frame: &mut Frame, app: &App, rect: Rect, scroll: usize) -> ScrollView {
    let theme = &app.theme;
    let inner = super::inner(rect);
    let lines = help_lines(theme, usize::from(inner.width));
    let height = usize::from(inner.height);
    let scroll = scroll.min(lines.len().saturating_sub(height));
    let below = lines.len().saturating_sub(scroll + height);
    let mut block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.border_focused)
        .title(Span::styled(" Keys ", theme.panel_title_focused))
        .title_bottom(Line::from(Span::styled(" Esc, ? or F1 closes ", theme.muted)).left_aligned());
    if scroll > 0 {
        block = block.title(
            Line::from(Span::styled(format!(" ↑ {scroll} above "), theme.scroll_hint)).right_aligned(),
        );
    }
    if below > 0 {
        block = block.title_bottom(
            Line::from(Span::styled(format!(" ↓ {below} more "), theme.scroll_hint)).right_aligned(),
        );
    }
    frame.render_widget(block, rect);
    let content = lines.len();
    let visible: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
    frame.render_widget(Paragraph::new(visible).style(theme.text), inner);
    ScrollView { content, visible: height, offset: scroll }
}
