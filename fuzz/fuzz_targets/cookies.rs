//! Fuzzes both cookie parsers (the server reading `Cookie`, the browser reading `Set-Cookie`) and the
//! browser model fed with what they produce.

#![no_main]

use jwt_session_tutor::auth::{CookieJar, SetCookie, parse_cookie_header};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let header = String::from_utf8_lossy(data);

    for (name, value) in parse_cookie_header(&header) {
        assert!(!name.is_empty() && !name.contains([';', '=', ' ']), "bad name {name:?}");
        assert!(!value.contains(';'), "bad value {value:?}");
    }

    let mut jar = CookieJar::new();
    for (at, line) in header.lines().enumerate() {
        if let Some(cookie) = SetCookie::parse(line) {
            assert!(!cookie.name.is_empty());
            jar.apply(&cookie, at as i64);
        }
    }
    if let Some(sent) = jar.cookie_header(0) {
        let _ = parse_cookie_header(&sent);
    }
    let _ = jar.document_cookie(i64::MAX);
});
