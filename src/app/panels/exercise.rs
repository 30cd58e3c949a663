//! The Exercise panel of a step screen: the learner's own Next.js project, checked for real. Enter
//! creates the folder (asked once: `e` edits where, remembered in progress), then opens the step's
//! main file in `$VISUAL`/`$EDITOR` (an [`Effect`] the terminal loop performs). Checks run on
//! workers ([`Job::Exercise`]) when the folder is made, when the screen's step is first shown, and
//! after the editor closes; each result comes back as [`Action::ExerciseChecked`].

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::{Commands, PanelKeys};
use crate::app::engine::Job;
use crate::app::fields::{FieldId, TextField};
use crate::app::{Action, App, PanelId};
use crate::exercises::checks::{StepReport, run_step};
use crate::exercises::project::{new_env_local, step_info, template_files, write_new_project};
use crate::js::Project;
use crate::lessons::PanelKind;

/// Where the project goes unless the learner says otherwise: under the current directory.
pub const DEFAULT_DIR: &str = "./jwt-session-exercise";

/// Something only the terminal loop can do, asked for by `update`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Leave the tutorial's screen, run the learner's editor on `file`, wait, come back.
    OpenEditor { file: PathBuf },
}

/// The exercise's state, shared by the four step screens.
#[derive(Debug)]
pub struct ExerciseState {
    /// Where to create the project (until it exists).
    pub dir_field: TextField,
    /// The learner's project, once created (or remembered from progress).
    pub dir: Option<PathBuf>,
    /// The last result of each step's checks on `dir`.
    pub reports: BTreeMap<u8, StepReport>,
    /// Why the folder could not be made or read, or the editor run.
    pub problem: Option<String>,
    /// Steps whose checks are running on a worker.
    pub checking: BTreeSet<u8>,
    /// Effects for the terminal loop.
    pub effects: Vec<Effect>,
    /// A folder the loop should start watching for saves (taken once).
    pub watch_wanted: Option<PathBuf>,
    /// The live panels show the tutorial's engine even when the learner's checks have run (`y`).
    pub engine_view: bool,
}

impl Default for ExerciseState {
    fn default() -> Self {
        ExerciseState {
            dir_field: TextField::new(DEFAULT_DIR),
            dir: None,
            reports: BTreeMap::new(),
            problem: None,
            checking: BTreeSet::new(),
            effects: Vec::new(),
            watch_wanted: None,
            engine_view: false,
        }
    }
}

/// A worker's part: make the project, or run a step's checks on it.
#[derive(Debug, Clone)]
pub enum ExerciseJob {
    Create { dir: PathBuf },
    Check { dir: PathBuf, step: u8 },
}

impl ExerciseJob {
    pub fn run(self) -> Action {
        match self {
            ExerciseJob::Create { dir } => {
                // Remembered in progress, so it must still name the folder from another directory.
                let dir = std::path::absolute(&dir).unwrap_or(dir);
                let result = write_new_project(&dir, &template_files(&new_env_local()))
                    .map_err(|error| error.to_string());
                Action::ExerciseCreated { dir, result }
            }
            ExerciseJob::Check { dir, step } => Action::ExerciseChecked(check_project(&dir, step)),
        }
    }
}

/// One run of a step's checks on a folder: the report, or why the folder could not be loaded
/// (`file:line:column: SyntaxError: ...`).
#[derive(Debug, Clone)]
pub struct CheckRun {
    pub dir: PathBuf,
    pub step: u8,
    pub result: Result<StepReport, String>,
}

impl PartialEq for CheckRun {
    fn eq(&self, other: &Self) -> bool {
        let outcome = |run: &CheckRun| match &run.result {
            Ok(report) => Ok(report
                .checks
                .iter()
                .map(|check| (check.check.id, check.status.clone(), check.detail.clone()))
                .collect::<Vec<_>>()),
            Err(error) => Err(error.clone()),
        };
        self.dir == other.dir && self.step == other.step && outcome(self) == outcome(other)
    }
}

/// Loads `dir` and runs step `step`'s checks on it (the worker's part; tests call it directly).
pub fn check_project(dir: &Path, step: u8) -> CheckRun {
    let result =
        Project::load(dir).map(|project| run_step(&project, step)).map_err(|error| error.to_string());
    CheckRun { dir: dir.to_path_buf(), step, result }
}

pub struct ExercisePanel;

impl PanelKeys for ExercisePanel {
    fn commands(&self, app: &App) -> Commands {
        match &app.exercise.dir {
            None => Commands { enter: Some("create folder"), edit: Some("folder") },
            Some(_) => Commands { enter: Some("open editor"), edit: None },
        }
    }

    fn activate(&self, app: &mut App) {
        match app.exercise.dir.clone() {
            None => app.create_exercise(),
            Some(dir) => app.open_exercise_file(&dir),
        }
    }

    fn edit_field(&self, app: &App) -> Option<FieldId> {
        app.exercise.dir.is_none().then_some(FieldId::ExerciseDir)
    }
}

impl App {
    /// The step of the current screen, when it is a step screen.
    pub fn exercise_step(&self) -> Option<u8> {
        self.lesson().and_then(|lesson| lesson.step)
    }

    /// The latest run of the current step's checks, when the live panels show the learner's code
    /// (a run that sent requests, and `y` has not switched to the engine).
    pub fn learner_traffic(&self) -> Option<&StepReport> {
        self.learner_run().filter(|_| !self.exercise.engine_view)
    }

    /// The latest run of the current step's checks that sent requests, whichever view is chosen.
    fn learner_run(&self) -> Option<&StepReport> {
        let report = self.exercise.reports.get(&self.exercise_step()?)?;
        report.checks.iter().any(|check| !check.exchanges.is_empty()).then_some(report)
    }

    /// What `y` switches the live panels to, on a step screen with traffic panels and a run of the
    /// learner's checks; `None` elsewhere.
    pub fn live_source_word(&self) -> Option<&'static str> {
        self.learner_run()?;
        let traffic = [PanelKind::Exchange, PanelKind::Token, PanelKind::Sessions, PanelKind::Cookies];
        let has_traffic_panel =
            self.panels().iter().any(|panel| traffic.iter().any(|kind| *panel == PanelId::Live(*kind)));
        has_traffic_panel.then_some(if self.exercise.engine_view { "your code" } else { "engine" })
    }

    fn create_exercise(&mut self) {
        let typed = self.exercise.dir_field.value().trim();
        if typed.is_empty() {
            self.exercise.problem = Some("type a folder name first (e edits it)".to_string());
            return;
        }
        self.exercise.problem = None;
        self.engine.push_job(Job::Exercise(ExerciseJob::Create { dir: PathBuf::from(typed) }));
    }

    /// Asks the loop to open the step's main file in the learner's editor.
    fn open_exercise_file(&mut self, dir: &Path) {
        let Some(info) = self.exercise_step().and_then(step_info) else { return };
        self.exercise.effects.push(Effect::OpenEditor { file: dir.join(info.files[0]) });
    }

    /// Queues the current step's checks, unless they are already running.
    pub(crate) fn check_exercise_step(&mut self) {
        let (Some(dir), Some(step)) = (self.exercise.dir.clone(), self.exercise_step()) else { return };
        if self.exercise.checking.insert(step) {
            self.engine.push_job(Job::Exercise(ExerciseJob::Check { dir, step }));
        }
    }

    /// Effects queued since the last call, for the terminal loop.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.exercise.effects)
    }

    pub(crate) fn exercise_created(&mut self, dir: PathBuf, result: Result<(), String>) {
        match result {
            Ok(()) => {
                self.exercise.problem = None;
                self.use_exercise_dir(dir);
                self.check_exercise_step();
            }
            Err(error) => self.exercise.problem = Some(error),
        }
    }

    /// The folder whose saves the loop should start watching, once per folder.
    pub fn take_watch_request(&mut self) -> Option<PathBuf> {
        self.exercise.watch_wanted.take()
    }

    /// The watcher saw a save in `dir`: every step's last result is stale, and the current step's
    /// checks run again (on a worker).
    pub(crate) fn exercise_saved(&mut self, dir: PathBuf) {
        if self.exercise.dir.as_deref() != Some(dir.as_path()) {
            return;
        }
        // The current step's result stays on screen until the new one replaces it.
        let current = self.exercise_step();
        self.exercise.reports.retain(|step, _| Some(*step) == current);
        self.check_exercise_step();
    }

    /// Makes `dir` the learner's project, remembered in progress, and watched for saves.
    pub fn use_exercise_dir(&mut self, dir: PathBuf) {
        self.exercise.reports.clear();
        self.exercise.watch_wanted = Some(dir.clone());
        self.exercise.dir = Some(dir.clone());
        self.remember(|progress| progress.exercise_dir = Some(dir));
    }

    /// A step's checks came back: shown, and recorded when they all pass. A run for another folder
    /// (the learner moved on) is dropped.
    pub fn exercise_run_finished(&mut self, run: CheckRun) {
        self.exercise.checking.remove(&run.step);
        if self.exercise.dir.as_deref() != Some(run.dir.as_path()) {
            return;
        }
        match run.result {
            Ok(report) => {
                self.exercise.problem = None;
                self.exercise_checked(&report);
                self.exercise.reports.insert(run.step, report);
            }
            Err(error) => self.exercise.problem = Some(error),
        }
    }

    /// The editor closed: check again what the learner saved.
    pub(crate) fn editor_closed(&mut self, result: Result<(), String>) {
        if let Err(error) = result {
            self.exercise.problem = Some(error);
        }
        self.check_exercise_step();
    }
}
