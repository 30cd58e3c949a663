//! Fuzzes the lesson markup parser (the Markdown subset of lesson bodies and notes): never a panic,
//! every error has a message and an offset on a character boundary of the input.

#![no_main]

use jwt_session_tutor::lessons::markup;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for result in [markup::parse_blocks(&text).map(|_| ()), markup::parse_inline(&text).map(|_| ())] {
        if let Err(errors) = result {
            assert!(!errors.is_empty());
            for error in errors {
                assert!(!error.message.trim().is_empty());
                assert!(text.is_char_boundary(error.offset), "offset {} in {text:?}", error.offset);
            }
        }
    }
});
