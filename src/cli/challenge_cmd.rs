//! `challenge list | try`: the challenges for scripts and for learners who forge with their own tools
//! (python, jwt.io, `jwt sign`). `try` exits 0 when the credential reached the goal, 1 when it did not
//! (with the server's reason), 2 for a usage mistake; a solve is saved in the learner's progress, so
//! the tutorial's challenges screen shows it solved.

use std::process::ExitCode;

use clap::builder::PossibleValuesParser;
use clap::{ArgGroup, Args, Subcommand};
use serde_json::{Value, json};

use super::output::{Style, write_stdout};
use super::walkthrough::DEMO_NOW;
use super::{CliError, CliResult, TuiArgs, exit};
use crate::auth::clock::{UnixSeconds, system_now};
use crate::auth::{Exchange, RandomSource, UserStore};
use crate::labs::challenges::{Attempt, Briefing, ChallengeKind, ChallengeLab, Credential};
use crate::progress::ProgressStore;

#[derive(Debug, Subcommand)]
pub enum ChallengeCommand {
    /// Every challenge: its goal, its server, and the token or cookie you start with
    List(ListArgs),
    /// Send your credential to a challenge's server, then to the correct one: exit 0 when solved, 1 when not (and why)
    Try(TryArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print one JSON array of challenges instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("credential").required(true).args(["token", "cookie"])))]
pub struct TryArgs {
    /// The challenge
    #[arg(value_name = "NAME", value_parser = PossibleValuesParser::new(ChallengeKind::ALL.map(ChallengeKind::id)))]
    pub name: String,
    /// Send this JWT as Authorization: Bearer (- reads it from stdin)
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Send this Cookie header (nextjs-session=ID, or a bare ID)
    #[arg(long, value_name = "COOKIE")]
    pub cookie: Option<String>,
    /// Print one JSON object {solved, why, server, correctServer} instead of text
    #[arg(long)]
    pub json: bool,
}

/// Runs `challenge …`. The clock is the system's, or [`DEMO_NOW`] with `--demo`.
pub fn run(command: ChallengeCommand, common: &TuiArgs) -> CliResult {
    let now = if common.demo { DEMO_NOW } else { system_now() };
    let style = Style::for_stdout_unless(common.no_color, common.color);
    match command {
        ChallengeCommand::List(ListArgs { json }) => list(json, now),
        ChallengeCommand::Try(args) => try_one(args, now, style),
    }
}

fn lab() -> ChallengeLab {
    // user1's password is hashed here with a fresh salt: no challenge depends on the salt.
    ChallengeLab::new(&UserStore::seeded(&mut RandomSource::os()))
}

fn list(json: bool, now: UnixSeconds) -> CliResult {
    let lab = lab();
    let briefings: Vec<Briefing> = ChallengeKind::ALL.iter().map(|&kind| lab.briefing(kind, now)).collect();
    let text = if json {
        let items: Vec<Value> = briefings.iter().map(briefing_json).collect();
        format!("{}\n", serde_json::to_string_pretty(&Value::Array(items)).unwrap_or_default())
    } else {
        briefings.iter().map(briefing_text).collect::<Vec<_>>().join("\n")
    };
    write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn briefing_json(briefing: &Briefing) -> Value {
    let kind = briefing.kind;
    json!({
        "name": kind.id(),
        "title": kind.title(),
        "goal": kind.goal(),
        "takes": kind.takes().flag(),
        "server": kind.vulnerable_server(),
        "correctServer": kind.correct_server(),
        "capturedToken": briefing.captured_token,
        "stolenCookie": briefing.stolen_cookie,
        "wordlist": briefing.wordlist,
    })
}

fn briefing_text(briefing: &Briefing) -> String {
    let kind = briefing.kind;
    let mut text = format!(
        "{}  {}\n  goal: {}\n  server: {}\n  try: jwt-session-tutor challenge try {} {} …\n",
        kind.id(),
        kind.title(),
        kind.goal(),
        kind.vulnerable_server(),
        kind.id(),
        kind.takes().flag()
    );
    if let Some(token) = &briefing.captured_token {
        text.push_str(&format!("  captured token: {token}\n"));
    }
    if let Some(cookie) = &briefing.stolen_cookie {
        text.push_str(&format!("  stolen cookie: {cookie}\n"));
    }
    if let Some(words) = briefing.wordlist {
        text.push_str(&format!("  word list: {}\n", words.join(" ")));
    }
    text
}

fn try_one(args: TryArgs, now: UnixSeconds, style: Style) -> CliResult {
    let Some(kind) = ChallengeKind::from_id(&args.name) else {
        let names: Vec<&str> = ChallengeKind::ALL.iter().map(|kind| kind.id()).collect();
        return Err(CliError::usage(format!(
            "unknown challenge '{}' (expected one of: {})",
            args.name,
            names.join(", ")
        )));
    };
    // clap's group makes exactly one of the two present.
    let credential = match (args.token, args.cookie) {
        (Some(token), _) => Credential::Token(super::jwt_cmd::read_token(&token)?),
        (None, cookie) => Credential::Cookie(cookie.unwrap_or_default()),
    };
    let attempt =
        lab().attempt(kind, &credential, now).map_err(|error| CliError::usage(error.to_string()))?;
    let text = if args.json {
        format!("{}\n", serde_json::to_string_pretty(&attempt_json(&attempt)).unwrap_or_default())
    } else {
        attempt_text(&attempt, style)
    };
    write_stdout(&text)?;
    if attempt.solved {
        remember_solve(kind);
    }
    Ok(ExitCode::from(if attempt.solved { exit::OK } else { exit::REJECTED }))
}

/// A solve from the command line counts in the tutorial too (the save merges with what is there).
fn remember_solve(kind: ChallengeKind) {
    let Some(store) = ProgressStore::default_location() else { return };
    let (mut progress, warning) = store.load();
    if let Some(warning) = warning {
        eprintln!("warning: {warning}");
        return;
    }
    if progress.challenges_solved.contains(kind.id()) {
        return;
    }
    progress.mark_challenge_solved(kind.id());
    if let Err(warning) = store.save(&progress) {
        eprintln!("warning: {warning}");
    }
}

fn exchange_json(exchange: &Exchange) -> Value {
    json!({ "status": exchange.status(), "outcome": exchange.outcome(), "body": exchange.response.json() })
}

fn attempt_json(attempt: &Attempt) -> Value {
    json!({
        "name": attempt.kind.id(),
        "solved": attempt.solved,
        "why": attempt.why,
        "setup": attempt.setup.iter().map(Exchange::outcome).collect::<Vec<_>>(),
        "server": exchange_json(&attempt.vulnerable),
        "correctServer": exchange_json(&attempt.correct),
        "correctVerdict": attempt.correct_verdict,
    })
}

fn attempt_text(attempt: &Attempt, style: Style) -> String {
    let kind = attempt.kind;
    let mut text = String::new();
    for exchange in &attempt.setup {
        let request = &exchange.request;
        text.push_str(&style.neutral(&format!(
            "[victim] {} {}: {}\n",
            request.method,
            request.path,
            exchange.outcome()
        )));
    }
    text.push_str(&style.neutral(&format!(
        "[you] this server ({}): {}\n",
        kind.vulnerable_server(),
        attempt.vulnerable.outcome()
    )));
    let headline = if attempt.solved {
        style.pass(&format!("solved: {}", attempt.why))
    } else {
        style.fail(&format!("not solved: {}", attempt.why))
    };
    text.push_str(&format!("{headline}\n"));
    text.push_str(&style.neutral(&format!(
        "[you] the correct server ({}): {}\n",
        kind.correct_server(),
        attempt.correct_verdict
    )));
    text
}
