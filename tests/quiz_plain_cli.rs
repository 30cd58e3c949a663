//! `quiz --plain` end to end through the built binary, with answers piped on stdin.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use jwt_session_tutor::lessons::{self, Difficulty, Question};
use jwt_session_tutor::quiz::{OptionOrder, QuizSession};

fn questions() -> Vec<Question> {
    lessons::builtin().unwrap().quiz.questions
}

/// Runs the quiz with `input` on stdin and a private state folder; returns the output and the folder.
fn quiz(args: &[&str], input: &str) -> (Output, tempfile::TempDir) {
    let state = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_jwt-session-tutor"))
        .args(args)
        .env("XDG_STATE_HOME", state.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    (child.wait_with_output().unwrap(), state)
}

fn text(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn right_letters(qs: &[Question]) -> Vec<char> {
    qs.iter().map(|q| q.answer_letter()).collect()
}

fn wrong_letter(q: &Question) -> char {
    if q.answer == 0 { 'B' } else { 'A' }
}

fn lines(letters: &[char]) -> String {
    letters.iter().map(|c| format!("{c}\n")).collect()
}

/// How many questions of each difficulty the bank has: (easy, medium, hard).
fn mix(qs: &[Question]) -> (usize, usize, usize) {
    let count = |d| qs.iter().filter(|q| q.difficulty == d).count();
    (count(Difficulty::Easy), count(Difficulty::Medium), count(Difficulty::Hard))
}

#[test]
fn all_right_scores_full_marks_exits_0_and_saves_the_best_score() {
    let qs = questions();
    let (out, state) = quiz(&["quiz", "--plain"], &lines(&right_letters(&qs)));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = text(&out);
    let (n, (easy, medium, hard)) = (qs.len(), mix(&qs));
    assert!(stdout.starts_with(&format!("Practice quiz: {n} questions.")));
    assert!(stdout.contains(&format!("Question 1 of {n} · easy · JWT vs session\n")));
    assert_eq!(stdout.matches("\nRight: the answer is").count(), n);
    let score = format!(
        "score: {n}/{n}\n  easy: {easy}/{easy}\n  medium: {medium}/{medium}\n  hard: {hard}/{hard}\n"
    );
    assert!(stdout.ends_with(&score), "{stdout}");
    let saved = std::fs::read_to_string(state.path().join("jwt-session-tutor/progress.json")).unwrap();
    let saved: serde_json::Value = serde_json::from_str(&saved).unwrap();
    assert_eq!(saved["best_quiz"], serde_json::json!({ "right": n, "total": n }));
}

#[test]
fn some_wrong_answers_are_explained_and_scored_by_difficulty() {
    let qs = questions();
    let mut letters = right_letters(&qs);
    letters[0] = wrong_letter(&qs[0]);
    let last = qs.len() - 1;
    letters[last] = wrong_letter(&qs[last]);
    let (out, _state) = quiz(&["quiz", "--plain"], &lines(&letters));
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out);
    assert!(stdout.contains("Wrong: you chose B; the answer is A.\nWhy each option:\n  A (right): "));
    assert!(stdout.contains("  B (wrong, your choice): "));
    assert!(
        stdout
            .contains("Missed questions (review them, or run the quiz again):\n  - where-state-lives (easy")
    );
    assert!(stdout.contains(&format!("  - {} (hard", qs[last].id)));
    let (n, (easy, medium, hard)) = (qs.len(), mix(&qs));
    let score = format!(
        "score: {}/{n}\n  easy: {}/{easy}\n  medium: {medium}/{medium}\n  hard: {}/{hard}\n",
        n - 2,
        easy - 1,
        hard - 1
    );
    assert!(stdout.ends_with(&score), "{stdout}");
}

#[test]
fn bad_input_is_asked_again_and_hints_are_counted() {
    let qs = questions();
    let letters = right_letters(&qs);
    let input = format!("x\n\nE\n42\nh\n{}", lines(&letters));
    let (out, _state) = quiz(&["quiz", "--plain"], &input);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out);
    assert!(stdout.contains("`x` is not an answer: type one letter from A to D, or h for the hint.\n"));
    assert!(stdout.contains("No answer given: type one letter from A to D, or h for the hint.\n"));
    assert!(stdout.contains("`E` is not an answer: type one letter from A to D"));
    assert!(stdout.contains("`42` is not an answer"));
    assert!(stdout.contains(&format!("Hint: {}\n", qs[0].hint)));
    // Five tries at the first question's prompt, then one per question.
    assert_eq!(stdout.matches("Your answer (A-").count(), 5 + qs.len());
    assert!(stdout.contains(&format!("hints used: 1\nscore: {0}/{0}\n", qs.len())));
}

#[test]
fn early_end_of_input_counts_the_rest_wrong_and_exits_1() {
    let qs = questions();
    let letters = &right_letters(&qs)[..3];
    let (out, state) = quiz(&["quiz", "--plain"], &lines(letters));
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out);
    let (n, (easy, medium, hard)) = (qs.len(), mix(&qs));
    assert!(
        stdout
            .contains(&format!("End of input: {} questions were not answered and count as wrong.\n", n - 3))
    );
    assert!(qs[..3].iter().all(|q| q.difficulty == Difficulty::Easy), "the first three are easy");
    let score = format!("score: 3/{n}\n  easy: 3/{easy}\n  medium: 0/{medium}\n  hard: 0/{hard}\n");
    assert!(stdout.ends_with(&score), "{stdout}");
    assert!(
        !state.path().join("jwt-session-tutor/progress.json").exists(),
        "an unfinished quiz is not a best score"
    );

    let (out, _state) = quiz(&["quiz", "--plain"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains(&format!("End of input: {} questions were not answered", qs.len())));
}

#[test]
fn shuffled_options_are_marked_by_the_option_not_the_letter() {
    let qs = questions();
    let session = QuizSession::new(&qs, OptionOrder::Shuffled { seed: 99 });
    let shown: Vec<char> = (0..qs.len())
        .map(|i| session.view(i).unwrap().options.iter().find(|o| o.is_answer).unwrap().letter)
        .collect();
    assert_ne!(shown, right_letters(&qs), "seed 99 should move some answers");
    let (out, _state) = quiz(&["--shuffle", "quiz", "--plain", "--seed", "99"], &lines(&shown));
    assert_eq!(out.status.code(), Some(0));
    let full = format!("score: {0}/{0}\n", qs.len());
    assert!(text(&out).contains(&full));
    // The same answers in file order are now mostly wrong.
    let (out, _state) = quiz(&["--shuffle", "quiz", "--plain", "--seed", "99"], &lines(&right_letters(&qs)));
    assert!(!text(&out).contains(&full));
}

#[test]
fn without_plain_or_with_a_missing_folder_it_is_a_usage_error() {
    let (out, _state) = quiz(&["quiz"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--plain"));
    let (out, _state) = quiz(&["--lessons", "/no/such/dir", "quiz", "--plain"], "");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "error: lesson folder /no/such/dir does not exist\n");
}

/// Runs `quiz --plain` on raw bytes; the input is written from a thread, since the quiz may stop
/// reading (and close the pipe) before all of it is written.
fn quiz_bytes(input: Vec<u8>) -> Output {
    let state = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_jwt-session-tutor"))
        .args(["quiz", "--plain"])
        .env("XDG_STATE_HOME", state.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

#[test]
fn stdin_that_is_not_utf8_text_is_malformed_input_exit_2() {
    let out = quiz_bytes(b"a\nb\xffc\n".to_vec());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: stdin line 2 is not UTF-8 text (invalid byte at column 2)\n"
    );
}

#[test]
fn a_huge_line_is_refused_without_being_read_whole() {
    let started = std::time::Instant::now();
    let out = quiz_bytes(vec![b'a'; 50 * 1024 * 1024]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: stdin line 1 is longer than 1024 bytes: an answer is one letter\n"
    );
    assert!(started.elapsed().as_secs() < 5, "took {:?}", started.elapsed());
}

#[test]
fn in_a_classroom_the_plain_quiz_saves_no_score() {
    let qs = questions();
    for flags in [
        &["quiz", "--plain", "--classroom"][..],
        &["--classroom", "quiz", "--plain"],
        &["--presenter", "quiz", "--plain"],
    ] {
        let (out, state) = quiz(flags, &lines(&right_letters(&qs)));
        assert_eq!(out.status.code(), Some(0), "{flags:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(text(&out).contains(&format!("score: {n}/{n}", n = qs.len())), "{flags:?}");
        let saved = state.path().join("jwt-session-tutor/progress.json");
        assert!(!saved.exists(), "{flags:?} saved {:?}", std::fs::read_to_string(&saved));
    }
}
