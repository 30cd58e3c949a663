//! Saved progress: round-trip, a corrupt file moved aside, an unwritable folder, reset.

use jwt_session_tutor::progress::{
    BestScore, MAX_FILE_BYTES, MAX_QUIZ_IN_PROGRESS, MAX_QUIZ_RECORDS, Progress, ProgressStore,
    QUIZ_HISTORY_LIMIT, QuizAnswer, QuizInProgress, Review, TOP_BOX,
};

#[test]
fn progress_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProgressStore::at(dir.path().join("state"));
    assert_eq!(store.load(), (Progress::default(), None), "nothing saved yet is a fresh start");

    let mut progress = Progress::default();
    progress.mark_completed("welcome");
    progress.mark_completed("concept");
    progress.set_last_screen("step1-data");
    progress.record_quiz(12, 15);
    store.save(&progress).unwrap();

    let (loaded, warning) = store.load();
    assert_eq!(warning, None);
    assert_eq!(loaded, progress);
    assert!(loaded.is_completed("concept") && !loaded.is_completed("summary"));
    assert_eq!(loaded.best_quiz, Some(BestScore { right: 12, total: 15 }));
    // Atomic write leaves no temporary file behind.
    let names: Vec<String> = std::fs::read_dir(store.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["progress.json"]);
}

#[test]
fn a_corrupt_file_is_moved_aside_and_the_learner_told() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProgressStore::at(dir.path());
    std::fs::write(store.path(), "{ \"completed\": [\"welcome\", ").unwrap();

    let (progress, warning) = store.load();
    assert_eq!(progress, Progress::default());
    let warning = warning.expect("the learner is told");
    assert!(warning.contains("damaged") && warning.contains("starting fresh"), "{warning}");

    let backups: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("progress.json.bak-"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert!(warning.contains(&backups[0]));
    let kept = std::fs::read_to_string(dir.path().join(&backups[0])).unwrap();
    assert_eq!(kept, "{ \"completed\": [\"welcome\", ", "the damaged file is kept, not lost");
    assert!(!store.path().exists());
    // Saving afterwards works normally.
    store.save(&progress).unwrap();
    assert_eq!(store.load(), (Progress::default(), None));
}

#[test]
fn wrong_types_count_as_corrupt_too() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProgressStore::at(dir.path());
    std::fs::write(store.path(), "{\"completed\": 3}").unwrap();
    let (progress, warning) = store.load();
    assert_eq!(progress, Progress::default());
    assert!(warning.unwrap().contains("moved to"));
}

#[test]
fn an_unwritable_folder_gives_a_warning_not_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    // A regular file where the folder should be: no one, not even root, can create the folder.
    let blocker = dir.path().join("not-a-dir");
    std::fs::write(&blocker, "").unwrap();
    let store = ProgressStore::at(blocker.join("jwt-session-tutor"));
    let mut progress = Progress::default();
    progress.mark_completed("welcome");
    let err = store.save(&progress).unwrap_err();
    assert!(err.contains("could not save progress") && err.contains("still works"), "{err}");
    let (loaded, warning) = store.load();
    assert_eq!(loaded, Progress::default());
    assert!(warning.unwrap().contains("starting fresh"));
}

#[test]
fn reset_forgets_everything() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProgressStore::at(dir.path());
    let mut progress = Progress::default();
    progress.mark_completed("welcome");
    store.save(&progress).unwrap();
    store.reset().unwrap();
    assert_eq!(store.load().0, Progress::default());
    store.reset().unwrap();
}

#[test]
fn challenge_marks_round_trip_and_merge_by_union() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProgressStore::at(dir.path());
    let mut mine = Progress::default();
    mine.mark_challenge_solved("alg-none");
    mine.mark_challenge_revealed("weak-secret");
    store.save(&mine).unwrap();
    assert_eq!(store.load(), (mine.clone(), None));

    // A second tutorial, open at the same time, saves its own solve: the save merges by union.
    let mut other_run = Progress::default();
    other_run.mark_challenge_solved("session-fixation");
    other_run.mark_challenge_revealed("weak-secret");
    store.save(&other_run).unwrap();
    let (merged, _) = store.load();
    let solved: Vec<&str> = merged.challenges_solved.iter().map(String::as_str).collect();
    assert_eq!(solved, ["alg-none", "session-fixation"], "neither run's solve is lost");
    assert_eq!(merged.challenges_revealed.len(), 1);

    // An older file without the fields still loads.
    std::fs::write(store.path(), r#"{"completed":["welcome"]}"#).unwrap();
    let (old, warning) = store.load();
    assert_eq!(warning, None);
    assert!(old.challenges_solved.is_empty() && old.is_completed("welcome"));
}

fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn backup_in(dir: &std::path::Path) -> std::path::PathBuf {
    let backups: Vec<String> =
        names_in(dir).into_iter().filter(|name| name.starts_with("progress.json.bak-")).collect();
    assert_eq!(backups.len(), 1, "one backup: {backups:?}");
    dir.join(&backups[0])
}

fn one_done(id: &str) -> Progress {
    let mut progress = Progress::default();
    progress.mark_completed(id);
    progress
}

#[test]
fn invalid_utf8_is_moved_aside_byte_for_byte_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProgressStore::at(dir.path());
    let bytes = b"{\"completed\": [\"welc\xffome\"]}".to_vec();
    std::fs::write(store.path(), &bytes).unwrap();
    let (progress, warning) = store.load();
    assert_eq!(progress, Progress::default());
    let warning = warning.unwrap();
    assert!(warning.contains("damaged") && warning.contains("moved to"), "{warning}");
    store.save(&one_done("welcome")).unwrap();
    assert_eq!(std::fs::read(backup_in(dir.path())).unwrap(), bytes, "the old file survives the first save");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_moved_aside_at_once_instead_of_hanging_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProgressStore::at(dir.path());
    let path = std::ffi::CString::new(store.path().as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0);
    let (tx, rx) = std::sync::mpsc::channel();
    let loader = store.clone();
    std::thread::spawn(move || tx.send(loader.load()).unwrap());
    let (progress, warning) =
        rx.recv_timeout(std::time::Duration::from_secs(5)).expect("loading a FIFO must not block");
    assert_eq!(progress, Progress::default());
    let warning = warning.unwrap();
    assert!(warning.contains("FIFO") && warning.contains("moved to"), "{warning}");
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::symlink_metadata(backup_in(dir.path())).unwrap().file_type().is_fifo());
}

#[test]
fn an_unreadable_progress_file_is_kept_not_replaced_by_the_first_save() {
    // Tests run as root, where permissions do not stop a read; a folder where the file should be
    // fails to read for everyone (EISDIR).
    let dir = tempfile::tempdir().unwrap();
    let store = ProgressStore::at(dir.path());
    std::fs::create_dir(store.path()).unwrap();
    std::fs::write(store.path().join("keep-me"), "learner data").unwrap();
    let (_, warning) = store.load();
    let warning = warning.unwrap();
    assert!(warning.contains("could not be used") && warning.contains("folder"), "{warning}");
    assert!(!warning.contains("left as it is"), "{warning}");
    store.save(&one_done("welcome")).unwrap();
    let kept = backup_in(dir.path()).join("keep-me");
    assert_eq!(std::fs::read_to_string(kept).unwrap(), "learner data");
}

#[test]
fn an_oversize_progress_file_is_moved_aside_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProgressStore::at(dir.path());
    let big = format!("{{\"completed\": [\"{}\"]}}", "x".repeat(MAX_FILE_BYTES as usize));
    std::fs::write(store.path(), &big).unwrap();
    let (progress, warning) = store.load();
    assert_eq!(progress, Progress::default());
    assert!(warning.unwrap().contains(&format!("over the limit of {MAX_FILE_BYTES} bytes")));
    assert_eq!(std::fs::read_to_string(backup_in(dir.path())).unwrap(), big);
}

#[cfg(unix)]
#[test]
fn a_symlinked_progress_file_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("elsewhere.json");
    std::fs::write(&target, "{\"completed\": [\"concept\"]}").unwrap();
    let store = ProgressStore::at(dir.path().join("state"));
    std::fs::create_dir(store.dir()).unwrap();
    std::os::unix::fs::symlink(&target, store.path()).unwrap();
    let (_, warning) = store.load();
    let warning = warning.unwrap();
    assert!(warning.contains("symbolic link") && warning.contains("will not be saved"), "{warning}");
    let error = store.save(&one_done("welcome")).unwrap_err();
    assert!(error.contains("left as it is"), "{error}");
    assert!(std::fs::symlink_metadata(store.path()).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "{\"completed\": [\"concept\"]}");
}

#[test]
fn two_tutorials_at_once_both_keep_their_progress() {
    let dir = tempfile::tempdir().unwrap();
    let first = ProgressStore::at(dir.path());
    let second = ProgressStore::at(dir.path());
    let (mut mine, _) = first.load();
    let (mut theirs, _) = second.load();
    mine.mark_completed("welcome");
    mine.record_quiz(9, 10);
    first.save(&mine).unwrap();
    theirs.mark_completed("concept");
    theirs.record_quiz(3, 10);
    theirs.set_last_screen("concept");
    second.save(&theirs).unwrap();
    let (merged, _) = first.load();
    assert!(merged.is_completed("welcome") && merged.is_completed("concept"), "{merged:?}");
    assert_eq!(merged.best_quiz, Some(BestScore { right: 9, total: 10 }), "the best score is kept");
    assert_eq!(merged.last_screen.as_deref(), Some("concept"));
}

#[test]
fn quiz_boxes_move_up_on_a_right_answer_and_back_to_one_on_a_miss_with_a_bounded_history() {
    let mut progress = Progress::default();
    progress.record_answer("q", true, 100);
    progress.record_answer("q", true, 200);
    assert_eq!(progress.quiz_boxes["q"].level, 3);
    progress.record_answer("q", false, 300);
    let record = &progress.quiz_boxes["q"];
    assert_eq!((record.level, record.reviewed), (1, 300));
    assert!(record.last_missed());
    for at in 0..20 {
        progress.record_answer("q", true, 400 + at);
    }
    let record = &progress.quiz_boxes["q"];
    assert_eq!(record.level, TOP_BOX, "a box never goes past the top one");
    assert_eq!(record.history.len(), QUIZ_HISTORY_LIMIT);
    assert_eq!(record.history.last(), Some(&Review { at: 419, right: true }), "the newest answers are kept");
}

#[test]
fn quiz_records_are_bounded_so_the_file_stays_loadable() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProgressStore::at(dir.path());
    let mut progress = Progress::default();
    // A very large custom bank with long ids, every question answered more often than is kept.
    for question in 0..=MAX_QUIZ_RECORDS as u64 {
        let id = format!("a-rather-long-question-id-from-a-custom-bank-{question:04}");
        for answer in 0..QUIZ_HISTORY_LIMIT as u64 + 2 {
            progress.record_answer(&id, answer % 3 != 0, 1_000_000 + question * 100 + answer);
        }
    }
    assert_eq!(progress.quiz_boxes.len(), MAX_QUIZ_RECORDS);
    assert!(
        !progress.quiz_boxes.contains_key("a-rather-long-question-id-from-a-custom-bank-0000"),
        "the longest-unreviewed record is the one forgotten"
    );
    store.save(&progress).unwrap();
    let size = std::fs::metadata(store.path()).unwrap().len();
    assert!(size < MAX_FILE_BYTES, "{size} bytes");
    assert_eq!(store.load(), (progress, None));
}

#[test]
fn two_instances_merge_quiz_boxes_by_the_later_review_and_unite_histories() {
    let dir = tempfile::tempdir().unwrap();
    let first = ProgressStore::at(dir.path());
    let second = ProgressStore::at(dir.path());
    let (mut mine, _) = first.load();
    let (mut theirs, _) = second.load();
    // Mine: "known" climbs to box 3 early; "missed" is answered right at 50.
    mine.record_answer("known", true, 10);
    mine.record_answer("known", true, 20);
    mine.record_answer("missed", true, 50);
    mine.record_answer("only-mine", true, 5);
    first.save(&mine).unwrap();
    // Theirs, later: "missed" is answered wrong at 60 (box 1), "known" right once more at 30 (box 2).
    theirs.record_answer("missed", false, 60);
    theirs.record_answer("known", true, 30);
    second.save(&theirs).unwrap();
    let (merged, _) = first.load();
    let boxes = &merged.quiz_boxes;
    assert_eq!(boxes["missed"].level, 1, "a later miss is not undone by an earlier right answer");
    assert!(boxes["missed"].last_missed());
    assert_eq!(boxes["missed"].history, [Review { at: 50, right: true }, Review { at: 60, right: false }]);
    assert_eq!((boxes["known"].level, boxes["known"].reviewed), (2, 30), "the later-reviewed record wins");
    assert_eq!(boxes["known"].history.len(), 3, "every answer from either instance is in the history");
    assert_eq!(boxes["only-mine"].level, 2, "a question only one instance saw is kept");
    // On the same second, the record being saved wins (the same instance answering again).
    let mut same_second = merged.clone();
    same_second.record_answer("only-mine", false, 5);
    first.save(&same_second).unwrap();
    assert_eq!(first.load().0.quiz_boxes["only-mine"].level, 1);
    first.save(&merged).unwrap();
    // Saving the older progress again does not roll the newer review back.
    first.save(&mine).unwrap();
    let (again, _) = first.load();
    assert_eq!(again.quiz_boxes["known"], merged.quiz_boxes["known"]);
    assert_eq!(again.quiz_boxes["missed"], merged.quiz_boxes["missed"]);
}

#[cfg(unix)]
#[test]
fn a_planted_symlink_at_the_temporary_name_is_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "untouched").unwrap();
    let store = ProgressStore::at(dir.path().join("state"));
    std::fs::create_dir(store.dir()).unwrap();
    // The name the save used to write through, plus a few guesses around it.
    let pid = std::process::id();
    for name in [format!(".progress.json.tmp-{pid}"), format!(".progress.json.tmp-{pid}-0")] {
        std::os::unix::fs::symlink(&victim, store.dir().join(name)).unwrap();
    }
    store.save(&one_done("welcome")).unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "untouched");
    assert!(!std::fs::symlink_metadata(store.path()).unwrap().file_type().is_symlink());
    assert!(store.load().0.is_completed("welcome"));
}

#[test]
fn a_temporary_file_left_by_a_killed_save_is_cleaned_up() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProgressStore::at(dir.path());
    let leftover = dir.path().join(".progress.json.tmp-4242");
    let file = std::fs::File::create(&leftover).unwrap();
    file.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600)).unwrap();
    drop(file);
    store.save(&one_done("welcome")).unwrap();
    assert_eq!(names_in(dir.path()), ["progress.json"]);
}

#[test]
fn seen_screens_and_done_tasks_round_trip_and_older_files_still_load() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProgressStore::at(dir.path());
    let mut progress = Progress::default();
    progress.mark_seen("step1-data");
    progress.mark_task_done("checkpoint:step1-data:1");
    progress.mark_task_done("predict:step4-verify:bearer");
    store.save(&progress).unwrap();
    let (loaded, warning) = store.load();
    assert_eq!(warning, None);
    assert_eq!(loaded, progress);
    assert!(loaded.is_seen("step1-data") && !loaded.is_seen("step2-config"));
    assert!(
        loaded.is_task_done("checkpoint:step1-data:1") && !loaded.is_task_done("checkpoint:step1-data:2")
    );

    // A file written before `seen` and `tasks_done` existed: its `completed` screens were only
    // moved on from, so they count as seen, and no task is done.
    std::fs::write(store.path(), r#"{ "completed": ["concept"], "last_screen": "concept" }"#).unwrap();
    let (old, warning) = store.load();
    assert_eq!(warning, None);
    assert!(old.is_seen("concept") && old.tasks_done.is_empty());
}

#[test]
fn seen_screens_and_done_tasks_merge_as_a_union_when_two_tutorials_save() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (ProgressStore::at(dir.path()), ProgressStore::at(dir.path()));
    let mut one = Progress::default();
    one.mark_seen("step1-data");
    one.mark_task_done("checkpoint:step1-data:1");
    first.save(&one).unwrap();
    // The second tutorial started before the first saved: it knows nothing of step 1.
    let mut other = Progress::default();
    other.mark_seen("scaling-lab");
    other.mark_task_done("lab:scaling-lab:login");
    second.save(&other).unwrap();
    let (merged, _) = first.load();
    assert!(merged.is_seen("step1-data") && merged.is_seen("scaling-lab"), "{merged:?}");
    assert!(merged.is_task_done("checkpoint:step1-data:1") && merged.is_task_done("lab:scaling-lab:login"));
}

#[test]
fn exercise_steps_merge_as_a_union_and_a_chosen_folder_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (tutorial, cli) = (ProgressStore::at(dir.path()), ProgressStore::at(dir.path()));
    let mut chosen =
        Progress { exercise_dir: Some("/home/learner/jwt-session-exercise".into()), ..Progress::default() };
    chosen.mark_exercise_step_passed(1);
    tutorial.save(&chosen).unwrap();
    // `exercises check` knows no folder of the tutorial's: it must not erase it.
    let mut checked = Progress::default();
    checked.mark_exercise_step_passed(3);
    cli.save(&checked).unwrap();
    let (merged, _) = tutorial.load();
    assert_eq!(merged.exercise_steps_passed.iter().copied().collect::<Vec<u8>>(), vec![1, 3]);
    assert_eq!(
        merged.exercise_dir.as_deref(),
        Some(std::path::Path::new("/home/learner/jwt-session-exercise"))
    );
    // A newer choice replaces the old folder.
    let moved = Progress { exercise_dir: Some("/tmp/elsewhere".into()), ..Progress::default() };
    cli.save(&moved).unwrap();
    assert_eq!(tutorial.load().0.exercise_dir.as_deref(), Some(std::path::Path::new("/tmp/elsewhere")));
}

fn half_done(saved_at: u64, answered: usize) -> QuizInProgress {
    QuizInProgress {
        saved_at,
        mode: "exam".into(),
        seed: Some(7),
        ids: (0..10).map(|n| format!("q{n}")).collect(),
        answers: (0..answered).map(|n| QuizAnswer { option: n % 4, hint: n == 0 }).collect(),
    }
}

#[test]
fn a_half_done_quiz_round_trips_the_later_save_wins_and_a_finished_one_is_not_resumed() {
    let dir = tempfile::tempdir().unwrap();
    let first = ProgressStore::at(dir.path());
    let second = ProgressStore::at(dir.path());
    let (mut mine, _) = first.load();
    let (mut theirs, _) = second.load();
    mine.set_quiz_in_progress(half_done(200, 3));
    first.save(&mine).unwrap();
    assert_eq!(first.load().0.quiz_to_resume(), Some(&half_done(200, 3)), "round trip");

    // The other instance saved an older half-done quiz: the later one stays.
    theirs.set_quiz_in_progress(half_done(100, 5));
    second.save(&theirs).unwrap();
    assert_eq!(first.load().0.quiz_to_resume(), Some(&half_done(200, 3)), "the older save does not win");

    // A later one wins, and a quiz finished later still is not resumed by anyone.
    theirs.set_quiz_in_progress(half_done(300, 6));
    second.save(&theirs).unwrap();
    assert_eq!(first.load().0.quiz_to_resume(), Some(&half_done(300, 6)));
    mine.set_quiz_in_progress(QuizInProgress::none_since(400));
    first.save(&mine).unwrap();
    assert_eq!(second.load().0.quiz_to_resume(), None, "finished at 400");
    assert_eq!(second.load().0.quiz_in_progress.as_deref(), Some(&QuizInProgress::none_since(400)));
}

#[test]
fn a_half_done_quiz_is_bounded() {
    let mut progress = Progress::default();
    let mut huge = half_done(10, 1);
    huge.ids = (0..=MAX_QUIZ_IN_PROGRESS).map(|n| format!("q{n}")).collect();
    progress.set_quiz_in_progress(huge);
    assert_eq!(progress.quiz_in_progress.as_deref(), Some(&QuizInProgress::none_since(10)), "not kept");
    let mut long_id = half_done(20, 1);
    long_id.ids[0] = "x".repeat(10_000);
    progress.set_quiz_in_progress(long_id);
    assert_eq!(progress.quiz_to_resume(), None);
    // A hand-edited file with more answers than questions is not resumed either.
    let mut answers_over = half_done(30, 10);
    answers_over.answers.push(QuizAnswer { option: 0, hint: false });
    progress.quiz_in_progress = Some(Box::new(answers_over));
    assert_eq!(progress.quiz_to_resume(), None);
    assert!(half_done(40, 10).is_bounded());
    progress.quiz_in_progress = Some(Box::new(half_done(40, 10)));
    assert_eq!(progress.quiz_to_resume(), None, "every question answered: nothing to resume");
}
