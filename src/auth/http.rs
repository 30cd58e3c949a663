//! Plain HTTP request and response values, so the route handler can be driven without a network and
//! its traffic shown as raw HTTP/1.1 text in the UI's panels.

use std::fmt;
use std::str::FromStr;

use serde_json::Value;

use super::cookies::SetCookie;

/// The host shown in rendered requests (a local Next.js dev server).
pub const DEMO_HOST: &str = "localhost:3000";

/// An HTTP request method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
    /// HEAD
    Head,
    /// OPTIONS
    Options,
}

impl Method {
    /// The method as written on the request line.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
            Self::Head => "HEAD",
            Self::Options => "OPTIONS",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Method {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        [Self::Get, Self::Post, Self::Put, Self::Patch, Self::Delete, Self::Head, Self::Options]
            .into_iter()
            .find(|method| method.as_str().eq_ignore_ascii_case(text))
            .ok_or_else(|| format!("unknown HTTP method \"{text}\""))
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
}

/// Formats a body for display: pretty JSON when it parses, else the text as is.
fn pretty_body(body: &str) -> String {
    match serde_json::from_str::<Value>(body) {
        Ok(value) => serde_json::to_string_pretty(&value).unwrap_or_else(|_| body.to_string()),
        Err(_) => body.to_string(),
    }
}

/// An HTTP request as the route handler sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Method.
    pub method: Method,
    /// Path, possibly with a query string (`/api/auth?x=1`).
    pub path: String,
    /// Headers in order; names compare case-insensitively.
    pub headers: Vec<(String, String)>,
    /// Raw body text (empty for none). Kept as text so malformed JSON can be sent too.
    pub body: String,
}

impl Request {
    /// A request with just a `Host` header and no body.
    pub fn new(method: Method, path: &str) -> Self {
        Self {
            method,
            path: path.to_string(),
            headers: vec![("Host".to_string(), DEMO_HOST.to_string())],
            body: String::new(),
        }
    }

    /// `GET path`.
    pub fn get(path: &str) -> Self {
        Self::new(Method::Get, path)
    }

    /// `POST path` with a JSON body (pretty-printed, so the rendered bytes are the sent bytes).
    pub fn post_json(path: &str, body: &Value) -> Self {
        Self::post_raw(path, "application/json", &serde_json::to_string_pretty(body).unwrap_or_default())
    }

    /// `POST path` with any content type and body text, e.g. malformed JSON for a lesson.
    pub fn post_raw(path: &str, content_type: &str, body: &str) -> Self {
        let mut request = Self::new(Method::Post, path).with_header("Content-Type", content_type);
        request.body = body.to_string();
        request
    }

    /// Adds a header (builder style).
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Adds `Authorization: Bearer <token>`.
    pub fn with_bearer(self, token: &str) -> Self {
        self.with_header("Authorization", &format!("Bearer {token}"))
    }

    /// Adds `Cookie: <header>` when the browser has something to send.
    pub fn with_cookies(self, cookie_header: Option<&str>) -> Self {
        match cookie_header {
            Some(value) => self.with_header("Cookie", value),
            None => self,
        }
    }

    /// The first header with this name, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The path without its query string.
    pub fn route(&self) -> &str {
        self.path.split(['?', '#']).next().unwrap_or("")
    }

    /// Raw HTTP/1.1 text: request line, headers (plus `Content-Length` for a body), blank line, body.
    /// Lines end in `\n` rather than CRLF, for display.
    pub fn render(&self) -> String {
        let mut text = format!("{} {} HTTP/1.1\n", self.method, self.path);
        for (name, value) in &self.headers {
            text.push_str(&format!("{name}: {value}\n"));
        }
        if !self.body.is_empty() && self.header("Content-Length").is_none() {
            text.push_str(&format!("Content-Length: {}\n", self.body.len()));
        }
        text.push('\n');
        if !self.body.is_empty() {
            text.push_str(&pretty_body(&self.body));
            text.push('\n');
        }
        text
    }
}

/// The standard reason phrase for the status codes this handler uses.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        415 => "Unsupported Media Type",
        500 => "Internal Server Error",
        _ => "",
    }
}

/// An HTTP response with a JSON body, or none (405, 204 and HEAD answers, as Next.js sends them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Headers in order (several `Set-Cookie` headers are allowed).
    pub headers: Vec<(String, String)>,
    /// The JSON body; `None` for an empty body.
    pub body: Option<Value>,
}

/// What [`Response::json`] shows for an empty body.
static NO_BODY: Value = Value::Null;

impl Response {
    /// A response with `Content-Type: application/json`.
    pub fn json_response(status: u16, body: Value) -> Self {
        Self {
            status,
            headers: vec![("Content-Type".to_string(), "application/json".to_string())],
            body: Some(body),
        }
    }

    /// A response with no body and no headers, e.g. Next.js's 405 for a method the route does not export.
    pub fn empty(status: u16) -> Self {
        Self { status, headers: Vec::new(), body: None }
    }

    /// The same response without its body, as HEAD gets it (status and headers as for GET).
    pub fn without_body(self) -> Self {
        Self { body: None, ..self }
    }

    /// Adds a header (builder style).
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Adds a `Set-Cookie` header.
    pub fn with_set_cookie(self, cookie: &SetCookie) -> Self {
        self.with_header("Set-Cookie", &cookie.to_string())
    }

    /// The first header with this name, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// Every `Set-Cookie` header, parsed, for feeding a [`CookieJar`](super::cookies::CookieJar).
    pub fn set_cookies(&self) -> Vec<SetCookie> {
        self.headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("Set-Cookie"))
            .filter_map(|(_, value)| SetCookie::parse(value))
            .collect()
    }

    /// The JSON body (`null` when the body is empty).
    pub fn json(&self) -> &Value {
        self.body.as_ref().unwrap_or(&NO_BODY)
    }

    /// The body as sent: pretty JSON, or the empty string.
    pub fn body_text(&self) -> String {
        self.body.as_ref().and_then(|body| serde_json::to_string_pretty(body).ok()).unwrap_or_default()
    }

    /// Raw HTTP/1.1 text: status line, headers, `Content-Length`, blank line, pretty JSON body (if any).
    pub fn render(&self) -> String {
        let body = self.body_text();
        let mut text = format!("HTTP/1.1 {} {}\n", self.status, reason_phrase(self.status));
        for (name, value) in &self.headers {
            text.push_str(&format!("{name}: {value}\n"));
        }
        text.push_str(&format!("Content-Length: {}\n\n", body.len()));
        if !body.is_empty() {
            text.push_str(&body);
            text.push('\n');
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn request_renders_as_raw_http() {
        let request = Request::post_json("/api/auth", &json!({"username": "user1", "password": "pass123"}));
        let body = "{\n  \"username\": \"user1\",\n  \"password\": \"pass123\"\n}";
        assert_eq!(
            request.render(),
            format!(
                "POST /api/auth HTTP/1.1\nHost: localhost:3000\nContent-Type: application/json\nContent-Length: {}\n\n{body}\n",
                body.len()
            )
        );
        let get = Request::get("/api/auth?debug=1").with_bearer("abc").with_cookies(None);
        assert_eq!(
            get.render(),
            "GET /api/auth?debug=1 HTTP/1.1\nHost: localhost:3000\nAuthorization: Bearer abc\n\n"
        );
        assert_eq!(get.route(), "/api/auth");
        assert_eq!(get.header("authorization"), Some("Bearer abc"));
        assert_eq!(get.header("Cookie"), None);
    }

    #[test]
    fn malformed_bodies_render_verbatim() {
        let request = Request::post_raw("/api/auth", "application/json", "{\"username\": ");
        assert!(request.render().ends_with("\n\n{\"username\": \n"));
    }

    #[test]
    fn response_renders_and_exposes_cookies() {
        let cookie = SetCookie::parse("nextjs-session=abc; HttpOnly; Max-Age=60").unwrap();
        let response = Response::json_response(401, json!({"authenticated": false}))
            .with_header("WWW-Authenticate", "Bearer")
            .with_set_cookie(&cookie);
        assert_eq!(
            response.render(),
            "HTTP/1.1 401 Unauthorized\nContent-Type: application/json\nWWW-Authenticate: Bearer\nSet-Cookie: nextjs-session=abc; HttpOnly; Max-Age=60\nContent-Length: 28\n\n{\n  \"authenticated\": false\n}\n"
        );
        assert_eq!(response.set_cookies(), [cookie]);
        assert_eq!(response.header("www-authenticate"), Some("Bearer"));
        assert_eq!(response.json()["authenticated"], false);
    }

    #[test]
    fn empty_responses_render_without_a_body() {
        let response = Response::empty(405);
        assert_eq!(response.render(), "HTTP/1.1 405 Method Not Allowed\nContent-Length: 0\n\n");
        assert_eq!(response.json(), &Value::Null);
        let head = Response::json_response(200, json!({"ok": true})).without_body();
        assert_eq!(head.render(), "HTTP/1.1 200 OK\nContent-Type: application/json\nContent-Length: 0\n\n");
    }

    #[test]
    fn methods_parse_and_print() {
        assert_eq!("post".parse::<Method>(), Ok(Method::Post));
        assert_eq!(Method::Delete.to_string(), "DELETE");
        assert!("BREW".parse::<Method>().is_err());
    }
}
