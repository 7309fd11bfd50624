//! A bounded log of the requests each origin received, headers included, so tests can prove
//! where credentials did and did not go.

use serde::Serialize;
use std::collections::VecDeque;
use std::sync::Mutex;

const KEEP: usize = 20_000;

#[derive(Debug, Clone, Serialize)]
pub struct Recorded {
    pub origin: &'static str,
    pub method: String,
    pub uri: String,
    /// Header names lower-case, values as received.
    pub headers: Vec<(String, String)>,
}

#[derive(Default)]
pub struct Recorder {
    entries: Mutex<VecDeque<Recorded>>,
}

impl Recorder {
    pub fn record(&self, origin: &'static str, request: &axum::http::Request<axum::body::Body>) {
        let entry = Recorded {
            origin,
            method: request.method().to_string(),
            uri: request.uri().to_string(),
            headers: request
                .headers()
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
        };
        let mut entries = self.entries.lock().unwrap();
        if entries.len() == KEEP {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    pub fn list(&self, origin: Option<&str>) -> Vec<Recorded> {
        self.entries
            .lock()
            .unwrap()
            .iter()
            .filter(|e| origin.is_none_or(|o| o == e.origin))
            .cloned()
            .collect()
    }

    pub fn clear(&self) {
        self.entries.lock().unwrap().clear();
    }
}
