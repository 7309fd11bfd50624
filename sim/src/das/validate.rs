//! Request validation as `shared/spec/das/openapi.yaml` describes it: required fields,
//! types (serde), enumerations and date formats. Every refusal is a DAS application error.

use super::state::AppError;
use serde::de::DeserializeOwned;
use serde::Deserialize;

pub const KINDS: [&str; 3] = ["patent", "utility model", "design"];
const STATUS_WORDS: [&str; 3] = ["pending", "success", "error"];

/// A JSON body, or a 400 application error saying what is wrong with it.
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    serde_json::from_slice(body)
        .map_err(|e| AppError::invalid(-1, format!("malformed request body: {e}")))
}

/// The fields that identify a document (registrations, retrievals, downloads).
#[derive(Deserialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct DocumentBody {
    #[serde(default)]
    pub operation_category: Option<String>,
    pub document_kind_category: String,
    pub document_number: String,
    pub document_date: String,
    #[serde(default)]
    pub das_access_code: Option<String>,
    #[serde(default)]
    pub application_category: Option<String>,
    #[serde(default)]
    pub application_number: Option<String>,
    #[serde(default)]
    pub application_filing_date: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub file_id: Option<String>,
}

impl DocumentBody {
    /// Kind, number and dates checked (the operation and access code by the callers that
    /// require them).
    pub fn check(&self) -> Result<(), AppError> {
        kind(&self.document_kind_category)?;
        if self.document_number.trim().is_empty() || self.document_number.len() > 64 {
            return Err(AppError::invalid(
                -2,
                "documentNumber must be 1 to 64 characters",
            ));
        }
        date("documentDate", &self.document_date)?;
        if let Some(d) = &self.application_filing_date {
            date("applicationFilingDate", d)?;
        }
        Ok(())
    }
}

/// A registration or retrieval body: `operationCategory` (required, as the spec says) must
/// be `operation`, and the access code must be present.
pub fn operation_document(body: &[u8], operation: &str) -> Result<DocumentBody, AppError> {
    checked_operation(parse(body)?, operation)
}

/// [`operation_document`] for a body already parsed.
pub fn checked_operation(doc: DocumentBody, operation: &str) -> Result<DocumentBody, AppError> {
    if doc.operation_category.as_deref() != Some(operation) {
        return Err(AppError::invalid(
            -3,
            format!("operationCategory must be \"{operation}\""),
        ));
    }
    if doc.das_access_code.is_none() {
        return Err(AppError::invalid(-8, "dasAccessCode is required"));
    }
    doc.check()?;
    Ok(doc)
}

pub fn kind(value: &str) -> Result<(), AppError> {
    if KINDS.contains(&value) {
        Ok(())
    } else {
        Err(AppError::invalid(
            -2,
            format!("documentKindCategory must be one of {KINDS:?}, got {value:?}"),
        ))
    }
}

pub fn date(field: &str, value: &str) -> Result<(), AppError> {
    let digits_only = value.len() == 10
        && value.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if digits_only && jiff::civil::Date::strptime("%Y-%m-%d", value).is_ok() {
        Ok(())
    } else {
        Err(AppError::invalid(
            -2,
            format!("{field} must be a date as YYYY-MM-DD, got {value:?}"),
        ))
    }
}

/// The notification payload (`DocumentAvailability`), typed as the spec gives it.
#[derive(Deserialize, Debug, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Availability {
    #[serde(alias = "ackId")]
    pub request_ack_id: String,
    #[serde(default)]
    pub request_status_category: Option<String>,
    #[serde(default)]
    pub document_kind_category: Option<String>,
    #[serde(default)]
    pub document_number: Option<String>,
    #[serde(default)]
    pub document_date: Option<String>,
    #[serde(default)]
    pub error_code: Option<i64>,
    #[serde(default)]
    pub status_message: Option<String>,
    #[serde(default)]
    pub document_availability_date: Option<String>,
    #[serde(default)]
    pub file_id: Option<String>,
}

impl Availability {
    pub fn parse(body: &[u8]) -> Result<Availability, AppError> {
        let a: Availability = parse(body)?;
        if let Some(word) = &a.request_status_category {
            if !STATUS_WORDS.contains(&word.as_str()) {
                return Err(AppError::invalid(
                    -4,
                    format!("requestStatusCategory must be one of {STATUS_WORDS:?}"),
                ));
            }
        }
        if let Some(k) = &a.document_kind_category {
            kind(k)?;
        }
        if let Some(d) = &a.document_date {
            date("documentDate", d)?;
        }
        if let Some(t) = &a.document_availability_date {
            if t.parse::<jiff::Timestamp>().is_err() {
                return Err(AppError::invalid(
                    -4,
                    "documentAvailabilityDate must be an RFC 3339 date-time",
                ));
            }
        }
        Ok(a)
    }

    /// Success unless the word says error or an error code is given.
    pub fn is_error(&self) -> bool {
        self.request_status_category.as_deref() == Some("error") || self.error_code.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_the_spec_refuses() {
        let doc = |json: &str| operation_document(json.as_bytes(), "retrieval");
        let ok = r#"{"operationCategory":"retrieval","documentKindCategory":"patent","documentNumber":"X1","documentDate":"2024-01-31","dasAccessCode":"AB12","applicationFilingDate":null}"#;
        assert!(doc(ok).is_ok());
        for bad in [
            ok.replace("\"patent\"", "\"garbage\""),
            ok.replace("2024-01-31", "AAA"),
            ok.replace("2024-01-31", "2024-+1-01"),
            ok.replace("\"retrieval\"", "\"registration\""),
            ok.replace(",\"dasAccessCode\":\"AB12\"", ""),
            ok.replace("null", "\"2024-02-30\""),
            ok.replace("null", "{}"),
            ok.replace("\"X1\"", "7"),
            "[]".into(),
        ] {
            assert!(doc(&bad).is_err(), "{bad}");
        }
        assert!(Availability::parse(br#"{"requestAckId":"A","fileId":{}}"#).is_err());
        assert!(
            Availability::parse(br#"{"requestAckId":"A","requestStatusCategory":"maybe"}"#)
                .is_err()
        );
        assert!(
            Availability::parse(br#"{"requestAckId":"A","documentAvailabilityDate":"soon"}"#)
                .is_err()
        );
        let fine = Availability::parse(br#"{"requestAckId":"A","fileId":"F","documentAvailabilityDate":"2026-11-29T10:00:00Z"}"#).unwrap();
        assert!(!fine.is_error());
    }
}
