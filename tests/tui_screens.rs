//! What each screen looks like at 80×24 and 120×40 (mono theme, so the snapshots read as text),
//! plus the too-small screen and the overlays.

mod tui_support;

use jwt_session_tutor::app::{Action, App};
use jwt_session_tutor::lessons::PanelKind;
use jwt_session_tutor::theme::ThemeName;
use ratatui::style::Color;
use tui_support::{app, course, focus, mask_timings, ready_app, render, screen_text};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snapshot(name: &str, app: &App) {
    insta::assert_snapshot!(
        format!("{name}_{}x{}", app.size.width, app.size.height),
        mask_timings(&screen_text(app))
    );
}

#[test]
fn every_screen_at_both_sizes() {
    for (width, height) in SIZES {
        let mut app = ready_app(width, height);
        let names = ["welcome", "concept", "step1", "step2", "step3", "step4", "quiz", "summary"];
        assert_eq!(app.screens.len(), names.len());
        for (index, name) in names.into_iter().enumerate() {
            tui_support::apply(&mut app, Action::GoTo(index));
            snapshot(name, &app);
        }
    }
}

#[test]
fn step_code_panel_focused_at_both_sizes() {
    for (width, height) in SIZES {
        let mut app = app(width, height);
        tui_support::apply(&mut app, Action::GoTo(4));
        tui_support::apply(&mut app, Action::FocusNext);
        snapshot("step3_code_focused", &app);
    }
}

#[test]
fn help_overlay_at_both_sizes() {
    for (width, height) in SIZES {
        let mut app = app(width, height);
        tui_support::apply(&mut app, Action::GoTo(2));
        tui_support::apply(&mut app, Action::ToggleHelp);
        snapshot("help", &app);
    }
}

#[test]
fn outline_overlay_at_both_sizes() {
    for (width, height) in SIZES {
        let mut app = app(width, height);
        tui_support::apply(&mut app, Action::NextScreen);
        tui_support::apply(&mut app, Action::NextScreen);
        tui_support::apply(&mut app, Action::ToggleOutline);
        snapshot("outline", &app);
    }
}

#[test]
fn too_small_screen() {
    let mut app = app(80, 24);
    tui_support::apply(&mut app, Action::Resize { width: 59, height: 19 });
    snapshot("too_small", &app);
}

#[test]
fn mono_draws_no_colour_on_any_screen_or_overlay() {
    for (width, height) in SIZES {
        let mut app = ready_app(width, height);
        for index in 0..app.screens.len() {
            tui_support::apply(&mut app, Action::GoTo(index));
            for overlay in [None, Some(Action::ToggleHelp), Some(Action::ToggleOutline)] {
                if let Some(open) = overlay.clone() {
                    tui_support::apply(&mut app, open);
                }
                let terminal = render(&app);
                for cell in terminal.backend().buffer().content() {
                    assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "screen {index}: {cell:?}");
                }
                tui_support::apply(&mut app, Action::CloseOverlay);
            }
        }
    }
}

#[test]
fn mono_draws_no_colour_on_any_live_panel() {
    let mut app = ready_app(120, 40);
    tui_support::apply(&mut app, Action::GoTo(4));
    focus(&mut app, "Login");
    tui_support::apply(&mut app, Action::Activate);
    app.run_jobs_inline();
    tui_support::apply(&mut app, Action::GoTo(5));
    focus(&mut app, "Scenarios");
    tui_support::apply(&mut app, Action::Activate);
    for screen in 2..6 {
        tui_support::apply(&mut app, Action::GoTo(screen));
        for _ in 0..app.panels().len() {
            tui_support::apply(&mut app, Action::FocusNext);
            let terminal = render(&app);
            for cell in terminal.backend().buffer().content() {
                assert_eq!(
                    (cell.fg, cell.bg),
                    (Color::Reset, Color::Reset),
                    "{:?}: {cell:?}",
                    app.focused_panel()
                );
            }
        }
    }
    tui_support::apply(&mut app, Action::OpenInspector);
    for cell in render(&app).backend().buffer().content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "inspector: {cell:?}");
    }
}

#[test]
fn coloured_themes_draw_the_same_words() {
    // Themes change styles, never content: every theme shows the same text on the same screen.
    let mut mono = app(120, 40);
    tui_support::apply(&mut mono, Action::GoTo(4));
    let expected = screen_text(&mono);
    for name in [ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast] {
        let mut options = tui_support::options(120, 40);
        options.theme = name;
        let mut themed = App::new(course(), options);
        tui_support::apply(&mut themed, Action::GoTo(4));
        assert_eq!(screen_text(&themed), expected, "{name}");
        let terminal = render(&themed);
        assert!(
            terminal.backend().buffer().content().iter().any(|c| c.fg != Color::Reset),
            "{name} has colour"
        );
    }
}

#[test]
fn every_live_panel_at_both_sizes() {
    for (width, height) in SIZES {
        let mut app = ready_app(width, height);
        tui_support::apply(&mut app, Action::GoTo(2));
        focus(&mut app, "Users");
        snapshot("step1_users", &app);
        tui_support::apply(&mut app, Action::GoTo(4));
        focus(&mut app, "Login");
        snapshot("step3_login_form", &app);
        tui_support::apply(&mut app, Action::Activate);
        app.run_jobs_inline();
        for (title, name) in [
            ("Login", "step3_login_done"),
            ("HTTP", "step3_http"),
            ("Token", "step3_token"),
            ("Sessions", "step3_sessions"),
            ("Cookies", "step3_cookies"),
        ] {
            focus(&mut app, title);
            snapshot(name, &app);
        }
        tui_support::apply(&mut app, Action::GoTo(5));
        focus(&mut app, "Scenarios");
        snapshot("step4_scenarios", &app);
        for _ in 0..4 {
            tui_support::apply(&mut app, Action::Down);
        }
        tui_support::apply(&mut app, Action::Activate);
        snapshot("step4_edited_claim", &app);
        tui_support::apply(&mut app, Action::GoTo(3));
        focus(&mut app, "Config");
        snapshot("step2_config", &app);
        tui_support::apply(&mut app, Action::Activate);
        snapshot("step2_config_rotated", &app);
    }
}

#[test]
fn quiz_question_feedback_and_score_at_both_sizes() {
    for (width, height) in SIZES {
        let mut app = ready_app(width, height);
        tui_support::apply(&mut app, Action::GoTo(6));
        snapshot("quiz_question", &app);
        tui_support::apply(&mut app, Action::Hint);
        tui_support::apply(&mut app, Action::Choose(1));
        snapshot("quiz_feedback_wrong", &app);
        tui_support::apply(&mut app, Action::Activate);
        tui_support::apply(&mut app, Action::Choose(1));
        tui_support::apply(&mut app, Action::Activate);
        tui_support::apply(&mut app, Action::Choose(2));
        tui_support::apply(&mut app, Action::Activate);
        snapshot("quiz_score", &app);
    }
}

#[test]
fn inspector_overlay_at_both_sizes() {
    for (width, height) in SIZES {
        let mut app = ready_app(width, height);
        tui_support::apply(&mut app, Action::GoTo(4));
        focus(&mut app, "Login");
        tui_support::apply(&mut app, Action::Activate);
        app.run_jobs_inline();
        tui_support::apply(&mut app, Action::OpenInspector);
        snapshot("inspector", &app);
    }
}

#[test]
fn a_lab_panel_listed_by_a_lesson_is_the_real_lab() {
    // Every panel kind is built now; a lesson that lists a lab panel gets the working lab.
    let mut course = course();
    course.lessons[5].panels.push(PanelKind::Scaling);
    let mut app = App::new(course, tui_support::options(120, 40));
    tui_support::apply(&mut app, Action::GoTo(5));
    assert!(app.panels().iter().any(|p| p.title() == "Scaling"));
    focus(&mut app, "Scaling");
    assert!(screen_text(&app).contains("instance A ◀ next"));
}

#[test]
fn a_very_wide_terminal_shows_two_live_panels_beside_the_lesson() {
    let mut app = ready_app(200, 50);
    tui_support::apply(&mut app, Action::GoTo(4));
    focus(&mut app, "Login");
    tui_support::apply(&mut app, Action::Activate);
    app.run_jobs_inline();
    focus(&mut app, "Token");
    let text = mask_timings(&screen_text(&app));
    // HTTP and Token are a pair: both are drawn, the request on one side and the decoded token on the other.
    assert!(text.contains("┌ HTTP") || text.contains("┏ HTTP"), "{text}");
    assert!(text.contains("┏ Token"), "the focused panel is drawn in bold:\n{text}");
    assert!(text.contains("POST /api/auth HTTP/1.1") && text.contains("payload (decoded"), "{text}");
    // Focusing the other one of the pair keeps both columns where they were.
    focus(&mut app, "HTTP");
    let again = mask_timings(&screen_text(&app));
    assert!(again.contains("┏ HTTP") && again.contains("┌ Token"), "{again}");
    insta::assert_snapshot!("step3_token_200x50", text);
}
