//! Drawing speed: one redraw of every screen of the built-in course, and of every live panel after
//! its action has run (a login, a scenario, a scaling step, an attack), into a ratatui `TestBackend`
//! at 80×24 and 200×50, in the default colour theme. The target is at most 1 ms for the busiest.
//!
//! Run: `cargo bench --bench ui`.

use std::hint::black_box;

use divan::Bencher;
use jwt_session_tutor::app::{Action, App, AppOptions, DEMO_NOW, PanelId};
use jwt_session_tutor::quiz::OptionOrder;
use jwt_session_tutor::theme::{ColorDepth, ThemeName};
use jwt_session_tutor::{highlight, lessons, ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;

fn main() {
    // Loaded once, as the app does in the background at start, so code is drawn highlighted.
    highlight::load();
    divan::main();
}

const SCREENS: [&str; 10] = [
    "welcome",
    "concept",
    "step1-data",
    "step2-config",
    "step3-login",
    "step4-verify",
    "scaling-lab",
    "attack-lab",
    "summary",
    "quiz",
];

/// `screen/panel` for every live panel the TUI shows (labs panels appear here once they are drawn).
fn live_panels() -> Vec<&'static str> {
    let course = lessons::builtin().expect("built-in lessons are valid");
    let app = App::new(course, options(80, 24));
    let mut names = Vec::new();
    for (index, screen) in app.screens.iter().enumerate() {
        for panel in app.panels_of(*screen) {
            if matches!(panel, PanelId::Live(_)) {
                let name = format!("{}/{}", app.screen_id(index), panel.title());
                names.push(&*Box::leak(name.into_boxed_str()));
            }
        }
    }
    names
}

fn options(width: u16, height: u16) -> AppOptions {
    AppOptions {
        theme: ThemeName::Dark,
        demo: true,
        start_step: None,
        start_at_quiz: false,
        quiz_mode: jwt_session_tutor::quiz::draw::QuizMode::Exam,
        now: DEMO_NOW,
        size: Size::new(width, height),
        option_order: OptionOrder::Fixed,
        classroom: false,
        colors: ColorDepth::TrueColor,
        ascii: false,
        presenter: false,
        predict: false,
    }
}

/// The app at `width`×`height`, server up (seed password hashed), under `--demo`.
fn app(width: u16, height: u16) -> App {
    let course = lessons::builtin().expect("built-in lessons are valid");
    let mut app = App::new(course, options(width, height));
    app.update(Action::Resize { width, height });
    app.run_jobs_inline();
    app
}

fn go_to(app: &mut App, screen: &str) {
    let index = (0..app.screens.len()).find(|&index| app.screen_id(index) == screen).expect("screen exists");
    app.update(Action::GoTo(index));
}

fn focus(app: &mut App, title: &str) {
    for _ in 0..app.panels().len() {
        if app.focused_panel().title() == title {
            return;
        }
        app.update(Action::FocusNext);
    }
    let titles: Vec<&str> = app.panels().iter().map(|panel| panel.title()).collect();
    panic!("no panel {title} on {} (panels {titles:?}, mode {:?})", app.screen_id(app.current), app.mode());
}

/// Every panel of the screen has had Enter pressed once (log in, send a scenario, ...), so the live
/// panels are full, as in the middle of a lesson.
fn busy_screen(width: u16, height: u16, screen: &str) -> App {
    let mut app = app(width, height);
    if screen.starts_with("step4") {
        // Step 4 checks the credentials Step 3 issued.
        go_to(&mut app, "step3-login");
        focus(&mut app, "Login");
        app.update(Action::Activate);
        app.run_jobs_inline();
    }
    go_to(&mut app, screen);
    for _ in 0..app.panels().len() {
        app.update(Action::Activate);
        app.run_jobs_inline();
        // Some panels answer Enter with an overlay (the token opens the inspector) or an edit.
        if app.overlay.is_some() {
            app.update(Action::CloseOverlay);
        }
        if app.editing.is_some() {
            app.update(Action::LeaveEdit);
        }
        app.update(Action::FocusNext);
    }
    app
}

fn bench_draw(bencher: Bencher, app: &App) {
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    bencher.bench_local(|| {
        terminal
            .draw(|frame| {
                black_box(ui::draw(frame, black_box(app)));
            })
            .unwrap();
    });
}

fn screen_panel(app: App, screen_and_panel: &str) -> App {
    let (screen, panel) = screen_and_panel.split_once('/').unwrap();
    let mut app = app;
    go_to(&mut app, screen);
    focus(&mut app, panel);
    app
}

mod screen_80x24 {
    use super::*;

    #[divan::bench(args = SCREENS)]
    fn draw(bencher: Bencher, screen: &str) {
        bench_draw(bencher, &busy_screen(80, 24, screen));
    }

    #[divan::bench(args = live_panels())]
    fn draw_live_panel(bencher: Bencher, screen_and_panel: &str) {
        let screen = screen_and_panel.split_once('/').unwrap().0;
        bench_draw(bencher, &screen_panel(busy_screen(80, 24, screen), screen_and_panel));
    }
}

mod screen_200x50 {
    use super::*;

    #[divan::bench(args = SCREENS)]
    fn draw(bencher: Bencher, screen: &str) {
        bench_draw(bencher, &busy_screen(200, 50, screen));
    }

    #[divan::bench(args = live_panels())]
    fn draw_live_panel(bencher: Bencher, screen_and_panel: &str) {
        let screen = screen_and_panel.split_once('/').unwrap().0;
        bench_draw(bencher, &screen_panel(busy_screen(200, 50, screen), screen_and_panel));
    }
}

mod overlays {
    use super::*;

    const SIZES: [(u16, u16); 2] = [(80, 24), (200, 50)];

    #[divan::bench(args = SIZES)]
    fn help(bencher: Bencher, (width, height): (u16, u16)) {
        let mut app = busy_screen(width, height, "step3-login");
        app.update(Action::ToggleHelp);
        bench_draw(bencher, &app);
    }

    #[divan::bench(args = SIZES)]
    fn outline(bencher: Bencher, (width, height): (u16, u16)) {
        let mut app = busy_screen(width, height, "step3-login");
        app.update(Action::ToggleOutline);
        bench_draw(bencher, &app);
    }

    /// The token inspector with the login token pasted in: decoded, verified, countdown shown.
    #[divan::bench(args = SIZES)]
    fn inspector_with_token(bencher: Bencher, (width, height): (u16, u16)) {
        let mut app = busy_screen(width, height, "step3-login");
        let token = app.engine.token.clone().expect("logged in");
        app.update(Action::OpenInspector);
        app.update(Action::Paste(token.to_string()));
        bench_draw(bencher, &app);
    }

    /// Below the minimum size: the "make the window bigger" screen.
    #[divan::bench]
    fn too_small(bencher: Bencher) {
        bench_draw(bencher, &app(40, 12));
    }
}
