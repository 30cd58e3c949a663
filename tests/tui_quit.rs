//! Quitting safely: q and Esc ask first when a login, a lab or an unfinished quiz would be lost,
//! Esc Esc (leave an edit, then once more) cannot lose them unasked, Ctrl-C still quits at once;
//! and `--classroom` never records the teacher's key presses as a learner's score.

mod tui_support;

use jwt_session_tutor::app::{Action, App, AppOptions, Mode, Overlay, Screen};
use jwt_session_tutor::keymap;
use jwt_session_tutor::progress::ProgressStore;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_support::{focus, screen_text};

const STEP3: usize = 4;

fn key(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    let event = Event::Key(KeyEvent::new(code, modifiers));
    if let Some(action) = keymap::action_for(&event, app.mode()) {
        tui_support::apply(app, action);
    }
}

fn press(app: &mut App, code: KeyCode) {
    key(app, code, KeyModifiers::NONE);
}

fn logged_in() -> App {
    let mut app = tui_support::ready_app(100, 30);
    tui_support::apply(&mut app, Action::GoTo(STEP3));
    focus(&mut app, "Login");
    press(&mut app, KeyCode::Enter);
    app.run_jobs_inline();
    tui_support::draw(&mut app);
    assert!(app.engine.token.is_some(), "logged in");
    app
}

#[test]
fn with_nothing_to_lose_q_quits_at_once() {
    let mut app = tui_support::app(80, 24);
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit);
}

#[test]
fn after_a_login_q_asks_and_n_stays_with_the_login_intact() {
    let mut app = logged_in();
    press(&mut app, KeyCode::Char('q'));
    assert!(!app.should_quit, "a login would be lost");
    assert_eq!(app.mode(), Mode::ConfirmQuit);
    let text = screen_text(&app);
    assert!(text.contains("Quit?") && text.contains("your login"), "{text}");
    assert!(text.contains("n or Esc stays"), "{text}");
    press(&mut app, KeyCode::Char('n'));
    assert!(!app.should_quit && app.overlay.is_none());
    assert!(app.engine.token.is_some(), "the login is still there");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    assert!(app.should_quit, "y on the question quits");
}

#[test]
fn esc_esc_leaving_an_edit_then_once_more_asks_before_losing_a_login() {
    let mut app = logged_in();
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(app.mode(), Mode::Editing);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Browse, "the first Esc leaves the edit");
    press(&mut app, KeyCode::Esc);
    assert!(!app.should_quit, "the second Esc asks");
    assert!(matches!(app.overlay, Some(Overlay::ConfirmQuit { .. })));
    press(&mut app, KeyCode::Esc);
    assert!(!app.should_quit && app.overlay.is_none(), "a third Esc stays");
    assert!(app.engine.token.is_some());
}

#[test]
fn ctrl_c_quits_at_once_even_with_a_login_or_while_editing() {
    let mut app = logged_in();
    key(&mut app, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(app.should_quit);
    let mut editing = logged_in();
    press(&mut editing, KeyCode::Char('e'));
    key(&mut editing, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(editing.should_quit);
}

fn quiz_app(options: AppOptions) -> App {
    let mut app = tui_support::started(App::new(tui_support::course(), options));
    let quiz = app.screens.iter().position(|s| *s == Screen::Quiz).unwrap();
    tui_support::apply(&mut app, Action::GoTo(quiz));
    app
}

#[test]
fn an_unfinished_quiz_asks_and_a_finished_one_does_not() {
    let mut app = quiz_app(tui_support::options(100, 30));
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit, "no question answered yet: nothing to lose");

    let mut app = quiz_app(tui_support::options(100, 30));
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Char('q'));
    assert!(!app.should_quit);
    assert!(screen_text(&app).contains("the quiz answers so far"));
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit, "q on the question quits");

    let mut app = quiz_app(tui_support::options(100, 30));
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('a'));
        press(&mut app, KeyCode::Enter);
    }
    assert!(app.practice.as_ref().unwrap().session.is_finished());
    press(&mut app, KeyCode::Char('q'));
    assert!(app.should_quit, "a finished quiz is saved: nothing to lose");
}

fn finish_quiz_with_a_store(options: AppOptions) -> ProgressStore {
    let dir = tempfile::tempdir().unwrap().keep();
    let store = ProgressStore::at(&dir);
    let mut app = quiz_app(options);
    let (progress, warning) = store.load();
    app.attach_progress(store.clone(), progress, warning);
    // A letter answers (a learner) or chooses and Enter reveals (a classroom); Enter goes on.
    for _ in 0..6 {
        press(&mut app, KeyCode::Char('a'));
        press(&mut app, KeyCode::Enter);
    }
    assert!(app.practice.as_ref().unwrap().session.is_finished());
    if let Some((store, progress)) = app.progress_to_save() {
        store.save(&progress).unwrap();
    }
    store
}

#[test]
fn classroom_and_presenter_modes_never_write_a_score() {
    let learner = finish_quiz_with_a_store(tui_support::options(100, 30));
    assert!(learner.load().0.best_quiz.is_some(), "a learner's finished quiz is scored");
    let classroom = finish_quiz_with_a_store(AppOptions { classroom: true, ..tui_support::options(100, 30) });
    assert_eq!(classroom.load().0.best_quiz, None, "--classroom wrote a score");
    let presenter = finish_quiz_with_a_store(AppOptions { presenter: true, ..tui_support::options(100, 30) });
    assert_eq!(presenter.load().0.best_quiz, None, "--presenter wrote a score");
    for (store, what) in [(classroom, "--classroom"), (presenter, "--presenter")] {
        let progress = store.load().0;
        assert!(
            progress.quiz_boxes.is_empty() && progress.quiz_in_progress.is_none(),
            "{what}: {progress:?}"
        );
    }
}

#[test]
fn a_half_done_quiz_that_is_saved_as_it_goes_quits_without_asking_a_classroom_asks() {
    for (options, asks) in [
        (tui_support::options(100, 30), false),
        (AppOptions { classroom: true, ..tui_support::options(100, 30) }, true),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let store = ProgressStore::at(dir.path());
        let mut app = quiz_app(options);
        let (progress, warning) = store.load();
        app.attach_progress(store, progress, warning);
        press(&mut app, KeyCode::Char('a'));
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Char('q'));
        assert_eq!(app.should_quit, !asks, "{}", screen_text(&app));
    }
}
