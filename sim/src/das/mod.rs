//! The WIPO DAS exchange API under `/das/v1` (the spec's prefix; the library also accepts
//! `/das-api/v1` and none), and the OAuth2 token endpoint at `/am/oauth2/access_token`.
//!
//! The simulator's choices where the sources differ (README lists them): application errors
//! are HTTP 400 with the unwrapped `{code, message, details}` body; notifications answer
//! 204; acknowledgements use `requestAckId`; `GET requests/retrievals` answers
//! `{"documentRetrievals": [...]}` with all of the office's retrievals (filter
//! `requestAckId`); `DELETE requests/files` takes `osfAckId` (or `fileId`) in the query.

pub mod c2;
pub mod offices;
pub mod shapes;
pub mod state;
pub mod validate;
pub mod wipo;

use crate::faults::Fault;
use crate::transit::UrlFault;
use crate::{AppState, DropConnection};
use axum::body::Bytes;
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::Deserialize;
use state::{AppError, Forms, Retrieval, Status, Upload, UploadState};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use validate::{parse, DocumentBody};

pub const PREFIX: &str = "/das/v1";
pub const TOKEN_PATH: &str = "/am/oauth2/access_token";

/// The authenticated office of a request.
#[derive(Clone)]
struct Office(String);

type Params = Query<HashMap<String, String>>;

pub fn router(state: Arc<AppState>) -> Router<Arc<AppState>> {
    let api = Router::new()
        .route(
            "/requests/retrievals",
            post(request_retrieval).get(list_retrievals),
        )
        .route("/requests/notifications", post(notify))
        .route(
            "/requests/files/url-uploads",
            post(create_upload_url).put(refresh_upload_url),
        )
        .route(
            "/requests/url-uploads",
            post(create_upload_url)
                .put(refresh_upload_url)
                .get(file_status),
        )
        .route("/requests/files", get(file_status).delete(delete_file))
        .route(
            "/requests/files/url-downloads",
            post(download_url).get(download_url_by_query),
        )
        .route(
            "/requests/registrations",
            post(register)
                .put(update_registration)
                .delete(withdraw_registration)
                .get(registration_by_ack),
        )
        .route("/requests/registrations/certificates", get(certificate))
        .route(
            "/documents/registrations/statuses",
            get(registration_status),
        )
        .layer(middleware::from_fn_with_state(state.clone(), forms_gate))
        .layer(middleware::from_fn_with_state(state.clone(), bearer));
    Router::new()
        .nest(PREFIX, api)
        .route(TOKEN_PATH, post(token))
        .route(
            wipo::JWKS_PATH,
            get(|State(state): State<Arc<AppState>>| async move { Json(state.wipo.jwks()) }),
        )
}

fn app_error(error: AppError) -> Response {
    (StatusCode::BAD_REQUEST, Json(error)).into_response()
}

fn not_found(message: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(serde_json::json!({"code": "NOT_FOUND", "message": message, "details": []})),
    )
        .into_response()
}

/// Answers 404/405 for the documented form the simulator is not set to serve, so that a
/// client meets what a service speaking only the other form would answer.
async fn forms_gate(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    use axum::http::Method;
    let forms = state.das.settings().forms;
    let method = request.method().clone();
    let refused = match (request.uri().path(), forms) {
        ("/requests/files/url-uploads", Forms::Seed) | ("/requests/url-uploads", Forms::Spec) => {
            Some(StatusCode::NOT_FOUND)
        }
        ("/requests/files", Forms::Seed) if method == Method::GET => {
            Some(StatusCode::METHOD_NOT_ALLOWED)
        }
        ("/requests/files/url-downloads", Forms::Spec) if method == Method::GET => {
            Some(StatusCode::METHOD_NOT_ALLOWED)
        }
        ("/requests/files/url-downloads", Forms::Seed) if method == Method::POST => {
            Some(StatusCode::METHOD_NOT_ALLOWED)
        }
        _ => None,
    };
    match refused {
        Some(status) => status.into_response(),
        None => next.run(request).await,
    }
}

/// Bearer token check, then the office's scripted faults (keyed by client id).
async fn bearer(State(state): State<Arc<AppState>>, mut request: Request, next: Next) -> Response {
    state.recorder.record("das", &request);
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let Some(office) = token.and_then(|t| state.das_offices.office_for(t)) else {
        let mut response = (
            StatusCode::UNAUTHORIZED,
            Json(serde_json::json!({"code": "UNAUTHORIZED", "message": "missing, unknown or expired access token"})),
        )
            .into_response();
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer error=\"invalid_token\""),
        );
        return response;
    };
    let latency = state.faults.latency_ms();
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    match state.faults.scripted(&office) {
        Some(Fault::Drop) => return DropConnection::response(),
        Some(Fault::Delay { ms }) => tokio::time::sleep(Duration::from_millis(ms)).await,
        Some(Fault::Status {
            status,
            retry_after,
        }) => {
            let code = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            let mut response = (
                code,
                Json(serde_json::json!({"code": "SYSTEM_ERROR", "message": "injected fault", "details": [{"code": -100, "message": "injected fault"}]})),
            )
                .into_response();
            if let Some(secs) = retry_after {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(secs));
            }
            return response;
        }
        _ => {}
    }
    request.extensions_mut().insert(Office(office));
    next.run(request).await
}

#[derive(Deserialize)]
struct TokenForm {
    grant_type: Option<String>,
    scope: Option<String>,
    client_assertion_type: Option<String>,
    client_assertion: Option<String>,
}

async fn token(State(state): State<Arc<AppState>>, request: Request) -> Response {
    state.recorder.record("token", &request);
    // Scripted faults of the authorization server itself (key `token`).
    match state.faults.scripted("token") {
        Some(Fault::Drop) => return DropConnection::response(),
        Some(Fault::Status { status, .. } | Fault::Html { status }) => {
            let code = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            return (
                code,
                "<html><body>authorization server unavailable</body></html>",
            )
                .into_response();
        }
        _ => {}
    }
    let Ok(body) = axum::body::to_bytes(request.into_body(), 64 * 1024).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let oauth_error = |status: StatusCode, error: &str, description: &str| {
        (
            status,
            Json(serde_json::json!({"error": error, "error_description": description})),
        )
            .into_response()
    };
    let Ok(form) = serde_urlencoded::from_bytes::<TokenForm>(&body) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "the body must be application/x-www-form-urlencoded",
        );
    };
    if form.grant_type.as_deref() != Some("client_credentials") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "grant_type must be client_credentials",
        );
    }
    if form.client_assertion_type.as_deref()
        != Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_client",
            "client_assertion_type must be jwt-bearer (private_key_jwt)",
        );
    }
    let token_url = format!("{}{TOKEN_PATH}", state.api_url);
    match state.das_offices.issue(
        form.client_assertion.as_deref().unwrap_or(""),
        &token_url,
        form.scope.as_deref(),
    ) {
        Ok((token, ttl)) => Json(serde_json::json!({
            "access_token": token,
            "scope": form.scope.unwrap_or_else(|| offices::SCOPES[0].to_owned()),
            "token_type": "Bearer",
            "expires_in": ttl,
        }))
        .into_response(),
        Err(e) => {
            let status = if e.error == "invalid_client" {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::BAD_REQUEST
            };
            oauth_error(status, e.error, &e.description)
        }
    }
}

async fn request_retrieval(
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

async fn list_retrievals(
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
async fn notify(
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
fn validated_upload(state: &AppState, office: &str, file_id: &str) -> Result<String, AppError> {
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

async fn create_upload_url(
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

async fn refresh_upload_url(
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

async fn file_status(
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
struct DownloadBody {
    #[serde(alias = "requestAckId")]
    osf_ack_id: String,
    document_kind_category: String,
    document_number: String,
    document_date: String,
}

async fn download_url(
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
async fn download_url_by_query(
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

async fn delete_file(
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

async fn register(
    State(state): State<Arc<AppState>>,
    Extension(Office(office)): Extension<Office>,
    body: Bytes,
) -> Response {
    save_registration(&state, &office, &body, false)
}

async fn update_registration(
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

async fn withdraw_registration(
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

async fn certificate(
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
async fn registration_by_ack(
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

async fn registration_status(State(state): State<Arc<AppState>>, Query(q): Params) -> Response {
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
