//! The scaling lab and the attack lab as walkthrough sections: each scripted scene and each attack
//! becomes one [`Section`], its settings and verdict as notes, its requests as exchanges, so the text
//! and `--json` renderings keep the walkthrough's one shape.

use super::Walk;
use crate::auth::Exchange;
use crate::cli::transcript::{self, Section};
use crate::labs::attacks::{AttackKind, AttackLab, AttackReport};
use crate::labs::child_rng;
use crate::labs::scaling::{self, ScalingLab};

/// Scene `INDEX` of the scaling tour, played on a fresh pair of instances at the walk's clock.
pub(super) fn scaling_scene<const INDEX: usize>(walk: &mut Walk) -> Section {
    let script = &scaling::TOUR[INDEX];
    let rng = child_rng(&mut walk.server.rng);
    let mut lab = ScalingLab::new(&walk.server.users, walk.server.config.clone(), rng);
    let scene = script.play(&mut lab, walk.now);

    let mut section =
        Section::new(format!("Scaling lab {}/{}: {}", INDEX + 1, scaling::TOUR.len(), script.title));
    if INDEX == 0 {
        section.note(
            "Two instances, A and B, run the same route handler behind a round-robin load balancer. Each scene \
             starts afresh: no sessions, the balancer pointing at A.",
        );
    }
    section.note(format!(
        "Toggles: {} (session store: {}).",
        script.toggles.summary(),
        script.toggles.store_mode()
    ));
    for cost in script.toggles.costs() {
        section.note(format!("Cost: {cost}"));
    }
    for row in &scene.revocation {
        section.note(format!("After logout, each copy sent straight to A and to B: {}", row.line()));
    }
    section.note(format!("Shows: {}", script.conclusion));
    for entry in &scene.entries {
        let explanation =
            if entry.explanation.is_empty() { describe(&entry.exchange) } else { entry.explanation.clone() };
        section.exchanges.push(to_transcript(&entry.label(), &entry.exchange, explanation));
    }
    move_clock_past(walk, &section);
    section
}

/// Attack `INDEX` of [`AttackKind::ALL`], thrown at its own fresh server at the walk's clock.
pub(super) fn attack<const INDEX: usize>(walk: &mut Walk) -> Section {
    let kind = AttackKind::ALL[INDEX];
    let mut lab = AttackLab::new(&walk.server.users, child_rng(&mut walk.server.rng));
    let report = lab.run(kind, walk.now);
    let section = attack_section(&report, INDEX, !walk.demo);
    move_clock_past(walk, &section);
    section
}

/// `show_timing` adds the guessing time: the one number that changes from run to run, so `--demo`
/// leaves it out.
fn attack_section(report: &AttackReport, index: usize, show_timing: bool) -> Section {
    let marker = if report.is_wrong_way() { " [THE WRONG WAY]" } else { "" };
    let title = format!("Attack lab {}/{}: {}{marker}", index + 1, AttackKind::ALL.len(), report.title());
    let mut section = Section::new(title);
    if report.is_wrong_way() {
        section.note(
            "THE WRONG WAY: this server is deliberately misconfigured so the attack can be seen to succeed. \
             Never run a real one like this.",
        );
    }
    section.note(format!("Goal: {}", report.goal));
    if let Some(crafted) = &report.crafted {
        section.note(format!("Attacker's credential: {crafted}"));
    }
    for step in report.steps.iter().filter(|step| step.exchange.is_none()) {
        let note = if step.note.is_empty() { String::new() } else { format!(". {}", step.note) };
        section.note(format!("Step without a request: {}{note}", step.line()));
    }
    if let Some(result) = &report.crack {
        section.note(format!("Guessing: {}", result.summary(show_timing)));
    }
    section.note(format!("Verdict: {}: {}", report.verdict.headline(), report.verdict.reason()));
    section.note(format!("Stopped by: {}", report.defence));
    section.note(format!("  {}", report.defence_note));
    for step in &report.steps {
        if let Some(exchange) = &step.exchange {
            let label = format!("[{}] {}", step.actor, step.label);
            let explanation = if step.note.is_empty() { describe(exchange) } else { step.note.clone() };
            section.exchanges.push(to_transcript(&label, exchange, explanation));
        }
    }
    section
}

fn describe(exchange: &Exchange) -> String {
    format!("The handler answered {}.", exchange.outcome())
}

fn to_transcript(label: &str, exchange: &Exchange, explanation: String) -> transcript::Exchange {
    transcript::Exchange::new(label, exchange.at, &exchange.request, &exchange.response, explanation)
}

/// The next section starts a second after this one's last request, so times never run backwards.
fn move_clock_past(walk: &mut Walk, section: &Section) {
    if let Some(last) = section.exchanges.iter().map(|exchange| exchange.at).max() {
        walk.advance_to(last + 1);
    }
}
