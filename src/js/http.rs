//! A small HTTP/1.1 server in front of a [`JsServer`], so the learner's routes answer curl and browsers
//! on 127.0.0.1 as `next start` would. std::net only: one thread per connection (bounded), keep-alive,
//! `Content-Length` and chunked request bodies, and hard size limits so a bad client cannot exhaust memory.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use super::server::{Handled, JsServer};
use crate::auth::clock::civil_from_days;
use crate::auth::http::{Method, Request};

/// Longest request line or header line.
const MAX_LINE_BYTES: usize = 8 * 1024;
/// All header lines of one request together.
const MAX_HEADER_BYTES: usize = 32 * 1024;
/// Most header lines in one request.
const MAX_HEADERS: usize = 100;
/// Largest request body (a login body is under 100 bytes).
const MAX_BODY_BYTES: usize = 1024 * 1024;
/// Connections served at once; more are answered 503 and closed.
const MAX_CONNECTIONS: usize = 64;
/// How long an idle keep-alive connection, or a slow client, is waited for (Node's default is 5 s).
const IDLE_TIMEOUT: Duration = Duration::from_secs(5);

/// What one served request looked like, for the server's log line.
pub struct Served<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub handled: &'a Handled,
    pub elapsed: Duration,
}

/// A listening socket bound to a [`JsServer`].
pub struct HttpServer {
    listener: TcpListener,
    server: Arc<JsServer>,
}

impl HttpServer {
    /// Binds `address` (use port 0 for any free port).
    /// Next.js builds `request.url` on `localhost` and the port it listens on, so the server is told.
    pub fn bind(address: SocketAddr, server: JsServer) -> io::Result<HttpServer> {
        let listener = TcpListener::bind(address)?;
        server.set_origin(&format!("http://localhost:{}", listener.local_addr()?.port()));
        Ok(HttpServer { listener, server: Arc::new(server) })
    }

    /// The address actually bound (the port chosen for port 0).
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Accepts connections until the process ends; `log` is called once per request.
    pub fn serve(self, log: impl Fn(&Served<'_>) + Send + Sync + 'static) {
        let log = Arc::new(log);
        let open = Arc::new(AtomicUsize::new(0));
        for stream in self.listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                open.fetch_sub(1, Ordering::SeqCst);
                let _ = write_error(&mut stream, 503, "too many connections");
                continue;
            }
            let (server, log, still_open) = (self.server.clone(), log.clone(), open.clone());
            let spawned = thread::Builder::new().name("http-connection".to_string()).spawn(move || {
                let _ = serve_connection(stream, &server, &*log);
                still_open.fetch_sub(1, Ordering::SeqCst);
            });
            if spawned.is_err() {
                open.fetch_sub(1, Ordering::SeqCst);
            }
        }
    }
}

/// Why a request could not be read: answered with this status, then the connection is closed.
#[derive(Debug, PartialEq, Eq)]
struct Refusal {
    status: u16,
    reason: String,
}

fn refuse(status: u16, reason: impl Into<String>) -> Refusal {
    Refusal { status, reason: reason.into() }
}

/// A parsed request, before it is known whether the runtime supports its method.
#[derive(Debug)]
struct RawRequest {
    method: String,
    target: String,
    version_1_0: bool,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl RawRequest {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    fn keep_alive(&self) -> bool {
        let connection = self.header("connection").unwrap_or("").to_ascii_lowercase();
        if self.version_1_0 { connection.contains("keep-alive") } else { !connection.contains("close") }
    }
}

fn serve_connection(stream: TcpStream, server: &JsServer, log: &dyn Fn(&Served<'_>)) -> io::Result<()> {
    stream.set_read_timeout(Some(IDLE_TIMEOUT))?;
    stream.set_write_timeout(Some(IDLE_TIMEOUT))?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    loop {
        let raw = match read_request(&mut reader) {
            Ok(Some(raw)) => raw,
            Ok(None) => return Ok(()),
            Err(refusal) => {
                write_error(&mut writer, refusal.status, &refusal.reason)?;
                return Ok(());
            }
        };
        let keep_alive = raw.keep_alive();
        let started = Instant::now();
        let Ok(request) = to_request(&raw) else {
            // Node's HTTP parser refuses a method it does not know before Next.js sees it.
            writer.write_all(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n")?;
            return Ok(());
        };
        let handled = server.handle(&request);
        log(&Served {
            method: &raw.method,
            path: &raw.target,
            handled: &handled,
            elapsed: started.elapsed(),
        });
        write_response(&mut writer, &handled, raw.method == "HEAD", keep_alive)?;
        if !keep_alive {
            return Ok(());
        }
    }
}

fn to_request(raw: &RawRequest) -> Result<Request, Refusal> {
    let method: Method = raw.method.parse().map_err(|_| refuse(400, "unsupported method"))?;
    // An absolute-form target (`GET http://host/path`) is served by its path.
    let path = match raw.target.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/".to_string(), |slash| rest[slash..].to_string()),
        None => raw.target.clone(),
    };
    Ok(Request {
        method,
        path,
        headers: raw.headers.clone(),
        body: String::from_utf8_lossy(&raw.body).into_owned(),
    })
}

/// One line ending in CRLF (or a bare LF), without the line ending; `None` at a clean end of stream.
fn read_line(reader: &mut impl BufRead, limit: usize, what: &str) -> Result<Option<String>, Refusal> {
    let mut line = Vec::new();
    let read = reader
        .take(limit as u64 + 2)
        .read_until(b'\n', &mut line)
        .map_err(|error| refuse(408, format!("reading the {what}: {error}")))?;
    if read == 0 {
        return Ok(None);
    }
    if !line.ends_with(b"\n") {
        return Err(if line.len() > limit {
            refuse(
                if what == "request line" { 414 } else { 431 },
                format!("{what} longer than {limit} bytes"),
            )
        } else {
            refuse(400, format!("the connection ended inside the {what}"))
        });
    }
    line.pop();
    if line.ends_with(b"\r") {
        line.pop();
    }
    String::from_utf8(line).map(Some).map_err(|_| refuse(400, format!("{what} is not UTF-8")))
}

fn read_request(reader: &mut impl BufRead) -> Result<Option<RawRequest>, Refusal> {
    // Ignore empty lines before a request (RFC 9112 section 2.2).
    let request_line = loop {
        match read_line(reader, MAX_LINE_BYTES, "request line")? {
            None => return Ok(None),
            Some(line) if line.is_empty() => continue,
            Some(line) => break line,
        }
    };
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(refuse(400, "malformed request line"));
    };
    let version_1_0 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => return Err(refuse(505, format!("unsupported protocol {version}"))),
    };
    if method.is_empty()
        || !method.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    {
        return Err(refuse(400, "malformed method"));
    }
    if !(target.starts_with('/') || target.starts_with("http://") || target.starts_with("https://")) {
        return Err(refuse(400, "malformed request target"));
    }
    let mut headers = Vec::new();
    let mut header_bytes = 0;
    loop {
        let Some(line) = read_line(reader, MAX_LINE_BYTES, "header")? else {
            return Err(refuse(400, "the connection ended inside the headers"));
        };
        if line.is_empty() {
            break;
        }
        header_bytes += line.len();
        if header_bytes > MAX_HEADER_BYTES || headers.len() >= MAX_HEADERS {
            return Err(refuse(431, "request headers too large"));
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(refuse(400, "malformed header line"));
        };
        if name.is_empty() || name.ends_with([' ', '\t']) || name.starts_with([' ', '\t']) {
            return Err(refuse(400, "malformed header name"));
        }
        headers.push((name.to_string(), value.trim_matches([' ', '\t']).to_string()));
    }
    let mut raw = RawRequest {
        method: method.to_string(),
        target: target.to_string(),
        version_1_0,
        headers,
        body: Vec::new(),
    };
    if !version_1_0 && raw.header("host").is_none() {
        return Err(refuse(400, "HTTP/1.1 request without a Host header"));
    }
    let chunked =
        raw.header("transfer-encoding").is_some_and(|value| value.to_ascii_lowercase().contains("chunked"));
    if chunked {
        raw.body = read_chunked(reader)?;
    } else if let Some(length) = raw.header("content-length") {
        let length: usize = length.trim().parse().map_err(|_| refuse(400, "malformed Content-Length"))?;
        if length > MAX_BODY_BYTES {
            return Err(refuse(413, format!("body larger than {MAX_BODY_BYTES} bytes")));
        }
        raw.body = vec![0; length];
        reader.read_exact(&mut raw.body).map_err(|_| refuse(400, "the connection ended inside the body"))?;
    }
    Ok(Some(raw))
}

fn read_chunked(reader: &mut impl BufRead) -> Result<Vec<u8>, Refusal> {
    let mut body = Vec::new();
    loop {
        let Some(line) = read_line(reader, MAX_LINE_BYTES, "chunk size")? else {
            return Err(refuse(400, "the connection ended inside the body"));
        };
        let size = line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size, 16).map_err(|_| refuse(400, "malformed chunk size"))?;
        if size == 0 {
            // Trailer lines, up to the empty line.
            while let Some(trailer) = read_line(reader, MAX_LINE_BYTES, "trailer")? {
                if trailer.is_empty() {
                    break;
                }
            }
            return Ok(body);
        }
        if body.len() + size > MAX_BODY_BYTES {
            return Err(refuse(413, format!("body larger than {MAX_BODY_BYTES} bytes")));
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader
            .read_exact(&mut body[start..])
            .map_err(|_| refuse(400, "the connection ended inside the body"))?;
        let mut crlf = String::new();
        if read_line(reader, 2, "chunk end").map(|line| line.map(|l| crlf = l)).is_err() || !crlf.is_empty() {
            return Err(refuse(400, "malformed chunk"));
        }
    }
}

/// The reason phrase Node prints for a status.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Payload Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// The `Date` header's IMF-fixdate, e.g. `Thu, 01 Jan 1970 00:00:00 GMT`.
pub fn http_date(seconds: i64) -> String {
    const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let days = seconds.div_euclid(86_400);
    let second_of_day = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{}, {day:02} {} {year:04} {:02}:{:02}:{:02} GMT",
        // 1970-01-01 was a Thursday.
        WEEKDAYS[(days + 4).rem_euclid(7) as usize],
        MONTHS[(month as usize).saturating_sub(1) % 12],
        second_of_day / 3_600,
        second_of_day % 3_600 / 60,
        second_of_day % 60
    )
}

fn now_seconds() -> i64 {
    SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_secs() as i64)
}

/// Content types `next start`'s compression applies to, which make it add `Accept-Encoding` to Vary.
fn compressible(content_type: &str) -> bool {
    let media = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    media.starts_with("text/")
        || media.ends_with("json")
        || media.ends_with("javascript")
        || media.ends_with("xml")
}

/// Writes the answer as `next start` frames it: the handler's headers as given, then Node's own
/// (`Date`, `Connection`, `Keep-Alive`, `Content-Length`); no body for HEAD, 204 and 304.
fn write_response(
    writer: &mut impl Write,
    handled: &Handled,
    head: bool,
    keep_alive: bool,
) -> io::Result<()> {
    let mut text = format!("HTTP/1.1 {} {}\r\n", handled.status, reason_phrase(handled.status));
    let compressed = handled.header("content-type").is_some_and(compressible);
    for (name, value) in &handled.headers {
        // A header the handler set with a CR or LF would split the response: drop it.
        if name.contains(['\r', '\n']) || value.contains(['\r', '\n']) {
            continue;
        }
        if compressed && name == "vary" {
            text.push_str(&format!("Vary: {value}, Accept-Encoding\r\n"));
        } else {
            text.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    text.push_str(&format!("Date: {}\r\n", http_date(now_seconds())));
    text.push_str(if keep_alive {
        "Connection: keep-alive\r\nKeep-Alive: timeout=5\r\n"
    } else {
        "Connection: close\r\n"
    });
    let bodiless = head || matches!(handled.status, 100..=199 | 204 | 304);
    if !bodiless {
        text.push_str(&format!("Content-Length: {}\r\n", handled.body.len()));
    }
    text.push_str("\r\n");
    writer.write_all(text.as_bytes())?;
    if !bodiless {
        writer.write_all(handled.body.as_bytes())?;
    }
    writer.flush()
}

fn write_error(writer: &mut impl Write, status: u16, reason: &str) -> io::Result<()> {
    let body = format!("{reason}\n");
    let text = format!(
        "HTTP/1.1 {status} {}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        reason_phrase(status),
        body.len()
    );
    writer.write_all(text.as_bytes())?;
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Option<RawRequest>, Refusal> {
        read_request(&mut BufReader::new(text.as_bytes()))
    }

    #[test]
    fn a_request_with_a_body_is_read_whole() {
        let raw = parse("POST /api/auth HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nabcdEXTRA")
            .unwrap()
            .unwrap();
        assert_eq!(
            (raw.method.as_str(), raw.target.as_str(), raw.body.as_slice()),
            ("POST", "/api/auth", &b"abcd"[..])
        );
        assert_eq!(raw.header("HOST"), Some("x"));
        assert!(raw.keep_alive());
    }

    #[test]
    fn chunked_bodies_are_decoded() {
        let raw = parse("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n")
            .unwrap()
            .unwrap();
        assert_eq!(raw.body, b"abcde");
    }

    #[test]
    fn bad_requests_are_refused_with_the_matching_status() {
        let status = |text: &str| parse(text).err().map(|refusal| refusal.status);
        assert_eq!(status("GET /\r\n\r\n"), Some(400));
        assert_eq!(status("GET / HTTP/2.0\r\nHost: x\r\n\r\n"), Some(505));
        assert_eq!(status("GET / HTTP/1.1\r\n\r\n"), Some(400), "no Host");
        assert_eq!(status("GET x HTTP/1.1\r\nHost: x\r\n\r\n"), Some(400));
        assert_eq!(status("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n"), Some(413));
        assert_eq!(status("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nab"), Some(400));
        assert_eq!(status(&format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_LINE_BYTES))), Some(414));
        let many = "X-A: b\r\n".repeat(MAX_HEADERS + 1);
        assert_eq!(status(&format!("GET / HTTP/1.1\r\nHost: x\r\n{many}\r\n")), Some(431));
        assert_eq!(status("GET / HTTP/1.1\r\nHost x\r\n\r\n"), Some(400));
        assert!(parse("").unwrap().is_none(), "a closed idle connection is not an error");
    }

    #[test]
    fn dates_are_imf_fixdate() {
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http_date(1_700_028_800), "Wed, 15 Nov 2023 06:13:20 GMT");
    }

    #[test]
    fn http_1_0_closes_unless_asked_and_1_1_keeps_alive_unless_asked() {
        let raw = parse("GET / HTTP/1.0\r\n\r\n").unwrap().unwrap();
        assert!(!raw.keep_alive());
        let raw = parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap().unwrap();
        assert!(!raw.keep_alive());
    }

    #[test]
    fn responses_carry_length_date_and_connection_and_head_has_no_body() {
        let handled = Handled {
            status: 200,
            headers: vec![("vary".into(), "rsc".into()), ("content-type".into(), "application/json".into())],
            body: "{}".into(),
            ..Handled::default()
        };
        let mut out = Vec::new();
        write_response(&mut out, &handled, false, true).unwrap();
        let text = String::from_utf8(out).unwrap();
        let start =
            "HTTP/1.1 200 OK\r\nVary: rsc, Accept-Encoding\r\ncontent-type: application/json\r\nDate: ";
        assert!(text.starts_with(start), "{text}");
        assert!(
            text.ends_with("Connection: keep-alive\r\nKeep-Alive: timeout=5\r\nContent-Length: 2\r\n\r\n{}"),
            "{text}"
        );
        let mut out = Vec::new();
        write_response(&mut out, &handled, true, false).unwrap();
        assert!(
            String::from_utf8(out).unwrap().ends_with("Connection: close\r\n\r\n"),
            "HEAD: no length, no body"
        );
        let no_content =
            Handled { status: 204, headers: vec![("vary".into(), "rsc".into())], ..Handled::default() };
        let mut out = Vec::new();
        write_response(&mut out, &no_content, false, false).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("vary: rsc\r\n") && !text.contains("Content-Length"), "{text}");
    }
}
