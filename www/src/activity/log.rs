//! The log itself: entries kept in memory for the page and in IndexedDB ([`super::audit`]),
//! fed by the user's actions and the library's exchange observer. It needs no page and no
//! context, so the app's context can hold it.

use super::audit::{self, Entry};
use crate::store::{Store, WriteQueue};
use ipdocs::transport::observe::{self, Exchange};
use leptos::prelude::*;
use std::rc::Rc;

/// Entries shown on the page (the newest that match the search).
pub(super) const SHOWN: usize = 500;

#[derive(Clone, Copy)]
pub struct Activity {
    pub(super) entries: RwSignal<Vec<Entry>>,
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
}
