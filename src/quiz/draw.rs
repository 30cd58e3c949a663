//! Which questions a quiz asks, and in what order: the exam draws a fixed mix by difficulty from a
//! seed; practice follows the Leitner boxes saved in progress.

use std::collections::BTreeMap;

use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use crate::lessons::model::{Difficulty, Question};
use crate::lessons::{MIN_EASY, MIN_HARD, MIN_MEDIUM};
use crate::progress::QuizBox;

/// An exam's mix: (difficulty, how many), asked in this order (easy first, as a warm-up). It is the
/// minimum `lessons check` demands of a quiz, so every checked bank can fill it.
pub const EXAM_MIX: [(Difficulty, usize); 3] =
    [(Difficulty::Easy, MIN_EASY), (Difficulty::Medium, MIN_MEDIUM), (Difficulty::Hard, MIN_HARD)];

/// How many questions one practice round asks.
pub const PRACTICE_LENGTH: usize = 10;

/// Which kind of quiz a session is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuizMode {
    /// [`EXAM_MIX`] drawn from the bank with a seed.
    Exam,
    /// Spaced repetition from the saved Leitner boxes.
    Practice,
}

impl QuizMode {
    pub fn name(self) -> &'static str {
        match self {
            QuizMode::Exam => "exam",
            QuizMode::Practice => "practice",
        }
    }
}

/// The exam's questions: for each difficulty of [`EXAM_MIX`], that many distinct questions drawn by a
/// generator seeded with `seed` (all of them when the bank has fewer). The same seed and bank give
/// the same draw, so a class can share one.
pub fn exam(questions: &[Question], seed: u64) -> Vec<Question> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut drawn = Vec::new();
    for (difficulty, count) in EXAM_MIX {
        let mut pool: Vec<&Question> = questions.iter().filter(|q| q.difficulty == difficulty).collect();
        pool.shuffle(&mut rng);
        drawn.extend(pool.into_iter().take(count).cloned());
    }
    drawn
}

/// A practice round: up to [`PRACTICE_LENGTH`] questions, those missed last time first (box 1 with a
/// wrong last answer), then by box (lower boxes are less well known) and, within a box, the one not
/// seen for longest first (never answered counts as longest, in box 1). Questions equally due come
/// in an order shuffled with `seed`, so a first round mixes difficulties instead of following the
/// bank's order, and the same seed repeats it.
pub fn practice(questions: &[Question], boxes: &BTreeMap<String, QuizBox>, seed: u64) -> Vec<Question> {
    let mut tiebreak: Vec<usize> = (0..questions.len()).collect();
    tiebreak.shuffle(&mut StdRng::seed_from_u64(seed));
    let mut ranked: Vec<(bool, u8, u64, usize, &Question)> = questions
        .iter()
        .zip(tiebreak)
        .map(|(question, tiebreak)| match boxes.get(&question.id) {
            Some(record) => (!record.last_missed(), record.level, record.reviewed, tiebreak, question),
            None => (true, 1, 0, tiebreak, question),
        })
        .collect();
    ranked.sort_by_key(|&(not_missed, level, reviewed, tiebreak, _)| (not_missed, level, reviewed, tiebreak));
    ranked.into_iter().take(PRACTICE_LENGTH).map(|(.., question)| question.clone()).collect()
}
