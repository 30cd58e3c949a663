//! Saved progress in the tutorial: done marks and the last screen survive a restart, the learner
//! is offered to continue, the quiz's best score is kept, and a failing disk never stops the app.

mod tui_support;

use jwt_session_tutor::app::Mode;
use jwt_session_tutor::app::{Action, App, AppOptions, Overlay};
use jwt_session_tutor::keymap;
use jwt_session_tutor::progress::{Progress, ProgressStore};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_support::{course, screen_text};

fn press(app: &mut App, code: KeyCode) {
    let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    if let Some(action) = keymap::action_for(&event, app.mode()) {
        tui_support::apply(app, action);
    }
}

/// What the event loop does after each event.
fn save(app: &mut App) {
    if let Some((store, progress)) = app.progress_to_save() {
        let result = store.save(&progress);
        app.progress_saved(result);
    }
}

/// A store whose folder cannot be created: a file sits where its parent folder should be. The
/// temporary directory must outlive the store.
fn unwritable_store() -> (tempfile::TempDir, ProgressStore) {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "a file where the folder should be").unwrap();
    let store = ProgressStore::at(blocker.join("jwt-session-tutor"));
    (dir, store)
}

fn start(store: &ProgressStore) -> App {
    let mut app = App::new(course(), tui_support::options(80, 24));
    let (progress, warning) = store.load();
    app.attach_progress(store.clone(), progress, warning);
    app
}

#[test]
fn progress_survives_a_restart_and_the_learner_may_continue() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProgressStore::at(dir.path());
    let mut first = start(&store);
    assert!(first.overlay.is_none(), "nothing to continue on a first run");
    for _ in 0..4 {
        press(&mut first, KeyCode::Char('n'));
        save(&mut first);
    }
    assert!(screen_text(&first).contains("Step 3 of 4"));
    let saved = store.load().0;
    assert_eq!(saved.last_screen.as_deref(), Some("step3-login"));
    // Seen: every screen opened. Done (saved as completed too): those with no task left; Step 1's
    // checkpoint was never answered, and no step's exercise was checked.
    assert!(
        ["welcome", "concept", "step1-data", "step2-config", "step3-login"]
            .iter()
            .all(|id| saved.is_seen(id))
    );
    assert!(saved.is_completed("welcome") && saved.is_completed("concept"));
    assert!(!saved.is_completed("step1-data") && !saved.is_completed("step2-config"));

    let mut second = start(&store);
    assert_eq!(second.mode(), Mode::Prompt);
    let text = screen_text(&second);
    assert!(text.contains("Welcome back"), "{text}");
    assert!(text.contains("Step 3 of 4 · Login"), "{text}");
    assert!(text.contains("2 of 8 screens done, 5 seen"), "{text}");
    assert!(text.contains("Enter y continue there"), "{text}");
    press(&mut second, KeyCode::Enter);
    assert!(screen_text(&second).lines().next().unwrap().contains("Step 3 of 4"));

    let mut third = start(&store);
    press(&mut third, KeyCode::Esc);
    assert_eq!(third.current, 0, "Esc starts at the beginning");
    assert!(screen_text(&third).contains("2 done"), "done marks are kept");
    press(&mut third, KeyCode::Char('g'));
    assert!(screen_text(&third).contains("✓  2. "), "{}", screen_text(&third));
    assert!(screen_text(&third).contains("◧  4. Step 2 of 4"), "its exercise is left");
}

#[test]
fn the_best_quiz_score_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProgressStore::at(dir.path());
    let mut app = start(&store);
    let quiz = app.screens.iter().position(|s| *s == jwt_session_tutor::app::Screen::Quiz).unwrap();
    tui_support::apply(&mut app, Action::GoTo(quiz));
    for answer in ['a', 'a', 'c'] {
        press(&mut app, KeyCode::Char(answer));
        press(&mut app, KeyCode::Enter);
        save(&mut app);
    }
    let saved = store.load().0;
    assert_eq!(saved.best_quiz.map(|b| (b.right, b.total)), Some((2, 3)));
    assert!(saved.is_completed("quiz"));
    // A perfect retry of the one missed question is not a better score than 2/3 of the quiz.
    press(&mut app, KeyCode::Char('r'));
    press(&mut app, KeyCode::Char('b'));
    press(&mut app, KeyCode::Enter);
    save(&mut app);
    assert_eq!(store.load().0.best_quiz.map(|b| (b.right, b.total)), Some((2, 3)));
    press(&mut app, KeyCode::Enter);
    let text = screen_text(&app);
    assert!(text.contains("Quiz: 2/3 this time, best 2/3."), "{text}");
}

#[test]
fn a_damaged_progress_file_is_set_aside_and_the_learner_is_told() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("progress.json"), "{ not json").unwrap();
    let store = ProgressStore::at(dir.path());
    let mut app = start(&store);
    let text = screen_text(&app);
    assert!(text.contains("was damaged"), "{text}");
    assert!(text.contains("starting fresh"), "{text}");
    press(&mut app, KeyCode::Char('n'));
    assert!(!screen_text(&app).contains("damaged"), "the message goes with the next key");
}

#[test]
fn an_unwritable_progress_folder_gives_a_warning_and_the_tutorial_goes_on() {
    let (_dir, store) = unwritable_store();
    let mut app = start(&store);
    press(&mut app, KeyCode::Char('n'));
    save(&mut app);
    let text = screen_text(&app);
    assert!(text.contains("could not save progress"), "{text}");
    assert!(text.contains("JWT or session"), "the screen is still there: {text}");
    press(&mut app, KeyCode::Char('n'));
    assert!(screen_text(&app).lines().next().unwrap().contains("Step 1 of 4"));
}

#[test]
fn ids_not_in_this_course_are_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProgressStore::at(dir.path());
    let mut progress = Progress::default();
    progress.mark_completed("a-lesson-a-teacher-removed");
    progress.set_last_screen("also-gone");
    store.save(&progress).unwrap();
    let app = start(&store);
    // Only the screen open now, the welcome, is seen (and, having no tasks, done).
    assert_eq!(app.seen.iter().copied().collect::<Vec<_>>(), vec![0]);
    assert_eq!(app.done.iter().copied().collect::<Vec<_>>(), vec![0]);
    assert!(!matches!(app.overlay, Some(Overlay::Resume { .. })));
}

#[test]
fn reaching_the_summary_completes_it_so_the_whole_course_can_be_done() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProgressStore::at(dir.path());
    let mut app = start(&store);
    let last = app.screens.len() - 1;
    tui_support::apply(&mut app, Action::GoTo(last));
    save(&mut app);
    assert!(app.done.contains(&last), "there is no next screen to move on to");
    assert!(store.load().0.is_completed("summary"));
}

#[test]
fn a_save_failure_is_said_once_not_on_every_screen() {
    let (_dir, store) = unwritable_store();
    let mut app = start(&store);
    press(&mut app, KeyCode::Char('n'));
    save(&mut app);
    assert!(screen_text(&app).contains("could not save progress"));
    for _ in 0..3 {
        press(&mut app, KeyCode::Char('n'));
        save(&mut app);
        let text = screen_text(&app);
        assert!(!text.contains("could not save progress"), "the same warning again: {text}");
    }
}

#[test]
fn a_long_progress_warning_is_shown_whole_at_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("a-rather-long-folder-name-for-the-state-directory/and-another-level");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("progress.json"), "{ not json").unwrap();
    let store = ProgressStore::at(&deep);
    let app = start(&store);
    let text = screen_text(&app).split_whitespace().collect::<Vec<_>>().join(" ");
    let warning = text.split("saved progress at").nth(1).expect("the warning is on screen");
    assert!(warning.contains("starting fresh"), "the end of the warning was cut off: {warning}");
}

/// The questions and answers of the app's quiz so far, as (id, chosen letter, hint noted).
fn quiz_answers(app: &App) -> Vec<(String, Option<(char, bool)>)> {
    let session = &app.practice.as_ref().expect("a quiz").session;
    (0..session.len())
        .map(|index| {
            let view = session.view(index).unwrap();
            (view.question.id.clone(), view.feedback.map(|f| (f.chosen_letter(), f.hint_used)))
        })
        .collect()
}

#[test]
fn quitting_mid_quiz_keeps_its_place_and_the_next_start_resumes_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProgressStore::at(dir.path());
    let mut first = start(&store);
    let quiz = first.screens.iter().position(|s| *s == jwt_session_tutor::app::Screen::Quiz).unwrap();
    tui_support::apply(&mut first, Action::GoTo(quiz));
    for key in ['h', 'a'] {
        press(&mut first, KeyCode::Char(key));
    }
    press(&mut first, KeyCode::Enter);
    press(&mut first, KeyCode::Char('b'));
    save(&mut first);
    press(&mut first, KeyCode::Char('q'));
    assert!(first.should_quit, "the answers are saved: q quits without asking");
    save(&mut first);
    let answered = quiz_answers(&first);
    assert!(
        answered[0].1 == Some(('A', true)) && answered[1].1 == Some(('B', false)) && answered[2].1.is_none()
    );

    // The next start offers to continue at the quiz, which is where it was: question 3, the two
    // answers (and the hint) given, the same questions in the same order.
    let mut second = start(&store);
    assert!(matches!(second.overlay, Some(Overlay::Resume { .. })));
    press(&mut second, KeyCode::Enter);
    assert_eq!(second.current, quiz);
    assert_eq!(quiz_answers(&second), answered);
    let text = screen_text(&second);
    assert!(text.contains("Question 3 of 3"), "{text}");

    // In a classroom the learner's quiz is neither resumed nor overwritten.
    let mut room = App::new(course(), AppOptions { classroom: true, ..tui_support::options(80, 24) });
    let (progress, warning) = store.load();
    room.attach_progress(store.clone(), progress, warning);
    tui_support::apply(&mut room, Action::GoTo(quiz));
    assert!(quiz_answers(&room).iter().all(|(_, answer)| answer.is_none()), "a fresh quiz for the room");
    press(&mut room, KeyCode::Char('c'));
    press(&mut room, KeyCode::Enter);
    save(&mut room);
    assert_eq!(store.load().0.quiz_to_resume().map(|record| record.answers.len()), Some(2));

    // Finished, there is nothing left to resume: the next quiz starts afresh.
    press(&mut second, KeyCode::Char('a'));
    press(&mut second, KeyCode::Enter);
    save(&mut second);
    assert!(second.practice.as_ref().unwrap().session.is_finished());
    assert_eq!(store.load().0.quiz_to_resume(), None);
    let mut third = start(&store);
    tui_support::apply(&mut third, Action::GoTo(quiz));
    assert!(quiz_answers(&third).iter().all(|(_, answer)| answer.is_none()), "a new quiz");
}
