//! Bench (run by `scripts/bench.sh` through `bench/office-inbox.mjs`): the inbox's first page
//! at 100,000 rows. Fills an SQLite inbox in one transaction, starts `ipdocs-office` on it,
//! and times `GET /office/v1/retrievals` (first page, a filtered page, a deep page) against
//! `GET /healthz` in the same run. Prints one JSON object.

use std::time::Instant;

const ROWS: usize = 100_000;
const ROUNDS: usize = 60;
const STAFF: &str = "bench-staff-token-0123456789";

fn fill(db: &std::path::Path) {
    // The office makes the schema; the rows are written here in one transaction.
    drop(ipdocs_office::store::Store::open(&db.to_owned().into()).expect("store"));
    let mut sqlite = rusqlite::Connection::open(db).expect("sqlite");
    let tx = sqlite.transaction().expect("transaction");
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO forwarded (ack_id, delivery_key, received_at, state, request, answer)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .expect("insert");
        for i in 0..ROWS {
            let state = ["answered", "refused", "answered", "open"][i % 4];
            let at = format!(
                "2026-{:02}-{:02}T{:02}:{:02}:{:02}.000Z",
                1 + i / 10_000,
                1 + (i / 400) % 25,
                (i / 60) % 24,
                i % 60,
                (i * 7) % 60
            );
            let request = serde_json::json!({"operationCategory": "retrieval", "documentKindCategory": "patent",
                "documentNumber": format!("EP{i:010}"), "documentDate": "2025-01-31", "dasAccessCode": "AB12",
                "osfAckId": format!("OSF-{i}")});
            let answer = (state != "open").then_some(r#"{"state":"answered","fileId":"F"}"#);
            insert
                .execute(rusqlite::params![
                    format!("OFF-{i:020}"),
                    format!("key-{i}"),
                    at,
                    state,
                    request.to_string(),
                    answer
                ])
                .expect("row");
        }
    }
    tx.commit().expect("commit");
}

/// One page of the inbox, as JSON.
async fn page(http: &reqwest::Client, url: &str) -> serde_json::Value {
    let response = http.get(url).bearer_auth(STAFF).send().await.expect("page");
    response.json().await.expect("json")
}

/// Median and 95th percentile of `ROUNDS` requests, in milliseconds.
async fn time(http: &reqwest::Client, url: &str) -> (f64, f64) {
    let mut times = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let response = http.get(url).bearer_auth(STAFF).send().await.expect("send");
        assert!(
            response.status().is_success(),
            "{url}: {}",
            response.status()
        );
        response.bytes().await.expect("body");
        times.push(started.elapsed().as_secs_f64() * 1000.);
    }
    times.sort_by(f64::total_cmp);
    (times[ROUNDS / 2], times[ROUNDS * 95 / 100])
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("inbox.db");
    let filled = Instant::now();
    fill(&db);
    let fill_s = filled.elapsed().as_secs_f64();
    let config = ipdocs_office::Config::new(db, "http://127.0.0.1:9/jwks", "i", "a", STAFF);
    let office = ipdocs_office::start(config).await.expect("office").url;
    let http = reqwest::Client::new();
    let first = format!("{office}/office/v1/retrievals");
    let first_page = page(&http, &first).await;
    assert_eq!(first_page["retrievals"].as_array().map(Vec::len), Some(100));
    let deep = {
        // The cursor of page 500 (row 50,000), found by walking pages of 100.
        let mut after = String::new();
        for _ in 0..500 {
            let page = page(&http, &format!("{first}?limit=100{after}")).await;
            after = format!("&after={}", page["next"].as_str().expect("next"));
        }
        format!("{first}?limit=100{after}")
    };
    let results = serde_json::json!({
        "rows": ROWS,
        "fillSeconds": fill_s,
        "baseline": time(&http, &format!("{office}/healthz")).await,
        "firstPage": time(&http, &first).await,
        "openPage": time(&http, &format!("{first}?state=open")).await,
        "numberFilter": time(&http, &format!("{first}?number=EP0000054321")).await,
        "page501": time(&http, &deep).await,
    });
    println!("{results}");
}
