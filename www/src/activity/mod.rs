//! The activity log: what was sent where, and how it ended. Two kinds of entries: the
//! user's actions (as the app names them), and every HTTP exchange the library made for
//! them — reported by the library's observer with method, origin and path only (never a
//! query string, where presigned signatures live, nor a header or body), so no secret can
//! reach the page through it. Every entry carries the profile (services and office) it was
//! made under and lasts in IndexedDB ([`audit`]).

mod audit;
pub mod log;

use audit::Entry;
use log::SHOWN;

use crate::context::Ctx;
use leptos::prelude::*;
use std::future::Future;

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
