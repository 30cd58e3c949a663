//! Teaching with the tutorial: the compact one-panel layout down to 60×20 (a projector with a big
//! font), zoom, and presenter mode's speaker notes and hidden results.

mod tui_support;

use jwt_session_tutor::app::{Action, App, AppOptions, PanelId};
use jwt_session_tutor::lessons::PanelKind;
use jwt_session_tutor::ui;
use tui_support::{focus, mask_timings, screen_text};

const STEP3: usize = 4;
const STEP4: usize = 5;

fn app_at(options: AppOptions, screen: usize) -> App {
    let mut app = tui_support::started(App::new(tui_support::course(), options));
    app.run_jobs_inline();
    tui_support::apply(&mut app, Action::GoTo(screen));
    app
}

#[test]
fn at_60_by_20_step_3_shows_one_panel_and_where_it_is_among_them() {
    let mut app = app_at(tui_support::options(60, 20), STEP3);
    let text = screen_text(&app);
    assert!(!text.contains("too small"), "{text}");
    insta::assert_snapshot!("step3_60x20", mask_timings(&text));
    let count = app.panels().len();
    for place in 1..=count {
        let layout = ui::layout::compute(&app, app.area());
        assert_eq!(layout.panels.len(), 1, "one panel at a time");
        let shown = layout.panels[0].0;
        assert_eq!(shown, app.focused_panel());
        let text = screen_text(&app);
        assert!(text.contains(&format!("{place}/{count}")), "{text}");
        assert!(text.contains(&format!("┏ {}", shown.title())), "{text}");
        tui_support::apply(&mut app, Action::FocusNext);
    }
}

#[test]
fn below_60_by_20_the_window_is_too_small() {
    let app = app_at(tui_support::options(59, 20), STEP3);
    assert!(screen_text(&app).contains("terminal too small: need 60×20, have 59×20"));
    let app = app_at(tui_support::options(60, 19), STEP3);
    assert!(screen_text(&app).contains("too small"));
}

#[test]
fn z_zooms_the_focused_panel_to_the_whole_screen_and_back() {
    let mut app = app_at(tui_support::options(140, 40), STEP3);
    focus(&mut app, "Token");
    let before = ui::layout::compute(&app, app.area());
    assert!(before.panels.len() >= 2 && before.tab_bar.is_some());
    assert!(screen_text(&app).contains("z zoom"));
    tui_support::apply(&mut app, Action::ToggleZoom);
    let zoomed = ui::layout::compute(&app, app.area());
    assert_eq!(zoomed.panels.len(), 1);
    let (panel, rect) = zoomed.panels[0];
    assert_eq!(panel, PanelId::Live(PanelKind::Token));
    assert_eq!((rect.width, rect.height), (140, 38), "all but the header and the footer");
    assert_eq!(zoomed.tab_bar, None);
    assert!(screen_text(&app).contains("z unzoom"));
    tui_support::apply(&mut app, Action::ToggleZoom);
    assert_eq!(ui::layout::compute(&app, app.area()), before);
}

fn presenter(width: u16, height: u16) -> AppOptions {
    AppOptions { presenter: true, ..tui_support::options(width, height) }
}

#[test]
fn presenter_mode_adds_the_speaker_notes_panel_and_a_learner_does_not_see_it() {
    let mut app = app_at(presenter(120, 40), STEP3);
    assert!(app.panels().contains(&PanelId::Notes));
    focus(&mut app, "Notes");
    let text = screen_text(&app);
    assert!(text.contains("For the teacher, not the room"), "{text}");
    assert!(text.contains("Before Login: ask the room what they expect."), "{text}");
    let learner = app_at(tui_support::options(120, 40), STEP3);
    assert!(!learner.panels().contains(&PanelId::Notes));
}

#[test]
fn presenter_mode_hides_a_scenario_result_until_v_and_hides_the_next_one_again() {
    let mut app = app_at(presenter(120, 40), STEP4);
    focus(&mut app, "Scenarios");
    tui_support::apply(&mut app, Action::Activate);
    app.run_jobs_inline();
    tui_support::draw(&mut app);
    let text = screen_text(&app);
    assert!(text.contains("Result hidden: ask the room"), "{text}");
    assert!(!text.contains("200 OK") && !text.contains("✓ 200"), "{text}");
    assert!(text.contains("v reveal"), "{text}");
    tui_support::apply(&mut app, Action::ToggleReveal);
    let text = screen_text(&app);
    assert!(!text.contains("Result hidden"), "{text}");
    assert!(text.contains("✓ 200"), "{text}");
    assert!(text.contains("v hide"), "{text}");
    tui_support::apply(&mut app, Action::Down);
    tui_support::apply(&mut app, Action::Activate);
    app.run_jobs_inline();
    tui_support::draw(&mut app);
    assert!(screen_text(&app).contains("Result hidden"), "a new run starts hidden");
    // Without --presenter nothing is hidden.
    let mut learner = app_at(tui_support::options(120, 40), STEP4);
    focus(&mut learner, "Scenarios");
    tui_support::apply(&mut learner, Action::Activate);
    learner.run_jobs_inline();
    tui_support::draw(&mut learner);
    assert!(!screen_text(&learner).contains("Result hidden"));
}

#[test]
fn every_built_in_screen_has_speaker_notes_shown_in_presenter_mode() {
    let course = jwt_session_tutor::lessons::builtin().expect("the built-in course loads");
    let options = AppOptions { demo: true, ..presenter(120, 40) };
    let mut app = tui_support::started(App::new(course, options));
    for index in 0..app.course.lessons.len() {
        let lesson = &app.course.lessons[index];
        assert!(lesson.teacher_notes.len() >= 3, "{} has {} notes", lesson.id, lesson.teacher_notes.len());
        let screen = app.screens.iter().position(|s| *s == jwt_session_tutor::app::Screen::Lesson(index));
        tui_support::apply(&mut app, Action::GoTo(screen.unwrap()));
        focus(&mut app, "Notes");
        let text = tui_support::focused_panel_text(&app);
        assert!(text.contains("For the teacher, not the room"), "{text}");
        assert!(text.contains("minutes"), "each screen's notes say how long it takes: {text}");
    }
    let quiz = app.screens.iter().position(|s| *s == jwt_session_tutor::app::Screen::Quiz).unwrap();
    tui_support::apply(&mut app, Action::GoTo(quiz));
    assert_eq!(app.panels(), [PanelId::Quiz, PanelId::Notes], "the quiz screen has notes too");
    focus(&mut app, "Notes");
    let text = tui_support::focused_panel_text(&app);
    assert!(text.contains("Enter reveals, and no score is saved"), "{text}");
}
