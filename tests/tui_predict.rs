//! Predict, then see; checkpoints; done means done. Driven through `App::update` on the built-in
//! course as a learner would: keys go through the keymap, argon2 jobs run inline, the screen is
//! read back.

mod tui_support;

use jwt_session_tutor::app::panels::scaling::ScalingItem;
use jwt_session_tutor::app::panels::scenarios::Scenario;
use jwt_session_tutor::app::predictions::{Check, Outcome, Subject, Verdict};
use jwt_session_tutor::app::{Action, App, AppOptions, Mode, PanelId};
use jwt_session_tutor::keymap;
use jwt_session_tutor::lessons::{self, LessonKind, PanelKind};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_support::{focus, focused_panel_text, mask_timings, screen_text};

fn builtin_app(options: AppOptions) -> App {
    let course = lessons::builtin().expect("the built-in lessons load");
    let mut app = App::new(course, options);
    app.run_jobs_inline();
    tui_support::draw(&mut app);
    app
}

fn predicting(width: u16, height: u16) -> App {
    builtin_app(AppOptions { predict: true, ..tui_support::options(width, height) })
}

fn press(app: &mut App, code: KeyCode) {
    let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
    if let Some(action) = keymap::action_for(&event, app.mode()) {
        tui_support::apply(app, action);
    }
}

fn step4(app: &mut App) {
    let index = app.screen_of_step(4).expect("the course has a Step 4");
    tui_support::apply(app, Action::GoTo(index));
    focus(app, "Scenarios");
}

fn choose_scenario(app: &mut App, scenario: Scenario) {
    press(app, KeyCode::Home);
    for _ in 0..Scenario::ALL.iter().position(|s| *s == scenario).unwrap() {
        press(app, KeyCode::Down);
    }
    assert_eq!(app.selected_scenario(), scenario);
}

/// The key that picks choice `index` on the prompt.
fn letter(index: usize) -> KeyCode {
    KeyCode::Char((b'a' + index as u8) as char)
}

/// The statuses an outcome stands for, in request order.
fn statuses(outcome: Outcome) -> Vec<u16> {
    let status = |verdict: Verdict| match verdict {
        Verdict::Accepted { .. } | Verdict::OkButAnonymous => 200,
        Verdict::Refused(_) => 401,
    };
    match outcome {
        Outcome::One(verdict) => vec![status(verdict)],
        Outcome::Two(first, second) => vec![status(first), status(second)],
    }
}

/// Text with every run of whitespace made one space, so wrapped lines read as one.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn screen_index(app: &App, panel: PanelKind) -> usize {
    (0..app.screens.len())
        .find(|&index| app.lesson_of(app.screens[index]).is_some_and(|lesson| lesson.panels.contains(&panel)))
        .expect("a screen with that panel")
}

#[test]
fn every_scenario_is_predicted_and_marked_right_exactly_when_the_prediction_is_the_real_response() {
    let mut app = predicting(120, 40);
    step4(&mut app);
    let mut right = 0;
    for scenario in Scenario::ALL {
        choose_scenario(&mut app, scenario);
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.mode(), Mode::Predict, "{scenario:?}: Enter asks first");
        assert!(
            app.engine.scenario_run(scenario).is_none(),
            "{scenario:?}: nothing is sent before the prediction"
        );
        let prompt = app.predictions.prompt.clone().expect("a prompt");
        assert!((2..=4).contains(&prompt.choices.len()), "{scenario:?}: {:?}", prompt.choices);
        let text = words(&focused_panel_text(&app));
        assert!(text.contains("Predict first"), "{text}");
        for choice in &prompt.choices {
            assert!(text.contains(&choice.describe(prompt.subject)), "{scenario:?}: {text}");
        }

        press(&mut app, letter(0));
        app.run_jobs_inline();
        tui_support::draw(&mut app);
        let run = app.engine.scenario_run(scenario).expect("the scenario ran after the prediction");
        let made = app.predictions.last(Subject::Scenario(scenario)).expect("the prediction is kept");
        let actual = made.actual.expect("settled once the server answered");
        // The real response, read from the engine's own exchanges, is what the prediction is marked against.
        assert_eq!(Some(actual), Outcome::of_exchanges(&run.exchanges), "{scenario:?}");
        assert_eq!(made.is_right(), Some(made.predicted() == actual), "{scenario:?}");
        // One of the offered choices is the real response, and it says the statuses the engine sent.
        let right_choice = prompt.choices.iter().position(|choice| *choice == actual);
        assert!(right_choice.is_some(), "{scenario:?}: the real outcome {actual:?} was not offered");
        assert_eq!(statuses(actual), run.get_statuses(), "{scenario:?}");
        assert_eq!(run.get_statuses(), scenario.expected_statuses(), "{scenario:?}");
        right += usize::from(made.is_right() == Some(true));

        let text = words(&focused_panel_text(&app));
        assert!(text.contains("you predicted A."), "{text}");
        let verdict = if made.is_right() == Some(true) {
            "✓ right, the server:"
        } else {
            "✗ not this time, the server:"
        };
        assert!(text.contains(verdict), "{scenario:?}: {text}");
        assert!(text.contains(&actual.describe(Subject::Scenario(scenario))), "{text}");
    }
    let tally = app.predictions.tally[&app.current];
    assert_eq!((tally.right, tally.made), (right, Scenario::ALL.len()));
}

#[test]
fn the_checks_a_refusal_names_are_the_ones_the_lesson_teaches() {
    let mut app = predicting(120, 40);
    step4(&mut app);
    for (scenario, check) in [
        (Scenario::Neither, Check::NoCredentials),
        (Scenario::EditedClaim, Check::Signature),
        (Scenario::OtherSecret, Check::Signature),
        (Scenario::Expired, Check::Expiry),
        (Scenario::AlgNone, Check::Algorithm),
        (Scenario::UnknownSession, Check::SessionLookup),
    ] {
        choose_scenario(&mut app, scenario);
        press(&mut app, KeyCode::Enter);
        let choices = app.predictions.prompt.clone().unwrap().choices;
        let index = choices.iter().position(|c| *c == Outcome::One(Verdict::Refused(check))).unwrap();
        press(&mut app, letter(index));
        app.run_jobs_inline();
        assert_eq!(
            app.predictions.last(Subject::Scenario(scenario)).unwrap().is_right(),
            Some(true),
            "{scenario:?}"
        );
        press(&mut app, KeyCode::Char('0'));
    }
}

#[test]
fn right_and_wrong_predictions_are_counted_per_screen_and_shown_in_the_summary() {
    let mut app = predicting(120, 40);
    step4(&mut app);
    choose_scenario(&mut app, Scenario::Neither);
    let no_credentials = Outcome::One(Verdict::Refused(Check::NoCredentials));
    for pick_right in [true, false] {
        press(&mut app, KeyCode::Enter);
        let choices = app.predictions.prompt.clone().unwrap().choices;
        let index = choices.iter().position(|c| (*c == no_credentials) == pick_right).unwrap();
        press(&mut app, letter(index));
    }
    let step4_screen = app.current;
    let tally = app.predictions.tally[&step4_screen];
    assert_eq!((tally.right, tally.made), (1, 2));

    let summary = app.screens.len() - 1;
    tui_support::apply(&mut app, Action::GoTo(summary));
    focus(&mut app, "Lesson");
    let text = focused_panel_text(&app).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Predictions: 1 of 2 right this time"), "{text}");
    assert!(text.contains(&format!("{} 1/2", app.screen_label(step4_screen))), "{text}");
}

#[test]
fn esc_cancels_a_prediction_and_sends_nothing() {
    let mut app = predicting(80, 24);
    step4(&mut app);
    choose_scenario(&mut app, Scenario::Bearer);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Predict);
    assert!(screen_text(&app).contains("Esc cancel"), "{}", screen_text(&app));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.mode(), Mode::Browse);
    assert!(!app.should_quit, "Esc on the prompt cancels, it does not quit");
    app.run_jobs_inline();
    assert!(app.engine.scenario_run(Scenario::Bearer).is_none());
    assert!(app.predictions.made.is_empty());
}

#[test]
fn no_predict_and_the_p_key_run_at_once_for_a_teacher_who_demonstrates() {
    let mut app = builtin_app(tui_support::options(120, 40));
    step4(&mut app);
    choose_scenario(&mut app, Scenario::Neither);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Browse, "--no-predict: no prompt");
    assert!(app.engine.scenario_run(Scenario::Neither).is_some());

    let mut app = predicting(120, 40);
    step4(&mut app);
    choose_scenario(&mut app, Scenario::Neither);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Predict);
    press(&mut app, KeyCode::Char('P'));
    assert_eq!(app.mode(), Mode::Browse, "P closes the prompt and turns predictions off");
    assert!(screen_text(&app).contains("Predictions off"), "{}", screen_text(&app));
    press(&mut app, KeyCode::Enter);
    assert!(app.engine.scenario_run(Scenario::Neither).is_some());
    assert!(app.predictions.made.is_empty(), "nothing is counted without a prediction");
    press(&mut app, KeyCode::Char('P'));
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Predict, "P turns them back on");
}

#[test]
fn scaling_lab_requests_are_predicted_against_the_instance_that_answers() {
    let mut app = predicting(120, 40);
    let lab = screen_index(&app, PanelKind::Scaling);
    tui_support::apply(&mut app, Action::GoTo(lab));
    focus(&mut app, "Scaling");
    let select = |app: &mut App, item: ScalingItem| {
        press(app, KeyCode::Home);
        for _ in 0..ScalingItem::ALL.iter().position(|i| *i == item).unwrap() {
            press(app, KeyCode::Down);
        }
    };
    select(&mut app, ScalingItem::Login);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Browse, "logging in is not a prediction");
    app.run_jobs_inline();

    // Round robin: the login went to A, so the cookie lands on B, which never saw the session.
    select(&mut app, ScalingItem::RequestWithCookie);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.mode(), Mode::Predict);
    let choices = app.predictions.prompt.clone().unwrap().choices;
    let session_lookup = Outcome::One(Verdict::Refused(Check::SessionLookup));
    press(&mut app, letter(choices.iter().position(|c| *c == session_lookup).unwrap()));
    let entry = app.labs.scaling.view.log.last().unwrap();
    assert_eq!(entry.status(), 401, "{}", entry.line());
    let made = app.predictions.last(Subject::Scaling(ScalingItem::RequestWithCookie)).unwrap();
    assert_eq!(made.is_right(), Some(true));
    let text = words(&focused_panel_text(&app));
    assert!(text.contains("✓ right, the server: 401 at the session lookup"), "{text}");

    // The JWT needs no lookup: B accepts it. Predicting a 401 is counted wrong.
    select(&mut app, ScalingItem::RequestWithJwt);
    press(&mut app, KeyCode::Enter);
    let choices = app.predictions.prompt.clone().unwrap().choices;
    let refused = choices.iter().position(|c| matches!(c, Outcome::One(Verdict::Refused(_)))).unwrap();
    press(&mut app, letter(refused));
    assert_eq!(app.labs.scaling.view.log.last().unwrap().status(), 200);
    let tally = app.predictions.tally[&lab];
    assert_eq!((tally.right, tally.made), (1, 2));
}

#[test]
fn moving_through_every_screen_marks_them_seen_and_only_screens_without_tasks_done() {
    let mut app = builtin_app(tui_support::options(120, 40));
    for _ in 0..app.screens.len() {
        press(&mut app, KeyCode::Char('n'));
    }
    assert_eq!(app.current, app.screens.len() - 1);
    assert_eq!(app.seen.len(), app.screens.len(), "every screen was opened");
    for index in 0..app.screens.len() {
        let has_tasks = !app.tasks_of(index).is_empty();
        assert_eq!(
            app.done.contains(&index),
            !has_tasks,
            "{}: pressing n finishes no task",
            app.screen_label(index)
        );
    }
    let steps = (0..app.screens.len())
        .filter(|&i| app.lesson_of(app.screens[i]).is_some_and(|l| l.kind == LessonKind::Step))
        .count();
    assert!(steps == 4 && app.done.len() < app.screens.len() - steps);

    focus(&mut app, "Lesson");
    let text = focused_panel_text(&app).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Left to do"), "{text}");
    for index in (0..app.screens.len()).filter(|i| !app.done.contains(i)) {
        assert!(
            text.contains(&app.screen_label(index)),
            "{} is not listed as left: {text}",
            app.screen_label(index)
        );
    }
    assert!(text.contains("answer checkpoint 1"), "{text}");
    assert!(text.contains("play the practice quiz to its score"), "{text}");
    assert!(text.contains("Predictions: none made this time."), "{text}");
    assert!(!text.contains("Done, every task"), "nothing with a task was done: {text}");
}

#[test]
fn answering_a_steps_checkpoints_finishes_it_right_or_wrong() {
    let mut app = builtin_app(tui_support::options(80, 24));
    let step1 = app.screen_of_step(1).unwrap();
    tui_support::apply(&mut app, Action::GoTo(step1));
    let checkpoints = app.lesson().unwrap().checkpoints.clone();
    assert!((1..=2).contains(&checkpoints.len()));
    press(&mut app, KeyCode::Char('a'));
    assert!(app.tasks_done.is_empty(), "letters answer only on the Check panel");
    focus(&mut app, "Check");
    assert!(screen_text(&app).contains("A-D 1-4 answer"), "{}", screen_text(&app));
    let text = focused_panel_text(&app);
    assert!(text.contains("Checkpoint 1 of") && text.contains(&checkpoints[0].prompt), "{text}");

    // A wrong answer is an answer: the why of every option is shown, and the task is done.
    let wrong = (checkpoints[0].answer + 1) % checkpoints[0].options.len();
    press(&mut app, letter(wrong));
    let text = focused_panel_text(&app);
    assert!(text.contains(&format!("✗ You chose {}", (b'A' + wrong as u8) as char)), "{text}");
    for option in &checkpoints[0].options {
        assert!(text.split_whitespace().collect::<Vec<_>>().join(" ").contains(&option.why), "{text}");
    }
    assert!(app.tasks_done.contains(&format!("checkpoint:{}:1", app.screen_id(step1))));
    press(&mut app, letter(checkpoints[0].answer));
    assert!(focused_panel_text(&app).contains("✗ You chose"), "an answer stands once given");

    if checkpoints.len() == 2 {
        assert!(!app.done.contains(&step1), "one checkpoint is left");
        press(&mut app, KeyCode::Enter);
        assert!(focused_panel_text(&app).contains("Checkpoint 2 of 2"));
        press(&mut app, letter(checkpoints[1].answer));
        assert!(focused_panel_text(&app).contains("✓ Right"));
    }
    assert!(app.done.contains(&step1), "every checkpoint answered: the step is done");
    press(&mut app, KeyCode::Char('g'));
    let outline = screen_text(&app);
    assert!(outline.contains(&format!("✓ {:>2}. {}", step1 + 1, app.screen_label(step1))), "{outline}");
}

#[test]
fn every_built_in_step_ends_with_one_or_two_checkpoints_on_its_own_panel() {
    let app = builtin_app(tui_support::options(80, 24));
    for index in 0..app.screens.len() {
        let Some(lesson) = app.lesson_of(app.screens[index]) else { continue };
        if lesson.kind == LessonKind::Step {
            assert!((1..=2).contains(&lesson.checkpoints.len()), "{}", lesson.id);
        }
        let panels = app.panels_of(app.screens[index]);
        assert_eq!(
            panels.last() == Some(&PanelId::Checkpoints),
            !lesson.checkpoints.is_empty(),
            "{}",
            lesson.id
        );
    }
}

#[test]
fn a_prediction_prompt_at_both_sizes() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut app = predicting(width, height);
        step4(&mut app);
        choose_scenario(&mut app, Scenario::EditedClaim);
        press(&mut app, KeyCode::Enter);
        insta::assert_snapshot!(
            format!("prediction_prompt_{width}x{height}"),
            mask_timings(&screen_text(&app))
        );
        press(&mut app, KeyCode::Char('b'));
        app.run_jobs_inline();
        tui_support::draw(&mut app);
        insta::assert_snapshot!(
            format!("prediction_result_{width}x{height}"),
            mask_timings(&screen_text(&app))
        );
    }
}

#[test]
fn answered_checkpoints_are_remembered_across_runs_and_say_so() {
    use jwt_session_tutor::progress::ProgressStore;
    let dir = tempfile::tempdir().unwrap();
    let store = ProgressStore::at(dir.path());
    let start = |store: &ProgressStore| {
        let mut app = builtin_app(tui_support::options(120, 40));
        let (progress, warning) = store.load();
        app.attach_progress(store.clone(), progress, warning);
        app
    };
    let save = |app: &mut App| {
        if let Some((store, progress)) = app.progress_to_save() {
            app.progress_saved(store.save(&progress));
        }
    };

    let mut first = start(&store);
    let step1 = first.screen_of_step(1).unwrap();
    tui_support::apply(&mut first, Action::GoTo(step1));
    focus(&mut first, "Check");
    let answers: Vec<usize> = first.lesson().unwrap().checkpoints.iter().map(|q| q.answer).collect();
    for (number, answer) in answers.iter().enumerate() {
        if number > 0 {
            press(&mut first, KeyCode::Enter);
        }
        press(&mut first, letter(*answer));
    }
    assert!(first.done.contains(&step1));
    save(&mut first);

    let mut second = start(&store);
    assert!(second.done.contains(&step1), "done survives a restart");
    tui_support::apply(&mut second, Action::CloseOverlay);
    tui_support::apply(&mut second, Action::GoTo(step1));
    focus(&mut second, "Check");
    assert!(focused_panel_text(&second).contains("Answered in an earlier session"));
    let saved = store.load().0;
    assert!(saved.is_completed(second.screen_id(step1)));
    assert_eq!(saved.tasks_done.iter().filter(|id| id.starts_with("checkpoint:")).count(), answers.len());
}

#[test]
fn a_scaling_lab_prediction_is_in_view_at_80x24() {
    let mut app = predicting(80, 24);
    let lab = screen_index(&app, PanelKind::Scaling);
    tui_support::apply(&mut app, Action::GoTo(lab));
    focus(&mut app, "Scaling");
    press(&mut app, KeyCode::Enter);
    app.run_jobs_inline();
    for _ in 0..4 {
        press(&mut app, KeyCode::Down);
    }
    assert_eq!(app.labs.scaling.selected_item(), ScalingItem::CheckRevocation);
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("scaling_prediction_prompt_80x24", mask_timings(&screen_text(&app)));
    press(&mut app, KeyCode::Char('a'));
    insta::assert_snapshot!("scaling_prediction_result_80x24", mask_timings(&screen_text(&app)));
}

#[test]
fn when_no_choice_fits_what_the_server_answered_the_prediction_is_not_counted() {
    let mut app = predicting(120, 40);
    let lab = screen_index(&app, PanelKind::Scaling);
    tui_support::apply(&mut app, Action::GoTo(lab));
    focus(&mut app, "Scaling");
    // Nobody logged in: the replayed copies do not exist, so both instances see no credential.
    for _ in 0..4 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('a'));
    let made = app.predictions.last(Subject::Scaling(ScalingItem::CheckRevocation)).unwrap();
    let actual = made.actual.expect("the server answered");
    assert!(!made.choices.contains(&actual), "{actual:?}");
    assert_eq!(made.is_right(), None);
    assert!(app.predictions.tally.is_empty(), "not counted either way");
    assert!(!app.tasks_done.iter().any(|id| id.starts_with("predict:")));
    let text = words(&focused_panel_text(&app));
    assert!(text.contains("none of the choices fits, the server:") && text.contains("Not counted"), "{text}");
}

#[test]
fn a_checkpoint_question_and_its_feedback_at_both_sizes() {
    for (width, height) in [(80, 24), (120, 40)] {
        let mut app = builtin_app(tui_support::options(width, height));
        let step4 = app.screen_of_step(4).unwrap();
        tui_support::apply(&mut app, Action::GoTo(step4));
        focus(&mut app, "Check");
        insta::assert_snapshot!(format!("checkpoint_question_{width}x{height}"), screen_text(&app));
        let wrong = (app.lesson().unwrap().checkpoints[0].answer + 1) % 2;
        press(&mut app, letter(wrong));
        insta::assert_snapshot!(format!("checkpoint_feedback_{width}x{height}"), screen_text(&app));
    }
}
