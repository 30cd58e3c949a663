//! The quiz session the TUI and `quiz --plain` share: marking, hints, scoring, shuffle, retry.

use jwt_session_tutor::lessons::{self, Difficulty, Question};
use jwt_session_tutor::quiz::{AnswerError, OptionOrder, Outcome, QuizSession};

fn questions() -> Vec<Question> {
    lessons::builtin().unwrap().quiz.questions
}

/// Answers every question: right when `right(index)` says so, else the first wrong option.
fn play(session: &mut QuizSession, right: impl Fn(usize) -> bool) {
    let mut index = 0;
    while let Some(view) = session.current() {
        let correct = view.options.iter().position(|o| o.is_answer).unwrap();
        let choice = if right(index) { correct } else { (correct + 1) % view.options.len() };
        session.answer(choice).unwrap();
        session.advance();
        index += 1;
    }
}

#[test]
fn all_right_scores_full_marks_with_a_breakdown() {
    let qs = questions();
    let mut session = QuizSession::new(&qs, OptionOrder::Fixed);
    play(&mut session, |_| true);
    let score = session.score();
    assert_eq!((score.right, score.total), (qs.len(), qs.len()));
    for d in [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard] {
        let n = qs.iter().filter(|q| q.difficulty == d).count();
        assert_eq!((score.tally(d).right, score.tally(d).total), (n, n));
    }
    assert!(session.missed().is_empty());
    assert!(session.retry_missed().is_none());
}

#[test]
fn wrong_answers_are_marked_with_the_right_letter_and_listed_as_missed() {
    let qs = questions();
    let mut session = QuizSession::new(&qs, OptionOrder::Fixed);
    // The first question's answer is A in the file; answer B.
    assert_eq!(qs[0].answer_letter(), 'A');
    let feedback = session.answer_input("b").unwrap();
    assert!(!feedback.is_right);
    assert_eq!((feedback.chosen_letter(), feedback.correct_letter()), ('B', 'A'));
    assert_eq!(session.answer(0), Err(AnswerError::AlreadyAnswered));
    session.advance();
    play(&mut session, |i| i % 2 == 0);
    let score = session.score();
    let wrong = 1 + (0..qs.len() - 1).filter(|i| i % 2 == 1).count();
    assert_eq!(score.right, qs.len() - wrong);
    assert_eq!(session.missed().len(), wrong);
    assert_eq!(session.missed()[0].id, qs[0].id);
    let easy = score.tally(Difficulty::Easy);
    assert!(easy.right < easy.total);
}

#[test]
fn invalid_choices_are_refused_without_marking() {
    let qs = questions();
    let mut session = QuizSession::new(&qs, OptionOrder::Fixed);
    let err = session.answer_input("z").unwrap_err();
    assert_eq!(err.to_string(), "`z` is not an option: answer with one letter from A to D");
    assert!(session.answer_input("").is_err());
    assert_eq!(session.outcome(0), Some(Outcome::NotAnswered));
    assert!(session.answer_input("1").unwrap().is_right);
}

#[test]
fn hints_are_shown_and_recorded() {
    let qs = questions();
    let mut session = QuizSession::new(&qs, OptionOrder::Fixed);
    assert_eq!(session.current().unwrap().hint, None);
    assert_eq!(session.show_hint(), Some(qs[0].hint.as_str()));
    assert_eq!(session.current().unwrap().hint, Some(qs[0].hint.as_str()));
    let feedback = session.answer(qs[0].answer).unwrap();
    assert!(feedback.hint_used && feedback.is_right);
    session.advance();
    session.answer(qs[1].answer).unwrap();
    assert_eq!(session.score().hints_used, 1);
}

#[test]
fn shuffle_reorders_options_but_marking_follows_the_option() {
    let qs = questions();
    let fixed = QuizSession::new(&qs, OptionOrder::Fixed);
    let shuffled = QuizSession::new(&qs, OptionOrder::Shuffled { seed: 7 });
    let again = QuizSession::new(&qs, OptionOrder::Shuffled { seed: 7 });
    assert_eq!(shuffled, again, "the same seed gives the same order");
    let mut any_moved = false;
    for (i, question) in qs.iter().enumerate() {
        let shown = shuffled.view(i).unwrap();
        let plain = fixed.view(i).unwrap();
        let order: Vec<usize> = shown.options.iter().map(|o| o.file_index).collect();
        any_moved |= order != (0..order.len()).collect::<Vec<_>>();
        // The option marked as the answer is the file's answer, wherever it is shown.
        let answer = shown.options.iter().find(|o| o.is_answer).unwrap();
        assert_eq!(answer.file_index, question.answer);
        assert_eq!(answer.option, &question.options[question.answer]);
        assert_eq!(plain.options.iter().position(|o| o.is_answer), Some(question.answer));
    }
    assert!(any_moved, "seed 7 should move at least one option");

    let mut session = shuffled;
    play(&mut session, |_| true);
    assert_eq!(session.score().right, qs.len());
}

#[test]
fn retry_runs_only_the_missed_questions() {
    let qs = questions();
    let mut session = QuizSession::new(&qs, OptionOrder::Fixed);
    play(&mut session, |i| i != 2 && i != 5);
    let mut retry = session.retry_missed().unwrap();
    assert_eq!(retry.len(), 2);
    assert_eq!(retry.current().unwrap().question.id, qs[2].id);
    assert_eq!(retry.view(1).unwrap().question.id, qs[5].id);
    play(&mut retry, |_| true);
    assert_eq!(retry.score().right, 2);
}

#[test]
fn ending_early_counts_the_rest_as_skipped_and_wrong() {
    let qs = questions();
    let mut session = QuizSession::new(&qs, OptionOrder::Fixed);
    session.answer(qs[0].answer).unwrap();
    session.advance();
    assert_eq!(session.end_early(), qs.len() - 1);
    assert!(session.is_finished());
    let score = session.score();
    assert_eq!((score.right, score.total, score.skipped), (1, qs.len(), qs.len() - 1));
    assert_eq!(session.answer(0), Err(AnswerError::Finished));
    assert_eq!(session.missed().len(), qs.len() - 1);
}
