//! The scaling lab: two instances of the same route handler behind a round-robin load balancer.
//!
//! It shows the seed's "JWT scales" claim happening: a session kept in one instance's memory is
//! unknown to the other, while a JWT verifies anywhere the secret is. Then the price of each fix
//! (sticky sessions, a shared store) and the other side of statelessness: revocation.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde_json::{Value, json};

use crate::auth::Exchange;
use crate::auth::clock::{UnixSeconds, describe_expiry, format_unix_utc};
use crate::auth::cookies::cookie_value;
use crate::auth::handler::{AUTH_PATH, LOGOUT_PATH};
use crate::auth::jwt;
use crate::auth::users::{SEED_PASSWORD, SEED_USERNAME};
use crate::auth::{
    AuthConfig, Backend, CookieJar, RandomSource, Request, Response, SessionStore, UserStore, handle,
};

/// What sticky sessions cost.
pub const STICKY_COST: &str = "Sticky sessions: each client is pinned to one instance, so load spreads unevenly, \
     and when that instance dies or is redeployed its users' sessions die with it.";
/// What a shared session store costs.
pub const SHARED_STORE_COST: &str = "Shared session store: a network round-trip to Redis or the database on every \
     request, and one more piece of infrastructure to run, scale and keep available.";
/// What a `jti` deny-list costs.
pub const DENYLIST_COST: &str = "jti deny-list: logout can revoke a JWT on every instance, but every request now \
     reads shared state, the very lookup a JWT was meant to save.";

/// One of the two server instances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Instance {
    /// Instance A.
    A,
    /// Instance B.
    B,
}

impl Instance {
    /// Both instances, in order.
    pub const BOTH: [Instance; 2] = [Instance::A, Instance::B];

    /// `"A"` or `"B"`.
    pub fn name(self) -> &'static str {
        match self {
            Self::A => "A",
            Self::B => "B",
        }
    }

    /// The other instance.
    pub fn other(self) -> Self {
        match self {
            Self::A => Self::B,
            Self::B => Self::A,
        }
    }

    fn index(self) -> usize {
        match self {
            Self::A => 0,
            Self::B => 1,
        }
    }
}

impl fmt::Display for Instance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How the load balancer chose the instance for a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Routing {
    /// The next instance in turn.
    RoundRobin,
    /// Pinned to the instance that set the client's session cookie.
    Sticky,
    /// Sent straight to one instance, bypassing the balancer (the lab's side-by-side check).
    Direct,
}

impl Routing {
    /// `round robin`, `sticky`, `direct`.
    pub fn label(self) -> &'static str {
        match self {
            Self::RoundRobin => "round robin",
            Self::Sticky => "sticky",
            Self::Direct => "direct",
        }
    }
}

/// What the client did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabAction {
    /// `POST /api/auth` with user1's credentials.
    Login,
    /// `GET /api/auth` with the session cookie only.
    RequestWithCookie,
    /// `GET /api/auth` with the Bearer JWT only.
    RequestWithJwt,
    /// `POST /api/auth/logout` with the cookie and the Bearer token.
    Logout,
}

impl LabAction {
    /// A short label for the log.
    pub fn label(self) -> &'static str {
        match self {
            Self::Login => "login",
            Self::RequestWithCookie => "GET with session cookie",
            Self::RequestWithJwt => "GET with Bearer JWT",
            Self::Logout => "logout",
        }
    }
}

/// Which credential a request carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// The session cookie.
    SessionCookie,
    /// The Bearer JWT.
    Jwt,
}

impl Credential {
    /// `session cookie` / `JWT`.
    pub fn label(self) -> &'static str {
        match self {
            Self::SessionCookie => "session cookie",
            Self::Jwt => "JWT",
        }
    }
}

/// The lab's switches. All off is the seed's setup: sessions in each instance's own memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Toggles {
    /// The balancer pins a client to the instance that set its session cookie.
    pub sticky: bool,
    /// Both instances use one session store (standing for Redis or a database).
    pub shared_store: bool,
    /// Both instances refuse JWTs whose `jti` is on a shared deny-list, and logout adds to it.
    pub denylist: bool,
}

impl Toggles {
    /// `per-instance memory`, `sticky sessions`, `shared store`, `sticky sessions + shared store`.
    pub fn store_mode(&self) -> &'static str {
        match (self.sticky, self.shared_store) {
            (false, false) => "per-instance memory",
            (true, false) => "sticky sessions",
            (false, true) => "shared store",
            (true, true) => "sticky sessions + shared store",
        }
    }

    /// The cost line of every toggle that is on.
    pub fn costs(&self) -> Vec<&'static str> {
        [(self.sticky, STICKY_COST), (self.shared_store, SHARED_STORE_COST), (self.denylist, DENYLIST_COST)]
            .into_iter()
            .filter_map(|(on, cost)| on.then_some(cost))
            .collect()
    }

    /// `sticky sessions off, shared session store on, jti deny-list off`.
    pub fn summary(&self) -> String {
        let state = |on: bool| if on { "on" } else { "off" };
        format!(
            "sticky sessions {}, shared session store {}, jti deny-list {}",
            state(self.sticky),
            state(self.shared_store),
            state(self.denylist)
        )
    }
}

/// One request in the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    /// 1-based position in the log.
    pub seq: usize,
    /// What the client did.
    pub action: LabAction,
    /// Which instance handled it.
    pub instance: Instance,
    /// How the balancer chose that instance.
    pub routing: Routing,
    /// The raw request and the handler's response.
    pub exchange: Exchange,
    /// Why, in terms of the lab: which store was asked, what the balancer did, what was revoked.
    pub explanation: String,
}

impl LogEntry {
    /// The response status.
    pub fn status(&self) -> u16 {
        self.exchange.status()
    }

    /// `401 Unauthorized: jwt: …; session: …`.
    pub fn outcome(&self) -> String {
        self.exchange.outcome()
    }

    /// When it was sent.
    pub fn at(&self) -> UnixSeconds {
        self.exchange.at
    }

    /// `GET with session cookie → B (round robin)`.
    pub fn label(&self) -> String {
        format!("{} → {} ({})", self.action.label(), self.instance, self.routing.label())
    }

    /// `#2 GET with session cookie → B (round robin): 401 Unauthorized: …`.
    pub fn line(&self) -> String {
        format!("#{} {}: {}", self.seq, self.label(), self.outcome())
    }
}

/// One row of the revocation comparison: a credential copy kept from before logout, tried on both
/// instances, and the trade-off in one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevocationRow {
    /// Which credential was replayed.
    pub credential: Credential,
    /// Status from instance A.
    pub status_a: u16,
    /// Status from instance B.
    pub status_b: u16,
    /// The trade-off, one sentence.
    pub trade_off: String,
}

impl RevocationRow {
    /// `session cookie: A 401, B 401. <trade-off>`.
    pub fn line(&self) -> String {
        format!("{}: A {}, B {}. {}", self.credential.label(), self.status_a, self.status_b, self.trade_off)
    }
}

/// Where randomness for the instances comes from, kept so `reset` rebuilds the same run.
#[derive(Debug, Clone, Copy)]
enum RngPlan {
    Os,
    Seeded([u64; 2]),
}

impl RngPlan {
    fn from(rng: &mut RandomSource) -> Self {
        if rng.is_seeded() {
            Self::Seeded([u64::from_le_bytes(rng.bytes()), u64::from_le_bytes(rng.bytes())])
        } else {
            Self::Os
        }
    }

    fn source(self, instance: Instance) -> RandomSource {
        match self {
            Self::Os => RandomSource::os(),
            Self::Seeded(seeds) => RandomSource::seeded(seeds[instance.index()]),
        }
    }
}

/// One server instance: its own copy of the users and configuration, its own memory.
#[derive(Debug)]
struct Node {
    users: UserStore,
    config: AuthConfig,
    sessions: SessionStore,
    rng: RandomSource,
    served: usize,
}

impl Node {
    fn new(users: &UserStore, config: &AuthConfig, rng: RandomSource) -> Self {
        Self {
            // The users table is the same data on every instance; no password is hashed here.
            users: UserStore::from_users(users.users().to_vec()),
            config: config.clone(),
            sessions: SessionStore::from_options(&config.session),
            rng,
            served: 0,
        }
    }
}

/// The learner's browser, plus the copies of its credentials taken at login (what another tab, a
/// backup or a thief would still hold after logout).
#[derive(Debug, Default)]
struct Client {
    jar: CookieJar,
    token: Option<String>,
    session_copy: Option<String>,
    token_copy: Option<String>,
}

/// Where a session id is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StoreName {
    Own(Instance),
    Shared,
}

/// The scaling lab's whole state. Every method takes `now`; with a seeded [`RandomSource`] the same
/// calls give the same log.
#[derive(Debug)]
pub struct ScalingLab {
    toggles: Toggles,
    nodes: [Node; 2],
    shared_sessions: SessionStore,
    denylist: HashSet<String>,
    next: Instance,
    pins: HashMap<String, Instance>,
    client: Client,
    log: Vec<LogEntry>,
    rng_plan: RngPlan,
    users: UserStore,
    config: AuthConfig,
}

impl ScalingLab {
    /// Two instances over copies of `users` (no hashing happens) and the same `config`, all toggles off.
    /// Login in the lab costs one argon2 verification: call it off the UI thread.
    pub fn new(users: &UserStore, config: AuthConfig, mut rng: RandomSource) -> Self {
        let rng_plan = RngPlan::from(&mut rng);
        let nodes = Instance::BOTH.map(|instance| Node::new(users, &config, rng_plan.source(instance)));
        Self {
            toggles: Toggles::default(),
            nodes,
            shared_sessions: SessionStore::from_options(&config.session),
            denylist: HashSet::new(),
            next: Instance::A,
            pins: HashMap::new(),
            client: Client::default(),
            log: Vec::new(),
            rng_plan,
            users: UserStore::from_users(users.users().to_vec()),
            config,
        }
    }

    /// Back to the start: no sessions, empty deny-list, empty log, balancer at A, browser empty. The
    /// toggles stay as they are, so the learner can re-run a scenario under the same settings.
    pub fn reset(&mut self) {
        let toggles = self.toggles;
        let users = UserStore::from_users(self.users.users().to_vec());
        let config = self.config.clone();
        *self = Self {
            toggles,
            nodes: Instance::BOTH.map(|instance| Node::new(&users, &config, self.rng_plan.source(instance))),
            shared_sessions: SessionStore::from_options(&config.session),
            denylist: HashSet::new(),
            next: Instance::A,
            pins: HashMap::new(),
            client: Client::default(),
            log: Vec::new(),
            rng_plan: self.rng_plan,
            users,
            config,
        };
    }

    /// The current switches.
    pub fn toggles(&self) -> Toggles {
        self.toggles
    }

    /// Sets all switches at once.
    pub fn set_toggles(&mut self, toggles: Toggles) {
        self.toggles = toggles;
    }

    /// Flips sticky sessions; returns what they cost.
    pub fn toggle_sticky(&mut self) -> &'static str {
        self.toggles.sticky = !self.toggles.sticky;
        STICKY_COST
    }

    /// Flips the shared session store; returns what it costs. Sessions already in an instance's own
    /// memory stay there (switching stores does not migrate data), so log in again afterwards.
    pub fn toggle_shared_store(&mut self) -> &'static str {
        self.toggles.shared_store = !self.toggles.shared_store;
        SHARED_STORE_COST
    }

    /// Flips the `jti` deny-list; returns what it costs.
    pub fn toggle_denylist(&mut self) -> &'static str {
        self.toggles.denylist = !self.toggles.denylist;
        DENYLIST_COST
    }

    /// Every request so far, oldest first.
    pub fn log(&self) -> &[LogEntry] {
        &self.log
    }

    /// The configuration both instances run with.
    pub fn config(&self) -> &AuthConfig {
        &self.config
    }

    /// The instance the balancer will pick next for a request it does not pin.
    pub fn next_instance(&self) -> Instance {
        self.next
    }

    /// Sessions in one instance's own memory.
    pub fn instance_sessions(&self, instance: Instance) -> &SessionStore {
        &self.nodes[instance.index()].sessions
    }

    /// Sessions in the shared store.
    pub fn shared_sessions(&self) -> &SessionStore {
        &self.shared_sessions
    }

    /// How many requests an instance has handled.
    pub fn requests_served(&self, instance: Instance) -> usize {
        self.nodes[instance.index()].served
    }

    /// Revoked `jti`s, sorted.
    pub fn denylist(&self) -> Vec<&str> {
        let mut jtis: Vec<&str> = self.denylist.iter().map(String::as_str).collect();
        jtis.sort_unstable();
        jtis
    }

    /// The browser's cookie jar.
    pub fn browser(&self) -> &CookieJar {
        &self.client.jar
    }

    /// The JWT the client app currently holds (dropped at logout).
    pub fn held_token(&self) -> Option<&str> {
        self.client.token.as_deref()
    }

    /// Logs in as user1 through the balancer.
    pub fn login(&mut self, now: UnixSeconds) -> &LogEntry {
        let body = json!({ "username": SEED_USERNAME, "password": SEED_PASSWORD });
        let request =
            Request::post_json(AUTH_PATH, &body).with_cookies(self.client.jar.cookie_header(now).as_deref());
        let (instance, routing) = self.route(&request);
        let response = self.dispatch(instance, &request, now);
        self.absorb_cookies(instance, &response, now);
        let mut explanation = String::new();
        if response.status == 200 {
            let token = response.json()["token"].as_str().map(str::to_string);
            let session_id = self.client.jar.value(&self.config.session.cookie_name, now).map(str::to_string);
            self.client.token.clone_from(&token);
            self.client.token_copy = token.clone();
            self.client.session_copy = session_id;
            let store = if self.toggles.shared_store {
                "the shared store".to_string()
            } else {
                format!("{instance}'s own memory")
            };
            explanation = format!("{instance} created the session in {store} and signed a JWT");
            if let Some(exp) = token.as_deref().and_then(token_exp) {
                explanation.push_str(&format!(" ({})", describe_expiry(exp, now)));
            }
            if self.toggles.sticky {
                explanation.push_str(&format!("; the balancer now pins this session cookie to {instance}"));
            }
            explanation.push('.');
        }
        self.record(now, LabAction::Login, instance, routing, request, response, explanation)
    }

    /// `GET /api/auth` with the session cookie only, through the balancer. After logout the browser
    /// has no cookie, so the copy taken at login is replayed instead.
    pub fn request_with_cookie(&mut self, now: UnixSeconds) -> &LogEntry {
        let (request, replayed) = self.cookie_request(now);
        let (instance, routing) = self.route(&request);
        self.send_cookie_request(instance, routing, request, replayed, now)
    }

    /// `GET /api/auth` with the Bearer JWT only, through the balancer. After logout the app no
    /// longer holds the token, so the copy taken at login is replayed instead.
    pub fn request_with_jwt(&mut self, now: UnixSeconds) -> &LogEntry {
        let (request, replayed) = self.jwt_request();
        let (instance, routing) = self.route(&request);
        self.send_jwt_request(instance, routing, request, replayed, now)
    }

    /// `POST /api/auth/logout` with the cookie and the Bearer token, through the balancer. The handler
    /// destroys the session in the store the instance uses; with the deny-list on, the instance also
    /// verifies the Bearer token and puts its `jti` on the shared deny-list.
    pub fn logout(&mut self, now: UnixSeconds) -> &LogEntry {
        let mut request = Request::post_json(LOGOUT_PATH, &json!({}))
            .with_cookies(self.client.jar.cookie_header(now).as_deref());
        if let Some(token) = &self.client.token {
            request = request.with_bearer(token);
        }
        let (instance, routing) = self.route(&request);
        let sent_session = self.session_id_in(&request);
        let response = self.dispatch(instance, &request, now);
        self.absorb_cookies(instance, &response, now);
        if let Some(id) = &sent_session {
            self.pins.remove(id);
        }
        self.client.token = None;
        let destroyed = response.json()["sessionDestroyed"].as_bool() == Some(true);
        let store = self.store_used_by(instance);
        let mut explanation = match (&sent_session, destroyed) {
            (None, _) => "No session cookie was sent, so there was no session to destroy".to_string(),
            (Some(_), true) => format!(
                "{instance} deleted the session from {}: every instance that reads that store now refuses it",
                self.store_label(store)
            ),
            (Some(id), false) => match self.locate_session(id).first() {
                Some(elsewhere) => format!(
                    "{instance}'s store has no such session, so nothing was deleted: the session is still alive \
                     in {}",
                    self.store_label(*elsewhere)
                ),
                None => "The session was already gone".to_string(),
            },
        };
        let bearer = request.header("Authorization").and_then(|value| value.strip_prefix("Bearer "));
        match (self.toggles.denylist, bearer) {
            (true, Some(token)) => match self.revocable_jti(instance, token, now) {
                Some(jti) => {
                    explanation.push_str(&format!(
                        "; {instance} verified the Bearer token and put jti {jti} on the shared deny-list, so \
                         both instances refuse it from now on"
                    ));
                    self.denylist.insert(jti);
                }
                None => explanation.push_str("; the Bearer token did not verify, so nothing was revoked"),
            },
            (false, Some(token)) => {
                let until = token_exp(token)
                    .map(|exp| format!(" (exp {}, {})", format_unix_utc(exp), describe_expiry(exp, now)))
                    .unwrap_or_default();
                explanation.push_str(&format!(
                    "; without a deny-list the server has nowhere to record a revoked JWT, so any copy of it \
                     stays valid until exp{until}"
                ));
            }
            (_, None) => {}
        }
        explanation.push('.');
        self.record(now, LabAction::Logout, instance, routing, request, response, explanation)
    }

    /// Replays the credential copies taken at login straight to A and to B (bypassing the balancer),
    /// logging four requests, and states the trade-off of each strategy under the current toggles.
    pub fn check_revocation(&mut self, now: UnixSeconds) -> Vec<RevocationRow> {
        let mut statuses = [[0u16; 2]; 2];
        for instance in Instance::BOTH {
            let (request, replayed) = self.cookie_request(now);
            statuses[0][instance.index()] =
                self.send_cookie_request(instance, Routing::Direct, request, replayed, now).status();
            let (request, replayed) = self.jwt_request();
            statuses[1][instance.index()] =
                self.send_jwt_request(instance, Routing::Direct, request, replayed, now).status();
        }
        let session_trade_off = match (self.toggles.shared_store, self.toggles.sticky) {
            (true, _) => {
                "Session in a shared store: logout deletes the one record, so access ends at once on every \
                 instance; the price is a store round-trip on every request."
            }
            (false, true) => {
                "Session pinned by sticky routing: logout on the pinned instance ends it at once; the \
                 price is uneven load and lost sessions whenever that instance restarts."
            }
            (false, false) => {
                "Session in per-instance memory: logout ends it only where the record lives, and \
                 the other instance never accepted it in the first place."
            }
        };
        let exp = self.client.token_copy.as_deref().and_then(token_exp);
        let until = exp.map(|exp| format!(" (exp {})", format_unix_utc(exp))).unwrap_or_default();
        let jwt_trade_off = if self.toggles.denylist {
            "JWT with a jti deny-list: logout revoked it on both instances at once, but every request now reads \
             shared state, the very lookup a JWT was meant to save."
                .to_string()
        } else {
            format!(
                "JWT without a deny-list: no shared state, so both instances accept it, and for the same reason \
                 a copy keeps working after logout until exp{until}."
            )
        };
        vec![
            RevocationRow {
                credential: Credential::SessionCookie,
                status_a: statuses[0][0],
                status_b: statuses[0][1],
                trade_off: session_trade_off.to_string(),
            },
            RevocationRow {
                credential: Credential::Jwt,
                status_a: statuses[1][0],
                status_b: statuses[1][1],
                trade_off: jwt_trade_off,
            },
        ]
    }

    /// Simulates a crash or redeploy of one instance: its own memory (sessions) is wiped. Returns what
    /// happened, in one line. The shared store and the deny-list live elsewhere and survive.
    pub fn restart_instance(&mut self, instance: Instance) -> String {
        let node = &mut self.nodes[instance.index()];
        let lost = node.sessions.len();
        node.sessions = SessionStore::from_options(&node.config.session);
        let pinned = self.pins.values().filter(|pinned| **pinned == instance).count();
        format!(
            "{instance} restarted: {lost} session(s) in its memory are gone; {pinned} client(s) pinned to it \
             will have to log in again."
        )
    }

    /// The session cookie alone (the browser's JWT cookie would be read first and hide what the
    /// session store does).
    fn cookie_request(&self, now: UnixSeconds) -> (Request, bool) {
        let name = &self.config.session.cookie_name;
        match (self.client.jar.value(name, now), &self.client.session_copy) {
            (Some(id), _) => (Request::get(AUTH_PATH).with_cookies(Some(&format!("{name}={id}"))), false),
            (None, Some(copy)) => {
                (Request::get(AUTH_PATH).with_cookies(Some(&format!("{name}={copy}"))), true)
            }
            (None, None) => (Request::get(AUTH_PATH), false),
        }
    }

    fn jwt_request(&self) -> (Request, bool) {
        match (&self.client.token, &self.client.token_copy) {
            (Some(token), _) => (Request::get(AUTH_PATH).with_bearer(token), false),
            (None, Some(copy)) => (Request::get(AUTH_PATH).with_bearer(copy), true),
            (None, None) => (Request::get(AUTH_PATH), false),
        }
    }

    fn send_cookie_request(
        &mut self,
        instance: Instance,
        routing: Routing,
        request: Request,
        replayed: bool,
        now: UnixSeconds,
    ) -> &LogEntry {
        let sent_session = self.session_id_in(&request);
        let response = self.dispatch(instance, &request, now);
        let mut explanation = match (&sent_session, response.status) {
            (None, _) => "No session cookie was sent: log in first.".to_string(),
            (Some(_), 200) => {
                let store = self.store_used_by(instance);
                if store == StoreName::Shared {
                    format!("{instance} found the session in the shared store, which every instance reads.")
                } else if routing == Routing::Sticky {
                    format!(
                        "The balancer pinned this client to {instance}, the instance whose memory holds the session."
                    )
                } else {
                    format!(
                        "{instance} holds this session in its own memory, so this request happened to land well."
                    )
                }
            }
            (Some(id), _) => {
                let store = self.store_used_by(instance);
                match self.locate_session(id).first() {
                    Some(elsewhere) => format!(
                        "{} has no such session id: the session lives only in {}. Sticky sessions or a shared \
                         session store fix this.",
                        capitalise(&self.store_label(store)),
                        self.store_label(*elsewhere)
                    ),
                    None if replayed => {
                        "No store has this session id any more: logout deleted it, so the copy is worthless."
                            .to_string()
                    }
                    None => {
                        format!("{} has no live session with this id.", capitalise(&self.store_label(store)))
                    }
                }
            }
        };
        if replayed {
            explanation =
                format!("Replaying the copy taken at login (the browser deleted its cookie). {explanation}");
        }
        self.record(now, LabAction::RequestWithCookie, instance, routing, request, response, explanation)
    }

    fn send_jwt_request(
        &mut self,
        instance: Instance,
        routing: Routing,
        request: Request,
        replayed: bool,
        now: UnixSeconds,
    ) -> &LogEntry {
        let token = request
            .header("Authorization")
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::to_string);
        let response = self.dispatch(instance, &request, now);
        let revoked = token.as_deref().and_then(token_jti).is_some_and(|jti| self.denylist.contains(&jti));
        let mut explanation = match (&token, response.status) {
            (None, _) => "No token was sent: log in first.".to_string(),
            (Some(_), 200) => {
                let mut text = format!(
                    "{instance} verified the signature with its own copy of the secret: no shared state needed"
                );
                if self.toggles.denylist {
                    text.push_str(", apart from the deny-list lookup (jti not revoked)");
                }
                text.push('.');
                text
            }
            (Some(_), _) if revoked && self.toggles.denylist => format!(
                "The jti is on the shared deny-list, which {instance} reads like every instance: logout revoked it \
                 everywhere."
            ),
            (Some(_), _) => format!("{instance} refused the token on its own; see the reason."),
        };
        if replayed {
            explanation =
                format!("Replaying the copy taken at login (the app dropped its token). {explanation}");
        }
        self.record(now, LabAction::RequestWithJwt, instance, routing, request, response, explanation)
    }

    /// Picks the instance: the pinned one for a sticky session cookie, else the next in turn.
    fn route(&mut self, request: &Request) -> (Instance, Routing) {
        if self.toggles.sticky
            && let Some(pinned) = self.session_id_in(request).and_then(|id| self.pins.get(&id).copied())
        {
            return (pinned, Routing::Sticky);
        }
        let chosen = self.next;
        self.next = chosen.other();
        (chosen, Routing::RoundRobin)
    }

    /// Runs the real handler on one instance, with the store and deny-list the toggles select.
    fn dispatch(&mut self, instance: Instance, request: &Request, now: UnixSeconds) -> Response {
        let Node { users, config, sessions: own_sessions, rng, served } = &mut self.nodes[instance.index()];
        *served += 1;
        let sessions = if self.toggles.shared_store { &mut self.shared_sessions } else { own_sessions };
        let mut backend = Backend {
            users,
            config,
            sessions,
            rng,
            denylist: self.toggles.denylist.then_some(&self.denylist),
        };
        handle(&mut backend, request, now)
    }

    /// The browser applies `Set-Cookie`; a sticky balancer remembers which instance set a session id.
    fn absorb_cookies(&mut self, instance: Instance, response: &Response, now: UnixSeconds) {
        for cookie in response.set_cookies() {
            if cookie.name == self.config.session.cookie_name && !cookie.value.is_empty() {
                self.pins.insert(cookie.value.clone(), instance);
            }
            self.client.jar.apply(&cookie, now);
        }
    }

    fn session_id_in(&self, request: &Request) -> Option<String> {
        request.header("Cookie").and_then(|header| cookie_value(header, &self.config.session.cookie_name))
    }

    fn store_used_by(&self, instance: Instance) -> StoreName {
        if self.toggles.shared_store { StoreName::Shared } else { StoreName::Own(instance) }
    }

    fn store_label(&self, store: StoreName) -> String {
        match store {
            StoreName::Own(instance) => format!("{instance}'s own memory"),
            StoreName::Shared => "the shared store".to_string(),
        }
    }

    /// Every store holding this id, other than the one currently consulted for a failed lookup.
    fn locate_session(&self, id: &str) -> Vec<StoreName> {
        let candidates = [
            (StoreName::Own(Instance::A), &self.nodes[0].sessions),
            (StoreName::Own(Instance::B), &self.nodes[1].sessions),
            (StoreName::Shared, &self.shared_sessions),
        ];
        candidates.into_iter().filter(|(_, store)| store.peek(id).is_some()).map(|(name, _)| name).collect()
    }

    /// The `jti` of a token that verifies on this instance (a forged token cannot revoke anything).
    fn revocable_jti(&self, instance: Instance, token: &str, now: UnixSeconds) -> Option<String> {
        let config = &self.nodes[instance.index()].config;
        let options = config.verify_options(now);
        let report = jwt::verify(token, &options);
        report.verdict().ok()?.get("jti").and_then(Value::as_str).map(str::to_string)
    }

    #[allow(clippy::too_many_arguments)]
    fn record(
        &mut self,
        at: UnixSeconds,
        action: LabAction,
        instance: Instance,
        routing: Routing,
        request: Request,
        response: Response,
        explanation: String,
    ) -> &LogEntry {
        let seq = self.log.len() + 1;
        self.log.push(LogEntry {
            seq,
            action,
            instance,
            routing,
            exchange: Exchange::new(at, request, response),
            explanation,
        });
        &self.log[seq - 1]
    }
}

fn token_exp(token: &str) -> Option<UnixSeconds> {
    jwt::decode(token).ok()?.time_claim("exp")
}

fn token_jti(token: &str) -> Option<String> {
    jwt::decode(token).ok()?.claims().get("jti").and_then(Value::as_str).map(str::to_string)
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// One scripted scenario of the tour: the settings, what the client does, and what it shows.
#[derive(Debug, Clone, Copy)]
pub struct SceneScript {
    /// Heading.
    pub title: &'static str,
    /// The switches during the scene.
    pub toggles: Toggles,
    /// What the scene shows, one sentence.
    pub conclusion: &'static str,
    /// The client's moves from time `now`, one second per request; returns the revocation check, if any.
    moves: fn(&mut ScalingLab, UnixSeconds) -> Vec<RevocationRow>,
}

impl SceneScript {
    /// Plays the scene on `lab` from a clean start (reset, this scene's toggles) at `now`. Each login
    /// costs one argon2 verification.
    pub fn play(&self, lab: &mut ScalingLab, now: UnixSeconds) -> Scene {
        lab.set_toggles(self.toggles);
        lab.reset();
        let revocation = (self.moves)(lab, now);
        Scene { script: *self, entries: lab.log().to_vec(), revocation }
    }
}

/// What a played scene recorded.
#[derive(Debug, Clone)]
pub struct Scene {
    /// The scene that was played.
    pub script: SceneScript,
    /// The requests, in order.
    pub entries: Vec<LogEntry>,
    /// The side-by-side revocation check, for the logout scenes.
    pub revocation: Vec<RevocationRow>,
}

const ALL_OFF: Toggles = Toggles { sticky: false, shared_store: false, denylist: false };

fn login_then_cookie_twice(lab: &mut ScalingLab, now: UnixSeconds) -> Vec<RevocationRow> {
    lab.login(now);
    lab.request_with_cookie(now + 1);
    lab.request_with_cookie(now + 2);
    Vec::new()
}

fn login_then_jwt_twice(lab: &mut ScalingLab, now: UnixSeconds) -> Vec<RevocationRow> {
    lab.login(now);
    lab.request_with_jwt(now + 1);
    lab.request_with_jwt(now + 2);
    Vec::new()
}

fn login_logout_check(lab: &mut ScalingLab, now: UnixSeconds) -> Vec<RevocationRow> {
    lab.login(now);
    lab.logout(now + 1);
    lab.check_revocation(now + 2)
}

/// The scripted tour `walkthrough` prints: the 401 on B, both fixes, the JWT on both instances, and
/// logout with and without a deny-list.
pub const TOUR: [SceneScript; 6] = [
    SceneScript {
        title: "Sessions in per-instance memory",
        toggles: ALL_OFF,
        conclusion: "A session kept in one instance's memory works only when the balancer happens to send the \
                     request back to that instance.",
        moves: login_then_cookie_twice,
    },
    SceneScript {
        title: "Sticky sessions",
        toggles: Toggles { sticky: true, ..ALL_OFF },
        conclusion: "The balancer sends every request carrying this cookie to A, the instance that created the \
                     session.",
        moves: login_then_cookie_twice,
    },
    SceneScript {
        title: "Shared session store",
        toggles: Toggles { shared_store: true, ..ALL_OFF },
        conclusion: "With one store behind both instances, B finds the session A created.",
        moves: login_then_cookie_twice,
    },
    SceneScript {
        title: "JWT on both instances",
        toggles: ALL_OFF,
        conclusion: "Both instances verify the JWT with the secret alone: no session store is involved.",
        moves: login_then_jwt_twice,
    },
    SceneScript {
        title: "Logout without a deny-list",
        toggles: Toggles { shared_store: true, ..ALL_OFF },
        conclusion: "Logout ended the session at once on both instances; the JWT copy outlives logout until its \
                     exp.",
        moves: login_logout_check,
    },
    SceneScript {
        title: "Logout with a jti deny-list",
        toggles: Toggles { shared_store: true, denylist: true, ..ALL_OFF },
        conclusion: "With the deny-list both credentials end at logout on both instances, and the JWT is stateful \
                     again.",
        moves: login_logout_check,
    },
];
