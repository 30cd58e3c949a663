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
    let big = format!("{{\"completed\": [\"{}\"]}}", "x".repeat(200_000));
    std::fs::write(store.path(), &big).unwrap();
    let (progress, warning) = store.load();
    assert_eq!(progress, Progress::default());
    assert!(warning.unwrap().contains("over the limit of 65536 bytes"));
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
