//! The office's inbox, kept by `ipdocs-office` (a browser cannot receive WIPO's calls): the
//! retrievals WIPO forwarded to this office of first filing (seed 000 step 2), answered here —
//! the document uploaded to the transit zone and DAS notified with **this office's** ack id
//! (steps 3–5), or a refusal with a DAS error code — and the notifications WIPO pushed to this
//! office of second filing (step 6). The inbox is read again as soon as the office's event
//! stream says something arrived (and every few seconds when there is no stream); the answer
//! is recorded in the inbox after DAS has accepted the notification.

use crate::activity::logged;
use crate::context::Ctx;
use crate::explain::ErrorNotice;
use crate::human;
use crate::retrievals::Retrievals;
use ipdocs::client::das::UploadPhase;
use ipdocs::das::{DocumentAvailability, FileFormat};
use ipdocs::http::{HttpRequest, Method, RequestBody, ResponseHead};
use ipdocs::transport::{ReadAs, Transport};
use ipdocs::{Error, Result};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;
use serde_json::{json, Value};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{File, HtmlInputElement};

mod events;

/// How often the inbox is read when the office's event stream cannot be opened.
const REFRESH_MS: u64 = 3_000;

/// How long the inbox waits on an open event stream before it is read anyway: a proxy that
/// holds the stream back, or an event sent while the stream was reopened, costs this at most.
const EVENT_WAIT_MS: u64 = 15_000;

/// A forwarded retrieval as the inbox lists it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Forwarded {
    request_ack_id: String,
    received_at: String,
    /// `open`, `answered` or `refused`.
    state: String,
    request: Value,
    #[serde(default)]
    answer: Option<Value>,
    deliveries: i64,
}

/// A notification WIPO pushed to this office.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Received {
    id: i64,
    received_at: String,
    notification: Value,
}

#[derive(Deserialize)]
struct Listing {
    retrievals: Vec<Forwarded>,
}

#[derive(Deserialize)]
struct Notifications {
    notifications: Vec<Received>,
}

pub(crate) fn text(value: &Value, key: &str) -> String {
    match value.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// The inbox URL and staff token in use, when both are set.
fn configured(ctx: Ctx) -> Option<events::Inbox> {
    let url = ctx
        .settings
        .with_untracked(|s| s.inbox_url.trim().to_owned());
    let token = ctx.staff_token.get_untracked();
    (!url.is_empty() && !token.is_empty()).then_some(events::Inbox { url, token })
}

/// One call of the inbox API (`/office/v1/…`) with the staff token.
async fn call(ctx: Ctx, method: Method, path: &str, body: Option<Value>) -> Result<String> {
    let inbox = configured(ctx)
        .ok_or_else(|| Error::invalid_input("set the inbox URL and the staff token in Settings"))?;
    send(method, inbox.endpoint(path)?, Some(&inbox.token), body).await
}

/// A JSON call through the library's transport (timeouts, retries of reads, no cookies, no
/// redirects); the bearer token, when given, goes to `url` only.
pub(crate) async fn send(
    method: Method,
    url: String,
    bearer: Option<&str>,
    body: Option<Value>,
) -> Result<String> {
    let mut headers = vec![("accept", "application/json".to_owned())];
    if let Some(token) = bearer {
        headers.push(("authorization", format!("Bearer {token}")));
    }
    let request = HttpRequest {
        method,
        url,
        headers,
        body: body.map(|b| RequestBody::Json(b.to_string())),
        idempotent: method == Method::Get,
    };
    let reply = Transport::<ipdocs::transport::Browser>::default()
        .send_as(
            &request,
            ReadAs::Text,
            None,
            |head: &ResponseHead, body, now| head.error(body, now),
        )
        .await?;
    Ok(reply.text().to_owned())
}

/// On first use off the simulator: when `ipdocs-office` serves this page, its inbox is on
/// this origin (without a token its staff API answers 401).
pub async fn find_on_page_origin(ctx: Ctx) {
    let origin = crate::settings::origin();
    let url = format!("{origin}/office/v1/retrievals");
    let answer = send(Method::Get, url, None, None).await;
    if answer.is_err_and(|e| e.status() == Some(401)) {
        ctx.settings.update(|s| s.inbox_url = origin);
    }
}

async fn load(ctx: Ctx) -> Result<(Vec<Forwarded>, Vec<Received>)> {
    let parse = |what: &str, e: serde_json::Error| {
        Error::new(ipdocs::ErrorKind::Parse, format!("the inbox's {what}: {e}"))
    };
    let listing: Listing =
        serde_json::from_str(&call(ctx, Method::Get, "/retrievals", None).await?)
            .map_err(|e| parse("retrievals", e))?;
    let received: Notifications =
        serde_json::from_str(&call(ctx, Method::Get, "/notifications", None).await?)
            .map_err(|e| parse("notifications", e))?;
    Ok((listing.retrievals, received.notifications))
}

/// What the clerk answers to one forwarded retrieval.
enum Answer {
    File(File),
    Refusal { code: i64, message: String },
}

/// Steps 3–5 for one forwarded retrieval, then the answer recorded in the inbox.
async fn answer(
    ctx: Ctx,
    ack: String,
    answer: Answer,
    on_progress: Rc<dyn Fn(f64, f64, UploadPhase)>,
) -> Result<()> {
    let das = ctx.das()?;
    let (notification, recorded) = match answer {
        Answer::File(file) => {
            let status = das
                .upload(&file, &file.name(), FileFormat::Pdf, on_progress, None)
                .await?;
            (
                DocumentAvailability::available(&ack, &status.file_id),
                json!({"state": "answered", "fileId": status.file_id}),
            )
        }
        Answer::Refusal { code, message } => (
            DocumentAvailability::refused(&ack, code, &message),
            json!({"state": "refused", "errorCode": code, "statusMessage": message}),
        ),
    };
    das.notify(&notification, None).await?;
    let path = format!(
        "/retrievals/{}/answer",
        ipdocs::http::encode_component(&ack)
    );
    call(ctx, Method::Post, &path, Some(recorded)).await?;
    Ok(())
}

/// What the inbox holds, read every few seconds while one is configured (whatever page is
/// shown): a notification WIPO pushed for a retrieval this browser follows updates it at once.
#[derive(Clone, Copy)]
pub struct Inbox {
    forwarded: RwSignal<Vec<Forwarded>>,
    received: RwSignal<Vec<Received>>,
    error: RwSignal<Option<Error>>,
    /// The newest notification already handed to the tracked retrievals.
    seen: StoredValue<i64>,
}

impl Inbox {
    pub fn new() -> Inbox {
        Inbox {
            forwarded: RwSignal::new(Vec::new()),
            received: RwSignal::new(Vec::new()),
            error: RwSignal::new(None),
            seen: StoredValue::new(0),
        }
    }

    /// Keeps the inbox current for as long as the app runs: read whenever the office's event
    /// stream carries an event, or every [`REFRESH_MS`] when the stream cannot be opened.
    pub fn run(self, ctx: Ctx, retrievals: Retrievals) {
        spawn_local(async move {
            loop {
                let Some(inbox) = configured(ctx) else {
                    if ipdocs::transport::sleep(REFRESH_MS, None).await.is_err() {
                        return;
                    }
                    continue;
                };
                // Opened before reading, so that nothing arriving in between is missed.
                let events = events::Stream::open(&inbox).await;
                self.refresh(ctx, retrievals).await;
                if let Some(mut events) = events {
                    self.follow(ctx, retrievals, &mut events, &inbox).await;
                }
                // Not at once: a stream that ends as soon as it opens must not become a loop.
                if ipdocs::transport::sleep(REFRESH_MS, None).await.is_err() {
                    return;
                }
            }
        });
    }

    /// Reads the inbox at each event of the stream (and when it has been quiet for
    /// [`EVENT_WAIT_MS`]) until the stream ends or the inbox settings change.
    async fn follow(
        self,
        ctx: Ctx,
        retrievals: Retrievals,
        events: &mut events::Stream,
        inbox: &events::Inbox,
    ) {
        loop {
            if events.next(EVENT_WAIT_MS).await == events::Waited::Ended {
                return;
            }
            if configured(ctx).as_ref() != Some(inbox) {
                return;
            }
            self.refresh(ctx, retrievals).await;
        }
    }

    async fn refresh(self, ctx: Ctx, retrievals: Retrievals) {
        match load(ctx).await {
            Ok((forwarded, received)) => {
                let seen = self.seen.get_value();
                for r in received.iter().filter(|r| r.id > seen) {
                    retrievals.notified(ctx, text(&r.notification, "requestAckId"));
                }
                let newest = received.iter().map(|r| r.id).max().unwrap_or(seen);
                self.seen.set_value(newest.max(seen));
                self.forwarded.set(forwarded);
                self.received.set(received);
                self.error.set(None);
            }
            Err(e) => self.error.set(Some(e)),
        }
    }
}

#[component]
pub fn InboxPage() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let inbox = expect_context::<Inbox>();
    let retrievals = expect_context::<Retrievals>();
    let Inbox {
        forwarded,
        received,
        error,
        ..
    } = inbox;
    let refresh = move || spawn_local(inbox.refresh(ctx, retrievals));
    let refresh_now = move |_| refresh();

    view! {
        <section aria-labelledby="inbox-title">
            <h1 id="inbox-title">"Inbox"</h1>
            <p class="muted">"Requests WIPO forwarded to this office, and the notifications it sent, as the office endpoint (ipdocs-office) received them."</p>
            <button type="button" on:click=refresh_now>"Refresh"</button>
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            {demo_only! { <crate::demo::PartnerRequest error /> }}
            <h2>"Forwarded retrievals"</h2>
            <table class="inbox">
                <crate::table::ColumnHeads names=&["Ack id (ours)", "Document", "Received", "State", "Answer"] />
                <tbody>
                    <For each=move || forwarded.get() key=|f| (f.request_ack_id.clone(), f.state.clone()) let:item>
                        <ForwardedRow item on_done=move || refresh() />
                    </For>
                </tbody>
            </table>
            <h2>"Notifications received"</h2>
            <table class="inbox-notifications">
                <crate::table::ColumnHeads names=&["Ack id", "Document", "Status", "Received"] />
                <tbody>
                    <For each=move || received.get() key=|r| r.id let:item>
                        <tr data-ack=text(&item.notification, "requestAckId")>
                            <td><code>{text(&item.notification, "requestAckId")}</code></td>
                            <td>{text(&item.notification, "documentNumber")}</td>
                            <td>{format!("{} {}", text(&item.notification, "requestStatusCategory"), text(&item.notification, "errorCode"))}</td>
                            <td>{item.received_at.clone()}</td>
                        </tr>
                    </For>
                </tbody>
            </table>
        </section>
    }
}

#[component]
fn ForwardedRow(
    item: Forwarded,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ack = item.request_ack_id.clone();
    let document = format!(
        "{} {} of {}",
        text(&item.request, "documentKindCategory"),
        text(&item.request, "documentNumber"),
        text(&item.request, "documentDate")
    );
    let answered = item
        .answer
        .as_ref()
        .map(|a| {
            format!("{} {}", text(a, "fileId"), text(a, "errorCode"))
                .trim()
                .to_owned()
        })
        .unwrap_or_default();
    let answer = match item.state.as_str() {
        "open" => view! { <AnswerForm ack=ack.clone() on_done /> }.into_any(),
        _ => view! { <span>{answered}</span> }.into_any(),
    };
    view! {
        <tr data-ack=ack.clone() data-state=item.state.clone()>
            <td><code>{ack.clone()}</code><span class="muted">{format!(" ×{}", item.deliveries)}</span></td>
            <td>{document}</td>
            <td>{item.received_at.clone()}</td>
            <td><span class=format!("status {}", item.state)>{item.state.clone()}</span></td>
            <td class="answer">{answer}</td>
        </tr>
    }
}

/// An open forwarded request answered with a PDF, or refused with a DAS code and message.
#[component]
fn AnswerForm(ack: String, on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let busy = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<Error>);
    let code = RwSignal::new(-7i64);
    let message = RwSignal::new(String::from("No priority document is held for these data."));
    let run = move |ack: String, given: Answer| {
        error.set(None);
        busy.set(Some("working…".into()));
        let on_progress: Rc<dyn Fn(f64, f64, UploadPhase)> = Rc::new(move |done, total, phase| {
            busy.set(Some(format!(
                "{}: {} of {}",
                phase.as_str(),
                human::size(done),
                human::size(total)
            )));
        });
        spawn_local(async move {
            let outcome = logged(
                ctx,
                &format!("answer {ack}"),
                answer(ctx, ack.clone(), given, on_progress),
                |_| "recorded".into(),
            )
            .await;
            busy.set(None);
            match outcome {
                Ok(()) => on_done(),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let choose = {
        let ack = ack.clone();
        move |ev: leptos::ev::Event| {
            let input: Option<HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
            if let Some(file) = input.and_then(|i| i.files()).and_then(|f| f.get(0)) {
                run(ack.clone(), Answer::File(file));
            }
        }
    };
    let refuse = {
        let ack = ack.clone();
        move |_| {
            let refusal = Answer::Refusal {
                code: code.get_untracked(),
                message: message.get_untracked(),
            };
            run(ack.clone(), refusal)
        }
    };
    let file_id = format!("answer-file-{ack}");
    view! {
        <label for=file_id.clone()>"Answer with a PDF"</label>
        <input id=file_id type="file" accept="application/pdf,.pdf" on:change=choose disabled=move || busy.with(Option::is_some) />
        <label>"or refuse with"
            <select prop:value=move || code.get().to_string() on:change=move |ev| code.set(event_target_value(&ev).parse().unwrap_or(-7))>
                <option value="-7">"-7 not registered"</option>
                <option value="-12">"-12 wrong date"</option>
                <option value="-14">"-14 wrong access code"</option>
            </select>
        </label>
        <input type="text" aria-label="Refusal message" prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev)) />
        <button type="button" on:click=refuse disabled=move || busy.with(Option::is_some)>"Refuse"</button>
        {move || busy.get().map(|b| view! { <p class="muted" role="status">{b}</p> })}
        {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
    }
}
