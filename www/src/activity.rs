//! The activity log: what was sent where, and how it ended. Two kinds of entries: the
//! user's actions (as the app names them), and every HTTP exchange the library made for
//! them — reported by the library's observer with method, origin and path only (never a
//! query string, where presigned signatures live, nor a header or body), so no secret can
//! reach the page through it.

use crate::context::Ctx;
use ipdocs::transport::observe::{self, Exchange};
use leptos::prelude::*;
use std::future::Future;
use std::rc::Rc;

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub at: String,
    pub what: String,
    /// `METHOD origin/path` for exchanges; empty for actions.
    pub sent_to: String,
    pub outcome: String,
    pub ok: bool,
}

/// Entries kept; older ones drop off.
const KEEP: usize = 500;

#[derive(Debug, Clone, Copy)]
pub struct Activity(RwSignal<Vec<Entry>>);

impl Activity {
    pub fn new() -> Activity {
        Activity(RwSignal::new(Vec::new()))
    }

    pub fn entries(self) -> Vec<Entry> {
        self.0.get()
    }

    fn push(self, what: String, sent_to: String, outcome: String, ok: bool) {
        self.0.update(|entries| {
            if entries.len() == KEEP {
                entries.remove(0);
            }
            entries.push(Entry {
                at: crate::human::clock(),
                what,
                sent_to,
                outcome,
                ok,
            });
        });
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

#[component]
pub fn ActivityPage() -> impl IntoView {
    let activity = expect_context::<Activity>();
    view! {
        <section aria-labelledby="activity-title">
            <h1 id="activity-title">"Activity"</h1>
            <p class="muted">
                "What you did, and every request the library sent for it: where it went and how it ended. Credentials, tokens and presigned signatures are never recorded."
            </p>
            <Show
                when=move || !activity.entries().is_empty()
                fallback=|| view! { <p class="empty">"Nothing sent yet."</p> }
            >
                <table class="activity">
                    <thead>
                        <tr>
                            <th scope="col">"Time"</th>
                            <th scope="col">"What"</th>
                            <th scope="col">"Sent to"</th>
                            <th scope="col">"Outcome"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            activity
                                .entries()
                                .into_iter()
                                .rev()
                                .map(|e| {
                                    let exchange = !e.sent_to.is_empty();
                                    view! {
                                        <tr class:failed=!e.ok class:exchange=exchange>
                                            <td>{e.at}</td>
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
