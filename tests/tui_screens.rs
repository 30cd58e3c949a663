//! What each screen looks like at 80×24 and 120×40 (mono theme, so the snapshots read as text),
//! plus the too-small screen and the overlays.

mod tui_support;

use jwt_session_tutor::app::{Action, App};
use jwt_session_tutor::lessons::PanelKind;
use jwt_session_tutor::theme::ThemeName;
use ratatui::style::Color;
use tui_support::{app, course, render, screen_text};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snapshot(name: &str, app: &App) {
    insta::assert_snapshot!(format!("{name}_{}x{}", app.size.width, app.size.height), screen_text(app));
}

#[test]
fn every_screen_at_both_sizes() {
    for (width, height) in SIZES {
        let mut app = app(width, height);
        let names = ["welcome", "concept", "step1", "step2", "step3", "step4", "summary"];
        assert_eq!(app.screens.len(), names.len());
        for (index, name) in names.into_iter().enumerate() {
            app.update(Action::GoTo(index));
            snapshot(name, &app);
        }
    }
}

#[test]
fn step_code_panel_focused_at_both_sizes() {
    for (width, height) in SIZES {
        let mut app = app(width, height);
        app.update(Action::GoTo(4));
        app.update(Action::FocusNext);
        snapshot("step3_code_focused", &app);
    }
}

#[test]
fn help_overlay_at_both_sizes() {
    for (width, height) in SIZES {
        let mut app = app(width, height);
        app.update(Action::GoTo(2));
        app.update(Action::ToggleHelp);
        snapshot("help", &app);
    }
}

#[test]
fn outline_overlay_at_both_sizes() {
    for (width, height) in SIZES {
        let mut app = app(width, height);
        app.update(Action::NextScreen);
        app.update(Action::NextScreen);
        app.update(Action::ToggleOutline);
        snapshot("outline", &app);
    }
}

#[test]
fn too_small_screen() {
    let mut app = app(80, 24);
    app.update(Action::Resize { width: 60, height: 20 });
    snapshot("too_small", &app);
}

#[test]
fn mono_draws_no_colour_on_any_screen_or_overlay() {
    for (width, height) in SIZES {
        let mut app = app(width, height);
        for index in 0..app.screens.len() {
            app.update(Action::GoTo(index));
            for overlay in [None, Some(Action::ToggleHelp), Some(Action::ToggleOutline)] {
                if let Some(open) = overlay.clone() {
                    app.update(open);
                }
                let terminal = render(&app);
                for cell in terminal.backend().buffer().content() {
                    assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "screen {index}: {cell:?}");
                }
                app.update(Action::CloseOverlay);
            }
        }
    }
}

#[test]
fn coloured_themes_draw_the_same_words() {
    // Themes change styles, never content: every theme shows the same text on the same screen.
    let mut mono = app(120, 40);
    mono.update(Action::GoTo(4));
    let expected = screen_text(&mono);
    for name in [ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast] {
        let mut options = tui_support::options(120, 40);
        options.theme = name;
        let mut themed = App::new(course(), options);
        themed.update(Action::GoTo(4));
        assert_eq!(screen_text(&themed), expected, "{name}");
        let terminal = render(&themed);
        assert!(
            terminal.backend().buffer().content().iter().any(|c| c.fg != Color::Reset),
            "{name} has colour"
        );
    }
}

#[test]
fn live_panels_that_are_not_built_yet_are_left_out_not_faked() {
    let mut app = app(120, 40);
    app.update(Action::GoTo(4));
    assert!(app.lesson().unwrap().panels.contains(&PanelKind::Token));
    let text = screen_text(&app);
    assert!(!text.contains("Token"), "{text}");
}
