//! The free token inspector overlay: the token and secret fields, then the report, recomputed from
//! the fields every time it is drawn, so it always matches what is typed or pasted.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

use super::panels::{claims_lines, hard_wrapped, report_lines, text};
use crate::app::fields::FieldId;
use crate::app::inspector::{Inspector, KeyReading};
use crate::app::viewport::ScrollView;
use crate::app::{App, Overlay};

fn inspector(app: &App) -> Option<&Inspector> {
    match &app.overlay {
        Some(Overlay::Inspector(inspector)) => Some(inspector),
        _ => None,
    }
}

fn field_lines(app: &App, inspector: &Inspector, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut out = Vec::new();
    let rows = [
        ("token ", &inspector.token, FieldId::InspectorToken),
        ("secret", &inspector.secret, FieldId::InspectorSecret),
        ("aud   ", &inspector.audience, FieldId::InspectorAudience),
    ];
    for (label, field, id) in rows {
        let active = inspector.field == id;
        let mut spans = vec![
            Span::styled(if active { "▶ " } else { "  " }, theme.bullet),
            Span::styled(format!("{label} "), if active { theme.bold } else { theme.muted }),
        ];
        spans.extend(super::panels::field_spans(field, active, theme));
        out.extend(hard_wrapped(spans, 0, width, theme));
    }
    let key_note = match inspector.key() {
        KeyReading::None => "no secret: the signature is not checked (never read that as valid)".to_string(),
        KeyReading::Text(bytes) => format!(
            "secret read as text: {} bytes ({} bits); prefix b64: for base64",
            bytes.len(),
            bytes.len() * 8
        ),
        KeyReading::Base64(bytes) => {
            format!("secret read as base64: {} bytes ({} bits)", bytes.len(), bytes.len() * 8)
        }
        KeyReading::Invalid(error) => format!("✗ secret: {error}"),
    };
    out.extend(text(&key_note, theme.muted, width));
    let audience_note = match inspector.expected_audience() {
        None => "no audience: a token with an aud claim is rejected".to_string(),
        Some(audience) => {
            format!("accepts tokens whose aud names \"{}\"", crate::printable::escape_controls(audience))
        }
    };
    out.extend(text(&audience_note, theme.muted, width));
    out
}

fn report_part(app: &App, inspector: &Inspector, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let now = app.clock();
    if inspector.token.value().trim().is_empty() {
        return text(
            "Paste a JWT (eyJ…) into the token field. It is decoded and checked on every change.",
            theme.muted,
            width,
        );
    }
    let report = inspector.report(now);
    let mut out = report_lines(&report, theme, width);
    if let Ok(decoded) = &report.decoded {
        out.push(Line::default());
        out.extend(claims_lines(decoded, now, theme, width));
    }
    out
}

/// Inner areas: fields on top, report below a rule.
fn areas(app: &App, rect: Rect) -> Option<(Rect, Rect)> {
    let inspector = inspector(app)?;
    let inner = super::inner(rect);
    let fields = field_lines(app, inspector, usize::from(inner.width)).len() as u16;
    let top = fields.min(inner.height / 2);
    let report = Rect::new(inner.x, inner.y + top + 1, inner.width, inner.height.saturating_sub(top + 1));
    Some((Rect::new(inner.x, inner.y, inner.width, top), report))
}

/// Draws the inspector; returns the window onto its report that was shown.
pub fn draw(frame: &mut Frame, app: &App, rect: Rect, inspector: &Inspector) -> ScrollView {
    let theme = &app.theme;
    let Some((fields_area, report_area)) = areas(app, rect) else { return ScrollView::default() };
    let report = report_part(app, inspector, usize::from(report_area.width));
    let height = usize::from(report_area.height);
    let scroll = inspector.scroll.min(report.len().saturating_sub(height));
    let below = report.len().saturating_sub(scroll + height);
    let mut block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.border_focused)
        .title(Span::styled(" Token inspector ", theme.panel_title_focused))
        .title(
            Line::from(Span::styled(
                format!(
                    " {} pinned · leeway {} s{} ",
                    inspector.alg,
                    inspector.leeway,
                    super::panels::clock_note(app)
                ),
                theme.muted,
            ))
            .right_aligned(),
        )
        .title_bottom(
            Line::from(Span::styled(" Tab token/secret/aud · Esc closes ", theme.muted)).left_aligned(),
        );
    if below > 0 {
        block = block.title_bottom(
            Line::from(Span::styled(format!(" ↓ {below} more lines (PgDn) "), theme.scroll_hint))
                .right_aligned(),
        );
    }
    frame.render_widget(block, rect);
    let fields = field_lines(app, inspector, usize::from(fields_area.width));
    frame.render_widget(Paragraph::new(fields).style(theme.text), fields_area);
    let rule = Rect::new(fields_area.x, fields_area.y + fields_area.height, fields_area.width, 1);
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled("─".repeat(usize::from(rule.width)), theme.border))),
        rule,
    );
    let content = report.len();
    let visible: Vec<Line> = report.into_iter().skip(scroll).take(height).collect();
    frame.render_widget(Paragraph::new(visible).style(theme.text), report_area);
    ScrollView { content, visible: height, offset: scroll }
}
