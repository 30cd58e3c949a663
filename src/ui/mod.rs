//! Drawing. Every function here only reads the [`App`]; nothing draws outside [`draw`], which
//! returns what the frame measured ([`Viewport`]) for the state to read on the next event.

pub mod ascii;
pub mod checkpoints;
pub mod chrome;
pub mod help;
pub mod inspector;
pub mod layout;
pub mod lesson;
pub mod outline;
pub mod panels;
pub mod quiz;
pub mod workbench;
pub mod wrap;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

use crate::app::viewport::{OverlayView, PanelView, ScrollView, Viewport};
use crate::app::{App, Overlay, PanelId};
use crate::labs::challenges::ChallengeKind;
use crate::lessons::PanelKind;
use crate::theme::Theme;

/// Draws the whole screen and returns what it measured, for [`App::frame_drawn`]; in ASCII
/// (a terminal that cannot draw Unicode) every cell is rewritten last.
pub fn draw(frame: &mut Frame, app: &App) -> Viewport {
    let viewport = draw_screen(frame, app);
    if app.ascii {
        ascii::transliterate(frame.buffer_mut());
    }
    viewport
}

fn draw_screen(frame: &mut Frame, app: &App) -> Viewport {
    let area = frame.area();
    let theme = &app.theme;
    frame.render_widget(Block::new().style(theme.base), area);
    let layout = layout::compute(app, area);
    let mut viewport = Viewport { screen: app.current, ..Viewport::default() };
    if layout.too_small {
        draw_too_small(frame, area, theme);
        return viewport;
    }
    chrome::draw_header(frame, app, layout.header);
    if let Some((shown, _)) = layout.panels.last() {
        chrome::draw_tabs(frame, app, &layout.tabs, *shown);
    }
    for (panel, rect) in &layout.panels {
        viewport.panels.push(draw_panel(frame, app, *panel, *rect));
    }
    chrome::draw_status(frame, app, layout.status);
    chrome::draw_footer(frame, app, layout.footer);
    if let (Some(overlay), Some(rect)) = (&app.overlay, layout.overlay) {
        frame.render_widget(Clear, rect);
        frame.render_widget(Block::new().style(theme.base), rect);
        let scroll = match overlay {
            Overlay::Help { scroll } => help::draw(frame, app, rect, *scroll),
            Overlay::Outline { selected } => outline::draw(frame, app, rect, *selected),
            Overlay::Inspector(inspector) => inspector::draw(frame, app, rect, inspector),
            Overlay::Workbench(workbench) => workbench::draw(frame, app, rect, workbench),
            Overlay::Resume { target } => {
                draw_resume(frame, app, rect, *target);
                ScrollView::default()
            }
            Overlay::ConfirmQuit { lost } => {
                draw_confirm_quit(frame, app, rect, lost);
                ScrollView::default()
            }
        };
        viewport.overlay = Some(OverlayView { rect, scroll });
    }
    viewport.tabs = layout.tabs;
    viewport
}

fn draw_resume(frame: &mut Frame, app: &App, rect: Rect, target: usize) {
    let theme = &app.theme;
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.border_focused)
        .title(Span::styled(" Welcome back ", theme.panel_title_focused));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let width = usize::from(inner.width);
    let mut lines = panels::text("Last time you were at:", theme.text, width);
    lines.extend(wrap::wrap(
        &[Span::styled(app.screen_label(target), theme.bold)],
        width,
        vec![Span::raw("  ")],
        vec![Span::raw("  ")],
    ));
    lines.push(Line::default());
    lines.extend(panels::text(
        &format!(
            "{} of {} screens done, {} seen. Enter continues there; Esc starts at the beginning.",
            app.done.len(),
            app.screens.len(),
            app.seen.len()
        ),
        theme.text,
        width,
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_confirm_quit(frame: &mut Frame, app: &App, rect: Rect, lost: &[&str]) {
    let theme = &app.theme;
    let block = Block::bordered()
        .border_type(BorderType::Double)
        .border_style(theme.border_focused)
        .title(Span::styled(" Quit? ", theme.panel_title_focused));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let width = usize::from(inner.width);
    let mut lines = panels::text("Quitting now loses what is not saved:", theme.text, width);
    for item in lost {
        lines.extend(wrap::wrap(
            &[Span::styled(item.to_string(), theme.bold)],
            width,
            vec![Span::styled("  • ", theme.bullet)],
            vec![Span::raw("    ")],
        ));
    }
    lines.push(Line::default());
    lines.extend(panels::text(
        "Your done marks and where you are are saved. y, q or Enter quits; n or Esc stays.",
        theme.text,
        width,
    ));
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_too_small(frame: &mut Frame, area: Rect, theme: &Theme) {
    let message = format!(
        "terminal too small: need {}×{}, have {}×{}",
        layout::MIN_WIDTH,
        layout::MIN_HEIGHT,
        area.width,
        area.height
    );
    let lines = vec![
        Line::from(Span::styled(message, theme.warn)),
        Line::default(),
        Line::from(Span::styled("make the window bigger, or press q to quit", theme.text)),
    ];
    let height = (lines.len() as u16 + 2).min(area.height);
    let top = area.y + area.height.saturating_sub(height) / 2;
    let rect = Rect::new(area.x, top, area.width, area.height - (top - area.y));
    frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center).wrap(Wrap { trim: true }), rect);
}

/// Inner area of a bordered panel.
pub fn inner(rect: Rect) -> Rect {
    Block::bordered().inner(rect)
}

/// Where a panel's text goes: inside its border and, in presenter mode on a roomy screen, a
/// margin of two columns and a row, so text at projector distance does not touch the frame.
pub fn panel_inner(app: &App, rect: Rect) -> Rect {
    let inner = inner(rect);
    if app.presenter && inner.width >= 40 && inner.height >= 10 {
        Rect::new(inner.x + 2, inner.y + 1, inner.width - 4, inner.height - 1)
    } else {
        inner
    }
}

/// A panel's whole content at `width` columns; the panel shows a window of it.
pub fn panel_lines(app: &App, panel: PanelId, width: u16) -> Vec<Line<'static>> {
    panel_text(app, panel, width).0
}

/// A panel's whole content at `width` columns, and the row its list has chosen (list panels).
fn panel_text(app: &App, panel: PanelId, width: u16) -> (Vec<Line<'static>>, Option<usize>) {
    let width = usize::from(width).max(1);
    let theme = &app.theme;
    let mut chosen_row = None;
    let lines = match panel {
        PanelId::Lesson => {
            let mut lines = match app.lesson() {
                Some(lesson) if lesson.kind == crate::lessons::LessonKind::Summary => {
                    progress_lines(app, width)
                }
                _ => Vec::new(),
            };
            lines.extend(app.lesson().map(|l| lesson::lesson_lines(l, theme, width)).unwrap_or_default());
            lines
        }
        PanelId::Code => app
            .lesson()
            .and_then(|l| l.code.as_ref())
            .map(|code| lesson::code_sample_lines(code, theme, width))
            .unwrap_or_default(),
        PanelId::Live(kind) => {
            let text = panels::lines(app, kind, width);
            chosen_row = text.chosen_row;
            text.lines
        }
        PanelId::Quiz => quiz::lines(app, width),
        PanelId::Notes => lesson::teacher_notes_lines(app.teacher_notes(), theme, width),
        PanelId::Checkpoints => checkpoints::lines(app, width),
    };
    (lines.into_iter().flat_map(|line| fit(line, width)).collect(), chosen_row)
}

/// A line wider than the panel is broken into rows rather than cut off; content builders wrap
/// their text already, so this only catches what they did not expect.
fn fit(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    if line.width() <= width {
        return vec![line];
    }
    wrap::break_line(&line, width).into_iter().map(Line::from).collect()
}

/// The summary screen's account of this learner: what was done, what is left (task by task),
/// predictions, the quiz score. It says only what the learner's own done tasks show.
fn progress_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut lines = vec![Line::from(Span::styled("Your progress", theme.heading))];
    lines.extend(panels::text(
        &format!(
            "{} of {} screens done, {} seen (g shows which).",
            app.done.len(),
            app.screens.len(),
            app.seen.len()
        ),
        theme.text,
        width,
    ));
    let done: Vec<String> = (0..app.screens.len())
        .filter(|index| app.done.contains(index) && !app.tasks_of(*index).is_empty())
        .map(|index| app.screen_label(index))
        .collect();
    if !done.is_empty() {
        lines.extend(panels::text(&format!("Done, every task: {}.", done.join("; ")), theme.ok, width));
    }
    let mut left = Vec::new();
    for index in (0..app.screens.len()).filter(|index| !app.done.contains(index) && *index != app.current) {
        let open: Vec<String> = app
            .tasks_of(index)
            .into_iter()
            .filter(|task| !app.is_task_done(&task.id))
            .map(|task| task.label)
            .collect();
        // A lab lists many actions: the first two and how many more (the outline and `progress`
        // list them all).
        let open = match open.len() {
            0..=3 => open.join(", "),
            count => format!("{}, {} and {} more", open[0], open[1], count - 2),
        };
        let what = match (app.seen.contains(&index), open.is_empty()) {
            (false, true) => "not seen yet".to_string(),
            (false, false) => format!("not seen yet; then {open}"),
            (true, _) => open,
        };
        left.push(format!("{}: {what}", app.screen_label(index)));
    }
    if left.is_empty() {
        lines.extend(panels::text("Nothing is left: every screen is done.", theme.ok, width));
    } else {
        lines.push(Line::from(Span::styled("Left to do", theme.bold)));
        for item in left {
            lines.extend(wrap::wrap(
                &[Span::styled(item, theme.text)],
                width,
                vec![Span::styled("• ", theme.bullet)],
                vec![Span::raw("  ")],
            ));
        }
    }
    lines.extend(challenge_lines(app, width));
    let total = app.predictions.total();
    let predictions = if total.made == 0 {
        "Predictions: none made this time.".to_string()
    } else {
        let per_screen: Vec<String> = app
            .predictions
            .tally
            .iter()
            .map(|(screen, tally)| format!("{} {}/{}", app.screen_label(*screen), tally.right, tally.made))
            .collect();
        format!("Predictions: {} of {} right this time ({}).", total.right, total.made, per_screen.join("; "))
    };
    lines.extend(panels::text(&predictions, theme.text, width));
    let this_time = app.practice.as_ref().and_then(|practice| practice.first_score);
    let best = app.saved.as_ref().and_then(|saved| saved.progress.best_quiz);
    let quiz = match (this_time, best) {
        (Some(score), Some(best)) => {
            format!("Quiz: {}/{} this time, best {}/{}.", score.right, score.total, best.right, best.total)
        }
        (Some(score), None) => format!("Quiz: {}/{}.", score.right, score.total),
        (None, Some(best)) => format!("Quiz: not finished this time; best {}/{}.", best.right, best.total),
        (None, None) => "Quiz: not taken yet (it is the screen before this one).".to_string(),
    };
    lines.extend(panels::text(&quiz, theme.text, width));
    lines.push(Line::default());
    lines
}

/// The Summary's challenge account, when the course has the challenges: which were solved (only
/// those the vulnerable server accepted) and which worked solutions were shown with "show me".
fn challenge_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let has_challenges =
        app.course.lessons.iter().any(|lesson| lesson.panels.contains(&PanelKind::Challenges));
    if !has_challenges {
        return Vec::new();
    }
    let theme = &app.theme;
    let state = &app.labs.challenges;
    let titles = |kinds: &std::collections::BTreeSet<ChallengeKind>| {
        kinds.iter().map(|kind| kind.title()).collect::<Vec<_>>().join("; ")
    };
    let solved = if state.solved.is_empty() {
        format!("Challenges: none of {} solved yet.", ChallengeKind::ALL.len())
    } else {
        format!(
            "Challenges: {} of {} solved ({}).",
            state.solved.len(),
            ChallengeKind::ALL.len(),
            titles(&state.solved)
        )
    };
    let mut lines = panels::text(&solved, theme.text, width);
    if !state.revealed.is_empty() {
        let shown = format!("Worked solution shown with \"show me\": {}.", titles(&state.revealed));
        lines.extend(panels::text(&shown, theme.text, width));
    }
    lines
}

/// Draws one panel at the state's scroll offset, or where a [`ScrollRequest`] asks, kept inside
/// the text.
///
/// [`ScrollRequest`]: crate::app::viewport::ScrollRequest
fn draw_panel(frame: &mut Frame, app: &App, panel: PanelId, rect: Rect) -> PanelView {
    let theme = &app.theme;
    let focused = app.focused_panel() == panel;
    let inner = panel_inner(app, rect);
    let (lines, chosen_row) = panel_text(app, panel, inner.width);
    let height = usize::from(inner.height);
    let requested =
        app.scroll_request.filter(|request| request.screen == app.current && request.panel == panel);
    let offset = match requested {
        Some(request) => {
            let row = panels::requested_row(app, panel, request.to, chosen_row);
            request.to.resolve(app.scroll_of(panel), row, height)
        }
        None => app.scroll_of(panel),
    };
    let scroll = offset.min(lines.len().saturating_sub(height));
    let content = lines.len();
    let below = lines.len().saturating_sub(scroll + height);
    let (border_style, title_style) = if focused {
        (theme.border_focused, theme.panel_title_focused)
    } else {
        (theme.border, theme.panel_title)
    };
    let mut block = Block::bordered()
        .border_type(if focused { BorderType::Thick } else { BorderType::Plain })
        .border_style(border_style)
        .title(Span::styled(format!(" {} ", panel_title(app, panel)), title_style));
    if scroll > 0 {
        block = block.title(
            Line::from(Span::styled(format!(" ↑ {scroll} {} above ", plural(scroll)), theme.scroll_hint))
                .right_aligned(),
        );
    }
    if below > 0 {
        block = block.title_bottom(
            Line::from(Span::styled(format!(" ↓ {below} more {} ", plural(below)), theme.scroll_hint))
                .right_aligned(),
        );
    }
    frame.render_widget(block, rect);
    let visible: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
    frame.render_widget(Paragraph::new(visible).style(theme.text), inner);
    PanelView { panel, rect, scroll: ScrollView { content, visible: height, offset: scroll } }
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "line" } else { "lines" }
}

fn panel_title(app: &App, panel: PanelId) -> String {
    match panel {
        PanelId::Code => match app.lesson().and_then(|l| l.code.as_ref()).and_then(|c| c.path.as_ref()) {
            Some(path) => format!("Code · {path}"),
            None => "Code".to_string(),
        },
        PanelId::Live(PanelKind::Exchange | PanelKind::Token | PanelKind::Sessions | PanelKind::Cookies)
            if app.learner_traffic().is_some() =>
        {
            format!("{} · your code", panel.title())
        }
        other => other.title().to_string(),
    }
}
