//! The attack lab: each attack crafted for real and thrown at the real route handler, with the forged
//! request, the response, the verdict and the one line that stops it. The deliberately vulnerable
//! variants are marked as the wrong way and run on their own misconfigured server.

use std::collections::HashSet;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};

use super::crack::{self, CrackResult, WORDLIST};
use crate::auth::Exchange;
use crate::auth::clock::{UnixSeconds, format_unix_utc};
use crate::auth::config::SEED_JWT_SECRET;
use crate::auth::handler::{AUTH_PATH, LOGOUT_PATH};
use crate::auth::jwt;
use crate::auth::users::{SEED_PASSWORD, SEED_USERNAME, User};
use crate::auth::{
    AuthConfig, AuthServer, Backend, CookieJar, RandomSource, Request, Response, SessionId, SetCookie,
    UserStore, handle,
};

/// How long the forged tokens claim to live: a year, to show the attacker controls `exp` too.
const FORGED_LIFETIME: i64 = 365 * 24 * 60 * 60;

/// The attacks, in the order the lab shows them. Wrong-way variants follow their safe counterpart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttackKind {
    /// A token with `alg: none` and the signature stripped.
    AlgNone,
    /// The payload's `sub` edited, the old signature kept.
    EditedPayload,
    /// THE WRONG WAY: a token signed with `mysecretkey`, cracked from a word list and forged.
    WeakSecret,
    /// The same word list against a 256-bit generated secret.
    StrongSecret,
    /// Stolen JWT and session cookie replayed from another device, before and after logout.
    StolenTokenReplay,
    /// A session id planted before login, against a server that issues a fresh id at login.
    SessionFixation,
    /// THE WRONG WAY: the same planted id against a server that keeps the client's id.
    SessionFixationWrongWay,
    /// THE WRONG WAY: a session cookie without `HttpOnly`, read by injected script.
    ScriptReadableCookie,
    /// The same injected script against an `HttpOnly` session cookie.
    HttpOnlyCookie,
}

impl AttackKind {
    /// Every attack, in display order.
    pub const ALL: [AttackKind; 9] = [
        Self::AlgNone,
        Self::EditedPayload,
        Self::WeakSecret,
        Self::StrongSecret,
        Self::StolenTokenReplay,
        Self::SessionFixation,
        Self::SessionFixationWrongWay,
        Self::ScriptReadableCookie,
        Self::HttpOnlyCookie,
    ];

    /// The heading shown for the attack.
    pub fn title(self) -> &'static str {
        match self {
            Self::AlgNone => "alg: none (signature stripped)",
            Self::EditedPayload => "Edited payload, old signature",
            Self::WeakSecret => "Weak secret cracked, token forged",
            Self::StrongSecret => "Strong secret: the same word list",
            Self::StolenTokenReplay => "Stolen credentials replayed from another device",
            Self::SessionFixation => "Session fixation: fresh id at login",
            Self::SessionFixationWrongWay => "Session fixation: planted id kept",
            Self::ScriptReadableCookie => "Session cookie without HttpOnly",
            Self::HttpOnlyCookie => "Session cookie with HttpOnly",
        }
    }

    /// A stable machine name for `--json` (`alg-none`, `weak-secret`, …).
    pub fn id(self) -> &'static str {
        match self {
            Self::AlgNone => "alg-none",
            Self::EditedPayload => "edited-payload",
            Self::WeakSecret => "weak-secret",
            Self::StrongSecret => "strong-secret",
            Self::StolenTokenReplay => "stolen-token-replay",
            Self::SessionFixation => "session-fixation",
            Self::SessionFixationWrongWay => "session-fixation-wrong-way",
            Self::ScriptReadableCookie => "script-readable-cookie",
            Self::HttpOnlyCookie => "http-only-cookie",
        }
    }

    /// True for the deliberately vulnerable variants.
    pub fn is_wrong_way(self) -> bool {
        matches!(self, Self::WeakSecret | Self::SessionFixationWrongWay | Self::ScriptReadableCookie)
    }
}

/// Did the server let the attacker in?
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The attack worked; why.
    Accepted(String),
    /// The server refused; the reason it gave.
    Rejected(String),
}

impl Verdict {
    /// True when the attack worked.
    pub fn is_accepted(&self) -> bool {
        matches!(self, Self::Accepted(_))
    }

    /// `ACCEPTED` / `REJECTED`.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Accepted(_) => "ACCEPTED",
            Self::Rejected(_) => "REJECTED",
        }
    }

    /// `✓ REJECTED` (the defence held) / `✗ ACCEPTED` (the attacker got in): a mark and a word, so the
    /// verdict does not depend on colour.
    pub fn headline(&self) -> String {
        let mark = if self.is_accepted() { '✗' } else { '✓' };
        format!("{mark} {}", self.label())
    }

    /// Why.
    pub fn reason(&self) -> &str {
        match self {
            Self::Accepted(reason) | Self::Rejected(reason) => reason,
        }
    }
}

/// One step of an attack: who acted, what they did, and the HTTP exchange when there was one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttackStep {
    /// `victim`, `attacker`, `injected script`, `attacker (offline)`.
    pub actor: &'static str,
    /// What happened.
    pub label: String,
    /// The request and the real handler's response, for steps that talk to the server.
    pub exchange: Option<Exchange>,
    /// What to notice.
    pub note: String,
}

impl AttackStep {
    fn new(
        actor: &'static str,
        label: impl Into<String>,
        exchange: Option<Exchange>,
        note: impl Into<String>,
    ) -> Self {
        Self { actor, label: label.into(), exchange, note: note.into() }
    }

    /// `[attacker] replays the token: 200 OK: authenticated as user 1 via jwt`.
    pub fn line(&self) -> String {
        match &self.exchange {
            Some(exchange) => format!("[{}] {}: {}", self.actor, self.label, exchange.outcome()),
            None => format!("[{}] {}", self.actor, self.label),
        }
    }
}

/// Everything one attack did and what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttackReport {
    /// Which attack.
    pub kind: AttackKind,
    /// What the attacker is trying to do.
    pub goal: &'static str,
    /// The crafted token or planted cookie value, if any.
    pub crafted: Option<String>,
    /// The steps, in order.
    pub steps: Vec<AttackStep>,
    /// The outcome.
    pub verdict: Verdict,
    /// The one line of code or configuration that stops it (Next.js, as the learner would write it).
    pub defence: &'static str,
    /// Where this engine does the same, or what the line does not stop.
    pub defence_note: &'static str,
    /// The guessing run, for the secret attacks.
    pub crack: Option<CrackResult>,
    /// Index in `steps` of the attempt the verdict is about (it always has an exchange).
    pub decisive: usize,
    /// The victim's browser when the attacker struck, for the attacks that involve one.
    pub browser: Option<VictimBrowser>,
}

/// A victim's cookie jar at a moment of the attack (cookies expire, so the time goes with it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VictimBrowser {
    /// The cookies.
    pub jar: CookieJar,
    /// When the jar is looked at.
    pub at: UnixSeconds,
}

impl AttackReport {
    /// The heading.
    pub fn title(&self) -> &'static str {
        self.kind.title()
    }

    /// True for the deliberately vulnerable variants.
    pub fn is_wrong_way(&self) -> bool {
        self.kind.is_wrong_way()
    }

    /// The attempt the verdict is about: its forged request and the handler's response.
    pub fn decisive_exchange(&self) -> Option<&Exchange> {
        self.steps.get(self.decisive)?.exchange.as_ref()
    }
}

/// Builds a fresh server per attack over copies of the same users, so attacks cannot disturb each
/// other. Every attack that logs in costs one argon2 verification: run it off the UI thread.
#[derive(Debug)]
pub struct AttackLab {
    users: Vec<User>,
    rng: RandomSource,
}

impl AttackLab {
    /// A lab over copies of `users` (no hashing happens). With a seeded `rng` every report except the
    /// guessing time is the same on every run.
    pub fn new(users: &UserStore, rng: RandomSource) -> Self {
        Self { users: users.users().to_vec(), rng }
    }

    /// Runs one attack at time `now`.
    pub fn run(&mut self, kind: AttackKind, now: UnixSeconds) -> AttackReport {
        match kind {
            AttackKind::AlgNone => self.alg_none(now),
            AttackKind::EditedPayload => self.edited_payload(now),
            AttackKind::WeakSecret => self.guessed_secret(kind, now),
            AttackKind::StrongSecret => self.guessed_secret(kind, now),
            AttackKind::StolenTokenReplay => self.stolen_token_replay(now),
            AttackKind::SessionFixation | AttackKind::SessionFixationWrongWay => {
                self.session_fixation(kind, now)
            }
            AttackKind::ScriptReadableCookie | AttackKind::HttpOnlyCookie => {
                self.script_reads_cookie(kind, now)
            }
        }
    }

    /// Runs every attack in display order, all at time `now`.
    pub fn run_all(&mut self, now: UnixSeconds) -> Vec<AttackReport> {
        AttackKind::ALL.into_iter().map(|kind| self.run(kind, now)).collect()
    }

    fn child_rng(&mut self) -> RandomSource {
        super::child_rng(&mut self.rng)
    }

    fn server(&mut self, config: AuthConfig) -> AuthServer {
        let rng = self.child_rng();
        let users = UserStore::from_users(self.users.clone());
        AuthServer::new(users, config, rng)
    }

    /// A server configured as it should be: a 256-bit generated secret.
    fn sound_server(&mut self) -> AuthServer {
        let config = AuthConfig::with_generated_secret(&mut self.child_rng());
        self.server(config)
    }

    fn alg_none(&mut self, now: UnixSeconds) -> AttackReport {
        let mut server = self.sound_server();
        let (login, token) = login(&mut server, None, now);
        let mut header = Map::new();
        header.insert("alg".into(), json!("none"));
        header.insert("typ".into(), json!("JWT"));
        let mut claims = jwt::decode(&token).map(|decoded| decoded.payload.json).unwrap_or_default();
        claims.insert("exp".into(), json!(now + FORGED_LIFETIME));
        let forged = format!("{}.{}.", encode_segment(&header), encode_segment(&claims));
        let attempt = send(&mut server, Request::get(AUTH_PATH).with_bearer(&forged), now + 1);
        let verdict = verdict_from(&attempt, "the unsigned token was accepted");
        AttackReport {
            kind: AttackKind::AlgNone,
            goal: "Skip the signature: declare alg \"none\", give the token a year of life, send no signature.",
            crafted: Some(forged),
            steps: vec![
                AttackStep::new("attacker", "logs in to get any real token", Some(login), ""),
                AttackStep::new(
                    "attacker",
                    "sends header {\"alg\":\"none\"}, exp a year away, empty signature",
                    Some(attempt),
                    "Some old libraries let the token's own header pick the check, and none means no check.",
                ),
            ],
            verdict,
            defence: "jwt.verify(token, process.env.JWT_SECRET, { algorithms: ['HS256'] })",
            defence_note: "Pin the algorithm: the header never chooses it. jsonwebtoken 9 already refuses an unsigned \
                 token (\"jwt signature is required\"); the pinned list also stops HS512, RS256 and algorithm confusion.",
            crack: None,
            decisive: 1,
            browser: None,
        }
    }

    fn edited_payload(&mut self, now: UnixSeconds) -> AttackReport {
        let mut server = self.sound_server();
        let (login, token) = login(&mut server, None, now);
        let parts: Vec<&str> = token.split('.').collect();
        let mut claims = jwt::decode(&token).map(|decoded| decoded.payload.json).unwrap_or_default();
        claims.insert("sub".into(), json!("2"));
        let forged = format!(
            "{}.{}.{}",
            parts.first().unwrap_or(&""),
            encode_segment(&claims),
            parts.get(2).unwrap_or(&"")
        );
        let attempt = send(&mut server, Request::get(AUTH_PATH).with_bearer(&forged), now + 1);
        let verdict = verdict_from(&attempt, "the edited token was accepted");
        AttackReport {
            kind: AttackKind::EditedPayload,
            goal: "Become someone else: change sub from \"1\" to \"2\" and keep the original signature.",
            crafted: Some(forged),
            steps: vec![
                AttackStep::new("attacker", "logs in as user 1 and gets a real token", Some(login), ""),
                AttackStep::new(
                    "attacker",
                    "re-encodes the payload with sub \"2\", same header, same signature",
                    Some(attempt),
                    "The payload is only base64url: anyone can read and rewrite it. The signature covers \
                     header.payload, so the old one no longer matches.",
                ),
            ],
            verdict,
            defence: "jwt.verify(token, process.env.JWT_SECRET, { algorithms: ['HS256'] })  // never jwt.decode()",
            defence_note: "Authenticate only on a verified token: jwt.decode() reads a payload without checking the \
                 signature. jwt.verify recomputes the HMAC of header.payload with the secret and compares it.",
            crack: None,
            decisive: 1,
            browser: None,
        }
    }

    fn guessed_secret(&mut self, kind: AttackKind, now: UnixSeconds) -> AttackReport {
        let weak = kind == AttackKind::WeakSecret;
        let config =
            if weak { AuthConfig::seed() } else { AuthConfig::with_generated_secret(&mut self.child_rng()) };
        let strength = config.secret_strength();
        let alg = config.jwt_alg;
        let mut server = self.server(config);
        let (login, token) = login(&mut server, None, now);
        let result = crack::crack(&token, alg, &WORDLIST).ok();
        let found = result.as_ref().and_then(|result| result.found.clone());
        // Nothing found: the attacker forges with their best guess anyway.
        let key = found.clone().unwrap_or_else(|| SEED_JWT_SECRET.to_string());
        let claims = jwt::login_claims("1", now, FORGED_LIFETIME as u64, "forged-by-attacker");
        let forged = jwt::sign(&claims, key.as_bytes(), alg).unwrap_or_default();
        let attempt = send(&mut server, Request::get(AUTH_PATH).with_bearer(&forged), now + 1);
        let guessing = match &found {
            Some(secret) => format!("tries the word list offline: HMAC matches with \"{secret}\""),
            None => format!("tries the word list offline: none of the {} words matches", WORDLIST.len()),
        };
        let forging = match &found {
            Some(secret) => format!("signs their own token for user 1 with \"{secret}\", exp a year away"),
            None => format!("signs a token for user 1 with the guess \"{key}\" anyway"),
        };
        let verdict = match (&verdict_from(&attempt, ""), &found) {
            (Verdict::Accepted(_), Some(secret)) => Verdict::Accepted(format!(
                "the secret \"{secret}\" was guessed offline, so the attacker can mint tokens for anyone, valid until \
                 {}",
                format_unix_utc(now + FORGED_LIFETIME)
            )),
            (Verdict::Accepted(_), None) => {
                Verdict::Accepted("a token signed with a guess was accepted".into())
            }
            (Verdict::Rejected(reason), _) => Verdict::Rejected(reason.clone()),
        };
        AttackReport {
            kind,
            goal: "Find the HMAC secret offline from one captured token, then sign any token the attacker likes.",
            crafted: Some(forged),
            steps: vec![
                AttackStep::new(
                    "attacker",
                    "logs in and captures one real token",
                    Some(login),
                    format!("The server's secret: {strength}."),
                ),
                AttackStep::new(
                    "attacker (offline)",
                    guessing,
                    None,
                    "Each guess is a real HMAC of header.payload compared with the signature; the server never \
                     sees these attempts, so rate limits cannot help. Real attacks use millions of leaked passwords.",
                ),
                AttackStep::new("attacker", forging, Some(attempt), ""),
            ],
            verdict,
            defence: "JWT_SECRET=$(openssl rand -base64 32)  # 256 random bits, read with process.env.JWT_SECRET",
            defence_note: "RFC 7518 §3.2: an HS256 key needs at least 256 bits, and a password is not a key. \
                 Generate it with openssl rand -base64 32 into .env.local; the seed's 'mysecretkey' is 11 bytes of guessable text, on attackers' word lists.",
            crack: result,
            decisive: 2,
            browser: None,
        }
    }

    fn stolen_token_replay(&mut self, now: UnixSeconds) -> AttackReport {
        let mut server = self.sound_server();
        let exp = now + server.config.token_ttl as i64;
        let mut laptop = CookieJar::new();
        let (login, token) = login(&mut server, Some(&mut laptop), now);
        let victim_after_login = laptop.clone();
        let session_name = &server.config.session.cookie_name;
        let stolen_cookie =
            laptop.value(session_name, now).map(|id| format!("{session_name}={id}")).unwrap_or_default();
        let jti = jwt::decode(&token)
            .ok()
            .and_then(|decoded| decoded.claims().get("jti").and_then(Value::as_str).map(str::to_string))
            .unwrap_or_default();
        let jwt_replay =
            |server: &mut AuthServer, at| send(server, Request::get(AUTH_PATH).with_bearer(&token), at);
        let cookie_replay = |server: &mut AuthServer, at| {
            send(server, Request::get(AUTH_PATH).with_cookies(Some(&stolen_cookie)), at)
        };

        let jwt_before = jwt_replay(&mut server, now + 1);
        let cookie_before = cookie_replay(&mut server, now + 2);
        let logout_request = Request::post_json(LOGOUT_PATH, &json!({}))
            .with_cookies(laptop.cookie_header(now + 3).as_deref())
            .with_bearer(&token);
        let logout = send(&mut server, logout_request, now + 3);
        for cookie in logout.response.set_cookies() {
            laptop.apply(&cookie, now + 3);
        }
        let cookie_after = cookie_replay(&mut server, now + 4);
        let jwt_after = jwt_replay(&mut server, now + 5);
        // The same server, had it kept a deny-list that logout filled with this token's jti.
        let denied = {
            let denylist = HashSet::from([jti.clone()]);
            let mut backend = Backend {
                users: &server.users,
                config: &server.config,
                sessions: &mut server.sessions,
                rng: &mut server.rng,
                denylist: Some(&denylist),
            };
            let request = Request::get(AUTH_PATH).with_bearer(&token);
            let response = handle(&mut backend, &request, now + 6);
            Exchange::new(now + 6, request, response)
        };
        let jwt_at_exp = jwt_replay(&mut server, exp);
        let worked = |exchange: &Exchange| exchange.status() == 200;
        let verdict = if worked(&jwt_before) && worked(&jwt_after) {
            Verdict::Accepted(format!(
                "bearer tokens are bearer: the stolen copies worked from another device, and after logout the session \
                 copy got {} but the JWT copy still got {} until exp ({})",
                cookie_after.status(),
                jwt_after.status(),
                format_unix_utc(exp)
            ))
        } else {
            Verdict::Rejected(format!("the stolen JWT got {} after logout", jwt_after.status()))
        };
        AttackReport {
            kind: AttackKind::StolenTokenReplay,
            goal: "Use copies of the victim's JWT and session cookie from another device, before and after the \
                   victim logs out.",
            crafted: Some(token.clone()),
            steps: vec![
                AttackStep::new("victim", "logs in on their laptop", Some(login), ""),
                AttackStep::new(
                    "attacker",
                    "replays the stolen JWT from another device",
                    Some(jwt_before),
                    "Nothing ties a bearer token to a device: whoever holds it is the user.",
                ),
                AttackStep::new("attacker", "replays the stolen session cookie", Some(cookie_before), ""),
                AttackStep::new(
                    "victim",
                    "logs out",
                    Some(logout),
                    "The session record is deleted on the server.",
                ),
                AttackStep::new(
                    "attacker",
                    "replays the session cookie after logout",
                    Some(cookie_after),
                    "Logout deleted the server's record, so every copy of the id is dead.",
                ),
                AttackStep::new(
                    "attacker",
                    "replays the JWT after logout",
                    Some(jwt_after),
                    format!(
                        "Logout cannot reach a stateless token: it stays valid until exp, {}.",
                        format_unix_utc(exp)
                    ),
                ),
                AttackStep::new(
                    "attacker",
                    format!("replays it against the same server with jti {jti} on a deny-list"),
                    Some(denied),
                    "A deny-list filled at logout revokes it at once, at the price of shared state read on every \
                     request.",
                ),
                AttackStep::new(
                    "attacker",
                    "replays the JWT at its exp",
                    Some(jwt_at_exp),
                    "Expiry ends it at last.",
                ),
            ],
            verdict,
            defence: "if (await denyList.has(payload.jti)) return Response.json({ authenticated: false, reason: 'token revoked' }, { status: 401 })",
            defence_note: "With a short expiresIn ('15m'), a jti deny-list ends a stolen JWT at logout; a session ends \
                 with sessions.destroy(id). Neither stops replay before logout: keep tokens from being stolen \
                 (HttpOnly cookies, HTTPS).",
            crack: None,
            decisive: 5,
            browser: Some(VictimBrowser { jar: victim_after_login, at: now + 1 }),
        }
    }

    fn session_fixation(&mut self, kind: AttackKind, now: UnixSeconds) -> AttackReport {
        let wrong_way = kind == AttackKind::SessionFixationWrongWay;
        let mut config = AuthConfig::with_generated_secret(&mut self.child_rng());
        config.session.insecure_reuse_client_session_id = wrong_way;
        let cookie_name = config.session.cookie_name.clone();
        let planted = SessionId::random(&mut self.child_rng()).as_str().to_string();
        let mut server = self.server(config);
        let mut victim = CookieJar::new();
        if let Some(cookie) = SetCookie::parse(&format!("{cookie_name}={planted}; Path=/")) {
            victim.apply(&cookie, now);
        }
        let (login, _) = login(&mut server, Some(&mut victim), now + 1);
        let victim_after_login = victim.clone();
        let issued = victim.value(&cookie_name, now + 1).unwrap_or_default().to_string();
        let planted_cookie = format!("{cookie_name}={planted}");
        let attempt = send(&mut server, Request::get(AUTH_PATH).with_cookies(Some(&planted_cookie)), now + 2);
        let victim_check = send(
            &mut server,
            Request::get(AUTH_PATH).with_cookies(victim.cookie_header(now + 3).as_deref()),
            now + 3,
        );
        let login_note = if issued == planted {
            "Set-Cookie carries the planted id back: the server adopted the id the attacker chose."
        } else {
            "Set-Cookie carries a fresh id; the planted one was deleted and never becomes a session."
        };
        let verdict = match verdict_from(&attempt, "") {
            Verdict::Accepted(_) => Verdict::Accepted(
                "the attacker's planted id is now the victim's logged-in session: the attacker is user 1"
                    .into(),
            ),
            rejected => rejected,
        };
        AttackReport {
            kind,
            goal: "Plant a session id in the victim's browser before they log in, then use that same id.",
            crafted: Some(planted.clone()),
            steps: vec![
                AttackStep::new(
                    "attacker",
                    format!("plants {planted_cookie} in the victim's browser"),
                    None,
                    "For example through a vulnerable subdomain or a page that sets cookies from the URL.",
                ),
                AttackStep::new("victim", "logs in, sending the planted cookie", Some(login), login_note),
                AttackStep::new("attacker", "uses the planted id", Some(attempt), ""),
                AttackStep::new(
                    "victim",
                    "carries on with the cookie the server set",
                    Some(victim_check),
                    "",
                ),
            ],
            verdict,
            defence: "const id = crypto.randomBytes(32).toString('base64url')  // fresh id at every login",
            defence_note: if wrong_way {
                "This server's POST /api/auth keeps the id the browser brought (sessions.set(oldId, ...)): it stores the \
                 client's id at login instead of generating one. Never accept ids the server did not issue."
            } else {
                "Issue a new id at every privilege change and delete the old one: POST /api/auth deletes the \
                 browser's old id from sessions and stores the session under crypto.randomBytes(32)."
            },
            crack: None,
            decisive: 2,
            browser: Some(VictimBrowser { jar: victim_after_login, at: now + 1 }),
        }
    }

    fn script_reads_cookie(&mut self, kind: AttackKind, now: UnixSeconds) -> AttackReport {
        let wrong_way = kind == AttackKind::ScriptReadableCookie;
        let mut config = AuthConfig::with_generated_secret(&mut self.child_rng());
        config.session.http_only = !wrong_way;
        let mut server = self.server(config);
        let mut victim = CookieJar::new();
        let (login, _) = login(&mut server, Some(&mut victim), now);
        let victim_after_login = victim.clone();
        let document_cookie = victim.document_cookie(now + 1);
        let shown =
            if document_cookie.is_empty() { "\"\" (empty)".to_string() } else { document_cookie.clone() };
        let stolen = (!document_cookie.is_empty()).then_some(document_cookie.as_str());
        let replay = send(&mut server, Request::get(AUTH_PATH).with_cookies(stolen), now + 2);
        let mut steps = vec![
            AttackStep::new("victim", "logs in", Some(login), ""),
            AttackStep::new(
                "injected script",
                format!("reads document.cookie on the victim's page: {shown}"),
                None,
                if wrong_way {
                    "Without HttpOnly, any script on the page (an XSS payload included) sees the session id, and the \
                     JWT cookie that shares the same cookie options."
                } else {
                    "HttpOnly keeps the cookie out of document.cookie; the browser still sends it with requests."
                },
            ),
            AttackStep::new(
                "attacker",
                if wrong_way {
                    "replays the exfiltrated cookie from their own device"
                } else {
                    "has nothing to replay"
                },
                Some(replay.clone()),
                "",
            ),
        ];
        if !wrong_way {
            let riding = send(
                &mut server,
                Request::get(AUTH_PATH).with_cookies(victim.cookie_header(now + 3).as_deref()),
                now + 3,
            );
            steps.push(AttackStep::new(
                "injected script",
                "calls fetch('/api/auth') from the victim's page; the browser attaches the cookie",
                Some(riding),
                "HttpOnly does not stop XSS-driven requests that ride the cookie: the script acts as the victim \
                 while the page is open. Preventing XSS (escaping, a Content-Security-Policy) is the defence there.",
            ));
        }
        let verdict = match (wrong_way, verdict_from(&replay, "")) {
            (_, Verdict::Accepted(_)) => Verdict::Accepted(
                "the script read the session id from document.cookie and the attacker's replay was accepted".into(),
            ),
            (false, Verdict::Rejected(_)) if document_cookie.is_empty() => Verdict::Rejected(
                "document.cookie is empty: the session cookie is HttpOnly, so the script had nothing to steal".into(),
            ),
            (_, rejected) => rejected,
        };
        AttackReport {
            kind,
            goal: "Steal the session id with injected JavaScript and use it from the attacker's own device.",
            crafted: stolen.map(str::to_string),
            steps,
            verdict,
            defence: "(await cookies()).set('nextjs-session', id, { httpOnly: true, secure: true, sameSite: 'lax', \
                      path: '/' })",
            defence_note: if wrong_way {
                "This server sets the cookie with httpOnly: false, so Set-Cookie lacks HttpOnly."
            } else {
                "sessionOptions.cookieOptions sets httpOnly: true; HttpOnly hides the id but does not stop requests \
                 made by injected script."
            },
            crack: None,
            decisive: 2,
            browser: Some(VictimBrowser { jar: victim_after_login, at: now + 1 }),
        }
    }
}

fn send(server: &mut AuthServer, request: Request, now: UnixSeconds) -> Exchange {
    let response = server.handle(&request, now);
    Exchange::new(now, request, response)
}

/// Logs in as user1, sending (and updating) the jar's cookies when given one. Returns the exchange and
/// the token from the body (empty if the login failed, which the exchange then shows).
fn login(server: &mut AuthServer, jar: Option<&mut CookieJar>, now: UnixSeconds) -> (Exchange, String) {
    let body = json!({ "username": SEED_USERNAME, "password": SEED_PASSWORD });
    let mut request = Request::post_json(AUTH_PATH, &body);
    if let Some(jar) = &jar {
        request = request.with_cookies(jar.cookie_header(now).as_deref());
    }
    let response = server.handle(&request, now);
    if let Some(jar) = jar {
        for cookie in response.set_cookies() {
            jar.apply(&cookie, now);
        }
    }
    let token = token_in(&response);
    (Exchange::new(now, request, response), token)
}

fn token_in(response: &Response) -> String {
    response.json()["token"].as_str().unwrap_or_default().to_string()
}

fn encode_segment(json: &Map<String, Value>) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(json).unwrap_or_default())
}

/// Accepted when the handler answered 200, else rejected with the handler's reason for the credential
/// that was tried (the `jwt: …` part for a Bearer request, the `session: …` part for a cookie).
fn verdict_from(exchange: &Exchange, accepted: &str) -> Verdict {
    if exchange.status() == 200 {
        return Verdict::Accepted(accepted.to_string());
    }
    let reason = exchange.response.json()["reason"].as_str().unwrap_or_default();
    let (jwt_part, session_part) = reason.split_once("; session: ").unwrap_or((reason, ""));
    let jwt_part = jwt_part.strip_prefix("jwt: ").unwrap_or(jwt_part);
    let used_bearer = exchange.request.header("Authorization").is_some();
    Verdict::Rejected(if used_bearer { jwt_part } else { session_part }.to_string())
}
