//! Flow c.2 (documents kept in the office of first filing's digital library; notes §13): the
//! office notifies success **without** an upload; WIPO then asks the office's own `POST
//! requests/files/url-downloads` for a link (with its bearer token, as for its other calls
//! into offices), downloads the document from it (a first range, then the rest), checks it is
//! a PDF or a zip, puts it into the transit zone and settles the requester's retrieval — or
//! fails it with -30 and the reason. The request body is the simulator's assumption (the real
//! one is undocumented): the document's fields and the office's ack id.

use super::state::new_id;
use crate::AppState;
use serde_json::Value;
use std::sync::Arc;

/// What WIPO fetches from an office.
pub struct Fetch {
    /// The ack id the office of first filing issued.
    pub off_ack: String,
    /// The body of WIPO's url-downloads call.
    pub document: Value,
}

async fn download(state: &AppState, office: &str, fetch: &Fetch) -> Result<String, String> {
    let answer = state
        .wipo
        .deliver(office, "/requests/files/url-downloads", &fetch.document)
        .await
        .map_err(|e| e.0)?;
    let url = answer["fileDownloadUrl"]
        .as_str()
        .ok_or("the office's answer has no fileDownloadUrl")?;
    let bytes = state.wipo.download_in_ranges(url).await.map_err(|e| e.0)?;
    if !(bytes.starts_with(b"%PDF-") || bytes.starts_with(b"PK\x03\x04")) {
        return Err("the office's file is neither a PDF nor a zip".into());
    }
    let key = format!("c2/{}", new_id("F"));
    state
        .transit
        .write(&key, &bytes)
        .map_err(|e| format!("cannot store the file: {e}"))?;
    Ok(key)
}

pub async fn fetch_from_office(state: Arc<AppState>, office: String, fetch: Fetch) {
    let outcome = download(&state, &office, &fetch).await;
    let retention = state.das.settings().retention_secs;
    let ack = {
        let mut retrievals = state.das.retrievals.lock().unwrap();
        let Some(r) = retrievals
            .values_mut()
            .find(|r| r.off_ack.as_deref() == Some(fetch.off_ack.as_str()))
        else {
            return;
        };
        r.fetching = false;
        match outcome {
            Ok(key) => r.complete(key, retention),
            Err(why) => r.fail(
                -30,
                Some(format!(
                    "WIPO could not fetch the document from the office: {why}"
                )),
            ),
        }
        r.request_ack_id.clone()
    };
    super::notify_requester(&state, &ack).await;
}
