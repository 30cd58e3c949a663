//! The footer and the action cannot drift: on every panel of the built-in course, Enter changes
//! the screen exactly where the footer offers "Enter …", and `e` starts editing exactly where it
//! offers "e …".

mod tui_support;

use std::path::Path;

use jwt_session_tutor::app::{Action, App, Mode};
use jwt_session_tutor::lessons;
use tui_support::{apply, mask_timings, screen_text};

/// The built-in course with the server up, at screen `screen` with its panel `panel` focused. The
/// Exercise panel's Enter creates its project in a folder under `root`, never in the working tree.
fn at(screen: usize, panel: usize, root: &Path) -> App {
    let course = lessons::builtin().expect("the built-in lessons load");
    let mut app = tui_support::started(App::new(course, tui_support::options(120, 40)));
    let exercise_dir = root.join(format!("exercise-{screen}-{panel}"));
    app.exercise.dir_field.set(&exercise_dir.display().to_string());
    app.run_jobs_inline();
    apply(&mut app, Action::GoTo(screen));
    for _ in 0..panel {
        apply(&mut app, Action::FocusNext);
    }
    app
}

/// Every (screen, panel) of the course, each on a fresh app with that panel focused.
fn every_panel(root: &Path) -> impl Iterator<Item = (usize, App)> + '_ {
    (0..at(0, 0, root).screens.len()).flat_map(move |screen| {
        (0..at(screen, 0, root).panels().len()).map(move |panel| (screen, at(screen, panel, root)))
    })
}

fn screen_after(app: &mut App, action: Action) -> String {
    apply(app, action);
    app.run_jobs_inline();
    tui_support::draw(app);
    mask_timings(&screen_text(app))
}

#[test]
fn enter_acts_exactly_where_the_footer_offers_it() {
    let root = tempfile::tempdir().unwrap();
    for (screen, mut app) in every_panel(root.path()) {
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
    let root = tempfile::tempdir().unwrap();
    for (screen, mut app) in every_panel(root.path()).filter(|(_, app)| app.mode() == Mode::Browse) {
        let title = app.focused_panel().title();
        let offered = app.screen_hints().edit.is_some();
        apply(&mut app, Action::Edit);
        assert_eq!(app.mode() == Mode::Editing, offered, "screen {screen}, {title}");
    }
}
