//! The live side of the tutorial: the real auth server the panels drive, the learner's browser
//! (cookie jar), and the slow work (argon2) handed to worker threads as [`Job`]s.
//!
//! The server sits behind a mutex so a worker can run a login (argon2 verification) while the UI
//! keeps drawing. The UI never waits on that lock: while a job is out, `busy` is set, drawing reads
//! only the last [`ServerView`] snapshot, and actions that need the server say so instead.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use serde_json::{Value, json};

use super::Action;
use super::fields::TextField;
use super::panels::login::LoginForm;
use super::panels::scenarios::{Needs, Scenario, ScenarioRun};
use crate::auth::clock::UnixSeconds;
use crate::auth::config::Secret;
use crate::auth::handler::AUTH_PATH;
use crate::auth::users::{
    SALT_LEN, SEED_PASSWORD, SEED_USER_ID, SEED_USERNAME, hash_password, new_salt, prepare_dummy_hash,
};
use crate::auth::{
    AuthConfig, AuthServer, CookieJar, Exchange, RandomSource, Request, Session, User, UserStore, jwt,
};
use crate::lessons::PanelKind;

/// `--demo` seeds: the UI's randomness (salts, generated secrets) and the server's (session ids,
/// `jti`s) come from these, so every run shows the same values.
pub const DEMO_UI_SEED: u64 = 0x5EED_0001;
pub const DEMO_SERVER_SEED: u64 = 0x5EED_0002;

/// Why a password is being hashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashPurpose {
    /// The seed user's password, once at start: the server exists only after this.
    Seed,
    /// Step 1's re-hash action.
    Rehash,
}

/// Why a request went to a worker (it runs argon2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendPurpose {
    /// The Step 3 login form.
    LoginForm,
    /// A Step 4 scenario needs a logged-in browser first.
    BeforeScenario(Scenario),
}

/// Work that must not run on the UI thread. [`Job::run`] blocks and returns the action that
/// reports the result; the event loop runs it on a worker thread, tests run it inline.
#[derive(Debug)]
pub enum Job {
    HashPassword {
        user_id: u64,
        password: String,
        salt: [u8; SALT_LEN],
        purpose: HashPurpose,
    },
    Send {
        server: Arc<Mutex<AuthServer>>,
        request: Request,
        now: UnixSeconds,
        purpose: SendPurpose,
    },
    /// A lab's login or attack (see `app::labs`).
    Lab(super::lab_jobs::LabJob),
}

impl Job {
    pub fn run(self) -> Action {
        let started = Instant::now();
        match self {
            Job::HashPassword { user_id, password, salt, purpose } => {
                let phc = hash_password(&password, &salt);
                // The server is built from this result on the UI thread; the dummy hash it needs for
                // unknown usernames is made here, on the worker, instead.
                prepare_dummy_hash();
                Action::PasswordHashed { user_id, phc, millis: elapsed_millis(started), purpose }
            }
            Job::Send { server, request, now, purpose } => {
                let response = lock(&server).handle(&request, now);
                let millis = elapsed_millis(started);
                Action::Responded { exchange: Exchange::new(now, request, response).timed(millis), purpose }
            }
            Job::Lab(job) => job.run(),
        }
    }
}

fn elapsed_millis(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// A poisoned lock only means a worker panicked mid-request; the server data is still usable.
fn lock(server: &Mutex<AuthServer>) -> MutexGuard<'_, AuthServer> {
    server.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// What the last re-hash changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Rehash {
    pub old_phc: String,
    pub new_phc: String,
    pub millis: u64,
}

/// The last secret rotation (Step 2) and what it did to a token signed before it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rotation {
    pub old_secret: String,
    pub new_secret: String,
    pub old_token: String,
    /// `GET /api/auth` with the old token, after the rotation.
    pub check: Exchange,
}

/// What the panels show of the server, copied after every change so drawing never locks.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerView {
    pub users: Vec<User>,
    pub config: AuthConfig,
    pub sessions: Vec<Session>,
    pub revoked: usize,
}

/// A job in flight, for the spinner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Busy {
    pub what: String,
    /// The panel that started it and shows the spinner.
    pub panel: PanelKind,
    pub started_frame: usize,
}

/// How the server would judge the browser's token right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TokenState {
    /// Signed with the current secret and the pinned algorithm.
    signature_valid: bool,
    /// Accepted outright: signature, algorithm and time claims.
    accepted: bool,
}

#[derive(Debug)]
pub struct Engine {
    server: Option<Arc<Mutex<AuthServer>>>,
    /// The server's randomness until the server exists (it moves in then).
    server_rng: Option<RandomSource>,
    /// The UI side's randomness: salts, generated secrets, forged ids.
    pub rng: RandomSource,
    pub view: Option<ServerView>,
    /// The learner's browser.
    pub jar: CookieJar,
    pub busy: Option<Busy>,
    /// Spinner frame, advanced by ticks while busy.
    pub frame: usize,
    jobs: Vec<Job>,
    /// Time travel: seconds added to the real (or demo) clock.
    pub clock_offset: i64,
    pub rehash: Option<Rehash>,
    pub rotation: Option<Rotation>,
    pub login_form: LoginForm,
    /// The last login's request and response.
    pub last_login: Option<Exchange>,
    /// The last request of any kind and its response (the HTTP panel).
    pub last_exchange: Option<Exchange>,
    /// The token from the last successful login.
    pub token: Option<String>,
    pub scenario_selected: usize,
    /// The value Step 4 writes into the edited claim (`sub`).
    pub claim_value: TextField,
    /// The last run of each scenario.
    pub scenario_runs: Vec<(Scenario, ScenarioRun)>,
    /// A message for the learner about the last action that could not run.
    pub notice: Option<String>,
}

impl Engine {
    /// A fresh engine; the seed user's password hash is queued as the first job.
    pub fn new(demo: bool) -> Self {
        let (mut rng, server_rng) = if demo {
            (RandomSource::seeded(DEMO_UI_SEED), RandomSource::seeded(DEMO_SERVER_SEED))
        } else {
            (RandomSource::os(), RandomSource::os())
        };
        let salt = new_salt(&mut rng);
        let mut engine = Self {
            server: None,
            server_rng: Some(server_rng),
            rng,
            view: None,
            jar: CookieJar::new(),
            busy: None,
            frame: 0,
            jobs: Vec::new(),
            clock_offset: 0,
            rehash: None,
            rotation: None,
            login_form: LoginForm {
                username: TextField::new(SEED_USERNAME),
                password: TextField::new(SEED_PASSWORD),
                selected: 0,
            },
            last_login: None,
            last_exchange: None,
            token: None,
            scenario_selected: 0,
            claim_value: TextField::new("2"),
            scenario_runs: Vec::new(),
            notice: None,
        };
        engine.start(
            Job::HashPassword {
                user_id: SEED_USER_ID,
                password: SEED_PASSWORD.to_string(),
                salt,
                purpose: HashPurpose::Seed,
            },
            "hashing user1's password with argon2id",
            PanelKind::Users,
        );
        engine
    }

    /// The clock the server sees: the app's clock plus time travel. Every `now` the engine's
    /// methods take is this one.
    pub fn clock(&self, app_now: UnixSeconds) -> UnixSeconds {
        app_now.saturating_add(self.clock_offset)
    }

    /// Jobs queued since the last call, for the event loop to run on worker threads.
    pub fn take_jobs(&mut self) -> Vec<Job> {
        std::mem::take(&mut self.jobs)
    }

    pub(crate) fn start(&mut self, job: Job, what: &str, panel: PanelKind) {
        self.busy = Some(Busy { what: what.to_string(), panel, started_frame: self.frame });
        self.jobs.push(job);
    }

    /// The server, if it exists and no job is using it; otherwise says why not in `notice`.
    fn idle_server(&mut self) -> Option<Arc<Mutex<AuthServer>>> {
        if let Some(busy) = &self.busy {
            self.notice = Some(format!("wait a moment: the server is busy {}", busy.what));
            return None;
        }
        self.server.clone()
    }

    fn refresh_view(&mut self) {
        if let Some(server) = &self.server {
            let server = lock(server);
            let mut sessions: Vec<Session> = server.sessions.list().into_iter().cloned().collect();
            sessions.sort_by_key(|session| session.created_at);
            self.view = Some(ServerView {
                users: server.users.users().to_vec(),
                config: server.config.clone(),
                sessions,
                revoked: server.denylist.len(),
            });
        }
    }

    /// A request that needs no argon2, answered at once.
    pub fn send_now(&mut self, request: Request, now: UnixSeconds) -> Option<Exchange> {
        let server = self.idle_server()?;
        let response = lock(&server).handle(&request, now);
        self.refresh_view();
        let exchange = Exchange::new(now, request, response);
        self.last_exchange = Some(exchange.clone());
        Some(exchange)
    }

    /// Step 1: hash user1's password again with a new salt.
    pub fn rehash(&mut self) {
        if self.idle_server().is_none() {
            return;
        }
        let salt = new_salt(&mut self.rng);
        self.start(
            Job::HashPassword {
                user_id: SEED_USER_ID,
                password: SEED_PASSWORD.to_string(),
                salt,
                purpose: HashPurpose::Rehash,
            },
            "re-hashing pass123 with a new salt",
            PanelKind::Users,
        );
    }

    /// Step 3: `POST /api/auth` with the form's fields; the browser sends its cookies along.
    pub fn login(&mut self, now: UnixSeconds, purpose: SendPurpose) {
        let Some(server) = self.idle_server() else { return };
        let (username, password) = match purpose {
            SendPurpose::LoginForm => {
                (self.login_form.username.value().to_string(), self.login_form.password.value().to_string())
            }
            // Scenarios log in as the seed user whatever the form says.
            SendPurpose::BeforeScenario(_) => (SEED_USERNAME.to_string(), SEED_PASSWORD.to_string()),
        };
        let request = Request::post_json(AUTH_PATH, &json!({ "username": username, "password": password }))
            .with_cookies(self.jar.cookie_header(now).as_deref());
        let panel = match purpose {
            SendPurpose::LoginForm => PanelKind::LoginForm,
            SendPurpose::BeforeScenario(_) => PanelKind::Scenarios,
        };
        self.start(
            Job::Send { server, request, now, purpose },
            "checking the password (argon2id verify)",
            panel,
        );
    }

    /// A worker finished; `now` is the clock when the result arrives.
    pub fn finish(&mut self, action: Action, now: UnixSeconds) {
        self.busy = None;
        match action {
            Action::PasswordHashed { user_id, phc, millis, purpose } => match purpose {
                HashPurpose::Seed => self.build_server(user_id, phc),
                HashPurpose::Rehash => {
                    let old_phc = self
                        .view
                        .as_ref()
                        .and_then(|view| view.users.iter().find(|u| u.id == user_id))
                        .map(|user| user.password_hash.clone())
                        .unwrap_or_default();
                    if let Some(server) = &self.server
                        && let Err(error) = lock(server).users.set_hash(user_id, phc.clone())
                    {
                        self.notice = Some(format!("re-hash not stored: {error}"));
                        return;
                    }
                    self.rehash = Some(Rehash { old_phc, new_phc: phc, millis });
                    self.refresh_view();
                }
            },
            Action::Responded { exchange, purpose } => {
                self.last_exchange = Some(exchange.clone());
                self.apply_login(&exchange, now);
                self.refresh_view();
                match purpose {
                    SendPurpose::LoginForm => self.last_login = Some(exchange),
                    SendPurpose::BeforeScenario(scenario) => {
                        if exchange.response.status == 200 {
                            self.last_login = Some(exchange);
                            self.run_scenario(scenario, now);
                        } else {
                            self.notice = Some(format!(
                                "could not log in as user1 first: {} {}",
                                exchange.response.status,
                                exchange.reason().unwrap_or("")
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn build_server(&mut self, user_id: u64, phc: String) {
        let Some(server_rng) = self.server_rng.take() else { return };
        let user = User { id: user_id, username: SEED_USERNAME.to_string(), password_hash: phc };
        let users = UserStore::from_users(vec![user]);
        let server = AuthServer::new(users, AuthConfig::seed(), server_rng);
        self.server = Some(Arc::new(Mutex::new(server)));
        self.refresh_view();
    }

    /// The browser's side of a login response: keep the token, store the cookie.
    fn apply_login(&mut self, exchange: &Exchange, now: UnixSeconds) {
        for cookie in exchange.response.set_cookies() {
            self.jar.apply(&cookie, now);
        }
        if exchange.response.status == 200
            && let Some(token) = exchange.response.json().get("token").and_then(Value::as_str)
        {
            self.token = Some(token.to_string());
        }
    }

    /// Step 2: replace the secret with 32 random bytes, then show a token signed before the change
    /// being refused.
    pub fn rotate_secret(&mut self, now: UnixSeconds) {
        let Some(server) = self.idle_server() else { return };
        let (old_secret, old_token, new_secret) = {
            let mut server = lock(&server);
            let old_secret = server.config.jwt_secret.clone();
            let old_token = match &self.token {
                Some(token) => token.clone(),
                // Nobody logged in yet: sign what a login would issue, with the old secret.
                None => {
                    let claims = jwt::login_claims(
                        &SEED_USER_ID.to_string(),
                        now,
                        server.config.token_ttl,
                        &jwt::new_jti(&mut self.rng),
                    );
                    match jwt::sign(&claims, old_secret.bytes(), server.config.jwt_alg) {
                        Ok(token) => token,
                        Err(error) => {
                            self.notice = Some(format!("could not sign a sample token: {error}"));
                            return;
                        }
                    }
                }
            };
            let new_secret = Secret::generate(&mut self.rng);
            server.config.jwt_secret = new_secret.clone();
            (old_secret, old_token, new_secret)
        };
        let Some(check) = self.send_now(Request::get(AUTH_PATH).with_bearer(&old_token), now) else { return };
        self.rotation = Some(Rotation {
            old_secret: old_secret.display(),
            new_secret: new_secret.display(),
            old_token,
            check,
        });
    }

    /// Step 4: run one scenario, logging in first if it needs a logged-in browser.
    pub fn run_scenario(&mut self, scenario: Scenario, now: UnixSeconds) {
        if self.idle_server().is_none() {
            return;
        }
        let ready = match scenario.needs() {
            Needs::Nothing => true,
            Needs::Credentials => self.credentials(now).is_some(),
            Needs::SignedToken => self.credentials(now).is_some_and(|(token, _)| token.signature_valid),
            Needs::WorkingCredentials => {
                self.credentials(now).is_some_and(|(token, session_lives)| token.accepted && session_lives)
            }
        };
        if !ready {
            self.login(now, SendPurpose::BeforeScenario(scenario));
            return;
        }
        if let Some(run) = super::panels::scenarios::run(self, scenario, now) {
            self.scenario_runs.retain(|(done, _)| *done != scenario);
            self.scenario_runs.push((scenario, run));
        }
    }

    /// What the browser holds from the last login, as the server would judge it at `now`: the
    /// token's state and whether a live session is behind the cookie. `None` when it holds no
    /// token or no session cookie at all.
    fn credentials(&self, now: UnixSeconds) -> Option<(TokenState, bool)> {
        let view = self.view.as_ref()?;
        let token = self.token.as_ref()?;
        let config = &view.config;
        let session_id = self.jar.value(&config.session.cookie_name, now)?;
        let report = jwt::verify(token, &config.verify_options(now));
        let state = TokenState {
            signature_valid: report.signature == jwt::SignatureStatus::Valid,
            accepted: report.verdict().is_ok(),
        };
        let session_lives = view.sessions.iter().any(|session| {
            session.id.as_str() == session_id
                && now < session.created_at.saturating_add_unsigned(config.session.absolute_timeout)
                && now < session.last_seen.saturating_add_unsigned(config.session.idle_timeout)
        });
        Some((state, session_lives))
    }

    pub fn scenario_run(&self, scenario: Scenario) -> Option<&ScenarioRun> {
        self.scenario_runs.iter().find(|(done, _)| *done == scenario).map(|(_, run)| run)
    }

    /// The server's current configuration (from the last snapshot).
    pub fn config(&self) -> Option<&AuthConfig> {
        self.view.as_ref().map(|view| &view.config)
    }
}
