//! The Exercise panel of a step screen: creating the learner's project, its checks on the learner's
//! real code (run synchronously here, as a worker runs them in the tutorial), the editor as an
//! effect the terminal loop performs, and the exercise task done when every check passes.

mod tui_support;

use std::path::Path;

use jwt_session_tutor::app::panels::exercise::{Effect, check_project};
use jwt_session_tutor::app::{Action, App};
use jwt_session_tutor::exercises::project::{
    new_env_local, solution_files, template_files, write_new_project,
};
use jwt_session_tutor::keymap;
use jwt_session_tutor::lessons;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_support::{focus, focused_panel_text, mask_timings, screen_text};

fn press(app: &mut App, code: KeyCode) {
    let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    if let Some(action) = keymap::action_for(&event, app.mode()) {
        tui_support::apply(app, action);
    }
}

/// The built-in course on Step `step`, the Exercise panel focused.
fn on_step(step: u8, width: u16, height: u16) -> App {
    let course = lessons::builtin().expect("the built-in lessons load");
    let mut app = tui_support::started(App::new(course, tui_support::options(width, height)));
    app.run_jobs_inline();
    let index = app.screen_of_step(step).unwrap();
    tui_support::apply(&mut app, Action::GoTo(index));
    focus(&mut app, "Exercise");
    app
}

/// A project in a fresh temporary folder: the template, or the reference solution up to `solved`.
fn project(solved: Option<u8>) -> (tempfile::TempDir, std::path::PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("ex");
    let env = new_env_local();
    let files = match solved {
        Some(step) => solution_files(step, &env),
        None => template_files(&env),
    };
    write_new_project(&dir, &files).unwrap();
    (root, dir)
}

/// The learner's folder is `dir`, and step `step`'s checks ran on it.
fn checked(app: &mut App, dir: &Path, step: u8) {
    app.use_exercise_dir(dir.to_path_buf());
    tui_support::apply(app, Action::ExerciseChecked(check_project(dir, step)));
}

/// The screen with the random temporary folder's name replaced by one as long, so borders stay put.
fn masked(app: &App, root: &Path) -> String {
    let root = root.display().to_string();
    let same_width = format!("/TMP{}", "_".repeat(root.chars().count().saturating_sub(4)));
    mask_timings(&screen_text(app).replace(&root, &same_width))
}

#[test]
fn the_template_fails_step_1_and_the_panel_says_what_was_sent_answered_and_expected() {
    let (root, dir) = project(None);
    let mut app = on_step(1, 120, 40);
    checked(&mut app, &dir, 1);
    let text = focused_panel_text(&app);
    assert!(text.contains("checks: 0 of"), "{text}");
    assert!(text.contains("✗ FAIL users holds user1 with id 1"), "{text}");
    assert!(text.contains("what: `users` has no user with username 'user1'"), "{text}");
    assert!(text.contains("expected: app/api/auth/route.js defines"), "{text}");
    assert!(text.contains("hint: Replace `const users = [];`"), "{text}");
    assert!(text.contains("· wait"), "a check that builds on a failing one waits: {text}");
    assert!(!app.tasks_done.contains("exercise:step1-data"));
    insta::assert_snapshot!("exercise_step1_failing_120x40", masked(&app, root.path()));
    let mut small = on_step(1, 80, 24);
    checked(&mut small, &dir, 1);
    insta::assert_snapshot!("exercise_step1_failing_80x24", masked(&small, root.path()));
}

#[test]
fn the_solution_passes_step_1_and_finishes_the_exercise_task() {
    let (root, dir) = project(Some(1));
    let mut app = on_step(1, 120, 40);
    checked(&mut app, &dir, 1);
    let text = focused_panel_text(&app);
    assert!(text.contains("step 1 is done ✓"), "{text}");
    assert!(!text.contains("✗ FAIL") && !text.contains("· wait"), "{text}");
    assert!(app.tasks_done.contains("exercise:step1-data"));
    insta::assert_snapshot!("exercise_step1_passing_120x40", masked(&app, root.path()));
    let mut small = on_step(1, 80, 24);
    checked(&mut small, &dir, 1);
    insta::assert_snapshot!("exercise_step1_passing_80x24", masked(&small, root.path()));
}

#[test]
fn a_step_4_failure_shows_the_request_and_the_learners_answer() {
    // Steps 1-3 solved, step 4 (GET) still the template's TODO.
    let (_root, dir) = project(Some(3));
    let mut app = on_step(4, 120, 40);
    checked(&mut app, &dir, 4);
    let text = focused_panel_text(&app);
    assert!(text.contains("✗ FAIL"), "{text}");
    assert!(text.contains("sent: GET /api/auth") || text.contains("sent: POST /api/auth"), "{text}");
    assert!(text.contains("your code: "), "{text}");
    assert!(!app.tasks_done.contains("exercise:step4-verify"));
}

#[test]
fn enter_creates_the_folder_typed_and_then_opens_the_steps_file_in_the_editor() {
    let root = tempfile::tempdir().unwrap();
    let mut app = on_step(3, 80, 24);
    let text = focused_panel_text(&app);
    assert!(text.contains("folder: ./jwt-session-exercise"), "the default, under the current folder: {text}");
    assert!(screen_text(&app).contains("Enter create folder"), "{}", screen_text(&app));

    // `e` edits the folder; typing replaces it.
    press(&mut app, KeyCode::Char('e'));
    for _ in 0.."./jwt-session-exercise".len() {
        press(&mut app, KeyCode::Backspace);
    }
    let wanted = root.path().join("mine");
    for c in wanted.display().to_string().chars() {
        press(&mut app, KeyCode::Char(c));
    }
    press(&mut app, KeyCode::Enter);
    app.run_jobs_inline();
    tui_support::draw(&mut app);
    assert!(wanted.join("app/api/auth/route.js").is_file(), "the template was written");
    assert_eq!(app.exercise.dir.as_deref(), Some(wanted.as_path()));
    let text = focused_panel_text(&app);
    assert!(text.contains("checks: 0 of"), "the new project's checks ran: {text}");
    assert!(screen_text(&app).contains("Enter open editor"), "{}", screen_text(&app));

    press(&mut app, KeyCode::Enter);
    assert_eq!(app.take_effects(), vec![Effect::OpenEditor { file: wanted.join("app/api/auth/route.js") }]);
    assert!(app.take_effects().is_empty(), "an effect is performed once");
}

#[test]
fn a_folder_that_is_not_empty_is_refused_with_its_name() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("keep.txt"), "mine").unwrap();
    let mut app = on_step(2, 80, 24);
    app.exercise.dir_field.set(&root.path().display().to_string());
    press(&mut app, KeyCode::Enter);
    app.run_jobs_inline();
    tui_support::draw(&mut app);
    assert!(app.exercise.dir.is_none());
    let text = focused_panel_text(&app);
    assert!(text.contains("folder is not empty"), "{text}");
    assert_eq!(std::fs::read_to_string(root.path().join("keep.txt")).unwrap(), "mine");
}

#[test]
fn a_save_in_the_project_reruns_the_current_steps_checks_as_a_job() {
    let (_root, dir) = project(None);
    let mut app = on_step(1, 80, 24);
    checked(&mut app, &dir, 1);
    assert_eq!(app.take_watch_request().as_deref(), Some(dir.as_path()), "the loop is asked to watch it");
    assert!(app.take_watch_request().is_none(), "once");

    // A save elsewhere (an older folder's watcher) changes nothing.
    tui_support::apply(&mut app, Action::ExerciseSaved(dir.join("elsewhere")));
    assert!(app.engine.take_jobs().is_empty());
    // The learner solves step 1 and saves: the watcher's event queues the checks; they pass.
    let solved = solution_files(1, "JWT_SECRET=x\n");
    let route = solved.iter().find(|(path, _)| path == "app/api/auth/route.js").unwrap();
    std::fs::write(dir.join("app/api/auth/route.js"), &route.1).unwrap();
    tui_support::apply(&mut app, Action::ExerciseSaved(dir.clone()));
    assert!(focused_panel_text(&app).contains("running your code"));
    app.run_jobs_inline();
    tui_support::draw(&mut app);
    assert!(focused_panel_text(&app).contains("step 1 is done ✓"), "{}", focused_panel_text(&app));
    assert!(app.tasks_done.contains("exercise:step1-data"));
}

#[test]
fn the_editor_closing_with_an_error_says_so_and_checks_again() {
    let (_root, dir) = project(None);
    let mut app = on_step(1, 80, 24);
    checked(&mut app, &dir, 1);
    tui_support::apply(&mut app, Action::EditorClosed(Err("set $VISUAL or $EDITOR to your editor".into())));
    let text = focused_panel_text(&app);
    assert!(text.contains("⚠ set $VISUAL or $EDITOR"), "{text}");
    assert!(text.contains("running your code"), "{text}");
}

#[test]
fn what_the_learners_code_logs_is_shown() {
    let (_root, dir) = project(Some(3));
    let route = dir.join("app/api/auth/route.js");
    let source = std::fs::read_to_string(&route).unwrap();
    let logged = source.replacen(
        "export async function POST(request) {",
        "export async function POST(request) {\n  console.log('login attempt from the learner');",
        1,
    );
    assert_ne!(source, logged, "the solution has a POST handler to log from");
    std::fs::write(&route, logged).unwrap();
    let mut app = on_step(3, 120, 40);
    checked(&mut app, &dir, 3);
    let text = focused_panel_text(&app);
    assert!(text.contains("console output ("), "{text}");
    assert!(text.contains("login attempt from the learner"), "{text}");
}

/// `run` with every random or time-dependent value the learner's code answered (tokens, session ids,
/// dates) replaced by a same-length placeholder, so a snapshot of it stays put.
fn without_random_values(
    mut run: jwt_session_tutor::app::panels::exercise::CheckRun,
) -> jwt_session_tutor::app::panels::exercise::CheckRun {
    let mask = |text: &str| -> String {
        // base64url runs of 16+ characters with a digit or capital (token segments, session ids; not
        // header names) and every digit (iat, exp, lengths).
        let mut out = String::with_capacity(text.len());
        let mut run = String::new();
        let flush = |run: &mut String, out: &mut String| {
            let random_looking = run.chars().any(|c| c.is_ascii_digit() || c.is_ascii_uppercase());
            if run.chars().count() >= 16 && random_looking {
                out.push_str(&"x".repeat(run.chars().count()));
            } else {
                out.push_str(run);
            }
            run.clear();
        };
        for c in text.chars() {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                run.push(c);
            } else {
                flush(&mut run, &mut out);
                out.push(if c.is_ascii_digit() { '0' } else { c });
            }
        }
        flush(&mut run, &mut out);
        out.chars().map(|c| if c.is_ascii_digit() { '0' } else { c }).collect()
    };
    if let Ok(report) = &mut run.result {
        for exchange in report.checks.iter_mut().flat_map(|check| check.exchanges.iter_mut()) {
            let response = &mut exchange.response;
            for (_, value) in &mut response.headers {
                *value = mask(value);
            }
            response.body = mask(&response.body);
        }
    }
    run
}

#[test]
fn after_the_solutions_step_3_checks_the_http_panel_shows_your_codes_exchanges_and_y_switches_to_the_engine()
{
    let (root, dir) = project(Some(3));
    let mut app = on_step(3, 80, 24);
    app.use_exercise_dir(dir.clone());
    let run = check_project(&dir, 3);
    assert!(run.result.as_ref().unwrap().passed(), "the solution passes step 3");
    tui_support::apply(&mut app, Action::ExerciseChecked(without_random_values(run)));
    focus(&mut app, "HTTP");
    let screen = masked(&app, root.path());
    assert!(screen.contains("HTTP · your code"), "{screen}");
    let text = focused_panel_text(&app);
    assert!(text.contains("From your code"), "{text}");
    assert!(text.contains("POST /api/auth HTTP/1.1"), "{text}");
    assert!(text.contains("← your code's response"), "{text}");
    insta::assert_snapshot!("exercise_step3_http_your_code_80x24", screen);

    press(&mut app, KeyCode::Char('y'));
    let engine = focused_panel_text(&app);
    assert!(!engine.contains("From your code"), "{engine}");
    assert!(!screen_text(&app).contains("your code ·") && !screen_text(&app).contains("HTTP · your code"));
    press(&mut app, KeyCode::Char('y'));
    assert!(focused_panel_text(&app).contains("From your code"));
}

#[test]
fn the_templates_failing_step_3_run_shows_your_codes_actual_status_in_the_http_panel() {
    let (_root, dir) = project(None);
    let mut app = on_step(3, 120, 40);
    checked(&mut app, &dir, 3);
    let report = app.exercise.reports.get(&3).expect("step 3 was checked");
    let login = report
        .checks
        .iter()
        .flat_map(|check| &check.exchanges)
        .find(|exchange| exchange.request.path == "/api/auth")
        .expect("the checks sent a login");
    let status = login.response.status;
    assert_ne!(status, 200, "the template does not log in");
    focus(&mut app, "HTTP");
    let text = focused_panel_text(&app);
    assert!(
        text.contains(&format!("HTTP/1.1 {status} ")),
        "the learner's own status {status} is shown: {text}"
    );
    let cookies = {
        focus(&mut app, "Cookies");
        focused_panel_text(&app)
    };
    assert!(cookies.contains("From your code"), "{cookies}");
}

#[test]
fn after_the_solutions_step_3_checks_token_and_cookies_show_what_your_login_sent() {
    let (_root, dir) = project(Some(3));
    let mut app = on_step(3, 120, 40);
    checked(&mut app, &dir, 3);
    focus(&mut app, "Token");
    let token = focused_panel_text(&app);
    assert!(token.contains("From your code"), "{token}");
    assert!(token.contains("payload (decoded"), "the learner's token is decoded: {token}");
    assert!(token.contains("\"sub\""), "{token}");
    focus(&mut app, "Cookies");
    let cookies = focused_panel_text(&app);
    assert!(cookies.contains("POST /api/auth → 200"), "{cookies}");
    assert!(cookies.contains("HttpOnly"), "{cookies}");
    focus(&mut app, "Sessions");
    assert!(focused_panel_text(&app).contains("Your session store is not shown here"));
}
