//! IFI CLAIMS Direct attachment service, sans-IO: request builders and response parsers for
//! the five `/attachment/*` endpoints (seed `004`, notes in `shared/spec/claims-direct`).
//!
//! | endpoint | module |
//! |---|---|
//! | `GET /attachment/list` (single and `multi=1`) | [`list`] |
//! | `GET /attachment/fetch`, `/fetchall`, `/pdf`, `/abimage` | [`files`] |
//! | request-unit weights and budgets (every endpoint) | [`pacing`] |
//! | bulk downloads of a set: jobs and file names | [`bulk`] |

pub mod bulk;
pub mod envelope;
pub mod files;
pub mod list;
mod model;
pub mod pacing;
mod xml;

pub use model::{Attachment, MediaKind};

use crate::error::{Error, Result};
use crate::http::{BaseUrl, HttpRequest};
use crate::secret::{validate_header_value, Secret};

/// The documented production host.
pub const DEFAULT_BASE_URL: &str = "https://cdws21.ificlaims.com";

/// Response serialization asked for with `Accept`. Parsers accept either, whatever was asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Json,
    Xml,
}

impl Format {
    pub fn parse(s: &str) -> Result<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "json" => Ok(Format::Json),
            "xml" => Ok(Format::Xml),
            other => Err(Error::invalid_input(format!(
                "format must be \"json\" or \"xml\", got {other:?}"
            ))),
        }
    }

    /// The `Accept` value the docs give for this format.
    pub fn accept(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Xml => "text/xml",
        }
    }
}

/// Where and how to call CLAIMS Direct. Credentials are attached only to requests built
/// from `base_url`, so they can reach no other origin.
#[derive(Debug, Clone)]
pub struct ClaimsConfig {
    base_url: BaseUrl,
    user: String,
    password: Secret,
    format: Format,
}

impl ClaimsConfig {
    pub fn new(base_url: &str, user: &str, password: &str, format: Format) -> Result<ClaimsConfig> {
        validate_header_value("user", user)?;
        validate_header_value("password", password)?;
        Ok(ClaimsConfig {
            base_url: BaseUrl::parse(base_url)?,
            user: user.to_owned(),
            password: Secret::new(password),
            format,
        })
    }

    pub fn base_url(&self) -> &BaseUrl {
        &self.base_url
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// A GET to `path` on the configured origin with the login headers.
    fn get(&self, path: &str, query: &[(&str, &str)]) -> HttpRequest {
        HttpRequest::get(self.base_url.join(path, &crate::http::query(query)))
            .header("x-user", self.user.clone())
            .header("x-password", self.password.expose())
    }
}
