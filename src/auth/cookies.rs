//! Cookies on both sides: the `Set-Cookie` header the server sends, the `Cookie` header it parses,
//! and a small model of the browser's cookie jar that decides what is sent back and what scripts see.

use std::fmt;

use super::clock::UnixSeconds;
use super::config::{SameSite, SessionOptions};

/// One `Set-Cookie` header value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetCookie {
    /// Cookie name.
    pub name: String,
    /// Cookie value.
    pub value: String,
    /// `HttpOnly`: hidden from `document.cookie`.
    pub http_only: bool,
    /// `Secure`: HTTPS only.
    pub secure: bool,
    /// `SameSite`, if set.
    pub same_site: Option<SameSite>,
    /// `Path`, if set.
    pub path: Option<String>,
    /// `Max-Age` in seconds, if set; 0 deletes the cookie. Without it the cookie lives until the
    /// browser closes (never, in this model).
    pub max_age: Option<u64>,
}

impl SetCookie {
    /// The session cookie: `nextjs-session=<id>; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=<n>`.
    pub fn session(options: &SessionOptions, id: &str) -> Self {
        Self {
            name: options.cookie_name.clone(),
            value: id.to_string(),
            http_only: options.http_only,
            secure: options.secure,
            same_site: Some(options.same_site),
            path: Some(options.path.clone()),
            max_age: Some(options.max_age),
        }
    }

    /// Deletes the session cookie: same name and attributes, empty value, `Max-Age=0`.
    pub fn clear(options: &SessionOptions) -> Self {
        Self { max_age: Some(0), ..Self::session(options, "") }
    }

    /// The JWT cookie for browsers: the session cookie's attributes, living as long as the token.
    pub fn jwt(options: &SessionOptions, token: &str, token_ttl: u64) -> Self {
        Self {
            name: options.jwt_cookie_name.clone(),
            max_age: Some(token_ttl),
            ..Self::session(options, token)
        }
    }

    /// Deletes the JWT cookie (the browser's copy only: the token itself stays valid until `exp`).
    pub fn clear_jwt(options: &SessionOptions) -> Self {
        Self { max_age: Some(0), ..Self::jwt(options, "", 0) }
    }

    /// Reads a `Set-Cookie` header value leniently (unknown attributes are ignored, as browsers do).
    /// `None` when there is no `name=value` pair first.
    pub fn parse(header_value: &str) -> Option<Self> {
        let mut parts = header_value.split(';');
        let (name, value) = parts.next()?.split_once('=')?;
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        let mut cookie = Self {
            name: name.to_string(),
            value: unquote(value.trim()).to_string(),
            http_only: false,
            secure: false,
            same_site: None,
            path: None,
            max_age: None,
        };
        for attribute in parts {
            let (key, value) = attribute.split_once('=').unwrap_or((attribute, ""));
            let value = value.trim();
            match key.trim().to_ascii_lowercase().as_str() {
                "httponly" => cookie.http_only = true,
                "secure" => cookie.secure = true,
                "path" => cookie.path = Some(value.to_string()),
                "samesite" => {
                    cookie.same_site = match value.to_ascii_lowercase().as_str() {
                        "strict" => Some(SameSite::Strict),
                        "lax" => Some(SameSite::Lax),
                        "none" => Some(SameSite::None),
                        _ => cookie.same_site,
                    }
                }
                // RFC 6265 §5.2.2: digits with an optional '-'; a negative Max-Age means "delete now",
                // and one too large for any integer is still a (capped) long life, not no Max-Age.
                "max-age" => {
                    let is_digits = |text: &str| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
                    match value.strip_prefix('-') {
                        Some(magnitude) if is_digits(magnitude) => cookie.max_age = Some(0),
                        None if is_digits(value) => cookie.max_age = Some(value.parse().unwrap_or(u64::MAX)),
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        Some(cookie)
    }
}

impl fmt::Display for SetCookie {
    /// The header value, attributes in a fixed order.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.name, self.value)?;
        if self.http_only {
            f.write_str("; HttpOnly")?;
        }
        if self.secure {
            f.write_str("; Secure")?;
        }
        if let Some(same_site) = self.same_site {
            write!(f, "; SameSite={same_site}")?;
        }
        if let Some(path) = &self.path {
            write!(f, "; Path={path}")?;
        }
        if let Some(max_age) = self.max_age {
            write!(f, "; Max-Age={max_age}")?;
        }
        Ok(())
    }
}

fn unquote(value: &str) -> &str {
    value.strip_prefix('"').and_then(|inner| inner.strip_suffix('"')).unwrap_or(value)
}

/// Parses a `Cookie` request header into `(name, value)` pairs, in order, leniently: odd spacing is
/// trimmed, `"quoted"` values are unquoted, pieces without `name=` are skipped. Never panics.
pub fn parse_cookie_header(header: &str) -> Vec<(String, String)> {
    header
        .split(';')
        .filter_map(|piece| {
            let (name, value) = piece.split_once('=')?;
            let name = name.trim();
            let valid_name = !name.is_empty()
                && name.chars().all(|c| c.is_ascii_graphic() && !"()<>@,;:\\\"/[]?={}".contains(c));
            valid_name.then(|| (name.to_string(), unquote(value.trim()).to_string()))
        })
        .collect()
}

/// The first value for `name` in a `Cookie` header.
pub fn cookie_value(header: &str, name: &str) -> Option<String> {
    parse_cookie_header(header).into_iter().find(|(found, _)| found == name).map(|(_, value)| value)
}

/// A cookie the browser holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCookie {
    /// The cookie as last set.
    pub cookie: SetCookie,
    /// When it was stored.
    pub stored_at: UnixSeconds,
    /// When it stops being sent (`stored_at + Max-Age`), or `None` for a browser-session cookie.
    pub expires_at: Option<UnixSeconds>,
}

impl StoredCookie {
    fn is_live(&self, now: UnixSeconds) -> bool {
        self.expires_at.is_none_or(|expires_at| now < expires_at)
    }
}

/// The longest a browser keeps a cookie, whatever its `Max-Age`: 400 days (RFC 6265bis §4.1.2.2).
pub const MAX_COOKIE_LIFETIME: u64 = 400 * 24 * 60 * 60;

/// The browser's cookies for our one site. Cookies are keyed by name only (one site, `Path=/`), and
/// every request is treated as HTTPS, so `Secure` cookies are always sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CookieJar {
    cookies: Vec<StoredCookie>,
}

impl CookieJar {
    /// An empty jar.
    pub fn new() -> Self {
        Self::default()
    }

    /// Stores, replaces or (with `Max-Age=0`) deletes a cookie, as a browser does with `Set-Cookie`.
    /// Like browsers (RFC 6265bis), it keeps a cookie at most [`MAX_COOKIE_LIFETIME`], whatever `Max-Age` says.
    pub fn apply(&mut self, set_cookie: &SetCookie, now: UnixSeconds) {
        self.cookies.retain(|stored| stored.cookie.name != set_cookie.name && stored.is_live(now));
        if set_cookie.max_age == Some(0) {
            return;
        }
        self.cookies.push(StoredCookie {
            cookie: set_cookie.clone(),
            stored_at: now,
            expires_at: set_cookie
                .max_age
                .map(|seconds| now.saturating_add_unsigned(seconds.min(MAX_COOKIE_LIFETIME))),
        });
    }

    /// Removes a cookie, as the user clearing site data would. True if it was there.
    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.cookies.len();
        self.cookies.retain(|stored| stored.cookie.name != name);
        before != self.cookies.len()
    }

    /// The `Cookie` header the browser would send now (`a=1; b=2`), or `None` if nothing is live.
    pub fn cookie_header(&self, now: UnixSeconds) -> Option<String> {
        let pairs: Vec<String> = self
            .cookies
            .iter()
            .filter(|stored| stored.is_live(now))
            .map(|stored| format!("{}={}", stored.cookie.name, stored.cookie.value))
            .collect();
        (!pairs.is_empty()).then(|| pairs.join("; "))
    }

    /// Every stored cookie, including ones whose Max-Age has run out but were not yet dropped.
    pub fn entries(&self) -> &[StoredCookie] {
        &self.cookies
    }

    /// The live value of a cookie.
    pub fn value(&self, name: &str, now: UnixSeconds) -> Option<&str> {
        self.cookies
            .iter()
            .find(|stored| stored.cookie.name == name && stored.is_live(now))
            .map(|stored| stored.cookie.value.as_str())
    }

    /// What page JavaScript sees in `document.cookie`: live cookies without `HttpOnly`.
    pub fn readable_by_script(&self, now: UnixSeconds) -> Vec<(&str, &str)> {
        self.cookies
            .iter()
            .filter(|stored| stored.is_live(now) && !stored.cookie.http_only)
            .map(|stored| (stored.cookie.name.as_str(), stored.cookie.value.as_str()))
            .collect()
    }

    /// `document.cookie` as a string (`a=1; b=2`, empty when nothing is readable).
    pub fn document_cookie(&self, now: UnixSeconds) -> String {
        self.readable_by_script(now)
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_cookie_has_exactly_the_recommended_attributes() {
        let options = SessionOptions::default();
        assert_eq!(
            SetCookie::session(&options, "abc").to_string(),
            "nextjs-session=abc; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=28800"
        );
        assert_eq!(
            SetCookie::clear(&options).to_string(),
            "nextjs-session=; HttpOnly; Secure; SameSite=Lax; Path=/; Max-Age=0"
        );
    }

    #[test]
    fn set_cookie_round_trips_through_parse() {
        let cookie = SetCookie::session(&SessionOptions::default(), "xyz");
        assert_eq!(SetCookie::parse(&cookie.to_string()), Some(cookie));
        let huge = SetCookie::parse("id=1; Max-Age=18446744073709551616").unwrap();
        assert_eq!(huge.max_age, Some(u64::MAX));
        let mut jar = CookieJar::new();
        jar.apply(&huge, 0);
        assert_eq!(jar.entries()[0].expires_at, Some(34_560_000), "browsers cap a cookie's life at 400 days");
        let odd = SetCookie::parse(" theme = \"dark\" ;secure; max-age=-5; samesite=STRICT; Foo").unwrap();
        assert_eq!((odd.name.as_str(), odd.value.as_str()), ("theme", "dark"));
        assert!(odd.secure && !odd.http_only);
        assert_eq!((odd.max_age, odd.same_site), (Some(0), Some(SameSite::Strict)));
        assert_eq!(SetCookie::parse("no pair here"), None);
        assert_eq!(SetCookie::parse("=value"), None);
    }

    #[test]
    fn cookie_header_parsing_is_lenient() {
        let parsed = parse_cookie_header("  a=1;b = 2 ;; c=\"quoted value\"; garbage; =x; d=; e=f=g;  ");
        let expected = [("a", "1"), ("b", "2"), ("c", "quoted value"), ("d", ""), ("e", "f=g")];
        let as_refs: Vec<(&str, &str)> = parsed.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        assert_eq!(as_refs, expected);
        assert!(parse_cookie_header("").is_empty());
        assert!(parse_cookie_header(";;;===;\u{0}\u{7f}é=1").is_empty());
        assert_eq!(
            cookie_value("x=1; nextjs-session=abc; nextjs-session=def", "nextjs-session").as_deref(),
            Some("abc")
        );
        assert_eq!(cookie_value("x=1", "nextjs-session"), None);
    }

    #[test]
    fn jar_honours_max_age_and_deletion() {
        let options = SessionOptions { max_age: 60, ..SessionOptions::default() };
        let mut jar = CookieJar::new();
        assert_eq!(jar.cookie_header(0), None);
        jar.apply(&SetCookie::session(&options, "s1"), 100);
        jar.apply(&SetCookie::parse("theme=dark; Path=/").unwrap(), 100);
        assert_eq!(jar.cookie_header(159).as_deref(), Some("nextjs-session=s1; theme=dark"));
        assert_eq!(jar.cookie_header(160).as_deref(), Some("theme=dark"));
        jar.apply(&SetCookie::session(&options, "s2"), 200);
        assert_eq!(jar.value("nextjs-session", 200), Some("s2"));
        assert_eq!(jar.entries().len(), 2);
        jar.apply(&SetCookie::clear(&options), 201);
        assert_eq!(jar.value("nextjs-session", 201), None);
        assert_eq!(jar.cookie_header(201).as_deref(), Some("theme=dark"));
        assert!(jar.remove("theme"));
        assert_eq!(jar.cookie_header(201), None);
    }

    #[test]
    fn scripts_cannot_read_http_only_cookies() {
        let mut jar = CookieJar::new();
        jar.apply(&SetCookie::session(&SessionOptions::default(), "secret-id"), 0);
        jar.apply(&SetCookie::parse("theme=dark").unwrap(), 0);
        assert_eq!(jar.readable_by_script(1), [("theme", "dark")]);
        assert_eq!(jar.document_cookie(1), "theme=dark");
        assert!(jar.cookie_header(1).unwrap().contains("secret-id"));
    }
}
