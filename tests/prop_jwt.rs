//! Property tests for the token decoder and verifier: whatever a learner pastes, `decode` and `verify`
//! answer with a verdict and a readable one-line reason, never a panic; any change to a real token is
//! rejected; and signing then verifying gives back exactly the claims that were signed, with `exp`/`nbf`
//! judged to the second and the leeway applied both ways.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jwt_session_tutor::auth::jwt::{self, Alg, ClaimsStatus, SignatureStatus, TokenError, VerifyOptions};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::FileFailurePersistence;
use serde_json::{Map, Value};

/// A realistic "now": 2026-11-23 19:21:22 UTC.
const NOW: i64 = 1_795_461_682;
const KEY: &[u8] = b"an-example-256-bit-key-for-tests";

/// 256 cases by default, so `cargo test` stays fast; `PROPTEST_CASES=20000` for a deeper run.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256),
        // Integration tests have no lib.rs beside them; keep failures next to this file instead.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        ..ProptestConfig::default()
    }
}

fn options_at(now: i64, leeway: u64) -> VerifyOptions {
    VerifyOptions { alg: Alg::HS256, key: Some(KEY.to_vec()), now, leeway, audience: None }
}

/// A token with any header and payload JSON, correctly signed with HS256 and [`KEY`], so that the
/// verifier's header and claim checks (not the signature) decide.
fn signed_with_any_header(header: &Value, payload: &Map<String, Value>) -> String {
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(header).unwrap()),
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(payload).unwrap())
    );
    let key = jsonwebtoken::EncodingKey::from_secret(KEY);
    let signature =
        jsonwebtoken::crypto::sign(input.as_bytes(), &key, jsonwebtoken::Algorithm::HS256).unwrap();
    format!("{input}.{signature}")
}

fn real_token() -> String {
    jwt::sign(&jwt::login_claims("1", NOW, 900, "jti-1"), KEY, Alg::HS256).expect("HS256 signing works")
}

/// A reason a user can read: something to say, on one line, with no control characters that a terminal
/// would act on (a pasted token must not be able to clear the screen or move the cursor).
fn assert_readable_reason(reason: &str) -> Result<(), TestCaseError> {
    prop_assert!(!reason.trim().is_empty(), "empty reason");
    prop_assert!(!reason.chars().any(char::is_control), "reason has control characters: {reason:?}");
    Ok(())
}

/// Every rejection in the report has a readable reason, and the signature/claims statuses agree with
/// whether the token decoded at all.
fn assert_rejected_with_reason(token: &str, options: &VerifyOptions) -> Result<TokenError, TestCaseError> {
    let report = jwt::verify(token, options);
    let error = match report.verdict() {
        Ok(claims) => {
            return Err(TestCaseError::fail(format!("accepted {token:?} with claims {claims:?}")));
        }
        Err(error) => error,
    };
    assert_readable_reason(&error.to_string())?;
    match &report.decoded {
        Err(decode_error) => {
            prop_assert_eq!(decode_error, &error);
            prop_assert_eq!(&report.signature, &SignatureStatus::NotChecked);
            prop_assert_eq!(&report.claims, &ClaimsStatus::NotChecked);
        }
        Ok(_) => {
            if let SignatureStatus::Invalid(why) = &report.signature {
                assert_readable_reason(why)?;
            }
            if let ClaimsStatus::Malformed(why) = &report.claims {
                assert_readable_reason(&why.to_string())?;
            }
        }
    }
    Ok(error)
}

/// One edit a user (or an attacker) might make to a token.
#[derive(Debug, Clone)]
enum Mutation {
    Replace(Index, char),
    Insert(Index, char),
    Delete(Index),
    Truncate(Index),
    SwapSegments(usize, usize),
    DuplicateSegment(usize),
    DropSegment(usize),
}

fn token_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => proptest::char::ranges(vec!['A'..='Z', 'a'..='z', '0'..='9'].into()),
        1 => prop::sample::select(vec!['-', '_', '.', '+', '/', '=', ' ', '\n', '\u{1b}', 'é', '€', '\0']),
        1 => any::<char>(),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<Index>(), token_char()).prop_map(|(at, c)| Mutation::Replace(at, c)),
        2 => (any::<Index>(), token_char()).prop_map(|(at, c)| Mutation::Insert(at, c)),
        2 => any::<Index>().prop_map(Mutation::Delete),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        1 => (0..3usize, 0..3usize).prop_map(|(a, b)| Mutation::SwapSegments(a, b)),
        1 => (0..3usize).prop_map(Mutation::DuplicateSegment),
        1 => (0..3usize).prop_map(Mutation::DropSegment),
    ]
}

fn char_boundaries(text: &str) -> Vec<usize> {
    text.char_indices().map(|(at, _)| at).chain([text.len()]).collect()
}

fn apply(token: &str, mutation: &Mutation) -> String {
    let mut text = token.to_string();
    let boundaries = char_boundaries(&text);
    let chars = boundaries.len() - 1;
    match mutation {
        Mutation::Replace(at, c) if chars > 0 => {
            let i = at.index(chars);
            text.replace_range(boundaries[i]..boundaries[i + 1], &c.to_string());
        }
        Mutation::Insert(at, c) => text.insert(boundaries[at.index(chars + 1)], *c),
        Mutation::Delete(at) if chars > 0 => {
            text.remove(boundaries[at.index(chars)]);
        }
        Mutation::Truncate(at) => text.truncate(boundaries[at.index(chars + 1)]),
        Mutation::SwapSegments(a, b) => {
            let mut parts: Vec<&str> = token.split('.').collect();
            if *a < parts.len() && *b < parts.len() {
                parts.swap(*a, *b);
            }
            text = parts.join(".");
        }
        Mutation::DuplicateSegment(at) => {
            let mut parts: Vec<&str> = token.split('.').collect();
            if let Some(part) = parts.get(*at).copied() {
                parts.insert(*at, part);
            }
            text = parts.join(".");
        }
        Mutation::DropSegment(at) => {
            let mut parts: Vec<&str> = token.split('.').collect();
            if *at < parts.len() {
                parts.remove(*at);
            }
            text = parts.join(".");
        }
        Mutation::Replace(..) | Mutation::Delete(_) => {}
    }
    text
}

/// Any text at all, control characters included (`any::<String>()` leaves those out).
fn any_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<char>(), 0..48).prop_map(String::from_iter)
}

/// JSON values as claims: integers rather than floats, because serde_json without `float_roundtrip`
/// may move a float by one ULP when parsing it back, which is not the token code's doing.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any_text().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((any_text(), inner), 0..4)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// Arbitrary claims, without the time claims the verifier interprets (each test adds its own).
fn claims() -> impl Strategy<Value = Map<String, Value>> {
    proptest::collection::vec((any_text(), json_value()), 0..8).prop_map(|entries| {
        entries.into_iter().filter(|(name, _)| name != "exp" && name != "nbf").collect::<Map<_, _>>()
    })
}

fn with_claim(mut claims: Map<String, Value>, name: &str, value: i64) -> Map<String, Value> {
    claims.insert(name.to_string(), Value::from(value));
    claims
}

/// Times from 1653 to 5138, all exactly representable as f64 (the verifier compares in f64).
fn instant() -> impl Strategy<Value = i64> {
    -10_000_000_000i64..100_000_000_000
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn decode_any_text_never_panics_and_explains_every_failure(text in any_text()) {
        if let Err(error) = jwt::decode(&text) {
            assert_readable_reason(&error.to_string())?;
        }
    }

    #[test]
    fn verify_token_shaped_text_rejects_with_a_reason(text in "[A-Za-z0-9_.=+/-]{0,120}") {
        assert_rejected_with_reason(&text, &options_at(NOW, 0))?;
        let no_key = VerifyOptions { key: None, ..options_at(NOW, 0) };
        assert_rejected_with_reason(&text, &no_key)?;
    }

    #[test]
    fn verify_any_text_rejects_with_a_reason(text in any_text()) {
        assert_rejected_with_reason(&text, &options_at(NOW, 0))?;
    }

    #[test]
    fn any_segment_that_is_base64url_of_any_bytes_never_panics(
        header in proptest::collection::vec(any::<u8>(), 0..64),
        payload in proptest::collection::vec(any::<u8>(), 0..64),
        signature in proptest::collection::vec(any::<u8>(), 0..40),
    ) {
        let token = [header, payload, signature].map(|bytes| URL_SAFE_NO_PAD.encode(bytes)).join(".");
        assert_rejected_with_reason(&token, &options_at(NOW, 0))?;
    }

    #[test]
    fn any_edit_to_a_real_token_is_rejected_with_a_reason(
        edits in proptest::collection::vec(mutation(), 1..4),
    ) {
        let original = real_token();
        let tampered = edits.iter().fold(original.clone(), |token, edit| apply(&token, edit));
        prop_assume!(tampered != original);
        assert_rejected_with_reason(&tampered, &options_at(NOW, 0))?;
    }

    #[test]
    fn changed_claims_under_the_original_signature_fail_the_signature_check(forged in claims()) {
        let original = real_token();
        let parts: Vec<&str> = original.split('.').collect();
        let forged = with_claim(forged, "exp", NOW + 900);
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged).unwrap());
        prop_assume!(payload != parts[1]);
        let tampered = format!("{}.{payload}.{}", parts[0], parts[2]);
        let error = assert_rejected_with_reason(&tampered, &options_at(NOW, 0))?;
        prop_assert_eq!(error, TokenError::BadSignature);
    }

    #[test]
    fn any_header_other_than_the_pinned_alg_is_refused_with_a_readable_reason(
        alg in prop_oneof![3 => any_text().prop_map(Value::from), 1 => json_value()],
        extra in claims(),
    ) {
        prop_assume!(alg != "HS256");
        let mut header = extra;
        header.insert("alg".into(), alg);
        let token = signed_with_any_header(&Value::Object(header), &with_claim(Map::new(), "exp", NOW + 60));
        let error = assert_rejected_with_reason(&token, &options_at(NOW, 0))?;
        let is_alg_error =
            matches!(error, TokenError::AlgNotAllowed { .. } | TokenError::AlgNone { .. });
        prop_assert!(is_alg_error, "{:?}", error);
    }

    #[test]
    fn any_claims_with_a_bad_time_claim_are_refused_with_a_readable_reason(
        claims in claims(),
        claim in prop::sample::select(vec!["exp", "nbf"]),
        value in json_value(),
    ) {
        prop_assume!(!value.is_number());
        let mut claims = with_claim(claims, "exp", NOW + 60);
        claims.insert(claim.to_string(), value);
        let token = signed_with_any_header(&serde_json::json!({"alg": "HS256"}), &claims);
        let error = assert_rejected_with_reason(&token, &options_at(NOW, 0))?;
        let is_claim_error = matches!(error, TokenError::ClaimNotNumber { claim: named, .. } if named == claim);
        prop_assert!(is_claim_error, "{:?}", error);
    }

    #[test]
    fn sign_then_verify_returns_exactly_the_signed_claims_in_order(
        claims in claims(),
        ttl in 1i64..10_000_000,
        key in proptest::collection::vec(any::<u8>(), 1..80),
        alg in prop::sample::select(Alg::ALL.to_vec()),
    ) {
        let claims = with_claim(claims, "exp", NOW + ttl);
        let token = jwt::sign(&claims, &key, alg).unwrap();
        let options = VerifyOptions { alg, key: Some(key.clone()), now: NOW, leeway: 0, audience: None };
        let report = jwt::verify(&token, &options);
        let verified = report.verdict();
        prop_assert!(verified.is_ok(), "rejected: {:?}", verified);
        let verified: Vec<(&String, &Value)> = verified.unwrap().iter().collect();
        let signed: Vec<(&String, &Value)> = claims.iter().collect();
        prop_assert_eq!(verified, signed);

        // The same token under any other pinned algorithm or key is refused.
        for other in Alg::ALL.into_iter().filter(|other| *other != alg) {
            let pinned = VerifyOptions { alg: other, ..options.clone() };
            let refused = jwt::verify(&token, &pinned).verdict().map(|_| ()).unwrap_err();
            let is_pinning_error = matches!(refused, TokenError::AlgNotAllowed { .. });
            prop_assert!(is_pinning_error);
        }
        let mut other_key = key.clone();
        other_key[0] ^= 1;
        let wrong_key = VerifyOptions { key: Some(other_key), ..options };
        prop_assert_eq!(jwt::verify(&token, &wrong_key).verdict().unwrap_err(), TokenError::BadSignature);
    }

    #[test]
    fn exp_is_exclusive_and_leeway_extends_it(
        claims in claims(),
        exp in instant(),
        leeway in 0u64..1_000_000,
    ) {
        let token = jwt::sign(&with_claim(claims, "exp", exp), KEY, Alg::HS256).unwrap();
        let verdict_at = |now: i64, leeway: u64| jwt::verify(&token, &options_at(now, leeway));

        prop_assert!(verdict_at(exp - 1, 0).is_valid(), "one second before exp must be valid");
        let at_exp = verdict_at(exp, 0);
        prop_assert_eq!(&at_exp.claims, &ClaimsStatus::Expired { exp, since: 0 });
        let message = at_exp.verdict().unwrap_err().to_string();
        prop_assert!(message.ends_with("(leeway 0s)"), "{}", message);

        let grace = leeway as i64;
        prop_assert!(verdict_at(exp + grace - 1, leeway).is_valid(), "leeway must extend exp");
        let late = verdict_at(exp + grace, leeway);
        prop_assert_eq!(&late.claims, &ClaimsStatus::Expired { exp, since: leeway });
        prop_assert!(late.verdict().unwrap_err().to_string().contains("(leeway "));
    }

    #[test]
    fn nbf_is_inclusive_and_leeway_lets_it_start_early(
        claims in claims(),
        nbf in instant(),
        leeway in 0u64..1_000_000,
    ) {
        let claims = with_claim(with_claim(claims, "nbf", nbf), "exp", nbf + 2_000_000);
        let token = jwt::sign(&claims, KEY, Alg::HS256).unwrap();
        let verdict_at = |now: i64, leeway: u64| jwt::verify(&token, &options_at(now, leeway));

        prop_assert!(verdict_at(nbf, 0).is_valid(), "valid from nbf on");
        prop_assert_eq!(verdict_at(nbf - 1, 0).claims, ClaimsStatus::NotYetValid { nbf, starts_in: 1 });

        let grace = leeway as i64;
        prop_assert!(verdict_at(nbf - grace, leeway).is_valid(), "leeway must let nbf start early");
        let early = verdict_at(nbf - grace - 1, leeway);
        prop_assert_eq!(&early.claims, &ClaimsStatus::NotYetValid { nbf, starts_in: leeway + 1 });
        let message = early.verdict().unwrap_err().to_string();
        prop_assert!(message.starts_with("token not valid yet"), "{}", message);
    }
}

// Regressions found by the properties above: text from the token used to reach the one-line reason
// unescaped, so a pasted token could put a line break or a terminal escape sequence into what the CLI
// prints.

fn reason_for_header(header: Value, payload: Map<String, Value>) -> String {
    let token = signed_with_any_header(&header, &payload);
    jwt::verify(&token, &options_at(NOW, 0)).verdict().map(|_| ()).unwrap_err().to_string()
}

#[test]
fn pasted_alg_with_terminal_escapes_does_not_reach_the_message() {
    let exp = with_claim(Map::new(), "exp", NOW + 60);
    for alg in ["\0", "\u{1b}[2J\u{1b}[H", "HS256\nforged line"] {
        let reason = reason_for_header(serde_json::json!({ "alg": alg }), exp.clone());
        assert!(!reason.chars().any(char::is_control), "{reason:?}");
    }
}

#[test]
fn one_character_typo_in_a_real_header_keeps_the_message_printable() {
    // The header of every HS256 token this app signs, with character 28 ('I') typed as 'f':
    // alg becomes "H\u{7f}256".
    let typo = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIfzI1NiJ9";
    let token = real_token();
    let (_, rest) = token.split_once('.').unwrap();
    let reason = jwt::verify(&format!("{typo}.{rest}"), &options_at(NOW, 0)).verdict().unwrap_err();
    assert!(!reason.to_string().chars().any(char::is_control), "{reason}");
}

#[test]
fn claim_value_with_del_or_c1_controls_does_not_reach_the_message() {
    for value in ["\u{7f}", "\u{9b}2J"] {
        let claims = with_claim(Map::new(), "nbf", 0);
        let mut claims = with_claim(claims, "exp", NOW + 60);
        claims.insert("exp".into(), serde_json::json!({ "": value }));
        let reason = reason_for_header(serde_json::json!({ "alg": "HS256" }), claims);
        assert!(!reason.chars().any(char::is_control), "{reason:?}");
    }
}

/// Text of any characters, weighted towards the ones a terminal acts on or that reorder text: C0, DEL,
/// C1 (the 8-bit CSI U+009B among them) and the bidi embeddings, overrides and isolates.
fn hostile_text() -> impl Strategy<Value = String> {
    let hostile = prop_oneof![
        (0u32..0x20).prop_map(|c| char::from_u32(c).unwrap()),
        Just('\u{7f}'),
        (0x80u32..0xa0).prop_map(|c| char::from_u32(c).unwrap()),
        (0x202au32..=0x202e).prop_map(|c| char::from_u32(c).unwrap()),
        (0x2066u32..=0x2069).prop_map(|c| char::from_u32(c).unwrap()),
        any::<char>(),
    ];
    proptest::collection::vec(hostile, 0..12).prop_map(|chars| chars.into_iter().collect())
}

/// Any JSON value built from hostile text: strings, arrays and objects (keys hostile too).
fn hostile_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![hostile_text().prop_map(Value::from), any::<i64>().prop_map(Value::from)];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::from),
            proptest::collection::vec((hostile_text(), inner), 0..3)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

fn assert_printable_output(text: &str) -> Result<(), TestCaseError> {
    let raw: Vec<char> =
        text.chars().filter(|&c| c != '\n' && jwt_session_tutor::printable::needs_escape(c)).collect();
    prop_assert!(raw.is_empty(), "raw control or bidi characters {raw:?} in:\n{text}");
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// Whatever the claims (keys and values), what `jwt decode` and `jwt verify` print never holds a
    /// raw control or bidi character: each is shown as an escape.
    #[test]
    fn decode_and_verify_output_never_holds_raw_control_or_bidi_characters(
        registered in proptest::sample::select(&["sub", "iss", "jti", "aud", "exp", "nbf", "iat", "role"][..]),
        value in hostile_value(),
        extra in proptest::collection::vec((hostile_text(), hostile_value()), 0..3),
        header_extra in hostile_value(),
    ) {
        use jwt_session_tutor::cli::jwt_cmd::{decoded_text, verify_text};
        use jwt_session_tutor::cli::output::Style;
        let mut payload = Map::new();
        payload.insert(registered.to_string(), value);
        payload.extend(extra);
        payload.entry("exp").or_insert(Value::from(NOW + 60));
        let header = serde_json::json!({ "alg": "HS256", "x": header_extra });
        let token = signed_with_any_header(&header, &payload);
        let decoded = jwt::decode(&token).unwrap();
        assert_printable_output(&decoded_text(&decoded, Style::plain()))?;
        let (report, _) = verify_text(&jwt::verify(&token, &options_at(NOW, 0)), Style::plain());
        assert_printable_output(&report)?;
    }
}
