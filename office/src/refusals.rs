//! Refusals as WIPO's DAS writes them: a status and a DAS error body (`code`, `errorCode`,
//! `message`), for WIPO's calls and the staff API alike.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use ipdocs_core::das::inbound::Refusal;

pub fn refuse(refusal: Refusal) -> Response {
    let status = StatusCode::from_u16(refusal.status).unwrap_or(StatusCode::BAD_REQUEST);
    (status, Json(refusal.body)).into_response()
}
