//! The CLAIMS Direct response envelope: `status` (`success`, or `failed`/`error` with a
//! `message`) beside the payload, in JSON or XML. A 200 whose envelope reports a failure is
//! an error, not data.

use crate::error::{looks_like_html, Error, ErrorBody, ErrorKind, Result};
use serde::Deserialize;

/// The serialization of a response body, from `Content-Type` or, failing that, sniffed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFormat {
    Json,
    Xml,
}

/// Decides how to parse a body. The answer does not depend on what was asked for: a server
/// that ignores `Accept` is still understood.
pub fn detect(content_type: Option<&str>, body: &str) -> Result<BodyFormat> {
    if looks_like_html(content_type, body) {
        return Err(Error::parse(
            "expected JSON or XML but got an HTML page (a proxy, gateway or login page?)",
            content_type,
            body,
        ));
    }
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    if ct.contains("json") {
        return Ok(BodyFormat::Json);
    }
    if ct.contains("xml") {
        return Ok(BodyFormat::Xml);
    }
    match body
        .trim_start_matches('\u{feff}')
        .trim_start()
        .bytes()
        .next()
    {
        Some(b'{' | b'[') => Ok(BodyFormat::Json),
        Some(b'<') => Ok(BodyFormat::Xml),
        None => Err(Error::parse(
            "the response body is empty",
            content_type,
            body,
        )),
        Some(_) => Err(Error::parse(
            "the response body is neither JSON nor XML",
            content_type,
            body,
        )),
    }
}

/// Turns a non-success envelope status into a `service` error.
pub fn check_status(
    status: Option<&str>,
    message: Option<&str>,
    content_type: Option<&str>,
    body: &str,
) -> Result<()> {
    match status {
        None | Some("success") => Ok(()),
        Some(other) => {
            let message = message
                .filter(|m| !m.trim().is_empty())
                .unwrap_or("no message given");
            Err(Error::new(
                ErrorKind::Service,
                format!("service reported {other:?}: {message}"),
            )
            .with_code(other)
            .with_body(ErrorBody::new(content_type, body)))
        }
    }
}

#[derive(Deserialize)]
struct StatusOnly<'a> {
    #[serde(borrow, default)]
    status: Option<std::borrow::Cow<'a, str>>,
    #[serde(default)]
    message: Option<String>,
}

/// For endpoints that return a file: a JSON body in place of the file is checked for a
/// failure envelope (`{"status":"error","message":…}`).
pub fn check_json_envelope(content_type: Option<&str>, body: &str) -> Result<()> {
    match serde_json::from_str::<StatusOnly>(body) {
        Ok(env) => check_status(
            env.status.as_deref(),
            env.message.as_deref(),
            content_type,
            body,
        ),
        // Not an envelope: a JSON file is a legitimate attachment.
        Err(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_by_content_type_then_by_sniffing() {
        assert_eq!(
            detect(Some("application/json; charset=utf-8"), "x").unwrap(),
            BodyFormat::Json
        );
        assert_eq!(detect(Some("text/xml"), "x").unwrap(), BodyFormat::Xml);
        assert_eq!(detect(None, "  {\"a\":1}").unwrap(), BodyFormat::Json);
        assert_eq!(
            detect(Some("text/plain"), "\u{feff}<?xml?>").unwrap(),
            BodyFormat::Xml
        );
        assert_eq!(detect(None, "").unwrap_err().kind(), ErrorKind::Parse);
        assert_eq!(detect(None, "hello").unwrap_err().kind(), ErrorKind::Parse);
        let html = detect(Some("text/html"), "<html><body>Login</body></html>").unwrap_err();
        assert!(html.message().contains("HTML page"));
        assert_eq!(html.body().unwrap().text, "<html><body>Login</body></html>");
    }

    #[test]
    fn failed_and_error_statuses_are_service_errors() {
        for status in ["failed", "error"] {
            let e = check_status(
                Some(status),
                Some("JSON error: failed to read response object"),
                None,
                "b",
            )
            .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Service);
            assert_eq!(e.code(), Some(status));
            assert!(e.message().contains("failed to read response object"));
        }
        assert!(check_status(Some("success"), None, None, "").is_ok());
        assert!(check_status(None, None, None, "").is_ok());
    }

    #[test]
    fn json_in_place_of_a_file() {
        let e =
            check_json_envelope(None, r#"{"status":"error","message":"db offline"}"#).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Service);
        assert!(check_json_envelope(None, r#"{"some":"json file"}"#).is_ok());
        assert!(check_json_envelope(None, "[1,2]").is_ok());
    }
}
