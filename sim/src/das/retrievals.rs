//! Retrievals (seed 000 steps 1–6): requested by an OSF, forwarded to the OFF (the simulated
//! one or an office's endpoint), answered by its notification, and the requester notified.

use super::state::{AppError, Retrieval, Status, UploadState};
use super::validate::DocumentBody;
use super::*;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use std::sync::Arc;
use std::time::Duration;

pub(super) async fn request_retrieval(
    State(state): State<Arc<AppState>>,
    Extension(Office(office)): Extension<Office>,
    body: Bytes,
) -> Response {
    match validate::operation_document(&body, "retrieval") {
        Ok(doc) => {
            let ack = start_retrieval(&state, &office, doc);
            (
                StatusCode::CREATED,
                Json(serde_json::json!({"requestAckId": ack, "requestStatusCategory": "pending"})),
            )
                .into_response()
        }
        Err(e) => app_error(e),
    }
}

/// Records an office's retrieval and, after the configured delay, settles it: a document
/// held by an office with an endpoint is forwarded to that office (step 2) and waits for its
/// notification; any other is answered by the simulated office of first filing. Then the
/// requesting office is notified if it has an endpoint (step 6).
pub fn start_retrieval(state: &Arc<AppState>, office: &str, doc: DocumentBody) -> String {
    let ack = state::new_id("R");
    state.das.retrievals.lock().unwrap().insert(
        ack.clone(),
        Retrieval {
            request_ack_id: ack.clone(),
            office: office.to_owned(),
            document_kind_category: doc.document_kind_category,
            document_number: doc.document_number,
            document_date: doc.document_date,
            das_access_code: doc.das_access_code.unwrap_or_default(),
            request_status_category: Status::Pending,
            error_code: None,
            status_message: None,
            document_availability_date: None,
            file_key: None,
            file_expires: None,
            file_gone: false,
            fetching: false,
            holder: None,
            off_ack: None,
            settled_at: None,
        },
    );
    let delay = state.das.settings().off_delay_ms;
    let (state, task_ack) = (state.clone(), ack.clone());
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(delay)).await;
        if let Some((holder, body)) = forward_target(&state, &task_ack) {
            forward(&state, &task_ack, &holder, body).await;
            return;
        }
        let s = state.clone();
        let a = task_ack.clone();
        let _ = tokio::task::spawn_blocking(move || s.das.resolve_retrieval(&a, &s.transit)).await;
        notify_requester(&state, &task_ack).await;
    });
    ack
}

/// The office holding the retrieval's document, if it has an endpoint and the document has
/// no content in DAS (flow c.3), with the body to forward.
fn forward_target(state: &AppState, ack: &str) -> Option<(String, serde_json::Value)> {
    let r = state.das.retrievals.lock().unwrap().get(ack).cloned()?;
    let doc = state
        .das
        .find(
            &r.document_kind_category,
            &r.document_number,
            &r.document_date,
            &r.das_access_code,
        )
        .ok()?;
    let holder = doc
        .owner
        .filter(|o| doc.file_key.is_none() && state.wipo.endpoint(o).is_some())?;
    let body = serde_json::json!({
        "operationCategory": "retrieval",
        "documentKindCategory": r.document_kind_category,
        "documentNumber": r.document_number,
        "documentDate": r.document_date,
        "dasAccessCode": r.das_access_code,
        "osfAckId": r.request_ack_id,
        "applicationCategory": null, "applicationNumber": null, "applicationFilingDate": null,
    });
    Some((holder, body))
}

/// Step 2: forwards the retrieval and records the ack id the office issued; the retrieval
/// fails only if the office cannot be reached after every redelivery.
async fn forward(state: &Arc<AppState>, ack: &str, holder: &str, body: serde_json::Value) {
    let off_ack = state
        .wipo
        .deliver(holder, "/requests/retrievals", &body)
        .await
        .map_err(|e| e.0)
        .and_then(|answer| {
            answer["requestAckId"]
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| "no requestAckId in its answer".to_owned())
        });
    {
        let mut retrievals = state.das.retrievals.lock().unwrap();
        let Some(r) = retrievals.get_mut(ack) else {
            return;
        };
        r.holder = Some(holder.to_owned());
        match &off_ack {
            Ok(id) => r.off_ack = Some(id.clone()),
            Err(why) => r.fail(
                -100,
                Some(format!(
                    "the office of first filing could not be reached: {why}"
                )),
            ),
        }
    }
    if off_ack.is_err() {
        notify_requester(state, ack).await;
    }
}

/// Step 6: tells the requesting office (if it has an endpoint) how its retrieval settled.
pub async fn notify_requester(state: &Arc<AppState>, ack: &str) {
    let Some(r) = state.das.retrievals.lock().unwrap().get(ack).cloned() else {
        return;
    };
    if r.request_status_category == Status::Pending || state.wipo.endpoint(&r.office).is_none() {
        return;
    }
    let mut body = serde_json::to_value(&r).unwrap_or_default();
    if let Some(fields) = body.as_object_mut() {
        fields.retain(|_, v| !v.is_null());
    }
    if let Err(e) = state
        .wipo
        .deliver(&r.office, "/requests/notifications", &body)
        .await
    {
        eprintln!("ipdocs-sim: notification for {ack} not delivered: {}", e.0);
    }
}

pub(super) async fn list_retrievals(
    State(state): State<Arc<AppState>>,
    Extension(Office(office)): Extension<Office>,
    Query(q): Params,
) -> Response {
    let settled_listing = Duration::from_secs(state.das.settings().settled_listing_secs);
    let retrievals = state.das.retrievals.lock().unwrap();
    // Asked by ack id, a retrieval is always found; the whole list holds those in process
    // or newly settled only (notes §7).
    let mut mine: Vec<&Retrieval> = retrievals
        .values()
        .filter(|r| r.office == office)
        .filter(|r| match q.get("requestAckId") {
            Some(id) => *id == r.request_ack_id,
            None => r.listed(settled_listing),
        })
        .collect();
    mine.sort_by(|a, b| a.request_ack_id.cmp(&b.request_ack_id));
    let items = mine
        .iter()
        .map(|r| serde_json::to_value(r).unwrap_or_default())
        .collect();
    Json(state.das.settings().shapes.retrieval_list(items)).into_response()
}

/// Step 5: the office of first filing answers a forwarded retrieval, naming the ack id **it**
/// issued in step 2. Only that office may answer it; a success needs a validated upload of
/// that office; an error carries its code and message. Then the requester is notified.
pub(super) async fn notify(
    State(state): State<Arc<AppState>>,
    Extension(Office(office)): Extension<Office>,
    body: Bytes,
) -> Response {
    let availability = match validate::Availability::parse(&body) {
        Ok(a) => a,
        Err(e) => return app_error(e),
    };
    let settled = settle_forwarded(&state, &office, &availability);
    let settled = match settled {
        Ok(settled) => settled,
        Err(e) => return app_error(e),
    };
    let value = serde_json::from_slice(&body).unwrap_or_default();
    state.das.notifications.lock().unwrap().push(value);
    let task_state = state.clone();
    match settled {
        Settled::Done(ack) => {
            tokio::spawn(async move { notify_requester(&task_state, &ack).await });
        }
        Settled::FetchFromOffice(fetch) => {
            tokio::spawn(async move { c2::fetch_from_office(task_state, office, fetch).await });
        }
    }
    StatusCode::NO_CONTENT.into_response()
}

/// The transit key of `file_id`, which must be a validated upload of `office` (a
/// registration's content or a notification's file).
pub(super) fn validated_upload(
    state: &AppState,
    office: &str,
    file_id: &str,
) -> Result<String, AppError> {
    let uploads = state.das.uploads.lock().unwrap();
    match uploads.get(file_id).filter(|u| u.office == office) {
        None => Err(AppError::invalid(-50, format!("unknown fileId {file_id}"))),
        Some(u) if u.state != UploadState::Validated => Err(AppError::invalid(
            -30,
            format!("file {file_id} is not validated (yet)"),
        )),
        Some(u) => Ok(u.key.clone()),
    }
}

/// The retrieval answered by `availability`, settled; its (WIPO) ack id.
/// What an accepted notification of an office of first filing leads to.
enum Settled {
    /// The retrieval is settled (WIPO's ack id): its requester is told.
    Done(String),
    /// Flow c.2: WIPO fetches the document from the office first.
    FetchFromOffice(c2::Fetch),
}

fn settle_forwarded(
    state: &AppState,
    office: &str,
    availability: &validate::Availability,
) -> Result<Settled, AppError> {
    let off_ack = &availability.request_ack_id;
    let serves_itself = state.wipo.endpoint(office).is_some();
    let file_key = match (&availability.file_id, availability.is_error()) {
        (_, true) => None,
        (None, false) if serves_itself => None,
        (None, false) => {
            return Err(AppError::invalid(
                -22,
                "a successful notification needs the fileId of a validated upload \
                 (or, flow c.2, an office endpoint WIPO fetches it from)",
            ))
        }
        (Some(id), false) => Some(validated_upload(state, office, id)?),
    };
    let retention = state.das.settings().retention_secs;
    let mut retrievals = state.das.retrievals.lock().unwrap();
    let r = retrievals
        .values_mut()
        .find(|r| r.off_ack.as_deref() == Some(off_ack.as_str()))
        .ok_or_else(|| {
            AppError::invalid(-23, format!("no forwarded retrieval with ack id {off_ack}"))
        })?;
    if r.holder.as_deref() != Some(office) {
        return Err(AppError::invalid(
            -24,
            "this retrieval was forwarded to another office",
        ));
    }
    if r.request_status_category != Status::Pending || r.fetching {
        return Err(AppError::invalid(
            -25,
            "this retrieval was already answered",
        ));
    }
    match file_key {
        Some(key) => r.complete(key, retention),
        None if availability.is_error() => r.fail(
            availability.error_code.unwrap_or(-7),
            availability.status_message.clone(),
        ),
        None => {
            r.fetching = true;
            return Ok(Settled::FetchFromOffice(c2::Fetch {
                off_ack: off_ack.clone(),
                document: serde_json::json!({
                    "requestAckId": off_ack,
                    "documentKindCategory": r.document_kind_category,
                    "documentNumber": r.document_number,
                    "documentDate": r.document_date,
                }),
            }));
        }
    }
    Ok(Settled::Done(r.request_ack_id.clone()))
}
