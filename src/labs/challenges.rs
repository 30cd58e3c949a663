//! Break it yourself: challenges against deliberately vulnerable servers, each with a goal the real
//! route handler decides. The learner forges the credential (with the workbench, `jwt sign`, python or
//! jwt.io); this module only plays the victim, runs the vulnerable server, and then sends the same
//! credential to the correct server, which refuses it with its reason.
//!
//! Each challenge's servers are rebuilt from a fixed seed, so the token `challenge list` hands out in
//! one process is still that server's token when `challenge try` runs in another.

use std::sync::OnceLock;

use serde_json::{Value, json};

use super::crack::WORDLIST;
use crate::auth::clock::UnixSeconds;
use crate::auth::config::SEED_COOKIE_NAME;
use crate::auth::cookies::cookie_value;
use crate::auth::handler::{AUTH_PATH, LOGOUT_PATH};
use crate::auth::jwt;
use crate::auth::users::{SEED_PASSWORD, SEED_USERNAME, User, hash_password};
use crate::auth::{
    AuthConfig, AuthServer, CookieJar, Exchange, RandomSource, Request, SetCookie, TokenCheck, UserStore,
};

/// The user the token challenges ask the learner to become: someone who never logged in.
pub const TARGET_USER_ID: u64 = 2;
/// Their login name.
pub const TARGET_USERNAME: &str = "user2";

/// The challenges, in the order the screen lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChallengeKind {
    /// A verifier that lets the token's header choose the algorithm accepts `alg: none`.
    AlgNone,
    /// The seed's `mysecretkey`, cracked from a captured token and used to sign for user 2.
    WeakSecret,
    /// A server that only decodes the token: change `sub`, keep or drop the signature.
    DecodeOnly,
    /// A stolen JWT replayed after the victim logged out.
    JwtAfterLogout,
    /// A session id planted before the victim logs in, on a server that keeps it.
    SessionFixation,
}

/// Which credential a challenge takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialKind {
    /// `Authorization: Bearer <token>`.
    Token,
    /// A `Cookie` header (`nextjs-session=<id>`).
    Cookie,
}

impl CredentialKind {
    /// `--token` / `--cookie`, as the command line spells it.
    pub fn flag(self) -> &'static str {
        match self {
            Self::Token => "--token",
            Self::Cookie => "--cookie",
        }
    }
}

/// What the attacker sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A JWT, sent as `Authorization: Bearer`.
    Token(String),
    /// A cookie: `name=value` pairs as a `Cookie` header, or a bare session id (it becomes
    /// `nextjs-session=<id>`).
    Cookie(String),
}

impl Credential {
    /// Which kind this is.
    pub fn kind(&self) -> CredentialKind {
        match self {
            Self::Token(_) => CredentialKind::Token,
            Self::Cookie(_) => CredentialKind::Cookie,
        }
    }

    /// The `Cookie` header a cookie credential sends.
    fn cookie_header(&self) -> Option<String> {
        match self {
            Self::Token(_) => None,
            Self::Cookie(text) if text.contains('=') => Some(text.trim().to_string()),
            Self::Cookie(id) => Some(format!("{SEED_COOKIE_NAME}={}", id.trim())),
        }
    }

    fn request(&self) -> Request {
        match self {
            Self::Token(token) => Request::get(AUTH_PATH).with_bearer(token.trim()),
            Self::Cookie(_) => Request::get(AUTH_PATH).with_cookies(self.cookie_header().as_deref()),
        }
    }
}

/// Why an attempt could not even be made (a usage problem, not a failed attack).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttemptError {
    /// The challenge takes the other kind of credential.
    WrongCredential { challenge: &'static str, takes: CredentialKind },
    /// A cookie credential without a `nextjs-session` value.
    NoSessionCookie { given: String },
    /// Nothing was given.
    Empty,
}

impl std::fmt::Display for AttemptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::WrongCredential { challenge, takes } => {
                write!(f, "challenge {challenge} takes {} (see `challenge list`)", takes.flag())
            }
            Self::NoSessionCookie { given } => {
                write!(f, "the cookie \"{given}\" has no {SEED_COOKIE_NAME} value to plant")
            }
            Self::Empty => f.write_str("the credential is empty"),
        }
    }
}

impl std::error::Error for AttemptError {}

impl ChallengeKind {
    /// Every challenge, in display order.
    pub const ALL: [ChallengeKind; 5] =
        [Self::AlgNone, Self::WeakSecret, Self::DecodeOnly, Self::JwtAfterLogout, Self::SessionFixation];

    /// The name `challenge try NAME` takes and progress records.
    pub fn id(self) -> &'static str {
        match self {
            Self::AlgNone => "alg-none",
            Self::WeakSecret => "weak-secret",
            Self::DecodeOnly => "decode-only",
            Self::JwtAfterLogout => "jwt-after-logout",
            Self::SessionFixation => "session-fixation",
        }
    }

    /// The challenge named `id`.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.id() == id)
    }

    /// The heading.
    pub fn title(self) -> &'static str {
        match self {
            Self::AlgNone => "alg: none against an unpinned verifier",
            Self::WeakSecret => "Crack the weak secret, sign as user 2",
            Self::DecodeOnly => "Edit sub: the server only decodes",
            Self::JwtAfterLogout => "Reuse a stolen JWT after logout",
            Self::SessionFixation => "Fix the session id before login",
        }
    }

    /// What counts as solved.
    pub fn goal(self) -> &'static str {
        match self {
            Self::AlgNone => {
                "Be authenticated as user 2 with a token the server never signed: the verifier lets the \
                 token's header choose the algorithm."
            }
            Self::WeakSecret => {
                "Find the server's secret from the captured token with the word list, then sign a token for \
                 user 2 (sub \"2\") that the server accepts."
            }
            Self::DecodeOnly => {
                "Be authenticated as user 2: this server reads the token with jwt.decode() and never checks \
                 the signature."
            }
            Self::JwtAfterLogout => {
                "The victim logged out. Use what you stole from their browser to be them anyway; see which \
                 of the two stolen credentials died."
            }
            Self::SessionFixation => {
                "Choose a session id and plant it as the victim's nextjs-session cookie before they log in; \
                 then use that same id to be them."
            }
        }
    }

    /// The server the challenge runs, in Next.js terms.
    pub fn vulnerable_server(self) -> &'static str {
        match self {
            Self::AlgNone => "jwt.verify(token, secret) in a library where the header picks the algorithm",
            Self::WeakSecret => "JWT_SECRET = 'mysecretkey' (the seed's secret), HS256 pinned",
            Self::DecodeOnly => "const payload = jwt.decode(token)  // no verify",
            Self::JwtAfterLogout => "logout destroys the session; JWTs live until exp (15 minutes)",
            Self::SessionFixation => "login stores the session under the id the browser sent",
        }
    }

    /// The correct server the same credential is then sent to.
    pub fn correct_server(self) -> &'static str {
        match self {
            Self::AlgNone => "jwt.verify(token, secret, { algorithms: ['HS256'] })",
            Self::WeakSecret => "JWT_SECRET = 32 random bytes (openssl rand -base64 32)",
            Self::DecodeOnly => "jwt.verify(token, secret, { algorithms: ['HS256'] })",
            Self::JwtAfterLogout => "logout also puts the token's jti on a deny-list",
            Self::SessionFixation => "login always issues a fresh crypto.randomBytes(32) id",
        }
    }

    /// The credential the challenge takes.
    pub fn takes(self) -> CredentialKind {
        match self {
            Self::SessionFixation => CredentialKind::Cookie,
            Self::AlgNone | Self::WeakSecret | Self::DecodeOnly | Self::JwtAfterLogout => {
                CredentialKind::Token
            }
        }
    }

    /// Also accepted, to show something: the stolen session cookie after logout (it died).
    fn also_takes(self) -> Option<CredentialKind> {
        (self == Self::JwtAfterLogout).then_some(CredentialKind::Cookie)
    }

    /// A worked solution, shown only after a try ("show me").
    pub fn solution(self) -> &'static [&'static str] {
        match self {
            Self::AlgNone => &[
                "1. Decode the captured token's header and payload (base64url JSON).",
                "2. Header: {\"alg\":\"none\",\"typ\":\"JWT\"}. Payload: the same, with \"sub\":\"2\".",
                "3. base64url both, join with dots and leave the signature empty: HEADER.PAYLOAD.",
                "   In the workbench: algorithm none, sub \"2\", then send to this server.",
                "Why it works: \"none\" tells this library there is no signature to check.",
            ],
            Self::WeakSecret => &[
                "1. For each word in the list, HMAC-SHA256(word, header.payload) of the captured token;",
                "   the word whose MAC equals the signature is the secret: mysecretkey.",
                "2. Sign {\"sub\":\"2\",\"exp\":<a future time>} with HS256 and key mysecretkey:",
                "   jwt-session-tutor jwt sign --sub 2 --secret mysecretkey",
                "Why it works: an 11-character word is guessed offline in microseconds.",
            ],
            Self::DecodeOnly => &[
                "1. Decode the captured token's payload, change \"sub\" to \"2\", base64url it again.",
                "2. Put it between the old header and the old signature (or any signature at all).",
                "Why it works: jwt.decode() only reads base64url; nothing checks the signature.",
            ],
            Self::JwtAfterLogout => &[
                "1. Send the stolen JWT unchanged as a Bearer token: it is still accepted.",
                "2. Send the stolen session cookie: 401, the session was destroyed at logout.",
                "Why: a JWT carries its own proof and lives until exp; a session is a server record.",
            ],
            Self::SessionFixation => &[
                "1. Pick any id, e.g. attacker-chosen-id, and plant nextjs-session=attacker-chosen-id.",
                "2. The victim logs in with it; this server keeps the id it was sent.",
                "3. Send the same cookie yourself: you are user 1.",
                "Why: the id was chosen by the attacker and never renewed at login.",
            ],
        }
    }

    /// The fixed seed of this challenge's servers (see the module comment).
    fn seed(self) -> u64 {
        0xC4A1_1E00 + Self::ALL.iter().position(|kind| *kind == self).unwrap_or(0) as u64
    }

    /// The vulnerable configuration, over a secret from the challenge's seed.
    fn vulnerable_config(self, rng: &mut RandomSource) -> AuthConfig {
        if self == Self::WeakSecret {
            return AuthConfig::seed();
        }
        let mut config = AuthConfig::with_generated_secret(rng);
        match self {
            Self::AlgNone => config.token_check = TokenCheck::InsecureHeaderPicksAlgorithm,
            Self::DecodeOnly => config.token_check = TokenCheck::InsecureDecodeOnly,
            Self::SessionFixation => config.session.insecure_reuse_client_session_id = true,
            Self::WeakSecret | Self::JwtAfterLogout => {}
        }
        config
    }

    /// The correct configuration: the vulnerable one with its mistake fixed, same secret (a generated
    /// one for the weak-secret challenge, so the cracked word signs nothing this server accepts).
    fn correct_config(self, vulnerable: &AuthConfig, rng: &mut RandomSource) -> AuthConfig {
        if self == Self::WeakSecret {
            return AuthConfig::with_generated_secret(rng);
        }
        let mut config = vulnerable.clone();
        config.token_check = TokenCheck::Verified;
        config.session.insecure_reuse_client_session_id = false;
        config
    }
}

/// What the attacker has before trying: a captured token or stolen cookie, and how it was obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Briefing {
    /// Which challenge.
    pub kind: ChallengeKind,
    /// The token the attacker captured (token challenges).
    pub captured_token: Option<String>,
    /// The session cookie stolen alongside it (jwt-after-logout).
    pub stolen_cookie: Option<String>,
    /// The real exchanges that produced them (the victim's login, the logout).
    pub setup: Vec<Exchange>,
    /// The word list, for the weak-secret challenge.
    pub wordlist: Option<&'static [&'static str]>,
}

/// One try: the credential against the vulnerable server, then against the correct one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// Which challenge.
    pub kind: ChallengeKind,
    /// What the victim did first on the vulnerable server (login, logout), in order.
    pub setup: Vec<Exchange>,
    /// The learner's request to the vulnerable server and its response.
    pub vulnerable: Exchange,
    /// Whether the goal was reached.
    pub solved: bool,
    /// Why it was or was not reached.
    pub why: String,
    /// The same credential sent to the correct server (after the same setup).
    pub correct: Exchange,
    /// The correct server's verdict in one line: its reason for refusing, or that it accepted.
    pub correct_verdict: String,
}

/// Runs the challenges' servers over the seed's user 1 and a user 2 who never logs in.
#[derive(Debug, Clone)]
pub struct ChallengeLab {
    users: Vec<User>,
}

/// User 2's hash: one argon2 hash per process, of a password nobody knows (the challenges become
/// user 2 by forging, never by logging in).
fn target_user() -> User {
    static HASH: OnceLock<String> = OnceLock::new();
    let hash = HASH.get_or_init(|| {
        let mut rng = RandomSource::os();
        let password: String = rng.bytes::<16>().iter().map(|byte| format!("{byte:02x}")).collect();
        hash_password(&password, &crate::auth::users::new_salt(&mut rng))
    });
    User { id: TARGET_USER_ID, username: TARGET_USERNAME.to_string(), password_hash: hash.clone() }
}

impl ChallengeLab {
    /// A lab over `users` (which must hold user1) plus user 2. Slow the first time in a process: user
    /// 2's password is hashed once.
    pub fn new(users: &UserStore) -> Self {
        let mut users: Vec<User> =
            users.users().iter().filter(|user| user.id != TARGET_USER_ID).cloned().collect();
        users.push(target_user());
        Self { users }
    }

    fn server(&self, config: AuthConfig, rng: RandomSource) -> AuthServer {
        AuthServer::new(UserStore::from_users(self.users.clone()), config, rng)
    }

    /// The vulnerable and the correct server of `kind`, each with its own seeded randomness.
    fn servers(&self, kind: ChallengeKind) -> (AuthServer, AuthServer) {
        let mut rng = RandomSource::seeded(kind.seed());
        let vulnerable = kind.vulnerable_config(&mut rng);
        let correct = kind.correct_config(&vulnerable, &mut rng);
        // The same seed for both servers' ids: the victim's story gives the same session id and jti on
        // each, so the correct server's deny-list holds the very jti of the token the attacker stole.
        (
            self.server(vulnerable, RandomSource::seeded(kind.seed() ^ 0x5E55)),
            self.server(correct, RandomSource::seeded(kind.seed() ^ 0x5E55)),
        )
    }

    /// What the attacker starts with, produced by the victim's real login at `now` (and logout, for
    /// jwt-after-logout). Slow: the login runs argon2id.
    pub fn briefing(&self, kind: ChallengeKind, now: UnixSeconds) -> Briefing {
        let (mut server, _) = self.servers(kind);
        let mut briefing =
            Briefing { kind, captured_token: None, stolen_cookie: None, setup: Vec::new(), wordlist: None };
        if kind == ChallengeKind::SessionFixation {
            return briefing;
        }
        let mut jar = CookieJar::new();
        let (login, token) = victim_login(&mut server, &mut jar, now);
        briefing.setup.push(login);
        briefing.captured_token = Some(token);
        if kind == ChallengeKind::JwtAfterLogout {
            // The session cookie: the JWT is already in hand as the captured token.
            briefing.stolen_cookie =
                jar.value(SEED_COOKIE_NAME, now).map(|id| format!("{SEED_COOKIE_NAME}={id}"));
        }
        if kind == ChallengeKind::WeakSecret {
            briefing.wordlist = Some(&WORDLIST);
        }
        briefing
    }

    /// Sends `credential` to the challenge's vulnerable server at `now` (after the victim's part of the
    /// story), decides whether the goal was reached, then sends it to the correct server. Slow for the
    /// two challenges where the victim logs in (argon2id).
    pub fn attempt(
        &self,
        kind: ChallengeKind,
        credential: &Credential,
        now: UnixSeconds,
    ) -> Result<Attempt, AttemptError> {
        let given = match credential {
            Credential::Token(text) | Credential::Cookie(text) => text.trim(),
        };
        if given.is_empty() {
            return Err(AttemptError::Empty);
        }
        if credential.kind() != kind.takes() && Some(credential.kind()) != kind.also_takes() {
            return Err(AttemptError::WrongCredential { challenge: kind.id(), takes: kind.takes() });
        }
        let (mut vulnerable_server, mut correct_server) = self.servers(kind);
        let setup = victim_story(kind, &mut vulnerable_server, credential, now, false)?;
        victim_story(kind, &mut correct_server, credential, now, true)?;
        let at = now + setup.len() as i64;
        let vulnerable = send(&mut vulnerable_server, credential.request(), at);
        let correct = send(&mut correct_server, credential.request(), at);
        let (solved, why) = judge(kind, &vulnerable);
        let correct_verdict = match correct.status() {
            200 => format!("accepted too: {}", crate::auth::exchange::response_detail(&correct.response)),
            _ => format!("refused: {}", refusal_reason(&correct)),
        };
        Ok(Attempt { kind, setup, vulnerable, solved, why, correct, correct_verdict })
    }
}

/// The victim's part, on one server: nothing for the token challenges; login then logout for
/// jwt-after-logout (the correct server's logout also puts the token's jti on its deny-list); the
/// planted cookie and then login for session fixation.
fn victim_story(
    kind: ChallengeKind,
    server: &mut AuthServer,
    credential: &Credential,
    now: UnixSeconds,
    revoke_at_logout: bool,
) -> Result<Vec<Exchange>, AttemptError> {
    let mut jar = CookieJar::new();
    match kind {
        ChallengeKind::AlgNone | ChallengeKind::WeakSecret | ChallengeKind::DecodeOnly => Ok(Vec::new()),
        ChallengeKind::JwtAfterLogout => {
            let (login, token) = victim_login(server, &mut jar, now);
            let jti = jwt::decode(&token)
                .ok()
                .and_then(|decoded| decoded.claims().get("jti").and_then(Value::as_str).map(str::to_string));
            let request = Request::post_json(LOGOUT_PATH, &json!({}))
                .with_cookies(jar.cookie_header(now + 1).as_deref())
                .with_bearer(&token);
            let logout = send(server, request, now + 1);
            if revoke_at_logout && let Some(jti) = jti {
                server.revoke(&jti);
            }
            Ok(vec![login, logout])
        }
        ChallengeKind::SessionFixation => {
            let header = credential.cookie_header().unwrap_or_default();
            let planted = cookie_value(&header, SEED_COOKIE_NAME)
                .filter(|id| !id.is_empty())
                .ok_or_else(|| AttemptError::NoSessionCookie { given: header.clone() })?;
            if let Some(cookie) = SetCookie::parse(&format!("{SEED_COOKIE_NAME}={planted}; Path=/")) {
                jar.apply(&cookie, now);
            }
            let (login, _) = victim_login(server, &mut jar, now);
            Ok(vec![login])
        }
    }
}

fn send(server: &mut AuthServer, request: Request, now: UnixSeconds) -> Exchange {
    let response = server.handle(&request, now);
    Exchange::new(now, request, response)
}

/// user1 logs in with the cookies in `jar`, which takes the response's cookies. Returns the exchange
/// and the token.
fn victim_login(server: &mut AuthServer, jar: &mut CookieJar, now: UnixSeconds) -> (Exchange, String) {
    let body = json!({ "username": SEED_USERNAME, "password": SEED_PASSWORD });
    let request = Request::post_json(AUTH_PATH, &body).with_cookies(jar.cookie_header(now).as_deref());
    let exchange = send(server, request, now);
    for cookie in exchange.response.set_cookies() {
        jar.apply(&cookie, now);
    }
    let token = exchange.response.json()["token"].as_str().unwrap_or_default().to_string();
    (exchange, token)
}

/// The server's reason for the credential that was tried (the `jwt: …` part for a Bearer request, the
/// `session: …` part for a cookie).
fn refusal_reason(exchange: &Exchange) -> String {
    let reason = exchange.reason().unwrap_or_default();
    let (jwt_part, session_part) = reason.split_once("; session: ").unwrap_or((reason, ""));
    if exchange.request.header("Authorization").is_some() {
        jwt_part.strip_prefix("jwt: ").unwrap_or(jwt_part).to_string()
    } else {
        session_part.to_string()
    }
}

/// Solved when the vulnerable server authenticated the goal's user through the goal's credential.
fn judge(kind: ChallengeKind, exchange: &Exchange) -> (bool, String) {
    let by_cookie = exchange.request.header("Authorization").is_none();
    if exchange.status() != 200 && kind == ChallengeKind::JwtAfterLogout && by_cookie {
        return (
            false,
            format!(
                "the server refused it: {}. The stolen session cookie died when logout deleted the session: \
                 try the stolen JWT",
                refusal_reason(exchange)
            ),
        );
    }
    if exchange.status() != 200 {
        return (false, format!("the server refused it: {}", refusal_reason(exchange)));
    }
    let body = exchange.response.json();
    let user = body["userId"].as_u64().unwrap_or_default();
    let via = body["via"].as_str().unwrap_or_default();
    let (goal_user, goal_via) = match kind {
        ChallengeKind::AlgNone | ChallengeKind::WeakSecret | ChallengeKind::DecodeOnly => {
            (TARGET_USER_ID, "jwt")
        }
        ChallengeKind::JwtAfterLogout => (crate::auth::users::SEED_USER_ID, "jwt"),
        ChallengeKind::SessionFixation => (crate::auth::users::SEED_USER_ID, "session"),
    };
    if user != goal_user {
        return (false, format!("accepted, but as user {user}: the goal is user {goal_user}"));
    }
    if via != goal_via {
        return (false, format!("accepted via {via}, but the goal needs the {goal_via} credential"));
    }
    let why = match kind {
        ChallengeKind::AlgNone => "the unsigned token was accepted as user 2",
        ChallengeKind::WeakSecret => "your token, signed with the cracked secret, was accepted as user 2",
        ChallengeKind::DecodeOnly => "the edited token was accepted as user 2: nothing checked the signature",
        ChallengeKind::JwtAfterLogout => "the stolen JWT still works after logout, until its exp",
        ChallengeKind::SessionFixation => "the id you planted became the victim's logged-in session",
    };
    (true, why.to_string())
}
