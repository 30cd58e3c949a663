//! The learner's saved progress: screens completed, the last screen, the best quiz score.
//!
//! Stored as JSON in `$XDG_STATE_HOME/jwt-session-tutor/progress.json` (else
//! `~/.local/state/jwt-session-tutor/`). Progress must never be lost and never stop the tutorial:
//! writes are atomic (temp file + rename), a file that cannot be read as progress is moved aside
//! with a message and the learner starts fresh, and a directory that cannot be written only
//! produces a warning.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

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
    /// Challenges solved (`alg-none`, …): the vulnerable server accepted the learner's credential.
    #[serde(default)]
    pub challenges_solved: BTreeSet<String>,
    /// Challenges whose worked solution the learner asked to see ("show me").
    #[serde(default)]
    pub challenges_revealed: BTreeSet<String>,
}

impl Progress {
    pub fn mark_completed(&mut self, lesson_id: &str) {
        self.completed.insert(lesson_id.to_string());
    }

    pub fn is_completed(&self, lesson_id: &str) -> bool {
        self.completed.contains(lesson_id)
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

    /// Loads saved progress. Never fails: a missing file is a fresh start; an unreadable or
    /// corrupt one gives a fresh start plus a message for the learner (a corrupt file is first
    /// moved aside to `progress.json.bak-<unix time>` so nothing is lost).
    pub fn load(&self) -> (Progress, Option<String>) {
        let path = self.path();
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Progress::default(), None),
            Err(e) => {
                let warning = format!(
                    "could not read saved progress at {}: {e}; starting fresh (the file was left as it is)",
                    path.display()
                );
                return (Progress::default(), Some(warning));
            }
        };
        match serde_json::from_str::<Progress>(&text) {
            Ok(progress) => (progress, None),
            Err(parse_error) => {
                let backup = self.dir.join(format!("{FILE_NAME}.bak-{}", unix_now()));
                let warning = match fs::rename(&path, &backup) {
                    Ok(()) => format!(
                        "saved progress at {} was damaged ({parse_error}); it was moved to {} and you are starting fresh",
                        path.display(),
                        backup.display()
                    ),
                    Err(e) => format!(
                        "saved progress at {} was damaged ({parse_error}) and could not be moved aside ({e}); \
                         starting fresh",
                        path.display()
                    ),
                };
                (Progress::default(), Some(warning))
            }
        }
    }

    /// Saves atomically: the JSON is written to a temporary file in the same directory, flushed,
    /// then renamed over `progress.json`, so a crash never leaves half a file.
    pub fn save(&self, progress: &Progress) -> Result<(), String> {
        let fail = |what: &str, e: std::io::Error| {
            format!(
                "could not save progress to {} ({what}: {e}); the tutorial still works",
                self.path().display()
            )
        };
        fs::create_dir_all(&self.dir).map_err(|e| fail("creating the folder", e))?;
        let json = serde_json::to_string_pretty(progress).expect("progress is plain data");
        let temp = self.dir.join(format!(".{FILE_NAME}.tmp-{}", std::process::id()));
        let written = fs::File::create(&temp).and_then(|mut file| {
            file.write_all(json.as_bytes())?;
            file.write_all(b"\n")?;
            file.sync_all()
        });
        if let Err(e) = written.and_then(|()| fs::rename(&temp, self.path())) {
            let _ = fs::remove_file(&temp);
            return Err(fail("writing", e));
        }
        Ok(())
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
