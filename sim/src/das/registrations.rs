//! Registrations by an office of first filing: register, correct, withdraw, the certificate and
//! the status queries.

use super::state::AppError;
use super::validate::{parse, DocumentBody};
use super::*;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

pub(super) async fn register(
    State(state): State<Arc<AppState>>,
    Extension(Office(office)): Extension<Office>,
    body: Bytes,
) -> Response {
    save_registration(&state, &office, &body, false)
}

pub(super) async fn update_registration(
    State(state): State<Arc<AppState>>,
    Extension(Office(office)): Extension<Office>,
    body: Bytes,
) -> Response {
    save_registration(&state, &office, &body, true)
}

/// Registers (or, with `update`, replaces) a document; a `fileId` must be a validated
/// upload of this office.
fn save_registration(state: &AppState, office: &str, body: &Bytes, update: bool) -> Response {
    let doc = match validate::operation_document(body, "registration") {
        Ok(d) => d,
        Err(e) => return app_error(e),
    };
    let code = doc.das_access_code.clone().unwrap_or_default();
    if code.len() < 4 || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return app_error(AppError::invalid(
            -8,
            "dasAccessCode must be 4 letters or digits",
        ));
    }
    let file_key = match doc
        .file_id
        .as_deref()
        .map(|id| validated_upload(state, office, id))
        .transpose()
    {
        Ok(key) => key,
        Err(e) => return app_error(e),
    };
    let ack = state::new_id("G");
    let delay = Duration::from_millis(state.das.settings().registration_delay_ms);
    let mut catalogue = state.das.catalogue.lock().unwrap();
    let existing = catalogue.iter().position(|d| {
        d.document_number == doc.document_number
            && d.document_kind_category == doc.document_kind_category
    });
    let entry = state::Document {
        document_kind_category: doc.document_kind_category,
        document_number: doc.document_number,
        document_date: doc.document_date,
        das_access_code: code,
        owner: Some(office.to_owned()),
        file_key,
        registration_ack: Some(ack.clone()),
        pending_until: (!delay.is_zero()).then(|| std::time::SystemTime::now() + delay),
    };
    let word = if entry.is_pending() {
        "pending"
    } else {
        "success"
    };
    match (existing, update) {
        (Some(_), false) => {
            return app_error(AppError::invalid(
                -40,
                "the document is already registered; use PUT to correct it",
            ))
        }
        (None, true) => return app_error(AppError::invalid(-41, "the document is not registered")),
        (Some(i), true) if catalogue[i].owner.as_deref() != Some(office) => {
            return app_error(AppError::invalid(
                -41,
                "the document was registered by another office",
            ))
        }
        (Some(i), true) => catalogue[i] = entry,
        (None, false) => catalogue.push(entry),
    }
    let status = if update {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    (
        status,
        Json(serde_json::json!({"requestAckId": ack, "requestStatusCategory": word})),
    )
        .into_response()
}

pub(super) async fn withdraw_registration(
    State(state): State<Arc<AppState>>,
    Extension(Office(office)): Extension<Office>,
    body: Bytes,
) -> Response {
    let doc: DocumentBody = match parse(&body) {
        Ok(d) => d,
        Err(e) => return app_error(e),
    };
    if let Err(e) = state.das.find(
        &doc.document_kind_category,
        &doc.document_number,
        &doc.document_date,
        doc.das_access_code.as_deref().unwrap_or(""),
    ) {
        return app_error(e);
    }
    let mut catalogue = state.das.catalogue.lock().unwrap();
    let Some(i) = catalogue.iter().position(|d| {
        d.document_number == doc.document_number && d.owner.as_deref() == Some(office.as_str())
    }) else {
        return app_error(AppError::invalid(
            -41,
            "the document was not registered by this office",
        ));
    };
    catalogue.remove(i);
    Json(
        serde_json::json!({"requestAckId": state::new_id("W"), "requestStatusCategory": "success"}),
    )
    .into_response()
}

fn query_document(
    state: &AppState,
    q: &HashMap<String, String>,
) -> Result<state::Document, AppError> {
    let get = |k: &str| q.get(k).map(String::as_str).unwrap_or("");
    state.das.find(
        get("documentKindCategory"),
        get("documentNumber"),
        get("documentDate"),
        get("dasAccessCode"),
    )
}

pub(super) async fn certificate(
    State(state): State<Arc<AppState>>,
    Extension(Office(office)): Extension<Office>,
    Query(q): Params,
) -> Response {
    match query_document(&state, &q) {
        Ok(doc) if doc.is_pending() => app_error(AppError::invalid(
            -20,
            "the registration is still pending; the certificate follows when it is registered",
        )),
        Ok(doc) if doc.owner.as_deref() == Some(office.as_str()) => {
            let pdf = crate::media::formats::pdf(
                "WIPO DAS registration certificate (simulated)",
                &[
                    format!(
                        "Document: {} {}",
                        doc.document_kind_category, doc.document_number
                    ),
                    format!("Priority date: {}", doc.document_date),
                    format!("Registration: {}", doc.registration_ack.unwrap_or_default()),
                    format!("Registered by: {office}"),
                ],
                1,
            );
            ([(header::CONTENT_TYPE, "application/pdf")], pdf).into_response()
        }
        Ok(_) => app_error(AppError::invalid(
            -41,
            "the document was not registered by this office",
        )),
        Err(e) => app_error(e),
    }
}

/// The spec's inferred status check by acknowledgement id (`GET requests/registrations
/// ?requestAckId=`): this office's registration, pending or registered.
pub(super) async fn registration_by_ack(
    State(state): State<Arc<AppState>>,
    Extension(Office(office)): Extension<Office>,
    Query(q): Params,
) -> Response {
    let Some(ack) = q.get("requestAckId").filter(|a| !a.is_empty()) else {
        return app_error(AppError::invalid(-1, "requestAckId is required"));
    };
    let catalogue = state.das.catalogue.lock().unwrap();
    let Some(doc) = catalogue.iter().find(|d| {
        d.registration_ack.as_deref() == Some(ack.as_str()) && d.owner.as_deref() == Some(&office)
    }) else {
        return app_error(AppError::invalid(
            -7,
            "no registration of this office has this acknowledgement id",
        ));
    };
    let word = if doc.is_pending() {
        "pending"
    } else {
        "success"
    };
    Json(serde_json::json!({"requestAckId": ack, "requestStatusCategory": word})).into_response()
}

pub(super) async fn registration_status(
    State(state): State<Arc<AppState>>,
    Query(q): Params,
) -> Response {
    match query_document(&state, &q) {
        Ok(doc) => {
            let (word, message) = if doc.is_pending() {
                ("pending", "the registration is being processed")
            } else {
                ("success", "the document is registered and available")
            };
            Json(serde_json::json!({
                "documentKindCategory": doc.document_kind_category,
                "documentNumber": doc.document_number,
                "documentDate": doc.document_date,
                "requestStatusCategory": word,
                "statusMessage": message,
            }))
            .into_response()
        }
        Err(e) => app_error(e),
    }
}
