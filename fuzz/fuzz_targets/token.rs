//! Fuzzes the token decoder and verifier with whatever a learner could paste: any bytes, read as text.
//! Beyond "never panics", it checks that every rejection has a reason and that a decoded token is
//! exactly its three segments (nothing lost or invented while splitting).

#![no_main]

use jwt_session_tutor::auth::jwt::{self, Alg, ClaimsStatus, SignatureStatus, VerifyOptions};
use libfuzzer_sys::fuzz_target;

/// The key the seed tokens in fuzz/seeds/token were signed with, so they reach the claim checks.
const KEY: &[u8] = b"mysecretkey";
const NOW: i64 = 1_795_461_682;

fuzz_target!(|data: &[u8]| {
    let token = String::from_utf8_lossy(data);

    match jwt::decode(&token) {
        Ok(decoded) => {
            let rejoined = format!("{}.{}", decoded.signing_input(), decoded.signature.raw);
            assert_eq!(rejoined, token, "decode must keep the segments verbatim");
        }
        Err(error) => assert!(!error.to_string().trim().is_empty(), "empty reason for {token:?}"),
    }

    for (key, leeway) in [(Some(KEY.to_vec()), 0), (None, 60)] {
        for alg in Alg::ALL {
            let report = jwt::verify(&token, &VerifyOptions { alg, key: key.clone(), now: NOW, leeway });
            match report.verdict() {
                Ok(_) => {
                    assert_eq!(report.signature, SignatureStatus::Valid);
                    assert_eq!(report.claims, ClaimsStatus::Valid);
                }
                Err(error) => assert!(!error.to_string().trim().is_empty(), "empty reason for {token:?}"),
            }
            if let SignatureStatus::Invalid(why) = &report.signature {
                assert!(!why.trim().is_empty());
            }
            let _ = report.expiry_description();
        }
    }
});
