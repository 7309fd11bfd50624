//! DAS input objects from JavaScript, read field by field. A key that is not read is refused
//! (a typo such as `documentNumbr` is named, with the keys that are known), and a missing or
//! ill-typed field is named. One reader serves every input, so no input type brings its own
//! deserializer into the wasm: serde's derives for the DAS inputs and the options cost
//! `ipdocs/das` 8.5 KiB gzip (issue 20.2). The models keep their derives for Rust users and
//! the office server.

use super::convert::{check_keys, present, property};
use crate::das::{
    DocumentAvailability, DocumentQuery, FileFormat, Registration, RequestStatus, TransitFileRef,
    UploadRequest,
};
use crate::error::{Error, Result};
use std::cell::RefCell;
use wasm_bindgen::JsValue;

/// A type JavaScript gives as a plain object.
pub trait FromJs: Sized {
    /// Reads every field it knows, even after a problem (see [`Fields`]).
    fn read(fields: &Fields) -> Self;
}

/// Reads `value` as a `T`.
pub fn input<T: FromJs>(what: &str, value: &JsValue) -> Result<T> {
    let fields = Fields::of(what, value);
    let input = T::read(&fields);
    fields.finish(&[])?;
    Ok(input)
}

/// The fields of one input object, as they are read. The readers never fail: they note the
/// first problem and answer an empty value, so that every key is known by the end and an
/// unknown key (the likelier mistake) is reported before a field it made missing. Not an
/// object: every field reads as absent, and [`Fields::finish`] says so first.
pub struct Fields<'a> {
    what: &'a str,
    object: &'a JsValue,
    known: RefCell<Vec<&'static str>>,
    problem: RefCell<Option<String>>,
}

impl<'a> Fields<'a> {
    pub fn of(what: &'a str, object: &'a JsValue) -> Fields<'a> {
        Fields {
            what,
            object,
            known: RefCell::default(),
            problem: RefCell::default(),
        }
    }

    /// The first problem as an error: not an object, or a key that was never read (`others`
    /// being the keys the caller reads itself) ([`check_keys`]), else a missing or ill-typed
    /// field.
    pub fn finish(self, others: &[&'static str]) -> Result<()> {
        let mut known = self.known.into_inner();
        known.extend_from_slice(others);
        check_keys(self.what, self.object, &known)?;
        match self.problem.into_inner() {
            Some(problem) => Err(Error::invalid_input(format!("{}: {problem}", self.what))),
            None => Ok(()),
        }
    }

    fn note(&self, problem: String) {
        self.problem.borrow_mut().get_or_insert(problem);
    }

    /// The value under `key`, read with `read` when present (neither `undefined` nor `null`);
    /// `kind` names what `read` accepts.
    fn field<T>(
        &self,
        key: &'static str,
        kind: &str,
        read: impl FnOnce(&JsValue) -> Option<T>,
    ) -> Option<T> {
        self.known.borrow_mut().push(key);
        let value = property(self.object, key);
        if !present(&value) {
            return None;
        }
        let read = read(&value);
        if read.is_none() {
            self.note(format!("{key} must be {kind}"));
        }
        read
    }

    /// `value`, noting `key` as missing when there is none.
    pub fn required<T>(&self, key: &str, value: Option<T>) -> Option<T> {
        if value.is_none() {
            self.note(format!("{key} is required"));
        }
        value
    }

    pub fn opt_string(&self, key: &'static str) -> Option<String> {
        self.field(key, "a string", JsValue::as_string)
    }

    pub fn string(&self, key: &'static str) -> String {
        self.required(key, self.opt_string(key)).unwrap_or_default()
    }

    /// A whole number from 0 to 2³² − 1.
    pub fn opt_u32(&self, key: &'static str) -> Option<u32> {
        self.field(key, "a whole number ≥ 0", |value| {
            let n = value.as_f64()?;
            (n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n)).then_some(n as u32)
        })
    }

    /// A number, or a numeric string (`""` is none), as DAS sends codes.
    pub fn opt_code(&self, key: &'static str) -> Option<i64> {
        self.field(key, "a number", |value| match value.as_string() {
            Some(text) if text.trim().is_empty() => Some(None),
            Some(text) => text.trim().parse().ok().map(Some),
            // `as` saturates at the bounds.
            None => value
                .as_f64()
                .filter(|n| n.is_finite())
                .map(|n| Some(n as i64)),
        })
        .flatten()
    }
}

impl FromJs for DocumentQuery {
    fn read(f: &Fields) -> Self {
        DocumentQuery {
            document_kind_category: f.string("documentKindCategory"),
            document_number: f.string("documentNumber"),
            document_date: f.string("documentDate"),
            das_access_code: f.string("dasAccessCode"),
        }
    }
}

impl FromJs for TransitFileRef {
    fn read(f: &Fields) -> Self {
        TransitFileRef {
            osf_ack_id: f.string("osfAckId"),
            document_kind_category: f.string("documentKindCategory"),
            document_number: f.string("documentNumber"),
            document_date: f.string("documentDate"),
        }
    }
}

impl FromJs for Registration {
    fn read(f: &Fields) -> Self {
        Registration {
            document_kind_category: f.string("documentKindCategory"),
            document_number: f.string("documentNumber"),
            document_date: f.string("documentDate"),
            das_access_code: f.string("dasAccessCode"),
            application_category: f.opt_string("applicationCategory"),
            application_number: f.opt_string("applicationNumber"),
            application_filing_date: f.opt_string("applicationFilingDate"),
            file_id: f.opt_string("fileId"),
        }
    }
}

impl FromJs for UploadRequest {
    fn read(f: &Fields) -> Self {
        UploadRequest {
            file_reference: f.string("fileReference"),
            file_format_category: file_format(f, "fileFormatCategory"),
            file_checksum: f.string("fileChecksum"),
        }
    }
}

/// `pdf` or `zip` (required).
pub fn file_format(f: &Fields, key: &'static str) -> FileFormat {
    let format = f.field(key, "\"pdf\" or \"zip\"", |value| {
        FileFormat::from_category(&value.as_string()?)
    });
    f.required(key, format).unwrap_or(FileFormat::Pdf)
}

impl FromJs for DocumentAvailability {
    fn read(f: &Fields) -> Self {
        // The ack id under any of its documented names, as the model's derive accepts it.
        let ack_ids = [
            f.opt_string("requestAckId"),
            f.opt_string("ackId"),
            f.opt_string("osfAckId"),
        ];
        let request_ack_id = ack_ids.into_iter().flatten().next();
        // Any word, read by its meaning (as in responses).
        let status = f.field("requestStatusCategory", "a string", |value| {
            Some(value.as_string().map_or(RequestStatus::Unknown, |word| {
                RequestStatus::from_word(&word)
            }))
        });
        DocumentAvailability {
            request_ack_id: f
                .required("requestAckId", request_ack_id)
                .unwrap_or_default(),
            request_status_category: f
                .required("requestStatusCategory", status)
                .unwrap_or_default(),
            document_kind_category: f.opt_string("documentKindCategory"),
            document_number: f.opt_string("documentNumber"),
            document_date: f.opt_string("documentDate"),
            error_code: f.opt_code("errorCode"),
            status_message: f.opt_string("statusMessage"),
            document_availability_date: f.opt_string("documentAvailabilityDate"),
            file_id: f.opt_string("fileId"),
        }
    }
}
