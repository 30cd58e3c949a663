//! `quiz --plain` end to end through the built binary, with answers piped on stdin: the exam (drawn
//! by a seed), practice across two runs, `--classroom` and `--json`.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use jwt_session_tutor::lessons::{self, Question};
use jwt_session_tutor::quiz::draw;
use jwt_session_tutor::quiz::{OptionOrder, QuizSession};

fn questions() -> Vec<Question> {
    lessons::builtin().unwrap().quiz.questions
}

/// The seed most tests share, so the paper is known in advance.
const SEED: u64 = 99;

/// The exam `quiz --seed seed` asks.
fn exam(seed: u64) -> Vec<Question> {
    draw::exam(&questions(), seed)
}

/// Runs the quiz with `input` on stdin and a private state folder; returns the output and the folder.
fn quiz(args: &[&str], input: &str) -> (Output, tempfile::TempDir) {
    let state = tempfile::tempdir().unwrap();
    let out = quiz_in(&state, args, input);
    (out, state)
}

/// Runs the quiz with the state folder `state` (kept across runs).
fn quiz_in(state: &tempfile::TempDir, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jwt-session-tutor"))
        .args(args)
        .env("XDG_STATE_HOME", state.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn text(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn saved(state: &tempfile::TempDir) -> Option<serde_json::Value> {
    let saved = std::fs::read_to_string(state.path().join("jwt-session-tutor/progress.json")).ok()?;
    Some(serde_json::from_str(&saved).unwrap())
}

/// The letter of each question's answer as shown with `seed`'s option order.
fn right_letters(qs: &[Question], seed: u64) -> Vec<char> {
    let session = QuizSession::new(qs, OptionOrder::Shuffled { seed });
    (0..qs.len())
        .map(|i| session.view(i).unwrap().options.iter().find(|o| o.is_answer).unwrap().letter)
        .collect()
}

/// A letter that is not the answer.
fn wrong_letter(right: char) -> char {
    if right == 'A' { 'B' } else { 'A' }
}

fn lines(letters: &[char]) -> String {
    letters.iter().map(|c| format!("{c}\n")).collect()
}

const SEED_ARGS: [&str; 4] = ["quiz", "--plain", "--seed", "99"];

#[test]
fn an_exam_of_10_all_right_scores_full_marks_exits_0_and_saves_the_best_score_and_boxes() {
    let qs = exam(SEED);
    let (out, state) = quiz(&SEED_ARGS, &lines(&right_letters(&qs, SEED)));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = text(&out);
    assert!(
        stdout.starts_with(
            "Practice quiz: exam of 10 questions, seed 99 (`quiz --seed 99` gives the same questions and letters)."
        ),
        "{stdout}"
    );
    assert!(stdout.contains(&format!("Question 1 of 10 · easy · {}\n", qs[0].topic)));
    assert!(stdout.contains(&format!("Question 10 of 10 · hard · {}\n", qs[9].topic)));
    assert_eq!(stdout.matches("\nRight: the answer is").count(), 10);
    assert!(stdout.ends_with("score: 10/10\n  easy: 3/3\n  medium: 4/4\n  hard: 3/3\n"), "{stdout}");
    let saved = saved(&state).unwrap();
    assert_eq!(saved["best_quiz"], serde_json::json!({ "right": 10, "total": 10 }));
    let boxes = saved["quiz_boxes"].as_object().unwrap();
    assert_eq!(boxes.len(), 10);
    for q in &qs {
        assert_eq!(boxes[&q.id]["box"], 2, "{}: a right answer moves it up a box", q.id);
        assert_eq!(boxes[&q.id]["history"][0]["right"], true);
    }
}

#[test]
fn some_wrong_answers_are_explained_scored_by_difficulty_and_sent_back_to_box_1() {
    let qs = exam(SEED);
    let mut letters = right_letters(&qs, SEED);
    let (first_right, last_right) = (letters[0], letters[9]);
    letters[0] = wrong_letter(first_right);
    letters[9] = wrong_letter(last_right);
    let (out, state) = quiz(&SEED_ARGS, &lines(&letters));
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out);
    let wrong = format!("Wrong: you chose {}; the answer is {first_right}.\nWhy each option:\n", letters[0]);
    assert!(stdout.contains(&wrong), "{stdout}");
    assert!(stdout.contains(&format!("  {} (wrong, your choice): ", letters[0])));
    let missed = format!("Missed questions (review them, or run the quiz again):\n  - {} (easy", qs[0].id);
    assert!(stdout.contains(&missed), "{stdout}");
    assert!(stdout.contains(&format!("  - {} (hard", qs[9].id)));
    assert!(stdout.ends_with("score: 8/10\n  easy: 2/3\n  medium: 4/4\n  hard: 2/3\n"), "{stdout}");
    let boxes = saved(&state).unwrap()["quiz_boxes"].clone();
    assert_eq!(boxes[&qs[0].id]["box"], 1);
    assert_eq!(boxes[&qs[0].id]["history"][0]["right"], false);
    assert_eq!(boxes[&qs[1].id]["box"], 2);
}

#[test]
fn bad_input_is_asked_again_and_hints_are_counted() {
    let qs = exam(SEED);
    let input = format!("x\n\nE\n42\nh\n{}", lines(&right_letters(&qs, SEED)));
    let (out, _state) = quiz(&SEED_ARGS, &input);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out);
    assert!(stdout.contains("`x` is not an answer: type one letter from A to D, or h for the hint.\n"));
    assert!(stdout.contains("No answer given: type one letter from A to D, or h for the hint.\n"));
    assert!(stdout.contains("`E` is not an answer: type one letter from A to D"));
    assert!(stdout.contains("`42` is not an answer"));
    assert!(stdout.contains(&format!("Hint: {}\n", qs[0].hint)));
    // Five tries at the first question's prompt, then one per question.
    assert_eq!(stdout.matches("Your answer (A-").count(), 5 + 10);
    assert!(stdout.contains("hints used: 1\nscore: 10/10\n"));
}

#[test]
fn early_end_of_input_counts_the_rest_wrong_exits_1_and_keeps_only_the_answers_given() {
    let qs = exam(SEED);
    let letters = &right_letters(&qs, SEED)[..3];
    let (out, state) = quiz(&SEED_ARGS, &lines(letters));
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out);
    assert!(stdout.contains("End of input: 7 questions were not answered and count as wrong.\n"));
    assert!(stdout.ends_with("score: 3/10\n  easy: 3/3\n  medium: 0/4\n  hard: 0/3\n"), "{stdout}");
    let saved = saved(&state).unwrap();
    assert_eq!(saved["best_quiz"], serde_json::Value::Null, "an unfinished exam is not a best score");
    assert_eq!(saved["quiz_boxes"].as_object().unwrap().len(), 3, "the three answers given count");

    let (out, _state) = quiz(&["quiz", "--plain"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).contains("End of input: 10 questions were not answered"));
}

#[test]
fn the_seed_printed_repeats_the_paper_and_options_are_shuffled_by_it() {
    let (out, _state) = quiz(&["quiz", "--plain"], "");
    let stdout = text(&out);
    let seed: u64 = stdout.split("seed ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    let seed_text = seed.to_string();
    let (again, _state) = quiz(&["quiz", "--plain", "--seed", &seed_text], "");
    assert_eq!(text(&again), stdout, "the same seed gives the same questions in the same letters");
    let (other, _state) = quiz(&["quiz", "--plain", "--seed", &(seed ^ 1).to_string()], "");
    assert_ne!(text(&other), stdout);

    let qs = exam(SEED);
    let shown = right_letters(&qs, SEED);
    let in_file_order: Vec<char> = qs.iter().map(|q| q.answer_letter()).collect();
    assert_ne!(shown, in_file_order, "seed 99 moves some answers");
    let (out, _state) = quiz(&SEED_ARGS, &lines(&in_file_order));
    assert!(!text(&out).contains("score: 10/10"), "marked by the option shown, not the file's letter");
    // `--shuffle` is kept for older scripts and changes nothing.
    let (out, _state) = quiz(&["--shuffle", "quiz", "--plain", "--seed", "99"], &lines(&shown));
    assert!(text(&out).contains("score: 10/10"));
}

#[test]
fn classroom_writes_neither_score_nor_boxes() {
    let qs = exam(SEED);
    for args in [
        &["quiz", "--plain", "--classroom", "--seed", "99"][..],
        &["--classroom", "quiz", "--plain", "--seed", "99"],
        &["--presenter", "quiz", "--plain", "--seed", "99"],
    ] {
        let (out, state) = quiz(args, &lines(&right_letters(&qs, SEED)));
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(text(&out).contains("score: 10/10"));
        assert_eq!(saved(&state), None, "{args:?}: nothing written");
    }
    let (out, state) = quiz(&["quiz", "--plain", "--practice", "--classroom"], "a\n");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(saved(&state), None, "practice in class writes nothing either");

    // The teacher's own boxes are neither used nor touched.
    let bank = questions();
    let state = tempfile::tempdir().unwrap();
    let file = state.path().join("jwt-session-tutor/progress.json");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let mine = format!(
        r#"{{"quiz_boxes": {{"{}": {{"box": 1, "reviewed": 100, "history": [{{"at": 100, "right": false}}]}}}}}}"#,
        draw::practice(&bank, &Default::default(), 1)[5].id
    );
    std::fs::write(&file, &mine).unwrap();
    let args = ["quiz", "--plain", "--practice", "--classroom", "--json", "--seed", "1"];
    let out =
        quiz_in(&state, &args, &lines(&right_letters(&draw::practice(&bank, &Default::default(), 1), 1)));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let fresh = draw::practice(&bank, &Default::default(), 1);
    assert_eq!(asked(&out)[0].0, fresh[0].id, "practice in class starts as for a new learner");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), mine, "the file is left exactly as it was");
}

#[test]
fn json_prints_the_result_to_share_and_the_questions_go_to_stderr() {
    let qs = exam(SEED);
    let mut letters = right_letters(&qs, SEED);
    letters[4] = wrong_letter(letters[4]);
    let (out, _state) = quiz(&["quiz", "--plain", "--json", "--seed", "99"], &lines(&letters));
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Question 1 of 10"));
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is only JSON");
    let questions: Vec<serde_json::Value> = qs
        .iter()
        .enumerate()
        .map(|(i, q)| {
            serde_json::json!({
                "id": q.id, "difficulty": q.difficulty.name(), "result": if i == 4 { "wrong" } else { "right" }
            })
        })
        .collect();
    assert_eq!(
        result,
        serde_json::json!({
            "mode": "exam",
            "seed": 99,
            "complete": true,
            "score": { "right": 9, "total": 10 },
            "by_difficulty": {
                "easy": { "right": 3, "total": 3 },
                "medium": { "right": 3, "total": 4 },
                "hard": { "right": 3, "total": 3 },
            },
            "hints_used": 0,
            "questions": questions,
        })
    );
    let (out, _state) = quiz(&["quiz", "--json"], "");
    assert_eq!(out.status.code(), Some(2), "--json needs --plain");
}

/// The ids and results a `--json` run reports.
fn asked(out: &Output) -> Vec<(String, String)> {
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    result["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| (q["id"].as_str().unwrap().to_string(), q["result"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn practice_brings_the_missed_question_back_first_in_the_next_run() {
    let state = tempfile::tempdir().unwrap();
    let bank = questions();
    let practice = ["quiz", "--plain", "--practice", "--json", "--seed", "5"];
    let first_round = draw::practice(&bank, &Default::default(), 5);
    let mut letters = right_letters(&first_round, 5);
    letters[3] = wrong_letter(letters[3]);
    let out = quiz_in(&state, &practice, &lines(&letters));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("practice of 10 questions, missed ones first"));
    let first = asked(&out);
    let first_ids: Vec<String> = first.iter().map(|(id, _)| id.clone()).collect();
    assert_eq!(first_ids, first_round.iter().map(|q| q.id.clone()).collect::<Vec<_>>());
    assert_eq!(first[3].1, "wrong");
    let saved = saved(&state).unwrap();
    assert_eq!(saved["best_quiz"], serde_json::Value::Null, "a practice round is not an exam score");

    let out = quiz_in(&state, &practice, "");
    let second = asked(&out);
    assert_eq!(second[0].0, first[3].0, "the missed question comes back first");
    assert!(!first_ids.contains(&second[1].0), "then one never seen");
    assert!(!second.iter().any(|(id, _)| *id == first[0].0), "a known question goes to box 2 and waits");
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
