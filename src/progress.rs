//! The learner's saved progress: screens completed, the last screen, the best quiz score.
//!
//! Stored as JSON in `$XDG_STATE_HOME/jwt-session-tutor/progress.json` (else
//! `~/.local/state/jwt-session-tutor/`). Progress must never be lost and never stop the tutorial:
//! writes are atomic (exclusive temp file + rename + folder sync) and merge with what another
//! instance saved meanwhile, a file that cannot be read as progress is moved aside (or, if it
//! cannot be moved, never overwritten) with a message and the learner starts fresh, and a
//! directory that cannot be written only produces a warning.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::bounded_file::{ReadError, Symlinks, read_regular};

/// Saved progress is a few hundred bytes; a larger file is not ours, and would otherwise be read
/// and rewritten on every screen change.
pub const MAX_FILE_BYTES: u64 = 64 * 1024;

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

    pub fn set_last_screen(&mut self, lesson_id: &str) {
        self.last_screen = Some(lesson_id.to_string());
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
            OnDisk::Found(progress) => return (progress, None),
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
            Ok(progress) => OnDisk::Found(progress),
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
            OnDisk::Found(on_disk) => on_disk.merged_with(progress),
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
    Found(Progress),
    Unusable(Unusable),
}

struct Unusable {
    detail: String,
    /// Read, but not progress JSON (as opposed to: not a regular file, too large, unreadable).
    damaged: bool,
    is_symlink: bool,
}

impl Progress {
    /// `self` (what is on disk) with `newer` saved over it: done marks, seen screens and done tasks
    /// of both, the better best score, and `newer`'s last screen.
    fn merged_with(mut self, newer: &Progress) -> Progress {
        self.completed.extend(newer.completed.iter().cloned());
        self.seen.extend(newer.seen.iter().cloned());
        self.tasks_done.extend(newer.tasks_done.iter().cloned());
        if newer.last_screen.is_some() {
            self.last_screen.clone_from(&newer.last_screen);
        }
        if let Some(best) = newer.best_quiz {
            self.record_quiz(best.right, best.total);
        }
        self
    }
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
