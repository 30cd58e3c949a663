//! The seed's one user, stored the right way: an argon2id hash instead of the plaintext `pass123`.
//!
//! Hashing is deliberately slow (19 MiB of memory, two passes). Call [`hash_password`],
//! [`verify_password`], [`UserStore::seeded`] and [`UserStore::authenticate`] off the UI thread.

use std::fmt;
use std::sync::OnceLock;

use argon2::password_hash::phc::PasswordHash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};

use super::random::RandomSource;

/// OWASP Password Storage Cheat Sheet minimum for argon2id: 19 MiB of memory...
pub const ARGON2_M_KIB: u32 = 19_456;
/// ...two passes over it...
pub const ARGON2_T: u32 = 2;
/// ...and one lane.
pub const ARGON2_P: u32 = 1;
/// Salt length in bytes (the PHC recommendation, 128 bits).
pub const SALT_LEN: usize = 16;

/// The seed project's user, `{ id: 1, username: 'user1', password: 'pass123' }`.
pub const SEED_USER_ID: u64 = 1;
/// The seed user's name.
pub const SEED_USERNAME: &str = "user1";
/// The seed user's password: only ever hashed, never stored.
pub const SEED_PASSWORD: &str = "pass123";

/// Upper bounds accepted by [`verify_password`], so a hostile PHC string cannot make one check
/// allocate gigabytes or spin for minutes.
const MAX_VERIFY_M_KIB: u32 = 262_144;
const MAX_VERIFY_T: u32 = 16;
const MAX_VERIFY_P: u32 = 8;

/// The one message for every failed login. The same words for "no such user" and "wrong password",
/// so an attacker cannot use the login form to find out which usernames exist.
pub const LOGIN_FAILED_MESSAGE: &str = "Invalid username or password";

fn owasp_argon2() -> Argon2<'static> {
    // The constants are inside argon2's limits, so `Params::new` cannot fail here.
    let params = Params::new(ARGON2_M_KIB, ARGON2_T, ARGON2_P, None).unwrap_or(Params::DEFAULT);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A fresh 128-bit salt. From the OS CSPRNG normally; from the seeded source in `--demo`,
/// so that the demo's hash is the same on every run.
pub fn new_salt(rng: &mut RandomSource) -> [u8; SALT_LEN] {
    rng.bytes()
}

/// Hashes `password` with argon2id (m=19456 KiB, t=2, p=1) and returns the PHC string,
/// e.g. `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`. Slow on purpose.
pub fn hash_password(password: &str, salt: &[u8; SALT_LEN]) -> String {
    match owasp_argon2().hash_password_with_salt(password.as_bytes(), salt) {
        Ok(hash) => hash.to_string(),
        // Unreachable: a 16-byte salt and the OWASP parameters are always accepted. Returning an
        // unverifiable string keeps the function total; `verify_password` rejects it.
        Err(error) => format!("!argon2 error: {error}"),
    }
}

/// True when `password` matches the argon2 PHC string `phc`. A malformed PHC string, or one asking
/// for more than 256 MiB / 16 passes / 8 lanes, is simply "no match".
pub fn verify_password(phc: &str, password: &str) -> bool {
    let Some(parts) = parse_phc(phc) else {
        return false;
    };
    if parts.memory_kib > MAX_VERIFY_M_KIB
        || parts.iterations > MAX_VERIFY_T
        || parts.parallelism > MAX_VERIFY_P
    {
        return false;
    }
    let Ok(hash) = PasswordHash::new(phc) else {
        return false;
    };
    Argon2::default().verify_password(password.as_bytes(), &hash).is_ok()
}

/// The fields of an argon2 PHC string, for showing the learner what each part means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhcParts {
    /// `argon2id`, `argon2i` or `argon2d`.
    pub algorithm: String,
    /// Argon2 version number, `19` (0x13) for current hashes.
    pub version: u32,
    /// `m`: memory cost in KiB.
    pub memory_kib: u32,
    /// `t`: number of passes.
    pub iterations: u32,
    /// `p`: lanes (parallelism).
    pub parallelism: u32,
    /// The salt, unpadded standard base64 as written in the string.
    pub salt_b64: String,
    /// The derived hash, unpadded standard base64 as written in the string.
    pub hash_b64: String,
}

/// Splits `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>` into its parts; `None` if it is not that shape.
pub fn parse_phc(phc: &str) -> Option<PhcParts> {
    let mut fields = phc.split('$');
    if !fields.next()?.is_empty() {
        return None;
    }
    let algorithm = fields.next()?;
    if !matches!(algorithm, "argon2id" | "argon2i" | "argon2d") {
        return None;
    }
    let version = fields.next()?.strip_prefix("v=")?.parse().ok()?;
    let (mut memory_kib, mut iterations, mut parallelism) = (None, None, None);
    for param in fields.next()?.split(',') {
        let (name, value) = param.split_once('=')?;
        let value: u32 = value.parse().ok()?;
        let slot = match name {
            "m" => &mut memory_kib,
            "t" => &mut iterations,
            "p" => &mut parallelism,
            _ => return None,
        };
        if slot.replace(value).is_some() {
            return None;
        }
    }
    let salt_b64 = fields.next()?.to_string();
    let hash_b64 = fields.next()?.to_string();
    let is_b64 =
        |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/');
    if fields.next().is_some() || !is_b64(&salt_b64) || !is_b64(&hash_b64) {
        return None;
    }
    Some(PhcParts {
        algorithm: algorithm.to_string(),
        version,
        memory_kib: memory_kib?,
        iterations: iterations?,
        parallelism: parallelism?,
        salt_b64,
        hash_b64,
    })
}

/// A stored user. There is no plaintext password field, on purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Numeric id; the JWT `sub` claim carries it as a string (`"1"`).
    pub id: u64,
    /// Login name.
    pub username: String,
    /// argon2id PHC string.
    pub password_hash: String,
}

/// A failed login. Deliberately one variant: the caller must not learn which part was wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginError {
    /// Unknown username or wrong password (indistinguishable by design).
    InvalidCredentials,
}

impl fmt::Display for LoginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(LOGIN_FAILED_MESSAGE)
    }
}

impl std::error::Error for LoginError {}

/// Why [`UserStore::set_hash`] refused a new hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetHashError {
    /// No user has this id.
    UnknownUser(u64),
    /// The string is not an argon2 PHC string.
    NotAPhcString,
}

impl fmt::Display for SetHashError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownUser(id) => write!(f, "no user with id {id}"),
            Self::NotAPhcString => {
                f.write_str("not an argon2 PHC string ($argon2id$v=19$m=..,t=..,p=..$salt$hash)")
            }
        }
    }
}

impl std::error::Error for SetHashError {}

/// The user "database": the seed's single user, in memory.
#[derive(Debug)]
pub struct UserStore {
    users: Vec<User>,
}

/// The hash an unknown username is checked against, so that "no such user" costs one argon2
/// verification like a wrong password does. One per process (its salt protects nothing).
fn dummy_hash() -> &'static str {
    static DUMMY_HASH: OnceLock<String> = OnceLock::new();
    DUMMY_HASH.get_or_init(|| hash_password("dummy password", &[0x5a; SALT_LEN]))
}

/// Makes the dummy hash now (slow: one argon2 hash, once per process), so the first unknown-user login
/// is not slower than later ones. Call it where slow work belongs, never on a UI thread.
pub fn prepare_dummy_hash() {
    dummy_hash();
}

impl UserStore {
    /// The seed's user `user1` / `pass123`, hashed with a salt from `rng` (slow: one argon2 hash, and the
    /// dummy hash the first time in a process).
    pub fn seeded(rng: &mut RandomSource) -> Self {
        let salt = new_salt(rng);
        let user = User {
            id: SEED_USER_ID,
            username: SEED_USERNAME.to_string(),
            password_hash: hash_password(SEED_PASSWORD, &salt),
        };
        prepare_dummy_hash();
        Self::from_users(vec![user])
    }

    /// A store over already-hashed users (no hashing happens here; see [`prepare_dummy_hash`]).
    pub fn from_users(users: Vec<User>) -> Self {
        Self { users }
    }

    /// All users, in id order as given.
    pub fn users(&self) -> &[User] {
        &self.users
    }

    /// The user with this id.
    pub fn user(&self, id: u64) -> Option<&User> {
        self.users.iter().find(|user| user.id == id)
    }

    /// Replaces a user's password hash (e.g. after the learner re-hashes with other parameters).
    pub fn set_hash(&mut self, id: u64, phc: String) -> Result<(), SetHashError> {
        if parse_phc(&phc).is_none() {
            return Err(SetHashError::NotAPhcString);
        }
        let user = self.users.iter_mut().find(|user| user.id == id).ok_or(SetHashError::UnknownUser(id))?;
        user.password_hash = phc;
        Ok(())
    }

    /// Checks a username and password. Unknown users still cost one argon2 verification
    /// (against a dummy hash), so response time does not reveal which usernames exist.
    pub fn authenticate(&self, username: &str, password: &str) -> Result<&User, LoginError> {
        match self.users.iter().find(|user| user.username == username) {
            Some(user) if verify_password(&user.password_hash, password) => Ok(user),
            Some(_) => Err(LoginError::InvalidCredentials),
            None => {
                // The result is irrelevant; the work is the point.
                let _ = verify_password(dummy_hash(), password);
                Err(LoginError::InvalidCredentials)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    #[test]
    fn seeded_user_is_stored_as_owasp_argon2id_and_only_the_right_password_works() {
        let mut rng = RandomSource::seeded(1);
        let store = UserStore::seeded(&mut rng);
        let user = &store.users()[0];
        assert_eq!((user.id, user.username.as_str()), (1, "user1"));
        assert!(!user.password_hash.contains("pass123"));
        let parts = parse_phc(&user.password_hash).expect("a PHC string");
        assert_eq!(parts.algorithm, "argon2id");
        assert_eq!(parts.version, 19);
        assert_eq!((parts.memory_kib, parts.iterations, parts.parallelism), (19_456, 2, 1));

        assert_eq!(store.authenticate("user1", "pass123").map(|u| u.id), Ok(1));
        let wrong_password = store.authenticate("user1", "pass124").unwrap_err();
        // The dummy hash was made with the store, so the first unknown-user login already pays only
        // for one verification, like a wrong password.
        let started = Instant::now();
        let unknown_user = store.authenticate("nobody", "pass123").unwrap_err();
        let unknown_time = started.elapsed();
        assert_eq!(wrong_password.to_string(), unknown_user.to_string());
        assert_eq!(unknown_user.to_string(), "Invalid username or password");
        // Without the dummy verification an unknown user answers in microseconds; with it, it costs
        // a full argon2 run (tens of milliseconds even with optimisations).
        assert!(
            unknown_time.as_millis() >= 2,
            "unknown user answered in {unknown_time:?}: no argon2 work done"
        );
    }

    #[test]
    fn same_seed_gives_same_hash_so_demo_mode_is_reproducible() {
        let salt = new_salt(&mut RandomSource::seeded(42));
        assert_eq!(salt, new_salt(&mut RandomSource::seeded(42)));
        let hash = hash_password("pass123", &salt);
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert_eq!(hash, hash_password("pass123", &salt));
    }

    #[test]
    fn parse_phc_rejects_other_shapes() {
        let good = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo";
        assert!(parse_phc(good).is_some());
        for bad in [
            "",
            "argon2id$v=19$m=1,t=2,p=1$c2FsdA$aGFzaA",
            "$bcrypt$v=19$m=1,t=2,p=1$c2FsdA$aGFzaA",
            "$argon2id$v=19$m=1,t=2$c2FsdA$aGFzaA",
            "$argon2id$v=19$m=1,t=2,p=1,m=3$c2FsdA$aGFzaA",
            "$argon2id$v=19$m=x,t=2,p=1$c2FsdA$aGFzaA",
            "$argon2id$v=19$m=1,t=2,p=1$c2FsdA",
            "$argon2id$v=19$m=1,t=2,p=1$c2FsdA$aGFzaA$extra",
            "$argon2id$v=19$m=1,t=2,p=1$c2F-dA$aGFzaA",
        ] {
            assert_eq!(parse_phc(bad), None, "{bad}");
        }
    }

    #[test]
    fn verify_refuses_malformed_and_oversized_hashes_without_running_them() {
        assert!(!verify_password("not a hash", "pass123"));
        let greedy = "$argon2id$v=19$m=4194304,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo";
        let started = Instant::now();
        assert!(!verify_password(greedy, "pass123"));
        assert!(started.elapsed().as_millis() < 500);
    }

    #[test]
    fn set_hash_validates_user_and_format() {
        let user = User {
            id: 1,
            username: "user1".into(),
            password_hash: "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo".into(),
        };
        let mut store = UserStore::from_users(vec![user]);
        let other = "$argon2id$v=19$m=16,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNo";
        assert_eq!(store.set_hash(2, other.into()), Err(SetHashError::UnknownUser(2)));
        assert_eq!(store.set_hash(1, "plain".into()), Err(SetHashError::NotAPhcString));
        assert_eq!(store.set_hash(1, other.into()), Ok(()));
        assert_eq!(store.user(1).unwrap().password_hash, other);
    }
}
