//! The token workbench overlay: the four fields and the choices on top; below a rule, the token's
//! three segments rebuilt from the fields on every frame, then the last answer of the chosen server
//! and, once asked for after a try, the worked solution.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

use super::panels::challenges::attempt_lines;
use super::panels::{field_spans, hard_wrapped, heading, text};
use crate::app::App;
use crate::app::viewport::ScrollView;
use crate::app::workbench::{Workbench, WorkbenchField, WorkbenchKey};
use crate::app::{Action, Mode};
use crate::keymap;
use crate::labs::challenges::CredentialKind;

fn field_lines(app: &App, workbench: &Workbench, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut out = Vec::new();
    for id in WorkbenchField::ALL {
        let active = workbench.field == id;
        let field = match id {
            WorkbenchField::Header => &workbench.header,
            WorkbenchField::Payload => &workbench.payload,
            WorkbenchField::Key => &workbench.key,
            WorkbenchField::Cookie => &workbench.cookie,
        };
        let mut spans = vec![
            Span::styled(if active { "▶ " } else { "  " }, theme.bullet),
            Span::styled(format!("{} ", id.label()), if active { theme.bold } else { theme.muted }),
        ];
        spans.extend(field_spans(field, active, theme));
        out.extend(hard_wrapped(spans, 0, width, theme));
    }
    let send_as = match workbench.send_as {
        CredentialKind::Token => "Bearer token",
        CredentialKind::Cookie => "cookie field",
    };
    let key = |what| keymap::label_of(Mode::Workbench, &Action::Workbench(what)).unwrap_or_default();
    let choices = format!(
        "alg {} [{}] · key {} [{}] · send {} [{}] · to {} [{}]",
        workbench.signing.name(),
        key(WorkbenchKey::Algorithm),
        workbench.key_kind.name(),
        key(WorkbenchKey::KeyKind),
        send_as,
        key(WorkbenchKey::SendAs),
        workbench.target.id(),
        key(WorkbenchKey::Server),
    );
    out.extend(text(&choices, theme.bold, width));
    out
}

fn result_lines(app: &App, workbench: &Workbench, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut out = Vec::new();
    match workbench.build() {
        Ok(built) => {
            let spans = vec![
                Span::styled(built.header.clone(), theme.jwt_header),
                Span::styled(".", theme.muted),
                Span::styled(built.payload.clone(), theme.jwt_payload),
                Span::styled(".", theme.muted),
                Span::styled(built.signature.clone(), theme.jwt_signature),
            ];
            out.extend(hard_wrapped(spans, 2, width, theme));
            if let Some(why) = built.unsigned_because {
                out.extend(text(&format!("signature empty: {why}"), theme.muted, width));
            }
        }
        Err(error) => out.extend(text(&format!("✗ {error}"), theme.bad, width)),
    }
    out.push(Line::default());
    let kind = workbench.target;
    out.push(heading(&format!("{}: {}", kind.id(), kind.title()), theme));
    out.extend(text(&format!("goal: {}", kind.goal()), theme.text, width));
    out.extend(text(&format!("⚠ this server: {}", kind.vulnerable_server()), theme.warn, width));
    if let Some(busy) = &app.engine.busy {
        out.extend(text(
            &format!("{} {}…", super::panels::spinner_frame(app.engine.frame, app.ascii), busy.what),
            theme.warn,
            width,
        ));
    }
    let state = &app.labs.challenges;
    match state.attempt(kind) {
        Some(attempt) => out.extend(attempt_lines(attempt, theme, width)),
        None => out.extend(text("Enter sends it. The server's answer appears here.", theme.muted, width)),
    }
    if state.tried(kind) && !state.revealed.contains(&kind) {
        let key =
            keymap::label_of(Mode::Workbench, &Action::Workbench(WorkbenchKey::Reveal)).unwrap_or_default();
        out.extend(text(
            &format!("{key}: show me, a worked solution (noted in your progress)"),
            theme.muted,
            width,
        ));
    }
    if state.revealed.contains(&kind) {
        out.push(Line::default());
        out.push(heading("worked solution (shown on request)", theme));
        for line in kind.solution() {
            out.extend(text(line, theme.text, width));
        }
    }
    out
}

/// Draws the workbench; returns the window onto its lower part that was shown.
pub fn draw(frame: &mut Frame, app: &App, rect: Rect, workbench: &Workbench) -> ScrollView {
    let theme = &app.theme;
    let inner = super::inner(rect);
    let width = usize::from(inner.width);
    let fields = field_lines(app, workbench, width);
    let top = (fields.len() as u16).min(inner.height / 2);
    let lower = Rect::new(inner.x, inner.y + top + 1, inner.width, inner.height.saturating_sub(top + 1));
    let result = result_lines(app, workbench, usize::from(lower.width));
    let height = usize::from(lower.height);
    let scroll = workbench.scroll.min(result.len().saturating_sub(height));
    let below = result.len().saturating_sub(scroll + height);
    let mut block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.border_focused)
        .title(Span::styled(" Token workbench ", theme.panel_title_focused))
        .title_bottom(
            Line::from(Span::styled(" Tab field · Enter send · Esc closes ", theme.muted)).left_aligned(),
        );
    if below > 0 {
        block = block.title_bottom(
            Line::from(Span::styled(format!(" ↓ {below} more lines (PgDn) "), theme.scroll_hint))
                .right_aligned(),
        );
    }
    frame.render_widget(block, rect);
    let fields_area = Rect::new(inner.x, inner.y, inner.width, top);
    frame.render_widget(Paragraph::new(fields).style(theme.text), fields_area);
    let rule = Rect::new(inner.x, inner.y + top, inner.width, 1);
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled("─".repeat(usize::from(rule.width)), theme.border))),
        rule,
    );
    let content = result.len();
    let visible: Vec<Line> = result.into_iter().skip(scroll).take(height).collect();
    frame.render_widget(Paragraph::new(visible).style(theme.text), lower);
    ScrollView { content, visible: height, offset: scroll }
}
