//! The WIPO DAS exchange API under `/das/v1` (the spec's prefix; the library also accepts
//! `/das-api/v1` and none), and the OAuth2 token endpoint at `/am/oauth2/access_token`.
//!
//! The simulator's choices where the sources differ (README lists them): application errors
//! are HTTP 400 with the unwrapped `{code, message, details}` body; notifications answer
//! 204; acknowledgements use `requestAckId`; `GET requests/retrievals` answers
//! `{"documentRetrievals": [...]}` with all of the office's retrievals (filter
//! `requestAckId`); `DELETE requests/files` takes `osfAckId` (or `fileId`) in the query.

mod auth;
pub mod c2;
mod error;
mod files;
pub mod offices;
mod registrations;
mod retrievals;
pub mod shapes;
pub mod state;
pub mod validate;
pub mod wipo;

use crate::AppState;
use axum::extract::{Query, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use state::{AppError, Forms};
use std::collections::HashMap;
use std::sync::Arc;

use auth::*;
use files::*;
use registrations::*;
use retrievals::*;
pub use retrievals::{notify_requester, start_retrieval};

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
