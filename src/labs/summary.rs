//! Both labs run start to finish for `walkthrough`: the scaling tour and every attack, as JSON or text.

use serde_json::{Value, json};

use super::attacks::{self, AttackLab, AttackReport};
use super::child_rng;
use super::scaling::{self, Scene};
use crate::auth::clock::UnixSeconds;
use crate::auth::{AuthConfig, RandomSource, UserStore};

/// The scaling tour's scenes and the attack reports, from one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabsSummary {
    /// The scaling lab's scripted scenes.
    pub scaling: Vec<Scene>,
    /// Every attack, in display order.
    pub attacks: Vec<AttackReport>,
}

impl LabsSummary {
    /// Runs both labs at `now`: 15 argon2 verifications in all, so not on a UI thread. `config` is the
    /// scaling lab's (the attacks pick their own, as each needs). A seeded `rng` gives the same output
    /// on every run, apart from the guessing time that `show_timing` adds.
    pub fn run(users: &UserStore, config: &AuthConfig, mut rng: RandomSource, now: UnixSeconds) -> Self {
        let scaling = scaling::tour(users, config, child_rng(&mut rng), now);
        let attacks = AttackLab::new(users, child_rng(&mut rng)).run_all(now);
        Self { scaling, attacks }
    }

    /// `{"scalingLab": [scene…], "attackLab": [report…]}`.
    pub fn to_json(&self, show_timing: bool) -> Value {
        json!({
            "scalingLab": self.scaling.iter().map(Scene::to_json).collect::<Vec<_>>(),
            "attackLab": attacks::reports_json(&self.attacks, show_timing),
        })
    }

    /// Plain-text lines: a heading per lab, a blank line between scenes and attacks.
    pub fn transcript(&self, show_timing: bool) -> Vec<String> {
        let mut lines = vec!["# Scaling lab: two instances behind a round-robin load balancer".to_string()];
        for scene in &self.scaling {
            lines.push(String::new());
            lines.extend(scene.transcript());
        }
        lines.push(String::new());
        lines.push("# Attack lab: each attack thrown at the real handler".to_string());
        lines.push(String::new());
        lines.extend(attacks::transcript(&self.attacks, show_timing));
        lines
    }
}
