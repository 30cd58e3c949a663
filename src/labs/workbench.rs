//! The token workbench's forge: any header and payload the learner writes, signed with the algorithm
//! and key they choose (or not signed at all). Unlike `auth::jwt::sign`, which always writes its own
//! header, this signs exactly what was typed, so a header that lies (`alg: none` with a signature, or
//! `HS256` with none) can be built and sent.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::{Sha256, Sha384, Sha512};

use crate::auth::config::decode_base64_lenient;
use crate::auth::jwt::{Alg, Segment};

/// What the workbench signs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigningAlg {
    /// An HMAC algorithm.
    Hmac(Alg),
    /// No signature: the third segment is empty.
    None,
}

impl SigningAlg {
    /// HS256, HS384, HS512, none: the order the workbench cycles through.
    pub const ALL: [SigningAlg; 4] =
        [Self::Hmac(Alg::HS256), Self::Hmac(Alg::HS384), Self::Hmac(Alg::HS512), Self::None];

    /// The name a header's `alg` carries.
    pub fn name(self) -> &'static str {
        match self {
            Self::Hmac(alg) => alg.name(),
            Self::None => "none",
        }
    }

    /// The next one in [`SigningAlg::ALL`], wrapping.
    pub fn next(self) -> Self {
        let index = Self::ALL.iter().position(|alg| *alg == self).unwrap_or(0);
        Self::ALL[(index + 1) % Self::ALL.len()]
    }
}

/// How the key field is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// The UTF-8 bytes of the text (`mysecretkey`).
    Text,
    /// Base64 or base64url, padded or not (what `openssl rand -base64 32` prints).
    Base64,
    /// No key: nothing is signed.
    None,
}

impl KeyKind {
    /// Text, base64, none: the order the workbench cycles through.
    pub const ALL: [KeyKind; 3] = [Self::Text, Self::Base64, Self::None];

    /// `text` / `base64` / `none`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Base64 => "base64",
            Self::None => "none",
        }
    }

    /// The next one, wrapping.
    pub fn next(self) -> Self {
        let index = Self::ALL.iter().position(|kind| *kind == self).unwrap_or(0);
        Self::ALL[(index + 1) % Self::ALL.len()]
    }
}

/// Why the workbench cannot build a token from what is typed; each names the field and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ForgeError {
    /// The header or payload is not JSON.
    NotJson { segment: Segment, line: usize, column: usize, detail: String },
    /// The header or payload is JSON but not an object.
    NotObject { segment: Segment },
    /// The key is marked base64 but is not.
    KeyNotBase64(String),
}

impl fmt::Display for ForgeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotJson { segment, line, column, detail } => {
                write!(f, "{segment} is not JSON: {detail} at line {line} column {column}")
            }
            Self::NotObject { segment } => write!(f, "{segment} must be a JSON object {{…}}"),
            Self::KeyNotBase64(detail) => write!(f, "key is not base64: {detail}"),
        }
    }
}

impl std::error::Error for ForgeError {}

/// A built token and its three segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forged {
    /// base64url of the header JSON.
    pub header: String,
    /// base64url of the payload JSON.
    pub payload: String,
    /// base64url of the MAC; empty when unsigned.
    pub signature: String,
    /// Why the signature is empty, when it is.
    pub unsigned_because: Option<&'static str>,
}

impl Forged {
    /// `header.payload.signature`.
    pub fn token(&self) -> String {
        format!("{}.{}.{}", self.header, self.payload, self.signature)
    }
}

fn object(segment: Segment, text: &str) -> Result<Map<String, Value>, ForgeError> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ForgeError::NotObject { segment }),
        Err(error) => Err(ForgeError::NotJson {
            segment,
            line: error.line(),
            column: error.column(),
            detail: error.to_string().split(" at line ").next().unwrap_or_default().to_string(),
        }),
    }
}

fn mac(alg: Alg, key: &[u8], input: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length, so new_from_slice cannot fail here.
    match alg {
        Alg::HS256 => Hmac::<Sha256>::new_from_slice(key)
            .map(|mac| mac.chain_update(input).finalize().into_bytes().to_vec()),
        Alg::HS384 => Hmac::<Sha384>::new_from_slice(key)
            .map(|mac| mac.chain_update(input).finalize().into_bytes().to_vec()),
        Alg::HS512 => Hmac::<Sha512>::new_from_slice(key)
            .map(|mac| mac.chain_update(input).finalize().into_bytes().to_vec()),
    }
    .unwrap_or_default()
}

/// The base64url segment of a typed header or payload: the JSON object, compacted.
pub fn encode_json(segment: Segment, text: &str) -> Result<String, ForgeError> {
    let map = object(segment, text)?;
    Ok(URL_SAFE_NO_PAD.encode(Value::Object(map).to_string()))
}

/// The signature segment over `header.payload` with `alg` and the key read as `key_kind`, or an
/// empty one and why.
pub fn signature(
    header: &str,
    payload: &str,
    alg: SigningAlg,
    key_kind: KeyKind,
    key: &str,
) -> Result<(String, Option<&'static str>), ForgeError> {
    let key_bytes = match key_kind {
        KeyKind::Text => Some(key.as_bytes().to_vec()),
        KeyKind::Base64 => {
            Some(decode_base64_lenient(key.trim()).map_err(|e| ForgeError::KeyNotBase64(e.to_string()))?)
        }
        KeyKind::None => None,
    };
    Ok(match (alg, key_bytes) {
        (SigningAlg::None, _) => (String::new(), Some("algorithm none: no signature")),
        (SigningAlg::Hmac(_), None) => (String::new(), Some("no key: nothing to sign with")),
        (SigningAlg::Hmac(alg), Some(key)) => {
            let input = format!("{header}.{payload}");
            (URL_SAFE_NO_PAD.encode(mac(alg, &key, input.as_bytes())), None)
        }
    })
}

/// Builds a token from the typed header and payload (compacted), signed with `alg` and the key read
/// as `key_kind`. The header is signed as written: choosing an algorithm does not rewrite it.
pub fn forge(
    header: &str,
    payload: &str,
    alg: SigningAlg,
    key_kind: KeyKind,
    key: &str,
) -> Result<Forged, ForgeError> {
    let header = encode_json(Segment::Header, header)?;
    let payload = encode_json(Segment::Payload, payload)?;
    let (signature, unsigned_because) = signature(&header, &payload, alg, key_kind, key)?;
    Ok(Forged { header, payload, signature, unsigned_because })
}

/// `text` with its header's `"alg"` set to `alg`'s name, keeping every other field and their order;
/// `None` when the text is not a JSON object (the learner is mid-edit; leave it alone).
pub fn with_alg(header: &str, alg: SigningAlg) -> Option<String> {
    let mut map = object(Segment::Header, header).ok()?;
    map.insert("alg".to_string(), Value::from(alg.name()));
    Some(Value::Object(map).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::jwt::{self, VerifyOptions};

    #[test]
    fn a_forged_hs256_token_verifies_with_the_same_key_and_the_real_verifier() {
        let payload = r#"{"sub":"2","exp":4102444800}"#;
        let forged = forge(
            r#"{"alg":"HS256","typ":"JWT"}"#,
            payload,
            SigningAlg::Hmac(Alg::HS256),
            KeyKind::Text,
            "k",
        )
        .unwrap();
        let options =
            VerifyOptions { alg: Alg::HS256, key: Some(b"k".to_vec()), now: 0, leeway: 0, audience: None };
        assert!(jwt::verify(&forged.token(), &options).is_valid());
        let wrong = VerifyOptions { key: Some(b"other".to_vec()), ..options };
        assert!(!jwt::verify(&forged.token(), &wrong).is_valid());
    }

    #[test]
    fn unsigned_and_broken_inputs_say_why() {
        let none = forge(r#"{"alg":"none"}"#, "{}", SigningAlg::None, KeyKind::Text, "k").unwrap();
        assert!(none.token().ends_with('.'));
        assert_eq!(none.unsigned_because, Some("algorithm none: no signature"));
        let error = forge("{\"alg\":", "{}", SigningAlg::None, KeyKind::None, "").unwrap_err();
        assert_eq!(error.to_string(), "header is not JSON: EOF while parsing a value at line 1 column 7");
        assert_eq!(
            forge("{}", "[1]", SigningAlg::None, KeyKind::None, "").unwrap_err().to_string(),
            "payload must be a JSON object {…}"
        );
        assert!(matches!(
            forge("{}", "{}", SigningAlg::Hmac(Alg::HS256), KeyKind::Base64, "a!"),
            Err(ForgeError::KeyNotBase64(_))
        ));
        assert_eq!(
            with_alg(r#"{"typ":"JWT","alg":"HS256"}"#, SigningAlg::None).unwrap(),
            r#"{"typ":"JWT","alg":"none"}"#
        );
        assert_eq!(SigningAlg::None.next(), SigningAlg::Hmac(Alg::HS256));
    }
}
