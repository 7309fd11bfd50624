//! `GET /healthz` (the process answers), `GET /readyz` (the database answers and WIPO's key
//! set has been fetched: a load balancer sends WIPO's calls only to a ready instance) and
//! `GET /metrics` (Prometheus), the last restricted to staff or to listed networks.

use crate::Office;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use std::net::SocketAddr;
use std::sync::Arc;

pub async fn alive() -> Json<serde_json::Value> {
    Json(json!({ "status": "alive" }))
}

pub async fn ready(State(office): State<Arc<Office>>) -> Response {
    let database = office
        .with_store(|store| store.ping())
        .await
        .ok_or("the database does not answer");
    let jwks = office.verifier.ready().await;
    let word = |ok: bool| if ok { "ok" } else { "failing" };
    let (database_ok, jwks_ok) = (database.is_ok(), jwks.is_ok());
    let problems: Vec<String> = [database.err().map(str::to_owned), jwks.err()]
        .into_iter()
        .flatten()
        .collect();
    let status = match problems.is_empty() {
        true => StatusCode::OK,
        false => StatusCode::SERVICE_UNAVAILABLE,
    };
    let body = json!({
        "database": word(database_ok),
        "jwks": word(jwks_ok),
        "problems": problems,
    });
    (status, Json(body)).into_response()
}

/// The metrics, for a caller on an allowed network or with the staff token.
pub async fn metrics(State(office): State<Arc<Office>>, request: Request) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let on_allowed_network =
        peer.is_some_and(|ip| office.metrics_from.iter().any(|net| net.contains(&ip)));
    let staff = match crate::staff::bearer(&request) {
        Some(token) => office.staff(token).await.is_some(),
        None => false,
    };
    if !(on_allowed_network || staff) {
        return (
            StatusCode::FORBIDDEN,
            "metrics are for staff or listed networks\n",
        )
            .into_response();
    }
    let depths = office.with_store(|store| store.depths()).await;
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        office.metrics.render(depths),
    )
        .into_response()
}
