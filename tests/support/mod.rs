//! Helpers shared by the browser tests: the simulator's URL (given at build time by the
//! test command) and its control API.

#![allow(dead_code)]

use ipdocs::http::{HttpRequest, Method, RequestBody};
use ipdocs::transport::{ReadAs, Transport};

/// The simulator the test command started (`IPDOCS_SIM_URL` at build time). Without it
/// every test fails on an unresolvable host that names the problem.
pub fn sim() -> &'static str {
    match option_env!("IPDOCS_SIM_URL") {
        Some(url) => url,
        None => "http://ipdocs-sim-url-not-set--run-scripts-test-sh.invalid",
    }
}

async fn post_json(path: &str, body: serde_json::Value) {
    let request = HttpRequest {
        method: Method::Post,
        url: format!("{}{path}", sim()),
        headers: Vec::new(),
        body: Some(RequestBody::Json(body.to_string())),
        idempotent: false,
    };
    Transport::<ipdocs::transport::Browser>::default()
        .send(&request, ReadAs::Text, None)
        .await
        .expect("control API call");
}

/// A fresh login with its own request-unit budget, so tests never share state.
pub async fn login(user: &str, request_units: f64, window_ms: u64) {
    post_json(
        "/_sim/logins",
        serde_json::json!({"user": user, "password": "pw", "requestUnits": request_units, "windowMs": window_ms}),
    )
    .await;
}

/// Queues faults for the next calls made with `key` (a login).
pub async fn faults(key: &str, script: serde_json::Value) {
    post_json(
        "/_sim/faults",
        serde_json::json!({"key": key, "script": script}),
    )
    .await;
}

/// The requests an origin (`api` or `transit`) has recorded.
pub async fn recorded(origin: &str) -> Vec<serde_json::Value> {
    let request = HttpRequest::get(format!("{}/_sim/requests?origin={origin}", sim()));
    let reply = Transport::<ipdocs::transport::Browser>::default()
        .send(&request, ReadAs::Text, None)
        .await
        .expect("request log");
    serde_json::from_str(reply.text()).expect("request log JSON")
}

/// Recorded API requests made with login `user`.
pub async fn recorded_for(user: &str) -> Vec<serde_json::Value> {
    recorded("api")
        .await
        .into_iter()
        .filter(|r| header(r, "x-user").as_deref() == Some(user))
        .collect()
}

pub fn header(record: &serde_json::Value, name: &str) -> Option<String> {
    record["headers"]
        .as_array()?
        .iter()
        .find(|h| h[0].as_str() == Some(name))
        .and_then(|h| h[1].as_str().map(str::to_owned))
}

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: u64) {
    ipdocs::transport::sleep(ms, None).await.unwrap();
}

/// The bytes of a Blob (small test files only).
pub async fn blob_bytes(blob: &web_sys::Blob) -> Vec<u8> {
    let buffer = wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
        .await
        .unwrap();
    js_sys::Uint8Array::new(&buffer).to_vec()
}
