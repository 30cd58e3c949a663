//! Which questions a quiz asks: the exam's draw by difficulty from a seed, and practice scheduled
//! from the Leitner boxes across runs.

use std::collections::BTreeSet;

use jwt_session_tutor::lessons::{self, Difficulty, Question};
use jwt_session_tutor::progress::Progress;
use jwt_session_tutor::quiz::draw::{self, PRACTICE_LENGTH};
use jwt_session_tutor::quiz::{OptionOrder, QuizSession};

fn questions() -> Vec<Question> {
    lessons::builtin().unwrap().quiz.questions
}

fn ids(questions: &[Question]) -> Vec<String> {
    questions.iter().map(|q| q.id.clone()).collect()
}

/// The option texts as shown, question by question.
fn shown_options(questions: &[Question], seed: u64) -> Vec<Vec<String>> {
    let session = QuizSession::new(questions, OptionOrder::Shuffled { seed });
    (0..session.len())
        .map(|i| session.view(i).unwrap().options.iter().map(|o| o.option.text.clone()).collect())
        .collect()
}

#[test]
fn an_exam_draws_3_easy_4_medium_3_hard_distinct_questions() {
    let bank = questions();
    for seed in 0..50 {
        let exam = draw::exam(&bank, seed);
        let difficulties: Vec<Difficulty> = exam.iter().map(|q| q.difficulty).collect();
        use Difficulty::*;
        assert_eq!(
            difficulties,
            [Easy, Easy, Easy, Medium, Medium, Medium, Medium, Hard, Hard, Hard],
            "seed {seed}"
        );
        let distinct: BTreeSet<String> = ids(&exam).into_iter().collect();
        assert_eq!(distinct.len(), 10, "seed {seed}: {exam:?}");
    }
}

#[test]
fn the_same_seed_gives_the_same_draw_and_letters_and_other_seeds_differ() {
    let bank = questions();
    let (first, again) = (draw::exam(&bank, 42), draw::exam(&bank, 42));
    assert_eq!(ids(&first), ids(&again));
    assert_eq!(shown_options(&first, 42), shown_options(&again, 42));
    let other = draw::exam(&bank, 43);
    assert_ne!(ids(&first), ids(&other), "another seed draws other questions");
    // Across many seeds, the draws cover most of the bank: it is not a fixed paper.
    let seen: BTreeSet<String> = (0..100).flat_map(|seed| ids(&draw::exam(&bank, seed))).collect();
    assert!(seen.len() > bank.len() * 3 / 4, "only {} of {} questions ever drawn", seen.len(), bank.len());
}

#[test]
fn a_small_bank_gives_what_it_has() {
    let all = questions();
    let of = |d: Difficulty, n: usize| all.iter().filter(move |q| q.difficulty == d).take(n).cloned();
    let bank: Vec<Question> = of(Difficulty::Easy, 2).chain(of(Difficulty::Medium, 1)).collect();
    let mut drawn = ids(&draw::exam(&bank, 1));
    drawn.sort();
    let mut expected = ids(&bank);
    expected.sort();
    assert_eq!(drawn, expected, "fewer than the mix: every question, once");
}

#[test]
fn practice_brings_a_missed_question_back_first_and_a_known_one_later_in_the_next_run() {
    let bank = questions();
    let mut progress = Progress::default();
    // First run: nothing seen yet, so ten questions in the seed's order, of mixed difficulty.
    let first = draw::practice(&bank, &progress.quiz_boxes, 3);
    assert_eq!(ids(&first), ids(&draw::practice(&bank, &progress.quiz_boxes, 3)), "the seed repeats it");
    assert_eq!(ids(&first).into_iter().collect::<BTreeSet<_>>().len(), PRACTICE_LENGTH);
    let difficulties: BTreeSet<String> = first.iter().map(|q| q.difficulty.name().to_string()).collect();
    assert!(difficulties.len() > 1, "not just the bank's first (easy) questions: {difficulties:?}");
    // Answer all right except the third.
    for (index, question) in first.iter().enumerate() {
        progress.record_answer(&question.id, index != 2, 1_000 + index as u64);
    }
    let missed = &first[2].id;
    let known = &first[0].id;
    assert_eq!(progress.quiz_boxes[known].level, 2, "a right answer moves a question up a box");
    assert_eq!(progress.quiz_boxes[missed].level, 1, "a miss goes back to box 1");

    // Second run (another seed): the missed question first, then questions never seen, no known one.
    let second = draw::practice(&bank, &progress.quiz_boxes, 4);
    assert_eq!(&second[0].id, missed);
    for question in &second[1..] {
        assert!(!progress.quiz_boxes.contains_key(&question.id), "{} was seen already", question.id);
    }
    assert_eq!(second.len(), PRACTICE_LENGTH);

    // Once everything has been seen, the lowest box and the oldest review come first.
    for (index, question) in bank.iter().enumerate() {
        if question.id != *known {
            progress.record_answer(&question.id, true, 2_000 + index as u64);
        }
    }
    let third = draw::practice(&bank, &progress.quiz_boxes, 5);
    assert_eq!(&third[0].id, known, "box 2, reviewed longest ago: now it is due");
    let reviewed: Vec<u64> = third[1..].iter().map(|q| progress.quiz_boxes[&q.id].reviewed).collect();
    assert!(
        reviewed.windows(2).all(|pair| pair[0] <= pair[1]),
        "then oldest first within box 2: {reviewed:?}"
    );
    assert!(third.iter().all(|q| progress.quiz_boxes[&q.id].level == 2), "box 3 questions wait");
}
