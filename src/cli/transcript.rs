//! A transcript of real HTTP exchanges, grouped in sections, rendered as plain text or as JSON.
//!
//! The model is generic on purpose: the walkthrough's four steps are sections, and later sections
//! (the scaling and attack labs) reuse the same shape: a title, notes, and exchanges of
//! `{request, response, explanation}`.

use std::fmt::Write as _;

use serde::Serialize;
use serde_json::Value;

use super::output::Style;
use crate::auth::clock::{UnixSeconds, format_unix_utc};
use crate::auth::http::{Request, Response, reason_phrase};

/// The whole run.
#[derive(Debug, Clone, Serialize)]
pub struct Transcript {
    /// One line saying what this is.
    pub title: String,
    /// True when the clock was fixed and randomness seeded (`--demo`).
    pub demo: bool,
    /// The random seed used in demo mode.
    pub seed: Option<u64>,
    /// When the first section started (Unix seconds).
    pub clock_start: UnixSeconds,
    /// The same, as a UTC date-time.
    pub clock_start_utc: String,
    /// The sections in order (the four steps, then any lab sections).
    pub steps: Vec<Section>,
}

/// One step or lab: what it sets up (notes) and what went over the wire (exchanges).
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// Short and accurate, e.g. `Step 3 Login: POST /api/auth`.
    pub title: String,
    /// Plain lines of explanation, shown before the exchanges.
    pub notes: Vec<String>,
    /// Requests and responses, in the order they were made.
    pub exchanges: Vec<Exchange>,
}

impl Section {
    /// A section with a title and nothing else yet.
    pub fn new(title: impl Into<String>) -> Self {
        Self { title: title.into(), notes: Vec::new(), exchanges: Vec::new() }
    }

    /// Adds a note line.
    pub fn note(&mut self, line: impl Into<String>) {
        self.notes.push(line.into());
    }
}

/// One request, its real response and a one-line explanation of why the server answered that way.
#[derive(Debug, Clone, Serialize)]
pub struct Exchange {
    /// What is being tried, e.g. `GET with a Bearer token (an API client: no cookie)`.
    pub label: String,
    /// The simulated time of the request (Unix seconds).
    pub at: UnixSeconds,
    /// The same, as a UTC date-time.
    pub at_utc: String,
    /// The request as sent.
    pub request: HttpRequest,
    /// The server's answer.
    pub response: HttpResponse,
    /// Why the server answered this way (one line).
    pub explanation: String,
}

impl Exchange {
    /// Records a request and the response it got at `at`.
    pub fn new(
        label: impl Into<String>,
        at: UnixSeconds,
        request: &Request,
        response: &Response,
        explanation: impl Into<String>,
    ) -> Self {
        Self {
            label: label.into(),
            at,
            at_utc: format_unix_utc(at),
            request: HttpRequest::from(request),
            response: HttpResponse::from(response),
            explanation: explanation.into(),
        }
    }
}

/// One header line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Header {
    /// Header name as written.
    pub name: String,
    /// Header value.
    pub value: String,
}

fn headers_of(headers: &[(String, String)]) -> Vec<Header> {
    headers.iter().map(|(name, value)| Header { name: name.clone(), value: value.clone() }).collect()
}

/// A request, structured and as raw HTTP text.
#[derive(Debug, Clone, Serialize)]
pub struct HttpRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// Path and query.
    pub path: String,
    /// Headers in order.
    pub headers: Vec<Header>,
    /// The body as JSON when it parses, as a string when it does not, `null` when there is none.
    pub body: Value,
    /// The request as raw HTTP/1.1 text.
    pub raw: String,
}

impl From<&Request> for HttpRequest {
    fn from(request: &Request) -> Self {
        let body = if request.body.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&request.body).unwrap_or_else(|_| Value::String(request.body.clone()))
        };
        Self {
            method: request.method.to_string(),
            path: request.path.clone(),
            headers: headers_of(&request.headers),
            body,
            raw: request.render(),
        }
    }
}

/// A response, structured and as raw HTTP text.
#[derive(Debug, Clone, Serialize)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Reason phrase, e.g. `Unauthorized`.
    pub reason: String,
    /// Headers in order (`Set-Cookie` may repeat).
    pub headers: Vec<Header>,
    /// The JSON body, `null` when there is none (a 405).
    pub body: Value,
    /// The response as raw HTTP/1.1 text.
    pub raw: String,
}

impl From<&Response> for HttpResponse {
    fn from(response: &Response) -> Self {
        Self {
            status: response.status,
            reason: reason_phrase(response.status).to_string(),
            headers: headers_of(&response.headers),
            body: response.json().clone(),
            raw: response.render(),
        }
    }
}

/// Pretty JSON, one document.
pub fn to_json(transcript: &Transcript) -> String {
    let mut text = serde_json::to_string_pretty(transcript).unwrap_or_default();
    text.push('\n');
    text
}

/// Plain text for reading or a screen reader: titles, notes, then each exchange as raw HTTP with a
/// `Why:` line. `style` adds bold titles and a coloured status line in a terminal.
pub fn to_text(transcript: &Transcript, style: Style) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "{}", style.bold(&transcript.title));
    let mode = match transcript.seed {
        Some(seed) if transcript.demo => format!(" (demo: fixed clock, random seed {seed})"),
        _ => String::new(),
    };
    let _ = writeln!(text, "Clock starts at {}{mode}", transcript.clock_start_utc);
    for (section_number, section) in transcript.steps.iter().enumerate().map(|(i, s)| (i + 1, s)) {
        let _ = write!(text, "\n\n{}\n", style.bold(&section.title));
        for note in &section.notes {
            let _ = writeln!(text, "  {note}");
        }
        for (number, exchange) in section.exchanges.iter().enumerate().map(|(i, e)| (i + 1, e)) {
            let heading =
                format!("Exchange {section_number}.{number}: {}, at {}", exchange.label, exchange.at_utc);
            let request = exchange.request.raw.trim_end();
            let _ = write!(text, "\n{}\n\nRequest:\n{request}\n\nResponse:\n", style.bold(&heading));
            let response = exchange.response.raw.trim_end();
            let (status_line, rest) = response.split_once('\n').unwrap_or((response, ""));
            let good = (200..300).contains(&exchange.response.status);
            let _ = write!(
                text,
                "{}\n{rest}\n\nWhy: {}\n",
                style.outcome(good, status_line),
                exchange.explanation
            );
        }
    }
    text
}
