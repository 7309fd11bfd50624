//! `/_sim/*`: the control API tests and the demo use (not part of either real service).
//!
//! - `GET /_sim/info` — URLs, corpus size, demo login;
//! - `POST /_sim/logins` `{user, password, requestUnits?, windowMs?, listLimit?}` — register a
//!   login (`listLimit`: list at most that many attachments per UCID, `count` still the total);
//!   `GET /_sim/logins?user=` — RU it was charged and calls refused with 429;
//! - `POST /_sim/faults` `{key?, script?: Fault[], latencyMs?, errorRate?, dropRate?}` (keys: a
//!   CLAIMS login or DAS client id, `url:CLIENT` for presigned URLs, `transit`, `token`,
//!   `validation`: any fault there rejects the next upload's validation; `checksum`: the next
//!   validated file status reports another checksum);
//! - `GET /_sim/requests?origin=api|transit`, `DELETE /_sim/requests` — the request log;
//! - `GET /_sim/synthetic-list?ucids=N&per=M&format=json|xml` — a large multi-UCID list
//!   (benchmarks).

use crate::claims::corpus::Listed;
use crate::claims::render::{self, Format};
use crate::faults::{Fault, Rates};
use crate::logins::{Budget, Logins};
use crate::AppState;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/_sim/info", get(info))
        .route("/_sim/logins", post(register).get(login_usage))
        .route("/_sim/faults", post(faults))
        .route("/_sim/requests", get(requests).delete(clear_requests))
        .route("/_sim/synthetic-list", get(synthetic_list))
        .route("/_sim/das/offices", post(register_office))
        .route("/_sim/das/revoke", post(revoke))
        .route("/_sim/das/tokens", post(mint_token))
        .route("/_sim/das/wipo-token", post(wipo_token))
        .route("/_sim/das/settings", post(das_settings))
        .route("/_sim/das/state", get(das_state))
        .route("/_sim/das/endpoint", post(set_endpoint))
        .route("/_sim/das/rotate-keys", post(rotate_keys))
        .route("/_sim/das/partner-request", post(partner_request))
}

async fn info(State(state): State<Arc<AppState>>) -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "api": state.api_url,
        "transit": state.transit_url,
        "corpus": {
            "documents": state.corpus.documents.len(),
            "attachments": state.corpus.attachment_count(),
            "ucids": state.corpus.documents.iter().map(|d| d.ucid).collect::<Vec<_>>(),
        },
        "claims": {
            "user": Logins::DEMO_USER,
            "password": Logins::DEMO_PASSWORD,
            "budget": state.logins.usage(Logins::DEMO_USER),
        },
        "das": {
            "baseUrl": state.api_url,
            "apiPrefix": crate::das::PREFIX,
            "tokenUrl": format!("{}{}", state.api_url, crate::das::TOKEN_PATH),
            "clientId": crate::das::offices::DEMO_CLIENT_ID,
            "privateKeyPem": state.das_offices.demo_private_key_pem,
            "documents": *state.das.catalogue.lock().unwrap(),
            "issuer": state.wipo.issuer(),
            "inbox": state.wipo.endpoint(crate::das::offices::DEMO_CLIENT_ID),
            "jwksUrl": format!("{}{}", state.api_url, crate::das::wipo::JWKS_PATH),
            "partnerOsf": PARTNER_OSF,
        },
    }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct OfficeRegistration {
    client_id: String,
    public_key_pem: Option<String>,
    token_ttl_secs: Option<u64>,
    /// The office's base URL for WIPO's calls into it (`{endpoint}/das/v1/...`).
    endpoint: Option<String>,
}

/// Registers an office. Without a public key, generates a key pair and returns the private
/// key (PKCS#8 PEM), as WIPO's registration would pair a certificate with a client id.
async fn register_office(
    State(state): State<Arc<AppState>>,
    Json(o): Json<OfficeRegistration>,
) -> Response {
    let (private_key_pem, key) = match o.public_key_pem {
        Some(pem) => match crate::das::offices::Offices::parse_public_key(&pem) {
            Ok(key) => (None, key),
            Err(e) => return (StatusCode::BAD_REQUEST, e).into_response(),
        },
        None => {
            let (pem, key) = crate::das::offices::generate_key();
            (Some(pem), key)
        }
    };
    if let Some(Err(e)) = o.endpoint.as_deref().map(endpoint_url) {
        return (StatusCode::BAD_REQUEST, e).into_response();
    }
    state
        .das_offices
        .register(&o.client_id, key, o.token_ttl_secs.unwrap_or(3599));
    state.wipo.set_endpoint(&o.client_id, o.endpoint);
    Json(serde_json::json!({"clientId": o.client_id, "privateKeyPem": private_key_pem}))
        .into_response()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Revocation {
    client_id: String,
}

async fn revoke(
    State(state): State<Arc<AppState>>,
    Json(r): Json<Revocation>,
) -> Json<serde_json::Value> {
    Json(serde_json::json!({"revoked": state.das_offices.revoke(&r.client_id)}))
}

/// A token for an office without a client assertion: stands in for the host application's
/// backend in tests of the `accessToken` callback.
async fn mint_token(
    State(state): State<Arc<AppState>>,
    Json(r): Json<Revocation>,
) -> Json<serde_json::Value> {
    let token = state.das_offices.mint(&r.client_id);
    Json(serde_json::json!({"accessToken": token}))
}

/// WIPO's own bearer token for calls into an office's endpoint (RS256, as its outbound calls
/// carry): for load tests of an office endpoint that send WIPO's calls themselves.
async fn wipo_token(
    State(state): State<Arc<AppState>>,
    Json(r): Json<Revocation>,
) -> Json<serde_json::Value> {
    Json(serde_json::json!({"accessToken": state.wipo.token(&r.client_id)}))
}

/// Changes the fields given; the others keep their current values.
async fn das_settings(
    State(state): State<Arc<AppState>>,
    Json(changes): Json<serde_json::Map<String, serde_json::Value>>,
) -> Response {
    let mut settings = state.das.settings.lock().unwrap();
    let mut merged = match serde_json::to_value(*settings) {
        Ok(serde_json::Value::Object(current)) => current,
        _ => serde_json::Map::new(),
    };
    merged.extend(changes);
    match serde_json::from_value(serde_json::Value::Object(merged)) {
        Ok(updated) => {
            *settings = updated;
            StatusCode::NO_CONTENT.into_response()
        }
        Err(e) => (StatusCode::BAD_REQUEST, format!("bad settings: {e}")).into_response(),
    }
}

/// Uploads, retrievals and registrations, for tests that check what the service holds.
async fn das_state(State(state): State<Arc<AppState>>) -> Json<serde_json::Value> {
    let uploads: Vec<_> = state
        .das
        .uploads
        .lock()
        .unwrap()
        .values()
        .cloned()
        .collect();
    let retrievals: Vec<_> = state
        .das
        .retrievals
        .lock()
        .unwrap()
        .values()
        .cloned()
        .collect();
    let registrations: Vec<_> = state
        .das
        .catalogue
        .lock()
        .unwrap()
        .iter()
        .filter(|d| d.owner.is_some())
        .map(|d| serde_json::json!({"documentNumber": d.document_number, "owner": d.owner, "fileKey": d.file_key}))
        .collect();
    Json(
        serde_json::json!({"uploads": uploads, "retrievals": retrievals, "registrations": registrations,
        "notifications": *state.das.notifications.lock().unwrap()}),
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Registration {
    user: String,
    password: String,
    request_units: Option<f64>,
    window_ms: Option<u64>,
    /// Lists at most this many attachments per UCID, `count` still the stored total.
    list_limit: Option<usize>,
}

async fn login_usage(
    State(state): State<Arc<AppState>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    match q.get("user").and_then(|u| state.logins.usage(u)) {
        Some(usage) => Json(usage).into_response(),
        None => (StatusCode::NOT_FOUND, "no such login").into_response(),
    }
}

async fn register(State(state): State<Arc<AppState>>, Json(r): Json<Registration>) -> StatusCode {
    let default = Budget::default();
    state.logins.register(
        &r.user,
        &r.password,
        Budget {
            request_units: r.request_units.unwrap_or(default.request_units),
            window: r.window_ms.map_or(default.window, Duration::from_millis),
        },
        r.list_limit,
    );
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FaultSettings {
    key: Option<String>,
    #[serde(default)]
    script: Vec<Fault>,
    #[serde(flatten)]
    rates: Option<Rates>,
}

async fn faults(State(state): State<Arc<AppState>>, Json(f): Json<FaultSettings>) -> StatusCode {
    match f.key {
        Some(key) => state.faults.script(&key, f.script),
        None => state.faults.set_rates(f.rates.unwrap_or_default()),
    }
    StatusCode::NO_CONTENT
}

async fn requests(
    State(state): State<Arc<AppState>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    Json(state.recorder.list(q.get("origin").map(String::as_str))).into_response()
}

async fn clear_requests(State(state): State<Arc<AppState>>) -> StatusCode {
    state.recorder.clear();
    StatusCode::NO_CONTENT
}

async fn synthetic_list(Query(q): Query<HashMap<String, String>>) -> Response {
    let number = |k: &str, d: usize| {
        q.get(k)
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
            .min(100_000)
    };
    let (ucids, per) = (number("ucids", 100), number("per", 100));
    let format = if q.get("format").is_some_and(|f| f == "xml") {
        Format::Xml
    } else {
        Format::Json
    };
    let lists: Vec<(String, String, Vec<Listed>)> = (0..ucids)
        .map(|i| {
            let ucid = format!("US-{}-A1", 20_200_000_000u64 + i as u64);
            let attachments = (0..per)
                .map(|j| Listed {
                    path: format!(
                        "/US/20200102/A1/020200/00/{:02}/{:02}/imgf{j:04}.tif",
                        i / 100 % 100,
                        i % 100
                    ),
                    filename: format!("imgf{j:04}.tif"),
                    media: if j == 0 {
                        "application/pdf"
                    } else {
                        "image/tiff"
                    },
                    size: 10_000 + (i * 31 + j * 17) as u64 % 90_000,
                })
                .collect();
            (ucid.clone(), format!("{ucid}-20200102"), attachments)
        })
        .collect();
    let groups: Vec<(String, String, &[Listed], usize)> = lists
        .iter()
        .map(|(u, p, l)| (u.clone(), p.clone(), l.as_slice(), l.len()))
        .collect();
    (
        [(header::CONTENT_TYPE, format.content_type())],
        render::multi(format, &groups, 0.1),
    )
        .into_response()
}

/// The simulated partner office of second filing, which requests the demo office's documents.
pub const PARTNER_OSF: &str = "ipdocs-partner-osf";

fn endpoint_url(endpoint: &str) -> Result<(), String> {
    match url::Url::parse(endpoint) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.query().is_none() => Ok(()),
        _ => Err(format!(
            "endpoint must be an http(s) base URL, got {endpoint:?}"
        )),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EndpointSetting {
    client_id: String,
    /// `null` removes it.
    endpoint: Option<String>,
}

/// Sets (or removes) an office's endpoint for WIPO's calls into it.
async fn set_endpoint(
    State(state): State<Arc<AppState>>,
    Json(e): Json<EndpointSetting>,
) -> Response {
    if let Some(Err(why)) = e.endpoint.as_deref().map(endpoint_url) {
        return (StatusCode::BAD_REQUEST, why).into_response();
    }
    state.wipo.set_endpoint(&e.client_id, e.endpoint);
    StatusCode::NO_CONTENT.into_response()
}

/// A new signing key for WIPO's outbound tokens; the previous one stays in the JWKS.
async fn rotate_keys(State(state): State<Arc<AppState>>) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "kid": state.wipo.rotate() }))
}

/// The partner office of second filing requests a document (normally one of the demo
/// office's): the retrieval WIPO then forwards to the holder's endpoint.
async fn partner_request(State(state): State<Arc<AppState>>, body: axum::body::Bytes) -> Response {
    use crate::das::validate::{checked_operation, parse, DocumentBody};
    let doc = parse::<DocumentBody>(&body).and_then(|mut doc| {
        doc.operation_category = Some("retrieval".into());
        checked_operation(doc, "retrieval")
    });
    match doc {
        Ok(doc) => {
            let ack = crate::das::start_retrieval(&state, PARTNER_OSF, doc);
            Json(serde_json::json!({ "requestAckId": ack })).into_response()
        }
        Err(e) => (StatusCode::BAD_REQUEST, Json(e)).into_response(),
    }
}
