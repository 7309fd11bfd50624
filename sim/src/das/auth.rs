//! The OAuth2 token endpoint (`private_key_jwt`, ES256 client assertions checked against each
//! office's key) and the bearer check of every DAS call.

use super::*;
use crate::faults::Fault;
use crate::{AppState, DropConnection};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;

/// Bearer token check, then the office's scripted faults (keyed by client id).
pub(super) async fn bearer(
    State(state): State<Arc<AppState>>,
    mut request: Request,
    next: Next,
) -> Response {
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

pub(super) async fn token(State(state): State<Arc<AppState>>, request: Request) -> Response {
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
