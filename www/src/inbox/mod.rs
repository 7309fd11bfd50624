//! The office's inbox, kept by `ipdocs-office` (a browser cannot receive WIPO's calls): the
//! retrievals WIPO forwarded to this office of first filing (seed 000 step 2), answered here —
//! the document uploaded to the transit zone and DAS notified with **this office's** ack id
//! (steps 3–5), or a refusal with a DAS error code — and the notifications WIPO pushed to this
//! office of second filing (step 6). The inbox is read again as soon as the office's event
//! stream says something arrived (and every few seconds when there is no stream); the answer
//! is recorded in the inbox after DAS has accepted the notification.
//!
//! An office that answers and fetches by itself (`ipdocs-office --documents … --deliver-to
//! …`) makes the inbox an exceptions queue: only what needs a clerk is open, with the reason
//! the office gave up; the rest shows what was done automatically, when, and with which file.

use crate::context::Ctx;
use crate::lang::{live, tr};
use crate::retrievals::Retrievals;
use forwarded::ForwardedRow;
use handled::{HandledQuery, HandledTable};
use ipdocs::http::Method;
use ipdocs::{Error, Result};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;
use serde_json::{Map, Value};

mod events;
mod forwarded;
mod handled;
pub mod http;
mod review;
pub mod sign_in;
mod status;

use http::{send, text};

/// How often the inbox is read when the office's event stream cannot be opened.
const REFRESH_MS: u64 = 3_000;

/// How long the inbox waits on an open event stream before it is read anyway: a proxy that
/// holds the stream back, or an event sent while the stream was reopened, costs this at most.
const EVENT_WAIT_MS: u64 = 15_000;

/// How often an open event stream's wait checks whether the inbox settings changed.
const SETTINGS_CHECK_MS: u64 = 1_000;

/// A forwarded retrieval as the inbox lists it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Forwarded {
    request_ack_id: String,
    received_at: String,
    /// `automatic` (the office is answering it), `open` (needs a clerk), `answered` or
    /// `refused`.
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

/// One page of forwarded retrievals, and the cursor of the next.
#[derive(Deserialize)]
struct Listing {
    retrievals: Vec<Forwarded>,
    #[serde(default)]
    next: Option<String>,
}

/// Most requests needing a clerk shown at once (the rest wait behind them; the export has
/// them all).
const OPEN_ROWS: usize = 200;

#[derive(Deserialize)]
struct Notifications {
    notifications: Vec<Received>,
    /// What the office did with each announced document, by ack id (offices that fetch by
    /// themselves).
    #[serde(default)]
    deliveries: Map<String, Value>,
}

/// The inbox URL in use, if set.
fn configured_url(ctx: Ctx) -> Option<String> {
    let url = ctx
        .settings
        .with_untracked(|s| s.inbox_url.trim().trim_end_matches('/').to_owned());
    (!url.is_empty()).then_some(url)
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

/// What one reading of the inbox found.
struct Loaded {
    open: Listing,
    handled: Listing,
    received: Notifications,
    me: Option<Me>,
}

/// Who the office says the caller is (`GET /office/v1/me`; older offices have no such call).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct Me {
    pub name: String,
    /// `viewer`, `clerk` or `admin`.
    pub role: String,
}

impl Me {
    /// Whether the caller may answer forwarded requests.
    pub fn answers(me: Option<&Me>) -> bool {
        me.is_none_or(|m| m.role != "viewer")
    }
}

async fn load(ctx: Ctx, handled: &HandledQuery) -> Result<Loaded> {
    let parse = |what: &str, e: serde_json::Error| {
        Error::new(ipdocs::ErrorKind::Parse, format!("the inbox's {what}: {e}"))
    };
    let open_path = format!("/retrievals?state=open&limit={OPEN_ROWS}");
    let open: Listing = serde_json::from_str(&call(ctx, Method::Get, &open_path, None).await?)
        .map_err(|e| parse("retrievals", e))?;
    let handled: Listing =
        serde_json::from_str(&call(ctx, Method::Get, &handled.page_path(), None).await?)
            .map_err(|e| parse("retrievals", e))?;
    let received: Notifications =
        serde_json::from_str(&call(ctx, Method::Get, "/notifications?limit=100", None).await?)
            .map_err(|e| parse("notifications", e))?;
    let me = call(ctx, Method::Get, "/me", None)
        .await
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok());
    Ok(Loaded {
        open,
        handled,
        received,
        me,
    })
}

/// What the inbox holds, read every few seconds while one is configured (whatever page is
/// shown): a notification WIPO pushed for a retrieval this browser follows updates it at once.
#[derive(Clone, Copy)]
pub struct Inbox {
    /// The requests needing a clerk (the newest [`OPEN_ROWS`]), and whether there are more.
    open: RwSignal<Vec<Forwarded>>,
    open_more: RwSignal<bool>,
    /// The page of handled requests shown, the cursor of the next, and what is shown.
    handled: RwSignal<Vec<Forwarded>>,
    handled_next: RwSignal<Option<String>>,
    handled_query: RwSignal<HandledQuery>,
    /// Who the office says the caller is.
    me: RwSignal<Option<Me>>,
    received: RwSignal<Vec<Received>>,
    deliveries: RwSignal<Map<String, Value>>,
    error: RwSignal<Option<Error>>,
    /// When the office's inbox was last read successfully (ISO 8601 UTC); `None` before the
    /// first read and after the settings lost the office.
    read_at: RwSignal<Option<String>>,
    /// The newest notification already handed to the tracked retrievals.
    seen: StoredValue<i64>,
}

impl Inbox {
    pub fn new() -> Inbox {
        Inbox {
            open: RwSignal::new(Vec::new()),
            open_more: RwSignal::new(false),
            handled: RwSignal::new(Vec::new()),
            handled_next: RwSignal::new(None),
            handled_query: RwSignal::new(HandledQuery::default()),
            me: RwSignal::new(None),
            received: RwSignal::new(Vec::new()),
            deliveries: RwSignal::new(Map::new()),
            error: RwSignal::new(None),
            read_at: RwSignal::new(None),
            seen: StoredValue::new(0),
        }
    }

    /// Keeps the inbox current for as long as the app runs: read whenever the office's event
    /// stream carries an event, or every [`REFRESH_MS`] when the stream cannot be opened.
    pub fn run(self, ctx: Ctx, retrievals: Retrievals) {
        spawn_local(async move {
            loop {
                let Some(inbox) = configured(ctx) else {
                    self.forget();
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
        let mut quiet_ms = 0;
        loop {
            // Short waits, so that new inbox settings are followed within a second.
            match events.next(SETTINGS_CHECK_MS).await {
                events::Waited::Ended => return,
                events::Waited::Event => quiet_ms = 0,
                events::Waited::Quiet => quiet_ms += SETTINGS_CHECK_MS,
            }
            if configured(ctx).as_ref() != Some(inbox) {
                return;
            }
            if quiet_ms > 0 && quiet_ms < EVENT_WAIT_MS {
                continue;
            }
            quiet_ms = 0;
            self.refresh(ctx, retrievals).await;
        }
    }

    async fn refresh(self, ctx: Ctx, retrievals: Retrievals) {
        let query = self.handled_query.get_untracked();
        match load(ctx, &query).await {
            // A newer read for other filters or another page has been asked for meanwhile.
            Ok(_) if self.handled_query.get_untracked() != query => {}
            Ok(Loaded {
                open,
                handled,
                received:
                    Notifications {
                        notifications: received,
                        deliveries,
                    },
                me,
            }) => {
                self.me.set(me);
                let seen = self.seen.get_value();
                for r in received.iter().filter(|r| r.id > seen) {
                    retrievals.notified(ctx, text(&r.notification, "requestAckId"));
                }
                let newest = received.iter().map(|r| r.id).max().unwrap_or(seen);
                self.seen.set_value(newest.max(seen));
                self.open.set(open.retrievals);
                self.open_more.set(open.next.is_some());
                self.handled.set(handled.retrievals);
                self.handled_next.set(handled.next);
                self.received.set(received);
                self.deliveries.set(deliveries);
                self.error.set(None);
                self.read_at.set(Some(crate::human::now_iso()));
            }
            Err(e) => self.error.set(Some(e)),
        }
    }

    /// Whether the lists are what the office holds now (tracked): an empty one then means
    /// nothing is there. After a failed read they are what an earlier read found.
    fn is_current(self) -> bool {
        self.read_at.with(Option::is_some) && self.error.with(Option::is_none)
    }

    /// Shows nothing of an office the settings no longer name (or name without a token).
    fn forget(self) {
        if self.read_at.get_untracked().is_some() {
            self.open.set(Vec::new());
            self.handled.set(Vec::new());
            self.received.set(Vec::new());
            self.deliveries.set(Map::new());
            self.read_at.set(None);
        }
        if self.error.with_untracked(Option::is_some) {
            self.error.set(None);
        }
    }
}

/// The columns of the tables of forwarded requests (waiting, and answered).
pub(super) const FORWARDED_COLUMNS: [fn() -> &'static str; 5] = [
    || tr!(inbox.column.our_ack),
    || tr!(retrievals.document),
    || tr!(inbox.column.received),
    || tr!(inbox.column.state),
    || tr!(inbox.column.answer),
];

#[component]
pub fn InboxPage() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let inbox = expect_context::<Inbox>();
    let retrievals = expect_context::<Retrievals>();
    let Inbox {
        open,
        open_more,
        received,
        deliveries,
        ..
    } = inbox;
    let refresh = move || spawn_local(inbox.refresh(ctx, retrievals));
    let refresh_now = move |_| refresh();
    let status = Memo::new(move |_| status::Status::now(ctx, inbox));
    let current = move || inbox.is_current();

    view! {
        <section aria-labelledby="inbox-title">
            <h1 id="inbox-title">{live(|| tr!(app.nav.inbox))}</h1>
            <p class="muted">{live(|| tr!(inbox.intro))}</p>
            <sign_in::SignIn />
            <status::InboxStatus status inbox />
            <button type="button" on:click=refresh_now disabled=move || !status.with(status::Status::has_office_and_token)>{live(|| tr!(inbox.refresh))}</button>
            {demo_only! { <crate::demo::PartnerRequest /> }}
            <h2>{live(|| tr!(inbox.needs_clerk))}</h2>
            <p class="muted" id="open-summary">{move || match (current(), open.with(Vec::is_empty)) {
                (false, _) => "",
                (true, true) => tr!(inbox.nothing_waiting),
                (true, false) => tr!(inbox.open_explained),
            }}</p>
            <table class="inbox open-requests cards">
                <crate::table::ColumnHeads names=&FORWARDED_COLUMNS />
                <tbody>
                    <For each=move || open.get() key=|f| (f.request_ack_id.clone(), f.state.clone()) let:item>
                        <ForwardedRow item on_done=move || refresh() />
                    </For>
                </tbody>
            </table>
            <p class="notice" hidden=move || !open_more.get()>{move || tr!(inbox.only_newest, count = OPEN_ROWS).to_string()}</p>
            <HandledTable inbox refresh=Callback::new(move |()| refresh()) />
            <h2>{live(|| tr!(inbox.notifications))}</h2>
            <table class="inbox-notifications cards">
                <crate::table::ColumnHeads names=&[|| tr!(inbox.column.ack), || tr!(retrievals.document), || tr!(retrievals.status), || tr!(inbox.column.received), || tr!(inbox.column.fetched)] />
                <tbody>
                    <For each=move || received.get() key=|r| r.id let:item>
                        <tr data-ack=text(&item.notification, "requestAckId")>
                            <td data-label=live(|| tr!(inbox.column.ack))><code>{text(&item.notification, "requestAckId")}</code></td>
                            <td data-label=live(|| tr!(retrievals.document))>{text(&item.notification, "documentNumber")}</td>
                            <td data-label=live(|| tr!(retrievals.status))>{format!("{} {}", text(&item.notification, "requestStatusCategory"), text(&item.notification, "errorCode"))}</td>
                            <td data-label=live(|| tr!(inbox.column.received))><crate::human::LocalTime iso=item.received_at.clone() /></td>
                            <td class="delivery" data-label=live(|| tr!(inbox.column.fetched))>{
                                let ack = text(&item.notification, "requestAckId");
                                move || deliveries.with(|d| forwarded::delivery_summary(d.get(&ack)))
                            }</td>
                        </tr>
                    </For>
                </tbody>
            </table>
            <p class="muted" hidden=move || !(current() && received.with(Vec::is_empty))>{live(|| tr!(inbox.no_notification))}</p>
        </section>
    }
}
