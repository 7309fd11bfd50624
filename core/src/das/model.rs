//! DAS request and response models (camelCase on the wire). Requests validate their fields
//! before anything is sent; responses ignore unknown fields and accept the documented name
//! variants (`requestAckId` / `ackId` / `osfAckId`).

use super::lenient;
use crate::error::Result;
use serde::{Deserialize, Deserializer, Serialize};
use ts_rs::TS;

/// Identifies a priority document and proves access to it (retrievals, certificates,
/// status checks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields)]
pub struct DocumentQuery {
    /// "patent", "utility model" or "design" (others are passed through).
    #[ts(type = "DocumentKindCategory")]
    pub document_kind_category: String,
    /// e.g. "PCT/IB2021/057271".
    pub document_number: String,
    /// `YYYY-MM-DD`, the priority filing date.
    pub document_date: String,
    /// 4 letters or digits issued by the office of first filing.
    pub das_access_code: String,
}

impl DocumentQuery {
    pub fn validate(&self) -> Result<()> {
        validate_document(
            &self.document_kind_category,
            &self.document_number,
            &self.document_date,
            &self.das_access_code,
        )
    }
}

/// Names a retrieved file in the transit zone (download URL, delete).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields)]
pub struct TransitFileRef {
    /// The `requestAckId` that `POST requests/retrievals` returned.
    pub osf_ack_id: String,
    #[ts(type = "DocumentKindCategory")]
    pub document_kind_category: String,
    pub document_number: String,
    pub document_date: String,
}

impl TransitFileRef {
    pub fn validate(&self) -> Result<()> {
        validate_id("osfAckId", &self.osf_ack_id)?;
        validate_kind(&self.document_kind_category)?;
        validate_number(&self.document_number)?;
        validate_date("documentDate", &self.document_date)
    }
}

/// A registration by the office of first filing (POST, and PUT to correct it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields, rename = "RegistrationRequest")]
pub struct Registration {
    #[ts(type = "DocumentKindCategory")]
    pub document_kind_category: String,
    pub document_number: String,
    pub document_date: String,
    pub das_access_code: String,
    #[serde(default)]
    pub application_category: Option<String>,
    #[serde(default)]
    pub application_number: Option<String>,
    #[serde(default)]
    pub application_filing_date: Option<String>,
    /// A validated upload; absent when the office keeps the document in its own library.
    #[serde(default)]
    pub file_id: Option<String>,
}

impl Registration {
    pub fn validate(&self) -> Result<()> {
        validate_document(
            &self.document_kind_category,
            &self.document_number,
            &self.document_date,
            &self.das_access_code,
        )?;
        if let Some(date) = &self.application_filing_date {
            validate_date("applicationFilingDate", date)?;
        }
        if let Some(number) = &self.application_number {
            validate_text("applicationNumber", number, 64)?;
        }
        if let Some(category) = &self.application_category {
            validate_text("applicationCategory", category, 64)?;
        }
        if let Some(id) = &self.file_id {
            validate_id("fileId", id)?;
        }
        Ok(())
    }

    /// The registered document as queries name it (status, certificate, withdrawal).
    pub fn document(&self) -> DocumentQuery {
        DocumentQuery {
            document_kind_category: self.document_kind_category.clone(),
            document_number: self.document_number.clone(),
            document_date: self.document_date.clone(),
            das_access_code: self.das_access_code.clone(),
        }
    }
}

/// `pdf`, or `zip` (a PDDP / ST.26 package).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename = "FileFormatCategory")]
pub enum FileFormat {
    Pdf,
    Zip,
}

impl FileFormat {
    /// The format a `fileFormatCategory` names (`pdf` or `zip`, as on the wire).
    pub fn from_category(category: &str) -> Option<FileFormat> {
        match category {
            "pdf" => Some(FileFormat::Pdf),
            "zip" => Some(FileFormat::Zip),
            _ => None,
        }
    }

    /// The `Content-Type` of the presigned PUT.
    pub fn media_type(self) -> &'static str {
        match self {
            FileFormat::Pdf => "application/pdf",
            FileFormat::Zip => "application/zip",
        }
    }
}

/// `POST requests/files/url-uploads`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields, rename = "UploadUrlRequest")]
pub struct UploadRequest {
    pub file_reference: String,
    pub file_format_category: FileFormat,
    /// SHA-256, lowercase hex.
    pub file_checksum: String,
}

impl UploadRequest {
    pub fn validate(&self) -> Result<()> {
        validate_text("fileReference", &self.file_reference, 200)?;
        validate_checksum(&self.file_checksum)
    }
}

/// `pending | success | error` (since 2024-01-14). Other words are matched by meaning and
/// case-insensitively; a word with no known meaning is `unknown` (a watcher reports it and
/// keeps waiting until its timeout). The raw word is kept beside it (`requestStatusWord`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default, TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename = "RequestStatusCategory")]
pub enum RequestStatus {
    Pending,
    Success,
    Error,
    #[default]
    Unknown,
}

impl RequestStatus {
    /// The category as the package names it (`requestStatusCategory` in results).
    pub fn category(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Success => "success",
            RequestStatus::Error => "error",
            RequestStatus::Unknown => "unknown",
        }
    }

    /// The meaning of a status word.
    pub fn from_word(word: &str) -> RequestStatus {
        let raw = word.trim().to_ascii_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| raw.contains(w));
        if has(&[
            "error",
            "fail",
            "reject",
            "refus",
            "invalid",
            "unavailable",
            "not ",
            "expired",
            "cancel",
        ]) {
            RequestStatus::Error
        } else if has(&["success", "complete", "available", "done", "finish"]) {
            RequestStatus::Success
        } else if has(&[
            "pending", "process", "progress", "queue", "wait", "request", "accept", "new",
        ]) {
            RequestStatus::Pending
        } else {
            RequestStatus::Unknown
        }
    }
}

/// Any value: a string is read by its meaning, anything else is `unknown`.
impl<'de> Deserialize<'de> for RequestStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Ok(
            lenient::any_text(d)?.map_or(RequestStatus::Unknown, |word| {
                RequestStatus::from_word(&word)
            }),
        )
    }
}

/// The acknowledgement of a retrieval or registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
#[ts(optional_fields)]
pub struct RequestAck {
    #[serde(alias = "ackId", alias = "osfAckId")]
    pub request_ack_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_status_category: Option<RequestStatus>,
    /// The service's own status word, as sent.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub request_status_word: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<f64>")]
    pub error_code: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
}

impl RequestAck {
    /// A pending acknowledgement, as an office answers a forwarded retrieval.
    pub fn pending(request_ack_id: String) -> RequestAck {
        RequestAck {
            request_ack_id,
            request_status_category: Some(RequestStatus::Pending),
            request_status_word: None,
            error_code: None,
            status_message: None,
        }
    }
}

/// One retrieval's state (`DocumentNotificationRetrievalStatus`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
#[ts(optional_fields)]
pub struct RetrievalStatus {
    #[serde(alias = "ackId", alias = "osfAckId")]
    pub request_ack_id: String,
    /// `unknown` when the word is missing or has no known meaning.
    #[serde(default)]
    pub request_status_category: RequestStatus,
    /// The service's own status word, as sent.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub request_status_word: Option<String>,
    /// The DAS error code when the status is an error, e.g. -7, -12 or -14.
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<f64>")]
    pub error_code: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_availability_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_kind_category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_date: Option<String>,
}

impl RetrievalStatus {
    /// Whether the retrieval reached an end state.
    pub fn is_settled(&self) -> bool {
        matches!(
            self.request_status_category,
            RequestStatus::Success | RequestStatus::Error
        )
    }
}

/// A presigned upload URL for a new or existing `fileId`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
#[ts(optional_fields)]
pub struct FileUploadUrl {
    pub file_id: String,
    #[serde(alias = "url")]
    pub file_upload_url: String,
}

/// A presigned download URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
#[ts(optional_fields)]
pub struct FileDownloadUrl {
    #[serde(alias = "url")]
    pub file_download_url: String,
}

/// The state of an uploaded file. `file_id` is filled in by the client from the request
/// (the documented response does not repeat it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
#[ts(optional_fields)]
pub struct FileStatus {
    #[serde(default)]
    pub file_id: String,
    /// `validated` once usable; the simulator also uses `pending` and `rejected`.
    #[serde(default)]
    pub file_status_category: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_format_category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_checksum: Option<String>,
    /// Bytes; `""` while processing (read as none), a numeric string is accepted.
    #[serde(
        default,
        deserialize_with = "lenient::opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<f64>")]
    pub file_size_quantity: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_date_time: Option<String>,
    /// An object, a string or an array on the wire; empty forms mean no error.
    #[serde(
        default,
        deserialize_with = "lenient::opt_error",
        skip_serializing_if = "Option::is_none"
    )]
    pub error: Option<DasErrorBody>,
}

/// Where an upload stands, read from a [`FileStatus`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    Validated,
    Failed,
    Processing,
}

impl FileStatus {
    /// Failed when an error is given or the word says so; validated when the word is
    /// `validated`, or — WIPO's sample client's rule (notes §12) — when a size is present and
    /// some other status word is given; processing otherwise.
    pub fn state(&self) -> FileState {
        let category = self.file_status_category.trim().to_ascii_lowercase();
        if self.error.is_some()
            || ["reject", "fail", "error", "invalid"]
                .iter()
                .any(|w| category.contains(w))
        {
            FileState::Failed
        } else if category == "validated"
            || (self.file_size_quantity.is_some()
                && !category.is_empty()
                && RequestStatus::from_word(&category) != RequestStatus::Pending)
        {
            FileState::Validated
        } else {
            FileState::Processing
        }
    }
}

/// The notification payload (`DocumentAvailability`): an OFF tells DAS a document is
/// available (or failed) for an ack id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields)]
pub struct DocumentAvailability {
    #[serde(alias = "ackId", alias = "osfAckId")]
    pub request_ack_id: String,
    pub request_status_category: RequestStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_kind_category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_date: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<f64>")]
    pub error_code: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_availability_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_id: Option<String>,
}

impl DocumentAvailability {
    /// The office of first filing's answer that the document is in the transit zone as
    /// `file_id` (seed 000 step 5), naming the ack id it issued in step 2.
    pub fn available(request_ack_id: &str, file_id: &str) -> DocumentAvailability {
        DocumentAvailability {
            request_ack_id: request_ack_id.to_owned(),
            request_status_category: RequestStatus::Success,
            document_kind_category: None,
            document_number: None,
            document_date: None,
            error_code: None,
            status_message: None,
            document_availability_date: None,
            file_id: Some(file_id.to_owned()),
        }
    }

    /// Its refusal instead, with a DAS error code and the reason.
    pub fn refused(request_ack_id: &str, error_code: i64, message: &str) -> DocumentAvailability {
        DocumentAvailability {
            request_status_category: RequestStatus::Error,
            error_code: Some(error_code),
            status_message: Some(message.to_owned()),
            file_id: None,
            ..DocumentAvailability::available(request_ack_id, "")
        }
    }

    pub fn validate(&self) -> Result<()> {
        validate_id("requestAckId", &self.request_ack_id)?;
        if let Some(date) = &self.document_date {
            validate_date("documentDate", date)?;
        }
        if let Some(id) = &self.file_id {
            validate_id("fileId", id)?;
        }
        Ok(())
    }
}

mod error_body;
mod fields;
#[cfg(test)]
mod tests;

pub use error_body::{DasErrorBody, DasErrorDetail};
pub(crate) use fields::{validate_checksum, validate_text};
pub use fields::{validate_date, validate_id};
use fields::{validate_document, validate_kind, validate_number};
