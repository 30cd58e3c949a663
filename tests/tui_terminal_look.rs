//! How the tutorial adapts to the terminal it runs in: no character beyond ASCII under `LANG=C`
//! or on the Linux console, and no colour the terminal cannot show for its `TERM`/`COLORTERM`.

mod tui_support;

use jwt_session_tutor::app::{Action, App, AppOptions, Mode, Overlay};
use jwt_session_tutor::lessons;
use jwt_session_tutor::theme::terminal::unicode_ok;
use jwt_session_tutor::theme::{ColorDepth, ThemeName};
use ratatui::style::Color;
use tui_support::{render, screen_text};

fn options(colors: ColorDepth, ascii: bool) -> AppOptions {
    AppOptions { theme: ThemeName::Dark, colors, ascii, ..tui_support::options(100, 30) }
}

/// Every screen with what puts the most marks on it: a login, the scenarios run, the labs'
/// results, the quiz answered, and the help, the outline and the quit question open; then the
/// built-in course with predictions asked and answered, its checkpoints answered, a challenge
/// opened in the token workbench, sent and shown solved, and the workbench from the inspector.
fn every_screen_drawn(options: AppOptions, mut check: impl FnMut(&App, &str)) {
    let mut app = tui_support::started(App::new(tui_support::course(), options.clone()));
    // The Exercise panel's Enter creates its project: in a temporary folder, not the working tree.
    let exercise_root = tempfile::tempdir().unwrap();
    app.exercise.dir_field.set(&exercise_root.path().join("ex").display().to_string());
    app.run_jobs_inline();
    let _ = walk_every_panel(&mut app, &mut check);
    for overlay in [Action::ToggleHelp, Action::ToggleOutline, Action::Quit] {
        tui_support::apply(&mut app, overlay.clone());
        check(&app, &format!("{overlay:?}"));
        tui_support::apply(&mut app, Action::CloseOverlay);
    }
    // A job under way: the spinner.
    tui_support::apply(&mut app, Action::GoTo(4));
    tui_support::focus(&mut app, "Login");
    tui_support::apply(&mut app, Action::Activate);
    assert!(app.engine.busy.is_some(), "a login is under way");
    for _ in 0..4 {
        tui_support::apply(&mut app, Action::Tick { now: 0 });
        check(&app, "the spinner");
    }

    let course = lessons::builtin().expect("the built-in lessons load");
    let mut app = tui_support::started(App::new(course, AppOptions { predict: true, ..options }));
    app.exercise.dir_field.set(&exercise_root.path().join("ex-built-in").display().to_string());
    app.run_jobs_inline();
    let (workbenches, predictions) = walk_every_panel(&mut app, &mut check);
    assert!(workbenches >= 1 && predictions >= 2, "{workbenches} workbenches, {predictions} predictions");
    assert!(app.tasks_done.iter().any(|task| task.starts_with("checkpoint:")), "a checkpoint answered");
    tui_support::apply(&mut app, Action::OpenInspector);
    tui_support::apply(&mut app, Action::OpenWorkbench);
    assert!(matches!(app.overlay, Some(Overlay::Workbench(_))), "Ctrl-O opens the workbench");
    check(&app, "the workbench from the inspector");
}

/// On each screen, each panel: Enter (a prediction, a lab run, a challenge's workbench), the first
/// choice (a prediction, a checkpoint, a quiz answer); in the workbench, send and show me. Says how
/// many workbenches and prediction prompts were drawn.
fn walk_every_panel(app: &mut App, check: &mut impl FnMut(&App, &str)) -> (usize, usize) {
    let (mut workbenches, mut predictions) = (0, 0);
    for index in 0..app.screens.len() {
        tui_support::apply(app, Action::GoTo(index));
        for _ in 0..app.panels().len() {
            tui_support::apply(app, Action::Activate);
            app.run_jobs_inline();
            let what = format!("screen {}, {:?}", app.screen_id(index), app.focused_panel());
            predictions += usize::from(app.mode() == Mode::Predict);
            if matches!(app.overlay, Some(Overlay::Workbench(_))) {
                workbenches += 1;
                check(app, &format!("{what}: the workbench"));
                tui_support::apply(app, Action::Activate);
                app.run_jobs_inline();
                check(app, &format!("{what}: the workbench's answer"));
                tui_support::apply(app, Action::CloseOverlay);
                tui_support::apply(app, Action::ShowSolution);
                app.run_jobs_inline();
                check(app, &format!("{what}: show me"));
                tui_support::apply(app, Action::CloseOverlay);
            } else {
                check(app, &format!("{what}: after Enter"));
                if app.overlay.is_some() {
                    // The token panel's Enter opens the inspector: drawn above, closed to go on.
                    tui_support::apply(app, Action::CloseOverlay);
                }
            }
            tui_support::apply(app, Action::Choose(0));
            app.run_jobs_inline();
            check(app, &format!("{what}: after choosing"));
            tui_support::apply(app, Action::FocusNext);
        }
        assert_eq!(app.current, index, "every screen is reached");
    }
    (workbenches, predictions)
}

#[test]
fn under_lang_c_or_on_the_linux_console_every_screen_is_plain_ascii() {
    let lang_c = !unicode_ok(None, None, Some("C"), Some("xterm-256color"));
    let linux_console = !unicode_ok(None, None, Some("en_US.UTF-8"), Some("linux"));
    assert!(lang_c && linux_console, "both ask for ASCII");
    let mut frames = 0;
    every_screen_drawn(options(ColorDepth::Ansi16, lang_c), |app, what| {
        let text = screen_text(app);
        let odd: Vec<char> = text.chars().filter(|c| !c.is_ascii()).collect();
        assert!(odd.is_empty(), "{what}: {odd:?} in\n{text}");
        frames += 1;
    });
    assert!(frames > 30, "{frames} frames checked");
}

#[test]
fn in_a_utf8_locale_the_marks_and_borders_are_drawn() {
    let utf8 = unicode_ok(None, None, Some("en_US.UTF-8"), Some("xterm-256color"));
    let app = tui_support::started(App::new(tui_support::course(), options(ColorDepth::TrueColor, !utf8)));
    let text = screen_text(&app);
    assert!(text.contains('┃') || text.contains('│'), "{text}");
}

/// Every colour drawn on every screen.
fn colours_drawn(depth: ColorDepth) -> Vec<Color> {
    let mut colours = Vec::new();
    every_screen_drawn(options(depth, false), |app, _| {
        let terminal = render(app);
        for cell in &terminal.backend().buffer().content {
            colours.extend([cell.fg, cell.bg]);
        }
    });
    colours.sort_by_key(|colour| format!("{colour:?}"));
    colours.dedup();
    colours
}

#[test]
fn colours_degrade_to_what_term_and_colorterm_promise() {
    let xterm = ColorDepth::detect(None, Some("xterm"));
    let colours = colours_drawn(xterm);
    assert!(colours.iter().all(|c| !matches!(c, Color::Rgb(..) | Color::Indexed(_))), "xterm: {colours:?}");
    assert!(colours.len() > 3, "16 colours still colour: {colours:?}");

    let xterm_256 = ColorDepth::detect(None, Some("xterm-256color"));
    let colours = colours_drawn(xterm_256);
    assert!(colours.iter().all(|c| !matches!(c, Color::Rgb(..))), "xterm-256color: {colours:?}");
    assert!(colours.iter().any(|c| matches!(c, Color::Indexed(_))), "{colours:?}");

    let truecolor = ColorDepth::detect(Some("truecolor"), Some("xterm-256color"));
    let colours = colours_drawn(truecolor);
    assert!(colours.iter().any(|c| matches!(c, Color::Rgb(..))), "{colours:?}");
}
