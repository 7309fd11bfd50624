//! DAS request and response models (camelCase on the wire). Requests validate their fields
//! before anything is sent; responses ignore unknown fields and accept the documented name
//! variants (`requestAckId` / `ackId` / `osfAckId`).

use crate::error::{Error, ErrorDetail, Result};
use serde::{Deserialize, Deserializer, Serialize};

/// Identifies a priority document and proves access to it (retrievals, certificates,
/// status checks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentQuery {
    pub document_kind_category: String,
    pub document_number: String,
    /// `YYYY-MM-DD`, the priority filing date.
    pub document_date: String,
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransitFileRef {
    /// The `requestAckId` that `POST requests/retrievals` returned.
    pub osf_ack_id: String,
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Registration {
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
}

/// `pdf`, or `zip` (a PDDP / ST.26 package).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileFormat {
    Pdf,
    Zip,
}

impl FileFormat {
    /// The `Content-Type` of the presigned PUT.
    pub fn media_type(self) -> &'static str {
        match self {
            FileFormat::Pdf => "application/pdf",
            FileFormat::Zip => "application/zip",
        }
    }
}

/// `POST requests/files/url-uploads`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
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

/// `pending | success | error` (since 2024-01-14). Older or unknown values are mapped by
/// meaning, so a watcher keeps polling rather than failing on a new word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RequestStatus {
    Pending,
    Success,
    Error,
}

impl<'de> Deserialize<'de> for RequestStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let raw = String::deserialize(d)?.to_ascii_lowercase();
        Ok(
            if raw.contains("error") || raw.contains("fail") || raw.contains("reject") {
                RequestStatus::Error
            } else if raw.contains("success")
                || raw.contains("complete")
                || raw.contains("available")
            {
                RequestStatus::Success
            } else {
                RequestStatus::Pending
            },
        )
    }
}

/// The acknowledgement of a retrieval or registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestAck {
    #[serde(alias = "ackId", alias = "osfAckId")]
    pub request_ack_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_status_category: Option<RequestStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
}

/// One retrieval's state (`DocumentNotificationRetrievalStatus`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RetrievalStatus {
    #[serde(alias = "ackId", alias = "osfAckId")]
    pub request_ack_id: String,
    pub request_status_category: RequestStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
        self.request_status_category != RequestStatus::Pending
    }
}

/// A presigned upload URL for a new or existing `fileId`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileUploadUrl {
    pub file_id: String,
    #[serde(alias = "url")]
    pub file_upload_url: String,
}

/// A presigned download URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileDownloadUrl {
    #[serde(alias = "url")]
    pub file_download_url: String,
}

/// The error object of the DAS API (also the `error` field of a file status).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DasErrorBody {
    #[serde(
        default,
        deserialize_with = "string_or_number",
        skip_serializing_if = "Option::is_none"
    )]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<DasErrorDetail>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DasErrorDetail {
    pub code: i64,
    #[serde(default)]
    pub message: Option<String>,
}

impl DasErrorBody {
    pub fn details(&self) -> Vec<ErrorDetail> {
        self.details
            .iter()
            .map(|d| ErrorDetail {
                code: d.code,
                message: d.message.clone().unwrap_or_default(),
            })
            .collect()
    }

    /// One line: the first detail's message, else the message, else the code.
    pub fn summary(&self) -> String {
        let detail = self.details.first().map(|d| {
            format!(
                "{} ({})",
                d.message.as_deref().unwrap_or("no message"),
                d.code
            )
        });
        detail
            .or_else(|| self.message.clone())
            .or_else(|| self.code.clone())
            .unwrap_or_else(|| "no details given".into())
    }
}

/// The state of an uploaded file. `file_id` is filled in by the client from the request
/// (the documented response does not repeat it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_size_quantity: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_date_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    pub fn state(&self) -> FileState {
        let category = self.file_status_category.to_ascii_lowercase();
        if self.error.is_some()
            || ["reject", "fail", "error", "invalid"]
                .iter()
                .any(|w| category.contains(w))
        {
            FileState::Failed
        } else if category == "validated" {
            FileState::Validated
        } else {
            FileState::Processing
        }
    }
}

/// The notification payload (`DocumentAvailability`): an OFF tells DAS a document is
/// available (or failed) for an ack id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_availability_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_id: Option<String>,
}

impl DocumentAvailability {
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

fn string_or_number<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Code {
        Text(String),
        Number(i64),
    }
    Ok(Option::<Code>::deserialize(d)?.map(|c| match c {
        Code::Text(s) => s,
        Code::Number(n) => n.to_string(),
    }))
}

/// The fields that identify a document and prove access to it.
fn validate_document(kind: &str, number: &str, date: &str, access_code: &str) -> Result<()> {
    validate_kind(kind)?;
    validate_number(number)?;
    validate_date("documentDate", date)?;
    validate_access_code(access_code)
}

fn invalid(field: &str, why: &str, value: &str) -> Error {
    Error::invalid_input(format!("{field} {why}, got {value:?}"))
}

/// Free text: non-empty, at most `max` characters, no control characters.
pub(crate) fn validate_text(field: &str, value: &str, max: usize) -> Result<()> {
    if value.trim().is_empty() {
        return Err(invalid(field, "must not be empty", value));
    }
    if value.chars().count() > max {
        return Err(invalid(
            field,
            &format!("must be at most {max} characters"),
            value,
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(invalid(field, "must not contain control characters", value));
    }
    Ok(())
}

/// Identifiers issued by DAS (ack ids, file ids): visible ASCII.
pub fn validate_id(field: &str, value: &str) -> Result<()> {
    if value.is_empty() || value.len() > 200 || !value.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(invalid(
            field,
            "must be 1 to 200 visible ASCII characters",
            value,
        ));
    }
    Ok(())
}

/// `patent`, `utility model`, `design`, or another word the service may add.
fn validate_kind(value: &str) -> Result<()> {
    validate_text("documentKindCategory", value, 40)?;
    if !value
        .chars()
        .all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '-')
    {
        return Err(invalid(
            "documentKindCategory",
            "must be words such as \"patent\", \"utility model\" or \"design\"",
            value,
        ));
    }
    Ok(())
}

/// e.g. `PCT/IB2021/057271`, `US 17/123,456`, `2020-123456`.
fn validate_number(value: &str) -> Result<()> {
    validate_text("documentNumber", value, 64)
}

/// The access code the DAS portal issues: 4 letters or digits (up to 10 accepted, in case
/// an office issues longer ones).
fn validate_access_code(value: &str) -> Result<()> {
    if !(4..=10).contains(&value.len()) || !value.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(invalid(
            "dasAccessCode",
            "must be 4 to 10 letters or digits",
            value,
        ));
    }
    Ok(())
}

/// SHA-256 as 64 hex digits (lowercase on the wire).
pub(crate) fn validate_checksum(value: &str) -> Result<()> {
    if value.len() != 64
        || !value
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(invalid(
            "fileChecksum",
            "must be a SHA-256 as 64 lowercase hex digits",
            value,
        ));
    }
    Ok(())
}

/// `YYYY-MM-DD` and a real calendar date.
pub(crate) fn validate_date(field: &str, value: &str) -> Result<()> {
    let parts: Vec<&str> = value.split('-').collect();
    let ok = match parts[..] {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => {
            match (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) {
                (Ok(y), Ok(m), Ok(d)) => {
                    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
                    let days = [
                        31,
                        if leap { 29 } else { 28 },
                        31,
                        30,
                        31,
                        30,
                        31,
                        31,
                        30,
                        31,
                        30,
                        31,
                    ];
                    (1..=12).contains(&m) && d >= 1 && d <= days[(m - 1) as usize] && y >= 1900
                }
                _ => false,
            }
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(invalid(field, "must be a date as YYYY-MM-DD", value))
    }
}

#[cfg(test)]
mod tests;
