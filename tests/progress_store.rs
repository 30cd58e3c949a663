//! Saved progress: round-trip, a corrupt file moved aside, an unwritable folder, reset.

use jwt_session_tutor::progress::{BestScore, Progress, ProgressStore};

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

    let mut other_run = Progress::default();
    other_run.mark_challenge_solved("session-fixation");
    other_run.mark_challenge_revealed("weak-secret");
    mine.merge_challenges(&other_run);
    let solved: Vec<&str> = mine.challenges_solved.iter().map(String::as_str).collect();
    assert_eq!(solved, ["alg-none", "session-fixation"], "neither run's solve is lost");
    assert_eq!(mine.challenges_revealed.len(), 1);

    // An older file without the fields still loads.
    std::fs::write(store.path(), r#"{"completed":["welcome"]}"#).unwrap();
    let (old, warning) = store.load();
    assert_eq!(warning, None);
    assert!(old.challenges_solved.is_empty() && old.is_completed("welcome"));
}
