//! Error responses of the DAS API and of the token endpoint.
//!
//! DAS application errors are `{code, message, details: [{code, message}]}`, or the same
//! wrapped in `{"error": {…}}` (the acceptance service's older form): both are read. The
//! token endpoint answers RFC 6749 `{error, error_description}`.

use super::DasErrorBody;
use crate::error::{Error, ErrorBody, ErrorKind};
use crate::http::ResponseHead;
use serde::Deserialize;

/// The error for a non-2xx DAS API response. An application error body makes it a `das`
/// error (with `code` and `details`), except for statuses that say more on their own
/// (401/403, 404, 429, 5xx — the last two stay retryable), which keep their kind but still
/// carry the code and details.
pub fn api_error(head: &ResponseHead, body: &str, now_ms: u64) -> Error {
    let base = head.error(body, now_ms);
    let Some(app) = parse_application_error(body) else {
        return base;
    };
    let status_kind = base.kind();
    let kind = match status_kind {
        ErrorKind::Unauthorized
        | ErrorKind::NotFound
        | ErrorKind::RateLimited
        | ErrorKind::Server => status_kind,
        _ => ErrorKind::Das,
    };
    let mut error = Error::new(kind, format!("DAS: {}", app.summary()))
        .with_status(head.status)
        .with_retry_after_ms(base.retry_after_ms())
        .with_details(app.details())
        .with_body(ErrorBody::new(head.content_type.as_deref(), body));
    if let Some(code) = app.code {
        error = error.with_code(code);
    }
    error
}

/// Reads `{code, message, details}` or `{"error": {…}}`; `None` if the body is neither.
pub fn parse_application_error(body: &str) -> Option<DasErrorBody> {
    #[derive(Deserialize)]
    struct Wrapped {
        error: DasErrorBody,
    }
    let app = serde_json::from_str::<Wrapped>(body)
        .map(|w| w.error)
        .or_else(|_| serde_json::from_str::<DasErrorBody>(body))
        .ok()?;
    (app.code.is_some() || app.message.is_some() || !app.details.is_empty()).then_some(app)
}

/// The error for a failed token request: always `auth`, with the OAuth error code.
pub fn token_error(head: &ResponseHead, body: &str) -> Error {
    #[derive(Deserialize)]
    struct OAuthError {
        error: String,
        #[serde(default)]
        error_description: Option<String>,
    }
    let body_kept = ErrorBody::new(head.content_type.as_deref(), body);
    match serde_json::from_str::<OAuthError>(body) {
        Ok(e) => Error::new(
            ErrorKind::Auth,
            format!(
                "token request refused (HTTP {}): {}{}",
                head.status,
                e.error,
                e.error_description
                    .map(|d| format!(": {d}"))
                    .unwrap_or_default()
            ),
        )
        .with_code(e.error),
        // A gateway page or an overloaded authorization server: transient, so the client
        // tries again with a fresh assertion.
        Err(_) if head.status == 429 || head.status >= 500 => Error::new(
            ErrorKind::from_status(head.status),
            format!(
                "the token endpoint failed (HTTP {}): {}",
                head.status,
                body_kept.excerpt()
            ),
        ),
        Err(_) => Error::new(
            ErrorKind::Auth,
            format!(
                "token request failed (HTTP {}): {}",
                head.status,
                body_kept.excerpt()
            ),
        ),
    }
    .with_status(head.status)
    .with_body(body_kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNWRAPPED: &str = r#"{"code":"INVALID_INPUT_DATA","message":null,"details":[{"code":-14,"message":"Mismatched access code: dasAccessCode: expected dasAccessCode=AB21"}]}"#;

    #[test]
    fn application_errors_wrapped_or_not() {
        let head = ResponseHead::new(400).with_content_type("application/json");
        for body in [UNWRAPPED.to_string(), format!(r#"{{"error":{UNWRAPPED}}}"#)] {
            let e = api_error(&head, &body, 0);
            assert_eq!(e.kind(), ErrorKind::Das);
            assert_eq!(e.code(), Some("INVALID_INPUT_DATA"));
            assert_eq!(e.details()[0].code, -14);
            assert!(
                e.message().contains("Mismatched access code"),
                "{}",
                e.message()
            );
            assert_eq!(e.status(), Some(400));
        }
    }

    #[test]
    fn status_kinds_win_but_keep_details() {
        let e = api_error(
            &ResponseHead::new(401),
            r#"{"code":"UNAUTHORIZED","message":"token expired"}"#,
            0,
        );
        assert_eq!(e.kind(), ErrorKind::Unauthorized);
        assert_eq!(e.code(), Some("UNAUTHORIZED"));
        let plain = api_error(&ResponseHead::new(502), "<html>bad gateway</html>", 0);
        assert_eq!(plain.kind(), ErrorKind::Server);
        let empty_json = api_error(&ResponseHead::new(400), "{}", 0);
        assert_eq!(empty_json.kind(), ErrorKind::Http);
    }

    #[test]
    fn token_errors_are_auth() {
        let e = token_error(
            &ResponseHead::new(400),
            r#"{"error":"invalid_client","error_description":"client assertion expired"}"#,
        );
        assert_eq!(e.kind(), ErrorKind::Auth);
        assert_eq!(e.code(), Some("invalid_client"));
        assert!(e.message().contains("client assertion expired"));
        assert_eq!(
            token_error(&ResponseHead::new(401), "no").kind(),
            ErrorKind::Auth
        );
        let down = token_error(&ResponseHead::new(503), "<html>down</html>");
        assert_eq!(down.kind(), ErrorKind::Server);
        assert!(down.is_transient());
        assert_eq!(
            token_error(&ResponseHead::new(429), "").kind(),
            ErrorKind::RateLimited
        );
    }
}
