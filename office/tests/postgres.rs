//! `ipdocs-office` on PostgreSQL (`IPDOCS_TEST_POSTGRES`, a server the test command starts
//! from Debian's package in a temporary directory; each test makes a database of its own):
//! the store behaves as on SQLite, two instances share one inbox — a redelivery racing its
//! first delivery is one row, jobs are claimed by one instance only, each instance's event
//! stream hears what the other received — and `kill -9` of one instance during a burst of
//! WIPO's forwarded requests, sent through nginx to both, loses nothing.

mod support;

use ipdocs_office::store::jobs::now_ms;
use ipdocs_office::store::listing::{Cursor, Filter};
use ipdocs_office::store::{Database, Store};
use serde_json::{json, Value};
use std::collections::HashSet;
use support::fresh_database;

fn request(number: &str) -> Value {
    json!({"operationCategory": "retrieval", "documentKindCategory": "patent",
           "documentNumber": number, "documentDate": "2024-01-31", "dasAccessCode": "AB12",
           "osfAckId": format!("OSF-{number}")})
}

#[test]
fn the_store_behaves_as_on_sqlite() {
    let Some(url) = fresh_database() else { return };
    let store = Store::open(&Database::Postgres(url.clone())).unwrap();
    // Opening again finds the schema in place (the migrations are recorded).
    drop(Store::open(&Database::Postgres(url.clone())).unwrap());

    let (ack, new) = store
        .record_forwarded("k1", &request("N1"), "OFF-1", false)
        .unwrap();
    assert_eq!((ack.as_str(), new), ("OFF-1", true));
    let (again, new) = store
        .record_forwarded("k1", &request("N1"), "OFF-x", false)
        .unwrap();
    assert_eq!((again.as_str(), new), ("OFF-1", false));
    let row = store.forwarded_one("OFF-1").unwrap().unwrap();
    assert_eq!((row.deliveries, row.state.as_str()), (2, "open"));
    let at = row.received_at.as_bytes();
    assert_eq!(
        (at.len(), at[10], at[19], at[23]),
        (24, b'T', b'.', b'Z'),
        "{}",
        row.received_at
    );

    // A redelivery racing its first delivery on another instance: one row.
    let other = Store::open(&Database::Postgres(url.clone())).unwrap();
    let acks: Vec<(String, bool)> = std::thread::scope(|s| {
        let a = s.spawn(|| {
            store
                .record_forwarded("race", &request("R"), "OFF-a", false)
                .unwrap()
        });
        let b = s.spawn(|| {
            other
                .record_forwarded("race", &request("R"), "OFF-b", false)
                .unwrap()
        });
        vec![a.join().unwrap(), b.join().unwrap()]
    });
    assert_eq!(acks[0].0, acks[1].0, "both deliveries got the same ack id");
    assert_eq!(acks.iter().filter(|(_, new)| *new).count(), 1);
    assert_eq!(
        store.forwarded_one(&acks[0].0).unwrap().unwrap().deliveries,
        2
    );

    for i in 2..=120 {
        let number = format!("N{i}");
        store
            .record_forwarded(
                &format!("k{i}"),
                &request(&number),
                &format!("OFF-{i}"),
                false,
            )
            .unwrap();
    }
    // Pages of 50 newest first, with no gap or repeat, as on SQLite.
    let mut seen = Vec::new();
    let mut after: Option<Cursor> = None;
    loop {
        let page = store
            .forwarded_page(&Filter::default(), 50, after.as_ref())
            .unwrap();
        seen.extend(page.rows.iter().map(|r| r.request_ack_id.clone()));
        match page.next {
            Some(next) => after = Some(Cursor::parse(&next).unwrap()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 121);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 121);
    assert_eq!(
        seen.last().map(String::as_str),
        Some("OFF-1"),
        "oldest last"
    );
    let number = Filter::parse(None, None, None, Some("N77")).unwrap();
    let found = store.forwarded_page(&number, 10, None).unwrap().rows;
    assert_eq!(found[0].request_ack_id, "OFF-77");

    let answered = store
        .answer(
            "OFF-77",
            "refused",
            &json!({"errorCode": -7, "statusMessage": "not held"}),
        )
        .unwrap()
        .unwrap();
    assert_eq!(answered.state, "refused");
    let refused = Filter::parse(Some("refused"), None, None, None).unwrap();
    assert_eq!(
        store.forwarded_page(&refused, 10, None).unwrap().rows.len(),
        1
    );
    assert!(store
        .answer("nope", "refused", &json!({}))
        .unwrap()
        .is_none());
    let age = store.age_secs("OFF-77").unwrap().unwrap();
    assert!((0.0..60.0).contains(&age), "{age}");
    assert_eq!(store.age_secs("nope").unwrap(), None);
    assert_eq!(store.depths().unwrap().needs_clerk, 120);

    let (id, delivery) = store
        .record_notification(
            &json!({"requestAckId": "D1", "requestStatusCategory": "success"}),
            true,
        )
        .unwrap();
    assert!(delivery && id > 0);
    let page = store.notifications_page(10, None).unwrap();
    assert_eq!(page.rows[0].notification["requestAckId"], "D1");
    let deliveries = store.deliveries(&["D1".into()]).unwrap();
    assert_eq!(deliveries[0].1["step"], "download");

    // Retention removes old settled rows only.
    let mut sql = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    sql.batch_execute("UPDATE forwarded SET received_at = '2020-01-01T00:00:00.000Z'")
        .unwrap();
    assert_eq!(store.forget_settled(30).unwrap(), 1, "only the refused row");
    assert!(store.forwarded_one("OFF-77").unwrap().is_none());
    assert!(
        store.forwarded_one("OFF-76").unwrap().is_some(),
        "open rows stay"
    );
}

#[test]
fn two_instances_never_claim_the_same_job() {
    let Some(url) = fresh_database() else { return };
    let a = Store::open(&Database::Postgres(url.clone())).unwrap();
    let b = Store::open(&Database::Postgres(url)).unwrap();
    for i in 0..60 {
        a.record_forwarded(
            &format!("k{i}"),
            &request(&format!("J{i}")),
            &format!("OFF-{i}"),
            true,
        )
        .unwrap();
    }
    let now = now_ms() + 1;
    let claim_all = |store: &Store, owner: &str| {
        let mut all = Vec::new();
        loop {
            let jobs = store.claim_due_jobs(owner, now, 60_000, 7).unwrap();
            if jobs.is_empty() {
                return all;
            }
            all.extend(jobs.into_iter().map(|j| j.ack_id));
        }
    };
    let (mine, theirs) = std::thread::scope(|s| {
        let x = s.spawn(|| claim_all(&a, "instance-a"));
        let y = s.spawn(|| claim_all(&b, "instance-b"));
        (x.join().unwrap(), y.join().unwrap())
    });
    let both: HashSet<&String> = mine.iter().chain(&theirs).collect();
    assert_eq!(mine.len() + theirs.len(), 60, "every job claimed once");
    assert_eq!(both.len(), 60);
    // A live claim is not taken over; an expired one is, and a restarted instance's own
    // claims end at once.
    assert!(a
        .claim_due_jobs("instance-c", now, 60_000, 100)
        .unwrap()
        .is_empty());
    let later = now + 61_000;
    assert_eq!(
        a.claim_due_jobs("instance-c", later, 60_000, 100)
            .unwrap()
            .len(),
        60
    );
    b.release_claims("instance-c").unwrap();
    assert_eq!(
        b.claim_due_jobs("instance-b", later, 60_000, 100)
            .unwrap()
            .len(),
        60
    );
}

/// One `ipdocs-office` process on the shared database; killed (SIGKILL) when dropped.
struct Instance {
    child: std::process::Child,
    url: String,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn spawn_instance(name: &str, db: &str, das: &Value) -> Instance {
    let text = |k: &str| das[k].as_str().unwrap().to_owned();
    let (child, url) = support::spawn_office(
        support::office_command()
            .args(["--port", "0", "--instance", name, "--log-level", "warn"])
            .args(["--jwks-url", &text("jwksUrl"), "--issuer", &text("issuer")])
            .args(["--audience", &text("clientId")])
            .env("IPDOCS_OFFICE_DB", db)
            .env("IPDOCS_OFFICE_STAFF_TOKEN", support::STAFF),
    );
    Instance { child, url }
}

/// nginx in front of the instances (round robin; a refused connection goes to the next
/// one, a request already sent is not resent: WIPO redelivers it).
struct Nginx {
    child: std::process::Child,
    url: String,
    _dir: tempfile::TempDir,
}

impl Drop for Nginx {
    /// SIGTERM, so that the master stops its worker too (SIGKILL would orphan it).
    fn drop(&mut self) {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

fn nginx(upstreams: &[&str]) -> Nginx {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let servers: String = upstreams
        .iter()
        .map(|u| {
            format!(
                "server {} max_fails=1 fail_timeout=30s;\n",
                u.trim_start_matches("http://")
            )
        })
        .collect();
    let d = dir.path().display();
    let conf = format!(
        "worker_processes 1; daemon off; pid {d}/nginx.pid; error_log {d}/error.log crit;
         events {{ worker_connections 512; }}
         http {{
           access_log off;
           client_body_temp_path {d}/body; proxy_temp_path {d}/proxy; fastcgi_temp_path {d}/fcgi;
           uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;
           upstream office {{ {servers} }}
           server {{
             listen 127.0.0.1:{port};
             location / {{ proxy_pass http://office; proxy_http_version 1.1;
               proxy_next_upstream error timeout; proxy_buffering off; }}
           }}
         }}"
    );
    let path = dir.path().join("nginx.conf");
    std::fs::write(&path, conf).unwrap();
    let child = std::process::Command::new("nginx")
        .arg("-c")
        .arg(&path)
        .arg("-p")
        .arg(dir.path())
        .spawn()
        .expect("nginx (Debian's nginx-light, installed by the setup)");
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Nginx {
        child,
        url,
        _dir: dir,
    }
}

/// WIPO's delivery: sent until it is acknowledged with a 201 (a connection error or any
/// other status is sent again), its ack id returned.
async fn deliver(http: &reqwest::Client, url: &str, token: &str, body: &Value) -> String {
    for _ in 0..100 {
        let sent = http
            .post(format!("{url}/das/v1/requests/retrievals"))
            .bearer_auth(token)
            .json(body)
            .send()
            .await;
        if let Ok(response) = sent {
            if response.status() == 201 {
                let ack: Value = response.json().await.unwrap();
                return ack["requestAckId"].as_str().unwrap().to_owned();
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("never acknowledged: {body}");
}

#[tokio::test]
async fn two_instances_behind_nginx_lose_nothing_when_one_is_killed() {
    let Some(db) = tokio::task::spawn_blocking(fresh_database).await.unwrap() else {
        return;
    };
    let sim = ipdocs_sim::start(ipdocs_sim::SimConfig::default())
        .await
        .unwrap();
    let http = reqwest::Client::new();
    let info = support::json_of(http.get(format!("{}/_sim/info", sim.api_url))).await;
    let das = info["das"].clone();
    let token = support::json_of(
        http.post(format!("{}/_sim/das/wipo-token", sim.api_url))
            .json(&json!({"clientId": das["clientId"]})),
    )
    .await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let a = spawn_instance("a", &db, &das);
    let b = spawn_instance("b", &db, &das);
    let front = nginx(&[&a.url, &b.url]);

    // B's event stream hears of a request A received.
    let mut events = http
        .get(format!("{}/office/v1/events", b.url))
        .bearer_auth(support::STAFF)
        .send()
        .await
        .unwrap();
    let to_a = deliver(&http, &a.url, &token, &request("EVENT-1")).await;
    let heard = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        let mut text = String::new();
        while let Some(chunk) = events.chunk().await.unwrap() {
            text.push_str(&String::from_utf8_lossy(&chunk));
            if text.contains(&to_a) {
                return text;
            }
        }
        text
    })
    .await
    .expect("B's stream heard nothing within 10 s");
    assert!(heard.contains("\"retrieval\""), "{heard}");

    // A burst of 300 deliveries through nginx from 8 senders; A is killed in the middle.
    let a = std::sync::Arc::new(std::sync::Mutex::new(Some(a)));
    let sent = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut senders = Vec::new();
    for s in 0..8 {
        let (http, url, token) = (http.clone(), front.url.clone(), token.clone());
        let (a, sent) = (a.clone(), sent.clone());
        senders.push(tokio::spawn(async move {
            let mut acks = Vec::new();
            for i in (s..300).step_by(8) {
                let number = format!("BURST-{i}");
                acks.push((
                    number.clone(),
                    deliver(&http, &url, &token, &request(&number)).await,
                ));
                if sent.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 100 {
                    drop(a.lock().unwrap().take()); // SIGKILL, no shutdown
                }
            }
            acks
        }));
    }
    let mut acked = Vec::new();
    for sender in senders {
        acked.extend(sender.await.unwrap());
    }
    assert!(a.lock().unwrap().is_none(), "A was killed during the burst");
    assert_eq!(acked.len(), 300);

    // Every acknowledged request is in the inbox (read from B), once, under its ack id.
    let csv = http
        .get(format!("{}/office/v1/retrievals.csv", b.url))
        .bearer_auth(support::STAFF)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(
        rows.len(),
        301,
        "300 and the event test's request, each once"
    );
    for (number, ack) in &acked {
        let row = rows
            .iter()
            .find(|r| r.contains(&format!(",{number},")))
            .unwrap_or_else(|| panic!("{number} is not in the inbox"));
        assert!(
            row.starts_with(&format!("{ack},")),
            "{number}: {row} is not under {ack}"
        );
    }
    drop(front);
    drop(b);
}
