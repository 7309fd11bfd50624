//! `POST requests/retrievals` (OSF asks for a document) and `GET requests/retrievals`
//! ("retrievals in process or newly completed", the polling alternative to notifications).

use super::{parse_json, DasConfig, DocumentQuery, RequestAck, RetrievalStatus};
use crate::error::{Error, Result};
use crate::http::{HttpRequest, Method, ResponseHead};
use serde::Serialize;

const PATH: &str = "/requests/retrievals";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Body<'a> {
    operation_category: &'static str,
    #[serde(flatten)]
    document: &'a DocumentQuery,
    application_category: Option<()>,
    application_number: Option<()>,
    application_filing_date: Option<()>,
}

/// The retrieval request; the application fields are sent as `null`, as in WIPO's example.
pub fn request(config: &DasConfig, document: &DocumentQuery) -> Result<HttpRequest> {
    document.validate()?;
    Ok(config.json(
        Method::Post,
        PATH,
        &Body {
            operation_category: "retrieval",
            document,
            application_category: None,
            application_number: None,
            application_filing_date: None,
        },
    ))
}

pub fn parse_ack(head: &ResponseHead, body: &str) -> Result<RequestAck> {
    parse_json(head, body, "retrieval acknowledgement")
}

/// All of this office's current retrievals, or one (`requestAckId` filter, which the
/// simulator honours and a service without it ignores).
pub fn list_request(config: &DasConfig, ack_id: Option<&str>) -> HttpRequest {
    match ack_id {
        Some(id) => config.request(Method::Get, PATH, &[("requestAckId", id)]),
        None => config.request(Method::Get, PATH, &[]),
    }
}

/// The response layout (`DocumentRetrievalResponseBag`) is unpublished: accepted as a bare
/// array, or as an object whose one array field holds the statuses (whatever its name).
pub fn parse_list(head: &ResponseHead, body: &str) -> Result<Vec<RetrievalStatus>> {
    let value: serde_json::Value = parse_json(head, body, "retrieval list")?;
    let list = match value {
        serde_json::Value::Array(items) => items,
        serde_json::Value::Object(fields) => {
            let mut arrays = fields.into_iter().filter_map(|(_, v)| match v {
                serde_json::Value::Array(items) => Some(items),
                _ => None,
            });
            match (arrays.next(), arrays.next()) {
                (Some(items), None) => items,
                (None, _) => Vec::new(),
                (Some(_), Some(_)) => return Err(Error::parse(
                    "the retrieval list object holds several arrays; cannot tell which is the list",
                    head.content_type.as_deref(),
                    body,
                )),
            }
        }
        serde_json::Value::Null => Vec::new(),
        _ => {
            return Err(Error::parse(
                "expected a list of retrievals",
                head.content_type.as_deref(),
                body,
            ))
        }
    };
    list.into_iter()
        .map(|item| {
            serde_json::from_value(item).map_err(|e| {
                Error::parse(
                    format!("malformed retrieval status: {e}"),
                    head.content_type.as_deref(),
                    body,
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::das::RequestStatus;
    use crate::http::RequestBody;

    fn config() -> DasConfig {
        DasConfig::new(
            "https://das.example",
            Some("/das-api/v1"),
            "https://t.example/token",
            "office",
            None,
        )
        .unwrap()
    }

    #[test]
    fn request_body_matches_wipo_example() {
        let r = request(
            &config(),
            &DocumentQuery {
                document_kind_category: "patent".into(),
                document_number: "PCT/IB2021/057271".into(),
                document_date: "2021-09-06".into(),
                das_access_code: "AB21".into(),
            },
        )
        .unwrap();
        assert_eq!(r.url, "https://das.example/das-api/v1/requests/retrievals");
        assert!(!r.idempotent);
        let Some(RequestBody::Json(body)) = r.body else {
            panic!()
        };
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&body).unwrap(),
            serde_json::json!({"operationCategory": "retrieval", "documentKindCategory": "patent",
                "documentNumber": "PCT/IB2021/057271", "documentDate": "2021-09-06", "dasAccessCode": "AB21",
                "applicationCategory": null, "applicationNumber": null, "applicationFilingDate": null})
        );
    }

    #[test]
    fn list_shapes() {
        let item = r#"{"requestAckId":"A1","requestStatusCategory":"success","documentAvailabilityDate":"2026-11-22T10:00:00Z"}"#;
        let head = ResponseHead::new(200);
        for body in [
            format!("[{item}]"),
            format!(r#"{{"documentRetrievals":[{item}]}}"#),
            format!(r#"{{"retrievals":[{item}],"count":1}}"#),
        ] {
            let list = parse_list(&head, &body).unwrap();
            assert_eq!(list.len(), 1, "{body}");
            assert_eq!(list[0].request_status_category, RequestStatus::Success);
            assert!(list[0].is_settled());
        }
        assert!(parse_list(&head, "{}").unwrap().is_empty());
        assert!(parse_list(&head, r#"{"a":[],"b":[]}"#).is_err());
        assert!(parse_list(&head, r#"[{"requestStatusCategory":"pending"}]"#).is_err());
        assert!(parse_list(&head, "42").is_err());
        assert_eq!(
            list_request(&config(), Some("A 1")).url,
            "https://das.example/das-api/v1/requests/retrievals?requestAckId=A%201"
        );
    }
}
