//! The endpoints that return a file rather than a list (seed 004):
//!
//! - `GET /attachment/fetch?path=…` — one attachment's bytes; 404 if it vanished since `list`.
//! - `GET /attachment/fetchall?ucid=…` — every attachment as `application/zip`; 404 if none.
//! - `GET /attachment/pdf?ucid=…` — the full-document PDF; **204** when there is none.
//! - `GET /attachment/abimage?ucid=…` — the abstract (or first) image, in the type the
//!   optional `Accept` asks for, else its original format; **204** when there is none.

use super::envelope;
use super::ClaimsConfig;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{HttpRequest, ResponseHead};
use crate::ucid::Ucid;

/// Longest `path` accepted; real paths are under 100 characters.
const MAX_PATH_LEN: usize = 2048;

/// Which file endpoint a response came from: it decides what 204 means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileEndpoint {
    Fetch,
    FetchAll,
    Pdf,
    AbstractImage,
}

impl FileEndpoint {
    /// Whether the seed documents 204 as "nothing to return" for this endpoint.
    fn no_content_means_none(self) -> bool {
        matches!(self, FileEndpoint::Pdf | FileEndpoint::AbstractImage)
    }
}

/// `path` is passed back exactly as `list` returned it (opaque), percent-encoded as one
/// query value.
pub fn fetch_request(config: &ClaimsConfig, path: &str) -> Result<HttpRequest> {
    if path.trim().is_empty() {
        return Err(Error::invalid_input("attachment path is empty"));
    }
    if path.len() > MAX_PATH_LEN {
        return Err(Error::invalid_input(format!(
            "attachment path is longer than {MAX_PATH_LEN} bytes"
        )));
    }
    if path.chars().any(char::is_control) {
        return Err(Error::invalid_input(
            "attachment path contains control characters",
        ));
    }
    Ok(config.get("/attachment/fetch", &[("path", path)]))
}

pub fn fetch_all_request(config: &ClaimsConfig, ucid: &Ucid) -> HttpRequest {
    config.get("/attachment/fetchall", &[("ucid", ucid.as_str())])
}

pub fn pdf_request(config: &ClaimsConfig, ucid: &Ucid) -> HttpRequest {
    config.get("/attachment/pdf", &[("ucid", ucid.as_str())])
}

/// `accept` (e.g. `image/png`) asks for a conversion; `None` gets the original format.
pub fn abstract_image_request(
    config: &ClaimsConfig,
    ucid: &Ucid,
    accept: Option<&str>,
) -> Result<HttpRequest> {
    let request = config.get("/attachment/abimage", &[("ucid", ucid.as_str())]);
    match accept.map(str::trim).filter(|a| !a.is_empty()) {
        None => Ok(request),
        Some(accept) => {
            validate_media_range(accept)?;
            Ok(request.header("accept", accept))
        }
    }
}

/// `type/subtype` tokens, optionally several separated by commas, with `;q=` parameters.
fn validate_media_range(accept: &str) -> Result<()> {
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    let ok = accept.len() <= 256
        && accept.split(',').all(|range| {
            let mut parts = range.split(';');
            let media = parts.next().unwrap_or("").trim();
            let type_ok = media
                .split_once('/')
                .is_some_and(|(t, s)| token(t) && token(s));
            type_ok
                && parts.all(|p| {
                    p.split_once('=')
                        .is_some_and(|(k, v)| token(k.trim()) && token(v.trim()))
                })
        });
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_input(format!(
            "accept must be a media type such as \"image/png\", got {accept:?}"
        )))
    }
}

/// What a file response means before its body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileOutcome {
    /// 2xx with content: read the body as a Blob. If `check_envelope`, the body is JSON and
    /// must also be checked with [`check_file_body`] (a failure envelope in place of a file).
    File { check_envelope: bool },
    /// 204 where the seed documents it as "nothing available".
    None,
}

/// Classifies a successful response of a file endpoint. Non-2xx are handled by the caller
/// with [`ResponseHead::error`].
pub fn outcome(endpoint: FileEndpoint, head: &ResponseHead) -> Result<FileOutcome> {
    if head.status == 204 {
        return if endpoint.no_content_means_none() {
            Ok(FileOutcome::None)
        } else {
            Err(Error::new(
                ErrorKind::NotFound,
                "the service returned no content (HTTP 204)",
            )
            .with_status(204))
        };
    }
    let json = head
        .content_type
        .as_deref()
        .is_some_and(|ct| ct.to_ascii_lowercase().contains("json"));
    Ok(FileOutcome::File {
        check_envelope: json,
    })
}

/// A JSON body where a file was expected is a failure envelope if it says so.
pub fn check_file_body(head: &ResponseHead, text: &str) -> Result<()> {
    envelope::check_json_envelope(head.content_type.as_deref(), text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::Format;

    fn config() -> ClaimsConfig {
        ClaimsConfig::new(
            "https://cdws21.ificlaims.com/",
            "alice",
            "s3cret",
            Format::Json,
        )
        .unwrap()
    }

    #[test]
    fn fetch_passes_the_path_opaque_and_encoded() {
        let r = fetch_request(&config(), "/EP/19960306/A2/000000/70/00/00/imgaf001.tif").unwrap();
        assert_eq!(
            r.url,
            "https://cdws21.ificlaims.com/attachment/fetch?path=%2FEP%2F19960306%2FA2%2F000000%2F70%2F00%2F00%2Fimgaf001.tif"
        );
        let odd = fetch_request(&config(), "/b4knn/x y/US-1-A1&multi=1#frag").unwrap();
        assert!(odd
            .url
            .ends_with("?path=%2Fb4knn%2Fx%20y%2FUS-1-A1%26multi%3D1%23frag"));
        assert_eq!(r.header_value("x-user"), Some("alice"));
        assert_eq!(r.header_value("x-password"), Some("s3cret"));
        assert!(r.idempotent);
    }

    #[test]
    fn fetch_rejects_bad_paths() {
        for bad in ["", "   ", "/a\nb", &"x".repeat(MAX_PATH_LEN + 1)] {
            assert_eq!(
                fetch_request(&config(), bad).unwrap_err().kind(),
                ErrorKind::InvalidInput
            );
        }
    }

    #[test]
    fn ucid_endpoints() {
        let u = Ucid::parse("EP-0700000-B1").unwrap();
        assert!(fetch_all_request(&config(), &u)
            .url
            .ends_with("/attachment/fetchall?ucid=EP-0700000-B1"));
        assert!(pdf_request(&config(), &u)
            .url
            .ends_with("/attachment/pdf?ucid=EP-0700000-B1"));
        let plain = abstract_image_request(&config(), &u, None).unwrap();
        assert_eq!(plain.header_value("accept"), None);
        let png = abstract_image_request(&config(), &u, Some("image/png")).unwrap();
        assert_eq!(png.header_value("accept"), Some("image/png"));
        assert!(abstract_image_request(&config(), &u, Some("image/png, image/*;q=0.5")).is_ok());
        for bad in ["png", "image/png\r\nx: y", "image/", "/png", "a/b;q"] {
            assert_eq!(
                abstract_image_request(&config(), &u, Some(bad))
                    .unwrap_err()
                    .kind(),
                ErrorKind::InvalidInput,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn no_content_is_none_only_where_documented() {
        let h = ResponseHead::new(204);
        assert_eq!(outcome(FileEndpoint::Pdf, &h).unwrap(), FileOutcome::None);
        assert_eq!(
            outcome(FileEndpoint::AbstractImage, &h).unwrap(),
            FileOutcome::None
        );
        assert_eq!(
            outcome(FileEndpoint::Fetch, &h).unwrap_err().kind(),
            ErrorKind::NotFound
        );
        assert_eq!(
            outcome(FileEndpoint::FetchAll, &h).unwrap_err().kind(),
            ErrorKind::NotFound
        );
        let json = ResponseHead::new(200).with_content_type("application/json");
        assert_eq!(
            outcome(FileEndpoint::Pdf, &json).unwrap(),
            FileOutcome::File {
                check_envelope: true
            }
        );
        let pdf = ResponseHead::new(200).with_content_type("application/pdf");
        assert_eq!(
            outcome(FileEndpoint::Pdf, &pdf).unwrap(),
            FileOutcome::File {
                check_envelope: false
            }
        );
        let err = check_file_body(&json, r#"{"status":"failed","message":"no db"}"#).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Service);
    }
}
