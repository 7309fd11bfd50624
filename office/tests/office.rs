//! `ipdocs-office` against a stand-in for WIPO's authorization server (a JWKS on loopback and
//! RS256 tokens signed with generated keys): token verification, bad input, redelivery, the
//! staff inbox and its events, and durability across `kill -9`.

mod support;

use axum::routing::get;
use axum::{Json, Router};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ipdocs_office::{start, Config};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::pkcs8::{EncodePublicKey, LineEnding};
use rsa::traits::PublicKeyParts;
use rsa::{Generate, PrivateKey as RsaPrivateKey};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

const ISSUER: &str = "https://wipo.test/am/oauth2";
const AUDIENCE: &str = "office-a";
const STAFF: &str = "staff-token-0123456789";

/// Two RSA keys, made once per test binary (keygen is the slow part).
fn keys() -> &'static [RsaPrivateKey; 2] {
    static KEYS: OnceLock<[RsaPrivateKey; 2]> = OnceLock::new();
    KEYS.get_or_init(|| [RsaPrivateKey::generate(), RsaPrivateKey::generate()])
}

fn jwk(kid: &str, key: &RsaPrivateKey) -> Value {
    let public = key.to_public_key();
    json!({"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256",
           "n": URL_SAFE_NO_PAD.encode(public.n_bytes()), "e": URL_SAFE_NO_PAD.encode(public.e_bytes())})
}

/// WIPO's JWKS endpoint: the served set can be changed, fetches are counted.
struct Wipo {
    jwks_url: String,
    set: Arc<Mutex<Value>>,
    fetches: Arc<AtomicUsize>,
}

impl Wipo {
    async fn start(keys: Value) -> Wipo {
        let set = Arc::new(Mutex::new(json!({ "keys": keys })));
        let fetches = Arc::new(AtomicUsize::new(0));
        let (s, f) = (set.clone(), fetches.clone());
        let app = Router::new().route(
            "/jwks",
            get(move || {
                let (s, f) = (s.clone(), f.clone());
                async move {
                    f.fetch_add(1, Ordering::SeqCst);
                    Json(s.lock().unwrap().clone())
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let jwks_url = format!("http://{}/jwks", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Wipo {
            jwks_url,
            set,
            fetches,
        }
    }
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn claims() -> Value {
    json!({"iss": ISSUER, "sub": "wipo-das", "aud": AUDIENCE, "exp": now() + 300,
           "scope": ["das-api/office-exchange"], "grant_type": "client_credentials"})
}

fn sign(kid: &str, key: &RsaPrivateKey, claims: &Value) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(kid.to_owned());
    let der = key.to_pkcs1_der().unwrap();
    jsonwebtoken::encode(&header, claims, &EncodingKey::from_rsa_der(der.as_bytes())).unwrap()
}

struct Office {
    url: String,
    http: reqwest::Client,
    _db: tempfile::TempDir,
}

async fn office(wipo: &Wipo, min_refetch: Duration) -> Office {
    let db = tempfile::tempdir().unwrap();
    let mut config = Config::new(
        db.path().join("inbox.db"),
        &wipo.jwks_url,
        ISSUER,
        AUDIENCE,
        STAFF,
    );
    config.jwks_min_refetch = min_refetch;
    let running = start(config).await.unwrap();
    Office {
        url: running.url,
        http: reqwest::Client::new(),
        _db: db,
    }
}

fn retrieval(osf_ack: &str) -> Value {
    json!({"operationCategory": "retrieval", "documentKindCategory": "patent", "documentNumber": "EP2024000001",
           "documentDate": "2024-01-31", "dasAccessCode": "AB12", "osfAckId": osf_ack,
           "applicationCategory": null, "applicationNumber": null, "applicationFilingDate": null})
}

impl Office {
    async fn post_raw(
        &self,
        path: &str,
        token: Option<&str>,
        content_type: &str,
        body: Vec<u8>,
    ) -> (u16, Value) {
        let mut request = self
            .http
            .post(format!("{}{path}", self.url))
            .header("content-type", content_type)
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn forward(&self, token: &str, body: &Value) -> (u16, Value) {
        self.post_raw(
            "/das/v1/requests/retrievals",
            Some(token),
            "application/json",
            body.to_string().into_bytes(),
        )
        .await
    }

    async fn staff(&self, path: &str) -> Value {
        let r = self
            .http
            .get(format!("{}/office/v1{path}", self.url))
            .bearer_auth(STAFF)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        r.json().await.unwrap()
    }
}

#[tokio::test]
async fn tokens_are_verified_against_the_jwks() {
    let [k1, k2] = keys();
    let wipo = Wipo::start(json!([jwk("k1", k1)])).await;
    let office = office(&wipo, Duration::ZERO).await;
    let good = sign("k1", k1, &claims());
    assert_eq!(office.forward(&good, &retrieval("R-1")).await.0, 201);

    let with = |change: fn(&mut Value)| {
        let mut c = claims();
        change(&mut c);
        sign("k1", k1, &c)
    };
    let refused = [
        ("expired", with(|c| c["exp"] = json!(now() - 120))),
        ("wrong aud", with(|c| c["aud"] = json!("office-b"))),
        (
            "wrong iss",
            with(|c| c["iss"] = json!("https://evil.test/am/oauth2")),
        ),
        (
            "no scope",
            with(|c| c["scope"] = json!(["das-api/das-access"])),
        ),
        ("not yet valid", with(|c| c["nbf"] = json!(now() + 600))),
        ("unknown kid", sign("k9", k1, &claims())),
        ("tampered", {
            let mut t = good.clone();
            let last = t.pop().unwrap();
            t.push(if last == 'A' { 'B' } else { 'A' });
            t
        }),
        ("alg none", {
            let header = URL_SAFE_NO_PAD.encode(json!({"alg": "none", "kid": "k1"}).to_string());
            let body = URL_SAFE_NO_PAD.encode(claims().to_string());
            format!("{header}.{body}.")
        }),
        ("HS256 keyed with the public key", {
            let mut header = Header::new(Algorithm::HS256);
            header.kid = Some("k1".into());
            let pem = k1
                .to_public_key()
                .to_public_key_pem(LineEnding::LF)
                .unwrap();
            jsonwebtoken::encode(
                &header,
                &claims(),
                &EncodingKey::from_secret(pem.as_bytes()).unwrap(),
            )
            .unwrap()
        }),
        ("signed by another key", sign("k1", k2, &claims())),
        ("garbage", "not.a.jwt".into()),
    ];
    for (why, token) in refused {
        let (status, body) = office.forward(&token, &retrieval("R-2")).await;
        assert_eq!(status, 401, "{why}");
        assert_eq!(body["code"], "UNAUTHORIZED", "{why}");
        assert!(
            !body.to_string().contains(&token),
            "{why}: the token is never echoed"
        );
    }
    let (status, _) = office
        .post_raw(
            "/das/v1/requests/retrievals",
            None,
            "application/json",
            retrieval("R-3").to_string().into_bytes(),
        )
        .await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn rotated_keys_are_fetched_on_an_unknown_kid_at_most_once_per_interval() {
    let [k1, k2] = keys();
    let wipo = Wipo::start(json!([jwk("k1", k1)])).await;
    let office = office(&wipo, Duration::from_millis(400)).await;
    assert_eq!(
        office
            .forward(&sign("k1", k1, &claims()), &retrieval("R-1"))
            .await
            .0,
        201
    );
    assert_eq!(wipo.fetches.load(Ordering::SeqCst), 1);
    // WIPO rotates: k2 only.
    *wipo.set.lock().unwrap() = json!({ "keys": [jwk("k2", k2)] });
    tokio::time::sleep(Duration::from_millis(450)).await;
    assert_eq!(
        office
            .forward(&sign("k2", k2, &claims()), &retrieval("R-2"))
            .await
            .0,
        201
    );
    assert_eq!(wipo.fetches.load(Ordering::SeqCst), 2);
    // The retired key is gone from the cache too; unknown kids within the interval do not
    // make the office hammer the JWKS.
    for i in 0..5 {
        assert_eq!(
            office
                .forward(&sign("k1", k1, &claims()), &retrieval(&format!("R-x{i}")))
                .await
                .0,
            401
        );
    }
    assert_eq!(wipo.fetches.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn bad_input_gets_a_das_error_body_and_never_a_panic() {
    let [k1, _] = keys();
    let wipo = Wipo::start(json!([jwk("k1", k1)])).await;
    let office = office(&wipo, Duration::ZERO).await;
    let token = sign("k1", k1, &claims());
    let good = retrieval("R-1");
    let replace = |key: &str, value: Value| {
        let mut v = good.clone();
        v[key] = value;
        v.to_string().into_bytes()
    };
    let remove = |key: &str| {
        let mut v = good.clone();
        v.as_object_mut().unwrap().remove(key);
        v.to_string().into_bytes()
    };
    let cases: Vec<(&str, &str, Vec<u8>, u16)> = vec![
        ("empty body", "application/json", vec![], 400),
        ("not JSON", "application/json", b"hello".to_vec(), 400),
        (
            "truncated JSON",
            "application/json",
            b"{\"documentNumber\":".to_vec(),
            400,
        ),
        ("array", "application/json", b"[]".to_vec(), 400),
        ("null", "application/json", b"null".to_vec(), 400),
        ("number", "application/json", b"42".to_vec(), 400),
        (
            "invalid UTF-8",
            "application/json",
            vec![b'{', 0xff, 0xfe, b'}'],
            400,
        ),
        (
            "no documentNumber",
            "application/json",
            remove("documentNumber"),
            400,
        ),
        (
            "no dasAccessCode",
            "application/json",
            remove("dasAccessCode"),
            400,
        ),
        (
            "no documentDate",
            "application/json",
            remove("documentDate"),
            400,
        ),
        (
            "number as a number",
            "application/json",
            replace("documentNumber", json!(12)),
            400,
        ),
        (
            "date as an object",
            "application/json",
            replace("documentDate", json!({})),
            400,
        ),
        (
            "impossible date",
            "application/json",
            replace("documentDate", json!("2024-02-30")),
            400,
        ),
        (
            "signed month",
            "application/json",
            replace("documentDate", json!("2024-+1-01")),
            400,
        ),
        (
            "bad access code",
            "application/json",
            replace("dasAccessCode", json!("A!")),
            400,
        ),
        (
            "kind with symbols",
            "application/json",
            replace("documentKindCategory", json!("patent;drop")),
            400,
        ),
        (
            "wrong operation",
            "application/json",
            replace("operationCategory", json!("registration")),
            400,
        ),
        (
            "osfAckId with spaces",
            "application/json",
            replace("osfAckId", json!("R 1")),
            400,
        ),
        (
            "osfAckId as an array",
            "application/json",
            replace("osfAckId", json!(["R"])),
            400,
        ),
        (
            "control characters",
            "application/json",
            replace("documentNumber", json!("EP\u{0}1")),
            400,
        ),
        (
            "bad filing date",
            "application/json",
            replace("applicationFilingDate", json!("yesterday")),
            400,
        ),
        (
            "text/plain",
            "text/plain",
            good.to_string().into_bytes(),
            415,
        ),
        (
            "form encoded",
            "application/x-www-form-urlencoded",
            b"a=b".to_vec(),
            415,
        ),
        ("oversize", "application/json", vec![b' '; 64 * 1024], 413),
        ("huge", "application/json", vec![b'['; 5 * 1024 * 1024], 413),
    ];
    assert!(cases.len() >= 20);
    for (why, content_type, body, expected) in cases {
        let (status, error) = office
            .post_raw(
                "/das/v1/requests/retrievals",
                Some(&token),
                content_type,
                body,
            )
            .await;
        assert_eq!(status, expected, "{why}");
        assert!(
            error["code"].is_string() && error["details"][0]["code"].is_i64(),
            "{why}: {error}"
        );
    }
    let bad_notifications = [
        json!({"requestAckId": "R-1", "fileId": {}}),
        json!({}),
        json!({"requestAckId": 7}),
    ];
    for body in bad_notifications {
        let (status, error) = office
            .post_raw(
                "/das-api/v1/requests/notifications",
                Some(&token),
                "application/json",
                body.to_string().into_bytes(),
            )
            .await;
        assert_eq!(
            (status, error["code"].as_str()),
            (400, Some("INVALID_INPUT_DATA")),
            "{body}"
        );
    }
    // Still serving.
    assert_eq!(office.forward(&token, &good).await.0, 201);
}

#[tokio::test]
async fn redeliveries_get_the_same_ack_and_the_inbox_follows_live() {
    let [k1, _] = keys();
    let wipo = Wipo::start(json!([jwk("k1", k1)])).await;
    let office = office(&wipo, Duration::ZERO).await;
    let token = sign("k1", k1, &claims());

    let unauthorised = office
        .http
        .get(format!("{}/office/v1/retrievals", office.url))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthorised.status(), 401);
    let wrong = office
        .http
        .get(format!("{}/office/v1/retrievals", office.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401, "WIPO's token is not a staff token");

    let mut events = office
        .http
        .get(format!("{}/office/v1/events", office.url))
        .bearer_auth(STAFF)
        .send()
        .await
        .unwrap();
    assert_eq!(events.status(), 200);

    let (status, first) = office.forward(&token, &retrieval("R-1")).await;
    assert_eq!(status, 201);
    let ack = first["requestAckId"].as_str().unwrap().to_owned();
    assert!(ack.starts_with("OFF-"));
    let (_, again) = office.forward(&token, &retrieval("R-1")).await;
    assert_eq!(again["requestAckId"], ack.as_str());
    let (_, other) = office.forward(&token, &retrieval("R-2")).await;
    assert_ne!(other["requestAckId"], ack.as_str());

    let event = tokio::time::timeout(Duration::from_secs(5), events.chunk())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let event = String::from_utf8_lossy(&event);
    assert!(
        event.contains("\"kind\":\"retrieval\"") && event.contains(&ack),
        "{event}"
    );

    let inbox = office.staff("/retrievals").await;
    let rows = inbox["retrievals"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let row = rows
        .iter()
        .find(|r| r["requestAckId"] == ack.as_str())
        .unwrap();
    assert_eq!(
        (row["state"].as_str(), row["deliveries"].as_i64()),
        (Some("open"), Some(2))
    );
    assert_eq!(row["request"]["documentNumber"], "EP2024000001");

    let answer = |body: Value| {
        let (http, url) = (
            office.http.clone(),
            format!("{}/office/v1/retrievals/{ack}/answer", office.url),
        );
        async move {
            http.post(url)
                .bearer_auth(STAFF)
                .json(&body)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(answer(json!({"state": "answered"})).await, 400);
    assert_eq!(
        answer(json!({"state": "refused", "errorCode": -7})).await,
        400
    );
    assert_eq!(
        answer(json!({"state": "answered", "fileId": "F-1", "extra": 1})).await,
        400
    );
    assert_eq!(
        answer(json!({"state": "answered", "fileId": "F-1"})).await,
        200
    );
    let row = office.staff("/retrievals").await["retrievals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["requestAckId"] == ack.as_str())
        .cloned()
        .unwrap();
    assert_eq!(
        (row["state"].as_str(), row["answer"]["fileId"].as_str()),
        (Some("answered"), Some("F-1"))
    );

    let (status, _) = office
        .post_raw("/das/v1/requests/notifications", Some(&token), "application/json",
            json!({"requestAckId": "R-9", "requestStatusCategory": "success", "documentAvailabilityDate": "2026-11-29T10:00:00Z"}).to_string().into_bytes())
        .await;
    assert_eq!(status, 204);
    let notifications = office.staff("/notifications").await;
    assert_eq!(
        notifications["notifications"][0]["notification"]["requestAckId"],
        "R-9"
    );
}

/// Starts the real binary; returns it with its URL.
fn spawn_binary(db: &std::path::Path, jwks_url: &str) -> (std::process::Child, String) {
    support::spawn_office(
        support::office_command()
            .args(["--port", "0", "--db"])
            .arg(db)
            .args(["--jwks-url", jwks_url, "--issuer", ISSUER])
            .args(["--audience", AUDIENCE, "--staff-token", STAFF]),
    )
}

#[tokio::test]
async fn nothing_answered_is_lost_when_the_process_is_killed() {
    let [k1, _] = keys();
    let wipo = Wipo::start(json!([jwk("k1", k1)])).await;
    let token = sign("k1", k1, &claims());
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("inbox.db");
    let http = reqwest::Client::new();
    let (mut child, url) = spawn_binary(&db, &wipo.jwks_url);
    let mut acks = Vec::new();
    for i in 0..40 {
        let r = http
            .post(format!("{url}/das/v1/requests/retrievals"))
            .bearer_auth(&token)
            .json(&retrieval(&format!("R-{i}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        acks.push(
            r.json::<Value>().await.unwrap()["requestAckId"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    child.kill().unwrap(); // SIGKILL: no shutdown, no flush
    child.wait().unwrap();
    let (mut child, url) = spawn_binary(&db, &wipo.jwks_url);
    let inbox: Value = http
        .get(format!("{url}/office/v1/retrievals"))
        .bearer_auth(STAFF)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let stored: Vec<&str> = inbox["retrievals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["requestAckId"].as_str().unwrap())
        .collect();
    for ack in &acks {
        assert!(
            stored.contains(&ack.as_str()),
            "{ack} was answered 201 but lost"
        );
    }
    // A redelivery after the restart still gets the ack issued before it.
    let r: Value = http
        .post(format!("{url}/das/v1/requests/retrievals"))
        .bearer_auth(&token)
        .json(&retrieval("R-7"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["requestAckId"], acks[7].as_str());
    child.kill().unwrap();
    child.wait().unwrap();
}

/// The operator's endpoints: alive, ready (database and WIPO's key set), and metrics that
/// count requests by route and outcome, token refusals by reason and the inbox's depth —
/// readable from loopback, or elsewhere only with the staff token.
#[tokio::test]
async fn health_readiness_and_metrics_tell_an_operator_what_happens() {
    let [k1, _] = keys();
    let wipo = Wipo::start(json!([jwk("k1", k1)])).await;
    let office = office(&wipo, Duration::from_secs(30)).await;
    let get = |path: &str| office.http.get(format!("{}{path}", office.url));

    let alive = get("/healthz").send().await.unwrap();
    assert_eq!(alive.status(), 200);
    assert!(
        alive.headers().contains_key("x-request-id"),
        "every answer has a request id"
    );
    let ready = get("/readyz").send().await.unwrap();
    assert_eq!(ready.status(), 200);
    assert_eq!(ready.json::<Value>().await.unwrap()["jwks"], "ok");
    let kept = get("/healthz")
        .header("x-request-id", "from-the-proxy-1")
        .send()
        .await
        .unwrap();
    assert_eq!(kept.headers()["x-request-id"], "from-the-proxy-1");

    let good = sign("k1", k1, &claims());
    assert_eq!(office.forward(&good, &retrieval("R-1")).await.0, 201);
    assert_eq!(office.forward("not.a.jwt", &retrieval("R-2")).await.0, 401);
    assert_eq!(
        office
            .forward(&sign("k9", k1, &claims()), &retrieval("R-3"))
            .await
            .0,
        401
    );
    let metrics = get("/metrics").send().await.unwrap();
    assert_eq!(metrics.status(), 200, "loopback may read the metrics");
    let text = metrics.text().await.unwrap();
    for line in [
        r#"ipdocs_office_requests_total{route="/das/v1/requests/retrievals",outcome="ok"} 1"#,
        r#"ipdocs_office_requests_total{route="/das/v1/requests/retrievals",outcome="refused"} 2"#,
        r#"ipdocs_office_token_refusals_total{reason="header"} 1"#,
        r#"ipdocs_office_token_refusals_total{reason="key"} 1"#,
        r#"ipdocs_office_inbox_requests{state="needs-clerk"} 1"#,
        "ipdocs_office_jobs_queued 0",
    ] {
        assert!(text.contains(line), "{line} not in\n{text}");
    }

    // An office whose JWKS cannot be fetched is alive but not ready; its metrics are only
    // for staff when loopback is not a listed network.
    let db = tempfile::tempdir().unwrap();
    let mut config = Config::new(
        db.path().join("inbox.db"),
        "http://127.0.0.1:9/jwks",
        ISSUER,
        AUDIENCE,
        STAFF,
    );
    config.metrics_from = vec!["10.0.0.0/8".parse().unwrap()];
    let unready = start(config).await.unwrap().url;
    let http = reqwest::Client::new();
    assert_eq!(
        http.get(format!("{unready}/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let ready = http.get(format!("{unready}/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), 503);
    let body: Value = ready.json().await.unwrap();
    assert_eq!(
        (body["database"].as_str(), body["jwks"].as_str()),
        (Some("ok"), Some("failing"))
    );
    let metrics = format!("{unready}/metrics");
    assert_eq!(http.get(&metrics).send().await.unwrap().status(), 403);
    let with_staff = http.get(&metrics).bearer_auth(STAFF).send().await.unwrap();
    assert_eq!(with_staff.status(), 200);
    let wrong = http
        .get(&metrics)
        .bearer_auth("staff-token-wrong-0000")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403);
}

/// Settings from a TOML file named as the flags; the command line wins; a misspelt
/// setting is refused with its name before anything starts.
#[test]
fn a_config_file_is_checked_like_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let check = |text: &str, extra: &[&str]| {
        std::fs::write(&config, text).unwrap();
        std::process::Command::new(env!("CARGO_BIN_EXE_ipdocs-office"))
            .arg("--config")
            .arg(&config)
            .arg("--check-config")
            .args(extra)
            .env("IPDOCS_OFFICE_STAFF_TOKEN", STAFF)
            .output()
            .unwrap()
    };
    let settings = format!(
        "jwks-url = \"http://127.0.0.1:9/jwks\"\nissuer = \"{ISSUER}\"\naudience = \"{AUDIENCE}\"\n\
         kinds = [\"patent\"]\nport = 8443\n"
    );
    let valid = check(&settings, &[]);
    assert!(valid.status.success(), "{valid:?}");
    assert!(String::from_utf8_lossy(&valid.stdout).contains("the configuration is valid"));
    let overridden = check(&settings, &["--port", "not-a-port"]);
    assert_eq!(
        overridden.status.code(),
        Some(2),
        "the command line's value is the one read"
    );
    let misspelt = check(&format!("{settings}jwks-uri = \"x\"\n"), &[]);
    assert_eq!(misspelt.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&misspelt.stderr).contains("unknown setting \"jwks-uri\""));
    let broken = check("issuer = ", &[]);
    assert_eq!(broken.status.code(), Some(2));
}

/// The staff API pages the inbox newest first with a cursor, filters it, and exports it as
/// CSV; a bad query is refused with a DAS error body.
#[tokio::test]
async fn the_inbox_is_paged_filtered_and_exported() {
    let [k1, _] = keys();
    let wipo = Wipo::start(json!([jwk("k1", k1)])).await;
    let office = office(&wipo, Duration::from_secs(30)).await;
    let token = sign("k1", k1, &claims());
    for i in 1..=5 {
        let mut request = retrieval(&format!("R-{i}"));
        request["documentNumber"] = json!(format!("EP202400000{i}"));
        assert_eq!(office.forward(&token, &request).await.0, 201);
    }
    let first = office.staff("/retrievals?limit=2").await;
    let second = office
        .staff(&format!(
            "/retrievals?limit=2&after={}",
            first["next"].as_str().unwrap()
        ))
        .await;
    let third = office
        .staff(&format!(
            "/retrievals?limit=2&after={}",
            second["next"].as_str().unwrap()
        ))
        .await;
    let numbers: Vec<&str> = [&first, &second, &third]
        .iter()
        .flat_map(|p| p["retrievals"].as_array().unwrap())
        .map(|r| r["request"]["documentNumber"].as_str().unwrap())
        .collect();
    assert_eq!(
        numbers,
        [
            "EP2024000005",
            "EP2024000004",
            "EP2024000003",
            "EP2024000002",
            "EP2024000001"
        ]
    );
    assert!(third["next"].is_null(), "the last page has no cursor");
    let one = office
        .staff("/retrievals?number=EP2024000003&state=open")
        .await;
    assert_eq!(one["retrievals"].as_array().unwrap().len(), 1);
    let none = office.staff("/retrievals?state=answered").await;
    assert!(none["retrievals"].as_array().unwrap().is_empty());

    let csv = office
        .http
        .get(format!(
            "{}/office/v1/retrievals.csv?state=open",
            office.url
        ))
        .bearer_auth(STAFF)
        .send()
        .await
        .unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    assert!(
        lines[0].starts_with("requestAckId,receivedAt,state,"),
        "{text}"
    );
    assert!(
        lines[1].contains(",open,patent,EP2024000005,2024-01-31,R-5,1,"),
        "{text}"
    );

    for query in [
        "limit=0",
        "limit=5000",
        "limit=x",
        "after=garbage",
        "state=closed",
        "from=1.1.2026",
    ] {
        let r = office
            .http
            .get(format!("{}/office/v1/retrievals?{query}", office.url))
            .bearer_auth(STAFF)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{query}");
        assert_eq!(
            r.json::<Value>().await.unwrap()["code"],
            "INVALID_INPUT_DATA",
            "{query}"
        );
    }
    let anonymous = office
        .http
        .get(format!("{}/office/v1/retrievals.csv", office.url))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401, "the export needs the staff token");
}

/// Named API tokens: made and revoked with the command line, each with a role; a viewer
/// reads but may not answer, a clerk answers (and the answer names the clerk) but may not
/// export, an admin exports; a revoked token is refused at once.
#[tokio::test]
async fn named_tokens_have_roles_and_are_revoked_alone() {
    let [k1, _] = keys();
    let wipo = Wipo::start(json!([jwk("k1", k1)])).await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("inbox.db");
    let cli = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_ipdocs-office"))
            .arg("--db")
            .arg(&db)
            .args(["--log-level", "error", "token"])
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).trim().to_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let mut tokens = std::collections::HashMap::new();
    for (name, role) in [("vera", "viewer"), ("carl", "clerk"), ("ada", "admin")] {
        let (code, token, _) = cli(&["create", name, "--role", role]);
        assert_eq!(code, Some(0));
        assert!(token.starts_with("ipo_") && token.len() > 40, "{token}");
        tokens.insert(name, token);
    }
    assert_eq!(
        cli(&["create", "carl", "--role", "viewer"]).0,
        Some(2),
        "names are not reused"
    );
    assert_eq!(cli(&["create", "x", "--role", "boss"]).0, Some(2));
    let (_, list, _) = cli(&["list"]);
    assert!(
        list.contains("carl\tclerk") && !list.contains("ipo_"),
        "{list}"
    );
    let stored = std::fs::read(&db).unwrap();
    assert!(
        !stored
            .windows(20)
            .any(|w| w == &tokens["carl"].as_bytes()[..20]),
        "only digests are stored"
    );

    let mut config = Config::new(db.clone(), &wipo.jwks_url, ISSUER, AUDIENCE, STAFF);
    config.jwks_min_refetch = Duration::from_secs(30);
    let url = start(config).await.unwrap().url;
    let office = Office {
        url: url.clone(),
        http: reqwest::Client::new(),
        _db: tempfile::tempdir().unwrap(),
    };
    let (status, body) = office
        .forward(&sign("k1", k1, &claims()), &retrieval("R-T1"))
        .await;
    assert_eq!(status, 201);
    let ack = body["requestAckId"].as_str().unwrap().to_owned();
    let http = reqwest::Client::new();
    let answer = |who: &str| {
        http.post(format!("{url}/office/v1/retrievals/{ack}/answer"))
            .bearer_auth(&tokens[who])
            .json(&json!({"state": "refused", "errorCode": -7, "statusMessage": "not held"}))
            .send()
    };
    let list = |who: &str| {
        http.get(format!("{url}/office/v1/retrievals"))
            .bearer_auth(&tokens[who])
            .send()
    };
    let export = |who: &str| {
        http.get(format!("{url}/office/v1/retrievals.csv"))
            .bearer_auth(&tokens[who])
            .send()
    };

    assert_eq!(list("vera").await.unwrap().status(), 200);
    let denied = answer("vera").await.unwrap();
    assert_eq!(denied.status(), 403);
    assert!(denied
        .text()
        .await
        .unwrap()
        .contains("needs the clerk role"));
    let answered: Value = answer("carl").await.unwrap().json().await.unwrap();
    assert_eq!(answered["answer"]["by"], "carl", "{answered}");
    assert_eq!(export("carl").await.unwrap().status(), 403);
    let csv = export("ada").await.unwrap().text().await.unwrap();
    assert!(csv.lines().nth(1).unwrap().contains(",carl,"), "{csv}");
    let metrics = http
        .get(format!("{url}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(r#"ipdocs_office_answer_seconds_count{by="clerk"} 1"#),
        "the clerk's answer is timed: {metrics}"
    );

    assert_eq!(cli(&["revoke", "carl"]).0, Some(0));
    assert_eq!(list("carl").await.unwrap().status(), 401, "revoked at once");
    assert_eq!(
        list("vera").await.unwrap().status(),
        200,
        "the others still work"
    );
    assert_eq!(cli(&["revoke", "carl"]).0, Some(2));
    let forged = format!("{}x", tokens["ada"]);
    let r = http
        .get(format!("{url}/office/v1/retrievals"))
        .bearer_auth(forged)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}
