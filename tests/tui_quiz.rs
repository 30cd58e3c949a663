//! The practice quiz screen, played with the keys a learner uses.

mod tui_support;

use jwt_session_tutor::app::Mode;
use jwt_session_tutor::app::{Action, App, AppOptions};
use jwt_session_tutor::keymap;
use jwt_session_tutor::lessons;
use jwt_session_tutor::progress::ProgressStore;
use jwt_session_tutor::quiz::OptionOrder;
use jwt_session_tutor::quiz::draw::QuizMode;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_support::{course, focused_panel_text, screen_text};

fn quiz_app(options: AppOptions) -> App {
    let mut app = App::new(course(), options);
    let quiz = app.screens.iter().position(|s| *s == jwt_session_tutor::app::Screen::Quiz).unwrap();
    tui_support::apply(&mut app, Action::GoTo(quiz));
    app
}

fn press(app: &mut App, code: KeyCode) {
    let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    if let Some(action) = keymap::action_for(&event, app.mode()) {
        tui_support::apply(app, action);
    }
}

#[test]
fn the_quiz_sits_between_the_labs_and_the_summary() {
    let app = quiz_app(tui_support::options(80, 24));
    assert_eq!(app.mode(), Mode::Quiz);
    let header = screen_text(&app).lines().next().unwrap().to_string();
    assert!(header.contains("Practice quiz"), "{header}");
    assert_eq!(app.screen_label(app.current + 1), "Summary");
}

#[test]
fn a_letter_answers_and_the_feedback_explains_every_option() {
    let mut app = quiz_app(tui_support::options(120, 40));
    let text = screen_text(&app);
    assert!(text.contains("Question 1 of 3 · easy · sessions"), "{text}");
    assert!(text.contains("Where does a server-side session keep the user id?"), "{text}");
    press(&mut app, KeyCode::Char('a'));
    let text = screen_text(&app);
    assert!(text.contains("✓ Right: A"), "{text}");
    assert!(text.contains("Right: the cookie holds only a random id."), "{text}");
    assert!(text.contains("No: that describes a JWT payload."), "{text}");
    assert!(text.contains("solution step for where-state-lives"), "{text}");
    assert!(text.contains("common mistake for where-state-lives"), "{text}");
    assert!(text.contains("Enter next question"), "the footer says what Enter does: {text}");
    // A second letter does not change a marked answer.
    press(&mut app, KeyCode::Char('b'));
    assert!(screen_text(&app).contains("✓ Right: A"));
    press(&mut app, KeyCode::Enter);
    assert!(screen_text(&app).contains("Question 2 of 3 · medium"));
}

#[test]
fn digits_and_arrows_with_enter_answer_too_and_a_wrong_answer_names_the_right_one() {
    let mut app = quiz_app(tui_support::options(120, 40));
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Enter);
    // Question 2's answer is B; choose C with the arrows.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    assert!(screen_text(&app).contains("▶ C. Neither"));
    press(&mut app, KeyCode::Enter);
    let text = screen_text(&app);
    assert!(text.contains("✗ Not this one: you chose C, the answer is B"), "{text}");
    assert!(text.contains("✓ B. A copy of the JWT"), "{text}");
    assert!(text.contains("✗ C. Neither"), "{text}");
}

#[test]
fn h_shows_the_hint_and_it_is_counted() {
    let mut app = quiz_app(tui_support::options(120, 40));
    press(&mut app, KeyCode::Char('h'));
    assert!(screen_text(&app).contains("Hint: hint for where-state-lives"));
    assert_eq!(app.mode(), Mode::Quiz, "h is the hint here, not a way back");
    press(&mut app, KeyCode::Char('a'));
    assert!(screen_text(&app).contains("✓ Right: A (with the hint)"));
    // ← and p still go back a screen.
    press(&mut app, KeyCode::Char('p'));
    assert_ne!(app.mode(), Mode::Quiz);
}

#[test]
fn the_score_has_a_breakdown_a_review_of_misses_and_a_retry() {
    let mut app = quiz_app(tui_support::options(120, 40));
    for answer in ['a', 'a', 'c'] {
        press(&mut app, KeyCode::Char(answer));
        press(&mut app, KeyCode::Enter);
    }
    let text = focused_panel_text(&app);
    assert!(text.contains("Score: 2/3 (66%)"), "{text}");
    assert!(text.contains("easy   1/1  ■"), "{text}");
    assert!(text.contains("medium 0/1  □"), "{text}");
    assert!(text.contains("hard   1/1  ■"), "{text}");
    assert!(text.contains("Review: the 1 you missed"), "{text}");
    assert!(text.contains("✗ you: A. The session cookie No: logout deleted the session."), "{text}");
    assert!(text.contains("✓ answer: B. A copy of the JWT"), "{text}");
    assert!(app.done.contains(&app.current), "a finished quiz is done");
    assert!(screen_text(&app).contains("r retry missed"));
    press(&mut app, KeyCode::Char('r'));
    let text = screen_text(&app);
    assert!(text.contains("Question 1 of 1 · medium · sessions · retry round 1"), "{text}");
    press(&mut app, KeyCode::Char('b'));
    press(&mut app, KeyCode::Enter);
    let text = focused_panel_text(&app);
    assert!(text.contains("Retry score: 1/1"), "{text}");
    assert!(text.contains("first try: 2/3"), "{text}");
    press(&mut app, KeyCode::Enter);
    assert!(screen_text(&app).lines().next().unwrap().contains("Summary"));
}

#[test]
fn classroom_mode_waits_for_the_reveal() {
    let mut app = quiz_app(AppOptions { classroom: true, ..tui_support::options(120, 40) });
    press(&mut app, KeyCode::Char('b'));
    let text = screen_text(&app);
    assert!(text.contains("(chosen: B)"), "{text}");
    assert!(!text.contains("Not this one"), "{text}");
    assert!(text.contains("Enter reveal"), "{text}");
    press(&mut app, KeyCode::Char('a'));
    press(&mut app, KeyCode::Enter);
    assert!(screen_text(&app).contains("✓ Right: A"));
}

#[test]
fn shuffled_options_are_still_marked_against_the_right_option() {
    for seed in 0..20 {
        let mut app = quiz_app(AppOptions {
            option_order: OptionOrder::Shuffled { seed },
            ..tui_support::options(120, 40)
        });
        let practice = app.practice.as_ref().unwrap();
        let view = practice.session.current().unwrap();
        let right =
            view.options.iter().position(|o| o.option.text == "On the server, in the session store").unwrap();
        tui_support::apply(&mut app, Action::Choose(right));
        let text = screen_text(&app);
        assert!(text.contains("✓ Right"), "seed {seed}: {text}");
    }
}

#[test]
fn the_built_in_quiz_plays_on_the_quiz_screen() {
    let course = lessons::builtin().expect("built-in lessons load");
    let mut app = App::new(course, tui_support::options(80, 24));
    let quiz = app.screens.iter().position(|s| *s == jwt_session_tutor::app::Screen::Quiz).unwrap();
    tui_support::apply(&mut app, Action::GoTo(quiz));
    assert!(screen_text(&app).contains("Question 1 of 10 · easy"), "the exam: 10 of the bank");
    for _ in 0..10 {
        press(&mut app, KeyCode::Char('a'));
        press(&mut app, KeyCode::Enter);
    }
    assert!(focused_panel_text(&app).contains("/10 ("));
}

fn footer(app: &App) -> String {
    screen_text(app).lines().last().unwrap().to_string()
}

#[test]
fn the_footer_offers_answer_and_hint_keys_only_while_a_question_is_open() {
    let mut app = quiz_app(tui_support::options(120, 40));
    assert!(footer(&app).contains("A-D 1-4 answer"), "{}", footer(&app));
    assert!(footer(&app).contains("h hint"), "{}", footer(&app));
    press(&mut app, KeyCode::Char('a'));
    assert!(!footer(&app).contains("A-D 1-4"), "letters do nothing now: {}", footer(&app));
    assert!(!footer(&app).contains("h hint"), "{}", footer(&app));
    assert!(footer(&app).contains("Enter next question"), "{}", footer(&app));
    for answer in ['a', 'a'] {
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Char(answer));
    }
    press(&mut app, KeyCode::Enter);
    assert!(focused_panel_text(&app).contains("Score:"));
    assert!(!footer(&app).contains("A-D 1-4"), "{}", footer(&app));
    assert!(!footer(&app).contains("h hint"), "{}", footer(&app));
}

#[test]
fn at_80_columns_the_quiz_footer_keeps_next_and_help_through_question_feedback_and_score() {
    for quiz_mode in [QuizMode::Exam, QuizMode::Practice] {
        let mut app = quiz_app(AppOptions { quiz_mode, ..tui_support::options(80, 24) });
        let check = |app: &App, state: &str| {
            let footer = footer(app);
            assert!(footer.contains("→ n next"), "{quiz_mode:?} {state}: {footer}");
            assert!(footer.contains("? F1 help"), "{quiz_mode:?} {state}: {footer}");
        };
        check(&app, "question");
        press(&mut app, KeyCode::Char('a'));
        check(&app, "feedback");
        for _ in 0..10 {
            if focused_panel_text(&app).contains("Score:") {
                break;
            }
            press(&mut app, KeyCode::Enter);
            press(&mut app, KeyCode::Char('a'));
        }
        assert!(focused_panel_text(&app).contains("Score:"), "{}", focused_panel_text(&app));
        check(&app, "score");
    }
}

#[test]
fn in_classroom_mode_a_letter_only_chooses_and_the_footer_says_so() {
    let mut options = tui_support::options(120, 40);
    options.classroom = true;
    let app = quiz_app(options);
    assert!(footer(&app).contains("A-D 1-4 choose"), "{}", footer(&app));
    assert!(footer(&app).contains("Enter reveal"), "{}", footer(&app));
}

/// The quiz screen with saved progress in `store`.
fn quiz_app_with(store: &ProgressStore, options: AppOptions) -> App {
    let mut app = quiz_app(options);
    let (progress, warning) = store.load();
    app.attach_progress(store.clone(), progress, warning);
    app
}

/// What the event loop does after each event.
fn save(app: &mut App) {
    if let Some((store, progress)) = app.progress_to_save() {
        let result = store.save(&progress);
        app.progress_saved(result);
    }
}

#[test]
fn the_exam_shows_its_seed_and_m_switches_to_practice_and_back() {
    let mut app = quiz_app(AppOptions {
        option_order: OptionOrder::Shuffled { seed: 7 },
        ..tui_support::options(120, 40)
    });
    let text = screen_text(&app);
    assert!(
        text.contains("Exam · seed 7 · m practice (`quiz --seed 7` gives the same questions and letters)"),
        "{text}"
    );
    assert!(footer(&app).contains("m practice"), "{}", footer(&app));
    press(&mut app, KeyCode::Char('m'));
    let text = screen_text(&app);
    assert!(text.contains("Practice · missed questions first, then those not seen for longest"), "{text}");
    assert!(text.contains("Question 1 of 3 · "), "all three, none seen yet: {text}");
    assert!(footer(&app).contains("m exam"), "{}", footer(&app));
    press(&mut app, KeyCode::Char('m'));
    assert!(screen_text(&app).contains("Exam · seed 7"));
}

#[test]
fn answers_move_the_boxes_and_practice_brings_the_missed_question_first() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProgressStore::at(dir.path());
    let mut app = quiz_app_with(&store, tui_support::options(120, 40));
    for answer in ['a', 'a', 'c'] {
        press(&mut app, KeyCode::Char(answer));
        save(&mut app);
        press(&mut app, KeyCode::Enter);
        save(&mut app);
    }
    let saved = store.load().0;
    assert_eq!(saved.best_quiz.map(|best| (best.right, best.total)), Some((2, 3)));
    assert_eq!(saved.quiz_boxes["where-state-lives"].level, 2);
    assert_eq!(saved.quiz_boxes["logout"].level, 1, "missed: back to box 1");
    // The next run, in practice mode: the missed question comes first, the known ones after it.
    let mut next = App::new(
        course(),
        AppOptions { start_at_quiz: true, quiz_mode: QuizMode::Practice, ..tui_support::options(120, 40) },
    );
    let (progress, warning) = store.load();
    next.attach_progress(store.clone(), progress, warning);
    tui_support::apply(&mut next, Action::Resize { width: 120, height: 40 });
    let text = screen_text(&next);
    assert!(text.contains("Question 1 of 3 · medium · sessions"), "{text}");
    assert!(text.contains("After logout, what still works until it expires?"), "{text}");
    // A practice round moves boxes but is not an exam score.
    press(&mut next, KeyCode::Char('b'));
    save(&mut next);
    assert_eq!(store.load().0.quiz_boxes["logout"].level, 2);
}

#[test]
fn classroom_mode_saves_no_score_and_no_boxes() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProgressStore::at(dir.path());
    let mut app = quiz_app_with(&store, AppOptions { classroom: true, ..tui_support::options(120, 40) });
    for answer in ['a', 'b', 'c'] {
        press(&mut app, KeyCode::Char(answer));
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Enter);
        save(&mut app);
    }
    assert!(focused_panel_text(&app).contains("Score: 3/3"), "{}", focused_panel_text(&app));
    let saved = store.load().0;
    assert_eq!(saved.best_quiz, None);
    assert!(saved.quiz_boxes.is_empty(), "{saved:?}");
}

/// At 80 columns the footer's `m practice` gives way to navigation; the exam's own line still
/// names it, so practice mode can be found.
#[test]
fn at_80_columns_the_exam_line_names_m_practice() {
    let mut app = quiz_app(AppOptions {
        option_order: OptionOrder::Shuffled { seed: 7 },
        ..tui_support::options(80, 24)
    });
    assert!(!footer(&app).contains("m practice"), "the footer has no room: {}", footer(&app));
    let text = screen_text(&app);
    assert!(text.contains("Exam · seed 7 · m practice (`quiz --seed 7`"), "on one row: {text}");
    press(&mut app, KeyCode::Char('m'));
    let text = screen_text(&app);
    assert!(
        text.contains("Practice · missed questions first, then those not seen for longest · m exam"),
        "{text}"
    );
}
