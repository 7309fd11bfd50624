//! The activity log: what was sent where, and how it ended. Two kinds of entries: the
//! user's actions (as the app names them), and every HTTP exchange the library made for
//! them — reported by the library's observer with method, origin and path only (never a
//! query string, where presigned signatures live, nor a header or body), so no secret can
//! reach the page through it. Every entry carries the profile (services and office) it was
//! made under and lasts in IndexedDB ([`audit`]).

mod audit;

use crate::context::Ctx;
use crate::store::{Store, WriteQueue};
use ipdocs::transport::observe::{self, Exchange};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::future::Future;
use std::rc::Rc;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// ISO 8601 UTC.
    pub time: String,
    pub at_ms: f64,
    /// The services and office in use: `DAS <client id> at <url>; CLAIMS <user> at <url>`.
    pub profile: String,
    pub what: String,
    /// `METHOD origin/path` for exchanges; empty for actions.
    pub sent_to: String,
    pub outcome: String,
    pub ok: bool,
}

/// Entries shown on the page (the newest that match the search).
const SHOWN: usize = 500;

#[derive(Clone, Copy)]
pub struct Activity {
    entries: RwSignal<Vec<Entry>>,
    profile: RwSignal<String>,
    /// Entries on their way to IndexedDB. A storage failure is not logged (it would loop);
    /// the entries stay shown.
    saved: WriteQueue,
    sequence: StoredValue<u64, LocalStorage>,
    /// Most entries kept (Settings), in memory and in IndexedDB.
    limit: StoredValue<usize, LocalStorage>,
}

impl Activity {
    pub fn new() -> Activity {
        Activity {
            entries: RwSignal::new(Vec::new()),
            profile: RwSignal::new(String::new()),
            saved: WriteQueue::new(Store::Audit),
            sequence: StoredValue::new_local(0),
            limit: StoredValue::new_local(20_000),
        }
    }

    /// The profile later entries are made under.
    pub fn set_profile(self, profile: String) {
        self.profile.set(profile);
    }

    /// Loads what earlier sessions logged (dropping entries older than `days` and beyond
    /// `max_entries`), before what this session logged so far.
    pub async fn restore(self, days: u32, max_entries: usize) {
        self.limit.set_value(max_entries.max(1));
        let now = js_sys::Date::now();
        match audit::load_and_prune(days, max_entries, now).await {
            Ok(mut earlier) => self.entries.update(|e| {
                earlier.append(e);
                *e = earlier;
            }),
            Err(e) => self.push(
                "read the stored activity log".into(),
                String::new(),
                e,
                false,
            ),
        }
    }

    fn push(self, what: String, sent_to: String, outcome: String, ok: bool) {
        let at_ms = js_sys::Date::now();
        let entry = Entry {
            time: crate::human::now_iso(),
            at_ms,
            profile: self.profile.get_untracked(),
            what,
            sent_to,
            outcome,
            ok,
        };
        let limit = self.limit.get_value();
        self.entries.update(|entries| {
            if entries.len() >= limit {
                let excess = entries.len() + 1 - limit;
                entries.drain(..excess);
            }
            entries.push(entry.clone());
        });
        let sequence = self.sequence.get_value();
        self.sequence.set_value(sequence + 1);
        if let Some(value) = audit::value(&entry) {
            self.saved.put(audit::key(&entry, sequence), value);
        }
    }

    /// Records every exchange the library makes from now on.
    pub fn observe(self) {
        observe::set_observer(Some(Rc::new(move |e: &Exchange| self.exchange(e))));
    }

    fn exchange(self, e: &Exchange) {
        let what = match e.retry {
            0 => "request".to_owned(),
            n => format!("retry {n}"),
        };
        let outcome = match (e.status, e.error) {
            (Some(status), None) => format!("HTTP {status}"),
            (Some(status), Some(kind)) => format!("HTTP {status}: {}", kind.as_str()),
            (None, Some(kind)) => kind.as_str().to_owned(),
            (None, None) => String::new(),
        };
        let ok = e.error.is_none() && e.status.is_some_and(|s| s < 400);
        self.push(what, format!("{} {}", e.method, e.url), outcome, ok);
    }

    /// Records a user action and how it ended.
    pub fn action<T>(
        self,
        what: &str,
        result: &ipdocs::Result<T>,
        success: impl FnOnce(&T) -> String,
    ) {
        let (outcome, ok) = match result {
            Ok(value) => (success(value), true),
            Err(e) => (crate::explain::title(e), false),
        };
        self.push(what.to_owned(), String::new(), outcome, ok);
    }

    /// Records a URL handed to the browser (it fetches it itself, outside the library):
    /// its origin only, since the rest of a presigned URL is a credential.
    pub fn browser_fetch(self, what: &str, url: &str) {
        let sent_to = format!("GET {} (presigned URL, by the browser)", origin_of(url));
        self.push(
            what.to_owned(),
            sent_to,
            "handed to the browser".into(),
            true,
        );
    }
}

/// Runs a library call and records it as a user action.
pub async fn logged<T>(
    ctx: Ctx,
    what: &str,
    call: impl Future<Output = ipdocs::Result<T>>,
    success: impl FnOnce(&T) -> String,
) -> ipdocs::Result<T> {
    let result = call.await;
    ctx.activity.action(what, &result, success);
    result
}

/// `https://host:port/path?query` → `https://host:port`.
fn origin_of(url: &str) -> String {
    web_sys::Url::new(url)
        .map(|u| u.origin())
        .unwrap_or_else(|_| "(invalid URL)".into())
}

/// Whether an entry contains every word of `search` (case-insensitive).
fn matches(entry: &Entry, search: &str) -> bool {
    let text = format!(
        "{} {} {} {} {}",
        entry.time, entry.profile, entry.what, entry.sent_to, entry.outcome
    )
    .to_lowercase();
    search
        .to_lowercase()
        .split_whitespace()
        .all(|word| text.contains(word))
}

#[component]
pub fn ActivityPage() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let activity = ctx.activity;
    let error = RwSignal::new(None::<ipdocs::Error>);
    let search = RwSignal::new(String::new());
    let found = move || {
        let search = search.get();
        activity.entries.with(|entries| {
            entries
                .iter()
                .filter(|e| matches(e, &search))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let export = move |json: bool| {
        let entries = found();
        let (name, text, media) = match json {
            true => (
                "activity.json",
                audit::to_json(&entries),
                "application/json",
            ),
            false => ("activity.csv", audit::to_csv(&entries), "text/csv"),
        };
        crate::download::save_text(ctx, error, name, text, media);
    };
    view! {
        <section aria-labelledby="activity-title">
            <h1 id="activity-title">"Activity"</h1>
            <p class="muted">
                "What you did, and every request the library sent for it: where it went and how it ended, under which office and login. "
                "Kept in this browser (see Settings for how long). Credentials, tokens and presigned signatures are never recorded."
            </p>
            <div class="actions">
                <label for="activity-search">"Search"</label>
                <input id="activity-search" type="search" prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev)) />
                <button type="button" id="activity-csv" on:click=move |_| export(false)>"Export (CSV)"</button>
                <button type="button" id="activity-json" on:click=move |_| export(true)>"Export (JSON)"</button>
            </div>
            {move || error.get().map(|e| view! { <crate::explain::ErrorNotice error=e /> })}
            <p class="muted" id="activity-count">{move || format!("{} entries match.", found().len())}</p>
            <Show
                when=move || !activity.entries.with(Vec::is_empty)
                fallback=|| view! { <p class="empty">"Nothing sent yet."</p> }
            >
                <table class="activity">
                    <crate::table::ColumnHeads names=&["Time", "What", "Sent to", "Outcome"] />
                    <tbody>
                        {move || {
                            found()
                                .into_iter()
                                .rev()
                                .take(SHOWN)
                                .map(|e| {
                                    let exchange = !e.sent_to.is_empty();
                                    view! {
                                        <tr class:failed=!e.ok class:exchange=exchange title=e.profile.clone()>
                                            <td>{e.time.get(11..19).unwrap_or_default().to_owned()}</td>
                                            <td>{e.what}</td>
                                            <td class="url">{e.sent_to}</td>
                                            <td>{e.outcome}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </Show>
        </section>
    }
}
