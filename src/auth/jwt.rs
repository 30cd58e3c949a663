//! JSON Web Tokens, done the way the seed's `jwt.sign`/`jwt.verify` should be: an explicit expiry, a
//! pinned algorithm, `alg: none` refused, and every rejection with its own reason.
//!
//! [`decode`] splits a token without trusting it; [`verify`] checks it and reports the three things a
//! learner must keep apart: did it decode, does the signature match, are the time claims valid.

use std::fmt;
use std::str::FromStr;
use std::sync::Once;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::crypto::CryptoProvider;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header};
use serde_json::{Map, Value};

use super::clock::UnixSeconds;
use super::config::describe_base64_error;
use super::random::RandomSource;
use crate::printable::escape_json_text;

pub use super::clock::{describe_expiry, format_duration, format_unix_utc};

/// Tokens longer than this are refused before any parsing (cookies hold about 4 KB anyway).
pub const MAX_TOKEN_BYTES: usize = 8 * 1024;

/// The HMAC algorithms this tutorial signs and verifies with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Alg {
    /// HMAC with SHA-256.
    HS256,
    /// HMAC with SHA-384.
    HS384,
    /// HMAC with SHA-512.
    HS512,
}

impl Alg {
    /// All supported algorithms, weakest first.
    pub const ALL: [Alg; 3] = [Alg::HS256, Alg::HS384, Alg::HS512];

    /// The name as written in a JWT header.
    pub fn name(self) -> &'static str {
        match self {
            Self::HS256 => "HS256",
            Self::HS384 => "HS384",
            Self::HS512 => "HS512",
        }
    }

    /// RFC 7518 §3.2: the key must be at least as long as the hash output.
    pub fn min_key_bits(self) -> usize {
        match self {
            Self::HS256 => 256,
            Self::HS384 => 384,
            Self::HS512 => 512,
        }
    }

    fn to_jsonwebtoken(self) -> Algorithm {
        match self {
            Self::HS256 => Algorithm::HS256,
            Self::HS384 => Algorithm::HS384,
            Self::HS512 => Algorithm::HS512,
        }
    }
}

impl fmt::Display for Alg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An algorithm name that is not HS256, HS384 or HS512.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownAlg(pub String);

impl fmt::Display for UnknownAlg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown algorithm \"{}\" (expected HS256, HS384 or HS512)", self.0)
    }
}

impl std::error::Error for UnknownAlg {}

impl FromStr for Alg {
    type Err = UnknownAlg;

    /// Case-insensitive, for command-line convenience. Token headers are compared exactly, elsewhere.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Alg::ALL
            .into_iter()
            .find(|alg| alg.name().eq_ignore_ascii_case(text))
            .ok_or_else(|| UnknownAlg(text.to_string()))
    }
}

/// Signing failed (only possible if the crypto backend refuses the key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JwtError(pub String);

impl fmt::Display for JwtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not sign the token: {}", self.0)
    }
}

impl std::error::Error for JwtError {}

/// Selects jsonwebtoken's RustCrypto backend explicitly, so that a second backend enabled elsewhere in
/// the dependency tree cannot make signing panic with "could not determine the CryptoProvider".
fn ensure_crypto_provider() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // Err only means a provider is already installed, which is just as good.
        let _ = CryptoProvider::install_default(&jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER);
    });
}

/// Signs `claims` with `key` using the `jsonwebtoken` crate. Header: `{"typ":"JWT","alg":"<alg>"}`.
/// A short key is allowed here (the tutorial shows why it is bad); see [`VerifyReport::key_warning`].
pub fn sign(claims: &Map<String, Value>, key: &[u8], alg: Alg) -> Result<String, JwtError> {
    ensure_crypto_provider();
    jsonwebtoken::encode(&Header::new(alg.to_jsonwebtoken()), claims, &EncodingKey::from_secret(key))
        .map_err(|error| JwtError(error.to_string()))
}

/// The claims a login issues, in this order: `sub` (the user id as a string, RFC 7519 §4.1.2),
/// `iat`, `exp = iat + ttl`, and `jti` (so one token can be revoked).
pub fn login_claims(sub: &str, now: UnixSeconds, ttl: u64, jti: &str) -> Map<String, Value> {
    let mut claims = Map::new();
    claims.insert("sub".into(), Value::from(sub));
    claims.insert("iat".into(), Value::from(now));
    claims.insert("exp".into(), Value::from(now.saturating_add_unsigned(ttl)));
    claims.insert("jti".into(), Value::from(jti));
    claims
}

/// A fresh token id: 16 random bytes (128 bits), base64url.
pub fn new_jti(rng: &mut RandomSource) -> String {
    URL_SAFE_NO_PAD.encode(rng.bytes::<16>())
}

/// The three dot-separated parts of a JWS compact token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    /// First part: algorithm and type.
    Header,
    /// Second part: the claims.
    Payload,
    /// Third part: the MAC over `header.payload`.
    Signature,
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Header => "header",
            Self::Payload => "payload",
            Self::Signature => "signature",
        })
    }
}

/// Why a token was not accepted. Each variant has a one-line message naming the segment where relevant.
#[derive(Debug, Clone, PartialEq)]
pub enum TokenError {
    /// Nothing was given.
    Empty,
    /// Longer than [`MAX_TOKEN_BYTES`]; refused unparsed.
    TooLarge { bytes: usize },
    /// Not three dot-separated parts.
    WrongSegmentCount { found: usize },
    /// A part is not unpadded base64url. `position` is 1-based within that part.
    NotBase64Url { segment: Segment, position: Option<usize>, detail: String },
    /// The header or payload decodes to bytes that are not JSON.
    NotJson { segment: Segment, line: usize, column: usize, detail: String },
    /// The header or payload is JSON but not an object.
    NotObject { segment: Segment, found: String },
    /// The header has no `alg`.
    MissingAlg,
    /// The header says `alg: none` (in any letter case): an unsigned token.
    AlgNone { written: String },
    /// The header names an algorithm other than the pinned one.
    AlgNotAllowed { found: String, pinned: Alg },
    /// No key was given, so the signature could not be checked.
    NoKey,
    /// The signature does not match the pinned algorithm and key.
    BadSignature,
    /// `exp` or `nbf` is present but not a number.
    ClaimNotNumber { claim: &'static str, found: String },
    /// `nbf` is later than now + leeway.
    NotYetValid { nbf: UnixSeconds, now: UnixSeconds, leeway: u64 },
    /// `now >= exp + leeway`.
    Expired { exp: UnixSeconds, now: UnixSeconds, leeway: u64 },
    /// No `exp`: the token would be valid forever.
    MissingExp,
    /// A registered header parameter or claim has the wrong JSON type.
    WrongType { name: &'static str, expected: &'static str, rfc: &'static str, found: String },
    /// The header's `crit` is not a non-empty array of header names present in the header.
    CritMalformed { detail: String },
    /// The header's `crit` names an extension this verifier does not implement.
    CritNotUnderstood { name: String },
    /// The header says `b64: false`: the payload is not base64url (RFC 7797).
    UnencodedPayload,
    /// The token names an audience but the verifier was not told which audience it is.
    AudienceNotExpected { aud: String },
    /// The token's audience does not include the expected one.
    AudienceMismatch { aud: String, expected: String },
    /// An audience was expected but the token has no `aud`.
    AudienceMissing { expected: String },
}

fn leeway_note(leeway: u64) -> String {
    if leeway == 0 { " (leeway 0s)".to_string() } else { format!(" (leeway {})", format_duration(leeway)) }
}

impl fmt::Display for TokenError {
    /// One printable line: values copied from the token (a header's alg, a claim) are escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::printable::escape_controls(&self.message()))
    }
}

impl TokenError {
    fn message(&self) -> String {
        let mut text = String::new();
        let _ = self.write_message(&mut text);
        text
    }

    fn write_message(&self, f: &mut String) -> fmt::Result {
        use fmt::Write as _;
        match self {
            Self::Empty => f.write_str("token is empty"),
            Self::TooLarge { bytes } => write!(
                f,
                "token is {bytes} bytes; tokens over {MAX_TOKEN_BYTES} bytes are refused before parsing"
            ),
            Self::WrongSegmentCount { found } => write!(
                f,
                "token has {found} segment{}; a JWT has 3 (header.payload.signature)",
                if *found == 1 { "" } else { "s" }
            ),
            Self::NotBase64Url { segment, detail, .. } => write!(f, "{segment} is not base64url: {detail}"),
            Self::NotJson { segment, line, column, detail } => {
                write!(f, "{segment} is not JSON: {detail} at line {line} column {column}")
            }
            Self::NotObject { segment, found } => {
                write!(f, "{segment} is JSON {found}, not an object")
            }
            Self::MissingAlg => f.write_str("header has no \"alg\""),
            Self::AlgNone { written } => {
                write!(f, "header alg is \"{written}\": unsigned tokens are never accepted")
            }
            Self::AlgNotAllowed { found, pinned } => {
                write!(f, "header alg is {found} but only {pinned} is allowed (the algorithm is pinned)")
            }
            Self::NoKey => f.write_str("signature not checked: no key given"),
            Self::BadSignature => f.write_str("signature does not match (wrong secret or altered token)"),
            Self::ClaimNotNumber { claim, found } => {
                write!(f, "{claim} is not a number of seconds (found {found})")
            }
            Self::NotYetValid { nbf, now, leeway } => write!(
                f,
                "token not valid yet: starts in {}, at {}{}",
                format_duration(nbf.abs_diff(*now)),
                format_unix_utc(*nbf),
                leeway_note(*leeway)
            ),
            Self::Expired { exp, now, leeway } => write!(
                f,
                "token expired {} ago, at {}{}",
                format_duration(now.abs_diff(*exp)),
                format_unix_utc(*exp),
                leeway_note(*leeway)
            ),
            Self::MissingExp => f.write_str("token has no exp claim: it would never expire"),
            Self::WrongType { name, expected, rfc, found } => {
                write!(f, "{name} must be {expected} ({rfc}), found {found}")
            }
            Self::CritMalformed { detail } => write!(
                f,
                "header crit is malformed: {detail} (RFC 7515 §4.1.11 wants a non-empty array naming \
                 extension parameters the header uses)"
            ),
            Self::CritNotUnderstood { name } => write!(
                f,
                "header crit names \"{name}\", an extension this verifier does not understand, so the token \
                 must be rejected (RFC 7515 §4.1.11)"
            ),
            Self::UnencodedPayload => f.write_str(
                "header b64 is false: an unencoded payload (RFC 7797), which this verifier does not accept",
            ),
            Self::AudienceNotExpected { aud } => write!(
                f,
                "token is meant for audience {aud}, and no expected audience was given: a verifier that is \
                 not told it is that audience must reject it (RFC 7519 §4.1.3)"
            ),
            Self::AudienceMismatch { aud, expected } => {
                write!(f, "token audience {aud} does not include the expected audience \"{expected}\"")
            }
            Self::AudienceMissing { expected } => {
                write!(f, "token has no aud claim, but audience \"{expected}\" was expected")
            }
        }
    }
}

impl std::error::Error for TokenError {}

/// A decoded header or payload.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonSegment {
    /// The base64url text exactly as it appeared in the token.
    pub raw: String,
    /// The decoded bytes as text, unchanged (original spacing and key order).
    pub decoded_text: String,
    /// The parsed object, keys in their original order. A key written twice keeps its first
    /// position and its last value, as `JSON.parse` does (RFC 7515 §5.2 allows exactly that).
    pub json: Map<String, Value>,
    /// Top-level keys written more than once in `decoded_text`, each named once, in order.
    pub duplicate_keys: Vec<String>,
}

impl JsonSegment {
    /// Pretty-printed JSON (two-space indent, original key order), safe to print: DEL, C1 controls and
    /// bidi overrides inside strings are written as `\uXXXX` escapes (serde_json escapes only C0).
    pub fn pretty(&self) -> String {
        let text = serde_json::to_string_pretty(&self.json).unwrap_or_else(|_| self.decoded_text.clone());
        escape_json_text(&text).into_owned()
    }
}

/// A JSON value as compact text, safe to print (see [`JsonSegment::pretty`]).
pub fn printable_json(value: &Value) -> String {
    escape_json_text(&value.to_string()).into_owned()
}

/// The top-level keys of a JSON object in the order written, duplicates included.
struct WrittenKeys(Vec<String>);

impl<'de> serde::Deserialize<'de> for WrittenKeys {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = WrittenKeys;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<WrittenKeys, A::Error> {
                let mut keys = Vec::new();
                while let Some((key, _)) = map.next_entry::<String, serde::de::IgnoredAny>()? {
                    keys.push(key);
                }
                Ok(WrittenKeys(keys))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

fn duplicate_keys(bytes: &[u8]) -> Vec<String> {
    let Ok(WrittenKeys(keys)) = serde_json::from_slice::<WrittenKeys>(bytes) else { return Vec::new() };
    let mut seen = std::collections::HashSet::new();
    let mut duplicates: Vec<String> = Vec::new();
    for key in keys {
        if !seen.insert(key.clone()) && !duplicates.contains(&key) {
            duplicates.push(key);
        }
    }
    duplicates
}

/// The decoded signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureSegment {
    /// The base64url text exactly as it appeared in the token.
    pub raw: String,
    /// The MAC bytes.
    pub bytes: Vec<u8>,
}

/// A token split and decoded, but not trusted: nothing here has been verified.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedToken {
    /// First segment.
    pub header: JsonSegment,
    /// Second segment (the claims).
    pub payload: JsonSegment,
    /// Third segment.
    pub signature: SignatureSegment,
}

impl DecodedToken {
    /// The claims, in their original order.
    pub fn claims(&self) -> &Map<String, Value> {
        &self.payload.json
    }

    /// The header's `alg`, if it is a string.
    pub fn alg(&self) -> Option<&str> {
        self.header.json.get("alg").and_then(Value::as_str)
    }

    /// What the signature covers: `base64url(header) + "." + base64url(payload)`.
    pub fn signing_input(&self) -> String {
        format!("{}.{}", self.header.raw, self.payload.raw)
    }

    /// A time claim (`exp`, `nbf`, `iat`) as whole Unix seconds, if it is a number.
    pub fn time_claim(&self, name: &str) -> Option<UnixSeconds> {
        self.payload.json.get(name).and_then(seconds_of)
    }

    /// `expires in 14m 59s` / `expired 3m 2s ago` at `now`, judged on the exact `exp` (a fractional
    /// one included: `exp = now + 0.5` "expires in under 1s", never "expired 0s ago").
    pub fn expiry_description(&self, now: UnixSeconds) -> Option<String> {
        let exp = self.payload.json.get("exp")?.as_f64()?;
        let now_f = now as f64;
        let span = |seconds: f64| {
            if seconds > 0.0 && seconds < 1.0 {
                "under 1s".to_string()
            } else {
                format_duration(seconds as u64)
            }
        };
        Some(if now_f >= exp {
            format!("expired {} ago", span(now_f - exp))
        } else {
            format!("expires in {}", span(exp - now_f))
        })
    }
}

fn seconds_of(value: &Value) -> Option<UnixSeconds> {
    value.as_i64().or_else(|| {
        // Fractional or huge numbers: round down; `as` saturates at the i64 range.
        value.as_f64().map(|seconds| seconds.floor() as i64)
    })
}

/// "a string", "an object", ...: what kind of JSON value this is, for error messages.
pub fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn decode_base64url(segment: Segment, raw: &str) -> Result<Vec<u8>, TokenError> {
    URL_SAFE_NO_PAD.decode(raw).map_err(|error| {
        let position = match error {
            base64::DecodeError::InvalidByte(offset, _)
            | base64::DecodeError::InvalidLastSymbol(offset, _) => Some(offset + 1),
            _ => None,
        };
        let mut detail = describe_base64_error(&error);
        if raw.contains(['+', '/']) && matches!(error, base64::DecodeError::InvalidByte(..)) {
            detail.push_str(" (that is standard base64; JWTs use base64url: - and _ )");
        }
        TokenError::NotBase64Url { segment, position, detail }
    })
}

fn decode_json_segment(segment: Segment, raw: &str) -> Result<JsonSegment, TokenError> {
    let bytes = decode_base64url(segment, raw)?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|error| {
        let full = error.to_string();
        let suffix = format!(" at line {} column {}", error.line(), error.column());
        TokenError::NotJson {
            segment,
            line: error.line(),
            column: error.column(),
            detail: full.strip_suffix(&suffix).unwrap_or(&full).to_string(),
        }
    })?;
    let Value::Object(json) = value else {
        return Err(TokenError::NotObject { segment, found: json_kind(&value).to_string() });
    };
    Ok(JsonSegment {
        raw: raw.to_string(),
        decoded_text: String::from_utf8_lossy(&bytes).into_owned(),
        duplicate_keys: duplicate_keys(&bytes),
        json,
    })
}

/// Splits and decodes a token without checking anything about its trustworthiness.
pub fn decode(token: &str) -> Result<DecodedToken, TokenError> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(TokenError::TooLarge { bytes: token.len() });
    }
    if token.is_empty() {
        return Err(TokenError::Empty);
    }
    let parts: Vec<&str> = token.split('.').collect();
    let [header, payload, signature] = parts[..] else {
        return Err(TokenError::WrongSegmentCount { found: parts.len() });
    };
    Ok(DecodedToken {
        header: decode_json_segment(Segment::Header, header)?,
        payload: decode_json_segment(Segment::Payload, payload)?,
        signature: SignatureSegment {
            raw: signature.to_string(),
            bytes: decode_base64url(Segment::Signature, signature)?,
        },
    })
}

/// How to verify: the pinned algorithm, the key (none = signature "not checked"), the time and leeway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyOptions {
    /// The only algorithm accepted, whatever the header says.
    pub alg: Alg,
    /// The HMAC key; `None` reports the signature as not checked.
    pub key: Option<Vec<u8>>,
    /// The current time in Unix seconds.
    pub now: UnixSeconds,
    /// Allowed clock skew in seconds for `exp` and `nbf`.
    pub leeway: u64,
    /// Who this verifier is: a token with an `aud` claim is accepted only when it names this
    /// audience; `None` rejects every token that has an `aud`.
    pub audience: Option<String>,
}

/// A leeway above this gets a warning wherever it is shown: clock skew between servers is seconds.
pub const LEEWAY_WARNING_ABOVE: u64 = 5 * 60;

/// The warning for a leeway over [`LEEWAY_WARNING_ABOVE`], if it is.
pub fn leeway_warning(leeway: u64) -> Option<String> {
    (leeway > LEEWAY_WARNING_ABOVE).then(|| {
        format!(
            "leeway {} is over 5 minutes: an expired token is still accepted that long after its exp \
             (clock skew needs seconds, not minutes)",
            format_duration(leeway)
        )
    })
}

/// The header's parameters other than `alg`: `crit` (RFC 7515 §4.1.11), `b64` (RFC 7797), `kid`.
#[derive(Debug, Clone, PartialEq)]
pub enum HeaderStatus {
    /// Nothing in the header stops verification.
    Understood,
    /// A critical extension this verifier does not implement, or a malformed parameter.
    Rejected(TokenError),
    /// The token did not decode.
    NotChecked,
}

/// The header's algorithm compared with the pinned one.
#[derive(Debug, Clone, PartialEq)]
pub enum AlgorithmStatus {
    /// The header names exactly the pinned algorithm.
    Allowed(Alg),
    /// Missing, `none`, or another algorithm.
    Rejected(TokenError),
    /// The token did not decode.
    NotChecked,
}

/// The signature, checked with the pinned algorithm and the given key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureStatus {
    /// The MAC matches.
    Valid,
    /// It does not; the text says how (e.g. "signature does not match").
    Invalid(String),
    /// No key was given, or the token did not decode. Never to be read as "invalid".
    NotChecked,
}

/// The time claims, checked in jsonwebtoken's order: `nbf`, then `exp`.
#[derive(Debug, Clone, PartialEq)]
pub enum ClaimsStatus {
    /// `nbf` (if any) has passed and `exp` has not.
    Valid,
    /// `now >= exp + leeway`; `since` is `now - exp` in seconds.
    Expired { exp: UnixSeconds, since: u64 },
    /// `now < nbf - leeway`; `starts_in` is `nbf - now` in seconds.
    NotYetValid { nbf: UnixSeconds, starts_in: u64 },
    /// No `exp` claim.
    MissingExp,
    /// A registered claim has the wrong type (`exp`/`nbf`/`iat` not a number; `iss`/`sub`/`jti` not a
    /// string; `aud` neither a string nor an array of strings).
    Malformed(TokenError),
    /// `aud` does not name the expected audience (or there is one and none was expected).
    WrongAudience(TokenError),
    /// The token did not decode.
    NotChecked,
}

/// Everything [`verify`] found, each aspect reported on its own.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifyReport {
    /// The decoded token, or why it could not be decoded.
    pub decoded: Result<DecodedToken, TokenError>,
    /// Header `alg` versus the pinned algorithm.
    pub algorithm: AlgorithmStatus,
    /// The other header parameters: `crit`, `b64`, `kid`.
    pub header: HeaderStatus,
    /// Signature check.
    pub signature: SignatureStatus,
    /// `nbf`/`exp` check.
    pub claims: ClaimsStatus,
    /// Set when the key is shorter than the algorithm needs: a warning, not a rejection.
    pub key_warning: Option<String>,
    /// The pinned algorithm used.
    pub alg: Alg,
    /// The time the check used.
    pub now: UnixSeconds,
    /// The leeway the check used (always shown, even when 0).
    pub leeway: u64,
}

impl VerifyReport {
    /// The claims if the token is accepted, else the first rejection in the order jsonwebtoken (node) v9
    /// uses: decoding, header `alg`, (then the rest of the header), signature, claim types, `nbf`,
    /// `exp`, `aud`.
    pub fn verdict(&self) -> Result<&Map<String, Value>, TokenError> {
        let decoded = self.decoded.as_ref().map_err(Clone::clone)?;
        if let AlgorithmStatus::Rejected(error) = &self.algorithm {
            return Err(error.clone());
        }
        if let HeaderStatus::Rejected(error) = &self.header {
            return Err(error.clone());
        }
        match &self.signature {
            SignatureStatus::Valid => {}
            SignatureStatus::Invalid(_) => return Err(TokenError::BadSignature),
            SignatureStatus::NotChecked => return Err(TokenError::NoKey),
        }
        match &self.claims {
            ClaimsStatus::Valid => Ok(decoded.claims()),
            ClaimsStatus::Expired { exp, .. } => {
                Err(TokenError::Expired { exp: *exp, now: self.now, leeway: self.leeway })
            }
            ClaimsStatus::NotYetValid { nbf, .. } => {
                Err(TokenError::NotYetValid { nbf: *nbf, now: self.now, leeway: self.leeway })
            }
            ClaimsStatus::MissingExp => Err(TokenError::MissingExp),
            ClaimsStatus::Malformed(error) | ClaimsStatus::WrongAudience(error) => Err(error.clone()),
            // Unreachable with a decoded token; reported as the decode problem it would be.
            ClaimsStatus::NotChecked => Err(TokenError::Empty),
        }
    }

    /// `expires in 14m 59s` / `expired 3m 2s ago` for the token's `exp` at the report's `now`.
    pub fn expiry_description(&self) -> Option<String> {
        self.decoded.as_ref().ok()?.expiry_description(self.now)
    }

    /// True when the token is past its `exp` and accepted only because of the leeway (compared
    /// exactly, so a fractional `exp` agrees with the verdict).
    pub fn valid_only_by_leeway(&self) -> bool {
        let exp = self.decoded.as_ref().ok().and_then(|decoded| decoded.claims().get("exp")?.as_f64());
        self.claims == ClaimsStatus::Valid && exp.is_some_and(|exp| self.now as f64 >= exp)
    }

    /// The warning for this report's leeway, if it is over 5 minutes.
    pub fn leeway_warning(&self) -> Option<String> {
        leeway_warning(self.leeway)
    }

    /// True when [`verdict`](Self::verdict) accepts the token.
    pub fn is_valid(&self) -> bool {
        self.verdict().is_ok()
    }
}

fn check_algorithm(header: &Map<String, Value>, pinned: Alg) -> AlgorithmStatus {
    let rejected = AlgorithmStatus::Rejected;
    match header.get("alg") {
        None => rejected(TokenError::MissingAlg),
        Some(Value::String(written)) if written.eq_ignore_ascii_case("none") => {
            rejected(TokenError::AlgNone { written: written.clone() })
        }
        // Exact, case-sensitive comparison against an allow-list of one.
        Some(Value::String(written)) if written == pinned.name() => AlgorithmStatus::Allowed(pinned),
        Some(Value::String(written)) => {
            rejected(TokenError::AlgNotAllowed { found: format!("\"{written}\""), pinned })
        }
        Some(other) => rejected(TokenError::AlgNotAllowed { found: other.to_string(), pinned }),
    }
}

/// The header parameters RFC 7515 §4.1 defines; `crit` must not list them.
const REGISTERED_HEADER_PARAMETERS: [&str; 11] =
    ["alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit"];

fn check_header(header: &Map<String, Value>) -> HeaderStatus {
    let rejected = HeaderStatus::Rejected;
    match header.get("b64") {
        None | Some(Value::Bool(true)) => {}
        Some(Value::Bool(false)) => return rejected(TokenError::UnencodedPayload),
        Some(other) => {
            return rejected(TokenError::WrongType {
                name: "header b64",
                expected: "true or false",
                rfc: "RFC 7797 §3",
                found: other.to_string(),
            });
        }
    }
    if let Some(kid) = header.get("kid").filter(|kid| !kid.is_string()) {
        return rejected(TokenError::WrongType {
            name: "header kid",
            expected: "a string",
            rfc: "RFC 7515 §4.1.4",
            found: kid.to_string(),
        });
    }
    let Some(crit) = header.get("crit") else {
        return HeaderStatus::Understood;
    };
    let malformed = |detail: String| rejected(TokenError::CritMalformed { detail });
    let Value::Array(names) = crit else {
        return malformed(format!("it is {}, not an array", json_kind(crit)));
    };
    if names.is_empty() {
        return malformed("it is an empty array".to_string());
    }
    for name in names {
        let Value::String(name) = name else {
            return malformed(format!("it lists {name}, not a parameter name"));
        };
        if REGISTERED_HEADER_PARAMETERS.contains(&name.as_str()) {
            return malformed(format!("it lists \"{name}\", a standard parameter that crit must not list"));
        }
        if !header.contains_key(name) {
            return malformed(format!("it lists \"{name}\", which the header does not have"));
        }
        // b64 is understood: true is the default, false was refused above.
        if name != "b64" {
            return rejected(TokenError::CritNotUnderstood { name: name.clone() });
        }
    }
    HeaderStatus::Understood
}

fn check_signature(token: &DecodedToken, options: &VerifyOptions) -> SignatureStatus {
    let Some(key) = &options.key else {
        return SignatureStatus::NotChecked;
    };
    if token.signature.bytes.is_empty() {
        return SignatureStatus::Invalid("signature is empty (an unsigned token)".to_string());
    }
    ensure_crypto_provider();
    match jsonwebtoken::crypto::verify(
        &token.signature.raw,
        token.signing_input().as_bytes(),
        &DecodingKey::from_secret(key),
        options.alg.to_jsonwebtoken(),
    ) {
        Ok(true) => SignatureStatus::Valid,
        Ok(false) => {
            SignatureStatus::Invalid(format!("signature does not match {} with this key", options.alg))
        }
        Err(error) => SignatureStatus::Invalid(format!("signature could not be checked: {error}")),
    }
}

fn time_claim(
    claims: &Map<String, Value>,
    claim: &'static str,
) -> Result<Option<(f64, UnixSeconds)>, TokenError> {
    match claims.get(claim) {
        None => Ok(None),
        Some(value) => match (value.as_f64(), seconds_of(value)) {
            (Some(exact), Some(whole)) => Ok(Some((exact, whole))),
            _ => Err(TokenError::ClaimNotNumber { claim, found: value.to_string() }),
        },
    }
}

fn check_claim_types(claims: &Map<String, Value>) -> Result<(), TokenError> {
    for (name, rfc) in [("iss", "RFC 7519 §4.1.1"), ("sub", "RFC 7519 §4.1.2"), ("jti", "RFC 7519 §4.1.7")]
    {
        if let Some(value) = claims.get(name).filter(|value| !value.is_string()) {
            return Err(TokenError::WrongType { name, expected: "a string", rfc, found: value.to_string() });
        }
    }
    time_claim(claims, "iat").map(|_| ())
}

/// The audiences an `aud` claim names (a string or an array of strings), else a type error.
fn audiences(aud: &Value) -> Result<Vec<&str>, TokenError> {
    let names = match aud {
        Value::String(name) => Some(vec![name.as_str()]),
        Value::Array(items) => items.iter().map(Value::as_str).collect(),
        _ => None,
    };
    names.ok_or_else(|| TokenError::WrongType {
        name: "aud",
        expected: "a string or an array of strings",
        rfc: "RFC 7519 §4.1.3",
        found: aud.to_string(),
    })
}

fn check_audience(claims: &Map<String, Value>, expected: Option<&str>) -> ClaimsStatus {
    let Some(aud) = claims.get("aud") else {
        return match expected {
            None => ClaimsStatus::Valid,
            Some(expected) => {
                ClaimsStatus::WrongAudience(TokenError::AudienceMissing { expected: expected.to_string() })
            }
        };
    };
    let names = match audiences(aud) {
        Ok(names) => names,
        Err(error) => return ClaimsStatus::Malformed(error),
    };
    match expected {
        None => ClaimsStatus::WrongAudience(TokenError::AudienceNotExpected { aud: aud.to_string() }),
        Some(expected) if names.contains(&expected) => ClaimsStatus::Valid,
        Some(expected) => ClaimsStatus::WrongAudience(TokenError::AudienceMismatch {
            aud: aud.to_string(),
            expected: expected.to_string(),
        }),
    }
}

fn check_claims(claims: &Map<String, Value>, options: &VerifyOptions) -> ClaimsStatus {
    if let Err(error) = check_claim_types(claims) {
        return ClaimsStatus::Malformed(error);
    }
    let (now, leeway) = (options.now, options.leeway);
    // f64 comparisons so fractional `exp`/`nbf` (allowed by RFC 7519 NumericDate) are judged exactly.
    let (now_f, leeway_f) = (now as f64, leeway as f64);
    match time_claim(claims, "nbf") {
        Err(error) => return ClaimsStatus::Malformed(error),
        Ok(Some((nbf, _))) if now_f < nbf - leeway_f => {
            // The first whole second at which the token is valid, so "starts in" is never 0s.
            let starts = nbf.ceil() as i64;
            return ClaimsStatus::NotYetValid { nbf: starts, starts_in: starts.abs_diff(now) };
        }
        Ok(_) => {}
    }
    match time_claim(claims, "exp") {
        Err(error) => return ClaimsStatus::Malformed(error),
        Ok(None) => return ClaimsStatus::MissingExp,
        Ok(Some((exp, exp_whole))) if now_f >= exp + leeway_f => {
            return ClaimsStatus::Expired {
                exp: exp_whole,
                since: if now >= exp_whole { now.abs_diff(exp_whole) } else { 0 },
            };
        }
        Ok(Some(_)) => {}
    }
    check_audience(claims, options.audience.as_deref())
}

/// Checks `token` with a pinned algorithm, an optional key, a time and a leeway.
pub fn verify(token: &str, options: &VerifyOptions) -> VerifyReport {
    let key_warning = options.key.as_ref().and_then(|key| {
        let bits = key.len() * 8;
        (bits < options.alg.min_key_bits()).then(|| {
            format!(
                "key is {bits} bits; {} needs at least {} (RFC 7518 §3.2), so it can be brute-forced offline",
                options.alg,
                options.alg.min_key_bits()
            )
        })
    });
    let decoded = decode(token);
    let (algorithm, header, signature, claims) = match &decoded {
        Ok(token) => (
            check_algorithm(&token.header.json, options.alg),
            check_header(&token.header.json),
            check_signature(token, options),
            check_claims(token.claims(), options),
        ),
        Err(_) => (
            AlgorithmStatus::NotChecked,
            HeaderStatus::NotChecked,
            SignatureStatus::NotChecked,
            ClaimsStatus::NotChecked,
        ),
    };
    VerifyReport {
        decoded,
        algorithm,
        header,
        signature,
        claims,
        key_warning,
        alg: options.alg,
        now: options.now,
        leeway: options.leeway,
    }
}

/// The registered claim names of RFC 7519 §4.1, in the order the RFC lists them.
pub const REGISTERED_CLAIMS: [&str; 7] = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];

/// One line on what a registered claim means, for the UI and the CLI.
pub fn claim_description(name: &str) -> Option<&'static str> {
    Some(match name {
        "iss" => "issuer: who created and signed the token",
        "sub" => "subject: whom the token is about (here the user id, as a string)",
        "aud" => "audience: who the token is meant for; other recipients must reject it",
        "exp" => "expiration time: the token is rejected at or after this instant (Unix seconds)",
        "nbf" => "not before: the token is rejected before this instant (Unix seconds)",
        "iat" => "issued at: when the token was created (Unix seconds)",
        "jti" => "JWT ID: a unique id for this token, so it can be revoked on a deny-list",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"mysecretkey";
    const NOW: UnixSeconds = 1_795_461_682;

    fn options(key: Option<&[u8]>, now: UnixSeconds) -> VerifyOptions {
        VerifyOptions { alg: Alg::HS256, key: key.map(<[u8]>::to_vec), now, leeway: 0, audience: None }
    }

    fn b64(text: &str) -> String {
        URL_SAFE_NO_PAD.encode(text)
    }

    fn login_token() -> String {
        sign(&login_claims("1", NOW, 900, "abc"), KEY, Alg::HS256).unwrap()
    }

    /// A token with arbitrary header and payload text, correctly signed with HS256 and KEY.
    fn forged(header: &str, payload: &str) -> String {
        let input = format!("{}.{}", b64(header), b64(payload));
        let signature =
            jsonwebtoken::crypto::sign(input.as_bytes(), &EncodingKey::from_secret(KEY), Algorithm::HS256)
                .unwrap();
        format!("{input}.{signature}")
    }

    #[test]
    fn alg_parses_case_insensitively_and_names_the_options_on_error() {
        assert_eq!("hs384".parse::<Alg>(), Ok(Alg::HS384));
        assert_eq!(Alg::HS512.to_string(), "HS512");
        assert_eq!(
            "RS256".parse::<Alg>().unwrap_err().to_string(),
            "unknown algorithm \"RS256\" (expected HS256, HS384 or HS512)"
        );
    }

    #[test]
    fn signed_login_token_decodes_in_order_and_verifies() {
        let token = login_token();
        let decoded = decode(&token).unwrap();
        assert_eq!(decoded.header.decoded_text, r#"{"typ":"JWT","alg":"HS256"}"#);
        assert_eq!(
            decoded.payload.decoded_text,
            format!(r#"{{"sub":"1","iat":{NOW},"exp":{},"jti":"abc"}}"#, NOW + 900)
        );
        let keys: Vec<&str> = decoded.claims().keys().map(String::as_str).collect();
        assert_eq!(keys, ["sub", "iat", "exp", "jti"]);
        assert_eq!(decoded.signature.bytes.len(), 32);
        assert!(decoded.header.pretty().contains("\n  \"typ\": \"JWT\",\n"));

        let report = verify(&token, &options(Some(KEY), NOW));
        assert_eq!(report.algorithm, AlgorithmStatus::Allowed(Alg::HS256));
        assert_eq!(report.signature, SignatureStatus::Valid);
        assert_eq!(report.claims, ClaimsStatus::Valid);
        assert_eq!(report.verdict().unwrap()["sub"], "1");
        assert!(
            report.key_warning.as_deref().unwrap().starts_with("key is 88 bits; HS256 needs at least 256")
        );
    }

    #[test]
    fn each_algorithm_signs_with_its_own_mac_length() {
        let key = [9u8; 64];
        for (alg, mac_len) in [(Alg::HS256, 32), (Alg::HS384, 48), (Alg::HS512, 64)] {
            let token = sign(&login_claims("1", NOW, 60, "j"), &key, alg).unwrap();
            let decoded = decode(&token).unwrap();
            assert_eq!(decoded.alg(), Some(alg.name()));
            assert_eq!(decoded.signature.bytes.len(), mac_len);
            let report = verify(
                &token,
                &VerifyOptions { alg, key: Some(key.to_vec()), now: NOW, leeway: 0, audience: None },
            );
            assert!(report.is_valid(), "{alg}");
            assert_eq!(report.key_warning, None);
        }
    }

    #[test]
    fn no_key_means_not_checked_never_invalid() {
        let report = verify(&login_token(), &options(None, NOW));
        assert_eq!(report.signature, SignatureStatus::NotChecked);
        assert_eq!(report.claims, ClaimsStatus::Valid);
        assert_eq!(report.verdict().unwrap_err(), TokenError::NoKey);
    }

    #[test]
    fn tampered_payload_or_other_key_fails_the_signature_only() {
        let token = login_token();
        let parts: Vec<&str> = token.split('.').collect();
        let evil_payload = b64(&format!(r#"{{"sub":"2","iat":{NOW},"exp":{},"jti":"abc"}}"#, NOW + 900));
        let tampered = format!("{}.{}.{}", parts[0], evil_payload, parts[2]);
        let report = verify(&tampered, &options(Some(KEY), NOW));
        assert!(matches!(report.signature, SignatureStatus::Invalid(_)));
        assert_eq!(report.claims, ClaimsStatus::Valid);
        assert_eq!(report.verdict().unwrap_err(), TokenError::BadSignature);

        let other_key = verify(&token, &options(Some(b"another secret"), NOW));
        assert_eq!(
            other_key.signature,
            SignatureStatus::Invalid("signature does not match HS256 with this key".into())
        );
    }

    #[test]
    fn expiry_boundary_and_leeway() {
        let token = login_token();
        let exp = NOW + 900;
        assert!(verify(&token, &options(Some(KEY), exp - 1)).is_valid());
        let at_exp = verify(&token, &options(Some(KEY), exp));
        assert_eq!(at_exp.claims, ClaimsStatus::Expired { exp, since: 0 });
        let later = verify(&token, &options(Some(KEY), exp + 182));
        assert_eq!(later.claims, ClaimsStatus::Expired { exp, since: 182 });
        assert_eq!(later.expiry_description().as_deref(), Some("expired 3m 2s ago"));
        assert_eq!(
            verify(&token, &options(None, NOW + 1)).expiry_description().as_deref(),
            Some("expires in 14m 59s")
        );
        assert_eq!(
            later.verdict().unwrap_err().to_string(),
            "token expired 3m 2s ago, at 2026-11-23 19:36:22 UTC (leeway 0s)"
        );
        let lenient = VerifyOptions { leeway: 183, ..options(Some(KEY), exp + 182) };
        assert!(verify(&token, &lenient).is_valid());
        let lenient_edge = VerifyOptions { leeway: 182, ..options(Some(KEY), exp + 182) };
        assert!(!verify(&token, &lenient_edge).is_valid());
    }

    #[test]
    fn not_before_boundary_and_order_before_exp() {
        let nbf = NOW + 60;
        let token = forged(r#"{"alg":"HS256"}"#, &format!(r#"{{"nbf":{nbf},"exp":{}}}"#, NOW - 100));
        // Both nbf and exp fail; jsonwebtoken checks nbf first.
        let early = verify(&token, &options(Some(KEY), NOW));
        assert_eq!(early.claims, ClaimsStatus::NotYetValid { nbf, starts_in: 60 });
        assert!(
            early
                .verdict()
                .unwrap_err()
                .to_string()
                .starts_with("token not valid yet: starts in 1m 0s, at 2026-11-23 19:22:22 UTC (leeway 0s)")
        );
        let skewed = VerifyOptions { leeway: 60, ..options(Some(KEY), NOW) };
        assert!(matches!(verify(&token, &skewed).claims, ClaimsStatus::Expired { .. }));
        let short = VerifyOptions { leeway: 59, ..options(Some(KEY), NOW) };
        assert!(matches!(verify(&token, &short).claims, ClaimsStatus::NotYetValid { .. }));
    }

    #[test]
    fn bad_signature_wins_over_expiry_like_jsonwebtoken() {
        let token = sign(&login_claims("1", NOW - 2_000, 900, "x"), b"other", Alg::HS256).unwrap();
        let report = verify(&token, &options(Some(KEY), NOW));
        assert!(matches!(report.claims, ClaimsStatus::Expired { .. }));
        assert_eq!(report.verdict().unwrap_err(), TokenError::BadSignature);
    }

    #[test]
    fn alg_none_in_any_case_is_refused_even_without_a_signature() {
        for written in ["none", "None", "noNE", "NONE"] {
            let token = format!(
                "{}.{}.",
                b64(&format!(r#"{{"alg":"{written}","typ":"JWT"}}"#)),
                b64(&format!(r#"{{"sub":"1","exp":{}}}"#, NOW + 60))
            );
            let report = verify(&token, &options(Some(KEY), NOW));
            assert_eq!(
                report.verdict().unwrap_err().to_string(),
                format!("header alg is \"{written}\": unsigned tokens are never accepted")
            );
            assert!(matches!(report.signature, SignatureStatus::Invalid(ref why) if why.contains("empty")));
        }
    }

    #[test]
    fn algorithm_is_pinned_not_taken_from_the_header() {
        let token = sign(&login_claims("1", NOW, 60, "j"), KEY, Alg::HS512).unwrap();
        let report = verify(&token, &options(Some(KEY), NOW));
        assert_eq!(
            report.verdict().unwrap_err().to_string(),
            "header alg is \"HS512\" but only HS256 is allowed (the algorithm is pinned)"
        );
        let lower = forged(r#"{"alg":"hs256"}"#, r#"{"exp":9999999999}"#);
        assert!(matches!(
            verify(&lower, &options(Some(KEY), NOW)).algorithm,
            AlgorithmStatus::Rejected(TokenError::AlgNotAllowed { .. })
        ));
        let missing = forged(r#"{"typ":"JWT"}"#, r#"{"exp":9999999999}"#);
        assert_eq!(verify(&missing, &options(Some(KEY), NOW)).verdict().unwrap_err(), TokenError::MissingAlg);
        let number = forged(r#"{"alg":256}"#, r#"{"exp":9999999999}"#);
        assert_eq!(
            verify(&number, &options(Some(KEY), NOW)).verdict().unwrap_err().to_string(),
            "header alg is 256 but only HS256 is allowed (the algorithm is pinned)"
        );
    }

    #[test]
    fn missing_or_malformed_time_claims_are_their_own_reasons() {
        let no_exp = forged(r#"{"alg":"HS256"}"#, r#"{"sub":"1"}"#);
        let report = verify(&no_exp, &options(Some(KEY), NOW));
        assert_eq!(report.claims, ClaimsStatus::MissingExp);
        assert_eq!(
            report.verdict().unwrap_err().to_string(),
            "token has no exp claim: it would never expire"
        );
        let text_exp = forged(r#"{"alg":"HS256"}"#, r#"{"exp":"tomorrow"}"#);
        assert_eq!(
            verify(&text_exp, &options(Some(KEY), NOW)).verdict().unwrap_err().to_string(),
            "exp is not a number of seconds (found \"tomorrow\")"
        );
        let null_nbf = forged(r#"{"alg":"HS256"}"#, r#"{"nbf":null,"exp":9999999999}"#);
        assert_eq!(
            verify(&null_nbf, &options(Some(KEY), NOW)).verdict().unwrap_err(),
            TokenError::ClaimNotNumber { claim: "nbf", found: "null".into() }
        );
        let fractional = forged(r#"{"alg":"HS256"}"#, &format!(r#"{{"exp":{}.5}}"#, NOW));
        assert!(verify(&fractional, &options(Some(KEY), NOW)).is_valid());
        assert!(!verify(&fractional, &options(Some(KEY), NOW + 1)).is_valid());
    }

    #[test]
    fn malformed_tokens_say_which_segment_and_where() {
        let check = |token: &str, expected: &str| {
            let error = decode(token).unwrap_err();
            assert_eq!(error.to_string(), expected, "{token}");
            let report = verify(token, &options(Some(KEY), NOW));
            assert_eq!(report.signature, SignatureStatus::NotChecked);
            assert_eq!(report.claims, ClaimsStatus::NotChecked);
            assert_eq!(report.verdict().unwrap_err(), error);
        };
        check("", "token is empty");
        check("abc", "token has 1 segment; a JWT has 3 (header.payload.signature)");
        check("a.b.c.d", "token has 4 segments; a JWT has 3 (header.payload.signature)");
        let header = b64(r#"{"alg":"HS256"}"#);
        check(&format!("{header}.ab*c.sig"), "payload is not base64url: invalid character '*' at position 3");
        check(
            &format!("{header}.e30.ab+c"),
            "signature is not base64url: invalid character '+' at position 3 (that is standard base64; JWTs use base64url: - and _ )",
        );
        check(
            &format!("{}.e30.", b64("{\"alg\":\n\"HS256\",}")),
            "header is not JSON: trailing comma at line 2 column 9",
        );
        check(&format!("{header}.{}.", b64("[1,2]")), "payload is JSON an array, not an object");
        check(&format!("{header}..x"), "payload is not JSON: EOF while parsing a value at line 1 column 0");
        let huge = format!("{header}.{}.x", "A".repeat(MAX_TOKEN_BYTES));
        assert_eq!(decode(&huge).unwrap_err(), TokenError::TooLarge { bytes: huge.len() });
    }

    #[test]
    fn decoding_keeps_original_text_and_key_order() {
        let payload = "{ \"z\": 1,\n  \"a\": {\"y\": 2, \"b\": 3} }";
        let token = forged(r#"{"typ":"JWT","alg":"HS256"}"#, payload);
        let decoded = decode(&token).unwrap();
        assert_eq!(decoded.payload.decoded_text, payload);
        assert_eq!(
            decoded.payload.pretty(),
            "{\n  \"z\": 1,\n  \"a\": {\n    \"y\": 2,\n    \"b\": 3\n  }\n}"
        );
        assert_eq!(decoded.payload.raw, token.split('.').nth(1).unwrap());
    }

    fn reason(token: &str, options: &VerifyOptions) -> String {
        verify(token, options).verdict().unwrap_err().to_string()
    }

    const EXP: &str = r#""exp":9999999999"#;

    #[test]
    fn crit_with_an_unknown_or_malformed_extension_is_rejected_with_its_own_reason() {
        let at = options(Some(KEY), NOW);
        let unknown = forged(r#"{"alg":"HS256","crit":["exp"],"exp":1}"#, &format!("{{{EXP}}}"));
        let report = verify(&unknown, &at);
        assert_eq!(report.signature, SignatureStatus::Valid, "the signature is fine; crit alone rejects it");
        assert_eq!(
            report.verdict().unwrap_err().to_string(),
            "header crit names \"exp\", an extension this verifier does not understand, so the token must \
             be rejected (RFC 7515 §4.1.11)"
        );
        for (header, detail) in [
            (r#"{"alg":"HS256","crit":[]}"#, "it is an empty array"),
            (r#"{"alg":"HS256","crit":"exp"}"#, "it is a string, not an array"),
            (r#"{"alg":"HS256","crit":[7]}"#, "it lists 7, not a parameter name"),
            (
                r#"{"alg":"HS256","crit":["alg"]}"#,
                "it lists \"alg\", a standard parameter that crit must not list",
            ),
            (r#"{"alg":"HS256","crit":["x-ext"]}"#, "it lists \"x-ext\", which the header does not have"),
        ] {
            let error = verify(&forged(header, &format!("{{{EXP}}}")), &at).verdict().unwrap_err();
            assert_eq!(error, TokenError::CritMalformed { detail: detail.to_string() }, "{header}");
        }
        let understood = forged(r#"{"alg":"HS256","b64":true,"crit":["b64"]}"#, &format!("{{{EXP}}}"));
        assert!(verify(&understood, &at).is_valid());
    }

    #[test]
    fn an_unencoded_payload_and_a_non_string_kid_are_rejected() {
        let at = options(Some(KEY), NOW);
        let b64_false = forged(r#"{"alg":"HS256","b64":false,"crit":["b64"]}"#, &format!("{{{EXP}}}"));
        assert_eq!(verify(&b64_false, &at).verdict().unwrap_err(), TokenError::UnencodedPayload);
        assert_eq!(
            reason(&forged(r#"{"alg":"HS256","b64":"no"}"#, &format!("{{{EXP}}}")), &at),
            "header b64 must be true or false (RFC 7797 §3), found \"no\""
        );
        assert_eq!(
            reason(&forged(r#"{"alg":"HS256","kid":5}"#, &format!("{{{EXP}}}")), &at),
            "header kid must be a string (RFC 7515 §4.1.4), found 5"
        );
    }

    #[test]
    fn a_token_with_an_audience_needs_that_audience_to_be_expected() {
        let expecting = |audience: Option<&str>| VerifyOptions {
            audience: audience.map(str::to_string),
            ..options(Some(KEY), NOW)
        };
        let api = forged(r#"{"alg":"HS256"}"#, &format!(r#"{{"aud":"api",{EXP}}}"#));
        assert_eq!(
            reason(&api, &expecting(None)),
            "token is meant for audience \"api\", and no expected audience was given: a verifier that is not \
             told it is that audience must reject it (RFC 7519 §4.1.3)"
        );
        assert!(verify(&api, &expecting(Some("api"))).is_valid());
        assert_eq!(
            reason(&api, &expecting(Some("web"))),
            "token audience \"api\" does not include the expected audience \"web\""
        );
        let both = forged(r#"{"alg":"HS256"}"#, &format!(r#"{{"aud":["web","api"],{EXP}}}"#));
        assert!(verify(&both, &expecting(Some("api"))).is_valid());
        let number = forged(r#"{"alg":"HS256"}"#, &format!(r#"{{"aud":5,{EXP}}}"#));
        assert_eq!(
            reason(&number, &expecting(Some("api"))),
            "aud must be a string or an array of strings (RFC 7519 §4.1.3), found 5"
        );
        let none = forged(r#"{"alg":"HS256"}"#, &format!("{{{EXP}}}"));
        assert_eq!(
            reason(&none, &expecting(Some("api"))),
            "token has no aud claim, but audience \"api\" was expected"
        );
        assert!(verify(&none, &expecting(None)).is_valid());
    }

    #[test]
    fn registered_claims_of_the_wrong_type_are_rejected() {
        let at = options(Some(KEY), NOW);
        for (claim, expected) in [
            (r#""sub":1"#, "sub must be a string (RFC 7519 §4.1.2), found 1"),
            (r#""iss":["a"]"#, "iss must be a string (RFC 7519 §4.1.1), found [\"a\"]"),
            (r#""jti":null"#, "jti must be a string (RFC 7519 §4.1.7), found null"),
            (r#""iat":"today""#, "iat is not a number of seconds (found \"today\")"),
        ] {
            let token = forged(r#"{"alg":"HS256"}"#, &format!("{{{claim},{EXP}}}"));
            assert_eq!(reason(&token, &at), expected, "{claim}");
        }
    }

    #[test]
    fn fractional_exp_and_nbf_messages_agree_with_the_verdict() {
        let exp = forged(r#"{"alg":"HS256"}"#, &format!(r#"{{"exp":{NOW}.5}}"#));
        let report = verify(&exp, &options(Some(KEY), NOW));
        assert!(report.is_valid());
        assert!(!report.valid_only_by_leeway());
        assert_eq!(report.expiry_description().as_deref(), Some("expires in under 1s"));
        let later = verify(&exp, &options(Some(KEY), NOW + 1));
        assert_eq!(later.expiry_description().as_deref(), Some("expired under 1s ago"));
        let lenient = verify(&exp, &VerifyOptions { leeway: 5, ..options(Some(KEY), NOW + 1) });
        assert!(lenient.is_valid() && lenient.valid_only_by_leeway());

        let nbf = forged(r#"{"alg":"HS256"}"#, &format!(r#"{{"nbf":{NOW}.5,{EXP}}}"#));
        let early = verify(&nbf, &options(Some(KEY), NOW));
        assert_eq!(early.claims, ClaimsStatus::NotYetValid { nbf: NOW + 1, starts_in: 1 });
        assert!(reason(&nbf, &options(Some(KEY), NOW)).starts_with("token not valid yet: starts in 1s"));
    }

    #[test]
    fn duplicate_keys_are_found_and_the_last_value_counts() {
        let token = forged(
            r#"{"alg":"none","typ":"JWT","alg":"HS256"}"#,
            &format!(r#"{{"sub":"1","sub":"2",{EXP}}}"#),
        );
        let decoded = decode(&token).unwrap();
        assert_eq!(decoded.header.duplicate_keys, ["alg"]);
        assert_eq!(decoded.payload.duplicate_keys, ["sub"]);
        assert_eq!(decoded.alg(), Some("HS256"));
        assert_eq!(decoded.claims()["sub"], "2");
        assert!(decode(&login_token()).unwrap().payload.duplicate_keys.is_empty());
    }

    #[test]
    fn a_leeway_over_five_minutes_is_warned_about() {
        assert_eq!(leeway_warning(300), None);
        assert_eq!(
            leeway_warning(301).unwrap(),
            "leeway 5m 1s is over 5 minutes: an expired token is still accepted that long after its exp \
             (clock skew needs seconds, not minutes)"
        );
        let report = verify(&login_token(), &VerifyOptions { leeway: 3600, ..options(Some(KEY), NOW) });
        assert!(report.leeway_warning().unwrap().starts_with("leeway 1h 0m 0s is over 5 minutes"));
    }

    #[test]
    fn registered_claims_all_have_descriptions() {
        for claim in REGISTERED_CLAIMS {
            let text = claim_description(claim).unwrap();
            assert!(!text.contains('\n') && text.len() > 20, "{claim}");
        }
        assert_eq!(claim_description("role"), None);
    }

    #[test]
    fn jti_is_128_random_bits() {
        let mut rng = RandomSource::seeded(5);
        let (a, b) = (new_jti(&mut rng), new_jti(&mut rng));
        assert_eq!(URL_SAFE_NO_PAD.decode(&a).unwrap().len(), 16);
        assert_ne!(a, b);
    }
}
