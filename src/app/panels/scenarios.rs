//! Step 4's Scenarios panel: each scenario crafts a real `GET /api/auth` (forging what needs
//! forging) and sends it to the real handler; ↑↓ choose one, Enter sends it, `e` edits the claim
//! the edited-claim scenario writes.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use super::{Commands, PanelKeys, step_within};
use crate::app::App;
use crate::app::engine::Engine;
use crate::app::fields::FieldId;
use crate::app::predictions::Subject;
use crate::app::viewport::ScrollTo;
use crate::auth::Exchange;
use crate::auth::clock::UnixSeconds;
use crate::auth::handler::{AUTH_PATH, LOGOUT_PATH};
use crate::auth::{Request, jwt};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scenario {
    Bearer,
    Cookie,
    Both,
    Neither,
    EditedClaim,
    OtherSecret,
    Expired,
    AlgNone,
    UnknownSession,
    AfterLogout,
}

/// The result of one run: the requests sent, in order, and what it teaches.
#[derive(Debug, Clone, PartialEq)]
pub struct ScenarioRun {
    pub exchanges: Vec<Exchange>,
    /// Something the scenario did besides sending (time travel, a logout).
    pub note: Option<String>,
    /// The edited claim already held the value typed, so the token sent is the original one: its
    /// signature matches and the server accepts it (the lesson's refusal does not apply).
    pub unchanged_token: bool,
}

/// The "why" of the edited-claim scenario when the value typed is the one the claim already had.
pub const UNCHANGED_CLAIM_LESSON: &str = "Nothing was edited: the claim already had that value, so the \
     payload is byte for byte the one that was signed, the signature matches and the server accepts the \
     token. Type a different value (e) to see an edited payload refused.";

impl Scenario {
    pub const ALL: [Scenario; 10] = [
        Scenario::Bearer,
        Scenario::Cookie,
        Scenario::Both,
        Scenario::Neither,
        Scenario::EditedClaim,
        Scenario::OtherSecret,
        Scenario::Expired,
        Scenario::AlgNone,
        Scenario::UnknownSession,
        Scenario::AfterLogout,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Scenario::Bearer => "Bearer token from the login",
            Scenario::Cookie => "Session cookie from the login",
            Scenario::Both => "Both: Bearer token and cookie",
            Scenario::Neither => "Neither: no credentials",
            Scenario::EditedClaim => "Token with an edited payload claim",
            Scenario::OtherSecret => "Token signed with another secret",
            Scenario::Expired => "Expired token (time travel)",
            Scenario::AlgNone => "Unsigned token, alg: none",
            Scenario::UnknownSession => "Unknown session id",
            Scenario::AfterLogout => "After logout",
        }
    }

    /// What to take away from it; the server's own reason is shown next to this.
    pub fn lesson(self) -> &'static str {
        match self {
            Scenario::Bearer => {
                "The server recomputes the HMAC over header and payload with its secret and the pinned \
                 algorithm, checks exp, and trusts sub. No lookup: that is what makes JWTs stateless."
            }
            Scenario::Cookie => {
                "The browser sent the cookie by itself. The id means nothing on its own; the server looks \
                 it up in its session store, which is one lookup per request, and the reason logout works."
            }
            Scenario::Both => {
                "A Bearer header, when one is sent, decides alone: the cookie is read only when no token \
                 came, and never rescues a bad one. Real apps pick one mechanism for browsers; this demo \
                 carries both to compare them."
            }
            Scenario::Neither => {
                "No token and no cookie: 401 Unauthorized, with a WWW-Authenticate header saying Bearer \
                 would be accepted. Not 200 with authenticated: false."
            }
            Scenario::EditedClaim => {
                "The payload is only base64url, so anyone can change sub. But the signature covers the \
                 payload: one changed byte and the HMAC no longer matches, so the server refuses it."
            }
            Scenario::OtherSecret => {
                "A well-formed token signed with a different key fails the signature check. Whoever knows \
                 the secret can mint any token, which is why it must be long, random and secret."
            }
            Scenario::Expired => {
                "The clock was moved past exp. The signature is still fine, but exp is checked with a \
                 leeway of 0 s, so the token is refused from the second it expires."
            }
            Scenario::AlgNone => {
                "An attacker strips the signature and writes alg: none. The server pins HS256 and never \
                 lets the header choose the algorithm, so the unsigned token is refused."
            }
            Scenario::UnknownSession => {
                "A made-up or stale session id matches nothing in the store. 256 random bits cannot be \
                 guessed, so only ids the server issued ever work."
            }
            Scenario::AfterLogout => {
                "Logout deleted the session, so a copy of the cookie is refused at once. The JWT has no \
                 server-side state to delete: it keeps working until exp unless a deny-list of jti \
                 values is added (which is server state again)."
            }
        }
    }

    /// What the browser must hold before this scenario is sent; with less, it logs in first.
    pub fn needs(self) -> Needs {
        match self {
            Scenario::Neither | Scenario::AlgNone | Scenario::UnknownSession | Scenario::OtherSecret => {
                Needs::Nothing
            }
            // These send what the browser has, so time travel, a new secret or a logout show.
            Scenario::Bearer | Scenario::Cookie | Scenario::Both | Scenario::EditedClaim => {
                Needs::Credentials
            }
            // "The signature is still fine, but exp…" needs a token signed with today's secret.
            Scenario::Expired => Needs::SignedToken,
            // "The JWT keeps working until exp" needs a token and a session that work right now.
            Scenario::AfterLogout => Needs::WorkingCredentials,
        }
    }

    /// The statuses of the scenario's GET requests when the browser's credentials are good: the
    /// outcome [`Scenario::lesson`] explains.
    pub fn expected_statuses(self) -> &'static [u16] {
        match self {
            Scenario::Bearer | Scenario::Cookie | Scenario::Both => &[200],
            Scenario::AfterLogout => &[401, 200],
            _ => &[401],
        }
    }
}

/// See [`Scenario::needs`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    Nothing,
    /// A token and a session cookie from some login, whatever has become of them since.
    Credentials,
    /// A token whose signature checks with the current secret (expired or not) and a cookie.
    SignedToken,
    /// A token the server accepts now and a live session behind the cookie.
    WorkingCredentials,
}

impl ScenarioRun {
    /// The statuses of the GET requests (a logout's POST is not counted).
    pub fn get_statuses(&self) -> Vec<u16> {
        self.exchanges
            .iter()
            .filter(|exchange| exchange.request.method == crate::auth::Method::Get)
            .map(|exchange| exchange.response.status)
            .collect()
    }
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The token with one payload claim replaced, keeping the original header and signature.
pub fn with_edited_claim(token: &str, claim: &str, value: &str) -> Option<String> {
    let decoded = jwt::decode(token).ok()?;
    let mut claims = decoded.claims().clone();
    claims.insert(claim.to_string(), Value::from(value));
    let payload = serde_json::to_string(&claims).ok()?;
    Some(format!("{}.{}.{}", decoded.header.raw, b64(payload.as_bytes()), decoded.signature.raw))
}

/// The token re-written as `alg: none` with the signature stripped.
pub fn as_alg_none(payload_raw: &str) -> String {
    format!("{}.{}.", b64(br#"{"alg":"none","typ":"JWT"}"#), payload_raw)
}

/// Sends the scenario's requests at server time `now` (time travel included); `None` if the server
/// was not available.
pub fn run(engine: &mut Engine, scenario: Scenario, mut now: UnixSeconds) -> Option<ScenarioRun> {
    let config = engine.config()?.clone();
    let cookie_name = config.session.cookie_name.clone();
    // The session cookie alone: the browser also holds the JWT cookie, which GET would read first.
    let cookie =
        engine.jar.value(&cookie_name, now).map(|id| format!("{cookie_name}={id}")).unwrap_or_default();
    let token = engine.token.clone().unwrap_or_default();
    let get = || Request::get(AUTH_PATH);
    let mut note = None;
    let mut unchanged_token = false;
    let requests: Vec<Request> = match scenario {
        Scenario::Bearer => vec![get().with_bearer(&token)],
        Scenario::Cookie => vec![get().with_cookies(Some(&cookie))],
        Scenario::Both => vec![get().with_bearer(&token).with_cookies(Some(&cookie))],
        Scenario::Neither => vec![get()],
        Scenario::EditedClaim => {
            let value = engine.claim_value.value().to_string();
            let forged = with_edited_claim(&token, "sub", &value)?;
            unchanged_token = forged == token;
            note = Some(if unchanged_token {
                format!("sub is already \"{value}\": the payload is unchanged, so this is the original token")
            } else {
                format!("payload claim sub changed to \"{value}\"; header and signature kept")
            });
            vec![get().with_bearer(&forged)]
        }
        Scenario::OtherSecret => {
            let claims = jwt::login_claims("1", now, config.token_ttl, &jwt::new_jti(&mut engine.rng));
            let forged = jwt::sign(&claims, b"another-secret-the-server-never-had", config.jwt_alg).ok()?;
            vec![get().with_bearer(&forged)]
        }
        Scenario::Expired => {
            let exp = jwt::decode(&token).ok().and_then(|decoded| decoded.time_claim("exp"))?;
            if now < exp {
                engine.clock_offset += exp - now;
                now = exp;
                note = Some(format!(
                    "time travel: the clock moved to exp ({}); press 0 to come back",
                    crate::auth::clock::format_unix_utc(exp)
                ));
            }
            vec![get().with_bearer(&token)]
        }
        Scenario::AlgNone => {
            let claims = jwt::login_claims("1", now, config.token_ttl, &jwt::new_jti(&mut engine.rng));
            let payload = serde_json::to_string(&claims).ok()?;
            vec![get().with_bearer(&as_alg_none(&b64(payload.as_bytes())))]
        }
        Scenario::UnknownSession => {
            let made_up = b64(&engine.rng.bytes::<32>());
            vec![get().with_cookies(Some(&format!("{cookie_name}={made_up}")))]
        }
        Scenario::AfterLogout => {
            // The page's fetch: JSON, same origin, with every cookie the browser holds.
            let logout = Request::post_json(LOGOUT_PATH, &serde_json::json!({}))
                .with_cookies(engine.jar.cookie_header(now).as_deref());
            let logged_out = engine.send_now(logout, now)?;
            for set_cookie in logged_out.response.set_cookies() {
                engine.jar.apply(&set_cookie, now);
            }
            note = Some(
                "logged out, then replayed the old cookie (a copy an attacker kept) and the old token"
                    .to_string(),
            );
            let mut exchanges = vec![logged_out];
            for request in [get().with_cookies(Some(&cookie)), get().with_bearer(&token)] {
                exchanges.push(engine.send_now(request, now)?);
            }
            return Some(ScenarioRun { exchanges, note, unchanged_token });
        }
    };
    let mut exchanges = Vec::new();
    for request in requests {
        exchanges.push(engine.send_now(request, now)?);
    }
    Some(ScenarioRun { exchanges, note, unchanged_token })
}

pub struct ScenariosPanel;

impl PanelKeys for ScenariosPanel {
    fn commands(&self, app: &App) -> Commands {
        let edit = (app.selected_scenario() == Scenario::EditedClaim).then_some("edit claim");
        Commands { enter: Some("send"), edit }
    }

    fn activate(&self, app: &mut App) {
        if !app.ask_prediction(Subject::Scenario(app.selected_scenario())) {
            app.run_selected_scenario();
        }
    }

    fn select(&self, app: &mut App, delta: isize) -> bool {
        app.engine.scenario_selected = step_within(app.engine.scenario_selected, delta, Scenario::ALL.len());
        true
    }

    fn edit_field(&self, app: &App) -> Option<FieldId> {
        (app.selected_scenario() == Scenario::EditedClaim).then_some(FieldId::ScenarioClaim)
    }

    fn shows_clock(&self) -> bool {
        true
    }
}

impl App {
    /// Sends the chosen scenario (after its prediction, if one was asked for).
    pub(crate) fn run_selected_scenario(&mut self) {
        let now = self.clock();
        let scenario = self.selected_scenario();
        self.engine.run_scenario(scenario, now);
        // The result starts at the panel's top (↑↓ bring the list back).
        self.request_scroll(ScrollTo::Result);
    }

    pub fn selected_scenario(&self) -> Scenario {
        Scenario::ALL[self.engine.scenario_selected.min(Scenario::ALL.len() - 1)]
    }
}
