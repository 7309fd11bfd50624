//! The CLAIMS Direct attachment service: `/attachment/{list,fetch,fetchall,pdf,abimage}`.
//!
//! Behaviour follows seed 004 and the notes; where they are silent the simulator decides,
//! and the README's simulator section lists each decision (bad login → 401 with the failure
//! envelope; several UCIDs without `multi=1` → 400; more than 100 → 400; unknown UCID in a
//! single list → 204 like "no attachments"; unsupported `Accept` on abimage → 406).

pub mod corpus;
pub mod render;

use crate::faults::Fault;
use crate::logins::{self, Refusal};
use crate::{AppState, DropConnection};
use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use render::Format;
use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;
use std::time::Instant;

/// UCIDs per `multi=1` call (the current docs' batch limit).
pub const BATCH_LIMIT: usize = 100;
const LAST_MODIFIED: &str = "Mon, 01 Jan 2024 00:00:00 GMT";

type Params = Query<HashMap<String, String>>;

pub fn router(state: Arc<AppState>) -> Router<Arc<AppState>> {
    Router::new()
        .route("/attachment/list", get(list))
        .route("/attachment/fetch", get(fetch))
        .route("/attachment/fetchall", get(fetch_all))
        .route("/attachment/pdf", get(pdf))
        .route("/attachment/abimage", get(abstract_image))
        .layer(middleware::from_fn_with_state(state, guard))
        .layer(tower_http::set_header::SetResponseHeaderLayer::appending(
            header::VARY,
            HeaderValue::from_static("accept"),
        ))
}

fn format_of(headers: &HeaderMap, params: &HashMap<String, String>) -> Format {
    Format::choose(
        headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()),
        params.get("content-type").map(String::as_str),
    )
}

fn failure(status: StatusCode, format: Format, method: &str, message: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, format.content_type())],
        render::failure(format, method, message),
    )
        .into_response()
}

/// Faults, then login and request-unit budget, for every attachment call.
async fn guard(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let endpoint = request
        .uri()
        .path()
        .trim_start_matches("/attachment/")
        .to_owned();
    let method = format!("attachment/{endpoint}");
    let headers = request.headers().clone();
    let format = Format::choose(
        headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()),
        None,
    );
    let user = headers.get("x-user").and_then(|v| v.to_str().ok());
    let password = headers.get("x-password").and_then(|v| v.to_str().ok());

    let latency = state.faults.latency_ms();
    if latency > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(latency)).await;
    }
    match state.faults.next(user) {
        None => {}
        Some(Fault::Drop) => return DropConnection::response(),
        Some(Fault::Delay { ms }) => tokio::time::sleep(std::time::Duration::from_millis(ms)).await,
        Some(Fault::Status {
            status,
            retry_after,
        }) => {
            let code = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            let mut response = failure(code, format, &method, "injected fault");
            if let Some(secs) = retry_after {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(secs));
            }
            return response;
        }
        Some(Fault::Html { status }) => {
            let code = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
            let page = format!(
                "<!DOCTYPE html>\n<html><head><title>{code}</title></head><body><h1>{code}</h1><p>upstream proxy error (injected)</p></body></html>\n"
            );
            return (
                code,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                page,
            )
                .into_response();
        }
        Some(Fault::Envelope { message }) => {
            return failure(StatusCode::OK, format, &method, &message);
        }
        Some(Fault::ExpireUrl | Fault::TamperUrl) => {}
        Some(Fault::RedirectAway) => {
            let target = format!("{}/redirected{}", state.transit_url, request.uri());
            return (StatusCode::FOUND, [(header::LOCATION, target)]).into_response();
        }
    }

    match state
        .logins
        .charge(user, password, logins::weight(&endpoint), Instant::now())
    {
        Ok(()) => next.run(request).await,
        Err(Refusal::BadLogin) => failure(
            StatusCode::UNAUTHORIZED,
            format,
            &method,
            "authentication failed: unknown x-user or wrong x-password",
        ),
        Err(Refusal::RateLimited {
            retry_after_secs,
            budget,
            window_secs,
        }) => {
            let mut response = failure(
                StatusCode::TOO_MANY_REQUESTS,
                format,
                &method,
                &format!("too many requests: the budget of {budget} request units per {window_secs} s is used up"),
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            response
        }
    }
}

async fn list(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(params): Params,
) -> Response {
    let started = Instant::now();
    let format = format_of(&headers, &params);
    let method = "attachment/list";
    let user = headers.get("x-user").and_then(|v| v.to_str().ok());
    let list_limit = state.logins.list_limit(user);
    let Some(ucid_param) = params.get("ucid").filter(|u| !u.trim().is_empty()) else {
        return failure(
            StatusCode::BAD_REQUEST,
            format,
            method,
            "the ucid parameter is required",
        );
    };
    let multi = params
        .get("multi")
        .is_some_and(|m| m == "1" || m.eq_ignore_ascii_case("true"));
    let ucids: Vec<&str> = ucid_param
        .split(',')
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .collect();
    let ok = |body: String| ([(header::CONTENT_TYPE, format.content_type())], body).into_response();
    if !multi {
        if ucids.len() > 1 {
            return failure(
                StatusCode::BAD_REQUEST,
                format,
                method,
                "several ucids need multi=1",
            );
        }
        return match state
            .corpus
            .document(ucids[0])
            .filter(|d| !d.attachments.is_empty())
        {
            None => StatusCode::NO_CONTENT.into_response(),
            Some(doc) => ok(render::single(
                format,
                &doc.pkey,
                limited(&doc.attachments, list_limit),
                doc.attachments.len(),
                started.elapsed().as_secs_f64(),
            )),
        };
    }
    if ucids.len() > BATCH_LIMIT {
        return failure(
            StatusCode::BAD_REQUEST,
            format,
            method,
            &format!(
                "there is a limit of {BATCH_LIMIT} ucids per batch, got {}",
                ucids.len()
            ),
        );
    }
    let groups: Vec<(String, String, &[corpus::Listed], usize)> = ucids
        .iter()
        .map(|u| match state.corpus.document(u) {
            Some(doc) => (
                u.to_string(),
                doc.pkey.clone(),
                limited(&doc.attachments, list_limit),
                doc.attachments.len(),
            ),
            None => (u.to_string(), String::new(), &[][..], 0),
        })
        .collect();
    ok(render::multi(
        format,
        &groups,
        started.elapsed().as_secs_f64(),
    ))
}

/// The first `limit` attachments (all without a limit).
fn limited(list: &[corpus::Listed], limit: Option<usize>) -> &[corpus::Listed] {
    &list[..limit.unwrap_or(usize::MAX).min(list.len())]
}

fn file_response(media: &str, bytes: bytes::Bytes, disposition: Option<String>) -> Response {
    let mut response = Response::new(Body::from(bytes));
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(media)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(
        header::LAST_MODIFIED,
        HeaderValue::from_static(LAST_MODIFIED),
    );
    if let Some(d) = disposition.and_then(|d| HeaderValue::from_str(&d).ok()) {
        h.insert(header::CONTENT_DISPOSITION, d);
    }
    response
}

async fn fetch(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(params): Params,
) -> Response {
    let format = format_of(&headers, &params);
    let Some(path) = params.get("path") else {
        return failure(
            StatusCode::BAD_REQUEST,
            format,
            "attachment/fetch",
            "the path parameter is required",
        );
    };
    match state.corpus.file(path) {
        Some(file) => file_response(file.media, file.bytes.clone(), None),
        None => failure(
            StatusCode::NOT_FOUND,
            format,
            "attachment/fetch",
            "no attachment at this path; call list for valid paths",
        ),
    }
}

async fn fetch_all(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(params): Params,
) -> Response {
    let format = format_of(&headers, &params);
    let method = "attachment/fetchall";
    let Some(doc) = params
        .get("ucid")
        .and_then(|u| state.corpus.document(u))
        .filter(|d| !d.attachments.is_empty())
    else {
        return failure(
            StatusCode::NOT_FOUND,
            format,
            method,
            "no attachments for this ucid",
        );
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for a in &doc.attachments {
        let Some(file) = state.corpus.file(&a.path) else {
            continue;
        };
        if zip.start_file(a.filename.as_str(), options).is_err()
            || zip.write_all(&file.bytes).is_err()
        {
            return failure(
                StatusCode::INTERNAL_SERVER_ERROR,
                format,
                method,
                "cannot build the zip",
            );
        }
    }
    match zip.finish() {
        Ok(cursor) => file_response(
            "application/zip",
            cursor.into_inner().into(),
            Some(format!("attachment; filename=\"{}.zip\"", doc.ucid)),
        ),
        Err(_) => failure(
            StatusCode::INTERNAL_SERVER_ERROR,
            format,
            method,
            "cannot build the zip",
        ),
    }
}

async fn pdf(State(state): State<Arc<AppState>>, Query(params): Params) -> Response {
    let found = params
        .get("ucid")
        .and_then(|u| state.corpus.document(u))
        .and_then(|d| d.pdf())
        .and_then(|a| state.corpus.file(&a.path));
    match found {
        Some(file) => file_response(file.media, file.bytes.clone(), None),
        None => StatusCode::NO_CONTENT.into_response(),
    }
}

async fn abstract_image(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(params): Params,
) -> Response {
    let found = params
        .get("ucid")
        .and_then(|u| state.corpus.document(u))
        .and_then(|d| d.abstract_image())
        .and_then(|a| state.corpus.file(&a.path));
    let Some(file) = found else {
        return StatusCode::NO_CONTENT.into_response();
    };
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let wants = |t: &str| accept.contains(t);
    let original = accept.is_empty() || wants("*/*") || wants("image/*") || wants(file.media);
    if original {
        return file_response(file.media, file.bytes.clone(), None);
    }
    let Some(spec) = file.drawing else {
        return file_response(file.media, file.bytes.clone(), None);
    };
    let bitmap = spec.render();
    let (media, bytes) = if wants("image/png") {
        ("image/png", crate::media::formats::png(&bitmap))
    } else if wants("image/jpeg") {
        ("image/jpeg", crate::media::formats::jpeg(&bitmap))
    } else if wants("image/tiff") {
        ("image/tiff", crate::media::tiff::encode(&[bitmap]))
    } else {
        return failure(
            StatusCode::NOT_ACCEPTABLE,
            Format::Json,
            "attachment/abimage",
            "the abstract image is available as image/tiff, image/png or image/jpeg",
        );
    };
    file_response(media, bytes.into(), None)
}
