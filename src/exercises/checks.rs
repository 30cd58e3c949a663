//! The named checks of each step: real requests sent to the learner's route handlers (run by
//! [`crate::js::JsServer`]), and what the answers must be.
//!
//! Every check says what it sends and expects, a hint, and why it matters. A check that cannot be judged
//! because something it builds on fails (no login, so no token to inspect) is [`Status::Blocked`], naming
//! that other check, rather than failed: each mistake shows up where it was made.

mod lab;
mod step1;
mod step2;
mod step3;
mod step4;

use std::collections::HashMap;
use std::ops::ControlFlow;

use serde_json::{Value, json};

use crate::auth::http::Request;
use crate::js::{Handled, Project};

use lab::Lab;

/// How a check came out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// The behaviour is right.
    Passed,
    /// The behaviour is wrong; the detail says how.
    Failed,
    /// Not judged, because the named check (which it builds on) does not pass.
    Blocked {
        /// The id of that check.
        by: &'static str,
    },
}

/// One request the check sent and what the learner's code answered.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// The request sent.
    pub request: Request,
    /// The learner's answer (with its console output and any uncaught error).
    pub response: Handled,
}

/// A named check, before it runs.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    /// Stable id, e.g. `login-ok`.
    pub id: &'static str,
    /// One line: what behaviour is checked.
    pub title: &'static str,
    /// What is sent and what must come back.
    pub expected: &'static str,
    /// What to do when it fails.
    pub hint: &'static str,
    /// Why the behaviour matters.
    pub why: &'static str,
    /// Checks that must pass before this one can be judged.
    needs: &'static [&'static str],
    /// Ok(what was seen) when right; Err(failure or blocked) otherwise.
    run: fn(&mut Lab) -> Result<String, Outcome>,
}

/// Why a check did not pass.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    Failed(String),
    Blocked(&'static str),
}

/// A check that ran.
#[derive(Debug, Clone)]
pub struct CheckResult {
    /// The check's definition.
    pub check: Check,
    /// Passed, failed or blocked.
    pub status: Status,
    /// What went wrong (failed), what it waits for (blocked), or what was seen (passed).
    pub detail: String,
    /// The requests sent for this check and the answers, in order.
    pub exchanges: Vec<Exchange>,
}

impl CheckResult {
    /// True when the check passed.
    pub fn passed(&self) -> bool {
        self.status == Status::Passed
    }
}

/// Every check of one step, in the order the learner meets them.
#[derive(Debug, Clone)]
pub struct StepReport {
    /// 1 to 4.
    pub step: u8,
    /// One result per check.
    pub checks: Vec<CheckResult>,
}

impl StepReport {
    /// A step is done when every one of its checks passes.
    pub fn passed(&self) -> bool {
        self.checks.iter().all(CheckResult::passed)
    }

    /// `{ "step": N, "checks": [ { "id", "title", "passed", "detail" } ] }`.
    pub fn to_json(&self) -> Value {
        let checks: Vec<Value> = self
            .checks
            .iter()
            .map(|result| {
                json!({
                    "id": result.check.id,
                    "title": result.check.title,
                    "passed": result.passed(),
                    "detail": result.detail,
                })
            })
            .collect();
        json!({ "step": self.step, "checks": checks })
    }
}

/// The checks of `step` (1 to 4), in order; empty for any other number.
pub fn checks_of(step: u8) -> &'static [Check] {
    match step {
        1 => step1::CHECKS,
        2 => step2::CHECKS,
        3 => step3::CHECKS,
        4 => step4::CHECKS,
        _ => &[],
    }
}

fn find_check(id: &str) -> Option<&'static Check> {
    (1..=4).flat_map(checks_of).find(|check| check.id == id)
}

/// Runs every check of `step` against `project` and returns the report.
pub fn run_step(project: &Project, step: u8) -> StepReport {
    run_step_with(project, step, |_| ControlFlow::Continue(()))
}

/// Like [`run_step`], calling `on_result` as soon as each check is judged (a UI shows results as they
/// come). `Break` stops after that check: the report then holds the checks judged so far.
pub fn run_step_with(
    project: &Project,
    step: u8,
    mut on_result: impl FnMut(&CheckResult) -> ControlFlow<()>,
) -> StepReport {
    let mut lab = Lab::new(project);
    let mut known: HashMap<&'static str, bool> = HashMap::new();
    let mut checks = Vec::new();
    let mut does_not_start: Option<&'static str> = None;
    for check in checks_of(step) {
        let result = match does_not_start {
            // One failure names the error (file:line:column); the rest wait for it to be fixed.
            Some(first) => CheckResult {
                check: *check,
                status: Status::Blocked { by: first },
                detail: format!("not checked: the project does not start (see {first})"),
                exchanges: Vec::new(),
            },
            None => judge(&mut lab, check, &mut known),
        };
        if does_not_start.is_none() && result.status == Status::Failed && lab.does_not_start() {
            does_not_start = Some(check.id);
        }
        let flow = on_result(&result);
        checks.push(result);
        if flow.is_break() {
            break;
        }
    }
    StepReport { step, checks }
}

/// Runs one check after making sure what it needs passes (running those silently when this step does not
/// include them: step 4 needs step 3's login).
fn judge(lab: &mut Lab, check: &'static Check, known: &mut HashMap<&'static str, bool>) -> CheckResult {
    for &needed in check.needs {
        let passed = match known.get(needed) {
            Some(&passed) => passed,
            None => match find_check(needed) {
                Some(prerequisite) => judge(lab, prerequisite, known).passed(),
                None => true,
            },
        };
        if !passed {
            known.insert(check.id, false);
            return CheckResult {
                check: *check,
                status: Status::Blocked { by: needed },
                detail: format!("not checked yet: needs \"{needed}\" to pass first"),
                exchanges: Vec::new(),
            };
        }
    }
    let outcome = (check.run)(lab);
    let exchanges = lab.take_exchanges();
    let (status, detail) = match outcome {
        Ok(seen) => (Status::Passed, seen),
        Err(Outcome::Failed(what)) => (Status::Failed, what),
        Err(Outcome::Blocked(by)) => {
            (Status::Blocked { by }, format!("not checked yet: needs \"{by}\" to pass first"))
        }
    };
    known.insert(check.id, status == Status::Passed);
    CheckResult { check: *check, status, detail, exchanges }
}

/// Shorthand for a failed check.
fn fail<T>(what: impl Into<String>) -> Result<T, Outcome> {
    Err(Outcome::Failed(what.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_ids_are_unique_and_needs_name_earlier_checks() {
        let mut seen: Vec<&str> = Vec::new();
        for step in 1..=4 {
            for check in checks_of(step) {
                assert!(!seen.contains(&check.id), "duplicate id {}", check.id);
                for needed in check.needs {
                    assert!(
                        seen.contains(needed),
                        "{} needs {needed}, which does not come before it",
                        check.id
                    );
                }
                seen.push(check.id);
            }
        }
        assert!(checks_of(0).is_empty() && checks_of(5).is_empty());
    }
}
