//! The staff inbox under `/office/v1` (same origin as the app): forwarded retrievals with
//! their state and answer, notifications received, the clerk's answers, and a Server-Sent
//! Events stream of anything new. Every call needs the staff bearer token.

use crate::events::Event;
use crate::refusals::refuse;
use crate::staff::{Role, Staff};
use crate::Office;
use axum::extract::{Path, State};
use axum::middleware;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Extension;
use axum::{Json, Router};
use ipdocs_core::das::inbound::Refusal;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tokio_stream::StreamExt;

mod pages;

pub fn router(office: Arc<Office>) -> Router {
    Router::new()
        .route("/retrievals", get(pages::retrievals))
        .route("/retrievals.csv", get(pages::retrievals_csv))
        .route("/retrievals/{ack}/answer", post(answer))
        .route("/notifications", get(pages::notifications))
        .route("/events", get(events))
        .route("/me", get(me))
        .layer(middleware::from_fn_with_state(
            office.clone(),
            crate::staff::staff_bearer,
        ))
        // Before sign-in: how to sign in.
        .route("/auth", get(sign_in))
        .with_state(office)
}

/// Who the caller is and what they may do (the app hides what the role may not do).
async fn me(Extension(staff): Extension<Staff>) -> Response {
    Json(serde_json::json!({ "name": staff.name, "role": staff.role })).into_response()
}

/// How the app signs staff in: the provider's issuer, the app's client id and the scopes to
/// ask for; 404 when the office has no identity provider (staff then use tokens).
async fn sign_in(State(office): State<Arc<Office>>) -> Response {
    match office.oidc() {
        Some(oidc) => Json(serde_json::json!({
            "issuer": oidc.issuer,
            "clientId": oidc.client_id,
            "scope": oidc.scope,
        }))
        .into_response(),
        None => refuse(Refusal::new(
            404,
            "NOT_FOUND",
            -1,
            "this office has no identity provider: use a staff token",
        )),
    }
}

pub(crate) fn unavailable() -> Response {
    refuse(Refusal::new(
        503,
        "SYSTEM_ERROR",
        -100,
        "the inbox could not be read",
    ))
}

/// The clerk's answer, recorded after the app has notified WIPO (seed 000 step 5).
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Answer {
    /// `answered` (with the validated `fileId`) or `refused` (with a DAS error code and message).
    state: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    file_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error_code: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status_message: Option<String>,
}

impl Answer {
    fn check(&self) -> Result<(), Refusal> {
        match (self.state.as_str(), &self.file_id, self.error_code) {
            ("answered", Some(id), None) => ipdocs_core::das::validate_id("fileId", id)
                .map_err(|e| Refusal::invalid(-2, e.message())),
            ("refused", None, Some(code)) if code < 0 && self.status_message.is_some() => Ok(()),
            _ => Err(Refusal::invalid(
                -2,
                "give state \"answered\" with a fileId, or \"refused\" with a negative errorCode and a statusMessage",
            )),
        }
    }
}

async fn answer(
    State(office): State<Arc<Office>>,
    Extension(staff): Extension<Staff>,
    Path(ack): Path<String>,
    body: axum::body::Bytes,
) -> Response {
    if let Err(denied) = staff.may(Role::Clerk, "answer forwarded requests") {
        return refuse(denied);
    }
    let answer: Answer = match serde_json::from_slice(&body) {
        Ok(a) => a,
        Err(e) => return refuse(Refusal::invalid(-1, format!("malformed answer: {e}"))),
    };
    if let Err(refusal) = answer.check() {
        return refuse(refusal);
    }
    let mut stored = serde_json::to_value(&answer).unwrap_or_default();
    // Who answered: the inbox shows it, the export lists it.
    stored["by"] = staff.name.clone().into();
    let ack_stored = ack.clone();
    let recorded = office
        .with_store(move |store| store.answer(&ack_stored, &answer.state, &stored))
        .await;
    match recorded {
        Some(Some(row)) => {
            tracing::info!(ack = %ack, state = %row.state, by = %staff.name, "answered by staff");
            let aged = ack.clone();
            if let Some(Some(seconds)) = office.with_store(move |s| s.age_secs(&aged)).await {
                office.metrics.answered("clerk", seconds);
            }
            office.announce(Event::answer(&ack));
            Json(row).into_response()
        }
        Some(None) => not_answerable(&office, ack).await,
        None => unavailable(),
    }
}

/// Why a clerk's answer was not recorded: the request is unknown, or the office is
/// answering it by itself (409: WIPO must not get two answers).
async fn not_answerable(office: &Arc<Office>, ack: String) -> Response {
    let lookup = ack.clone();
    let row = office
        .with_store(move |store| store.forwarded_one(&lookup))
        .await;
    match row {
        Some(Some(row)) if row.state == "automatic" => refuse(Refusal::new(
            409,
            "CONFLICT",
            -25,
            format!("{ack} is being answered automatically"),
        )),
        Some(_) => refuse(Refusal::new(
            404,
            "NOT_FOUND",
            -23,
            format!("no forwarded retrieval {ack}"),
        )),
        None => unavailable(),
    }
}

/// Server-Sent Events: one `message` per new retrieval, answer or notification.
async fn events(State(office): State<Arc<Office>>) -> impl IntoResponse {
    let stream = tokio_stream::wrappers::BroadcastStream::new(office.events.subscribe())
        .filter_map(|event| event.ok())
        .map(|event| SseEvent::default().json_data(event));
    Sse::new(stream).keep_alive(KeepAlive::default())
}
