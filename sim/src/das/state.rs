//! The DAS state machine: the catalogue of registered priority documents, retrievals (and
//! the simulated office of first filing that answers them), uploads and their validation,
//! registrations, and transit-file retention.

pub use super::error::{AppError, Detail};
use crate::media::formats;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Read;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// Timings, adjustable through `POST /_sim/das/settings`.
#[derive(Debug, Clone, Copy, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// How long the simulated office of first filing takes to answer a retrieval.
    pub off_delay_ms: u64,
    /// How long validating an upload takes once the file is in the transit zone.
    pub validation_delay_ms: u64,
    /// How long a registration stays `pending` before it is registered (0: at once).
    pub registration_delay_ms: u64,
    /// How long a settled retrieval stays in `GET requests/retrievals` ("in process or newly
    /// completed", notes §7); it can still be asked for by its ack id afterwards.
    pub settled_listing_secs: u64,
    pub upload_url_ttl_secs: u64,
    pub download_url_ttl_secs: u64,
    /// Transit copies of retrieved documents are deleted after this ("e.g. 1 week").
    pub retention_secs: u64,
    /// Largest accepted upload.
    pub max_upload_bytes: u64,
    /// Which documented form the disputed endpoints take (README, "Simulator choices").
    pub forms: Forms,
    /// The forms of answers the sources leave open.
    pub shapes: super::shapes::Shapes,
}

/// The two documented forms of `url-uploads`, file status and `url-downloads`: the spec's
/// (`POST/PUT requests/files/url-uploads`, `GET requests/files`, `POST
/// requests/files/url-downloads`) or seed 000's literal ones (`POST/PUT/GET
/// requests/url-uploads`, `GET requests/files/url-downloads?osfAckId=…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Forms {
    #[default]
    Spec,
    Seed,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            off_delay_ms: 1500,
            validation_delay_ms: 300,
            registration_delay_ms: 400,
            settled_listing_secs: 600,
            upload_url_ttl_secs: 900,
            download_url_ttl_secs: 300,
            retention_secs: 7 * 24 * 3600,
            max_upload_bytes: 4 << 30,
            forms: Forms::Spec,
            shapes: super::shapes::Shapes::default(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    pub document_kind_category: String,
    pub document_number: String,
    pub document_date: String,
    pub das_access_code: String,
    /// The registering office (`None` for the simulated office's seeded documents).
    #[serde(skip)]
    pub owner: Option<String>,
    /// The transit key of the registered content, if it was uploaded.
    #[serde(skip)]
    pub file_key: Option<String>,
    #[serde(skip)]
    pub registration_ack: Option<String>,
    /// A new or corrected registration is `pending` until then.
    #[serde(skip)]
    pub pending_until: Option<SystemTime>,
}

impl Document {
    pub fn is_pending(&self) -> bool {
        self.pending_until.is_some_and(|t| t > SystemTime::now())
    }
}

impl Document {
    fn seeded(kind: &str, number: &str, date: &str, code: &str) -> Document {
        Document {
            document_kind_category: kind.into(),
            document_number: number.into(),
            document_date: date.into(),
            das_access_code: code.into(),
            owner: None,
            file_key: None,
            registration_ack: None,
            pending_until: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pending,
    Success,
    Error,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Retrieval {
    pub request_ack_id: String,
    #[serde(skip)]
    pub office: String,
    pub document_kind_category: String,
    pub document_number: String,
    pub document_date: String,
    #[serde(skip)]
    pub das_access_code: String,
    pub request_status_category: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_availability_date: Option<String>,
    #[serde(skip)]
    pub file_key: Option<String>,
    #[serde(skip)]
    pub file_expires: Option<SystemTime>,
    /// The office of first filing this retrieval was forwarded to, and the ack id it issued
    /// (seed 000 step 2); its notification must name that ack id (step 5).
    #[serde(skip)]
    pub holder: Option<String>,
    #[serde(skip)]
    pub off_ack: Option<String>,
    #[serde(skip)]
    pub file_gone: bool,
    /// Flow c.2: WIPO is fetching the document from the office of first filing.
    #[serde(skip)]
    pub fetching: bool,
    /// When it stopped being pending (it leaves the list `settled_listing_secs` later).
    #[serde(skip)]
    pub settled_at: Option<SystemTime>,
}

impl Retrieval {
    /// The document is in the transit zone at `key`, kept for `retention_secs`.
    pub fn complete(&mut self, key: String, retention_secs: u64) {
        self.request_status_category = Status::Success;
        self.settled_at = Some(SystemTime::now());
        self.document_availability_date = Some(now_rfc3339());
        self.file_key = Some(key);
        self.file_expires = Some(SystemTime::now() + Duration::from_secs(retention_secs));
    }

    /// The retrieval failed with a DAS code and the reason.
    pub fn fail(&mut self, code: i64, message: Option<String>) {
        self.request_status_category = Status::Error;
        self.settled_at = Some(SystemTime::now());
        self.error_code = Some(code);
        self.status_message = message;
    }

    /// Whether `GET requests/retrievals` still lists it (without an ack id filter).
    pub fn listed(&self, settled_listing: Duration) -> bool {
        self.settled_at
            .is_none_or(|t| t + settled_listing > SystemTime::now())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UploadState {
    Pending,
    Validating,
    Validated,
    Rejected(AppError),
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Upload {
    pub file_id: String,
    #[serde(skip)]
    pub office: String,
    pub file_reference: String,
    pub file_format_category: String,
    pub file_checksum: String,
    pub key: String,
    pub state: UploadState,
    pub size: Option<u64>,
    pub date_time: String,
}

#[derive(Default)]
pub struct DasState {
    pub settings: Mutex<Settings>,
    pub catalogue: Mutex<Vec<Document>>,
    pub retrievals: Mutex<HashMap<String, Retrieval>>,
    pub uploads: Mutex<HashMap<String, Upload>>,
    pub notifications: Mutex<Vec<serde_json::Value>>,
}

pub fn new_id(prefix: &str) -> String {
    format!(
        "{prefix}-{}",
        hex::encode(rand::random::<[u8; 8]>()).to_uppercase()
    )
}

pub fn now_rfc3339() -> String {
    jiff::Timestamp::now().to_string()
}

impl DasState {
    /// The simulated office of first filing's documents (their access codes are in
    /// `/_sim/info`, as a real OFF would hand them to the applicant).
    pub fn seeded() -> DasState {
        let state = DasState::default();
        *state.catalogue.lock().unwrap() = vec![
            Document::seeded("patent", "PCT/IB2026/050001", "2026-01-15", "AB21"),
            Document::seeded("patent", "US 18/123,456", "2025-06-02", "9F3A"),
            Document::seeded("patent", "EP25150001", "2025-01-07", "E7B2"),
            Document::seeded("patent", "JP2025-012345", "2025-01-24", "4C0D"),
            Document::seeded("utility model", "DE 20 2025 100 123", "2025-02-14", "5A6B"),
            Document::seeded("design", "EM 008765432-0001", "2025-03-03", "D3F1"),
        ];
        state
    }

    pub fn with_forms(self, forms: Forms) -> DasState {
        self.settings.lock().unwrap().forms = forms;
        self
    }

    pub fn settings(&self) -> Settings {
        *self.settings.lock().unwrap()
    }

    /// Checks a document's number/kind, date and access code in that order, as the
    /// documented errors -7, -12 and -14 do (their messages echo the expected values, as
    /// WIPO's do).
    pub fn find(
        &self,
        kind: &str,
        number: &str,
        date: &str,
        code: &str,
    ) -> Result<Document, AppError> {
        let catalogue = self.catalogue.lock().unwrap();
        let doc = catalogue
            .iter()
            .find(|d| d.document_number == number && d.document_kind_category == kind)
            .ok_or_else(|| {
                AppError::invalid(
                    -7,
                    format!("The requested document is not registered in the system: documentNumber={number}, documentKindCategory={kind}"),
                )
            })?;
        if doc.document_date != date {
            return Err(AppError::invalid(
                -12,
                format!(
                    "Mismatched priority filing date: documentDate: expected documentDate={}",
                    doc.document_date
                ),
            ));
        }
        if !doc.das_access_code.eq_ignore_ascii_case(code) {
            return Err(AppError::invalid(
                -14,
                format!(
                    "Mismatched access code: dasAccessCode: expected dasAccessCode={}",
                    doc.das_access_code
                ),
            ));
        }
        Ok(doc.clone())
    }

    /// The simulated OFF's answer to a retrieval: the document placed in the transit zone
    /// (its content, or a generated PDF), or an error code.
    pub fn resolve_retrieval(&self, ack: &str, transit: &crate::transit::Transit) {
        let Some(r) = self.retrievals.lock().unwrap().get(ack).cloned() else {
            return;
        };
        let outcome = self.find(
            &r.document_kind_category,
            &r.document_number,
            &r.document_date,
            &r.das_access_code,
        );
        let key = format!("retrievals/{ack}/document.pdf");
        let stored = outcome.and_then(|doc| {
            let written = match &doc.file_key {
                Some(source) => transit.copy(source, &key),
                None => transit.write(
                    &key,
                    &formats::pdf(
                        &format!("Priority document {}", doc.document_number),
                        &[
                            format!("Kind: {}", doc.document_kind_category),
                            format!("Filing date: {}", doc.document_date),
                            "Certified copy delivered by the simulated office of first filing."
                                .into(),
                        ],
                        2,
                    ),
                ),
            };
            written.map_err(|e| {
                AppError::new("SYSTEM_ERROR", -100, format!("transit write failed: {e}"))
            })
        });
        let mut retrievals = self.retrievals.lock().unwrap();
        let Some(r) = retrievals.get_mut(ack) else {
            return;
        };
        match stored {
            Ok(()) => r.complete(key, self.settings().retention_secs),
            Err(e) => {
                let detail = e.details.first();
                r.fail(
                    detail.map_or(-100, |d| d.code),
                    detail.map(|d| d.message.clone()),
                );
            }
        }
    }

    /// Deletes transit copies past their retention.
    pub fn sweep(&self, transit: &crate::transit::Transit) {
        let now = SystemTime::now();
        for r in self.retrievals.lock().unwrap().values_mut() {
            if !r.file_gone && r.file_expires.is_some_and(|t| t <= now) {
                if let Some(key) = &r.file_key {
                    transit.delete(key);
                }
                r.file_gone = true;
            }
        }
    }
}

/// Validates an uploaded file: format magic, size, SHA-256 against the declared checksum.
/// Reads in 1 MiB blocks (files may be gigabytes).
pub fn validate_file(
    path: &std::path::Path,
    format: &str,
    checksum: &str,
    max: u64,
) -> Result<u64, AppError> {
    let mut file = std::fs::File::open(path)
        .map_err(|e| AppError::new("SYSTEM_ERROR", -100, format!("cannot read the upload: {e}")))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    let mut size = 0u64;
    let mut head = Vec::new();
    loop {
        let n = file.read(&mut buffer).map_err(|e| {
            AppError::new("SYSTEM_ERROR", -100, format!("cannot read the upload: {e}"))
        })?;
        if n == 0 {
            break;
        }
        if head.len() < 8 {
            head.extend_from_slice(&buffer[..n.min(8)]);
        }
        hasher.update(&buffer[..n]);
        size += n as u64;
    }
    if size == 0 {
        return Err(AppError::new(
            "INVALID_FILE",
            -33,
            "the uploaded file is empty",
        ));
    }
    if size > max {
        return Err(AppError::new(
            "INVALID_FILE",
            -33,
            format!("the uploaded file exceeds {max} bytes"),
        ));
    }
    let magic_ok = match format {
        "pdf" => head.starts_with(b"%PDF-"),
        "zip" => head.starts_with(b"PK\x03\x04"),
        _ => false,
    };
    if !magic_ok {
        return Err(AppError::new(
            "INVALID_FILE",
            -32,
            format!("the uploaded file is not a {format} file"),
        ));
    }
    let actual = hex::encode(hasher.finalize());
    if actual != checksum {
        return Err(AppError::new(
            "CHECKSUM_MISMATCH",
            -31,
            format!("fileChecksum {checksum} does not match the uploaded content ({actual})"),
        ));
    }
    Ok(size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_error_codes_in_order() {
        let s = DasState::seeded();
        let code = |r: Result<Document, AppError>| r.unwrap_err().details[0].code;
        assert_eq!(
            code(s.find("patent", "PCT/II2021/057271", "2026-01-15", "AB21")),
            -7
        );
        assert_eq!(
            code(s.find("design", "PCT/IB2026/050001", "2026-01-15", "AB21")),
            -7
        );
        assert_eq!(
            code(s.find("patent", "PCT/IB2026/050001", "2026-01-16", "AB21")),
            -12
        );
        assert_eq!(
            code(s.find("patent", "PCT/IB2026/050001", "2026-01-15", "AB22")),
            -14
        );
        assert!(s
            .find("patent", "PCT/IB2026/050001", "2026-01-15", "ab21")
            .is_ok());
    }

    #[test]
    fn file_validation() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let pdf = b"%PDF-1.4 hello".to_vec();
        std::fs::write(&path, &pdf).unwrap();
        let sum = hex::encode(Sha256::digest(&pdf));
        assert_eq!(
            validate_file(&path, "pdf", &sum, 1 << 20),
            Ok(pdf.len() as u64)
        );
        assert_eq!(
            validate_file(&path, "zip", &sum, 1 << 20)
                .unwrap_err()
                .details[0]
                .code,
            -32
        );
        assert_eq!(
            validate_file(&path, "pdf", &"0".repeat(64), 1 << 20)
                .unwrap_err()
                .code,
            "CHECKSUM_MISMATCH"
        );
        assert_eq!(
            validate_file(&path, "pdf", &sum, 4).unwrap_err().details[0].code,
            -33
        );
        std::fs::write(&path, b"").unwrap();
        assert_eq!(
            validate_file(&path, "pdf", &sum, 1 << 20)
                .unwrap_err()
                .details[0]
                .code,
            -33
        );
    }
}
