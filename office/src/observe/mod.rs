//! What an operator sees: one log line per request and per job step ([`tracing`], JSON by
//! default), Prometheus metrics ([`metrics`]), and the health endpoints ([`health`]).
//!
//! Logs name the route as it is declared (`/das-files/{token}`, never the token), the request
//! id, the outcome and the duration; nothing that holds a secret (headers, bodies, query
//! strings, keys) is ever a field.

pub mod health;
pub mod metrics;

use crate::Office;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::Arc;
use std::time::Instant;
use tracing::Instrument;

/// How log lines are written (to stderr; stdout carries only the `{"url"}` line).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One JSON object per line, for a log collector.
    Json,
    /// Human-readable lines, for a terminal.
    Text,
}

/// Installs the process's log subscriber; `filter` is a `tracing` directive such as `info`
/// or `ipdocs_office=debug` (`RUST_LOG` overrides it). A second call does nothing.
pub fn init_logging(format: LogFormat, filter: &str) {
    // The migrations' tool reports every start at info: quiet unless asked for.
    let filter = match filter.contains("refinery") {
        true => filter.to_owned(),
        false => format!("{filter},refinery_core=warn"),
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .or_else(|_| tracing_subscriber::EnvFilter::try_new(&filter))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false);
    let _ = match format {
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

/// `ok`, `refused` (4xx) or `error` (5xx).
pub fn outcome(status: axum::http::StatusCode) -> &'static str {
    if status.is_server_error() {
        "error"
    } else if status.is_client_error() {
        "refused"
    } else {
        "ok"
    }
}

/// Logs and counts every request: a span with the request id and route around the handler
/// (so the handler's own events carry them), then one flat line with the outcome and
/// duration.
pub async fn requests(State(office): State<Arc<Office>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_owned();
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_owned();
    let method = request.method().clone();
    // `staff` is filled in by the staff API's authentication: who made the request.
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        route = %route,
        staff = tracing::field::Empty
    );
    let started = Instant::now();
    let response = next.run(request).instrument(span).await;
    let status = response.status();
    let outcome = outcome(status);
    let duration_ms = started.elapsed().as_secs_f64() * 1000.;
    tracing::info!(
        request_id = %id,
        method = %method,
        route = %route,
        status = status.as_u16(),
        outcome,
        duration_ms,
        "request answered"
    );
    office.metrics.request(&route, outcome);
    response
}
