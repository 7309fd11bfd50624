//! The DAS transit zone: presigned S3 URLs. Requests to it carry no `Authorization` header
//! and no credentials (the URL is the credential); its errors are S3 XML
//! (`<Error><Code>…</Code><Message>…</Message></Error>`).

use crate::error::{Error, ErrorBody, ErrorKind, Result};
use crate::http::{HttpRequest, ResponseHead};

/// Checks that a presigned URL the API handed out is an absolute http(s) URL.
pub fn validate_presigned(url: &str) -> Result<()> {
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(())
    } else {
        Err(Error::new(
            ErrorKind::Parse,
            format!("the API returned an unusable presigned URL: {url:?}"),
        ))
    }
}

/// A GET of a presigned download URL: no headers at all.
pub fn download_request(url: &str) -> Result<HttpRequest> {
    validate_presigned(url)?;
    Ok(HttpRequest::get(url.to_owned()))
}

/// The error for a refused transit-zone request, naming the S3 error code.
pub fn error(head: &ResponseHead, body: &str, now_ms: u64) -> Error {
    let base = head.error(body, now_ms);
    let Some((code, message)) = s3_error(body) else {
        return base;
    };
    let hint = match (head.status, code.as_str()) {
        (403, "AccessDenied") if message.contains("expired") => " (the presigned URL expired)",
        (403, "SignatureDoesNotMatch") => {
            " (the presigned URL was altered or signed for another request)"
        }
        _ => "",
    };
    Error::new(
        base.kind(),
        format!("the transit zone refused the request: {code}: {message}{hint}"),
    )
    .with_status(head.status)
    .with_code(code)
    .with_retry_after_ms(base.retry_after_ms())
    .with_body(ErrorBody::new(head.content_type.as_deref(), body))
}

/// Whether a transit-zone refusal means the URL should be refreshed and tried again.
pub fn is_refusal(error: &Error) -> bool {
    error.status() == Some(403)
}

fn s3_error(body: &str) -> Option<(String, String)> {
    let tag = |name: &str| {
        let open = format!("<{name}>");
        let start = body.find(&open)? + open.len();
        let end = body[start..].find(&format!("</{name}>"))? + start;
        Some(body[start..end].trim().to_owned())
    };
    Some((tag("Code")?, tag("Message").unwrap_or_default()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_errors_are_named() {
        let expired = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>";
        let e = error(&ResponseHead::new(403), expired, 0);
        assert_eq!(e.kind(), ErrorKind::Unauthorized);
        assert_eq!(e.code(), Some("AccessDenied"));
        assert!(e.message().contains("expired"));
        assert!(is_refusal(&e));
        let tampered = "<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message></Error>";
        assert!(error(&ResponseHead::new(403), tampered, 0)
            .message()
            .contains("altered"));
        let plain = error(&ResponseHead::new(500), "oops", 0);
        assert_eq!(plain.kind(), ErrorKind::Server);
    }

    #[test]
    fn presigned_urls_are_checked() {
        assert!(
            download_request("http://127.0.0.1:9000/b/k?X-Amz-Signature=ab")
                .unwrap()
                .headers
                .is_empty()
        );
        assert!(download_request("javascript:alert(1)").is_err());
        assert!(download_request("/relative").is_err());
    }
}
