//! The transit-zone origin. For now it records what reaches it and answers 404: it is the
//! "other origin" that credentials must never reach (and the target of redirect faults).
//! The DAS part turns it into an S3 endpoint.

use crate::AppState;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::Router;
use std::sync::Arc;

pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .fallback(
            |State(state): State<Arc<AppState>>, request: Request| async move {
                state.recorder.record("transit", &request);
                StatusCode::NOT_FOUND
            },
        )
        .with_state(state)
}
