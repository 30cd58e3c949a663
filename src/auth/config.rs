//! The seed's step 2 configuration (`JWT_SECRET`, `sessionOptions`), with what it left out:
//! how strong the secret is, and the cookie attributes and timeouts a session needs.

use std::fmt;
use std::path::Path;

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, URL_SAFE_NO_PAD};
use base64::engine::{DecodePaddingMode, Engine};

use super::jwt::Alg;
use super::random::RandomSource;
use crate::bounded_file::{ReadError, Symlinks, read_regular};

/// The seed's hard-coded secret: 11 bytes (88 bits), far below the 256 bits HS256 needs.
pub const SEED_JWT_SECRET: &str = "mysecretkey";
/// The seed's `sessionOptions.cookieName`.
pub const SEED_COOKIE_NAME: &str = "nextjs-session";
/// The reference solution's `sessionOptions.jwtCookieName`: the JWT for browsers, in an HttpOnly cookie.
pub const JWT_COOKIE_NAME: &str = "nextjs-jwt";
/// `--secret @PATH` reads at most this much: a key is 32 to 64 bytes, and the cap keeps `@/dev/zero`
/// or a multi-gigabyte file from exhausting memory.
pub const MAX_SECRET_FILE_BYTES: u64 = 64 * 1024;
/// Bytes in a generated secret: 256 bits, the RFC 7518 minimum for HS256.
pub const GENERATED_SECRET_LEN: usize = 32;

/// An HMAC key. It remembers whether it was typed as text so it can be shown the same way.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret {
    bytes: Vec<u8>,
    typed_as_text: bool,
}

/// Why a `--secret` value could not be used. Each message names what was wrong and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretError {
    /// The value (or the file) holds no bytes.
    Empty { source: String },
    /// `b64:` followed by something that is not base64/base64url.
    NotBase64 { detail: String },
    /// `b64:` value that mixes `+`/`/` with `-`/`_`.
    MixedAlphabets,
    /// `@PATH` that could not be read.
    Unreadable { path: String, reason: String },
}

impl fmt::Display for SecretError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty { source } => write!(f, "secret is empty ({source})"),
            Self::NotBase64 { detail } => write!(f, "secret after b64: is not base64: {detail}"),
            Self::MixedAlphabets => {
                f.write_str("secret after b64: mixes the base64 (+ /) and base64url (- _) alphabets")
            }
            Self::Unreadable { path, reason } => {
                write!(f, "cannot read secret file {path}: {reason}")
            }
        }
    }
}

impl std::error::Error for SecretError {}

fn lenient_engine(url_safe: bool) -> GeneralPurpose {
    let config = GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    if url_safe {
        GeneralPurpose::new(&alphabet::URL_SAFE, config)
    } else {
        GeneralPurpose::new(&alphabet::STANDARD, config)
    }
}

/// Decodes base64 or base64url, padded or not, with an error that says what and where.
pub fn decode_base64_lenient(value: &str) -> Result<Vec<u8>, SecretError> {
    let url_safe = value.contains(['-', '_']);
    if url_safe && value.contains(['+', '/']) {
        return Err(SecretError::MixedAlphabets);
    }
    lenient_engine(url_safe)
        .decode(value)
        .map_err(|error| SecretError::NotBase64 { detail: describe_base64_error(&error) })
}

/// One line for a base64 decoding error, with 1-based character positions.
pub fn describe_base64_error(error: &base64::DecodeError) -> String {
    use base64::DecodeError as E;
    let shown = |byte: u8| {
        if byte.is_ascii_graphic() { format!("'{}'", byte as char) } else { format!("byte 0x{byte:02x}") }
    };
    match *error {
        E::InvalidByte(offset, byte) => {
            format!("invalid character {} at position {}", shown(byte), offset + 1)
        }
        E::InvalidLength(length) => {
            format!(
                "impossible length ({length} characters; a base64 length is never 1 more than a multiple of 4)"
            )
        }
        E::InvalidLastSymbol(offset, byte) => format!(
            "last character {} at position {} has stray bits (truncated or altered)",
            shown(byte),
            offset + 1
        ),
        E::InvalidPadding => "wrong '=' padding".to_string(),
    }
}

impl Secret {
    /// A secret typed as text (its UTF-8 bytes are the key), like the seed's `'mysecretkey'`.
    pub fn from_text(text: &str) -> Self {
        Self { bytes: text.as_bytes().to_vec(), typed_as_text: true }
    }

    /// A secret given as raw bytes.
    pub fn from_bytes(bytes: impl Into<Vec<u8>>) -> Self {
        Self { bytes: bytes.into(), typed_as_text: false }
    }

    /// Parses a `--secret` argument: `b64:VALUE` (base64 or base64url, padded or not), `@PATH` (the file's
    /// bytes; one trailing newline is dropped because editors add it), `text:VALUE` (literal text, for
    /// secrets that start with `b64:` or `@`), or anything else as text.
    pub fn parse_cli(argument: &str) -> Result<Self, SecretError> {
        let secret = if let Some(value) = argument.strip_prefix("b64:") {
            Self::from_bytes(decode_base64_lenient(value)?)
        } else if let Some(path) = argument.strip_prefix('@') {
            Self::read_file(Path::new(path))?
        } else {
            Self::from_text(argument.strip_prefix("text:").unwrap_or(argument))
        };
        if secret.bytes.is_empty() {
            return Err(SecretError::Empty { source: argument.to_string() });
        }
        Ok(secret)
    }

    fn read_file(path: &Path) -> Result<Self, SecretError> {
        let unreadable =
            |reason: String| SecretError::Unreadable { path: path.display().to_string(), reason };
        let mut bytes =
            read_regular(path, MAX_SECRET_FILE_BYTES, Symlinks::Follow).map_err(|error| match error {
                ReadError::TooLarge { bytes, limit } => unreadable(format!(
                    "it is {bytes} bytes; a secret file may hold at most {} KiB (a key needs 32 to 64 bytes)",
                    limit / 1024
                )),
                other => unreadable(other.to_string()),
            })?;
        if bytes.ends_with(b"\r\n") {
            bytes.truncate(bytes.len() - 2);
        } else if bytes.ends_with(b"\n") {
            bytes.truncate(bytes.len() - 1);
        }
        // The bytes move into the secret either way; text only changes how it is shown.
        let typed_as_text = std::str::from_utf8(&bytes).is_ok();
        Ok(Self { bytes, typed_as_text })
    }

    /// 32 random bytes (256 bits): what `openssl rand -base64 32` gives.
    pub fn generate(rng: &mut RandomSource) -> Self {
        Self::from_bytes(rng.bytes::<GENERATED_SECRET_LEN>().to_vec())
    }

    /// The key bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Key length in bits. For a typed password the real entropy is far lower than this.
    pub fn bits(&self) -> usize {
        self.bytes.len() * 8
    }

    /// True when the secret was typed as text (a password-like key, which RFC 8725 forbids).
    pub fn is_text(&self) -> bool {
        self.typed_as_text
    }

    /// How to show the secret: the text in quotes for a typed secret, else `b64:<base64url>`
    /// (which `parse_cli` reads back).
    pub fn display(&self) -> String {
        match std::str::from_utf8(&self.bytes) {
            Ok(text) if self.typed_as_text && !text.chars().any(char::is_control) => {
                format!("\"{text}\"")
            }
            _ => format!("b64:{}", URL_SAFE_NO_PAD.encode(&self.bytes)),
        }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Keep keys out of debug logs and panic messages.
        write!(f, "Secret({} bytes)", self.bytes.len())
    }
}

/// How a secret measures up against what an algorithm needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecretStrength {
    /// The key's length in bits.
    pub bits: usize,
    /// RFC 7518 §3.2: a key at least as long as the hash output (256/384/512).
    pub required_bits: usize,
    /// `bits < required_bits`.
    pub too_weak: bool,
}

impl fmt::Display for SecretStrength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.too_weak {
            write!(
                f,
                "{} bits: too weak (needs at least {} bits, RFC 7518 §3.2)",
                self.bits, self.required_bits
            )
        } else {
            write!(f, "{} bits: long enough (needs {})", self.bits, self.required_bits)
        }
    }
}

/// Measures `secret` against `alg`'s minimum key size.
pub fn strength(secret: &Secret, alg: Alg) -> SecretStrength {
    let required_bits = alg.min_key_bits();
    SecretStrength { bits: secret.bits(), required_bits, too_weak: secret.bits() < required_bits }
}

/// The cookie `SameSite` attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SameSite {
    /// Never sent on cross-site requests.
    Strict,
    /// Sent on top-level cross-site navigations (GET links), not on cross-site POSTs or subresources.
    Lax,
    /// Always sent; browsers ignore it unless the cookie is also `Secure`.
    None,
}

impl fmt::Display for SameSite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Strict => "Strict",
            Self::Lax => "Lax",
            Self::None => "None",
        })
    }
}

/// The seed's `sessionOptions`, completed with cookie attributes and server-side timeouts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionOptions {
    /// Cookie name, `nextjs-session` in the seed.
    pub cookie_name: String,
    /// The cookie that carries the JWT to browsers (`nextjs-jwt`), with the same attributes and a
    /// `Max-Age` of the token's lifetime.
    pub jwt_cookie_name: String,
    /// `HttpOnly`: page scripts (`document.cookie`) cannot read the cookie.
    pub http_only: bool,
    /// `Secure`: only sent over HTTPS.
    pub secure: bool,
    /// `SameSite`.
    pub same_site: SameSite,
    /// `Path`.
    pub path: String,
    /// `Max-Age` in seconds: how long the browser keeps the cookie.
    pub max_age: u64,
    /// Server side: a session unused for this many seconds is dead.
    pub idle_timeout: u64,
    /// Server side: a session older than this many seconds is dead, however active.
    pub absolute_timeout: u64,
    /// THE WRONG WAY, for the attack lab only: at login, keep the session id the client sent instead of
    /// issuing a fresh one. This is the session-fixation vulnerability (OWASP: renew the id at every
    /// privilege change; never accept ids the server did not generate). Defaults to `false`.
    pub insecure_reuse_client_session_id: bool,
}

impl Default for SessionOptions {
    fn default() -> Self {
        Self {
            cookie_name: SEED_COOKIE_NAME.to_string(),
            jwt_cookie_name: JWT_COOKIE_NAME.to_string(),
            http_only: true,
            secure: true,
            same_site: SameSite::Lax,
            path: "/".to_string(),
            max_age: 8 * 60 * 60,
            idle_timeout: 30 * 60,
            absolute_timeout: 8 * 60 * 60,
            insecure_reuse_client_session_id: false,
        }
    }
}

/// How `GET /api/auth` checks a Bearer token. Only [`TokenCheck::Verified`] is right; the other two
/// exist so the challenges can run a server with a real, well-known verifier mistake.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TokenCheck {
    /// `jwt.verify(token, secret, { algorithms: ['HS256'] })`: pinned algorithm, signature, `exp`.
    #[default]
    Verified,
    /// THE WRONG WAY, for the challenges only: `jwt.verify(token, secret)` in a library that lets the
    /// token's header choose the algorithm, where `none` means "nothing to check" (CVE-2015-9235).
    InsecureHeaderPicksAlgorithm,
    /// THE WRONG WAY, for the challenges only: `jwt.decode(token)`, which reads the payload and checks
    /// nothing at all.
    InsecureDecodeOnly,
}

/// Everything the route handler needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthConfig {
    /// HMAC key for signing and verifying JWTs.
    pub jwt_secret: Secret,
    /// The one algorithm tokens are signed with and verified against (pinned).
    pub jwt_alg: Alg,
    /// Token lifetime in seconds (`exp = iat + token_ttl`).
    pub token_ttl: u64,
    /// Clock-skew allowance in seconds for `exp`/`nbf`. Default 0, always shown.
    pub leeway: u64,
    /// The audience this server is (`aud`); `None`, the default, as the seed's tokens carry no
    /// `aud`, which also makes the server reject any token that names an audience.
    pub jwt_audience: Option<String>,
    /// Session cookie and timeouts.
    pub session: SessionOptions,
    /// How a Bearer token is checked (always [`TokenCheck::Verified`] outside the challenges).
    pub token_check: TokenCheck,
}

impl AuthConfig {
    /// The seed's configuration: secret `mysecretkey` (too weak, on purpose, to teach why), HS256,
    /// 15-minute tokens, leeway 0, cookie `nextjs-session`.
    pub fn seed() -> Self {
        Self {
            jwt_secret: Secret::from_text(SEED_JWT_SECRET),
            jwt_alg: Alg::HS256,
            token_ttl: 15 * 60,
            leeway: 0,
            jwt_audience: None,
            session: SessionOptions::default(),
            token_check: TokenCheck::Verified,
        }
    }

    /// How this server verifies a token at `now`: its pinned algorithm, key, leeway and audience.
    pub fn verify_options(&self, now: super::clock::UnixSeconds) -> super::jwt::VerifyOptions {
        super::jwt::VerifyOptions {
            alg: self.jwt_alg,
            key: Some(self.jwt_secret.bytes().to_vec()),
            now,
            leeway: self.leeway,
            audience: self.jwt_audience.clone(),
        }
    }

    /// The seed configuration with the secret replaced by 32 random bytes, as it should be.
    pub fn with_generated_secret(rng: &mut RandomSource) -> Self {
        Self { jwt_secret: Secret::generate(rng), ..Self::seed() }
    }

    /// The secret's strength for the configured algorithm.
    pub fn secret_strength(&self) -> SecretStrength {
        strength(&self.jwt_secret, self.jwt_alg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_config_matches_the_seed_and_flags_its_secret() {
        let config = AuthConfig::seed();
        assert_eq!(config.jwt_secret.bytes(), b"mysecretkey");
        assert_eq!(config.session.cookie_name, "nextjs-session");
        assert_eq!((config.token_ttl, config.leeway), (900, 0));
        assert!(!config.session.insecure_reuse_client_session_id);
        let strength = config.secret_strength();
        assert_eq!(strength, SecretStrength { bits: 88, required_bits: 256, too_weak: true });
        assert_eq!(strength.to_string(), "88 bits: too weak (needs at least 256 bits, RFC 7518 §3.2)");
    }

    #[test]
    fn required_bits_follow_the_hash_size() {
        let key = Secret::from_bytes(vec![7u8; 48]);
        assert!(!strength(&key, Alg::HS256).too_weak);
        assert!(!strength(&key, Alg::HS384).too_weak);
        let hs512 = strength(&key, Alg::HS512);
        assert_eq!((hs512.bits, hs512.required_bits, hs512.too_weak), (384, 512, true));
    }

    #[test]
    fn generated_secrets_are_256_random_bits() {
        let mut rng = RandomSource::os();
        let first = Secret::generate(&mut rng);
        let second = Secret::generate(&mut rng);
        assert_eq!(first.bits(), 256);
        assert_ne!(first, second);
        assert!(!strength(&first, Alg::HS256).too_weak);
        assert!(first.display().starts_with("b64:"));
        assert_eq!(Secret::parse_cli(&first.display()).unwrap().bytes(), first.bytes());
    }

    #[test]
    fn parse_cli_reads_text_and_every_base64_flavour() {
        assert_eq!(Secret::parse_cli("mysecretkey").unwrap().bytes(), b"mysecretkey");
        assert_eq!(Secret::parse_cli("text:@home").unwrap().bytes(), b"@home");
        let expected = [0xfb, 0xff, 0xfe, 0x01];
        for value in ["b64:+//+AQ==", "b64:+//+AQ", "b64:-__-AQ", "b64:-__-AQ=="] {
            assert_eq!(Secret::parse_cli(value).unwrap().bytes(), expected, "{value}");
        }
    }

    #[test]
    fn parse_cli_errors_say_what_and_where() {
        assert_eq!(
            Secret::parse_cli("b64:ab!d").unwrap_err().to_string(),
            "secret after b64: is not base64: invalid character '!' at position 3"
        );
        assert_eq!(Secret::parse_cli("b64:a+b_").unwrap_err(), SecretError::MixedAlphabets);
        assert_eq!(Secret::parse_cli("").unwrap_err().to_string(), "secret is empty ()");
        assert!(matches!(Secret::parse_cli("b64:"), Err(SecretError::Empty { .. })));
        let missing = Secret::parse_cli("@/definitely/not/here.key").unwrap_err();
        assert!(
            missing.to_string().starts_with("cannot read secret file /definitely/not/here.key: "),
            "{missing}"
        );
    }

    #[test]
    fn parse_cli_reads_files_dropping_one_trailing_newline() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("jwt.key");
        std::fs::write(&path, "s3cret\n").unwrap();
        let secret = Secret::parse_cli(&format!("@{}", path.display())).unwrap();
        assert_eq!(secret.bytes(), b"s3cret");
        std::fs::write(&path, [0xff, 0x00, 0x10]).unwrap();
        let binary = Secret::parse_cli(&format!("@{}", path.display())).unwrap();
        assert_eq!(binary.bytes(), [0xff, 0x00, 0x10]);
        assert_eq!(binary.display(), "b64:_wAQ");
    }

    #[test]
    fn secret_files_are_capped_and_regular_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.key");
        std::fs::write(&big, vec![b'k'; 64 * 1024 + 1]).unwrap();
        let error = Secret::parse_cli(&format!("@{}", big.display())).unwrap_err().to_string();
        assert!(
            error.ends_with(
                "it is 65537 bytes; a secret file may hold at most 64 KiB (a key needs 32 to 64 bytes)"
            ),
            "{error}"
        );
        std::fs::write(&big, vec![b'k'; 64 * 1024]).unwrap();
        assert_eq!(Secret::parse_cli(&format!("@{}", big.display())).unwrap().bits(), 64 * 1024 * 8);
        let error = Secret::parse_cli("@/dev/zero").unwrap_err().to_string();
        assert_eq!(error, "cannot read secret file /dev/zero: it is a character device, not a regular file");
        let folder = Secret::parse_cli(&format!("@{}", dir.path().display())).unwrap_err().to_string();
        assert!(folder.ends_with("it is a folder, not a regular file"), "{folder}");
    }

    #[test]
    fn debug_output_never_shows_the_key() {
        assert_eq!(format!("{:?}", Secret::from_text("hunter2")), "Secret(7 bytes)");
        assert_eq!(Secret::from_text("mysecretkey").display(), "\"mysecretkey\"");
    }
}
