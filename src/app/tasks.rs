//! What finishing a screen means. Opening a screen only makes it *seen*; it is *done* when every
//! one of its tasks is done (a screen with no tasks, such as the welcome or a concept screen
//! without a checkpoint, is done once seen). Tasks are named by stable ids, saved in the progress
//! file's `tasks_done`, so a reordered course keeps a learner's work:
//!
//! - `checkpoint:<screen>:<n>`: the screen's n-th checkpoint question answered (1-based);
//! - `lab:<screen>:<action>`: a lab action or switch tried (scaling lab), an attack run (attack lab);
//! - `quiz:<quiz>:finished`: the practice quiz played to its score;
//! - `predict:<screen>:<item>`: a prediction made (recorded, but never required: `--no-predict`
//!   must not keep a screen from being done).
//!
//! An exercise (`exercise:<screen>`) or a challenge task is one more arm in [`screen_tasks`].

use std::collections::{BTreeSet, HashSet};

use super::Screen;
use super::panels::scaling::ScalingItem;
use crate::labs::attacks::AttackKind;
use crate::lessons::{Course, Lesson, PanelKind};

/// One thing to do on a screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    /// The id saved in progress.
    pub id: String,
    /// What the learner is asked to do, as the Summary and `progress` say it.
    pub label: String,
}

/// Where a screen stands for this learner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ScreenProgress {
    NotSeen,
    Seen,
    Done,
}

impl ScreenProgress {
    pub fn name(self) -> &'static str {
        match self {
            ScreenProgress::NotSeen => "not seen",
            ScreenProgress::Seen => "seen",
            ScreenProgress::Done => "done",
        }
    }
}

/// The state of a screen whose id is `screen_id`, given what was seen and which tasks are done.
pub fn screen_state(
    screen_id: &str,
    tasks: &[Task],
    seen: &impl Fn(&str) -> bool,
    task_done: &impl Fn(&str) -> bool,
) -> ScreenProgress {
    if !seen(screen_id) {
        ScreenProgress::NotSeen
    } else if tasks.iter().all(|task| task_done(&task.id)) {
        ScreenProgress::Done
    } else {
        ScreenProgress::Seen
    }
}

pub fn checkpoint_task_id(screen_id: &str, number: usize) -> String {
    format!("checkpoint:{screen_id}:{number}")
}

pub fn lab_task_id(screen_id: &str, action: &str) -> String {
    format!("lab:{screen_id}:{action}")
}

pub fn quiz_task_id(quiz_id: &str) -> String {
    format!("quiz:{quiz_id}:finished")
}

pub fn predict_task_id(screen_id: &str, item: &str) -> String {
    format!("predict:{screen_id}:{item}")
}

/// The tasks of one screen of `course`, in the order the learner meets them.
pub fn screen_tasks(course: &Course, screen: Screen) -> Vec<Task> {
    match screen {
        Screen::Quiz => vec![Task {
            id: quiz_task_id(&course.quiz.id),
            label: "play the practice quiz to its score".to_string(),
        }],
        Screen::Lesson(index) => lesson_tasks(&course.lessons[index]),
    }
}

fn lesson_tasks(lesson: &Lesson) -> Vec<Task> {
    let mut tasks = Vec::new();
    if lesson.panels.contains(&PanelKind::Scaling) {
        tasks.extend(scaling_tasked_items().map(|item| Task {
            id: lab_task_id(&lesson.id, scaling_item_key(item)),
            label: format!("try: {}", item.label()),
        }));
    }
    if lesson.panels.contains(&PanelKind::Attacks) {
        tasks.extend(AttackKind::ALL.into_iter().map(|kind| Task {
            id: lab_task_id(&lesson.id, attack_key(kind)),
            label: format!("run the attack: {}", kind.title()),
        }));
    }
    tasks.extend(lesson.checkpoints.iter().enumerate().map(|(index, question)| Task {
        id: checkpoint_task_id(&lesson.id, index + 1),
        label: format!("answer checkpoint {} ({})", index + 1, question.topic),
    }));
    tasks
}

/// The scaling lab's rows that count as tasks: every action and switch but the reset, which
/// teaches nothing by itself.
pub fn scaling_tasked_items() -> impl Iterator<Item = ScalingItem> {
    ScalingItem::ALL.into_iter().filter(|item| *item != ScalingItem::Reset)
}

/// The stable name of a scaling row in task ids.
pub fn scaling_item_key(item: ScalingItem) -> &'static str {
    match item {
        ScalingItem::Login => "login",
        ScalingItem::RequestWithCookie => "request-with-cookie",
        ScalingItem::RequestWithJwt => "request-with-jwt",
        ScalingItem::Logout => "logout",
        ScalingItem::CheckRevocation => "check-revocation",
        ScalingItem::RestartA => "restart-a",
        ScalingItem::Reset => "reset",
        ScalingItem::Sticky => "sticky-sessions",
        ScalingItem::SharedStore => "shared-store",
        ScalingItem::Denylist => "jti-denylist",
    }
}

/// The stable name of an attack in task ids.
pub fn attack_key(kind: AttackKind) -> &'static str {
    match kind {
        AttackKind::AlgNone => "alg-none",
        AttackKind::EditedPayload => "edited-payload",
        AttackKind::WeakSecret => "weak-secret",
        AttackKind::StrongSecret => "strong-secret",
        AttackKind::StolenTokenReplay => "stolen-token-replay",
        AttackKind::SessionFixation => "session-fixation",
        AttackKind::SessionFixationWrongWay => "session-fixation-wrong-way",
        AttackKind::ScriptReadableCookie => "script-readable-cookie",
        AttackKind::HttpOnlyCookie => "httponly-cookie",
    }
}

/// Each screen's id, label, state and tasks (with whether each is done), for the Summary and the
/// `progress` command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenReport {
    pub id: String,
    pub title: String,
    pub state: ScreenProgress,
    pub tasks: Vec<(Task, bool)>,
}

/// The report of every screen of `course`, from the seen screens and done tasks.
pub fn course_report(
    course: &Course,
    seen: &HashSet<String>,
    tasks_done: &BTreeSet<String>,
) -> Vec<ScreenReport> {
    super::screens_of(course)
        .into_iter()
        .map(|screen| {
            let (id, title) = match screen {
                Screen::Quiz => (course.quiz.id.clone(), course.quiz.title.clone()),
                Screen::Lesson(index) => {
                    (course.lessons[index].id.clone(), course.lessons[index].title.clone())
                }
            };
            let tasks = screen_tasks(course, screen);
            let state = screen_state(&id, &tasks, &|id| seen.contains(id), &|task| tasks_done.contains(task));
            let tasks = tasks.into_iter().map(|task| {
                let done = tasks_done.contains(&task.id);
                (task, done)
            });
            ScreenReport { id, title, state, tasks: tasks.collect() }
        })
        .collect()
}
