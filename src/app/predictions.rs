//! Predict, then see: before a Step 4 scenario or a scaling-lab request runs, the learner picks
//! what the server will answer (2-4 choices, one key); the request then runs for real and the
//! real response, read back into the same terms ([`Outcome::of_exchange`]), is shown next to the
//! prediction. Which choice is right is never written down: it is whichever choice equals what
//! the server actually answered.

use std::collections::BTreeMap;

use serde_json::Value;

use super::App;
use super::panels::scaling::ScalingItem;
use super::panels::scenarios::Scenario;
use super::tasks::{predict_task_id, scaling_item_key};
use super::viewport::ScrollTo;
use crate::auth::Exchange;
use crate::auth::users::SEED_USER_ID;
use crate::labs::scaling::{LabAction, LogEntry};

/// What a prediction is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Scenario(Scenario),
    Scaling(ScalingItem),
}

/// The check that refused a request, read from the server's `reason`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Check {
    /// Neither a token nor a session cookie was sent.
    NoCredentials,
    /// The token's signature did not match (edited payload, another key).
    Signature,
    /// The token's header named an algorithm the server does not allow (`none`).
    Algorithm,
    /// `exp` (or `nbf`) with the leeway.
    Expiry,
    /// The token's `jti` is on a deny-list.
    Revoked,
    /// The session id was not found in this server's store (unknown, ended, or kept elsewhere).
    SessionLookup,
    /// Anything else the server said.
    Other,
}

/// Which credential a 200 was granted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Via {
    Jwt,
    Session,
}

/// One response, in the terms a prediction is made in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    /// 200, authenticated as `user` on `via`.
    Accepted { via: Via, user: u64 },
    /// The seed's mistake: 200 with `authenticated: false` (this server never answers it).
    OkButAnonymous,
    /// 401, and the check that said no.
    Refused(Check),
}

/// What the learner predicts and what the server did: one response, or two in order (after
/// logout: the cookie copy then the token copy; the revocation check: instance A then B).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    One(Verdict),
    Two(Verdict, Verdict),
}

impl Check {
    /// Reads the check from a 401's `reason` (the route's `jwt: …` / `session: …` words).
    pub fn of_reason(reason: &str) -> Check {
        let Some(jwt) = reason.strip_prefix("jwt: ") else { return Check::Other };
        if let Some(session) = jwt.strip_prefix("no Authorization header; session: ") {
            return if session.starts_with("no session cookie") {
                Check::NoCredentials
            } else {
                Check::SessionLookup
            };
        }
        if jwt.starts_with("signature") {
            Check::Signature
        } else if jwt.starts_with("header alg") {
            Check::Algorithm
        } else if jwt.starts_with("token expired") || jwt.starts_with("token not valid yet") {
            Check::Expiry
        } else if jwt.starts_with("token revoked") {
            Check::Revoked
        } else {
            Check::Other
        }
    }

    /// A word or two, for pairs.
    pub fn short(self) -> &'static str {
        match self {
            Check::NoCredentials => "nothing sent",
            Check::Signature => "signature",
            Check::Algorithm => "algorithm",
            Check::Expiry => "exp",
            Check::Revoked => "deny-list",
            Check::SessionLookup => "no live session",
            Check::Other => "other check",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Check::NoCredentials => "no credential sent",
            Check::Signature => "the signature check",
            Check::Algorithm => "the algorithm check (HS256 pinned)",
            Check::Expiry => "the exp check",
            Check::Revoked => "the deny-list (token revoked)",
            Check::SessionLookup => "the session lookup (no live session with that id here)",
            Check::Other => "another check",
        }
    }
}

impl Verdict {
    /// The real response read back: its status, and for a 200 the user and credential, for a 401
    /// the check that refused it.
    pub fn of_exchange(exchange: &Exchange) -> Verdict {
        let body = exchange.response.json();
        match exchange.response.status {
            200 if body.get("authenticated") == Some(&Value::Bool(true)) => {
                let via = if body.get("via").and_then(Value::as_str) == Some("session") {
                    Via::Session
                } else {
                    Via::Jwt
                };
                let user = body.get("userId").and_then(Value::as_u64).unwrap_or_default();
                Verdict::Accepted { via, user }
            }
            200 => Verdict::OkButAnonymous,
            _ => Verdict::Refused(Check::of_reason(exchange.reason().unwrap_or(""))),
        }
    }

    /// The short form, for one half of a pair: `200 (user 1)`, `401 (deny-list)`.
    pub fn short(self) -> String {
        match self {
            Verdict::Accepted { user, .. } => format!("200 (user {user})"),
            Verdict::OkButAnonymous => "200, authenticated: false".to_string(),
            Verdict::Refused(check) => format!("401 ({})", check.short()),
        }
    }

    pub fn describe(self) -> String {
        match self {
            Verdict::Accepted { via: Via::Jwt, user } => format!("200, user {user} (the token decides)"),
            Verdict::Accepted { via: Via::Session, user } => {
                format!("200, user {user} (the session decides)")
            }
            Verdict::OkButAnonymous => "200 with authenticated: false".to_string(),
            Verdict::Refused(check) => format!("401 at {}", check.describe()),
        }
    }
}

impl Outcome {
    /// A scenario's GET responses, read back (a logout's POST is not part of the outcome).
    pub fn of_exchanges<'a>(exchanges: impl IntoIterator<Item = &'a Exchange>) -> Option<Outcome> {
        let verdicts: Vec<Verdict> = exchanges
            .into_iter()
            .filter(|exchange| exchange.request.method == crate::auth::Method::Get)
            .map(Verdict::of_exchange)
            .collect();
        match verdicts[..] {
            [one] => Some(Outcome::One(one)),
            [first, second] => Some(Outcome::Two(first, second)),
            _ => None,
        }
    }

    /// How a choice reads, for `subject` (which names the two parts of a pair).
    pub fn describe(self, subject: Subject) -> String {
        match self {
            Outcome::One(verdict) => verdict.describe(),
            Outcome::Two(first, second) => {
                let (a, b) = match subject {
                    Subject::Scaling(_) => ("on A", "on B"),
                    Subject::Scenario(_) => ("cookie copy", "token copy"),
                };
                format!("{a}: {} · {b}: {}", first.short(), second.short())
            }
        }
    }
}

impl Subject {
    /// A stable name for task ids.
    pub fn key(self) -> &'static str {
        match self {
            Subject::Scenario(scenario) => match scenario {
                Scenario::Bearer => "bearer",
                Scenario::Cookie => "cookie",
                Scenario::Both => "both",
                Scenario::Neither => "neither",
                Scenario::EditedClaim => "edited-claim",
                Scenario::OtherSecret => "other-secret",
                Scenario::Expired => "expired",
                Scenario::AlgNone => "alg-none",
                Scenario::UnknownSession => "unknown-session",
                Scenario::AfterLogout => "after-logout",
            },
            Subject::Scaling(item) => scaling_item_key(item),
        }
    }

    /// The question asked.
    pub fn question(self) -> &'static str {
        match self {
            Subject::Scenario(Scenario::AfterLogout) => {
                "The browser logs out, then copies of its old cookie and token are sent again. What does the server answer to each?"
            }
            Subject::Scenario(_) => "What will GET /api/auth answer, and which check decides?",
            Subject::Scaling(ScalingItem::CheckRevocation) => {
                "The JWT copied at login is replayed straight to A and to B. What does each answer?"
            }
            Subject::Scaling(_) => "Through the balancer: what will the instance that gets it answer?",
        }
    }

    /// The choices, in a fixed order that says nothing about which is right. Users come from the
    /// engine's seed user and the claim the learner typed, not from the text.
    pub fn choices(self, edited_sub: Option<u64>) -> Vec<Outcome> {
        use Check::*;
        let user = SEED_USER_ID;
        let jwt = Verdict::Accepted { via: Via::Jwt, user };
        let session = Verdict::Accepted { via: Via::Session, user };
        let refused = Verdict::Refused;
        let one = |verdicts: &[Verdict]| verdicts.iter().map(|v| Outcome::One(*v)).collect::<Vec<_>>();
        let mut choices = match self {
            Subject::Scenario(scenario) => match scenario {
                Scenario::Bearer => one(&[jwt, refused(Signature), refused(Expiry), refused(SessionLookup)]),
                Scenario::Cookie => {
                    one(&[session, refused(SessionLookup), refused(Signature), refused(NoCredentials)])
                }
                Scenario::Both => one(&[jwt, session, refused(Signature), refused(SessionLookup)]),
                Scenario::Neither => {
                    one(&[Verdict::OkButAnonymous, refused(NoCredentials), refused(SessionLookup)])
                }
                Scenario::EditedClaim => {
                    let mut verdicts = vec![jwt, refused(Signature), refused(Expiry)];
                    if let Some(sub) = edited_sub.filter(|sub| *sub != user) {
                        verdicts.push(Verdict::Accepted { via: Via::Jwt, user: sub });
                    }
                    one(&verdicts)
                }
                Scenario::OtherSecret => one(&[jwt, refused(Signature), refused(Algorithm)]),
                Scenario::Expired => one(&[jwt, refused(Signature), refused(Expiry)]),
                Scenario::AlgNone => one(&[jwt, refused(Signature), refused(Algorithm)]),
                Scenario::UnknownSession => one(&[session, refused(SessionLookup), refused(NoCredentials)]),
                Scenario::AfterLogout => vec![
                    Outcome::Two(refused(SessionLookup), jwt),
                    Outcome::Two(refused(SessionLookup), refused(Revoked)),
                    Outcome::Two(session, jwt),
                    Outcome::Two(session, refused(Revoked)),
                ],
            },
            Subject::Scaling(item) => match item {
                ScalingItem::RequestWithCookie => {
                    one(&[session, refused(SessionLookup), refused(NoCredentials)])
                }
                ScalingItem::RequestWithJwt => {
                    one(&[jwt, refused(Revoked), refused(SessionLookup), refused(NoCredentials)])
                }
                ScalingItem::CheckRevocation => vec![
                    Outcome::Two(jwt, jwt),
                    Outcome::Two(refused(Revoked), refused(Revoked)),
                    Outcome::Two(jwt, refused(Revoked)),
                ],
                _ => Vec::new(),
            },
        };
        choices.sort();
        choices.dedup();
        choices
    }

    /// Whether this scaling row is predicted (the requests are; logging in, switches, a restart
    /// or a reset are not: their result is not a server's answer).
    pub fn scaling(item: ScalingItem) -> Option<Subject> {
        matches!(
            item,
            ScalingItem::RequestWithCookie | ScalingItem::RequestWithJwt | ScalingItem::CheckRevocation
        )
        .then_some(Subject::Scaling(item))
    }
}

/// The real outcome of a scaling action, from the log entries it added.
pub fn scaling_outcome(item: ScalingItem, new_entries: &[LogEntry]) -> Option<Outcome> {
    match item {
        ScalingItem::CheckRevocation => {
            let jwt: Vec<Verdict> = new_entries
                .iter()
                .filter(|entry| entry.action == LabAction::RequestWithJwt)
                .map(|entry| Verdict::of_exchange(&entry.exchange))
                .collect();
            match jwt[..] {
                [a, b] => Some(Outcome::Two(a, b)),
                _ => None,
            }
        }
        _ => new_entries.last().map(|entry| Outcome::One(Verdict::of_exchange(&entry.exchange))),
    }
}

/// A prediction asked for and not answered yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub subject: Subject,
    /// The screen it was asked on.
    pub screen: usize,
    pub choices: Vec<Outcome>,
}

/// A prediction made, and once the server answered, the real outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Made {
    pub subject: Subject,
    pub screen: usize,
    pub choices: Vec<Outcome>,
    pub chosen: usize,
    /// `None` while the request is still on its way (a login first, on a worker).
    pub actual: Option<Outcome>,
    /// How many scaling log entries there were before the action, to find the ones it added.
    pub log_before: usize,
    /// And after it, once settled: the panel shows the prediction while that is still the latest.
    pub log_after: Option<usize>,
}

impl Made {
    pub fn predicted(&self) -> Outcome {
        self.choices[self.chosen]
    }

    /// Right when the choice equals what the server answered; `None` while waiting, and when no
    /// choice fitted what the server answered (say, the browser held no credential at all), which
    /// is not counted either way.
    pub fn is_right(&self) -> Option<bool> {
        self.actual.filter(|actual| self.choices.contains(actual)).map(|actual| actual == self.predicted())
    }
}

/// Right and made, on one screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub right: usize,
    pub made: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Predictions {
    /// Ask before running (`--no-predict` and `P` turn it off).
    pub enabled: bool,
    pub prompt: Option<Prompt>,
    /// The last prediction for each subject, shown beside its result.
    pub made: Vec<Made>,
    /// Per screen index: predictions settled and right.
    pub tally: BTreeMap<usize, Tally>,
}

impl Predictions {
    pub fn new(enabled: bool) -> Self {
        Self { enabled, prompt: None, made: Vec::new(), tally: BTreeMap::new() }
    }

    pub fn last(&self, subject: Subject) -> Option<&Made> {
        self.made.iter().find(|made| made.subject == subject)
    }

    pub fn total(&self) -> Tally {
        self.tally
            .values()
            .fold(Tally::default(), |sum, t| Tally { right: sum.right + t.right, made: sum.made + t.made })
    }
}

impl App {
    /// Before running `subject`: with predictions on, opens the prompt and returns `true` (the
    /// action waits for the learner's choice); otherwise `false`, and the action runs now.
    pub(crate) fn ask_prediction(&mut self, subject: Subject) -> bool {
        if !self.predictions.enabled {
            return false;
        }
        let edited_sub = self.engine.claim_value.value().trim().parse::<u64>().ok();
        let choices = subject.choices(edited_sub);
        if choices.len() < 2 {
            return false;
        }
        self.predictions.prompt = Some(Prompt { subject, screen: self.current, choices });
        self.request_scroll(ScrollTo::Result);
        true
    }

    /// A letter or digit while the prompt is open: records the prediction and runs the action.
    pub(crate) fn predict(&mut self, index: usize) {
        let Some(prompt) = self.predictions.prompt.take() else { return };
        if index >= prompt.choices.len() {
            self.predictions.prompt = Some(prompt);
            return;
        }
        let log_before = self.labs.scaling.view.log.len();
        self.predictions.made.retain(|made| made.subject != prompt.subject);
        self.predictions.made.push(Made {
            subject: prompt.subject,
            screen: prompt.screen,
            choices: prompt.choices,
            chosen: index,
            actual: None,
            log_before,
            log_after: None,
        });
        match prompt.subject {
            Subject::Scenario(scenario) => {
                // The old result would otherwise stand in for the new one while a login runs first.
                self.engine.scenario_runs.retain(|(ran, _)| *ran != scenario);
                self.run_selected_scenario();
            }
            Subject::Scaling(_) => {
                self.run_scaling_item();
                self.request_scroll(ScrollTo::Result);
            }
        }
        self.settle_predictions();
    }

    /// Esc on the prompt: nothing runs.
    pub(crate) fn cancel_prediction(&mut self) {
        self.predictions.prompt = None;
    }

    /// `P`: predictions on or off (for a teacher demonstrating); an open prompt closes.
    pub(crate) fn toggle_predictions(&mut self) {
        self.predictions.enabled = !self.predictions.enabled;
        self.predictions.prompt = None;
        self.status = Some(if self.predictions.enabled {
            "Predictions on: Enter asks what the server will answer before it runs (P turns them off)."
                .to_string()
        } else {
            "Predictions off: Enter runs at once (P turns them back on).".to_string()
        });
    }

    /// Gives each prediction still waiting the real outcome, once the server has answered: counted
    /// on its screen and recorded as a task.
    pub(crate) fn settle_predictions(&mut self) {
        let mut index = 0;
        while index < self.predictions.made.len() {
            let made = &self.predictions.made[index];
            if made.actual.is_some() {
                index += 1;
                continue;
            }
            let actual = match made.subject {
                Subject::Scenario(scenario) => {
                    self.engine.scenario_run(scenario).and_then(|run| Outcome::of_exchanges(&run.exchanges))
                }
                Subject::Scaling(item) => {
                    let log = &self.labs.scaling.view.log;
                    log.get(made.log_before..)
                        .filter(|added| !added.is_empty())
                        .and_then(|added| scaling_outcome(item, added))
                }
            };
            let Some(actual) = actual else {
                // Nothing is on its way (the action could not run; the notice says why): forget it.
                if self.engine.busy.is_none() {
                    self.predictions.made.remove(index);
                } else {
                    index += 1;
                }
                continue;
            };
            let log_after = self.labs.scaling.view.log.len();
            let made = &mut self.predictions.made[index];
            made.actual = Some(actual);
            made.log_after = Some(log_after);
            let (screen, key, scored) = (made.screen, made.subject.key(), made.is_right());
            if let Some(right) = scored {
                let tally = self.predictions.tally.entry(screen).or_default();
                tally.made += 1;
                tally.right += usize::from(right);
                let task = predict_task_id(self.screen_id(screen), key);
                self.mark_task_done(task);
            }
            // A login may have run first: the result arrived after the frame that asked for it.
            if screen == self.current {
                self.request_scroll(ScrollTo::Result);
            }
            index += 1;
        }
    }
}
