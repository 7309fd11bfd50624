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

    #[test]
    fn body_is_the_availability() {
        let c = crate::das::test_config();
        let a = DocumentAvailability::available("OFF-1", "F-1");
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
