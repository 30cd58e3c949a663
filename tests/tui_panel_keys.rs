//! The footer and the action cannot drift: on every panel of the built-in course, Enter changes
//! the screen exactly where the footer offers "Enter …", and `e` starts editing exactly where it
//! offers "e …".

mod tui_support;

use jwt_session_tutor::app::{Action, App, Mode};
use jwt_session_tutor::lessons;
use tui_support::{apply, mask_timings, screen_text};

/// The built-in course with the server up, at screen `screen` with its panel `panel` focused.
fn at(screen: usize, panel: usize) -> App {
    let course = lessons::builtin().expect("the built-in lessons load");
    let mut app = tui_support::started(App::new(course, tui_support::options(120, 40)));
    app.run_jobs_inline();
    apply(&mut app, Action::GoTo(screen));
    for _ in 0..panel {
        apply(&mut app, Action::FocusNext);
    }
    app
}

/// Every (screen, panel) of the course, each on a fresh app with that panel focused.
fn every_panel() -> impl Iterator<Item = (usize, App)> {
    (0..at(0, 0).screens.len())
        .flat_map(|screen| (0..at(screen, 0).panels().len()).map(move |panel| (screen, at(screen, panel))))
}

fn screen_after(app: &mut App, action: Action) -> String {
    apply(app, action);
    app.run_jobs_inline();
    tui_support::draw(app);
    mask_timings(&screen_text(app))
}

#[test]
fn enter_acts_exactly_where_the_footer_offers_it() {
    for (screen, mut app) in every_panel() {
        let title = app.focused_panel().title();
        let offered = app.screen_hints().activate;
        let before = mask_timings(&screen_text(&app));
        let after = screen_after(&mut app, Action::Activate);
        match offered {
            Some(word) => assert_ne!(before, after, "screen {screen}, {title}: \"Enter {word}\" did nothing"),
            None => {
                assert_eq!(before, after, "screen {screen}, {title}: Enter acted with no word in the footer")
            }
        }
    }
}

#[test]
fn e_edits_exactly_where_the_footer_offers_it() {
    // On the quiz `e` answers instead.
    for (screen, mut app) in every_panel().filter(|(_, app)| app.mode() == Mode::Browse) {
        let title = app.focused_panel().title();
        let offered = app.screen_hints().edit.is_some();
        apply(&mut app, Action::Edit);
        assert_eq!(app.mode() == Mode::Editing, offered, "screen {screen}, {title}");
    }
}
