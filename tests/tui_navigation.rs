//! Moving around the tutorial the way a learner does: keys and mouse go through the keymap into
//! `App::update`, exactly as the event loop sends them, and the drawn screen is checked.

mod tui_support;

use jwt_session_tutor::app::Mode;
use jwt_session_tutor::app::{Action, App, AppOptions, DEMO_NOW, PanelId};
use jwt_session_tutor::keymap;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use tui_support::{app, course, screen_text};

fn send(app: &mut App, event: Event) {
    if let Some(action) = keymap::action_for(&event, app.mode()) {
        tui_support::apply(app, action);
    }
}

fn press(app: &mut App, code: KeyCode) {
    send(app, Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn mouse(app: &mut App, kind: MouseEventKind, column: u16, row: u16) {
    send(app, Event::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE }));
}

/// Whether a "↓ N more" marker is on screen (the footer's "↑↓" is not one).
fn more_below(text: &str) -> bool {
    text.match_indices("↓ ").any(|(at, _)| text[at + "↓ ".len()..].starts_with(|c: char| c.is_ascii_digit()))
}

fn header(app: &App) -> String {
    screen_text(app).lines().next().unwrap().to_string()
}

#[test]
fn next_and_previous_walk_the_course_in_order_and_mark_screens_seen_not_done() {
    let mut app = app(80, 24);
    assert!(header(&app).contains("Welcome"));
    press(&mut app, KeyCode::Right);
    assert!(header(&app).contains("JWT or session"), "{}", header(&app));
    press(&mut app, KeyCode::Char('n'));
    assert!(header(&app).starts_with(" Step 1 of 4 · Data"), "{}", header(&app));
    // Welcome and the concept have no tasks: seen is done. Step 1 has a checkpoint: only seen.
    assert!(header(&app).contains("3/8 · 2 done ■■▣□□□□□"), "{}", header(&app));
    press(&mut app, KeyCode::Char('p'));
    press(&mut app, KeyCode::Left);
    assert!(header(&app).contains("Welcome"));
    // Going back does not undo "seen", and leaving Step 1 did not make it done.
    assert!(header(&app).contains("1/8 · 2 done · 3 seen ▣■◧□□□□□"), "{}", header(&app));
    press(&mut app, KeyCode::Left);
    assert_eq!(app.current, 0, "no screen before the first");
    for _ in 0..20 {
        press(&mut app, KeyCode::Right);
    }
    assert!(header(&app).contains("Summary"));
    assert_eq!(app.current, app.screens.len() - 1, "no screen after the last");
}

#[test]
fn step_flag_opens_at_that_step() {
    let mut options = tui_support::options(80, 24);
    options.start_step = Some(3);
    let app = App::new(course(), options);
    assert!(header(&app).starts_with(" Step 3 of 4 · Login"), "{}", header(&app));
}

#[test]
fn demo_marker_is_on_screen_exactly_when_demo_is_on() {
    let demo = app(80, 24);
    assert!(header(&demo).contains("DEMO"));
    let mut options = tui_support::options(80, 24);
    options.demo = false;
    let live = App::new(course(), options);
    assert!(!screen_text(&live).contains("DEMO"));
}

#[test]
fn demo_clock_only_moves_when_told_while_the_real_clock_follows_ticks() {
    let mut demo = app(80, 24);
    assert_eq!(demo.now, DEMO_NOW);
    tui_support::apply(&mut demo, Action::Tick { now: DEMO_NOW + 60 });
    assert_eq!(demo.now, DEMO_NOW);
    let options = AppOptions { demo: false, now: 1_000, ..tui_support::options(80, 24) };
    let mut live = App::new(course(), options);
    tui_support::apply(&mut live, Action::Tick { now: 1_001 });
    assert_eq!(live.now, 1_001);
}

#[test]
fn nothing_ticks_while_nothing_on_screen_counts_down() {
    let mut app = tui_support::ready_app(80, 24);
    for index in 0..app.screens.len() {
        tui_support::apply(&mut app, Action::GoTo(index));
        assert_eq!(app.tick_interval(), None, "screen {index}");
    }
}

#[test]
fn tab_switches_panels_on_a_narrow_terminal() {
    let mut app = app(80, 24);
    tui_support::apply(&mut app, Action::GoTo(2));
    assert!(screen_text(&app).contains("┏ Lesson"));
    press(&mut app, KeyCode::Tab);
    let text = screen_text(&app);
    assert!(text.contains("┏ Code · app/api/auth/route.js"), "{text}");
    assert!(text.contains("export async function POST(request) {"), "{text}");
    send(&mut app, Event::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)));
    assert!(screen_text(&app).contains("┏ Lesson"));
    // Focus wraps around to the last panel.
    send(&mut app, Event::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)));
    assert_eq!(app.focused_panel(), *app.panels().last().unwrap());
}

#[test]
fn wide_terminals_show_lesson_and_code_side_by_side() {
    let mut app = app(120, 40);
    tui_support::apply(&mut app, Action::GoTo(4));
    let text = screen_text(&app);
    let tabs = text.lines().nth(1).unwrap();
    assert!(tabs.contains("Lesson") && tabs.contains(" Code   Login   HTTP   Token "), "{tabs}");
    let titles = text.lines().nth(2).unwrap();
    assert!(titles.contains("Code · app/api/auth/route.js"), "{titles}");
}

#[test]
fn scrolling_says_how_much_is_left_and_stops_at_the_end() {
    let mut app = app(80, 24);
    tui_support::apply(&mut app, Action::GoTo(2));
    press(&mut app, KeyCode::Tab);
    let text = screen_text(&app);
    let more = |text: &str| -> Option<usize> {
        let at = text.find("↓ ")?;
        text[at + "↓ ".len()..].split(' ').next()?.parse().ok()
    };
    let before = more(&text).expect("the code is longer than the panel");
    press(&mut app, KeyCode::Char('j'));
    let text = screen_text(&app);
    assert_eq!(more(&text), Some(before - 1), "{text}");
    assert!(text.contains("↑ 1 line above"), "{text}");
    press(&mut app, KeyCode::End);
    let text = screen_text(&app);
    assert_eq!(more(&text), None, "{text}");
    assert!(text.contains("  return Response.json({ token });"), "{text}");
    let at_end = app.scroll_of(PanelId::Code);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::PageDown);
    assert_eq!(app.scroll_of(PanelId::Code), at_end, "scrolling past the end does nothing");
    press(&mut app, KeyCode::Up);
    assert_eq!(app.scroll_of(PanelId::Code), at_end - 1, "one key up moves one line up at once");
    press(&mut app, KeyCode::Home);
    assert_eq!(app.scroll_of(PanelId::Code), 0);
}

#[test]
fn a_bigger_terminal_keeps_scroll_positions_inside_the_content() {
    let mut app = app(80, 24);
    tui_support::apply(&mut app, Action::GoTo(1));
    press(&mut app, KeyCode::End);
    assert!(app.scroll_of(PanelId::Lesson) > 0);
    tui_support::apply(&mut app, Action::Resize { width: 120, height: 40 });
    assert_eq!(app.scroll_of(PanelId::Lesson), 0, "everything fits now");
    assert!(!more_below(&screen_text(&app)));
}

#[test]
fn the_mouse_wheel_scrolls_the_panel_under_the_pointer_and_a_click_focuses_it() {
    let mut app = app(120, 24);
    tui_support::apply(&mut app, Action::GoTo(2));
    assert_eq!(app.focused_panel(), PanelId::Lesson);
    // The code panel is the right-hand column.
    mouse(&mut app, MouseEventKind::ScrollDown, 100, 20);
    assert_eq!(app.scroll_of(PanelId::Code), 3);
    assert_eq!(app.scroll_of(PanelId::Lesson), 0);
    assert_eq!(app.focused_panel(), PanelId::Lesson, "the wheel does not move focus");
    mouse(&mut app, MouseEventKind::ScrollUp, 100, 20);
    assert_eq!(app.scroll_of(PanelId::Code), 0);
    mouse(&mut app, MouseEventKind::Down(MouseButton::Left), 100, 20);
    assert_eq!(app.focused_panel(), PanelId::Code);
    mouse(&mut app, MouseEventKind::Down(MouseButton::Left), 5, 20);
    assert_eq!(app.focused_panel(), PanelId::Lesson);
}

#[test]
fn clicking_a_tab_shows_that_panel() {
    let mut app = app(80, 24);
    tui_support::apply(&mut app, Action::GoTo(3));
    let text = screen_text(&app);
    let tab_row = text.lines().nth(1).unwrap();
    let column = tab_row.find("Code").unwrap() as u16;
    mouse(&mut app, MouseEventKind::Down(MouseButton::Left), column, 1);
    assert_eq!(app.focused_panel(), PanelId::Code);
    assert!(screen_text(&app).contains("┏ Code"));
}

#[test]
fn help_opens_with_question_mark_or_f1_and_esc_closes_it_before_quitting() {
    let mut app = app(80, 24);
    send(&mut app, Event::Key(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT)));
    assert_eq!(app.mode(), Mode::Help);
    assert!(screen_text(&app).contains("Keys"));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Browse);
    assert!(!app.should_quit);
    press(&mut app, KeyCode::F(1));
    assert_eq!(app.mode(), Mode::Help);
    press(&mut app, KeyCode::F(1));
    assert_eq!(app.mode(), Mode::Browse);
    press(&mut app, KeyCode::Esc);
    assert!(app.should_quit, "Esc with nothing open quits");
}

#[test]
fn help_scrolls_to_show_every_key_at_80x24() {
    let mut app = app(80, 24);
    press(&mut app, KeyCode::Char('?'));
    let mut seen = String::new();
    // More presses than the help has rows: the end must be reached, and then it stays.
    for _ in 0..160 {
        seen.push_str(&screen_text(&app));
        press(&mut app, KeyCode::Down);
    }
    for (heading, bindings) in keymap::help_sections() {
        assert!(seen.contains(heading), "help never shows the heading {heading}");
        for binding in bindings {
            // Long descriptions wrap, so look for the key and the start of its description.
            let start: String = binding.description.chars().take(20).collect();
            let row = format!("{:<12} {}", binding.label, start.split_whitespace().next().unwrap());
            assert!(seen.contains(&row), "help never shows: {row}");
        }
    }
    assert!(!more_below(&screen_text(&app)), "the end of the help is reachable");
}

#[test]
fn footer_hints_are_listed_in_the_help() {
    let mut app = app(120, 40);
    tui_support::apply(&mut app, Action::GoTo(2));
    let footer = screen_text(&app).lines().last().unwrap().to_string();
    press(&mut app, KeyCode::Char('?'));
    let help = screen_text(&app);
    for (label, _) in keymap::footer_hints(Mode::Browse, &app.screen_hints()) {
        assert!(footer.contains(label), "footer lacks {label}: {footer}");
        assert!(help.contains(label), "help lacks {label}");
    }
}

#[test]
fn q_quits_from_an_overlay_and_ctrl_c_quits_from_anywhere() {
    let mut app = app(80, 24);
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit);
    let mut app = tui_support::app(80, 24);
    press(&mut app, KeyCode::Char('?'));
    send(&mut app, Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)));
    assert!(app.should_quit);
}

#[test]
fn the_outline_marks_done_screens_and_jumps_anywhere() {
    let mut app = app(80, 24);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Char('g'));
    let text = screen_text(&app);
    assert!(text.contains("✓  1. Welcome"), "{text}");
    assert!(text.contains("✓  2. JWT or session"), "{text}");
    // Seen but not done, with what is left; not seen yet: no mark.
    assert!(text.contains("▶ ◧  3. Step 1 of 4 · Data: a user and a password hash (2 to do)"), "{text}");
    assert!(text.contains("     6. Step 4 of 4 · Verify"), "{text}");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Browse);
    assert!(header(&app).starts_with(" Step 3 of 4 · Login"), "{}", header(&app));
    // Jumping ahead does not mark the skipped screens seen or done (Step 3's only task here is its
    // exercise, so it is seen, not done).
    assert!(header(&app).contains("5/8 · 2 done · 4 seen ■■◧□▣□□□"), "{}", header(&app));
}

#[test]
fn clicking_an_outline_row_jumps_there() {
    let mut app = app(80, 24);
    press(&mut app, KeyCode::Char('g'));
    let text = screen_text(&app);
    let (row, line) = text.lines().enumerate().find(|(_, line)| line.contains("8. Summary")).unwrap();
    let column = line.find("Summary").unwrap() as u16;
    mouse(&mut app, MouseEventKind::Down(MouseButton::Left), column, row as u16);
    assert!(header(&app).contains("Summary"), "{}", header(&app));
    assert_eq!(app.mode(), Mode::Browse);
}

#[test]
fn too_small_until_resized() {
    let mut app = app(80, 24);
    send(&mut app, Event::Resize(59, 30));
    assert!(screen_text(&app).contains("terminal too small: need 60×20, have 59×30"));
    send(&mut app, Event::Resize(100, 19));
    assert!(screen_text(&app).contains("terminal too small: need 60×20, have 100×19"));
    send(&mut app, Event::Resize(80, 24));
    assert!(header(&app).contains("Welcome"));
}
