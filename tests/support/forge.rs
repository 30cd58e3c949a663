//! Forging tokens the way a learner would outside the tutorial: base64url and HMAC by hand, with the
//! `base64`, `hmac` and `sha2` crates directly, never the tutorial's own `auth::jwt`.

#![allow(dead_code)]

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

/// `base64url(json)` without padding.
pub fn segment(json: &Value) -> String {
    URL_SAFE_NO_PAD.encode(json.to_string())
}

/// The JSON of one segment of `token` (0 header, 1 payload).
pub fn read_segment(token: &str, index: usize) -> Value {
    let part = token.split('.').nth(index).expect("a segment");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).expect("base64url")).expect("JSON")
}

/// HMAC-SHA256 of `signing_input` under `key`, base64url.
pub fn hs256(signing_input: &str, key: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(signing_input.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

/// A complete HS256 token over `header` and `payload`.
pub fn signed(header: &Value, payload: &Value, key: &[u8]) -> String {
    let input = format!("{}.{}", segment(header), segment(payload));
    let signature = hs256(&input, key);
    format!("{input}.{signature}")
}

/// The word of `words` whose HMAC over the captured token's header.payload is its signature.
pub fn crack<'a>(token: &str, words: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let (input, signature) = token.rsplit_once('.')?;
    words.into_iter().find(|word| hs256(input, word.as_bytes()) == signature)
}
