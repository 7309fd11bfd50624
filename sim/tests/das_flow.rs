//! The simulator's DAS state machine over real HTTP on loopback: token endpoint with ES256
//! client assertions, OSF retrieval → download → delete, OFF upload → validation →
//! registration → certificate, the documented error codes, and presigned-URL faults.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ipdocs_sim::{start, SimConfig};
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use p256::pkcs8::DecodePrivateKey;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::time::Duration;

struct Sim {
    api: String,
    info: Value,
    http: reqwest::Client,
}

impl Sim {
    async fn start() -> Sim {
        let running = start(SimConfig::default()).await.unwrap();
        let http = reqwest::Client::new();
        let info: Value = http
            .get(format!("{}/_sim/info", running.api_url))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let sim = Sim {
            api: running.api_url,
            info,
            http,
        };
        sim.settings(json!({"offDelayMs": 50, "validationDelayMs": 10}))
            .await;
        sim
    }

    fn das(&self, path: &str) -> String {
        format!("{}/das/v1{path}", self.api)
    }

    fn assertion(&self, exp_in: u64) -> String {
        let key = SigningKey::from_pkcs8_pem(self.info["das"]["privateKeyPem"].as_str().unwrap())
            .unwrap();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let client = self.info["das"]["clientId"].as_str().unwrap();
        let claims = json!({"iss": client, "sub": client, "aud": self.info["das"]["tokenUrl"], "iat": now, "exp": now + exp_in, "jti": hex::encode(rand::random::<[u8; 16]>())});
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"ES256","typ":"JWT"}"#),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signature: Signature = key.sign(input.as_bytes());
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
    }

    async fn token_response(&self, assertion: &str) -> reqwest::Response {
        self.http
            .post(self.info["das"]["tokenUrl"].as_str().unwrap())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "grant_type=client_credentials&scope=das-api%2Foffice-exchange&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion={assertion}"
            ))
            .send()
            .await
            .unwrap()
    }

    async fn token(&self) -> String {
        let body: Value = self
            .token_response(&self.assertion(60))
            .await
            .json()
            .await
            .unwrap();
        body["access_token"].as_str().unwrap().to_owned()
    }

    /// `POST /_sim/das/settings`: changes the fields given.
    async fn settings(&self, changes: Value) {
        let response = self
            .http
            .post(format!("{}/_sim/das/settings", self.api))
            .json(&changes)
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success(), "settings {changes}");
    }

    async fn get(&self, token: &str, path: &str) -> (u16, Value) {
        self.call(token, reqwest::Method::GET, path, None).await
    }

    async fn post(&self, token: &str, path: &str, body: Value) -> (u16, Value) {
        self.call(token, reqwest::Method::POST, path, Some(body))
            .await
    }

    async fn call(
        &self,
        token: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self.http.request(method, self.das(path)).bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn settle(&self, token: &str, ack: &str) -> Value {
        for _ in 0..100 {
            let (_, list) = self
                .get(token, &format!("/requests/retrievals?requestAckId={ack}"))
                .await;
            let r = list["documentRetrievals"][0].clone();
            if r["requestStatusCategory"] != "pending" {
                return r;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("retrieval {ack} never settled");
    }
}

fn seeded(sim: &Sim) -> Value {
    sim.info["das"]["documents"][0].clone()
}

#[tokio::test]
async fn token_endpoint_accepts_good_assertions_only() {
    let sim = Sim::start().await;
    let assertion = sim.assertion(60);
    assert_eq!(sim.token_response(&assertion).await.status(), 200);
    let replay: Value = sim.token_response(&assertion).await.json().await.unwrap();
    assert_eq!(replay["error"], "invalid_grant");
    // Change one signature character (to a different one, whatever it was).
    let mut tampered: Vec<char> = sim.assertion(60).chars().collect();
    let at = tampered.len() - 10;
    tampered[at] = if tampered[at] == 'A' { 'B' } else { 'A' };
    let tampered: String = tampered.into_iter().collect();
    assert_eq!(sim.token_response(&tampered).await.status(), 401);
    let (status, _) = sim.get("not-a-token", "/requests/retrievals").await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn osf_retrieval_download_delete() {
    let sim = Sim::start().await;
    let token = sim.token().await;
    let doc = seeded(&sim);
    let (status, ack) = sim
        .post(&token, "/requests/retrievals", json!({
            "operationCategory": "retrieval", "documentKindCategory": doc["documentKindCategory"],
            "documentNumber": doc["documentNumber"], "documentDate": doc["documentDate"], "dasAccessCode": doc["dasAccessCode"]}))
        .await;
    assert_eq!(status, 201);
    assert_eq!(ack["requestStatusCategory"], "pending");
    let ack = ack["requestAckId"].as_str().unwrap().to_owned();
    let settled = sim.settle(&token, &ack).await;
    assert_eq!(settled["requestStatusCategory"], "success");
    assert!(settled["documentAvailabilityDate"].is_string());

    let file = json!({"osfAckId": ack, "documentKindCategory": doc["documentKindCategory"], "documentNumber": doc["documentNumber"], "documentDate": doc["documentDate"]});
    let (status, url) = sim
        .post(&token, "/requests/files/url-downloads", file.clone())
        .await;
    assert_eq!(status, 200);
    let url = url["fileDownloadUrl"].as_str().unwrap().to_owned();
    assert!(url.contains("X-Amz-Signature="));
    let pdf = sim.http.get(&url).send().await.unwrap();
    assert_eq!(pdf.status(), 200);
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF-"));

    let delete = sim
        .http
        .delete(sim.das(&format!("/requests/files?osfAckId={ack}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(delete.status(), 204);
    let (status, gone) = sim
        .post(&token, "/requests/files/url-downloads", file)
        .await;
    assert_eq!(
        (status, gone["details"][0]["code"].as_i64()),
        (400, Some(-21))
    );
    assert_eq!(sim.http.get(&url).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn retrieval_errors_carry_the_documented_codes() {
    let sim = Sim::start().await;
    let token = sim.token().await;
    let doc = seeded(&sim);
    for (number, date, code, expected) in [
        (
            "PCT/II2021/057271",
            doc["documentDate"].as_str().unwrap(),
            "AB21",
            -7,
        ),
        (
            doc["documentNumber"].as_str().unwrap(),
            "2001-01-01",
            doc["dasAccessCode"].as_str().unwrap(),
            -12,
        ),
        (
            doc["documentNumber"].as_str().unwrap(),
            doc["documentDate"].as_str().unwrap(),
            "ZZZZ",
            -14,
        ),
    ] {
        let (_, ack) = sim
            .post(&token, "/requests/retrievals", json!({"operationCategory": "retrieval", "documentKindCategory": "patent", "documentNumber": number, "documentDate": date, "dasAccessCode": code}))
            .await;
        let settled = sim
            .settle(&token, ack["requestAckId"].as_str().unwrap())
            .await;
        assert_eq!(settled["requestStatusCategory"], "error");
        assert_eq!(settled["errorCode"].as_i64(), Some(expected));
    }
    let (status, e) = sim
        .get(&token, "/documents/registrations/statuses?documentKindCategory=patent&documentNumber=X&documentDate=2020-01-01&dasAccessCode=AAAA")
        .await;
    assert_eq!(
        (status, e["code"].as_str(), e["details"][0]["code"].as_i64()),
        (400, Some("INVALID_INPUT_DATA"), Some(-7))
    );
}

async fn upload(
    sim: &Sim,
    token: &str,
    bytes: &[u8],
    checksum: &str,
) -> (String, reqwest::StatusCode) {
    let (status, created) = sim
        .post(
            token,
            "/requests/files/url-uploads",
            json!({"fileReference": "t", "fileFormatCategory": "pdf", "fileChecksum": checksum}),
        )
        .await;
    assert_eq!(status, 201);
    let put = sim
        .http
        .put(created["fileUploadUrl"].as_str().unwrap())
        .body(bytes.to_vec())
        .send()
        .await
        .unwrap();
    (created["fileId"].as_str().unwrap().to_owned(), put.status())
}

async fn file_state(sim: &Sim, token: &str, file_id: &str) -> Value {
    for _ in 0..100 {
        let (_, status) = sim
            .get(token, &format!("/requests/files?fileId={file_id}"))
            .await;
        if status["fileStatusCategory"] != "pending" {
            return status;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("file {file_id} never validated");
}

#[tokio::test]
async fn off_upload_validate_register_certificate_then_retrieve() {
    let sim = Sim::start().await;
    let token = sim.token().await;
    let pdf = b"%PDF-1.4\n% a priority document\n".repeat(1000);
    let checksum = hex::encode(Sha256::digest(&pdf));
    let (file_id, put) = upload(&sim, &token, &pdf, &checksum).await;
    assert_eq!(put, 200);
    let status = file_state(&sim, &token, &file_id).await;
    assert_eq!(status["fileStatusCategory"], "validated");
    assert_eq!(status["fileSizeQuantity"].as_u64(), Some(pdf.len() as u64));

    let registration = json!({"operationCategory": "registration", "documentKindCategory": "patent", "documentNumber": "PCT/IB2026/099999",
        "documentDate": "2026-03-20", "dasAccessCode": "C0DE", "applicationCategory": "priority document", "fileId": file_id});
    let (status, ack) = sim
        .post(&token, "/requests/registrations", registration.clone())
        .await;
    assert_eq!(status, 201);
    assert!(ack["requestAckId"].is_string());
    // Registrations are asynchronous: pending first, no certificate yet.
    assert_eq!(ack["requestStatusCategory"], "pending");
    let query = "documentKindCategory=patent&documentNumber=PCT%2FIB2026%2F099999&documentDate=2026-03-20&dasAccessCode=C0DE";
    let certificate = format!("/requests/registrations/certificates?{query}");
    let (status, early) = sim.get(&token, &certificate).await;
    assert_eq!(
        (status, early["details"][0]["code"].as_i64()),
        (400, Some(-20))
    );
    let statuses = format!("/documents/registrations/statuses?{query}");
    let mut word = String::new();
    for _ in 0..100 {
        let (_, status) = sim.get(&token, &statuses).await;
        word = status["requestStatusCategory"]
            .as_str()
            .unwrap_or("")
            .to_owned();
        if word != "pending" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(word, "success");
    let by_ack = format!(
        "/requests/registrations?requestAckId={}",
        ack["requestAckId"].as_str().unwrap()
    );
    let (status, settled) = sim.get(&token, &by_ack).await;
    assert_eq!(
        (status, settled["requestStatusCategory"].as_str()),
        (200, Some("success"))
    );
    let (status, again) = sim
        .post(&token, "/requests/registrations", registration)
        .await;
    assert_eq!(
        (status, again["details"][0]["code"].as_i64()),
        (400, Some(-40))
    );

    let cert = sim
        .http
        .get(sim.das(&certificate))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(cert.headers()["content-type"], "application/pdf");
    assert!(cert.bytes().await.unwrap().starts_with(b"%PDF-"));

    // Another office's retrieval of the registered document gets exactly the uploaded bytes.
    let (_, ack) = sim
        .post(&token, "/requests/retrievals", json!({"operationCategory": "retrieval", "documentKindCategory": "patent", "documentNumber": "PCT/IB2026/099999", "documentDate": "2026-03-20", "dasAccessCode": "C0DE"}))
        .await;
    let ack = ack["requestAckId"].as_str().unwrap();
    assert_eq!(
        sim.settle(&token, ack).await["requestStatusCategory"],
        "success"
    );
    let (_, url) = sim
        .post(&token, "/requests/files/url-downloads", json!({"osfAckId": ack, "documentKindCategory": "patent", "documentNumber": "PCT/IB2026/099999", "documentDate": "2026-03-20"}))
        .await;
    let got = sim
        .http
        .get(url["fileDownloadUrl"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(got.as_ref(), pdf.as_slice());
}

#[tokio::test]
async fn validation_rejects_bad_uploads_and_registration_needs_a_validated_file() {
    let sim = Sim::start().await;
    let token = sim.token().await;
    let pdf = b"%PDF-1.4 x".to_vec();
    let (mismatch, _) = upload(&sim, &token, &pdf, &"0".repeat(64)).await;
    let status = file_state(&sim, &token, &mismatch).await;
    assert_eq!(status["fileStatusCategory"], "rejected");
    assert_eq!(status["error"]["code"], "CHECKSUM_MISMATCH");
    let not_pdf = b"hello".to_vec();
    let (wrong_type, _) = upload(
        &sim,
        &token,
        &not_pdf,
        &hex::encode(Sha256::digest(&not_pdf)),
    )
    .await;
    assert_eq!(
        file_state(&sim, &token, &wrong_type).await["error"]["details"][0]["code"].as_i64(),
        Some(-32)
    );
    let (status, e) = sim
        .post(&token, "/requests/registrations", json!({"operationCategory": "registration", "documentKindCategory": "patent", "documentNumber": "X-1", "documentDate": "2026-01-01", "dasAccessCode": "AAAA", "fileId": mismatch}))
        .await;
    assert_eq!((status, e["details"][0]["code"].as_i64()), (400, Some(-30)));
}

#[tokio::test]
async fn presigned_url_faults_and_signature_checks() {
    let sim = Sim::start().await;
    let token = sim.token().await;
    let client = sim.info["das"]["clientId"].as_str().unwrap();
    sim.http
        .post(format!("{}/_sim/faults", sim.api))
        .json(&json!({"key": format!("url:{client}"), "script": [{"kind": "expireUrl"}, {"kind": "tamperUrl"}]}))
        .send()
        .await
        .unwrap();
    let pdf = b"%PDF-1.4 x".to_vec();
    let sum = hex::encode(Sha256::digest(&pdf));
    let (_, expired) = upload(&sim, &token, &pdf, &sum).await;
    assert_eq!(expired, 403);
    let (_, tampered) = upload(&sim, &token, &pdf, &sum).await;
    assert_eq!(tampered, 403);
    let (file_id, ok) = upload(&sim, &token, &pdf, &sum).await;
    assert_eq!(ok, 200);
    // A refreshed URL for the same fileId works too.
    let (status, refreshed) = sim
        .call(
            &token,
            reqwest::Method::PUT,
            "/requests/files/url-uploads",
            Some(json!({"fileId": file_id})),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        sim.http
            .put(refreshed["fileUploadUrl"].as_str().unwrap())
            .body(pdf.clone())
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

#[tokio::test]
async fn transit_copies_expire_after_the_retention_period() {
    let sim = Sim::start().await;
    sim.settings(json!({"offDelayMs": 50, "retentionSecs": 1}))
        .await;
    let token = sim.token().await;
    let doc = seeded(&sim);
    let (_, ack) = sim
        .post(&token, "/requests/retrievals", json!({ "operationCategory": "retrieval",
            "documentKindCategory": doc["documentKindCategory"], "documentNumber": doc["documentNumber"],
            "documentDate": doc["documentDate"], "dasAccessCode": doc["dasAccessCode"]}))
        .await;
    let ack = ack["requestAckId"].as_str().unwrap().to_owned();
    assert_eq!(
        sim.settle(&token, &ack).await["requestStatusCategory"],
        "success"
    );
    let file = json!({"osfAckId": ack, "documentKindCategory": doc["documentKindCategory"], "documentNumber": doc["documentNumber"], "documentDate": doc["documentDate"]});
    let (status, url) = sim
        .post(&token, "/requests/files/url-downloads", file.clone())
        .await;
    assert_eq!(status, 200);
    tokio::time::sleep(Duration::from_millis(1800)).await;
    let (status, gone) = sim
        .post(&token, "/requests/files/url-downloads", file)
        .await;
    assert_eq!(
        (status, gone["details"][0]["code"].as_i64()),
        (400, Some(-21))
    );
    assert_eq!(
        sim.http
            .get(url["fileDownloadUrl"].as_str().unwrap())
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

#[tokio::test]
async fn the_seed_forms_can_be_switched_on_and_the_spec_forms_then_fail_as_missing_routes() {
    let sim = Sim::start().await;
    let token = sim.token().await;
    let upload =
        json!({"fileReference": "r", "fileFormatCategory": "pdf", "fileChecksum": "a".repeat(64)});
    let (status, created) = sim
        .post(&token, "/requests/files/url-uploads", upload.clone())
        .await;
    assert_eq!(status, 201);
    let spec_id = created["fileId"].as_str().unwrap().to_owned();
    let (status, _) = sim
        .post(&token, "/requests/url-uploads", upload.clone())
        .await;
    assert_eq!(status, 404);
    sim.settings(json!({"forms": "seed"})).await;
    let (status, _) = sim
        .post(&token, "/requests/files/url-uploads", upload.clone())
        .await;
    assert_eq!(status, 404);
    let (status, created) = sim.post(&token, "/requests/url-uploads", upload).await;
    assert_eq!(status, 201);
    let seed_id = created["fileId"].as_str().unwrap();
    let (status, _) = sim
        .get(&token, &format!("/requests/files?fileId={spec_id}"))
        .await;
    assert_eq!(status, 405);
    let (status, file) = sim
        .get(&token, &format!("/requests/url-uploads?fileId={seed_id}"))
        .await;
    assert_eq!((status, file["fileReference"].as_str()), (200, Some("r")));
    let download = json!({"osfAckId": "R-x", "documentKindCategory": "patent", "documentNumber": "X", "documentDate": "2024-01-01"});
    let (status, _) = sim
        .post(&token, "/requests/files/url-downloads", download)
        .await;
    assert_eq!(status, 405);
    let (status, e) = sim
        .get(&token, "/requests/files/url-downloads?osfAckId=R-x&documentKindCategory=patent&documentNumber=X&documentDate=2024-01-01")
        .await;
    assert_eq!((status, e["details"][0]["code"].as_i64()), (400, Some(-20)));
    // Changing one setting keeps the others.
    sim.settings(json!({"offDelayMs": 10})).await;
    let (status, _) = sim
        .post(&token, "/requests/files/url-uploads", json!({}))
        .await;
    assert_eq!(status, 404);
}
