//! Scrolls the state cannot place alone, since they depend on where rows fall at the drawn width:
//! the view places them while drawing and the state keeps what it drew (`app::viewport`).

mod tui_support;

use jwt_session_tutor::app::panels::scaling::ScalingItem;
use jwt_session_tutor::app::{Action, App, PanelId};
use jwt_session_tutor::lessons::{self, PanelKind};
use tui_support::{apply, focus, ready_app, screen_text};

const STEP3: usize = 4;
const STEP4: usize = 5;

fn scaling_app(width: u16, height: u16) -> App {
    let course = lessons::builtin().expect("the built-in lessons load");
    let mut app = tui_support::started(App::new(course, tui_support::options(width, height)));
    app.run_jobs_inline();
    let index = (0..app.screens.len()).find(|&i| app.screen_id(i) == "scaling-lab").unwrap();
    apply(&mut app, Action::GoTo(index));
    focus(&mut app, "Scaling");
    app
}

/// The screen's row that shows `needle`, if any.
fn row_of(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|line| line.contains(needle))
}

#[test]
fn choosing_down_a_long_list_keeps_the_chosen_row_on_screen_and_home_brings_the_first_back() {
    let mut app = scaling_app(80, 24);
    let panel = PanelId::Live(PanelKind::Scaling);
    let below = ScalingItem::Sticky;
    assert!(row_of(&screen_text(&app), below.label()).is_none(), "the row starts below the fold");
    for _ in 0..ScalingItem::ALL.iter().position(|item| *item == below).unwrap() {
        apply(&mut app, Action::Down);
    }
    let text = screen_text(&app);
    let chosen =
        row_of(&text, below.label()).unwrap_or_else(|| panic!("the chosen row is on screen:\n{text}"));
    assert!(text.lines().nth(chosen).unwrap().contains('▶'), "{text}");
    assert!(app.scroll_of(panel) > 0, "the panel scrolled to follow the choice");
    apply(&mut app, Action::Top);
    let first = ScalingItem::ALL[0].label();
    let text = screen_text(&app);
    let chosen = row_of(&text, first).unwrap_or_else(|| panic!("the first row is back on screen:\n{text}"));
    assert!(text.lines().nth(chosen).unwrap().contains('▶'), "{text}");
}

#[test]
fn a_scenario_result_starts_at_the_top_of_the_panel_and_up_brings_the_list_back() {
    let mut app = ready_app(80, 24);
    apply(&mut app, Action::GoTo(STEP3));
    focus(&mut app, "Login");
    apply(&mut app, Action::Activate);
    app.run_jobs_inline();
    apply(&mut app, Action::GoTo(STEP4));
    focus(&mut app, "Scenarios");
    let first = "▶  1.";
    assert!(screen_text(&app).contains(first));
    apply(&mut app, Action::Activate);
    let text = screen_text(&app);
    assert!(!text.contains(first), "the list is scrolled away:\n{text}");
    assert!(text.contains("GET /api/auth HTTP/1.1"), "the request is at the top:\n{text}");
    assert!(app.scroll_of(PanelId::Live(PanelKind::Scenarios)) > 0);
    apply(&mut app, Action::Up);
    assert!(screen_text(&app).contains(first), "{}", screen_text(&app));
}

#[test]
fn a_page_is_the_panel_as_last_drawn_less_one_row() {
    let mut app = tui_support::app(80, 24);
    apply(&mut app, Action::GoTo(1));
    let drawn = app.drawn_panel(PanelId::Lesson).expect("the lesson is drawn").scroll;
    assert!(drawn.max_offset() > 0, "the lesson is longer than the panel");
    apply(&mut app, Action::PageDown);
    assert_eq!(app.scroll_of(PanelId::Lesson), (drawn.visible - 1).min(drawn.max_offset()));
    apply(&mut app, Action::PageDown);
    assert_eq!(app.scroll_of(PanelId::Lesson), (2 * (drawn.visible - 1)).min(drawn.max_offset()));
    apply(&mut app, Action::PageUp);
    apply(&mut app, Action::PageUp);
    assert_eq!(app.scroll_of(PanelId::Lesson), 0);
}
