//! Sans-IO HTTP vocabulary shared by every endpoint module: what to send (`HttpRequest`),
//! what came back (`ResponseHead`), and base-URL handling. The browser transport turns an
//! `HttpRequest` into a `fetch`; native tests inspect it directly.

use crate::error::{Error, Result};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// A request body the core can build. Blob bodies (uploads) never pass through the core:
/// the transport hands the browser's `Blob` to the network as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestBody {
    /// `application/json`
    Json(String),
    /// `application/x-www-form-urlencoded`
    Form(String),
}

impl RequestBody {
    pub fn content_type(&self) -> &'static str {
        match self {
            RequestBody::Json(_) => "application/json",
            RequestBody::Form(_) => "application/x-www-form-urlencoded",
        }
    }
    pub fn text(&self) -> &str {
        match self {
            RequestBody::Json(s) | RequestBody::Form(s) => s,
        }
    }
}

/// A fully built request: URL with query, headers (secrets included, so it is never logged),
/// optional body, and whether it is safe to repeat.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<RequestBody>,
    /// Retries are only ever made for idempotent requests.
    pub idempotent: bool,
}

impl HttpRequest {
    pub fn get(url: String) -> HttpRequest {
        HttpRequest {
            method: Method::Get,
            url,
            headers: Vec::new(),
            body: None,
            idempotent: true,
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> HttpRequest {
        self.headers.push((name, value.into()));
        self
    }

    /// The value of a header by (lower-case) name.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Headers can hold credentials: Debug shows their names only.
impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| *n).collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("header_names", &names)
            .field("body", &self.body.as_ref().map(RequestBody::content_type))
            .finish()
    }
}

/// The parts of a response the parsers look at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponseHead {
    pub status: u16,
    pub content_type: Option<String>,
    /// Raw `Retry-After` value (delta-seconds or HTTP-date).
    pub retry_after: Option<String>,
}

impl ResponseHead {
    pub fn new(status: u16) -> ResponseHead {
        ResponseHead {
            status,
            ..ResponseHead::default()
        }
    }

    pub fn with_content_type(mut self, content_type: &str) -> ResponseHead {
        self.content_type = Some(content_type.to_owned());
        self
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The error for a non-success response, with `Retry-After` resolved against `now_ms`.
    pub fn error(&self, body: &str, now_ms: u64) -> Error {
        let retry_after_ms = self
            .retry_after
            .as_deref()
            .and_then(|v| crate::retry::parse_retry_after(v, now_ms));
        Error::from_status(self.status, self.content_type.as_deref(), body)
            .with_retry_after_ms(retry_after_ms)
    }
}

/// Characters left alone in a query component: RFC 3986 unreserved.
const QUERY_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes one query component (key or value).
/// A body's bytes as text, the way the Fetch standard's `text()` decodes them: UTF-8, a
/// leading byte-order mark dropped, invalid sequences replaced by U+FFFD.
pub fn decode_utf8(mut bytes: Vec<u8>) -> String {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

pub fn encode_component(s: &str) -> String {
    utf8_percent_encode(s, QUERY_COMPONENT).to_string()
}

/// Builds `?k=v&…` with every key and value percent-encoded.
pub fn query(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(&encode_component(k));
        out.push('=');
        out.push_str(&encode_component(v));
    }
    out
}

/// A validated service base URL: `http(s)://host[:port][/path]`, no query, no fragment,
/// no trailing slash. Everything the library sends with credentials is built from one,
/// so credentials can only ever go to this origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

impl BaseUrl {
    pub fn parse(input: &str) -> Result<BaseUrl> {
        let s = input.trim();
        let rest = s
            .strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"))
            .ok_or_else(|| {
                Error::invalid_input(format!(
                    "base URL must start with http:// or https://, got {s:?}"
                ))
            })?;
        let authority = rest.split('/').next().unwrap_or("");
        if authority.is_empty() {
            return Err(Error::invalid_input(format!("base URL has no host: {s:?}")));
        }
        if authority.contains('@') {
            return Err(Error::invalid_input(
                "base URL must not carry user:password@ (credentials never go into a URL)",
            ));
        }
        if s.contains('?') || s.contains('#') {
            return Err(Error::invalid_input(format!(
                "base URL must not have a query or fragment: {s:?}"
            )));
        }
        if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(Error::invalid_input(format!(
                "base URL contains whitespace: {s:?}"
            )));
        }
        Ok(BaseUrl(s.trim_end_matches('/').to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `scheme://host[:port]` — what the browser compares for same-origin.
    pub fn origin(&self) -> &str {
        let scheme_end = self.0.find("://").map_or(0, |i| i + 3);
        match self.0[scheme_end..].find('/') {
            Some(i) => &self.0[..scheme_end + i],
            None => &self.0,
        }
    }

    /// Joins an absolute path (starting with `/`) and an already-encoded query.
    pub fn join(&self, path: &str, query: &str) -> String {
        format!("{}{}{}", self.0, path, query)
    }
}

/// `scheme://host/path?query#fragment` → `scheme://host/path`: what may be shown or logged
/// of a URL. Queries can hold credentials (a presigned URL's signature), so they are dropped.
pub fn without_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_query_drops_signatures_and_fragments() {
        assert_eq!(
            without_query("http://t:9/b/k.pdf?X-Amz-Signature=abc&X-Amz-Expires=300"),
            "http://t:9/b/k.pdf"
        );
        assert_eq!(without_query("https://h/p#frag?x"), "https://h/p");
        assert_eq!(without_query("https://h/p"), "https://h/p");
        assert_eq!(without_query(""), "");
    }

    #[test]
    fn base_url_normalises_and_rejects() {
        let b = BaseUrl::parse(" https://cdws21.ificlaims.com/ ").unwrap();
        assert_eq!(b.as_str(), "https://cdws21.ificlaims.com");
        assert_eq!(b.origin(), "https://cdws21.ificlaims.com");
        let b = BaseUrl::parse("http://127.0.0.1:8080/das-api/v1").unwrap();
        assert_eq!(b.origin(), "http://127.0.0.1:8080");
        for bad in [
            "",
            "ftp://x",
            "https://",
            "https://u:p@host",
            "https://h/?q=1",
            "https://h/#f",
            "https://h /x",
        ] {
            let e = BaseUrl::parse(bad).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::InvalidInput, "{bad:?}");
        }
    }

    #[test]
    fn query_encodes_everything_but_unreserved() {
        assert_eq!(
            query(&[("path", "/EP/1996/a b&c=d+é"), ("multi", "1")]),
            "?path=%2FEP%2F1996%2Fa%20b%26c%3Dd%2B%C3%A9&multi=1"
        );
    }

    #[test]
    fn debug_never_shows_header_values() {
        let r = HttpRequest::get("https://h/x".into()).header("x-password", "hunter2");
        assert!(!format!("{r:?}").contains("hunter2"));
        assert_eq!(r.header_value("X-Password"), Some("hunter2"));
    }

    #[test]
    fn bodies_decode_like_fetch_text() {
        assert_eq!(decode_utf8(b"\xEF\xBB\xBF{\"a\":1}".to_vec()), "{\"a\":1}");
        assert_eq!(decode_utf8("Zürich".as_bytes().to_vec()), "Zürich");
        assert_eq!(decode_utf8(b"a\xFFb".to_vec()), "a\u{FFFD}b");
        // Only a leading mark is dropped, and only once.
        assert_eq!(
            decode_utf8(b"\xEF\xBB\xBF\xEF\xBB\xBFx".to_vec()),
            "\u{FEFF}x"
        );
    }
}
