//! `POST requests/retrievals` (OSF asks for a document) and `GET requests/retrievals`
//! ("retrievals in process or newly completed", the polling alternative to notifications).

use super::lenient::{shape, Probe, Shape};
use super::{parse_json, DasConfig, DocumentQuery, RequestAck, RetrievalStatus};
use crate::error::{Error, Result};
use crate::http::{HttpRequest, Method, ResponseHead};
use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::value::RawValue;
use std::fmt;
use ts_rs::TS;

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
    super::parse_ack(head, body, "retrieval acknowledgement")
}

/// All of this office's current retrievals, or one (`requestAckId` filter, which the
/// simulator honours and a service without it ignores).
pub fn list_request(config: &DasConfig, ack_id: Option<&str>) -> HttpRequest {
    match ack_id {
        Some(id) => config.request(Method::Get, PATH, &[("requestAckId", id)]),
        None => config.request(Method::Get, PATH, &[]),
    }
}

/// The retrievals read from a list, and the items that could not be read (each on its own:
/// one bad item does not hide the others).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
#[ts(optional_fields)]
pub struct RetrievalList {
    pub retrievals: Vec<RetrievalStatus>,
    pub unreadable: Vec<UnreadableRetrieval>,
}

/// A list item that is not a retrieval status; its ack id when one could be found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
#[ts(optional_fields)]
pub struct UnreadableRetrieval {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_ack_id: Option<String>,
    pub reason: String,
}

/// The response layout (`DocumentRetrievalResponseBag`) is unpublished (notes §3, §10.8).
/// Accepted: a bare array; an object holding the list in one of its fields; or that object
/// nested one level down. Where an object holds several arrays, the list is the one whose
/// items carry ack ids (others, e.g. `links`, are ignored), searched at both levels before
/// a lone array without ack ids (an empty list) is taken.
pub fn parse_list(head: &ResponseHead, body: &str) -> Result<RetrievalList> {
    let json: &RawValue = parse_json(head, body, "retrieval list")?;
    let items = match shape(json) {
        Shape::Null => Vec::new(),
        Shape::List => list(json).unwrap_or_default(),
        Shape::Object => find_list(json, 1, false)
            .or_else(|| find_list(json, 1, true))
            .unwrap_or_default(),
        Shape::Text | Shape::Other => {
            return Err(Error::parse(
                "expected a list of retrievals",
                head.content_type.as_deref(),
                body,
            ))
        }
    };
    let mut list = RetrievalList::default();
    for item in items {
        match read_item(item) {
            Ok(status) => list.retrievals.push(status),
            Err(unreadable) => list.unreadable.push(unreadable),
        }
    }
    Ok(list)
}

fn list(json: &RawValue) -> Option<Vec<&RawValue>> {
    serde_json::from_str(json.get()).ok()
}

/// The array of retrieval-like objects among an object's fields, searching `depth` more
/// levels of nested objects if none is found at this one; `lone`: else the only array.
fn find_list(object: &RawValue, depth: u8, lone: bool) -> Option<Vec<&RawValue>> {
    let Ok(FieldValues(fields)) = serde_json::from_str(object.get()) else {
        return None;
    };
    let mut arrays: Vec<Vec<&RawValue>> = fields
        .iter()
        .filter(|f| shape(f) == Shape::List)
        .filter_map(|f| list(f))
        .collect();
    let looks_like_list = |items: &Vec<&RawValue>| {
        items
            .iter()
            .any(|item| Probe::of(item.get()).ack_id().is_some())
    };
    if let Some(i) = arrays.iter().position(looks_like_list) {
        return Some(arrays.swap_remove(i));
    }
    let nested = (depth > 0)
        .then(|| {
            fields
                .iter()
                .filter(|f| shape(f) == Shape::Object)
                .find_map(|f| find_list(f, depth - 1, lone))
        })
        .flatten();
    nested.or_else(|| (lone && arrays.len() == 1).then(|| arrays.swap_remove(0)))
}

/// An object's field values in order, kept as sent (the keys are not needed).
struct FieldValues<'a>(Vec<&'a RawValue>);

impl<'de: 'a, 'a> Deserialize<'de> for FieldValues<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Values;
        impl<'de> Visitor<'de> for Values {
            type Value = FieldValues<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Self::Value, A::Error> {
                let mut values = Vec::new();
                while let Some((IgnoredAny, value)) = map.next_entry()? {
                    values.push(value);
                }
                Ok(FieldValues(values))
            }
        }
        d.deserialize_map(Values)
    }
}

fn read_item(item: &RawValue) -> std::result::Result<RetrievalStatus, UnreadableRetrieval> {
    let probe = Probe::of(item.get());
    match serde_json::from_str::<RetrievalStatus>(item.get()) {
        Ok(mut status) => {
            status.request_status_word = probe.request_status_category;
            Ok(status)
        }
        Err(e) => Err(UnreadableRetrieval {
            request_ack_id: probe.ack_id().map(str::to_owned),
            reason: format!("malformed retrieval status: {e}"),
        }),
    }
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
            format!(r#"{{"bag":{{"documentRetrievals":[{item}]}}}}"#),
            format!(r#"{{"links":[{{"href":"x"}}],"items":[{item}],"errors":[]}}"#),
            format!(r#"{{"meta":{{"warnings":["a"]}},"data":{{"list":[{item}],"other":[1,2]}}}}"#),
        ] {
            let list = parse_list(&head, &body).unwrap();
            assert_eq!(list.retrievals.len(), 1, "{body}");
            assert_eq!(
                list.retrievals[0].request_status_category,
                RequestStatus::Success
            );
            assert_eq!(
                list.retrievals[0].request_status_word.as_deref(),
                Some("success")
            );
            assert!(list.retrievals[0].is_settled());
            assert!(list.unreadable.is_empty());
        }
        assert!(parse_list(&head, "{}").unwrap().retrievals.is_empty());
        assert!(parse_list(&head, "null").unwrap().retrievals.is_empty());
        assert!(parse_list(&head, r#"{"documentRetrievals":[]}"#)
            .unwrap()
            .retrievals
            .is_empty());
        assert!(parse_list(&head, "42").is_err());
        assert!(parse_list(&head, "<html>").is_err());
        assert_eq!(
            list_request(&config(), Some("A 1")).url,
            "https://das.example/das-api/v1/requests/retrievals?requestAckId=A%201"
        );
    }

    #[test]
    fn items_are_read_one_by_one_and_words_by_meaning() {
        let head = ResponseHead::new(200);
        let body = r#"[
            {"requestAckId":"A1","requestStatusCategory":"SUCCESS","errorCode":null},
            {"requestAckId":"A2","requestStatusCategory":"Error","errorCode":"-14","statusMessage":"code"},
            {"requestAckId":"A3"},
            {"requestAckId":"A4","requestStatusCategory":"teleported"},
            {"requestAckId":"A5","requestStatusCategory":"pending","errorCode":{"x":1}},
            {"requestStatusCategory":"pending"},
            "garbage",
            {"ackId":7,"requestStatusCategory":"In Process"}
        ]"#;
        let list = parse_list(&head, body).unwrap();
        let ids: Vec<&str> = list
            .retrievals
            .iter()
            .map(|r| r.request_ack_id.as_str())
            .collect();
        assert_eq!(ids, ["A1", "A2", "A3", "A4"]);
        let status = |i: usize| list.retrievals[i].request_status_category;
        assert_eq!(status(0), RequestStatus::Success);
        assert_eq!(status(1), RequestStatus::Error);
        assert_eq!(list.retrievals[1].error_code, Some(-14));
        assert_eq!(status(2), RequestStatus::Unknown);
        assert_eq!(list.retrievals[2].request_status_word, None);
        assert_eq!(status(3), RequestStatus::Unknown);
        assert_eq!(
            list.retrievals[3].request_status_word.as_deref(),
            Some("teleported")
        );
        assert!(!list.retrievals[3].is_settled());
        assert_eq!(list.unreadable.len(), 4);
        assert_eq!(list.unreadable[0].request_ack_id.as_deref(), Some("A5"));
        assert_eq!(list.unreadable[1].request_ack_id, None);
        // An ack id given as a number is not a string field: unreadable, but named.
        assert_eq!(list.unreadable[3].request_ack_id.as_deref(), Some("7"));
    }

    #[test]
    fn acks_are_read_leniently_and_need_an_ack_id() {
        let head = ResponseHead::new(201);
        let ack = crate::das::registrations::parse_ack(
            &head,
            r#"{"ackId": 42, "requestStatusCategory": "Accepted", "errorCode": {"x": 1}}"#,
        )
        .unwrap();
        assert_eq!(ack.request_ack_id, "42");
        assert_eq!(ack.request_status_category, Some(RequestStatus::Pending));
        assert_eq!(ack.request_status_word.as_deref(), Some("Accepted"));
        assert_eq!(ack.error_code, None);
        let bare = parse_ack(&head, r#"{"requestAckId": "R"}"#).unwrap();
        assert_eq!(bare.request_status_category, None);
        let missing = parse_ack(&head, r#"{"requestStatusCategory": "pending"}"#).unwrap_err();
        assert_eq!(missing.kind(), crate::ErrorKind::Parse);
        assert!(parse_ack(&head, "<html>").is_err());
    }

    #[test]
    fn ack_keeps_the_status_word() {
        let ack = parse_ack(
            &ResponseHead::new(201),
            r#"{"requestAckId":"R1","requestStatusCategory":"Pending","errorCode":""}"#,
        )
        .unwrap();
        assert_eq!(ack.request_status_category, Some(RequestStatus::Pending));
        assert_eq!(ack.request_status_word.as_deref(), Some("Pending"));
        assert_eq!(ack.error_code, None);
    }
}
