//! WIPO DAS exchange API, sans-IO (shared/spec/das: notes.md, openapi.yaml, seed 000).
//!
//! | endpoint(s) | module |
//! |---|---|
//! | OAuth2 token (`private_key_jwt`, ES256 client assertion) | [`auth`], [`keys`] |
//! | `requests/retrievals` POST/GET | [`retrievals`] |
//! | `requests/notifications` POST | [`notifications`] |
//! | `requests/files` GET/DELETE, `files/url-uploads` POST/PUT, `files/url-downloads` POST | [`files`] |
//! | `requests/registrations` POST/PUT/DELETE, `…/certificates` GET, `documents/registrations/statuses` GET | [`registrations`] |
//! | presigned transit-zone URLs (S3) | [`transit`] |
//!
//! Each of these calls is declared once in [`endpoint`] (request, answer, retry rule,
//! disputed forms), for one generic `send` in a client. Endpoints with two documented forms
//! are discovered by [`forms`]. Application errors are
//! read by [`errors`]; retrieval polling is scheduled by [`watch`];
//! upload checksums come from [`checksum`].

pub mod auth;
pub mod batch;
pub mod checksum;
pub mod endpoint;
pub mod errors;
pub mod files;
pub mod forms;
pub mod inbound;
pub mod keys;
pub(crate) mod lenient;
mod model;
pub mod notifications;
pub mod registrations;
pub mod retrievals;
pub mod transit;
pub mod watch;

pub use model::*;

use crate::error::{Error, Result};
use crate::http::{BaseUrl, HttpRequest, Method, RequestBody, ResponseHead};
use serde::{Deserialize, Serialize};

/// The spec's prefix. The acceptance deployment uses `/das-api/v1`; some pages use none.
pub const DEFAULT_API_PREFIX: &str = "/das/v1";
/// The scope in current use (the 2021 examples used `das-api/das-access`).
pub const DEFAULT_SCOPE: &str = "das-api/office-exchange";

/// Where and as whom to call DAS. The bearer token is attached only to requests built from
/// `base_url`; the token endpoint gets only the signed client assertion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DasConfig {
    base_url: BaseUrl,
    api_prefix: String,
    token_url: String,
    /// The client assertion's `aud`: the authorization server's own token URL, which differs
    /// from `token_url` when the token endpoint is reached through a same-origin proxy.
    token_audience: Option<String>,
    client_id: String,
    scope: String,
    form_policy: forms::FormPolicy,
    validation_timeout_ms: u64,
    upload_idle_timeout_ms: u32,
}

/// How long an upload waits for the transit zone to validate it, unless configured.
pub const DEFAULT_VALIDATION_TIMEOUT_MS: u64 = 10 * 60 * 1000;
/// How long a transit-zone PUT may go without progress, unless configured.
pub const DEFAULT_UPLOAD_IDLE_TIMEOUT_MS: u32 = 60_000;

impl DasConfig {
    pub fn new(
        base_url: &str,
        api_prefix: Option<&str>,
        token_url: &str,
        client_id: &str,
        scope: Option<&str>,
    ) -> Result<DasConfig> {
        let base_url = BaseUrl::parse(base_url)?;
        let token_url = BaseUrl::parse(token_url)
            .map_err(|e| Error::invalid_input(format!("tokenUrl: {}", e.message())))?;
        crate::secret::validate_header_value("clientId", client_id)?;
        Ok(DasConfig {
            base_url,
            api_prefix: normalise_prefix(api_prefix.unwrap_or(DEFAULT_API_PREFIX))?,
            token_url: token_url.as_str().to_owned(),
            token_audience: None,
            client_id: client_id.to_owned(),
            scope: scope.unwrap_or(DEFAULT_SCOPE).trim().to_owned(),
            form_policy: forms::FormPolicy::Discover,
            validation_timeout_ms: DEFAULT_VALIDATION_TIMEOUT_MS,
            upload_idle_timeout_ms: DEFAULT_UPLOAD_IDLE_TIMEOUT_MS,
        })
    }

    /// The audience of the client assertion when `token_url` is a proxy of the authorization
    /// server (e.g. `https://www5.wipo.int/am/oauth2/access_token` reached through the office's
    /// own origin).
    pub fn with_token_audience(mut self, audience: &str) -> Result<DasConfig> {
        let audience = BaseUrl::parse(audience)
            .map_err(|e| Error::invalid_input(format!("tokenAudience: {}", e.message())))?;
        self.token_audience = Some(audience.as_str().to_owned());
        Ok(self)
    }

    /// Pins the form of the disputed endpoints instead of discovering it.
    pub fn with_form_policy(mut self, policy: forms::FormPolicy) -> DasConfig {
        self.form_policy = policy;
        self
    }

    /// How long an upload's validation may take before it fails with `timeout` (at least 1 s).
    pub fn with_validation_timeout_ms(mut self, ms: u64) -> DasConfig {
        self.validation_timeout_ms = ms.max(1_000);
        self
    }

    /// How long a transit-zone PUT may go without progress (at least 1 s).
    pub fn with_upload_idle_timeout_ms(mut self, ms: u32) -> DasConfig {
        self.upload_idle_timeout_ms = ms.max(1_000);
        self
    }

    pub fn upload_idle_timeout_ms(&self) -> u32 {
        self.upload_idle_timeout_ms
    }
    pub fn form_policy(&self) -> forms::FormPolicy {
        self.form_policy
    }
    pub fn validation_timeout_ms(&self) -> u64 {
        self.validation_timeout_ms
    }

    pub fn base_url(&self) -> &BaseUrl {
        &self.base_url
    }
    pub fn token_url(&self) -> &str {
        &self.token_url
    }
    /// The client assertion's `aud` (the token URL unless set apart).
    pub fn token_audience(&self) -> &str {
        self.token_audience.as_deref().unwrap_or(&self.token_url)
    }
    pub fn client_id(&self) -> &str {
        &self.client_id
    }
    pub fn scope(&self) -> &str {
        &self.scope
    }

    /// `{base}{prefix}{path}{query}`.
    fn url(&self, path: &str, query: &[(&str, &str)]) -> String {
        self.base_url.join(
            &format!("{}{path}", self.api_prefix),
            &crate::http::query(query),
        )
    }

    fn request(&self, method: Method, path: &str, query: &[(&str, &str)]) -> HttpRequest {
        HttpRequest {
            method,
            url: self.url(path, query),
            headers: vec![("accept", "application/json".to_owned())],
            body: None,
            // Whether a call may be sent twice is the endpoint's to say (`Endpoint::IDEMPOTENT`),
            // not the method's: a built request is not retried until its description says so.
            idempotent: false,
        }
    }

    fn json<T: Serialize>(&self, method: Method, path: &str, body: &T) -> HttpRequest {
        let mut request = self.request(method, path, &[]);
        request.body = Some(RequestBody::Json(
            serde_json::to_string(body).expect("models serialise infallibly"),
        ));
        request
    }
}

/// `das-api/v1/` → `/das-api/v1`; empty → no prefix.
fn normalise_prefix(prefix: &str) -> Result<String> {
    let trimmed = prefix.trim().trim_matches('/');
    if !trimmed
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b))
    {
        return Err(Error::invalid_input(format!(
            "apiPrefix may hold letters, digits, '-', '_', '.' and '/', got {prefix:?}"
        )));
    }
    Ok(if trimmed.is_empty() {
        String::new()
    } else {
        format!("/{trimmed}")
    })
}

/// Parses a 2xx JSON body, or explains why it cannot.
pub(crate) fn parse_json<'a, T: Deserialize<'a>>(
    head: &ResponseHead,
    body: &'a str,
    what: &str,
) -> Result<T> {
    serde_json::from_str(body).map_err(|e| {
        Error::parse(
            format!("malformed {what} response: {e}"),
            head.content_type.as_deref(),
            body,
        )
    })
}

/// Reads an acknowledgement (of a retrieval or a registration) as leniently as the other
/// unpublished layouts: the ack id under any of its names, as a string or an integer; the
/// status word by its meaning, kept as sent; an odd error code or message is none.
pub(crate) fn parse_ack(head: &ResponseHead, body: &str, what: &str) -> Result<RequestAck> {
    let json: &serde_json::value::RawValue = parse_json(head, body, what)?;
    let probe = lenient::Probe::of(json.get());
    let request_ack_id = probe.ack_id().map(str::to_owned).ok_or_else(|| {
        Error::parse(
            format!("the {what} has no requestAckId"),
            head.content_type.as_deref(),
            body,
        )
    })?;
    let word = probe.request_status_category;
    Ok(RequestAck {
        request_ack_id,
        request_status_category: word.as_deref().map(RequestStatus::from_word),
        request_status_word: word,
        error_code: probe.error_code,
        status_message: probe.status_message,
    })
}

/// The configuration the endpoint modules' tests build requests with.
#[cfg(test)]
pub(crate) fn test_config() -> DasConfig {
    DasConfig::new(
        "https://das.example",
        None,
        "https://t.example/token",
        "office",
        None,
    )
    .expect("a valid test configuration")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_normalised_and_validated() {
        let c = |p| {
            DasConfig::new(
                "https://das.wipo.int",
                p,
                "https://www5.wipo.int/am/oauth2/access_token",
                "office",
                None,
            )
        };
        assert_eq!(
            c(None).unwrap().url("/requests/retrievals", &[]),
            "https://das.wipo.int/das/v1/requests/retrievals"
        );
        assert_eq!(
            c(Some("das-api/v1/"))
                .unwrap()
                .url("/requests/files", &[("fileId", "a b")]),
            "https://das.wipo.int/das-api/v1/requests/files?fileId=a%20b"
        );
        assert_eq!(
            c(Some("")).unwrap().url("/requests/retrievals", &[]),
            "https://das.wipo.int/requests/retrievals"
        );
        assert!(c(Some("/das?x=1")).is_err());
        assert_eq!(c(None).unwrap().scope(), DEFAULT_SCOPE);
        assert!(DasConfig::new("https://das.wipo.int", None, "not a url", "office", None).is_err());
        assert!(DasConfig::new(
            "https://das.wipo.int",
            None,
            "https://t/x",
            "of\nfice",
            None
        )
        .is_err());
    }
}
