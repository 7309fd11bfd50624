//! The Rust CLAIMS Direct client in headless Chromium against the real simulator.
#![cfg(target_arch = "wasm32")]

mod support;

use ipdocs::claims::{ClaimsConfig, Format};
use ipdocs::client::ClaimsDirect;
use ipdocs::transport::Transport;
use ipdocs::{ErrorKind, Ucid};
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn client_with(
    user: &str,
    format: Format,
    timeout_ms: Option<u32>,
    retries: Option<u32>,
) -> ClaimsDirect {
    let config = ClaimsConfig::new(sim(), user, "pw", format).unwrap();
    ClaimsDirect::new(config, Transport::with_limits(timeout_ms, retries).unwrap())
}

async fn client(user: &str) -> ClaimsDirect {
    login(user, 10_000.0, 60_000).await;
    client_with(user, Format::Json, None, None)
}

fn u(s: &str) -> Ucid {
    Ucid::parse(s).unwrap()
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

#[wasm_bindgen_test]
async fn list_one_ucid() {
    let c = client("t-list").await;
    let list = c.list(&u("ep-700000-a2"), None).await.unwrap();
    assert_eq!(list.len(), 7);
    assert_eq!(list[0].media, "application/pdf");
    assert_eq!(list[0].pkey, "EP-0700000-A2-19960306");
    assert!(list
        .iter()
        .all(|a| a.path.starts_with("/EP/19960306/A2/000000/70/00/00/")));
}

#[wasm_bindgen_test]
async fn xml_and_json_give_the_same_list() {
    login("t-xml", 10_000.0, 60_000).await;
    let json = client_with("t-xml", Format::Json, None, None);
    let xml = client_with("t-xml", Format::Xml, None, None);
    for ucid in ["WO-2020000001-A1", "EP-0700000-B1"] {
        assert_eq!(
            json.list(&u(ucid), None).await.unwrap(),
            xml.list(&u(ucid), None).await.unwrap()
        );
    }
    let requests = recorded_for("t-xml").await;
    assert!(requests
        .iter()
        .any(|r| header(r, "accept").as_deref() == Some("text/xml")));
    // The documented non-standard media type survives both parsers byte-exact.
    let chem = xml.list(&u("WO-2020000001-A1"), None).await.unwrap();
    assert!(chem.iter().any(|a| a.media == "application/chemexpres"));
    assert!(chem
        .iter()
        .any(|a| a.media == "application/x-ipdocs-unknown"));
}

#[wasm_bindgen_test]
async fn no_attachments_is_an_empty_list() {
    let c = client("t-204").await;
    assert!(c.list(&u("GB-2999999-A"), None).await.unwrap().is_empty());
    assert!(c.list(&u("XX-1234567-A"), None).await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn a_ucid_with_250_plus_attachments() {
    let c = client("t-huge").await;
    let list = c.list(&u("WO-2019123456-A1"), None).await.unwrap();
    assert!(list.len() >= 250, "{}", list.len());
    let mut paths: Vec<&str> = list.iter().map(|a| a.path.as_str()).collect();
    paths.dedup();
    assert_eq!(paths.len(), list.len());
}

#[wasm_bindgen_test]
async fn list_many_batches_dedupes_and_keeps_order() {
    for format in [Format::Json, Format::Xml] {
        let user = format!("t-many-{format:?}");
        login(&user, 10_000.0, 60_000).await;
        let c = client_with(&user, format, None, None);
        // 230 distinct UCIDs (3 batches), with duplicates in other spellings.
        let mut ucids: Vec<Ucid> = (0..228)
            .map(|i| u(&format!("US-{}-A", 6_000_000 + i)))
            .collect();
        ucids.insert(57, u("EP-0700000-A2"));
        ucids.push(u("WO-2019123456-A1"));
        ucids.push(u("ep0700000a2"));
        let result = c.list_many(&ucids, None).await.unwrap();
        assert_eq!(result.len(), 230);
        assert_eq!(result[57].ucid.as_str(), "EP-0700000-A2");
        assert_eq!(result[57].attachments.len(), 7);
        assert_eq!(result[229].ucid.as_str(), "WO-2019123456-A1");
        assert!(result[229].attachments.len() >= 250);
        assert!(result[0].attachments.is_empty());
        let batches = recorded_for(&user).await;
        assert_eq!(batches.len(), 3, "{format:?}");
        assert!(batches
            .iter()
            .all(|r| r["uri"].as_str().unwrap().contains("multi=1")));
    }
}

#[wasm_bindgen_test]
async fn fetch_one_attachment_by_path() {
    let c = client("t-fetch").await;
    let list = c.list(&u("JP-2017173854-A"), None).await.unwrap();
    for attachment in &list {
        let blob = c.fetch(&attachment.path, None).await.unwrap();
        assert_eq!(
            blob.size() as u64,
            attachment.size,
            "{}",
            attachment.filename
        );
        assert_eq!(blob.type_(), attachment.media);
    }
    let png = list.iter().find(|a| a.media == "image/png").unwrap();
    let bytes = blob_bytes(&c.fetch(&png.path, None).await.unwrap()).await;
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
}

#[wasm_bindgen_test]
async fn fetch_of_a_vanished_path_is_not_found() {
    let c = client("t-404").await;
    let e = c
        .fetch("/EP/19960306/A2/000000/70/00/00/gone.tif", None)
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert_eq!(e.status(), Some(404));
    assert!(e.body().unwrap().text.contains("call list"));
}

#[wasm_bindgen_test]
async fn fetch_all_is_a_zip() {
    let c = client("t-zip").await;
    let zip = c.fetch_all(&u("EP-0700000-B1"), None).await.unwrap();
    assert_eq!(zip.type_(), "application/zip");
    assert_eq!(&blob_bytes(&zip).await[..4], b"PK\x03\x04");
    let e = c.fetch_all(&u("GB-2999999-A"), None).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
}

#[wasm_bindgen_test]
async fn pdf_or_none() {
    let c = client("t-pdf").await;
    let pdf = c
        .pdf(&u("EP-0700000-A2"), None)
        .await
        .unwrap()
        .expect("a PDF");
    assert_eq!(&blob_bytes(&pdf).await[..5], b"%PDF-");
    assert!(c.pdf(&u("EP-0666666-A3"), None).await.unwrap().is_none());
}

#[wasm_bindgen_test]
async fn abstract_image_original_converted_or_none() {
    let c = client("t-abimage").await;
    let original = c
        .abstract_image(&u("EP-0700000-A2"), None, None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(original.type_(), "image/tiff");
    assert_eq!(&blob_bytes(&original).await[..4], b"II*\0");
    let png = c
        .abstract_image(&u("EP-0700000-A2"), Some("image/png"), None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(png.type_(), "image/png");
    assert!(c
        .abstract_image(&u("GB-2999999-A"), None, None)
        .await
        .unwrap()
        .is_none());
    let e = c
        .abstract_image(&u("EP-0700000-A2"), Some("image/gif"), None)
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(406));
}

#[wasm_bindgen_test]
async fn bad_credentials_are_unauthorized() {
    let config = ClaimsConfig::new(sim(), "nobody", "wrong", Format::Json).unwrap();
    let c = ClaimsDirect::new(config, Transport::default());
    let e = c.list(&u("EP-0700000-A2"), None).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unauthorized);
    assert_eq!(e.status(), Some(401));
    assert!(
        e.message().contains("authentication failed"),
        "{}",
        e.message()
    );
}

#[wasm_bindgen_test]
async fn rate_limit_429_then_retry_after_succeeds() {
    // 0.6 RU per 1.5 s: two list calls (0.3 each) pass, the third waits for the window.
    login("t-429", 0.6, 1500).await;
    let c = client_with("t-429", Format::Json, None, Some(2));
    c.list(&u("EP-0700000-A2"), None).await.unwrap();
    c.list(&u("EP-0700000-A2"), None).await.unwrap();
    let started = now_ms();
    let list = c.list(&u("EP-0700000-A2"), None).await.unwrap();
    assert_eq!(list.len(), 7);
    assert!(
        now_ms() - started >= 900.0,
        "the retry honoured Retry-After"
    );
    assert_eq!(recorded_for("t-429").await.len(), 4);
}

#[wasm_bindgen_test]
async fn rate_limit_without_retries_reports_retry_after() {
    login("t-429b", 0.3, 5000).await;
    let c = client_with("t-429b", Format::Json, None, Some(0));
    c.list(&u("EP-0700000-A2"), None).await.unwrap();
    let e = c.list(&u("EP-0700000-A2"), None).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RateLimited);
    assert_eq!(e.status(), Some(429));
    let wait = e
        .retry_after_ms()
        .expect("Retry-After is exposed by CORS and parsed");
    assert!((1000..=5000).contains(&wait), "{wait}");
}

#[wasm_bindgen_test]
async fn server_errors_and_dropped_connections_are_retried() {
    let c = client("t-retry").await;
    faults(
        "t-retry",
        serde_json::json!([{"kind": "status", "status": 503}, {"kind": "drop"}]),
    )
    .await;
    assert_eq!(c.list(&u("EP-0700000-B1"), None).await.unwrap().len(), 5);
    assert!(recorded_for("t-retry").await.len() >= 3);
}

#[wasm_bindgen_test]
async fn retries_are_bounded() {
    login("t-bounded", 100.0, 60_000).await;
    let c = client_with("t-bounded", Format::Json, None, Some(1));
    // (Status faults, not drops: Chromium itself silently retries a GET once when a reused
    // keep-alive connection closes without a response, which would blur the count.)
    let unavailable = serde_json::json!({"kind": "status", "status": 503});
    faults(
        "t-bounded",
        serde_json::json!([unavailable, unavailable, unavailable]),
    )
    .await;
    let e = c.list(&u("EP-0700000-B1"), None).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Server);
    assert_eq!(e.status(), Some(503));
    assert_eq!(recorded_for("t-bounded").await.len(), 2);
}

#[wasm_bindgen_test]
async fn html_error_page_gives_status_and_excerpt() {
    login("t-html", 100.0, 60_000).await;
    let c = client_with("t-html", Format::Json, None, Some(0));
    faults(
        "t-html",
        serde_json::json!([{"kind": "html", "status": 502}]),
    )
    .await;
    let e = c.list(&u("EP-0700000-B1"), None).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Server);
    assert_eq!(e.status(), Some(502));
    assert!(
        e.message().contains("upstream proxy error"),
        "{}",
        e.message()
    );
    assert!(e.body().unwrap().text.starts_with("<!DOCTYPE html>"));
}

#[wasm_bindgen_test]
async fn failure_envelope_under_200_is_a_service_error() {
    let c = client("t-envelope").await;
    faults("t-envelope", serde_json::json!([{"kind": "envelope", "message": "JSON error: failed to read response object"}])).await;
    let e = c.list(&u("EP-0700000-B1"), None).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Service);
    assert!(e.message().contains("failed to read response object"));
}

#[wasm_bindgen_test]
async fn timeout_is_its_own_kind() {
    login("t-timeout", 100.0, 60_000).await;
    let c = client_with("t-timeout", Format::Json, Some(300), Some(0));
    faults(
        "t-timeout",
        serde_json::json!([{"kind": "delay", "ms": 3000}]),
    )
    .await;
    let started = now_ms();
    let e = c.list(&u("EP-0700000-B1"), None).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout);
    assert!(now_ms() - started < 2500.0);
}

#[wasm_bindgen_test]
async fn abort_signal_cancels_in_flight_and_before_start() {
    let c = client("t-abort").await;
    faults(
        "t-abort",
        serde_json::json!([{"kind": "delay", "ms": 3000}]),
    )
    .await;
    let controller = web_sys::AbortController::new().unwrap();
    let signal = controller.signal();
    let abort_later = {
        let controller = controller.clone();
        async move {
            sleep(100).await;
            controller.abort();
        }
    };
    let started = now_ms();
    let ucid = u("EP-0700000-B1");
    let (result, ()) = futures_util::join!(c.list(&ucid, Some(&signal)), abort_later);
    assert_eq!(result.unwrap_err().kind(), ErrorKind::Aborted);
    assert!(now_ms() - started < 2500.0);
    // Already aborted: nothing is sent.
    let before = recorded_for("t-abort").await.len();
    let e = c
        .list(&u("EP-0700000-B1"), Some(&signal))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Aborted);
    assert_eq!(recorded_for("t-abort").await.len(), before);
}

#[wasm_bindgen_test]
async fn redirects_are_refused_so_credentials_reach_no_other_origin() {
    login("t-redirect", 100.0, 60_000).await;
    let c = client_with("t-redirect", Format::Json, None, Some(0));
    faults("t-redirect", serde_json::json!([{"kind": "redirectAway"}])).await;
    let e = c.list(&u("EP-0700000-B1"), None).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Http);
    assert!(e.message().contains("redirect"));
    // The API origin got the credentials; the other origin got nothing carrying them.
    assert!(recorded_for("t-redirect")
        .await
        .iter()
        .all(|r| header(r, "x-password").as_deref() == Some("pw")));
    for r in recorded("transit").await {
        for secret in ["x-password", "x-user", "authorization"] {
            assert!(
                header(&r, secret).is_none(),
                "{secret} reached the transit origin: {r}"
            );
        }
    }
}

#[wasm_bindgen_test]
async fn bad_input_is_rejected_before_any_request() {
    let c = client("t-input").await;
    let before = recorded_for("t-input").await.len();
    assert_eq!(
        Ucid::parse("not a ucid").unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        c.fetch("", None).await.unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        c.abstract_image(&u("EP-0700000-A2"), Some("png\r\nx: y"), None)
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidInput
    );
    assert_eq!(recorded_for("t-input").await.len(), before);
}

#[wasm_bindgen_test]
async fn the_observer_sees_every_attempt_without_query_or_headers() {
    use ipdocs::transport::observe::{set_observer, Exchange};
    use std::cell::RefCell;
    use std::rc::Rc;
    let c = client("t-observe").await;
    faults(
        "t-observe",
        serde_json::json!([{"kind": "status", "status": 503}]),
    )
    .await;
    let seen: Rc<RefCell<Vec<Exchange>>> = Rc::default();
    set_observer(Some(Rc::new({
        let seen = seen.clone();
        move |e: &Exchange| seen.borrow_mut().push(e.clone())
    })));
    let listed = c.list(&u("EP-0700000-B1"), None).await;
    set_observer(None);
    assert!(listed.is_ok());
    let seen = seen.borrow();
    let url = format!("{}/attachment/list", sim());
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(
        (
            seen[0].method,
            seen[0].url.as_str(),
            seen[0].status,
            seen[0].error,
            seen[0].retry
        ),
        ("GET", url.as_str(), Some(503), Some(ErrorKind::Server), 0)
    );
    assert_eq!(
        (
            seen[1].url.as_str(),
            seen[1].status,
            seen[1].error,
            seen[1].retry
        ),
        (url.as_str(), Some(200), None, 1)
    );
}
