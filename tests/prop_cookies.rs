//! Property tests for the cookie code on both sides of the wire: any `Cookie` or `Set-Cookie` header
//! parses without panicking into well-formed pairs, well-formed cookies survive the trip through the
//! header text unchanged, and the browser model sends back exactly the cookies that are still alive.

use jwt_session_tutor::auth::{CookieJar, SameSite, SetCookie, parse_cookie_header};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

/// 256 cases by default, so `cargo test` stays fast; `PROPTEST_CASES=20000` for a deeper run.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        ..ProptestConfig::default()
    }
}

/// Any text at all, control characters included (`any::<String>()` leaves those out).
fn any_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<char>(), 0..96).prop_map(String::from_iter)
}

/// Header-like text: mostly the characters cookie headers are made of, so pairs do get parsed.
fn header_like_text() -> impl Strategy<Value = String> {
    "[a-z=; \"\t,\\\\é\u{0}-]{0,80}"
}

/// RFC 6265 `token` characters for a cookie name.
const NAME: &str = "[!#$%&'*+.^_`|~0-9A-Za-z-]{1,12}";
/// RFC 6265 `cookie-octet`s for a value (no space, `"`, `,`, `;` or `\`).
const VALUE: &str = "[!#-+\\--:<-\\[\\]-~]{0,24}";

fn cookie_pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    proptest::collection::vec((NAME, VALUE), 0..6)
}

fn same_site() -> impl Strategy<Value = Option<SameSite>> {
    prop::sample::select(vec![None, Some(SameSite::Strict), Some(SameSite::Lax), Some(SameSite::None)])
}

fn set_cookie(max_age: impl Strategy<Value = Option<u64>>) -> impl Strategy<Value = SetCookie> {
    (NAME, VALUE, any::<bool>(), any::<bool>(), same_site(), proptest::option::of("/[!-:<-~]{0,16}"), max_age)
        .prop_map(|(name, value, http_only, secure, same_site, path, max_age)| SetCookie {
            name,
            value,
            http_only,
            secure,
            same_site,
            path,
            max_age,
        })
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_graphic() && !"()<>@,;:\\\"/[]?={}".contains(c)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_cookie_header_gives_well_formed_pairs(header in prop_oneof![any_text(), header_like_text()]) {
        for (name, value) in parse_cookie_header(&header) {
            prop_assert!(!name.is_empty() && name.chars().all(is_token_char), "name {:?}", name);
            prop_assert!(!value.contains(';'), "value {:?}", value);
            prop_assert!(header.contains(&name));
        }
    }

    #[test]
    fn cookie_header_round_trips_whatever_the_spacing(
        pairs in cookie_pairs(),
        separators in proptest::collection::vec("[ \t]{0,2};[ \t]{0,2}", 6),
        quoted in proptest::collection::vec(any::<bool>(), 6),
    ) {
        let header: String = pairs
            .iter()
            .zip(&separators)
            .zip(&quoted)
            .map(|(((name, value), separator), quote)| {
                if *quote { format!("{name}=\"{value}\"{separator}") } else { format!("{name}={value}{separator}") }
            })
            .collect();
        prop_assert_eq!(parse_cookie_header(&header), pairs);
    }

    #[test]
    fn any_set_cookie_header_parses_or_is_refused_without_panicking(
        header in prop_oneof![any_text(), header_like_text()],
    ) {
        if let Some(cookie) = SetCookie::parse(&header) {
            prop_assert!(!cookie.name.is_empty());
            prop_assert_eq!(cookie.name.trim(), cookie.name.as_str());
            prop_assert!(!cookie.value.contains(';') && !cookie.name.contains(';'));
        }
    }

    #[test]
    fn set_cookie_round_trips_through_its_header_text(
        cookie in set_cookie(proptest::option::of(0..=i64::MAX as u64)),
    ) {
        let header = cookie.to_string();
        prop_assert_eq!(SetCookie::parse(&header), Some(cookie), "{}", header);
    }

    #[test]
    fn the_jar_sends_exactly_the_live_cookies_once_each(
        steps in proptest::collection::vec((set_cookie(proptest::option::of(0u64..50)), 0i64..20), 1..24),
    ) {
        let mut jar = CookieJar::new();
        // name -> (value, expires_at, http_only), as a browser would track it.
        let mut expected: Vec<(String, String, Option<i64>, bool)> = Vec::new();
        let mut now = 1_000;
        for (cookie, wait) in steps {
            jar.apply(&cookie, now);
            expected.retain(|(name, ..)| *name != cookie.name);
            if cookie.max_age != Some(0) {
                let expires_at = cookie.max_age.map(|seconds| now + seconds as i64);
                expected.push((cookie.name.clone(), cookie.value.clone(), expires_at, cookie.http_only));
            }
            now += wait;

            let live: Vec<&(String, String, Option<i64>, bool)> =
                expected.iter().filter(|(.., expires_at, _)| expires_at.is_none_or(|at| now < at)).collect();
            let sent = jar.cookie_header(now).map(|header| parse_cookie_header(&header)).unwrap_or_default();
            let mut sent_sorted = sent.clone();
            sent_sorted.sort();
            let mut live_pairs: Vec<(String, String)> =
                live.iter().map(|(name, value, ..)| (name.clone(), value.clone())).collect();
            live_pairs.sort();
            prop_assert_eq!(sent_sorted, live_pairs, "at {}", now);

            let mut readable: Vec<(&str, &str)> = jar.readable_by_script(now);
            readable.sort();
            let mut script_visible: Vec<(&str, &str)> = live
                .iter()
                .filter(|(.., http_only)| !http_only)
                .map(|(name, value, ..)| (name.as_str(), value.as_str()))
                .collect();
            script_visible.sort();
            prop_assert_eq!(readable, script_visible, "HttpOnly cookies must stay hidden from scripts");
        }
    }
}

#[test]
fn set_cookie_with_a_huge_max_age_keeps_a_max_age() {
    let parsed = SetCookie::parse("id=1; Max-Age=18446744073709551615").unwrap();
    assert!(parsed.max_age.is_some(), "{parsed:?}");
}
