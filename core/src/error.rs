//! The one error type of the library.
//!
//! Every failure, whatever its origin, is an [`Error`] with an [`ErrorKind`] that says
//! *what class* of problem it is (bad input, transport, HTTP status, parse, service), plus
//! whatever evidence there was: the HTTP status, `Retry-After`, the service's own code and
//! details, and the response body (kept up to [`BODY_KEEP_LIMIT`] bytes, never dropped).

use std::fmt;

/// How much of a response body an error keeps. Bodies of error responses are small in
/// practice; the cap only protects memory against a proxy that streams megabytes of HTML.
pub const BODY_KEEP_LIMIT: usize = 64 * 1024;

/// How many characters of the body go into a human-readable message.
const MESSAGE_EXCERPT_CHARS: usize = 200;

/// The class of a failure. The string form (`as_str`) is what JS sees in `error.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The caller's input was rejected before any request was sent.
    InvalidInput,
    /// HTTP 401/403 from the API: bad or missing credentials or token.
    Unauthorized,
    /// HTTP 404.
    NotFound,
    /// HTTP 429: the service's request budget is used up; see `retry_after_ms`.
    RateLimited,
    /// HTTP 5xx.
    Server,
    /// Any other unexpected HTTP status (including refused redirects).
    Http,
    /// The request never got an HTTP response (DNS, connection refused or dropped, CORS).
    Network,
    /// The configured per-request timeout elapsed.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// A response arrived but its body could not be understood.
    Parse,
    /// The service answered with its own failure envelope (e.g. CLAIMS `status: failed`).
    Service,
    /// The OAuth2 token request failed (DAS).
    Auth,
    /// A DAS application error (`code`, `message`, `details`).
    Das,
}

impl ErrorKind {
    /// The stable, snake_case name used in JS (`error.kind`) and in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::NotFound => "not_found",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::Server => "server",
            ErrorKind::Http => "http",
            ErrorKind::Network => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Aborted => "aborted",
            ErrorKind::Parse => "parse",
            ErrorKind::Service => "service",
            ErrorKind::Auth => "auth",
            ErrorKind::Das => "das",
        }
    }

    /// The kind an HTTP error status maps to.
    pub fn from_status(status: u16) -> ErrorKind {
        match status {
            401 | 403 => ErrorKind::Unauthorized,
            404 => ErrorKind::NotFound,
            429 => ErrorKind::RateLimited,
            500..=599 => ErrorKind::Server,
            _ => ErrorKind::Http,
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of a service's error details (DAS `details[{code, message}]`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ErrorDetail {
    pub code: i64,
    pub message: String,
}

/// A response body kept as evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorBody {
    /// The response `Content-Type`, if any.
    pub content_type: Option<String>,
    /// The body text (lossy UTF-8), at most [`BODY_KEEP_LIMIT`] bytes.
    pub text: String,
    /// Whether `text` was cut at the limit.
    pub truncated: bool,
}

impl ErrorBody {
    pub fn new(content_type: Option<&str>, text: &str) -> ErrorBody {
        let cut = floor_char_boundary(text, BODY_KEEP_LIMIT);
        ErrorBody {
            content_type: content_type.map(str::to_owned),
            text: text[..cut].to_owned(),
            truncated: cut < text.len(),
        }
    }

    /// A short, single-line excerpt for messages: HTML tags stripped, whitespace collapsed.
    pub fn excerpt(&self) -> String {
        let plain = if looks_like_html(self.content_type.as_deref(), &self.text) {
            strip_tags(&self.text)
        } else {
            self.text.clone()
        };
        let collapsed = plain.split_whitespace().collect::<Vec<_>>().join(" ");
        match collapsed.char_indices().nth(MESSAGE_EXCERPT_CHARS) {
            Some((i, _)) => format!("{}…", &collapsed[..i]),
            None => collapsed,
        }
    }
}

/// The library's error. Never panics to construct. Its contents are boxed so that every
/// `Result` stays small on the happy path.
#[derive(Debug, Clone, PartialEq)]
pub struct Error(Box<Inner>);

#[derive(Debug, Clone, PartialEq)]
struct Inner {
    kind: ErrorKind,
    message: String,
    status: Option<u16>,
    retry_after_ms: Option<u64>,
    code: Option<String>,
    details: Vec<ErrorDetail>,
    body: Option<ErrorBody>,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error(Box::new(Inner {
            kind,
            message: message.into(),
            status: None,
            retry_after_ms: None,
            code: None,
            details: Vec::new(),
            body: None,
        }))
    }

    pub fn invalid_input(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidInput, message)
    }

    /// A body that arrived but could not be understood.
    pub fn parse(message: impl Into<String>, content_type: Option<&str>, body: &str) -> Error {
        Error::new(ErrorKind::Parse, message).with_body(ErrorBody::new(content_type, body))
    }

    /// An unexpected HTTP status. The message names the status and quotes the body.
    pub fn from_status(status: u16, content_type: Option<&str>, body: &str) -> Error {
        let body = ErrorBody::new(content_type, body);
        let excerpt = body.excerpt();
        let reason = reason_phrase(status);
        let message = if excerpt.is_empty() {
            format!("HTTP {status} {reason}")
        } else {
            format!("HTTP {status} {reason}: {excerpt}")
        };
        Error::new(ErrorKind::from_status(status), message)
            .with_status(status)
            .with_body(body)
    }

    pub fn with_status(mut self, status: u16) -> Error {
        self.0.status = Some(status);
        self
    }

    pub fn with_retry_after_ms(mut self, retry_after_ms: Option<u64>) -> Error {
        self.0.retry_after_ms = retry_after_ms;
        self
    }

    pub fn with_code(mut self, code: impl Into<String>) -> Error {
        self.0.code = Some(code.into());
        self
    }

    pub fn with_details(mut self, details: Vec<ErrorDetail>) -> Error {
        self.0.details = details;
        self
    }

    pub fn with_body(mut self, body: ErrorBody) -> Error {
        self.0.body = Some(body);
        self
    }

    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }
    pub fn message(&self) -> &str {
        &self.0.message
    }
    /// The HTTP status, when there was a response.
    pub fn status(&self) -> Option<u16> {
        self.0.status
    }
    /// How long the server asked us to wait (`Retry-After`), when known.
    pub fn retry_after_ms(&self) -> Option<u64> {
        self.0.retry_after_ms
    }
    /// The service's own error code (DAS `code`), when given.
    pub fn code(&self) -> Option<&str> {
        self.0.code.as_deref()
    }
    pub fn details(&self) -> &[ErrorDetail] {
        &self.0.details
    }
    pub fn body(&self) -> Option<&ErrorBody> {
        self.0.body.as_ref()
    }

    /// Whether retrying the same idempotent request may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(
            self.0.kind,
            ErrorKind::Network | ErrorKind::Timeout | ErrorKind::RateLimited | ErrorKind::Server
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.0.kind, self.0.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Whether a body is an HTML page (typically a proxy's or gateway's error page).
pub fn looks_like_html(content_type: Option<&str>, body: &str) -> bool {
    if content_type.is_some_and(|ct| {
        ct.trim_start()
            .to_ascii_lowercase()
            .starts_with("text/html")
    }) {
        return true;
    }
    let head: String = body
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(15)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn floor_char_boundary(s: &str, max: usize) -> usize {
    if s.len() <= max {
        return s.len();
    }
    (0..=max)
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0)
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_maps_to_kind() {
        assert_eq!(ErrorKind::from_status(401), ErrorKind::Unauthorized);
        assert_eq!(ErrorKind::from_status(403), ErrorKind::Unauthorized);
        assert_eq!(ErrorKind::from_status(404), ErrorKind::NotFound);
        assert_eq!(ErrorKind::from_status(429), ErrorKind::RateLimited);
        assert_eq!(ErrorKind::from_status(502), ErrorKind::Server);
        assert_eq!(ErrorKind::from_status(418), ErrorKind::Http);
    }

    #[test]
    fn html_error_page_gives_readable_excerpt_and_keeps_body() {
        let page = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>\
                    <body><h1>Bad   Gateway</h1><p>nginx</p></body></html>";
        let e = Error::from_status(502, Some("text/html; charset=utf-8"), page);
        assert_eq!(e.kind(), ErrorKind::Server);
        assert_eq!(e.status(), Some(502));
        assert_eq!(
            e.message(),
            "HTTP 502 Bad Gateway: 502 Bad Gateway Bad Gateway nginx"
        );
        assert_eq!(e.body().unwrap().text, page);
    }

    #[test]
    fn body_is_capped_on_a_char_boundary() {
        let long = "é".repeat(BODY_KEEP_LIMIT);
        let body = ErrorBody::new(None, &long);
        assert!(body.truncated);
        assert!(body.text.len() <= BODY_KEEP_LIMIT);
        assert!(body.excerpt().ends_with('…'));
    }

    #[test]
    fn transient_kinds() {
        assert!(Error::new(ErrorKind::Network, "x").is_transient());
        assert!(!Error::new(ErrorKind::Parse, "x").is_transient());
    }
}
