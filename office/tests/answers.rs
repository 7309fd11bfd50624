//! The office answers WIPO's forwarded retrievals by itself (seed 000 steps 2–5): the partner
//! office of second filing asks for the demo office's documents, the simulated WIPO forwards
//! each request to `ipdocs-office`, and — with no clerk — the office uploads what it holds and
//! notifies, refuses what it does not hold with a DAS code, retries what may pass, and hands
//! what it cannot judge to a clerk. A process killed in the middle of an answer resumes after
//! its restart and WIPO accepts exactly one notification.

mod support;

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ipdocs_office::automation::answer::{Answers, RefusalCodes};
use ipdocs_office::automation::Automation;
use ipdocs_office::documents::{Documents, DEFAULT_KINDS};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use support::{eventually, pdf, World, STAFF};

const DATE: &str = "2026-02-02";

/// The DAS settings of the demo office, from the simulator's `/_sim/info`.
fn automation(info: &Value, documents: Documents, retry_for: Duration) -> Automation {
    let das = &info["das"];
    let text = |k: &str| das[k].as_str().unwrap();
    let mut automation = support::automation(das, text("clientId"), text("privateKeyPem"));
    automation.retry_for = retry_for;
    automation.answers = Some(Answers {
        documents: std::sync::Arc::new(documents),
        codes: RefusalCodes::default(),
        clerk_decides: Vec::new(),
        served_for: None,
    });
    automation
}

fn kinds() -> Vec<String> {
    DEFAULT_KINDS.map(str::to_owned).to_vec()
}

/// A folder holding `DEMO/2026/A1` (a PDF) and `DEMO/2026/A2` (an HTML page posing as one).
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a1.pdf"), pdf()).unwrap();
    std::fs::write(dir.path().join("a2.pdf"), b"<html>Error 500</html>").unwrap();
    std::fs::write(
        dir.path().join("index.csv"),
        format!(
            "documentKindCategory,documentNumber,documentDate,file\n\
             patent,DEMO/2026/A1,{DATE},a1.pdf\npatent,DEMO/2026/A2,{DATE},a2.pdf\n"
        ),
    )
    .unwrap();
    dir
}

fn document(number: &str) -> Value {
    json!({"documentKindCategory": "patent", "documentNumber": number,
           "documentDate": DATE, "dasAccessCode": "D3M0"})
}

impl World {
    /// Registers `number` for the demo office (without content: WIPO forwards requests for
    /// it), has the partner office request it, and returns the partner's (WIPO's) ack id.
    async fn partner_requests(&self, number: &str) -> String {
        self.register(number).await;
        self.partner_asks(number).await
    }

    /// Registers `number` for the demo office, without content.
    async fn register(&self, number: &str) {
        let mut registration = document(number);
        registration["operationCategory"] = json!("registration");
        let (status, body) = self
            .das(
                reqwest::Method::POST,
                "/requests/registrations",
                Some(registration),
            )
            .await;
        assert_eq!(status, 201, "{number} registered: {body}");
    }

    /// The partner office requests `number`; its (WIPO's) ack id.
    async fn partner_asks(&self, number: &str) -> String {
        self.control("/_sim/das/partner-request", document(number))
            .await["requestAckId"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// The partner's retrieval once WIPO has settled it.
    async fn settled(&self, partner_ack: &str) -> Value {
        eventually(async || {
            let state = self.retrieval_state(partner_ack).await;
            (state["requestStatusCategory"] != "pending").then_some(state)
        })
        .await
    }

    /// The inbox row answering the partner's request, once it is no longer `automatic`.
    async fn row(&self, partner_ack: &str) -> Value {
        eventually(async || {
            self.inbox("/retrievals").await["retrievals"]
                .as_array()?
                .iter()
                .find(|r| r["request"]["osfAckId"] == partner_ack && r["state"] != "automatic")
                .cloned()
        })
        .await
    }

    /// The notifications WIPO accepted from this office for `off_ack`.
    async fn accepted(&self, off_ack: &str) -> usize {
        let state = support::json_of(self.http.get(format!("{}/_sim/das/state", self.api))).await;
        state["notifications"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["requestAckId"] == off_ack)
            .count()
    }
}

#[tokio::test]
async fn held_documents_are_sent_and_the_rest_refused_or_handed_to_a_clerk() {
    let dir = folder();
    let w = World::start_with(|config, info| {
        let docs = Documents::new(Some(dir.path()), None, 1 << 20, kinds()).unwrap();
        config.automation = Some(automation(info, docs, Duration::from_secs(60)));
    })
    .await;
    let held = w.partner_requests("DEMO/2026/A1").await;
    let missing = w.partner_requests("DEMO/2026/A9").await;
    let broken = w.partner_requests("DEMO/2026/A2").await;

    let settled = w.settled(&held).await;
    assert_eq!(settled["requestStatusCategory"], "success");
    let row = w.row(&held).await;
    assert_eq!(row["state"], "answered");
    assert_eq!(row["answer"]["by"], "automatic");
    assert_eq!(row["answer"]["file"]["size"], pdf().len());
    let off_ack = row["requestAckId"].as_str().unwrap();
    assert_eq!(w.accepted(off_ack).await, 1);
    let steps: Vec<&str> = row["answer"]["trail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["step"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["upload", "notify", "done"], "each step recorded");

    let refused = w.settled(&missing).await;
    assert_eq!(
        (
            refused["requestStatusCategory"].as_str(),
            refused["errorCode"].as_i64()
        ),
        (Some("error"), Some(-7))
    );
    assert_eq!(w.row(&missing).await["state"], "refused");

    // An HTML page posing as a PDF is not sent: a clerk decides, WIPO still waits.
    let row = w.row(&broken).await;
    assert_eq!(row["state"], "open");
    assert_eq!(row["answer"]["needsClerk"], true);
    let reason = row["answer"]["reason"].as_str().unwrap();
    assert!(reason.contains("neither a PDF nor a zip"), "{reason}");
    assert_eq!(
        w.retrieval_state(&broken).await["requestStatusCategory"],
        "pending"
    );
    // The clerk's answer is still possible for it.
    let answer = w
        .http
        .post(format!(
            "{}/office/v1/retrievals/{}/answer",
            w.office,
            row["requestAckId"].as_str().unwrap()
        ))
        .bearer_auth(STAFF)
        .json(&json!({"state": "refused", "errorCode": -7, "statusMessage": "no"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
}

/// The office's document system: `FLAKY` fails once with 503, `DOWN` always, `LOCKED` is not
/// available (403), `HTML` answers an error page with 200, anything else is not held.
async fn document_system(calls: Arc<AtomicUsize>) -> String {
    let app = axum::Router::new().route(
        "/documents",
        axum::routing::get(move |Query(q): Query<HashMap<String, String>>| {
            let calls = calls.clone();
            async move {
                let number = q.get("documentNumber").cloned().unwrap_or_default();
                let pdf_reply = || ([("content-type", "application/pdf")], pdf()).into_response();
                let reply: Response = match number.as_str() {
                    "DEMO/2026/FLAKY" if calls.fetch_add(1, Ordering::SeqCst) == 0 => {
                        StatusCode::SERVICE_UNAVAILABLE.into_response()
                    }
                    "DEMO/2026/FLAKY" => pdf_reply(),
                    "DEMO/2026/DOWN" => StatusCode::BAD_GATEWAY.into_response(),
                    "DEMO/2026/LOCKED" => StatusCode::FORBIDDEN.into_response(),
                    "DEMO/2026/HTML" => {
                        ([("content-type", "text/html")], "<html>oops</html>").into_response()
                    }
                    _ => StatusCode::NOT_FOUND.into_response(),
                };
                reply
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/documents", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

#[tokio::test]
async fn the_document_system_is_retried_then_a_clerk_is_asked() {
    let url = document_system(Arc::default()).await;
    let w = World::start_with(|config, info| {
        let docs = Documents::new(None, Some(&url), 1 << 20, kinds()).unwrap();
        config.automation = Some(automation(info, docs, Duration::from_secs(3)));
    })
    .await;
    let flaky = w.partner_requests("DEMO/2026/FLAKY").await;
    let down = w.partner_requests("DEMO/2026/DOWN").await;
    let locked = w.partner_requests("DEMO/2026/LOCKED").await;
    let html = w.partner_requests("DEMO/2026/HTML").await;

    assert_eq!(w.settled(&flaky).await["requestStatusCategory"], "success");
    let row = w.row(&flaky).await;
    let trail = row["answer"]["trail"].to_string();
    assert!(trail.contains("will try again"), "{trail}");

    let locked_state = w.settled(&locked).await;
    assert_eq!(locked_state["errorCode"], -102);
    let html_row = w.row(&html).await;
    assert_eq!(html_row["state"], "open");

    let down_row = w.row(&down).await;
    assert_eq!(down_row["state"], "open");
    let reason = down_row["answer"]["reason"].as_str().unwrap();
    assert!(
        reason.contains("still failing") && reason.contains("502"),
        "{reason}"
    );
}

#[tokio::test]
async fn a_notification_sent_before_a_crash_is_not_sent_twice() {
    // The office answered by hand first (no automation): then its job is found at `notify`
    // after a "restart", as if the process died between WIPO's 204 and its own commit.
    let dir = folder();
    let db_dir = tempfile::tempdir().unwrap();
    let db = db_dir.path().join("office.db");
    let w = World::start_with(|config, _| config.db = db.clone().into()).await;
    let partner = w.partner_requests("DEMO/2026/A1").await;
    let row = eventually(async || {
        w.inbox("/retrievals").await["retrievals"]
            .as_array()?
            .first()
            .cloned()
    })
    .await;
    let off_ack = row["requestAckId"].as_str().unwrap().to_owned();
    let refusal = json!({"requestAckId": off_ack, "requestStatusCategory": "error",
                         "errorCode": -7, "statusMessage": "not held"});
    let (status, _) = w
        .das(
            reqwest::Method::POST,
            "/requests/notifications",
            Some(refusal.clone()),
        )
        .await;
    assert_eq!(status, 204);
    {
        let sqlite = rusqlite::Connection::open(&db).unwrap();
        sqlite
            .execute(
                "INSERT INTO jobs (ack_id, step, created_ms, next_ms, notification)
                 VALUES (?1, 'notify', 0, 0, ?2)",
                rusqlite::params![off_ack, refusal.to_string()],
            )
            .unwrap();
        sqlite
            .execute(
                "UPDATE forwarded SET state = 'automatic' WHERE ack_id = ?1",
                [&off_ack],
            )
            .unwrap();
    }
    let info = w.info.clone();
    let mut config = ipdocs_office::Config::new(
        db.clone(),
        info["das"]["jwksUrl"].as_str().unwrap(),
        info["das"]["issuer"].as_str().unwrap(),
        info["das"]["clientId"].as_str().unwrap(),
        STAFF,
    );
    let docs = Documents::new(Some(dir.path()), None, 1 << 20, kinds()).unwrap();
    config.automation = Some(automation(&info, docs, Duration::from_secs(60)));
    let restarted = ipdocs_office::start(config).await.unwrap();
    let answered = eventually(async || {
        let inbox = support::json_of(
            w.http
                .get(format!("{}/office/v1/retrievals", restarted.url))
                .bearer_auth(STAFF),
        )
        .await;
        inbox["retrievals"]
            .as_array()?
            .iter()
            .find(|r| r["requestAckId"] == off_ack && r["state"] != "automatic")
            .cloned()
    })
    .await;
    assert_eq!(answered["state"], "refused");
    assert!(answered["answer"]["note"].is_string(), "{answered}");
    assert_eq!(w.accepted(&off_ack).await, 1);
    assert_eq!(w.settled(&partner).await["errorCode"], -7);
}

/// Starts the real binary answering by itself on `port`, its log appended to `log`; returns
/// it once it listens.
fn spawn_answering(
    port: u16,
    db: &std::path::Path,
    docs: &std::path::Path,
    key: &std::path::Path,
    info: &Value,
    log: &std::path::Path,
) -> std::process::Child {
    let das = &info["das"];
    let text = |k: &str| das[k].as_str().unwrap().to_owned();
    // Everything but the port and the staff token from a config file, as a package runs it;
    // the staff token from the environment.
    let config = log.with_file_name("config.toml");
    let path = |p: &std::path::Path| p.to_str().unwrap().to_owned();
    let mut settings = toml::Table::new();
    for (key, value) in [
        ("db", path(db)),
        ("jwks-url", text("jwksUrl")),
        ("issuer", text("issuer")),
        ("audience", text("clientId")),
        ("client-id", text("clientId")),
        (
            "das-url",
            format!("{}{}", text("baseUrl"), text("apiPrefix")),
        ),
        ("token-url", text("tokenUrl")),
        ("documents", path(docs)),
        ("key-file", path(key)),
    ] {
        settings.insert(key.into(), value.into());
    }
    // Overridden by the command line's --port.
    settings.insert("port".into(), 1.into());
    std::fs::write(&config, settings.to_string()).unwrap();
    let (child, _) = support::spawn_office(
        support::office_command()
            .arg("--config")
            .arg(&config)
            .args(["--port", &port.to_string()])
            .env("IPDOCS_OFFICE_STAFF_TOKEN", STAFF)
            .stdout(std::process::Stdio::piped())
            .stderr(
                std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(log)
                    .unwrap(),
            ),
    );
    child
}

#[tokio::test]
async fn killed_in_the_middle_of_an_upload_it_resumes_and_notifies_once() {
    let w = World::start().await;
    let dir = folder();
    let state = tempfile::tempdir().unwrap();
    let (db, key) = (
        state.path().join("office.db"),
        state.path().join("office.pem"),
    );
    std::fs::write(&key, w.info["das"]["privateKeyPem"].as_str().unwrap()).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let log = state.path().join("office.log");
    let mut office = spawn_answering(port, &db, dir.path(), &key, &w.info, &log);
    let client = w.info["das"]["clientId"].clone();
    w.control(
        "/_sim/das/endpoint",
        json!({"clientId": client, "endpoint": format!("http://127.0.0.1:{port}")}),
    )
    .await;
    // The transit zone holds the first PUT for 5 s: the office is killed while it waits.
    w.control(
        "/_sim/faults",
        json!({"key": "transit", "script": [{"kind": "delay", "ms": 5000}]}),
    )
    .await;
    let partner = w.partner_requests("DEMO/2026/A1").await;
    eventually(async || {
        let log = support::json_of(
            w.http
                .get(format!("{}/_sim/requests?origin=transit", w.api)),
        )
        .await;
        log.as_array()?
            .iter()
            .any(|r| r["method"] == "PUT")
            .then_some(())
    })
    .await;
    office.kill().unwrap(); // SIGKILL: no shutdown
    office.wait().unwrap();
    assert_eq!(
        w.retrieval_state(&partner).await["requestStatusCategory"],
        "pending"
    );

    let mut office = spawn_answering(port, &db, dir.path(), &key, &w.info, &log);
    assert_eq!(
        w.settled(&partner).await["requestStatusCategory"],
        "success"
    );
    let inbox = support::json_of(
        w.http
            .get(format!("http://127.0.0.1:{port}/office/v1/retrievals"))
            .bearer_auth(STAFF),
    )
    .await;
    let row = &inbox["retrievals"][0];
    let off_ack = row["requestAckId"].as_str().unwrap();
    assert_eq!(w.accepted(off_ack).await, 1, "exactly one notification");
    office.kill().unwrap();
    office.wait().unwrap();
    // Neither the office's key nor a token (a JWT starts `eyJ`) nor a presigned URL's
    // signature reached its log.
    let logged = std::fs::read_to_string(&log).unwrap();
    let pem = w.info["das"]["privateKeyPem"].as_str().unwrap();
    let key_line = pem.lines().nth(1).unwrap();
    for secret in [key_line, "PRIVATE KEY", "eyJ", "X-Amz-Signature", STAFF] {
        assert!(!logged.contains(secret), "{secret} in the log:\n{logged}");
    }
    // The log is JSON lines: WIPO's forwarded request is one, with its id, route, outcome
    // and duration.
    let lines: Vec<Value> = logged
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
        .collect();
    let forwarded = lines
        .iter()
        .find(|l| l["message"] == "request answered" && l["route"] == "/das/v1/requests/retrievals")
        .unwrap_or_else(|| panic!("no log line for the forwarded request:\n{logged}"));
    assert_eq!(forwarded["outcome"], "ok", "{forwarded}");
    assert_eq!(forwarded["status"], 201, "{forwarded}");
    assert_eq!(
        forwarded["request_id"].as_str().map(str::len),
        Some(36),
        "{forwarded}"
    );
    assert!(forwarded["duration_ms"].as_f64().is_some(), "{forwarded}");
    assert!(
        lines
            .iter()
            .any(|l| l["message"] == "answered without a clerk" && l["ack"] == off_ack),
        "{logged}"
    );
}

#[tokio::test]
async fn in_flow_c2_wipo_fetches_the_document_from_the_office_itself() {
    let dir = folder();
    let w = World::start_with(|config, info| {
        let docs = Documents::new(Some(dir.path()), None, 1 << 20, kinds()).unwrap();
        let mut serving = automation(info, docs, Duration::from_secs(60));
        if let Some(answers) = serving.answers.as_mut() {
            answers.served_for = Some(Duration::from_secs(60));
        }
        config.automation = Some(serving);
    })
    .await;
    let partner = w.partner_requests("DEMO/2026/A1").await;
    assert_eq!(
        w.settled(&partner).await["requestStatusCategory"],
        "success"
    );
    let row = w.row(&partner).await;
    assert_eq!(
        row["answer"]["file"]["servedHere"], true,
        "no upload: {row}"
    );
    let uploads = support::json_of(
        w.http
            .get(format!("{}/_sim/requests?origin=transit", w.api)),
    )
    .await;
    assert!(
        !uploads
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["method"] == "PUT"),
        "nothing was put into the transit zone by the office"
    );

    // The link as WIPO gets it: WIPO's bearer token needed, one document, ranges, no forgery.
    let client = w.info["das"]["clientId"].as_str().unwrap();
    let wipo = w
        .control("/_sim/das/wipo-token", json!({"clientId": client}))
        .await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let ask = |token: Option<&str>, body: Value| {
        let mut request = w
            .http
            .post(format!(
                "{}/das-api/v1/requests/files/url-downloads",
                w.office
            ))
            .json(&body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    let mut body = document("DEMO/2026/A1");
    body["someFieldNobodyDocumented"] = json!(true);
    assert_eq!(ask(None, body.clone()).await.unwrap().status(), 401);
    let answer: Value = ask(Some(&wipo), body).await.unwrap().json().await.unwrap();
    let url = answer["fileDownloadUrl"].as_str().unwrap();
    assert!(
        url.starts_with(&format!("{}/das-files/", w.office)),
        "{url}"
    );
    let part = w
        .http
        .get(url)
        .header("range", "bytes=0-8")
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(
        part.headers()["content-range"],
        format!("bytes 0-8/{}", pdf().len())
    );
    assert_eq!(&part.bytes().await.unwrap()[..], &pdf()[..9]);
    let whole = w.http.get(url).send().await.unwrap();
    assert_eq!(whole.bytes().await.unwrap(), pdf());
    let forged = url.replace("das-files/", "das-files/x");
    assert_eq!(w.http.get(&forged).send().await.unwrap().status(), 403);
    let missing = ask(Some(&wipo), document("DEMO/2026/NOPE")).await.unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn failing_steps_are_retried_and_a_rejected_upload_goes_to_a_clerk() {
    let dir = folder();
    std::fs::write(dir.path().join("a3.pdf"), pdf()).unwrap();
    let index = std::fs::read_to_string(dir.path().join("index.csv")).unwrap();
    std::fs::write(
        dir.path().join("index.csv"),
        format!("{index}patent,DEMO/2026/A3,{DATE},a3.pdf\npatent,DEMO/2026/A4,{DATE},a3.pdf\n"),
    )
    .unwrap();
    let w = World::start_with(|config, info| {
        let docs = Documents::new(Some(dir.path()), None, 1 << 20, kinds()).unwrap();
        config.automation = Some(automation(info, docs, Duration::from_secs(60)));
    })
    .await;
    for number in ["DEMO/2026/A1", "DEMO/2026/A3", "DEMO/2026/A4"] {
        w.register(number).await;
    }
    let client = w.info["das"]["clientId"].clone();
    // The token endpoint fails once, then url-uploads answers 500, then the PUT is dropped.
    for (key, fault) in [
        (json!("token"), json!({"kind": "status", "status": 503})),
        (client.clone(), json!({"kind": "status", "status": 500})),
        (json!("transit"), json!({"kind": "drop"})),
    ] {
        w.control("/_sim/faults", json!({"key": key, "script": [fault]}))
            .await;
    }
    let partner = w.partner_asks("DEMO/2026/A1").await;
    assert_eq!(
        w.settled(&partner).await["requestStatusCategory"],
        "success"
    );
    let trail = w.row(&partner).await["answer"]["trail"].to_string();
    assert!(
        trail.contains("will try again") && trail.contains("injected fault"),
        "{trail}"
    );

    w.control(
        "/_sim/faults",
        json!({"key": "validation", "script": [{"kind": "drop"}]}),
    )
    .await;
    let rejected = w.partner_asks("DEMO/2026/A3").await;
    let row = w.row(&rejected).await;
    assert_eq!(row["state"], "open");
    let reason = row["answer"]["reason"].as_str().unwrap();
    assert!(reason.contains("rejected"), "{reason}");
    assert_eq!(row["answer"]["failedStep"], "upload");

    // The transit zone reports another checksum than the one uploaded: uploaded again.
    w.control(
        "/_sim/faults",
        json!({"key": "checksum", "script": [{"kind": "drop"}]}),
    )
    .await;
    let mismatched = w.partner_asks("DEMO/2026/A4").await;
    assert_eq!(
        w.settled(&mismatched).await["requestStatusCategory"],
        "success"
    );
    let trail = w.row(&mismatched).await["answer"]["trail"].to_string();
    assert!(trail.contains("checksum mismatch"), "{trail}");
}

/// Two instances on one PostgreSQL database, both answering by themselves: WIPO calls one,
/// either may claim the job, and each request is answered exactly once.
#[tokio::test]
async fn two_instances_on_one_database_answer_each_request_once() {
    let Some(url) = tokio::task::spawn_blocking(support::fresh_database)
        .await
        .unwrap()
    else {
        return;
    };
    let dir = folder();
    let database = ipdocs_office::store::Database::Postgres(url);
    let shared = database.clone();
    let w = World::start_with(|config, info| {
        let docs = Documents::new(Some(dir.path()), None, 1 << 20, kinds()).unwrap();
        config.db = shared;
        config.instance = Some("a".into());
        config.automation = Some(automation(info, docs, Duration::from_secs(60)));
    })
    .await;
    let das = &w.info["das"];
    let mut b = ipdocs_office::Config::new(
        database,
        das["jwksUrl"].as_str().unwrap(),
        das["issuer"].as_str().unwrap(),
        das["clientId"].as_str().unwrap(),
        STAFF,
    );
    b.instance = Some("b".into());
    let docs = Documents::new(Some(dir.path()), None, 1 << 20, kinds()).unwrap();
    b.automation = Some(automation(&w.info, docs, Duration::from_secs(60)));
    ipdocs_office::start(b).await.unwrap();

    w.register("DEMO/2026/A1").await;
    let mut partners = Vec::new();
    for _ in 0..12 {
        partners.push(w.partner_asks("DEMO/2026/A1").await);
    }
    for partner in &partners {
        assert_eq!(w.settled(partner).await["requestStatusCategory"], "success");
        let row = w.row(partner).await;
        assert_eq!(row["state"], "answered", "{row}");
        let off_ack = row["requestAckId"].as_str().unwrap();
        assert_eq!(w.accepted(off_ack).await, 1, "{off_ack} answered once");
    }
}
