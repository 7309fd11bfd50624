//! Two offices, both `ipdocs-office`, exchange a document with no clerk: office B asks WIPO
//! for a document of the demo office A; WIPO forwards the request to A, which answers from
//! its document folder; WIPO notifies B, which downloads the document into its delivery
//! folder and deletes it from the transit zone (seed 000 steps 1–9). Where WIPO cannot
//! deliver its notification, B finds the success by polling the retrievals list.

mod support;

use ipdocs_office::automation::answer::{Answers, RefusalCodes};
use ipdocs_office::automation::deliver::Delivery;
use ipdocs_office::documents::{Documents, DEFAULT_KINDS};
use serde_json::{json, Value};
use std::time::Duration;
use support::{automation, eventually, pdf, World, STAFF};

const DATE: &str = "2026-03-03";

fn document(number: &str) -> Value {
    json!({"documentKindCategory": "patent", "documentNumber": number,
           "documentDate": DATE, "dasAccessCode": "B0B0"})
}

struct OfficeB {
    url: String,
    token: String,
    deliveries: tempfile::TempDir,
    _db: tempfile::TempDir,
}

/// Registers office B at the simulated WIPO and starts its `ipdocs-office`, fetching into a
/// folder of its own.
async fn office_b(w: &World) -> OfficeB {
    let registered = w
        .control("/_sim/das/offices", json!({"clientId": "office-b"}))
        .await;
    let key = registered["privateKeyPem"].as_str().unwrap();
    let (db, deliveries) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let das = &w.info["das"];
    let mut config = ipdocs_office::Config::new(
        support::test_database(db.path()).await,
        das["jwksUrl"].as_str().unwrap(),
        das["issuer"].as_str().unwrap(),
        "office-b",
        STAFF,
    );
    let mut b = automation(das, "office-b", key);
    b.delivery = Some(Delivery {
        dir: deliveries.path().to_owned(),
        delete_after: true,
        poll_every: Duration::from_millis(500),
    });
    config.automation = Some(b);
    let url = ipdocs_office::start(config).await.unwrap().url;
    w.control(
        "/_sim/das/endpoint",
        json!({"clientId": "office-b", "endpoint": url}),
    )
    .await;
    let token = w
        .control("/_sim/das/tokens", json!({"clientId": "office-b"}))
        .await["accessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    OfficeB {
        url,
        token,
        deliveries,
        _db: db,
    }
}

impl OfficeB {
    /// B asks WIPO for `number` (as its clerk's app would); WIPO's ack id.
    async fn request(&self, w: &World, number: &str) -> String {
        let mut request = document(number);
        request["operationCategory"] = json!("retrieval");
        let r: Value = w
            .http
            .post(format!("{}/requests/retrievals", w.das))
            .bearer_auth(&self.token)
            .json(&request)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        r["requestAckId"].as_str().unwrap().to_owned()
    }

    /// B's record of the delivery for `ack`, once done.
    async fn delivered(&self, w: &World, ack: &str) -> Value {
        eventually(async || {
            let inbox = support::json_of(
                w.http
                    .get(format!("{}/office/v1/notifications", self.url))
                    .bearer_auth(STAFF),
            )
            .await;
            let delivery = inbox["deliveries"][ack].clone();
            (delivery["step"] == "done").then_some(delivery)
        })
        .await
    }
}

#[tokio::test]
async fn a_document_goes_from_office_to_office_without_a_click() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("b1.pdf"), pdf()).unwrap();
    std::fs::write(folder.path().join("b2.pdf"), pdf()).unwrap();
    std::fs::write(
        folder.path().join("index.csv"),
        format!(
            "documentKindCategory,documentNumber,documentDate,file\n\
             patent,DEMO/2026/B1,{DATE},b1.pdf\npatent,DEMO/2026/B2,{DATE},b2.pdf\n"
        ),
    )
    .unwrap();
    let w = World::start_with(|config, info| {
        let das = &info["das"];
        let mut a = automation(
            das,
            das["clientId"].as_str().unwrap(),
            das["privateKeyPem"].as_str().unwrap(),
        );
        let kinds = DEFAULT_KINDS.map(str::to_owned).to_vec();
        a.answers = Some(Answers {
            documents: std::sync::Arc::new(
                Documents::new(Some(folder.path()), None, 1 << 20, kinds).unwrap(),
            ),
            codes: RefusalCodes::default(),
            clerk_decides: Vec::new(),
            served_for: None,
        });
        config.automation = Some(a);
    })
    .await;
    for number in ["DEMO/2026/B1", "DEMO/2026/B2"] {
        let mut registration = document(number);
        registration["operationCategory"] = json!("registration");
        let (status, _) = w
            .das(
                reqwest::Method::POST,
                "/requests/registrations",
                Some(registration),
            )
            .await;
        assert_eq!(status, 201);
    }
    let b = office_b(&w).await;

    let ack = b.request(&w, "DEMO/2026/B1").await;
    let delivery = b.delivered(&w, &ack).await;
    let name = "patent-DEMO-2026-B1-2026-03-03.pdf";
    assert_eq!(delivery["file"]["name"], name);
    assert_eq!(
        std::fs::read(b.deliveries.path().join(name)).unwrap(),
        pdf()
    );
    let trail = delivery["trail"].to_string();
    assert!(trail.contains("deleted from the transit zone"), "{trail}");
    let state = w.retrieval_state(&ack).await;
    assert_eq!(state["requestStatusCategory"], "success");

    // WIPO cannot reach B any more (a firewall): B finds the success in the list.
    w.control(
        "/_sim/das/endpoint",
        json!({"clientId": "office-b", "endpoint": null}),
    )
    .await;
    let polled = b.request(&w, "DEMO/2026/B2").await;
    let delivery = b.delivered(&w, &polled).await;
    assert_eq!(delivery["file"]["size"], pdf().len());
    let files = std::fs::read_dir(b.deliveries.path()).unwrap().count();
    assert_eq!(files, 2, "two documents, no temporary file left");
}
