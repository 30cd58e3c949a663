//! The token workbench (an overlay, from the challenges' Enter or the inspector's Ctrl-O): the header
//! and payload as JSON, the algorithm and the key, the three segments rebuilt on every change, and
//! Enter sends the token (as Bearer, or a cookie) to a challenge's server and then to the correct one.
//! The learner does the forging: the workbench starts from the captured token, never from a solution.

use super::engine::Job;
use super::fields::TextField;
use super::lab_jobs::LabJob;
use super::{Action, App, Overlay};
use crate::auth::jwt::{self, Segment};
use crate::labs::challenges::{ChallengeKind, Credential, CredentialKind};
use crate::labs::workbench::{self, ForgeError, KeyKind, SigningAlg};
use crate::lessons::PanelKind;

/// The workbench's fields, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkbenchField {
    Header,
    Payload,
    Key,
    Cookie,
}

impl WorkbenchField {
    pub const ALL: [WorkbenchField; 4] = [Self::Header, Self::Payload, Self::Key, Self::Cookie];

    pub fn label(self) -> &'static str {
        match self {
            Self::Header => "header ",
            Self::Payload => "payload",
            Self::Key => "key    ",
            Self::Cookie => "cookie ",
        }
    }
}

/// The workbench's own keys (besides typing, Tab, Enter, Esc, PgUp/PgDn).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkbenchKey {
    /// The next signing choice: HS256, HS384, HS512, none, the loaded token's own signature.
    Algorithm,
    /// How the key field is read: text, base64, none.
    KeyKind,
    /// Send the token as a Bearer header, or the cookie field as a cookie.
    SendAs,
    /// The next challenge's server.
    Server,
    /// "show me", after a try.
    Reveal,
}

/// How the third segment is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signing {
    /// Signed now (or left empty for `none`).
    Alg(SigningAlg),
    /// The loaded token's signature, kept as it was (the secret is not needed to copy it).
    KeepLoaded,
}

impl Signing {
    pub fn name(self) -> &'static str {
        match self {
            Self::Alg(alg) => alg.name(),
            Self::KeepLoaded => "keep the loaded signature",
        }
    }
}

/// A token pasted or captured: its segments as they were, so an unedited part is sent byte for byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedToken {
    pub header_text: String,
    pub payload_text: String,
    pub header_raw: String,
    pub payload_raw: String,
    pub signature_raw: String,
}

/// The token as built from the fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    pub header: String,
    pub payload: String,
    pub signature: String,
    /// Why the signature is empty, when it is.
    pub unsigned_because: Option<&'static str>,
}

impl Built {
    pub fn token(&self) -> String {
        format!("{}.{}.{}", self.header, self.payload, self.signature)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Workbench {
    pub header: TextField,
    pub payload: TextField,
    pub key: TextField,
    pub cookie: TextField,
    pub field: WorkbenchField,
    pub signing: Signing,
    pub key_kind: KeyKind,
    pub send_as: CredentialKind,
    pub target: ChallengeKind,
    pub loaded: Option<LoadedToken>,
    /// Scroll of the result, in lines.
    pub scroll: usize,
}

impl Workbench {
    /// An empty workbench aimed at `target`'s server.
    pub fn new(target: ChallengeKind) -> Self {
        Self {
            header: TextField::new(r#"{"typ":"JWT","alg":"HS256"}"#),
            payload: TextField::new("{}"),
            key: TextField::new(""),
            cookie: TextField::new(""),
            field: WorkbenchField::Header,
            signing: Signing::Alg(SigningAlg::Hmac(jwt::Alg::HS256)),
            key_kind: KeyKind::Text,
            send_as: target.takes(),
            target,
            loaded: None,
            scroll: 0,
        }
    }

    /// Loads `token` into the header and payload fields and keeps its signature; false (and nothing
    /// changed) when it does not decode as a JWT.
    pub fn load_token(&mut self, token: &str) -> bool {
        let Ok(decoded) = jwt::decode(token.trim()) else { return false };
        let header_text = serde_json::Value::Object(decoded.header.json.clone()).to_string();
        let payload_text = serde_json::Value::Object(decoded.payload.json.clone()).to_string();
        self.header.set(&header_text);
        self.payload.set(&payload_text);
        self.loaded = Some(LoadedToken {
            header_text,
            payload_text,
            header_raw: decoded.header.raw.clone(),
            payload_raw: decoded.payload.raw.clone(),
            signature_raw: decoded.signature.raw.clone(),
        });
        self.signing = Signing::KeepLoaded;
        true
    }

    pub fn field_mut(&mut self) -> &mut TextField {
        match self.field {
            WorkbenchField::Header => &mut self.header,
            WorkbenchField::Payload => &mut self.payload,
            WorkbenchField::Key => &mut self.key,
            WorkbenchField::Cookie => &mut self.cookie,
        }
    }

    fn move_field(&mut self, delta: isize) {
        let all = WorkbenchField::ALL;
        let index = all.iter().position(|field| *field == self.field).unwrap_or(0);
        self.field = all[(index as isize + delta).rem_euclid(all.len() as isize) as usize];
    }

    /// The next signing choice; choosing an algorithm also writes it into the header's `alg`.
    pub fn cycle_signing(&mut self) {
        self.signing = match self.signing {
            Signing::Alg(SigningAlg::None) if self.loaded.is_some() => Signing::KeepLoaded,
            Signing::Alg(alg) => Signing::Alg(alg.next()),
            Signing::KeepLoaded => Signing::Alg(SigningAlg::Hmac(jwt::Alg::HS256)),
        };
        if let Signing::Alg(alg) = self.signing
            && let Some(header) = workbench::with_alg(self.header.value(), alg)
        {
            self.header.set(&header);
        }
    }

    /// The segment of `text`: the loaded raw one while unedited, else the JSON compacted.
    fn segment(&self, segment: Segment, text: &str) -> Result<String, ForgeError> {
        let raw = self.loaded.as_ref().and_then(|loaded| match segment {
            Segment::Header if loaded.header_text == text => Some(loaded.header_raw.clone()),
            Segment::Payload if loaded.payload_text == text => Some(loaded.payload_raw.clone()),
            _ => None,
        });
        raw.map_or_else(|| workbench::encode_json(segment, text), Ok)
    }

    /// The token the fields describe now.
    pub fn build(&self) -> Result<Built, ForgeError> {
        let header = self.segment(Segment::Header, self.header.value())?;
        let payload = self.segment(Segment::Payload, self.payload.value())?;
        let (signature, unsigned_because) = match (self.signing, &self.loaded) {
            (Signing::KeepLoaded, Some(loaded)) => (loaded.signature_raw.clone(), None),
            (Signing::KeepLoaded, None) => (String::new(), Some("no token loaded to keep a signature from")),
            (Signing::Alg(alg), _) => {
                workbench::signature(&header, &payload, alg, self.key_kind, self.key.value())?
            }
        };
        Ok(Built { header, payload, signature, unsigned_because })
    }

    /// What Enter sends.
    pub fn credential(&self) -> Result<Credential, String> {
        match self.send_as {
            CredentialKind::Token => {
                self.build().map(|built| Credential::Token(built.token())).map_err(|error| error.to_string())
            }
            CredentialKind::Cookie => Ok(Credential::Cookie(self.cookie.value().to_string())),
        }
    }
}

impl App {
    /// Opens the workbench on `kind`: where the learner left it, else from what the attacker captured.
    pub(crate) fn open_workbench(&mut self, kind: ChallengeKind) {
        let state = &mut self.labs.challenges;
        let workbench = match state.workbench.take() {
            Some(kept) if kept.target == kind => kept,
            _ => {
                let mut fresh = Box::new(Workbench::new(kind));
                if let Some(briefing) = state.briefing(kind) {
                    if let Some(token) = &briefing.captured_token {
                        fresh.load_token(token);
                    }
                    if let Some(cookie) = &briefing.stolen_cookie {
                        fresh.cookie.set(cookie);
                    }
                }
                if kind.takes() == CredentialKind::Cookie {
                    fresh.field = WorkbenchField::Cookie;
                }
                fresh
            }
        };
        self.editing = None;
        self.overlay = Some(Overlay::Workbench(workbench));
    }

    /// Ctrl-O in the inspector: the workbench on its token and secret, aimed at the chosen challenge.
    pub(super) fn open_workbench_from_inspector(&mut self) {
        let Some(Overlay::Inspector(inspector)) = &self.overlay else { return };
        let mut workbench = Box::new(Workbench::new(self.labs.challenges.selected_kind()));
        workbench.load_token(inspector.token.value());
        let secret = inspector.secret.value();
        match secret.strip_prefix("b64:") {
            Some(encoded) => {
                workbench.key.set(encoded);
                workbench.key_kind = KeyKind::Base64;
            }
            None if secret.is_empty() => workbench.key_kind = KeyKind::None,
            None => workbench.key.set(secret),
        }
        self.overlay = Some(Overlay::Workbench(workbench));
    }

    /// Keys while the workbench is open.
    pub(super) fn update_workbench(&mut self, action: Action) {
        let drawn = self.drawn_overlay_scroll();
        let (max_scroll, page) = (drawn.max_offset(), drawn.visible.max(1));
        let Some(Overlay::Workbench(workbench)) = &mut self.overlay else { return };
        match action {
            Action::CloseOverlay | Action::LeaveEdit => {
                if let Some(Overlay::Workbench(workbench)) = self.overlay.take() {
                    self.labs.challenges.workbench = Some(workbench);
                }
            }
            Action::FocusNext => workbench.move_field(1),
            Action::FocusPrev => workbench.move_field(-1),
            Action::Input(request) => {
                workbench.field_mut().apply(request);
            }
            Action::Paste(text) => {
                // A whole JWT pasted into the header or payload loads the token.
                let loads = matches!(workbench.field, WorkbenchField::Header | WorkbenchField::Payload)
                    && text.trim().matches('.').count() == 2
                    && workbench.load_token(&text);
                if !loads {
                    workbench.field_mut().paste(&text);
                }
            }
            Action::Workbench(key) => match key {
                WorkbenchKey::Algorithm => workbench.cycle_signing(),
                WorkbenchKey::KeyKind => workbench.key_kind = workbench.key_kind.next(),
                WorkbenchKey::SendAs => {
                    workbench.send_as = match workbench.send_as {
                        CredentialKind::Token => CredentialKind::Cookie,
                        CredentialKind::Cookie => CredentialKind::Token,
                    }
                }
                WorkbenchKey::Server => {
                    let all = ChallengeKind::ALL;
                    let index = all.iter().position(|kind| *kind == workbench.target).unwrap_or(0);
                    workbench.target = all[(index + 1) % all.len()];
                    workbench.scroll = 0;
                }
                WorkbenchKey::Reveal => {
                    let kind = workbench.target;
                    self.reveal_solution(kind);
                }
            },
            Action::Activate => self.workbench_send(),
            Action::PageDown => workbench.scroll = (workbench.scroll + page).min(max_scroll),
            Action::PageUp => workbench.scroll = workbench.scroll.saturating_sub(page),
            Action::Wheel { down, .. } => {
                workbench.scroll = if down {
                    (workbench.scroll + 3).min(max_scroll)
                } else {
                    workbench.scroll.saturating_sub(3)
                };
            }
            _ => {}
        }
    }

    /// Enter: the credential to the target's server, on a worker (two challenges log the victim in).
    fn workbench_send(&mut self) {
        let Some(Overlay::Workbench(workbench)) = &self.overlay else { return };
        let kind = workbench.target;
        let credential = match workbench.credential() {
            Ok(credential) => credential,
            Err(why) => {
                self.status = Some(format!("cannot send: {why}"));
                return;
            }
        };
        let Some((users, _)) = self.lab_inputs() else {
            self.status = self.engine.notice.take();
            return;
        };
        let now = self.clock();
        self.engine.start(
            Job::Lab(LabJob::ChallengeAttempt { users, kind, credential, now }),
            "sending your credential to the challenge's server",
            PanelKind::Challenges,
        );
    }
}
