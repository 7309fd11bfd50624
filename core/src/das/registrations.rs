//! The office of first filing's registrations: `requests/registrations` POST (register),
//! PUT (correct, or replace the content with a new `fileId`), DELETE (withdraw);
//! `requests/registrations/certificates` GET (the certificate PDF); and
//! `documents/registrations/statuses` GET (is this document registered, with these data?).

use super::lenient::Probe;
use super::{parse_json, DasConfig, DocumentQuery, Registration, RequestAck, RequestStatus};
use crate::error::{Error, ErrorDetail, ErrorKind, Result};
use crate::http::{HttpRequest, Method, ResponseHead};
use serde::Serialize;
use serde_json::value::RawValue;

const PATH: &str = "/requests/registrations";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Body<'a> {
    operation_category: &'static str,
    #[serde(flatten)]
    registration: &'a Registration,
    email: Option<()>,
}

fn body(registration: &Registration) -> Body<'_> {
    Body {
        operation_category: "registration",
        registration,
        email: None,
    }
}

pub fn register_request(config: &DasConfig, registration: &Registration) -> Result<HttpRequest> {
    registration.validate()?;
    Ok(config.json(Method::Post, PATH, &body(registration)))
}

pub fn update_request(config: &DasConfig, registration: &Registration) -> Result<HttpRequest> {
    registration.validate()?;
    Ok(config.json(Method::Put, PATH, &body(registration)))
}

/// Withdrawal names the document in the body (the legacy TDA form did the same).
pub fn withdraw_request(config: &DasConfig, document: &DocumentQuery) -> Result<HttpRequest> {
    document.validate()?;
    Ok(config.json(Method::Delete, PATH, document))
}

pub fn parse_ack(head: &ResponseHead, body: &str) -> Result<RequestAck> {
    super::parse_ack(head, body, "registration acknowledgement")
}

fn document_query(document: &DocumentQuery) -> [(&'static str, &str); 4] {
    [
        ("documentKindCategory", &document.document_kind_category),
        ("documentNumber", &document.document_number),
        ("documentDate", &document.document_date),
        ("dasAccessCode", &document.das_access_code),
    ]
}

/// The registration certificate (a PDF).
pub fn certificate_request(config: &DasConfig, document: &DocumentQuery) -> Result<HttpRequest> {
    document.validate()?;
    let mut request = config.request(
        Method::Get,
        "/requests/registrations/certificates",
        &document_query(document),
    );
    request.headers = vec![("accept", "application/pdf".to_owned())];
    // The one call outside `Endpoint` (its PDF never reaches the core): reading a
    // certificate twice is harmless.
    request.idempotent = true;
    Ok(request)
}

/// Whether a document is registered with these data; a mismatch is a `das` error with
/// detail code -7 (not registered), -12 (wrong date) or -14 (wrong access code).
pub fn status_request(config: &DasConfig, document: &DocumentQuery) -> Result<HttpRequest> {
    document.validate()?;
    Ok(config.request(
        Method::Get,
        "/documents/registrations/statuses",
        &document_query(document),
    ))
}

/// A registration status body. Its layout was not published: it is kept as the service sent
/// it, beside the fields this library reads from it (each none when absent or odd).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RegistrationStatusBody {
    /// The service's status word (`requestStatusCategory`), as sent.
    pub request_status_word: Option<String>,
    pub status_message: Option<String>,
    /// A number or a numeric string on the wire.
    pub error_code: Option<i64>,
    /// The body as sent (JSON).
    pub json: Box<RawValue>,
}

pub fn parse_status(head: &ResponseHead, body: &str) -> Result<RegistrationStatusBody> {
    let json: Box<RawValue> = parse_json(head, body, "registration status")?;
    let probe = Probe::of(json.get());
    Ok(RegistrationStatusBody {
        request_status_word: probe.request_status_category,
        status_message: probe.status_message,
        error_code: probe.error_code,
        json,
    })
}

impl RegistrationStatusBody {
    /// Where the registration stands. DAS may acknowledge a registration as pending and
    /// settle it later; a status without a word is a registered document (the -7/-12/-14
    /// refusals come as errors, not as status bodies).
    pub fn state(&self) -> RequestStatus {
        self.request_status_word
            .as_deref()
            .map_or(RequestStatus::Success, RequestStatus::from_word)
    }

    /// The error of a registration whose status says it failed, with its code when given.
    pub fn failure(&self) -> Error {
        let message = self.status_message.as_deref().unwrap_or("no message");
        let error = Error::new(
            ErrorKind::Das,
            format!("the registration failed: {message}"),
        );
        match self.error_code {
            Some(code) => error.with_details(vec![ErrorDetail {
                code,
                message: message.to_owned(),
            }]),
            None => error,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::RequestBody;

    use crate::das::test_config as config;

    fn registration() -> Registration {
        Registration {
            document_kind_category: "patent".into(),
            document_number: "PCT/IB2026/050123".into(),
            document_date: "2026-03-20".into(),
            das_access_code: "AB21".into(),
            application_category: Some("priority document".into()),
            application_number: None,
            application_filing_date: Some("2026-03-20".into()),
            file_id: Some("F-1".into()),
        }
    }

    #[test]
    fn registration_states_by_word_and_failures_keep_their_code() {
        let status = |body: &str| parse_status(&ResponseHead::new(200), body).unwrap();
        let state = |body: &str| status(body).state();
        assert_eq!(
            state(r#"{"requestStatusCategory": "PENDING"}"#),
            RequestStatus::Pending
        );
        assert_eq!(
            state(r#"{"requestStatusCategory": "success"}"#),
            RequestStatus::Success
        );
        assert_eq!(state(r#"{"documentNumber": "1"}"#), RequestStatus::Success);
        assert_eq!(
            state(r#"{"requestStatusCategory": "rejected"}"#),
            RequestStatus::Error
        );
        let failed = status(r#"{"errorCode": "-33", "statusMessage": "too large"}"#).failure();
        assert_eq!(failed.kind(), crate::ErrorKind::Das);
        assert_eq!(failed.details()[0].code, -33);
        assert!(failed.message().contains("too large"));
        let odd = status(r#"{"errorCode": {"x": 1}, "statusMessage": 5, "extra": [1.5]}"#);
        assert_eq!((odd.error_code, odd.status_message), (None, None));
        assert_eq!(
            odd.json.get(),
            r#"{"errorCode": {"x": 1}, "statusMessage": 5, "extra": [1.5]}"#
        );
        assert!(parse_status(&ResponseHead::new(200), "<html>").is_err());
    }

    #[test]
    fn register_body_matches_the_documented_example() {
        let r = register_request(&config(), &registration()).unwrap();
        let Some(RequestBody::Json(body)) = r.body else {
            panic!()
        };
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&body).unwrap(),
            serde_json::json!({"operationCategory": "registration", "documentKindCategory": "patent",
                "documentNumber": "PCT/IB2026/050123", "documentDate": "2026-03-20", "dasAccessCode": "AB21",
                "applicationCategory": "priority document", "applicationNumber": null,
                "applicationFilingDate": "2026-03-20", "fileId": "F-1", "email": null})
        );
        assert_eq!(
            update_request(&config(), &registration()).unwrap().method,
            Method::Put
        );
        let mut bad = registration();
        bad.application_filing_date = Some("20-03-2026".into());
        assert!(register_request(&config(), &bad).is_err());
    }

    #[test]
    fn queries_carry_the_document() {
        let q = DocumentQuery {
            document_kind_category: "utility model".into(),
            document_number: "DE 20 2020 000 001".into(),
            document_date: "2020-01-02".into(),
            das_access_code: "9F3A".into(),
        };
        let c = certificate_request(&config(), &q).unwrap();
        assert!(c.url.contains("/requests/registrations/certificates?documentKindCategory=utility%20model&documentNumber=DE%2020%202020%20000%20001"));
        assert_eq!(c.header_value("accept"), Some("application/pdf"));
        let s = status_request(&config(), &q).unwrap();
        assert!(s.url.contains("/documents/registrations/statuses?"));
        let w = withdraw_request(&config(), &q).unwrap();
        assert_eq!(w.method, Method::Delete);
    }
}
