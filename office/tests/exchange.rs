//! The whole exchange of seed 000 across two offices, natively: `ipdocs-sim` plays WIPO (and
//! the partner offices), `ipdocs-office` is the demo office's endpoint.
//! - As OFF: the partner OSF requests a document the demo office registered without content;
//!   WIPO forwards it (step 2, RS256 bearer) to the office endpoint, which issues its ack id;
//!   the demo office uploads the file and notifies WIPO with **its** ack id (steps 3–5); the
//!   partner's retrieval completes. WIPO's own ack id, or another office, is refused.
//! - As OSF: the demo office requests a document of the simulated OFF; WIPO pushes the
//!   availability notification (step 6) to the office endpoint.

mod support;

use serde_json::json;
use sha2::Digest;
use support::{eventually, pdf, World};

#[tokio::test]
async fn as_office_of_first_filing_a_forwarded_request_is_answered_with_our_ack() {
    let w = World::start().await;
    let document = json!({"documentKindCategory": "patent", "documentNumber": "DEMO/2026/000777",
                          "documentDate": "2026-02-02", "dasAccessCode": "D3M0"});
    let mut registration = document.clone();
    registration["operationCategory"] = json!("registration");
    assert_eq!(
        w.das(
            reqwest::Method::POST,
            "/requests/registrations",
            Some(registration)
        )
        .await
        .0,
        201
    );

    let partner_ack = w
        .control("/_sim/das/partner-request", document.clone())
        .await["requestAckId"]
        .as_str()
        .unwrap()
        .to_owned();
    let forwarded = eventually(async || {
        w.inbox("/retrievals").await["retrievals"]
            .as_array()
            .and_then(|r| r.first().cloned())
    })
    .await;
    assert_eq!(forwarded["request"]["osfAckId"], partner_ack.as_str());
    assert_eq!(forwarded["request"]["documentNumber"], "DEMO/2026/000777");
    let off_ack = forwarded["requestAckId"].as_str().unwrap().to_owned();
    assert!(off_ack.starts_with("OFF-"));
    assert_eq!(
        w.retrieval_state(&partner_ack).await["requestStatusCategory"],
        "pending"
    );

    // Steps 3–4: upload to the transit zone.
    let bytes = pdf();
    let checksum: String = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let (_, created) = w
        .das(reqwest::Method::POST, "/requests/files/url-uploads",
             Some(json!({"fileReference": off_ack, "fileFormatCategory": "pdf", "fileChecksum": checksum})))
        .await;
    let file_id = created["fileId"].as_str().unwrap().to_owned();
    let put = w
        .http
        .put(created["fileUploadUrl"].as_str().unwrap())
        .header("content-type", "application/pdf")
        .body(bytes)
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 200);
    eventually(async || {
        let (_, status) = w
            .das(
                reqwest::Method::GET,
                &format!("/requests/files?fileId={file_id}"),
                None,
            )
            .await;
        (status["fileStatusCategory"] == "validated").then_some(())
    })
    .await;

    // Step 5: WIPO's own ack id is not ours to answer; ours is.
    let (status, error) = w
        .das(reqwest::Method::POST, "/requests/notifications",
             Some(json!({"requestAckId": partner_ack, "requestStatusCategory": "success", "fileId": file_id})))
        .await;
    assert_eq!(
        (status, error["details"][0]["code"].as_i64()),
        (400, Some(-23))
    );
    let (status, _) = w
        .das(reqwest::Method::POST, "/requests/notifications",
             Some(json!({"requestAckId": off_ack, "requestStatusCategory": "success", "fileId": file_id})))
        .await;
    assert_eq!(status, 204);
    let settled = w.retrieval_state(&partner_ack).await;
    assert_eq!(settled["requestStatusCategory"], "success");
    let (status, again) = w
        .das(reqwest::Method::POST, "/requests/notifications",
             Some(json!({"requestAckId": off_ack, "requestStatusCategory": "success", "fileId": file_id})))
        .await;
    assert_eq!(
        (status, again["details"][0]["code"].as_i64()),
        (400, Some(-25))
    );
}

#[tokio::test]
async fn as_office_of_second_filing_the_availability_is_pushed_to_the_endpoint() {
    let w = World::start().await;
    let ack = w.request_seeded().await;
    let pushed = w.pushed_notification(&ack).await;
    assert_eq!(pushed["notification"]["requestStatusCategory"], "success");
    assert!(pushed["notification"]["documentAvailabilityDate"].is_string());

    // WIPO rotates its keys: the office refetches the JWKS and keeps accepting its calls.
    w.control("/_sim/das/rotate-keys", json!({})).await;
    let second = w.request_seeded().await;
    w.pushed_notification(&second).await;
}
