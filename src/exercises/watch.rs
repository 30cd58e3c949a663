//! Reruns checks when the learner saves: OS file events through `notify` (inotify, FSEvents, …), never
//! polling, so an idle watch uses no CPU.
//!
//! [`ProjectWatcher`] reports saves of the files the checks read (`.js`, `.mjs`, `.json` under `app/` and
//! `lib/`, and the root's `.env*` and JSON files), ignoring `node_modules`, `.next` and editor swap files.
//! [`watch_steps`] is the loop the CLI's `--watch` and the TUI use: check, wait for a save, check again.

use std::ops::ControlFlow;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::checks::{CheckResult, StepReport, run_step_with};
use crate::js::Project;

/// How long to wait after a file event for the rest of one save (editors write, rename and chmod).
pub const SETTLE: Duration = Duration::from_millis(25);

/// Watches one exercise project folder.
pub struct ProjectWatcher {
    root: PathBuf,
    events: Receiver<notify::Result<notify::Event>>,
    // Dropping the watcher stops the OS subscription; kept alive with the receiver.
    _watcher: RecommendedWatcher,
}

/// The folder could not be watched.
#[derive(Debug)]
pub struct WatchError(pub String);

impl std::fmt::Display for WatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WatchError {}

impl ProjectWatcher {
    /// Starts watching `root` (its own files) and its `app/` and `lib/` folders (recursively).
    pub fn new(root: &Path) -> Result<Self, WatchError> {
        let (sender, events) = mpsc::channel();
        let mut watcher = notify::recommended_watcher(move |event| {
            // The receiver is gone only when the watcher is being dropped.
            let _ = sender.send(event);
        })
        .map_err(|error| WatchError(format!("{}: cannot watch: {error}", root.display())))?;
        let watch = |watcher: &mut RecommendedWatcher, path: &Path, mode| {
            watcher
                .watch(path, mode)
                .map_err(|error| WatchError(format!("{}: cannot watch: {error}", path.display())))
        };
        watch(&mut watcher, root, RecursiveMode::NonRecursive)?;
        for folder in ["app", "lib"] {
            let path = root.join(folder);
            if path.is_dir() {
                watch(&mut watcher, &path, RecursiveMode::Recursive)?;
            }
        }
        // Events name absolute paths; compare them with the absolute root.
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        Ok(Self { root, events, _watcher: watcher })
    }

    /// Waits (up to `timeout`, or for ever) for a save of a file the checks read, then for the save to
    /// settle; returns the changed files relative to the root. `None` on timeout.
    pub fn wait_for_change(&self, timeout: Option<Duration>) -> Option<Vec<PathBuf>> {
        let deadline = timeout.map(|timeout| Instant::now() + timeout);
        let mut changed: Vec<PathBuf> = Vec::new();
        while changed.is_empty() {
            let event = match deadline {
                None => self.events.recv().ok()?,
                Some(deadline) => {
                    match self.events.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                        Ok(event) => event,
                        Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
                    }
                }
            };
            self.collect(event, &mut changed);
        }
        while let Ok(event) = self.events.recv_timeout(SETTLE) {
            self.collect(event, &mut changed);
        }
        Some(changed)
    }

    /// The changes that arrived so far, without waiting (for a UI's event loop); `None` if there are none.
    pub fn try_change(&self) -> Option<Vec<PathBuf>> {
        let mut changed = Vec::new();
        while let Ok(event) = self.events.try_recv() {
            self.collect(event, &mut changed);
        }
        (!changed.is_empty()).then_some(changed)
    }

    fn collect(&self, event: notify::Result<notify::Event>, changed: &mut Vec<PathBuf>) {
        let Ok(event) = event else { return };
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        for path in event.paths {
            let relative = path.strip_prefix(&self.root).unwrap_or(&path).to_path_buf();
            if is_checked_file(&relative) && !changed.contains(&relative) {
                changed.push(relative);
            }
        }
    }
}

/// True for the files the checks read, relative to the project root.
pub fn is_checked_file(relative: &Path) -> bool {
    let names: Vec<&str> = relative
        .components()
        .filter_map(|component| match component {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect();
    let Some((file, folders)) = names.split_last() else { return false };
    if folders.iter().any(|folder| matches!(*folder, "node_modules" | ".next" | ".git")) {
        return false;
    }
    let code = file.ends_with(".js") || file.ends_with(".mjs") || file.ends_with(".json");
    match folders.first() {
        None => {
            (file.starts_with(".env") && !file.ends_with(".swp") && !file.ends_with('~'))
                || file.ends_with(".json")
        }
        Some(&"app" | &"lib") => code,
        Some(_) => false,
    }
}

/// What [`watch_steps`] reports.
pub enum WatchEvent<'a> {
    /// A run starts; `changed` lists the saved files (empty for the first run).
    Started { changed: &'a [PathBuf] },
    /// The folder could not be read (the run is skipped until the next save).
    LoadError(String),
    /// One check was judged.
    Checked(&'a CheckResult),
    /// One step's checks are complete.
    Finished(&'a StepReport),
}

/// Runs the checks of `steps` now and after every save, until `on_event` returns `Break` (or the watch
/// ends). Each check is reported as soon as it is judged, and each step when it is complete.
pub fn watch_steps(
    root: &Path,
    steps: &[u8],
    mut on_event: impl FnMut(WatchEvent) -> ControlFlow<()>,
) -> Result<(), WatchError> {
    let watcher = ProjectWatcher::new(root)?;
    let mut changed: Vec<PathBuf> = Vec::new();
    loop {
        if check_once(root, steps, &changed, &mut on_event).is_break() {
            return Ok(());
        }
        match watcher.wait_for_change(None) {
            Some(files) => changed = files,
            None => return Ok(()),
        }
    }
}

fn check_once(
    root: &Path,
    steps: &[u8],
    changed: &[PathBuf],
    on_event: &mut impl FnMut(WatchEvent) -> ControlFlow<()>,
) -> ControlFlow<()> {
    on_event(WatchEvent::Started { changed })?;
    let project = match Project::load(root) {
        Ok(project) => project,
        Err(error) => return on_event(WatchEvent::LoadError(error.to_string())),
    };
    for &step in steps {
        let mut flow = ControlFlow::Continue(());
        let report = run_step_with(&project, step, |result| {
            flow = on_event(WatchEvent::Checked(result));
            flow
        });
        flow?;
        on_event(WatchEvent::Finished(&report))?;
    }
    ControlFlow::Continue(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_files_the_checks_read_count() {
        for path in
            ["app/api/auth/route.js", "lib/session-store.js", ".env.local", "jsconfig.json", "package.json"]
        {
            assert!(is_checked_file(Path::new(path)), "{path}");
        }
        for path in [
            "node_modules/next/index.js",
            ".next/server/app.js",
            "app/api/auth/.route.js.swp",
            "app/api/auth/route.js~",
            "README.md",
            "scripts/x.js",
            "lib/node_modules/x.js",
        ] {
            assert!(!is_checked_file(Path::new(path)), "{path}");
        }
    }

    #[test]
    fn a_save_is_reported_once_it_settles() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("app/api/auth")).unwrap();
        let watcher = ProjectWatcher::new(dir.path()).unwrap();
        assert_eq!(watcher.try_change(), None, "nothing saved yet");
        std::fs::write(dir.path().join("app/api/auth/route.js"), "export const a = 1;\n").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not checked").unwrap();
        let changed = watcher.wait_for_change(Some(Duration::from_secs(5))).expect("the save is seen");
        assert_eq!(changed, [PathBuf::from("app/api/auth/route.js")]);
        assert_eq!(watcher.wait_for_change(Some(Duration::from_millis(100))), None, "nothing more");
    }
}
