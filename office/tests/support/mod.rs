//! What the office tests against the simulator share: the simulator playing WIPO (its
//! `/_sim` control API, the demo office's DAS token) and an `ipdocs-office` in this process
//! registered as the demo office's endpoint.
#![allow(dead_code)] // each test binary uses its own part

use ipdocs_office::automation::Automation;
use ipdocs_office::store::Database;
use ipdocs_office::Config;
use serde_json::{json, Value};
use std::time::Duration;

pub const STAFF: &str = "staff-token-0123456789";

/// A fresh database on the PostgreSQL server the test command starts
/// (`IPDOCS_TEST_POSTGRES`), or `None` (with a note) outside the test command.
pub fn fresh_database() -> Option<String> {
    let Ok(admin) = std::env::var("IPDOCS_TEST_POSTGRES") else {
        // The test command always starts one: there, a missing server is a failure.
        assert!(
            std::env::var_os("IPDOCS_REQUIRE_POSTGRES").is_none(),
            "IPDOCS_TEST_POSTGRES is not set"
        );
        eprintln!("IPDOCS_TEST_POSTGRES is not set: run ./scripts/test.sh (it starts PostgreSQL)");
        return None;
    };
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let name = format!("ipdocs_{nanos:x}{:x}", std::process::id());
    let mut client = postgres::Client::connect(&admin, postgres::NoTls).expect("the test server");
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create database");
    let (base, _) = admin.rsplit_once('/').expect("a database in the URL");
    Some(format!("{base}/{name}"))
}

/// The real `ipdocs-office` binary, for a test to give its arguments.
pub fn office_command() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_ipdocs-office"))
}

/// Starts `command` (an [`office_command`]) and returns it with its URL once it listens
/// (its first stdout line is `{"url": URL}`).
pub fn spawn_office(command: &mut std::process::Command) -> (std::process::Child, String) {
    use std::io::BufRead;
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = serde_json::from_str::<Value>(&line)
        .unwrap_or_else(|_| panic!("not the office's first line: {line}"))["url"]
        .as_str()
        .unwrap()
        .to_owned();
    (child, url)
}

/// The inbox of a test's office: SQLite in `dir`, or, when the test command runs the
/// exchange suites again with `IPDOCS_OFFICE_TEST_DB=postgres`, a fresh PostgreSQL database.
pub async fn test_database(dir: &std::path::Path) -> Database {
    let sqlite = Database::Sqlite(dir.join("inbox.db"));
    if std::env::var("IPDOCS_OFFICE_TEST_DB").as_deref() != Ok("postgres") {
        return sqlite;
    }
    let url = tokio::task::spawn_blocking(fresh_database).await.unwrap();
    Database::Postgres(url.expect("IPDOCS_OFFICE_TEST_DB=postgres needs IPDOCS_TEST_POSTGRES"))
}

pub struct World {
    /// The simulator's `/_sim/info` (demo office, seeded documents, WIPO's issuer and JWKS).
    pub info: Value,
    pub api: String,
    pub das: String,
    pub office: String,
    pub token: String,
    pub http: reqwest::Client,
    _db: tempfile::TempDir,
}

/// The JSON body of a request's answer.
pub async fn json_of(request: reqwest::RequestBuilder) -> Value {
    request.send().await.unwrap().json().await.unwrap()
}

impl World {
    pub async fn start() -> World {
        World::start_with(|_, _| {}).await
    }

    /// Starts the simulator and the office, letting `configure` adjust the office's settings
    /// (given the simulator's `/_sim/info`) before it starts.
    pub async fn start_with(configure: impl FnOnce(&mut Config, &Value)) -> World {
        let sim = ipdocs_sim::start(ipdocs_sim::SimConfig::default())
            .await
            .unwrap();
        let http = reqwest::Client::new();
        let info = json_of(http.get(format!("{}/_sim/info", sim.api_url))).await;
        let client = info["das"]["clientId"].as_str().unwrap().to_owned();
        let db = tempfile::tempdir().unwrap();
        let mut config = Config::new(
            test_database(db.path()).await,
            info["das"]["jwksUrl"].as_str().unwrap(),
            info["das"]["issuer"].as_str().unwrap(),
            &client,
            STAFF,
        );
        // WIPO signs with a rotated key at once; WIPO's redeliveries (≈16 s) must outlast
        // the office's refetch interval.
        config.jwks_min_refetch = Duration::from_secs(1);
        configure(&mut config, &info);
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

    pub async fn control(&self, path: &str, body: Value) -> Value {
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

    pub async fn das(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
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

    pub async fn inbox(&self, path: &str) -> Value {
        json_of(
            self.http
                .get(format!("{}/office/v1{path}", self.office))
                .bearer_auth(STAFF),
        )
        .await
    }

    /// The demo office requests the first seeded document (held by the simulated OFF); its
    /// WIPO ack id.
    pub async fn request_seeded(&self) -> String {
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
    pub async fn pushed_notification(&self, ack: &str) -> Value {
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

    pub async fn retrieval_state(&self, ack: &str) -> Value {
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
pub async fn eventually<T>(mut probe: impl AsyncFnMut() -> Option<T>) -> T {
    for _ in 0..200 {
        if let Some(found) = probe().await {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("not within 10 s");
}

pub fn pdf() -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.extend(std::iter::repeat_n(b'x', 2000));
    bytes.extend(b"\n%%EOF\n");
    bytes
}

/// The unattended work of office `client` at the simulated DAS (`das`: `/_sim/info`'s
/// `das`), answering and delivering nothing until the caller sets either.
pub fn automation(das: &Value, client: &str, key_pem: &str) -> Automation {
    let text = |k: &str| das[k].as_str().unwrap();
    let config = ipdocs::das::DasConfig::new(
        text("baseUrl"),
        Some(text("apiPrefix")),
        text("tokenUrl"),
        client,
        None,
    )
    .unwrap();
    Automation {
        das: config,
        key_pem: key_pem.to_owned(),
        retry_for: Duration::from_secs(60),
        concurrency: 4,
        answers: None,
        delivery: None,
    }
}
