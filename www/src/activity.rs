//! The activity log: what was sent where, and how it ended. Entries name the call and the
//! origin + path it went to — never a query string (presigned URLs carry signatures there),
//! a header value or a body, so no secret can reach the page through it.

use leptos::prelude::*;

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub at: String,
    pub action: String,
    pub target: String,
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

    /// Records one call. `target` must already be free of query strings.
    pub fn record<T>(
        self,
        action: &str,
        target: String,
        result: &Result<T, ipdocs::Error>,
        success: impl FnOnce(&T) -> String,
    ) {
        let (outcome, ok) = match result {
            Ok(value) => (success(value), true),
            Err(e) => (
                match e.status() {
                    Some(s) => format!("{} (HTTP {s})", e.kind().as_str()),
                    None => e.kind().as_str().to_owned(),
                },
                false,
            ),
        };
        self.0.update(|entries| {
            if entries.len() == KEEP {
                entries.remove(0);
            }
            entries.push(Entry {
                at: crate::human::clock(),
                action: action.to_owned(),
                target,
                outcome,
                ok,
            });
        });
    }
}

/// `https://host:port/path?query` → `https://host:port`.
pub fn origin_of(url: &str) -> String {
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
                "Every call this page made: where it went and how it ended. Credentials, tokens and presigned signatures are never recorded."
            </p>
            <Show
                when=move || !activity.entries().is_empty()
                fallback=|| view! { <p class="empty">"Nothing sent yet."</p> }
            >
                <table class="activity">
                    <thead>
                        <tr>
                            <th scope="col">"Time"</th>
                            <th scope="col">"Call"</th>
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
                                    view! {
                                        <tr class:failed=!e.ok>
                                            <td>{e.at}</td>
                                            <td>{e.action}</td>
                                            <td class="url">{e.target}</td>
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
