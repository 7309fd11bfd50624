//! What the inbox's event stream (`GET /office/v1/events`) tells the app: something new
//! arrived or was answered. Sent by WIPO's inbound calls and by the unattended jobs.

use serde::{Deserialize, Serialize};

/// Something new in the inbox, as the `events` stream sends it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// `retrieval`, `answer` or `notification`.
    pub kind: String,
    pub request_ack_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notification_id: Option<i64>,
}

impl Event {
    pub fn retrieval(ack: &str) -> Event {
        Event {
            kind: "retrieval".into(),
            request_ack_id: ack.to_owned(),
            notification_id: None,
        }
    }
    pub fn answer(ack: &str) -> Event {
        Event {
            kind: "answer".into(),
            request_ack_id: ack.to_owned(),
            notification_id: None,
        }
    }
    pub fn notification(id: i64, ack: &str) -> Event {
        Event {
            kind: "notification".into(),
            request_ack_id: ack.to_owned(),
            notification_id: Some(id),
        }
    }
}
