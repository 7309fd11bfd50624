//! WIPO's calls into the office, under `/das/v1` and `/das-api/v1`. Each is authenticated
//! (RS256 bearer against WIPO's JWKS), validated with the library's sans-IO models, and
//! committed before the answer is sent.

use crate::body::json_body;
use crate::events::Event;
use crate::jwks::Refused;
use crate::refusals::refuse;
use crate::Office;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use ipdocs_core::das::inbound::{read_forwarded_retrieval, read_notification, Refusal};
use ipdocs_core::das::RequestAck;
use std::sync::Arc;

pub fn router(office: Arc<Office>) -> Router {
    Router::new()
        .route("/requests/retrievals", post(forwarded_retrieval))
        .route("/requests/notifications", post(notification))
        .route(
            "/requests/files/url-downloads",
            post(crate::served::url_download),
        )
        .layer(middleware::from_fn_with_state(office.clone(), wipo_bearer))
        .fallback(|| async { refuse(Refusal::new(404, "NOT_FOUND", -1, "no such DAS endpoint")) })
        .with_state(office)
}

/// 401 with a DAS error body; the reason is logged, the token never is.
async fn wipo_bearer(State(office): State<Arc<Office>>, request: Request, next: Next) -> Response {
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let refused = match token {
        None => Some(Refused {
            reason: "missing",
            message: "no bearer token".to_owned(),
        }),
        Some(token) => office.verifier.verify(token).await.err(),
    };
    match refused {
        None => next.run(request).await,
        Some(Refused { reason, message }) => {
            tracing::warn!(reason, why = %message, "WIPO's bearer token refused");
            office.metrics.token_refused(reason);
            let mut response = refuse(Refusal::new(401, "UNAUTHORIZED", -1, message));
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer error=\"invalid_token\""),
            );
            response
        }
    }
}

/// Seed 000 step 2: issue (or, for a redelivery, repeat) this office's ack id.
async fn forwarded_retrieval(State(office): State<Arc<Office>>, request: Request) -> Response {
    let request = match json_body(request)
        .await
        .and_then(|body| read_forwarded_retrieval(&body))
    {
        Ok(r) => r,
        Err(refusal) => return refuse(refusal),
    };
    let stored = serde_json::to_value(&request).unwrap_or_default();
    let key = request.delivery_key();
    let automatic = office.answers_automatically();
    let ack = new_ack_id();
    let recorded = office
        .with_store(move |store| store.record_forwarded(&key, &stored, &ack, automatic))
        .await;
    match recorded {
        Some((ack, is_new)) => {
            if is_new {
                office.announce(Event::retrieval(&ack));
                office.wake_jobs();
            }
            (StatusCode::CREATED, Json(RequestAck::pending(ack))).into_response()
        }
        None => refuse(not_stored("request")),
    }
}

/// Seed 000 step 6: WIPO says a document this office asked for is available (or failed).
async fn notification(State(office): State<Arc<Office>>, request: Request) -> Response {
    let notification = match json_body(request)
        .await
        .and_then(|body| read_notification(&body))
    {
        Ok(n) => n,
        Err(refusal) => return refuse(refusal),
    };
    let stored = serde_json::to_value(&notification).unwrap_or_default();
    let deliver = office.delivers_automatically();
    let recorded = office
        .with_store(move |store| store.record_notification(&stored, deliver))
        .await;
    match recorded {
        Some((id, delivery)) => {
            if delivery {
                office.wake_jobs();
            }
            office.announce(Event::notification(id, &notification.request_ack_id));
            StatusCode::NO_CONTENT.into_response()
        }
        None => refuse(not_stored("notification")),
    }
}

/// 503: WIPO redelivers what was not stored.
fn not_stored(what: &str) -> Refusal {
    Refusal::new(
        503,
        "SYSTEM_ERROR",
        -100,
        format!("the {what} could not be stored; send it again"),
    )
}

/// `OFF-` and 20 random hex digits.
fn new_ack_id() -> String {
    use rand::Rng;
    let bytes: [u8; 10] = rand::thread_rng().gen();
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("OFF-{hex}")
}
