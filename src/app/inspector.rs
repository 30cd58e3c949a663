//! The free token inspector (`i`): any JWT and any secret, decoded and verified on every change.

use super::fields::{FieldId, TextField};
use crate::auth::config::decode_base64_lenient;
use crate::auth::jwt::{self, Alg, VerifyOptions, VerifyReport};

#[derive(Debug, Clone, PartialEq)]
pub struct Inspector {
    pub token: TextField,
    pub secret: TextField,
    /// The audience this inspector verifies as; empty rejects every token with an `aud`.
    pub audience: TextField,
    /// The field being typed into.
    pub field: FieldId,
    /// The pinned algorithm the token is checked against.
    pub alg: Alg,
    pub leeway: u64,
    /// Scroll of the report, in lines.
    pub scroll: usize,
}

/// How the secret field was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyReading {
    /// Empty: the signature is not checked.
    None,
    /// The UTF-8 bytes of the text.
    Text(Vec<u8>),
    /// `b64:` followed by base64 or base64url.
    Base64(Vec<u8>),
    /// `b64:` followed by something that is not base64.
    Invalid(String),
}

impl Inspector {
    pub fn new(token: &str, secret: &str, alg: Alg, leeway: u64) -> Self {
        Self {
            token: TextField::new(token),
            secret: TextField::new(secret),
            audience: TextField::default(),
            field: FieldId::InspectorToken,
            alg,
            leeway,
            scroll: 0,
        }
    }

    pub fn field_mut(&mut self) -> &mut TextField {
        match self.field {
            FieldId::InspectorSecret => &mut self.secret,
            FieldId::InspectorAudience => &mut self.audience,
            _ => &mut self.token,
        }
    }

    /// The next field (Tab) or the previous one (Shift-Tab), round the three.
    pub fn switch_field(&mut self, forward: bool) {
        const ORDER: [FieldId; 3] =
            [FieldId::InspectorToken, FieldId::InspectorSecret, FieldId::InspectorAudience];
        let at = ORDER.iter().position(|field| *field == self.field).unwrap_or(0);
        let step = if forward { 1 } else { ORDER.len() - 1 };
        self.field = ORDER[(at + step) % ORDER.len()];
    }

    /// The expected audience typed in, if any (surrounding spaces ignored).
    pub fn expected_audience(&self) -> Option<&str> {
        Some(self.audience.value().trim()).filter(|audience| !audience.is_empty())
    }

    pub fn key(&self) -> KeyReading {
        let text = self.secret.value();
        if text.is_empty() {
            KeyReading::None
        } else if let Some(encoded) = text.strip_prefix("b64:") {
            match decode_base64_lenient(encoded) {
                Ok(bytes) => KeyReading::Base64(bytes),
                Err(error) => KeyReading::Invalid(error.to_string()),
            }
        } else {
            KeyReading::Text(text.as_bytes().to_vec())
        }
    }

    /// The three-state report for the current fields at `now`; recomputed from the fields each
    /// time, so it always matches what is typed.
    pub fn report(&self, now: i64) -> VerifyReport {
        let key = match self.key() {
            KeyReading::Text(bytes) | KeyReading::Base64(bytes) => Some(bytes),
            KeyReading::None | KeyReading::Invalid(_) => None,
        };
        jwt::verify(
            self.token.value().trim(),
            &VerifyOptions {
                alg: self.alg,
                key,
                now,
                leeway: self.leeway,
                audience: self.expected_audience().map(str::to_string),
            },
        )
    }
}
