//! Server-side sessions: the server remembers who is logged in and the browser holds only an opaque id.
//!
//! In memory, like the seed's "simple object": lost on restart and not shared between servers or
//! serverless instances. Production keeps this table in a database or Redis.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::clock::{UnixSeconds, format_duration};
use super::config::SessionOptions;
use super::random::RandomSource;

/// Bytes of randomness in a session id: 256 bits, as `crypto.randomBytes(32)` (OWASP asks for ≥ 128).
pub const SESSION_ID_BYTES: usize = 32;

/// An opaque session id: 32 random bytes as base64url (43 characters). It carries no data.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SessionId(String);

impl SessionId {
    /// A fresh id from `rng` (the OS CSPRNG outside demo mode).
    pub fn random(rng: &mut RandomSource) -> Self {
        Self(URL_SAFE_NO_PAD.encode(rng.bytes::<SESSION_ID_BYTES>()))
    }

    /// Wraps an id that arrived from a client. Only the deliberately vulnerable fixation variant
    /// stores such an id; the safe code only ever looks them up.
    pub fn from_client(value: &str) -> Self {
        Self(value.to_string())
    }

    /// The id as sent in the cookie.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for SessionId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the server remembers about one login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The id the browser holds.
    pub id: SessionId,
    /// Who logged in.
    pub user_id: u64,
    /// Login time (for the absolute timeout).
    pub created_at: UnixSeconds,
    /// Last successful lookup (for the idle timeout).
    pub last_seen: UnixSeconds,
}

/// Why a session id was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionError {
    /// The store has no such id: never issued, logged out, or already expired and removed.
    NotFound,
    /// Unused for longer than the idle timeout.
    IdleTimeout { idle_for: u64, limit: u64 },
    /// Older than the absolute timeout.
    AbsoluteTimeout { age: u64, limit: u64 },
}

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFound => f.write_str("unknown session id (never issued, logged out or expired)"),
            Self::IdleTimeout { idle_for, limit } => write!(
                f,
                "session expired: idle for {} (idle timeout {})",
                format_duration(*idle_for),
                format_duration(*limit)
            ),
            Self::AbsoluteTimeout { age, limit } => write!(
                f,
                "session expired: {} old (absolute timeout {})",
                format_duration(*age),
                format_duration(*limit)
            ),
        }
    }
}

impl std::error::Error for SessionError {}

/// The in-memory session table. Lookups are O(1) (a hash map keyed by id).
#[derive(Debug, Clone)]
pub struct SessionStore {
    sessions: HashMap<SessionId, Session>,
    idle_timeout: u64,
    absolute_timeout: u64,
}

impl Default for SessionStore {
    /// 30 minutes idle, 8 hours absolute (OWASP's ranges for a low-risk app).
    fn default() -> Self {
        Self::new(30 * 60, 8 * 60 * 60)
    }
}

impl SessionStore {
    /// An empty store with these timeouts in seconds.
    pub fn new(idle_timeout: u64, absolute_timeout: u64) -> Self {
        Self { sessions: HashMap::new(), idle_timeout, absolute_timeout }
    }

    /// An empty store using the timeouts from `options`.
    pub fn from_options(options: &SessionOptions) -> Self {
        Self::new(options.idle_timeout, options.absolute_timeout)
    }

    /// The idle timeout in seconds.
    pub fn idle_timeout(&self) -> u64 {
        self.idle_timeout
    }

    /// The absolute timeout in seconds.
    pub fn absolute_timeout(&self) -> u64 {
        self.absolute_timeout
    }

    /// Starts a session for `user_id` under a fresh random id (a new id at every login).
    pub fn create(&mut self, user_id: u64, now: UnixSeconds, rng: &mut RandomSource) -> SessionId {
        let mut id = SessionId::random(rng);
        // 256 random bits never collide in practice; a seeded demo source could, if misused.
        while self.sessions.contains_key(&id) {
            id = SessionId::random(rng);
        }
        self.insert(id, user_id, now)
    }

    /// THE WRONG WAY (session fixation, for the attack lab): starts a session under an id the client
    /// chose. Replaces any session that already had that id.
    pub fn insecure_create_with_client_id(
        &mut self,
        id: SessionId,
        user_id: u64,
        now: UnixSeconds,
    ) -> SessionId {
        self.insert(id, user_id, now)
    }

    fn insert(&mut self, id: SessionId, user_id: u64, now: UnixSeconds) -> SessionId {
        let session = Session { id: id.clone(), user_id, created_at: now, last_seen: now };
        self.sessions.insert(id.clone(), session);
        id
    }

    /// Finds a live session, checking the absolute then the idle timeout, and marks it as seen now.
    /// An expired session is removed, so asking again gives `NotFound`.
    pub fn lookup(&mut self, id: &str, now: UnixSeconds) -> Result<&Session, SessionError> {
        let session = self.sessions.get(id).ok_or(SessionError::NotFound)?;
        let age = session.created_at.abs_diff(now);
        let idle_for = session.last_seen.abs_diff(now);
        let problem = if now >= session.created_at.saturating_add_unsigned(self.absolute_timeout) {
            Some(SessionError::AbsoluteTimeout { age, limit: self.absolute_timeout })
        } else if now >= session.last_seen.saturating_add_unsigned(self.idle_timeout) {
            Some(SessionError::IdleTimeout { idle_for, limit: self.idle_timeout })
        } else {
            None
        };
        if let Some(error) = problem {
            self.sessions.remove(id);
            return Err(error);
        }
        let session = self.sessions.get_mut(id).ok_or(SessionError::NotFound)?;
        session.last_seen = session.last_seen.max(now);
        Ok(session)
    }

    /// Looks at a session without checking or touching it (for the inspector).
    pub fn peek(&self, id: &str) -> Option<&Session> {
        self.sessions.get(id)
    }

    /// Deletes a session (logout). True if it existed.
    pub fn destroy(&mut self, id: &str) -> bool {
        self.sessions.remove(id).is_some()
    }

    /// Deletes every session of one user ("log out everywhere"); returns how many.
    pub fn destroy_user(&mut self, user_id: u64) -> usize {
        let before = self.sessions.len();
        self.sessions.retain(|_, session| session.user_id != user_id);
        before - self.sessions.len()
    }

    /// Removes sessions past either timeout; returns how many.
    pub fn purge_expired(&mut self, now: UnixSeconds) -> usize {
        let before = self.sessions.len();
        let (idle, absolute) = (self.idle_timeout, self.absolute_timeout);
        self.sessions.retain(|_, session| {
            now < session.created_at.saturating_add_unsigned(absolute)
                && now < session.last_seen.saturating_add_unsigned(idle)
        });
        before - self.sessions.len()
    }

    /// All sessions, oldest first (ties by id), for a stable inspector view.
    pub fn list(&self) -> Vec<&Session> {
        let mut sessions: Vec<&Session> = self.sessions.values().collect();
        sessions.sort_by(|a, b| a.created_at.cmp(&b.created_at).then_with(|| a.id.cmp(&b.id)));
        sessions
    }

    /// Number of stored sessions (including expired ones not yet looked up or purged).
    pub fn len(&self) -> usize {
        self.sessions.len()
    }

    /// True when no session is stored.
    pub fn is_empty(&self) -> bool {
        self.sessions.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: UnixSeconds = 1_800_000_000;

    #[test]
    fn ids_are_256_bit_base64url_and_fresh_every_login() {
        let mut store = SessionStore::default();
        let mut rng = RandomSource::os();
        let first = store.create(1, T0, &mut rng);
        let second = store.create(1, T0, &mut rng);
        assert_ne!(first, second);
        assert_eq!(first.as_str().len(), 43);
        assert_eq!(URL_SAFE_NO_PAD.decode(first.as_str()).unwrap().len(), 32);
        assert_eq!(store.len(), 2);
    }

    #[test]
    fn lookup_touches_last_seen_so_activity_keeps_a_session_alive() {
        let mut store = SessionStore::new(60, 1_000);
        let id = store.create(1, T0, &mut RandomSource::seeded(1));
        assert_eq!(store.lookup(id.as_str(), T0 + 59).unwrap().last_seen, T0 + 59);
        assert_eq!(store.lookup(id.as_str(), T0 + 118).unwrap().user_id, 1);
        assert_eq!(
            store.lookup(id.as_str(), T0 + 178),
            Err(SessionError::IdleTimeout { idle_for: 60, limit: 60 })
        );
        assert_eq!(store.lookup(id.as_str(), T0 + 179), Err(SessionError::NotFound));
        assert!(store.is_empty());
    }

    #[test]
    fn absolute_timeout_ends_even_an_active_session() {
        let mut store = SessionStore::new(60, 100);
        let id = store.create(1, T0, &mut RandomSource::seeded(2));
        for t in (T0 + 50..T0 + 100).step_by(50) {
            assert!(store.lookup(id.as_str(), t).is_ok());
        }
        let error = store.lookup(id.as_str(), T0 + 100).unwrap_err();
        assert_eq!(error, SessionError::AbsoluteTimeout { age: 100, limit: 100 });
        assert_eq!(error.to_string(), "session expired: 1m 40s old (absolute timeout 1m 40s)");
    }

    #[test]
    fn destroy_and_unknown_ids() {
        let mut store = SessionStore::default();
        let id = store.create(1, T0, &mut RandomSource::seeded(3));
        assert_eq!(store.lookup("made-up", T0), Err(SessionError::NotFound));
        assert!(store.destroy(id.as_str()));
        assert!(!store.destroy(id.as_str()));
        assert_eq!(store.lookup(id.as_str(), T0), Err(SessionError::NotFound));
    }

    #[test]
    fn list_is_oldest_first_and_purge_drops_expired() {
        let mut store = SessionStore::new(100, 10_000);
        let mut rng = RandomSource::seeded(4);
        let late = store.create(2, T0 + 50, &mut rng);
        let early = store.create(1, T0, &mut rng);
        let order: Vec<&SessionId> = store.list().iter().map(|s| &s.id).collect();
        assert_eq!(order, [&early, &late]);
        assert_eq!(store.purge_expired(T0 + 120), 1);
        assert_eq!(store.list()[0].id, late);
        assert_eq!(store.destroy_user(2), 1);
        assert!(store.is_empty());
    }

    #[test]
    fn fixation_variant_stores_the_client_id_verbatim() {
        let mut store = SessionStore::default();
        let planted = SessionId::from_client("attacker-chosen");
        store.insecure_create_with_client_id(planted, 1, T0);
        assert_eq!(store.lookup("attacker-chosen", T0).unwrap().user_id, 1);
    }
}
