//! `POST requests/notifications`: an office tells DAS that a document is available (or that
//! the retrieval failed) for an ack id. Success is 204 since 2024-12-12 (201 before): any
//! 2xx is accepted.

use super::{DasConfig, DocumentAvailability};
use crate::error::Result;
use crate::http::{HttpRequest, Method};

pub fn request(config: &DasConfig, availability: &DocumentAvailability) -> Result<HttpRequest> {
    availability.validate()?;
    Ok(config.json(Method::Post, "/requests/notifications", availability))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::das::RequestStatus;

    #[test]
    fn body_is_the_availability() {
        let c = crate::das::test_config();
        let a = DocumentAvailability {
            request_ack_id: "OFF-1".into(),
            request_status_category: RequestStatus::Success,
            document_kind_category: None,
            document_number: None,
            document_date: None,
            error_code: None,
            status_message: None,
            document_availability_date: None,
            file_id: Some("F-1".into()),
        };
        let r = request(&c, &a).unwrap();
        assert_eq!(r.url, "https://das.example/das/v1/requests/notifications");
        assert!(r.body.unwrap().text().contains(r#""fileId":"F-1""#));
        let bad = DocumentAvailability {
            request_ack_id: String::new(),
            ..a
        };
        assert!(request(&c, &bad).is_err());
    }
}
