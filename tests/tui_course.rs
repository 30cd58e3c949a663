//! The built-in course as the learner sees it: every screen at 80×24 and 120×40, each panel
//! drawn without a line cut off. When the lesson files change, review and update these snapshots
//! with `INSTA_UPDATE=always cargo test --test tui_course`.

mod tui_support;

use jwt_session_tutor::app::{Action, App};
use jwt_session_tutor::lessons;
use jwt_session_tutor::ui;
use tui_support::{mask_timings, screen_text};

fn builtin_app(width: u16, height: u16) -> App {
    let course = lessons::builtin().expect("the built-in lessons load");
    let mut app = App::new(course, tui_support::options(width, height));
    app.run_jobs_inline();
    app
}

#[test]
fn every_built_in_screen_at_both_sizes() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut app = builtin_app(width, height);
        for index in 0..app.screens.len() {
            tui_support::apply(&mut app, Action::GoTo(index));
            let name = format!("{:02}-{}_{width}x{height}", index, app.screen_id(index));
            insta::assert_snapshot!(name, mask_timings(&screen_text(&app)));
        }
    }
}

#[test]
fn no_panel_line_is_wider_than_its_panel() {
    for (width, height) in [(80, 24), (120, 40), (200, 50)] {
        let mut app = builtin_app(width, height);
        for index in 0..app.screens.len() {
            tui_support::apply(&mut app, Action::GoTo(index));
            for _ in 0..app.panels().len() {
                let panel = app.focused_panel();
                let layout = ui::layout::compute(&app, app.area());
                let inner = ui::inner(layout.panel_rect(panel).expect("the focused panel is drawn"));
                for line in ui::panel_lines(&app, panel, inner.width) {
                    assert!(
                        line.width() <= usize::from(inner.width),
                        "{} / {panel:?} at {width}x{height}: {line}",
                        app.screen_id(index)
                    );
                }
                tui_support::apply(&mut app, Action::FocusNext);
            }
        }
    }
}

#[test]
fn step_flag_opens_each_built_in_step() {
    for step in 1..=4u8 {
        let course = lessons::builtin().unwrap();
        let app = App::new(
            course,
            jwt_session_tutor::app::AppOptions { start_step: Some(step), ..tui_support::options(80, 24) },
        );
        let header = screen_text(&app).lines().next().unwrap().to_string();
        assert!(header.starts_with(&format!(" Step {step} of 4 · ")), "{header}");
    }
}

#[test]
fn the_outline_shows_every_built_in_title_whole_at_80_columns() {
    let mut app = builtin_app(80, 24);
    tui_support::apply(&mut app, Action::ToggleOutline);
    let text = screen_text(&app);
    for index in 0..app.screens.len() {
        let label = app.screen_label(index);
        assert!(text.contains(&label), "\"{label}\" is cut off:\n{text}");
    }
}

/// Short of room the footer drops its least needed hints first (zoom, the quiz's `m`, presenter's
/// `v` among them), never help or quit, and "→ n next" stays wherever there is a next screen.
#[test]
fn navigation_and_help_stay_in_the_footer_at_80_and_60_columns() {
    for presenter in [false, true] {
        for (width, height) in [(80, 24), (60, 20)] {
            let course = lessons::builtin().expect("the built-in lessons load");
            let options =
                jwt_session_tutor::app::AppOptions { presenter, ..tui_support::options(width, height) };
            let mut app = App::new(course, options);
            app.run_jobs_inline();
            for index in 0..app.screens.len() {
                tui_support::apply(&mut app, Action::GoTo(index));
                for _ in 0..app.panels().len() {
                    let text = screen_text(&app);
                    let footer = text.lines().last().unwrap_or_default();
                    let place = format!("{} ({width}x{height}, presenter {presenter})", app.screen_id(index));
                    assert!(
                        footer.contains("? F1 help") && footer.contains("q Esc quit"),
                        "{place}: {footer}"
                    );
                    if index + 1 < app.screens.len() {
                        assert!(footer.contains("→ n next"), "{place}: {footer}");
                    }
                    tui_support::apply(&mut app, Action::FocusNext);
                }
            }
        }
    }
}
