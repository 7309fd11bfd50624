//! The transit zone's files as DAS hands them out: presigned upload and download URLs, the
//! validation status, deletion.

use super::state::{AppError, Retrieval, Status, Upload, UploadState};
use super::validate::parse;
use super::*;
use crate::faults::Fault;
use crate::transit::UrlFault;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;

fn url_fault(state: &AppState, office: &str) -> Option<UrlFault> {
    match state.faults.scripted(&format!("url:{office}")) {
        Some(Fault::ExpireUrl) => Some(UrlFault::Expired),
        Some(Fault::TamperUrl) => Some(UrlFault::Tampered),
        _ => None,
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UploadBody {
    file_reference: String,
    file_format_category: String,
    file_checksum: String,
}

pub(super) async fn create_upload_url(
    State(state): State<Arc<AppState>>,
    Extension(Office(office)): Extension<Office>,
    body: Bytes,
) -> Response {
    let b: UploadBody = match parse(&body) {
        Ok(b) => b,
        Err(e) => return app_error(e),
    };
    if !matches!(b.file_format_category.as_str(), "pdf" | "zip") {
        return app_error(AppError::invalid(
            -5,
            "fileFormatCategory must be pdf or zip",
        ));
    }
    if b.file_checksum.len() != 64
        || !b
            .file_checksum
            .bytes()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
    {
        return app_error(AppError::invalid(
            -6,
            "fileChecksum must be a lowercase hex SHA-256",
        ));
    }
    let file_id = state::new_id("F");
    let key = format!("uploads/{file_id}");
    let url = state.transit.presign_put(
        &key,
        Duration::from_secs(state.das.settings().upload_url_ttl_secs),
        url_fault(&state, &office),
    );
    state.das.uploads.lock().unwrap().insert(
        file_id.clone(),
        Upload {
            file_id: file_id.clone(),
            office,
            file_reference: b.file_reference,
            file_format_category: b.file_format_category,
            file_checksum: b.file_checksum,
            key,
            state: UploadState::Pending,
            size: None,
            date_time: state::now_rfc3339(),
        },
    );
    (
        StatusCode::CREATED,
        Json(serde_json::json!({"fileId": file_id, "fileUploadUrl": url})),
    )
        .into_response()
}

pub(super) async fn refresh_upload_url(
    State(state): State<Arc<AppState>>,
    Extension(Office(office)): Extension<Office>,
    body: Bytes,
) -> Response {
    let value: serde_json::Value = match parse(&body) {
        Ok(v) => v,
        Err(e) => return app_error(e),
    };
    let file_id = value["fileId"].as_str().unwrap_or_default().to_owned();
    let key = state
        .das
        .uploads
        .lock()
        .unwrap()
        .get(&file_id)
        .filter(|u| u.office == office)
        .map(|u| u.key.clone());
    let Some(key) = key else {
        return app_error(AppError::invalid(-50, format!("unknown fileId {file_id}")));
    };
    let url = state.transit.presign_put(
        &key,
        Duration::from_secs(state.das.settings().upload_url_ttl_secs),
        url_fault(&state, &office),
    );
    Json(serde_json::json!({"fileId": file_id, "fileUploadUrl": url})).into_response()
}

pub(super) async fn file_status(
    State(state): State<Arc<AppState>>,
    Extension(Office(office)): Extension<Office>,
    Query(q): Params,
) -> Response {
    let file_id = q.get("fileId").cloned().unwrap_or_default();
    let Some(upload) = state
        .das
        .uploads
        .lock()
        .unwrap()
        .get(&file_id)
        .filter(|u| u.office == office)
        .cloned()
    else {
        return app_error(AppError::invalid(-50, format!("unknown fileId {file_id}")));
    };
    let path = state.transit.object_path(&upload.key);
    if upload.state == UploadState::Pending && path.exists() {
        if let Some(u) = state.das.uploads.lock().unwrap().get_mut(&file_id) {
            u.state = UploadState::Validating;
        }
        let (task_state, id) = (state.clone(), file_id.clone());
        let settings = state.das.settings();
        let (format, checksum) = (
            upload.file_format_category.clone(),
            upload.file_checksum.clone(),
        );
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(settings.validation_delay_ms)).await;
            // A scripted fault on the `validation` key rejects the next upload whatever it holds.
            let rejected = task_state.faults.scripted("validation").map(|_| {
                AppError::new(
                    "INVALID_FILE",
                    -31,
                    "the file was rejected by the transit zone's checks (scripted)",
                )
            });
            let outcome = match rejected {
                Some(error) => Err(error),
                None => tokio::task::spawn_blocking(move || {
                    state::validate_file(&path, &format, &checksum, settings.max_upload_bytes)
                })
                .await
                .unwrap_or_else(|e| Err(AppError::new("SYSTEM_ERROR", -100, e.to_string()))),
            };
            if let Some(u) = task_state.das.uploads.lock().unwrap().get_mut(&id) {
                match outcome {
                    Ok(size) => {
                        u.state = UploadState::Validated;
                        u.size = Some(size);
                    }
                    Err(e) => u.state = UploadState::Rejected(e),
                }
            }
        });
    }
    let upload = state
        .das
        .uploads
        .lock()
        .unwrap()
        .get(&file_id)
        .cloned()
        .unwrap_or(upload);
    let (category, error) = match &upload.state {
        UploadState::Pending | UploadState::Validating => ("pending", None),
        UploadState::Validated => ("validated", None),
        UploadState::Rejected(e) => ("rejected", Some(e)),
    };
    let shapes = state.das.settings().shapes;
    let error = shapes.file_error(error);
    // A scripted fault on the `checksum` key reports the next validated file with a checksum
    // that is not the one uploaded (as if the transit zone held other bytes).
    let checksum = match category {
        "validated" if state.faults.scripted("checksum").is_some() => "0".repeat(64),
        _ => upload.file_checksum.clone(),
    };
    Json(shapes.fields(serde_json::json!({
        "fileReference": upload.file_reference,
        "fileFormatCategory": upload.file_format_category,
        "fileChecksum": checksum,
        "fileDateTime": upload.date_time,
        "fileSizeQuantity": upload.size,
        "fileStatusCategory": category,
        "error": error,
    })))
    .into_response()
}

/// The caller's retrieval named by `osfAckId`, with the document fields checked.
fn retrieval_for(
    state: &AppState,
    office: &str,
    ack: &str,
    doc: Option<&DownloadBody>,
) -> Result<Retrieval, AppError> {
    let retrievals = state.das.retrievals.lock().unwrap();
    let r = retrievals
        .get(ack)
        .filter(|r| r.office == office)
        .ok_or_else(|| AppError::invalid(-20, format!("no retrieval {ack} for this office")))?;
    if let Some(doc) = doc {
        if doc.document_number != r.document_number
            || doc.document_kind_category != r.document_kind_category
            || doc.document_date != r.document_date
        {
            return Err(AppError::invalid(
                -20,
                "the document does not match the retrieval",
            ));
        }
    }
    if r.request_status_category != Status::Success {
        return Err(AppError::invalid(
            -20,
            format!("retrieval {ack} is not available for download"),
        ));
    }
    if r.file_gone {
        return Err(AppError::invalid(
            -21,
            "the file was deleted from the transit zone or its retention period ended",
        ));
    }
    Ok(r.clone())
}

/// The `url-downloads` body (spec form) or query (seed form).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DownloadBody {
    #[serde(alias = "requestAckId")]
    osf_ack_id: String,
    document_kind_category: String,
    document_number: String,
    document_date: String,
}

pub(super) async fn download_url(
    State(state): State<Arc<AppState>>,
    Extension(Office(office)): Extension<Office>,
    body: Bytes,
) -> Response {
    match parse::<DownloadBody>(&body) {
        Ok(b) => presigned_download(&state, &office, b),
        Err(e) => app_error(e),
    }
}

/// Seed 000 step 7: `GET …/requests/files/url-downloads` with the document in the query.
pub(super) async fn download_url_by_query(
    State(state): State<Arc<AppState>>,
    Extension(Office(office)): Extension<Office>,
    query: Result<Query<DownloadBody>, axum::extract::rejection::QueryRejection>,
) -> Response {
    match query {
        Ok(Query(b)) => presigned_download(&state, &office, b),
        Err(e) => app_error(AppError::invalid(-1, format!("malformed query: {e}"))),
    }
}

fn presigned_download(state: &AppState, office: &str, b: DownloadBody) -> Response {
    if let Err(e) = validate::kind(&b.document_kind_category)
        .and(validate::date("documentDate", &b.document_date))
    {
        return app_error(e);
    }
    match retrieval_for(state, office, &b.osf_ack_id, Some(&b)) {
        Ok(r) => {
            let url = state.transit.presign_get(
                r.file_key.as_deref().unwrap_or_default(),
                Duration::from_secs(state.das.settings().download_url_ttl_secs),
                url_fault(state, office),
            );
            Json(serde_json::json!({ "fileDownloadUrl": url })).into_response()
        }
        Err(e) => app_error(e),
    }
}

pub(super) async fn delete_file(
    State(state): State<Arc<AppState>>,
    Extension(Office(office)): Extension<Office>,
    Query(q): Params,
) -> Response {
    let ack = q.get("osfAckId").or(q.get("requestAckId"));
    if let Some(ack) = ack {
        return match retrieval_for(&state, &office, ack, None) {
            Ok(r) => {
                if let Some(key) = &r.file_key {
                    state.transit.delete(key);
                }
                if let Some(r) = state.das.retrievals.lock().unwrap().get_mut(ack) {
                    r.file_gone = true;
                }
                StatusCode::NO_CONTENT.into_response()
            }
            Err(e) if e.details[0].code == -21 => not_found("already deleted"),
            Err(e) => app_error(e),
        };
    }
    let file_id = q.get("fileId").cloned().unwrap_or_default();
    let removed = {
        let mut uploads = state.das.uploads.lock().unwrap();
        let mine = uploads.get(&file_id).is_some_and(|u| u.office == office);
        mine.then(|| uploads.remove(&file_id)).flatten()
    };
    match removed {
        Some(u) => {
            state.transit.delete(&u.key);
            StatusCode::NO_CONTENT.into_response()
        }
        None => not_found("no such file"),
    }
}
