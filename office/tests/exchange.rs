//! The whole exchange of seed 000 across two offices, natively: `ipdocs-sim` plays WIPO (and
//! the partner offices), `ipdocs-office` is the demo office's endpoint.
//! - As OFF: the partner OSF requests a document the demo office registered without content;
//!   WIPO forwards it (step 2, RS256 bearer) to the office endpoint, which issues its ack id;
//!   the demo office uploads the file and notifies WIPO with **its** ack id (steps 3–5); the
//!   partner's retrieval completes. WIPO's own ack id, or another office, is refused.
//! - As OSF: the demo office requests a document of the simulated OFF; WIPO pushes the
//!   availability notification (step 6) to the office endpoint.

use ipdocs_office::Config;
use serde_json::{json, Value};
use sha2::Digest;
use std::time::Duration;

const STAFF: &str = "staff-token-0123456789";

struct World {
    /// The simulator's `/_sim/info` (demo office, seeded documents, WIPO's issuer and JWKS).
    info: Value,
    api: String,
    das: String,
    office: String,
    token: String,
    http: reqwest::Client,
    _db: tempfile::TempDir,
}

/// The JSON body of a request's answer.
async fn json_of(request: reqwest::RequestBuilder) -> Value {
    request.send().await.unwrap().json().await.unwrap()
}

impl World {
    async fn start() -> World {
        let sim = ipdocs_sim::start(ipdocs_sim::SimConfig::default())
            .await
            .unwrap();
        let http = reqwest::Client::new();
        let info = json_of(http.get(format!("{}/_sim/info", sim.api_url))).await;
        let client = info["das"]["clientId"].as_str().unwrap().to_owned();
        let db = tempfile::tempdir().unwrap();
        let mut config = Config::new(
            db.path().join("inbox.db"),
            info["das"]["jwksUrl"].as_str().unwrap(),
            info["das"]["issuer"].as_str().unwrap(),
            &client,
            STAFF,
        );
        // WIPO signs with a rotated key at once; WIPO's redeliveries (≈16 s) must outlast
        // the office's refetch interval.
        config.jwks_min_refetch = Duration::from_secs(1);
        let office = ipdocs_office::start(config).await.unwrap().url;
        let world = World {
            info,
            das: format!("{}/das/v1", sim.api_url),
            api: sim.api_url.clone(),
            office,
            token: String::new(),
            http,
            _db: db,
        };
        world
            .control(
                "/_sim/das/endpoint",
                json!({"clientId": client, "endpoint": world.office}),
            )
            .await;
        world
            .control(
                "/_sim/das/settings",
                json!({"offDelayMs": 50, "validationDelayMs": 50}),
            )
            .await;
        let token = world
            .control("/_sim/das/tokens", json!({"clientId": client}))
            .await["accessToken"]
            .as_str()
            .unwrap()
            .to_owned();
        World { token, ..world }
    }

    async fn control(&self, path: &str, body: Value) -> Value {
        let r = self
            .http
            .post(format!("{}{path}", self.api))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
        r.json().await.unwrap_or(Value::Null)
    }

    async fn das(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.das))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let r = request.send().await.unwrap();
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }

    async fn inbox(&self, path: &str) -> Value {
        json_of(
            self.http
                .get(format!("{}/office/v1{path}", self.office))
                .bearer_auth(STAFF),
        )
        .await
    }

    /// The demo office requests the first seeded document (held by the simulated OFF); its
    /// WIPO ack id.
    async fn request_seeded(&self) -> String {
        let seeded = &self.info["das"]["documents"][0];
        let mut request = json!({"operationCategory": "retrieval"});
        for field in [
            "documentKindCategory",
            "documentNumber",
            "documentDate",
            "dasAccessCode",
        ] {
            request[field] = seeded[field].clone();
        }
        let (status, ack) = self
            .das(reqwest::Method::POST, "/requests/retrievals", Some(request))
            .await;
        assert_eq!(status, 201);
        ack["requestAckId"].as_str().unwrap().to_owned()
    }

    /// The notification for `ack` pushed to the office's inbox (waited for).
    async fn pushed_notification(&self, ack: &str) -> Value {
        eventually(async || {
            self.inbox("/notifications").await["notifications"]
                .as_array()
                .and_then(|n| {
                    n.iter()
                        .find(|n| n["notification"]["requestAckId"] == ack)
                        .cloned()
                })
        })
        .await
    }

    async fn retrieval_state(&self, ack: &str) -> Value {
        let state = json_of(self.http.get(format!("{}/_sim/das/state", self.api))).await;
        state["retrievals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["requestAckId"] == ack)
            .cloned()
            .unwrap()
    }
}

/// Polls `probe` every 50 ms for up to 10 s.
async fn eventually<T>(mut probe: impl AsyncFnMut() -> Option<T>) -> T {
    for _ in 0..200 {
        if let Some(found) = probe().await {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("not within 10 s");
}

fn pdf() -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.extend(std::iter::repeat_n(b'x', 2000));
    bytes.extend(b"\n%%EOF\n");
    bytes
}

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
