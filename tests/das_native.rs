//! The shared DAS client on the native platform, against the simulator in this process: the
//! same rules the browser tests exercise (token single flight, the 401-once rule, retries,
//! form discovery, upload → validation, watch, download), on reqwest and tokio. Compiled
//! with feature `native` (the workspace's native test run has it through `ipdocs-office`);
//! empty otherwise, as in the wasm test run.
#![cfg(all(feature = "native", not(target_arch = "wasm32")))]

use bytes::Bytes;
use ipdocs::client::das::{Das, TokenSource};
use ipdocs::das::{DasConfig, DocumentQuery, FileFormat, RequestStatus, TransitFileRef};
use ipdocs::transport::{Native, NativeKey, Transport};
use ipdocs::ErrorKind;
use serde_json::{json, Value};
use sha2::Digest;

struct Sim {
    api: String,
    info: Value,
    http: reqwest::Client,
}

impl Sim {
    async fn start(forms: ipdocs_sim::das::state::Forms) -> Sim {
        let config = ipdocs_sim::SimConfig {
            das_forms: forms,
            ..ipdocs_sim::SimConfig::default()
        };
        let running = ipdocs_sim::start(config).await.unwrap();
        let http = reqwest::Client::new();
        let info = http
            .get(format!("{}/_sim/info", running.api_url))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        Sim {
            api: running.api_url,
            info,
            http,
        }
    }

    fn das(&self) -> Das<Native> {
        let das = &self.info["das"];
        let text = |k: &str| das[k].as_str().unwrap().to_owned();
        let config = DasConfig::new(
            &text("baseUrl"),
            Some(&text("apiPrefix")),
            &text("tokenUrl"),
            &text("clientId"),
            None,
        )
        .unwrap()
        .with_validation_timeout_ms(20_000);
        let key = NativeKey::from_pem(&text("privateKeyPem")).unwrap();
        Das::new(config, Transport::default(), TokenSource::PrivateKey(key))
    }

    async fn faults(&self, key: &str, script: Value) {
        let r = self
            .http
            .post(format!("{}/_sim/faults", self.api))
            .json(&json!({"key": key, "script": script}))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
    }

    /// How many `method` requests the simulator saw on `path` (any origin).
    async fn count(&self, method: &str, path: &str) -> usize {
        let log: Value = self
            .http
            .get(format!("{}/_sim/requests", self.api))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        log.as_array()
            .unwrap()
            .iter()
            .filter(|r| r["method"] == method)
            .filter_map(|r| r["uri"].as_str())
            .filter(|uri| uri.split('?').next().is_some_and(|p| p.ends_with(path)))
            .count()
    }

    fn seeded(&self) -> DocumentQuery {
        serde_json::from_value(self.info["das"]["documents"][0].clone()).unwrap()
    }
}

/// Runs a test body on a `LocalSet`, as native programs run the (single-threaded) client.
async fn local<F: std::future::Future>(body: F) -> F::Output {
    tokio::task::LocalSet::new().run_until(body).await
}

fn pdf(size: usize) -> Bytes {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.resize(size - 7, b'x');
    bytes.extend(b"\n%%EOF\n");
    Bytes::from(bytes)
}

#[tokio::test]
async fn retrieval_is_watched_downloaded_and_deleted_with_one_token() {
    let sim = Sim::start(Default::default()).await;
    local(async {
        let das = sim.das();
        let document = sim.seeded();
        // Two calls at once share one token request (single flight).
        let (a, b) = tokio::join!(das.request_retrieval(&document, None), das.retrievals(None));
        let ack = a.unwrap().request_ack_id;
        b.unwrap();
        assert_eq!(sim.count("POST", "/access_token").await, 1);

        let settled = das
            .watch_retrieval(&ack, None, Some(100), Some(20_000), None)
            .await
            .unwrap();
        assert_eq!(settled.request_status_category, RequestStatus::Success);
        let file = TransitFileRef {
            osf_ack_id: ack,
            document_kind_category: document.document_kind_category.clone(),
            document_number: document.document_number.clone(),
            document_date: document.document_date.clone(),
        };
        let bytes = das.download(&file, None).await.unwrap();
        assert!(
            bytes.starts_with(b"%PDF") || bytes.starts_with(b"PK"),
            "{:?}",
            &bytes[..8]
        );
        das.delete_file(&file, None).await.unwrap();
        let gone = das.download(&file, None).await.unwrap_err();
        assert_ne!(gone.kind(), ErrorKind::InvalidInput, "{gone}");
    })
    .await;
}

#[tokio::test]
async fn a_401_renews_the_token_once_and_a_failing_token_endpoint_is_retried() {
    let sim = Sim::start(Default::default()).await;
    local(async {
        let das = sim.das();
        let client = sim.info["das"]["clientId"].as_str().unwrap().to_owned();
        sim.faults("token", json!([{"kind": "status", "status": 503}]))
            .await;
        das.retrievals(None).await.unwrap();
        assert_eq!(
            sim.count("POST", "/access_token").await,
            2,
            "the 503 was retried"
        );

        sim.faults(&client, json!([{"kind": "status", "status": 401}]))
            .await;
        das.retrievals(None).await.unwrap();
        assert_eq!(
            sim.count("POST", "/access_token").await,
            3,
            "one fresh token after the 401"
        );

        sim.faults(
            &client,
            json!([{"kind": "status", "status": 401}, {"kind": "status", "status": 401}]),
        )
        .await;
        let refused = das.retrievals(None).await.unwrap_err();
        assert_eq!(refused.status(), Some(401), "a second 401 is final");
    })
    .await;
}

#[tokio::test]
async fn upload_is_checksummed_put_retried_and_validated() {
    let sim = Sim::start(Default::default()).await;
    local(async {
        let das = sim.das();
        let file = pdf(100 * 1024);
        let checksum: String = sha2::Sha256::digest(&file)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        // The first PUT's connection is dropped: the transfer is retried.
        sim.faults("transit", json!([{"kind": "drop"}])).await;
        let phases = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let seen = phases.clone();
        let status = das
            .upload(
                &file,
                "native-test",
                FileFormat::Pdf,
                std::rc::Rc::new(move |_, _, phase| seen.borrow_mut().push(phase.as_str())),
                None,
            )
            .await
            .unwrap();
        assert_eq!(status.file_checksum.as_deref(), Some(checksum.as_str()));
        assert_eq!(status.file_status_category, "validated");
        let phases = phases.borrow();
        for phase in ["checksum", "upload", "validation"] {
            assert!(phases.contains(&phase), "{phases:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn the_seed_forms_are_discovered_and_remembered() {
    let sim = Sim::start(ipdocs_sim::das::state::Forms::Seed).await;
    local(async {
        let das = sim.das();
        let file = pdf(4096);
        let noop = std::rc::Rc::new(|_, _, _| {});
        das.upload(&file, "seed-form", FileFormat::Pdf, noop.clone(), None)
            .await
            .unwrap();
        let learnt = das.learnt_forms();
        assert!(!learnt.is_empty(), "a form was learnt");
        let before = sim.count("POST", "/url-uploads").await;
        das.upload(&file, "seed-form-2", FileFormat::Pdf, noop, None)
            .await
            .unwrap();
        assert_eq!(
            sim.count("POST", "/url-uploads").await - before,
            1,
            "the remembered form is used at once"
        );
    })
    .await;
}

#[tokio::test]
async fn an_aborted_call_ends_at_once() {
    let sim = Sim::start(Default::default()).await;
    local(async {
        let das = sim.das();
        let signal = tokio_util::sync::CancellationToken::new();
        signal.cancel();
        let error = das.retrievals(Some(&signal)).await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Aborted);
        let bad =
            NativeKey::from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----");
        assert_eq!(bad.unwrap_err().kind(), ErrorKind::InvalidInput);
    })
    .await;
}
