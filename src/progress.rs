//! The learner's saved progress: screens completed, the last screen, the best quiz score, and each
//! quiz question's Leitner box with its recent answers.
//!
//! Stored as JSON in `$XDG_STATE_HOME/jwt-session-tutor/progress.json` (else
//! `~/.local/state/jwt-session-tutor/`). Progress must never be lost and never stop the tutorial:
//! writes are atomic (exclusive temp file + rename + folder sync) and merge with what another
//! instance saved meanwhile, a file that cannot be read as progress is moved aside (or, if it
//! cannot be moved, never overwritten) with a message and the learner starts fresh, and a
//! directory that cannot be written only produces a warning.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::bounded_file::{ReadError, Symlinks, read_regular};

/// Saved progress is a few kilobytes (the quiz records of a 45-question bank are most of it, at most
/// [`MAX_QUIZ_RECORDS`] x [`QUIZ_HISTORY_LIMIT`] answers); a larger file is not ours, and would
/// otherwise be read and rewritten on every screen change.
pub const MAX_FILE_BYTES: u64 = 512 * 1024;

/// The highest Leitner box: a question answered right this many times in a row stays there.
pub const TOP_BOX: u8 = 5;
/// Answers kept per question (the newest): enough to see a trend, small enough to keep the file small.
pub const QUIZ_HISTORY_LIMIT: usize = 8;
/// Questions with a record; beyond this (a very large custom bank) the longest-unreviewed are
/// forgotten, so the file stays under [`MAX_FILE_BYTES`].
pub const MAX_QUIZ_RECORDS: usize = 300;

/// One answer to a quiz question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Review {
    /// Unix seconds.
    pub at: u64,
    pub right: bool,
}

/// A quiz question's Leitner box (1 = review first, [`TOP_BOX`] = known) and its recent answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizBox {
    #[serde(rename = "box")]
    pub level: u8,
    /// Unix seconds of the last answer.
    pub reviewed: u64,
    /// Oldest first, at most [`QUIZ_HISTORY_LIMIT`].
    #[serde(default)]
    pub history: Vec<Review>,
}

impl QuizBox {
    /// Whether the last answer was wrong (the question is due before any other).
    pub fn last_missed(&self) -> bool {
        self.history.last().is_some_and(|review| !review.right)
    }
}

/// The most questions a half-done quiz may list (the exam asks 10; a practice round fewer than the
/// bank); a longer record is not kept, so the file stays small whatever a lesson folder holds.
pub const MAX_QUIZ_IN_PROGRESS: usize = 100;
/// The longest question id a half-done quiz may list.
const MAX_QUIZ_ID_BYTES: usize = 200;

/// A quiz left half done, resumed at the next start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizInProgress {
    /// Unix seconds of the save: of two instances' records, the later one wins.
    pub saved_at: u64,
    /// `exam` or `practice`.
    pub mode: String,
    /// The seed of the draw and the option order; `None` for the file order (tests).
    pub seed: Option<u64>,
    /// The questions asked, in order. Empty: the quiz was finished (or given up for a new one) at
    /// `saved_at`, so an older half-done record from another instance does not come back.
    pub ids: Vec<String>,
    /// The answers given so far, one per question from the first.
    pub answers: Vec<QuizAnswer>,
}

/// One answer of a half-done quiz.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizAnswer {
    /// The option chosen, in display order (0 = A): the seed gives the same order again.
    pub option: usize,
    /// The hint was shown before answering (it is noted in the score).
    pub hint: bool,
}

impl QuizInProgress {
    /// Nothing to resume, as of `saved_at`.
    pub fn none_since(saved_at: u64) -> Self {
        Self { saved_at, mode: String::new(), seed: None, ids: Vec::new(), answers: Vec::new() }
    }

    /// Small enough to keep: at most [`MAX_QUIZ_IN_PROGRESS`] questions of short ids, and no
    /// more answers than questions.
    pub fn is_bounded(&self) -> bool {
        self.ids.len() <= MAX_QUIZ_IN_PROGRESS
            && self.answers.len() <= self.ids.len()
            && self.mode.len() <= MAX_QUIZ_ID_BYTES
            && self.ids.iter().all(|id| id.len() <= MAX_QUIZ_ID_BYTES)
    }
}

pub const APP_DIR: &str = "jwt-session-tutor";
pub const FILE_NAME: &str = "progress.json";

/// The best quiz result so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BestScore {
    pub right: usize,
    pub total: usize,
}

impl BestScore {
    /// Whether `self` is a better result than `other` (higher share right; on a tie, more questions).
    fn beats(&self, other: &BestScore) -> bool {
        let (a, b) = (self.right * other.total.max(1), other.right * self.total.max(1));
        a > b || (a == b && self.total > other.total)
    }
}

/// What is remembered between runs. Keyed by lesson ids, never by position, so edited lesson
/// folders keep working (unknown ids are simply ignored by the UI).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    #[serde(default)]
    pub completed: BTreeSet<String>,
    #[serde(default)]
    pub last_screen: Option<String>,
    #[serde(default)]
    pub best_quiz: Option<BestScore>,
    /// Screens the learner has opened, by id. Seeing a screen is not finishing it.
    #[serde(default)]
    pub seen: BTreeSet<String>,
    /// Tasks finished, by task id (`checkpoint:<screen>:<n>`, `predict:<screen>:<item>`,
    /// `lab:<screen>:<action>`, `quiz:<quiz>:finished`); a screen is done when all of its are.
    #[serde(default)]
    pub tasks_done: BTreeSet<String>,
    /// The learner's exercise project folder, chosen once in the tutorial.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exercise_dir: Option<PathBuf>,
    /// Exercise steps (1-4) whose checks all passed once, in the tutorial or `exercises check`.
    #[serde(default)]
    pub exercise_steps_passed: BTreeSet<u8>,
    /// Challenges solved (`alg-none`, …): the vulnerable server accepted the learner's credential.
    #[serde(default)]
    pub challenges_solved: BTreeSet<String>,
    /// Challenges whose worked solution the learner asked to see ("show me").
    #[serde(default)]
    pub challenges_revealed: BTreeSet<String>,
    /// Per question id: its Leitner box and recent answers (`quiz --practice` schedules from it).
    #[serde(default)]
    pub quiz_boxes: BTreeMap<String, QuizBox>,
    /// The quiz left half done (resumed at the next start), or when the last one ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quiz_in_progress: Option<Box<QuizInProgress>>,
}

impl Progress {
    pub fn mark_completed(&mut self, lesson_id: &str) {
        self.completed.insert(lesson_id.to_string());
    }

    pub fn is_completed(&self, lesson_id: &str) -> bool {
        self.completed.contains(lesson_id)
    }

    pub fn mark_seen(&mut self, screen_id: &str) {
        self.seen.insert(screen_id.to_string());
    }

    /// Whether the screen was opened; progress saved before `seen` existed recorded screens moved on
    /// from as `completed`, so those count as seen (and no more: moving on never finished a task).
    pub fn is_seen(&self, screen_id: &str) -> bool {
        self.seen.contains(screen_id) || self.completed.contains(screen_id)
    }

    pub fn mark_task_done(&mut self, task_id: &str) {
        self.tasks_done.insert(task_id.to_string());
    }

    pub fn is_task_done(&self, task_id: &str) -> bool {
        self.tasks_done.contains(task_id)
    }

    pub fn mark_exercise_step_passed(&mut self, step: u8) {
        self.exercise_steps_passed.insert(step);
    }

    pub fn set_last_screen(&mut self, lesson_id: &str) {
        self.last_screen = Some(lesson_id.to_string());
    }

    /// Records a solved challenge.
    pub fn mark_challenge_solved(&mut self, id: &str) {
        self.challenges_solved.insert(id.to_string());
    }

    /// Records that a challenge's worked solution was shown.
    pub fn mark_challenge_revealed(&mut self, id: &str) {
        self.challenges_revealed.insert(id.to_string());
    }

    /// Folds in the challenge marks of `other` (what another run saved meanwhile): both sets are
    /// unions, so a solve or a reveal recorded anywhere is never lost.
    pub fn merge_challenges(&mut self, other: &Progress) {
        self.challenges_solved.extend(other.challenges_solved.iter().cloned());
        self.challenges_revealed.extend(other.challenges_revealed.iter().cloned());
    }

    /// Records a finished quiz; returns true if it is a new best.
    pub fn record_quiz(&mut self, right: usize, total: usize) -> bool {
        let score = BestScore { right, total };
        let is_best = self.best_quiz.is_none_or(|best| score.beats(&best));
        if is_best {
            self.best_quiz = Some(score);
        }
        is_best
    }

    /// Records one answer to question `id` at `now` (unix seconds): right moves it up a box, a miss
    /// back to box 1.
    pub fn record_answer(&mut self, id: &str, right: bool, now: u64) {
        let record = self.quiz_boxes.entry(id.to_string()).or_insert(QuizBox {
            level: 1,
            reviewed: 0,
            history: Vec::new(),
        });
        record.level = if right { (record.level + 1).min(TOP_BOX) } else { 1 };
        record.reviewed = now;
        record.history.push(Review { at: now, right });
        let excess = record.history.len().saturating_sub(QUIZ_HISTORY_LIMIT);
        record.history.drain(..excess);
        self.forget_oldest_quiz_records();
    }

    /// Records where the quiz stands; a record over the bounds keeps only that nothing is to be
    /// resumed.
    pub fn set_quiz_in_progress(&mut self, record: QuizInProgress) {
        let kept = if record.is_bounded() { record } else { QuizInProgress::none_since(record.saved_at) };
        self.quiz_in_progress = Some(Box::new(kept));
    }

    /// The half-done quiz to resume, if any (within bounds, with a question left to answer).
    pub fn quiz_to_resume(&self) -> Option<&QuizInProgress> {
        self.quiz_in_progress
            .as_deref()
            .filter(|record| record.is_bounded() && record.answers.len() < record.ids.len())
    }

    fn forget_oldest_quiz_records(&mut self) {
        while self.quiz_boxes.len() > MAX_QUIZ_RECORDS {
            let oldest = self
                .quiz_boxes
                .iter()
                .min_by_key(|(_, record)| record.reviewed)
                .map(|(id, _)| id.clone())
                .expect("over the limit, so not empty");
            self.quiz_boxes.remove(&oldest);
        }
    }
}

/// Where progress lives, and the operations on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressStore {
    dir: PathBuf,
}

impl ProgressStore {
    /// A store in `dir` (the file is `dir/progress.json`).
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        ProgressStore { dir: dir.into() }
    }

    /// `$XDG_STATE_HOME/jwt-session-tutor`, else `$HOME/.local/state/jwt-session-tutor`;
    /// `None` when neither variable gives an absolute path.
    pub fn default_location() -> Option<Self> {
        Self::location_from(std::env::var_os("XDG_STATE_HOME"), std::env::var_os("HOME"))
    }

    fn location_from(
        xdg_state_home: Option<std::ffi::OsString>,
        home: Option<std::ffi::OsString>,
    ) -> Option<Self> {
        // The XDG spec says relative paths in these variables are invalid and must be ignored.
        let absolute =
            |value: Option<std::ffi::OsString>| value.map(PathBuf::from).filter(|path| path.is_absolute());
        if let Some(state) = absolute(xdg_state_home) {
            return Some(Self::at(state.join(APP_DIR)));
        }
        absolute(home).map(|home| Self::at(home.join(".local").join("state").join(APP_DIR)))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    /// Loads saved progress. Never fails: a missing file is a fresh start. Anything else that is
    /// not usable progress (damaged JSON, invalid UTF-8, a folder or FIFO, a file over
    /// [`MAX_FILE_BYTES`], a read error) gives a fresh start plus a message, and the old file is never
    /// lost: it is moved aside to `progress.json.bak-<unix time>`, or, when it cannot be moved (or is a
    /// symbolic link, which may be the learner's own arrangement), left where it is, and [`save`](Self::save)
    /// then refuses to replace it.
    pub fn load(&self) -> (Progress, Option<String>) {
        let path = self.path();
        let why = match self.read_on_disk() {
            OnDisk::Missing => return (Progress::default(), None),
            OnDisk::Found(progress) => return (*progress, None),
            OnDisk::Unusable(why) => why,
        };
        if why.is_symlink {
            let warning = format!(
                "saved progress at {} is a symbolic link; it was left as it is and progress will not be saved \
                 (make it a regular file to save progress)",
                path.display()
            );
            return (Progress::default(), Some(warning));
        }
        let what = if why.damaged {
            format!("saved progress at {} was damaged ({})", path.display(), why.detail)
        } else {
            format!("saved progress at {} could not be used ({})", path.display(), why.detail)
        };
        let warning = match self.move_aside() {
            Ok(backup) => format!("{what}; it was moved to {} and you are starting fresh", backup.display()),
            Err(e) => format!(
                "{what} and could not be moved aside ({e}); starting fresh, and progress will not be saved \
                 this time (the file was left as it is)"
            ),
        };
        (Progress::default(), Some(warning))
    }

    fn read_on_disk(&self) -> OnDisk {
        let bytes = match read_regular(&self.path(), MAX_FILE_BYTES, Symlinks::Refuse) {
            Ok(bytes) => bytes,
            Err(ReadError::NotFound) => return OnDisk::Missing,
            Err(error) => {
                let is_symlink = matches!(error, ReadError::NotRegular { kind: "a symbolic link" });
                return OnDisk::Unusable(Unusable { detail: error.to_string(), damaged: false, is_symlink });
            }
        };
        match serde_json::from_slice::<Progress>(&bytes) {
            Ok(progress) => OnDisk::Found(Box::new(progress)),
            Err(error) => {
                OnDisk::Unusable(Unusable { detail: error.to_string(), damaged: true, is_symlink: false })
            }
        }
    }

    /// Renames `progress.json` to a backup name that is not taken yet (an earlier backup is never
    /// overwritten, even within the same second).
    fn move_aside(&self) -> std::io::Result<PathBuf> {
        let stamp = unix_now();
        for attempt in 0..100 {
            let name = match attempt {
                0 => format!("{FILE_NAME}.bak-{stamp}"),
                n => format!("{FILE_NAME}.bak-{stamp}-{n}"),
            };
            let backup = self.dir.join(name);
            if fs::symlink_metadata(&backup).is_ok() {
                continue;
            }
            fs::rename(self.path(), &backup)?;
            return Ok(backup);
        }
        Err(std::io::Error::new(std::io::ErrorKind::AlreadyExists, "every backup name is taken"))
    }

    /// Saves without losing anything:
    /// - merge: the file is read again first and its done marks and best score are kept, so two
    ///   tutorials open at once both keep their progress (the last screen is this one's);
    /// - a file there that is not usable progress (see [`load`](Self::load)) is never replaced;
    /// - atomic: the JSON goes to a new temporary file in the same folder, created exclusively (an
    ///   existing file or planted symlink of that name makes the create fail, it is never followed),
    ///   synced, renamed over `progress.json`, and the folder synced so the rename survives a crash;
    /// - a temporary file left by a save that was killed (older than a minute) is removed.
    pub fn save(&self, progress: &Progress) -> Result<(), String> {
        let fail = |what: &str, e: &dyn std::fmt::Display| {
            format!(
                "could not save progress to {} ({what}: {e}); the tutorial still works",
                self.path().display()
            )
        };
        fs::create_dir_all(&self.dir).map_err(|e| fail("creating the folder", &e))?;
        self.remove_stale_temporaries();
        let merged = match self.read_on_disk() {
            OnDisk::Missing => progress.clone(),
            OnDisk::Found(on_disk) => (*on_disk).merged_with(progress),
            OnDisk::Unusable(why) => {
                return Err(fail("the file there is not saved progress and was left as it is", &why.detail));
            }
        };
        let json = serde_json::to_string_pretty(&merged).expect("progress is plain data");
        let temp = self.dir.join(format!("{TEMP_PREFIX}{}-{}", std::process::id(), unique_suffix()));
        let written = create_exclusive(&temp).and_then(|mut file| {
            file.write_all(json.as_bytes())?;
            file.write_all(b"\n")?;
            file.sync_all()
        });
        if let Err(e) = written.and_then(|()| fs::rename(&temp, self.path())) {
            let _ = fs::remove_file(&temp);
            return Err(fail("writing", &e));
        }
        // Without this the rename itself may be lost in a crash; some file systems cannot sync a
        // folder (EINVAL), and the data is already in place, so a failure here is not reported.
        if let Ok(folder) = fs::File::open(&self.dir) {
            let _ = folder.sync_all();
        }
        Ok(())
    }

    fn remove_stale_temporaries(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else { return };
        for entry in entries.flatten() {
            let is_ours = entry.file_name().to_str().is_some_and(|name| name.starts_with(TEMP_PREFIX));
            let age = entry.metadata().ok().and_then(|m| m.modified().ok()).and_then(|t| t.elapsed().ok());
            // A save takes milliseconds: a minute-old temporary belongs to no running save.
            if is_ours && age.is_some_and(|age| age.as_secs() >= 60) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    /// Forgets saved progress (`--reset-progress`). A missing file is already reset.
    pub fn reset(&self) -> Result<(), String> {
        match fs::remove_file(self.path()) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(format!("could not reset progress at {}: {e}", self.path().display())),
        }
    }
}

/// The temporary file a save writes before renaming it over `progress.json`.
const TEMP_PREFIX: &str = ".progress.json.tmp-";

/// What is at `progress.json`.
enum OnDisk {
    Missing,
    // Boxed: progress with its sets is far larger than the other variants.
    Found(Box<Progress>),
    Unusable(Unusable),
}

struct Unusable {
    detail: String,
    /// Read, but not progress JSON (as opposed to: not a regular file, too large, unreadable).
    damaged: bool,
    is_symlink: bool,
}

impl Progress {
    /// `self` (what is on disk) with `newer` saved over it: done marks, seen screens, done tasks,
    /// solved and revealed challenges and passed exercise steps of both, the better best score,
    /// `newer`'s last screen and (if it has one) exercise folder, and the later of the two half-done
    /// quizzes.
    fn merged_with(mut self, newer: &Progress) -> Progress {
        self.completed.extend(newer.completed.iter().cloned());
        self.seen.extend(newer.seen.iter().cloned());
        self.tasks_done.extend(newer.tasks_done.iter().cloned());
        self.exercise_steps_passed.extend(newer.exercise_steps_passed.iter().copied());
        // A folder chosen in one tutorial is not forgotten by another that never chose one.
        if newer.exercise_dir.is_some() {
            self.exercise_dir.clone_from(&newer.exercise_dir);
        }
        self.merge_challenges(newer);
        if newer.last_screen.is_some() {
            self.last_screen.clone_from(&newer.last_screen);
        }
        if let Some(best) = newer.best_quiz {
            self.record_quiz(best.right, best.total);
        }
        for (id, theirs) in &newer.quiz_boxes {
            let merged = match self.quiz_boxes.remove(id) {
                None => theirs.clone(),
                Some(mine) => merge_quiz_box(mine, theirs),
            };
            self.quiz_boxes.insert(id.clone(), merged);
        }
        self.forget_oldest_quiz_records();
        // Where the quiz stands is one fact, not a set: the later save wins (on the same second,
        // the one being saved, as for the boxes).
        if let Some(theirs) = &newer.quiz_in_progress
            && self.quiz_in_progress.as_ref().is_none_or(|mine| mine.saved_at <= theirs.saved_at)
        {
            self.quiz_in_progress = Some(theirs.clone());
        }
        self
    }
}

/// One question's record from two instances. The box comes from the later-reviewed record, not the
/// higher box: a box is the verdict of the latest answer, and taking the maximum would undo a miss
/// recorded later by the other instance, so a question the learner just got wrong would not come
/// back. On the same second the record being saved wins: that is nearly always the same instance
/// answering again (and under `--demo` the clock stands still, so every answer shares one time).
/// The histories are united (an answer given in either instance happened), newest kept.
fn merge_quiz_box(on_disk: QuizBox, newer: &QuizBox) -> QuizBox {
    let (level, reviewed) = if on_disk.reviewed > newer.reviewed {
        (on_disk.level, on_disk.reviewed)
    } else {
        (newer.level, newer.reviewed)
    };
    let mut history: Vec<Review> = on_disk.history;
    history.extend(newer.history.iter().copied());
    history.sort();
    history.dedup();
    let excess = history.len().saturating_sub(QUIZ_HISTORY_LIMIT);
    history.drain(..excess);
    QuizBox { level, reviewed, history }
}

fn create_exclusive(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    // create_new is O_CREAT|O_EXCL: it fails on any existing name, a symlink included.
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Different for every save of every process, so a name cannot be planted in advance by guessing the pid.
fn unique_suffix() -> String {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.subsec_nanos());
    format!("{nanos:09}{:08x}", rand::random::<u32>())
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xdg_state_home_wins_and_relative_paths_are_ignored() {
        let store = ProgressStore::location_from(Some("/state".into()), Some("/home/me".into())).unwrap();
        assert_eq!(store.path(), Path::new("/state/jwt-session-tutor/progress.json"));
        let store = ProgressStore::location_from(Some("relative".into()), Some("/home/me".into())).unwrap();
        assert_eq!(store.path(), Path::new("/home/me/.local/state/jwt-session-tutor/progress.json"));
        assert_eq!(ProgressStore::location_from(None, None), None);
    }

    #[test]
    fn best_score_keeps_the_better_share() {
        let mut progress = Progress::default();
        assert!(progress.record_quiz(5, 10));
        assert!(!progress.record_quiz(4, 10));
        assert!(progress.record_quiz(9, 10));
        assert!(!progress.record_quiz(2, 3));
        assert_eq!(progress.best_quiz, Some(BestScore { right: 9, total: 10 }));
    }
}
