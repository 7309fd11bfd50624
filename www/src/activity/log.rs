//! The log itself: entries kept in memory for the page and in IndexedDB ([`super::audit`]),
//! fed by the user's actions and the library's exchange observer. It needs no page and no
//! context, so the app's context can hold it.

use super::audit::{self, Entry};
use crate::store::{Store, WriteQueue};
use ipdocs::transport::observe::{self, Exchange};
use leptos::prelude::*;
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

thread_local! {
    /// The action whose future is being polled right now. The page runs on one thread and a
    /// task runs until its next await, so an exchange the library reports while an action's
    /// future is polled was made for that action.
    static CURRENT_ACTION: Cell<Option<u64>> = const { Cell::new(None) };
    /// The last action number given (started from the clock, so unique across sessions).
    static LAST_ACTION: Cell<u64> = Cell::new(js_sys::Date::now() as u64 * 1000);
}

fn next_action() -> u64 {
    LAST_ACTION.with(|last| {
        last.set(last.get() + 1);
        last.get()
    })
}

/// A future polled as action `id`: the exchanges it makes are logged under it.
pub(super) struct AsAction<F> {
    id: u64,
    inner: Pin<Box<F>>,
}

impl<F: Future> Future for AsAction<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.get_mut();
        let outer = CURRENT_ACTION.with(|c| c.replace(Some(this.id)));
        let polled = this.inner.as_mut().poll(cx);
        CURRENT_ACTION.with(|c| c.set(outer));
        polled
    }
}

/// `call`, with its exchanges logged under a new action; the action's number.
pub(super) fn as_action<F: Future>(call: F) -> AsAction<F> {
    AsAction {
        id: next_action(),
        inner: Box::pin(call),
    }
}

impl<F> AsAction<F> {
    pub(super) fn id(&self) -> u64 {
        self.id
    }
}

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
                crate::lang::tr!(log.read_log).into(),
                String::new(),
                e,
                false,
                Some(next_action()),
            ),
        }
    }

    fn push(self, what: String, sent_to: String, outcome: String, ok: bool, action: Option<u64>) {
        let at_ms = js_sys::Date::now();
        let entry = Entry {
            time: crate::human::now_iso(),
            at_ms,
            profile: self.profile.get_untracked(),
            what,
            sent_to,
            outcome,
            ok,
            action,
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
        let action = CURRENT_ACTION.with(Cell::get);
        self.push(what, format!("{} {}", e.method, e.url), outcome, ok, action);
    }

    /// Records a user action and how it ended.
    pub fn action<T>(
        self,
        what: &str,
        result: &ipdocs::Result<T>,
        success: impl FnOnce(&T) -> String,
    ) {
        self.action_numbered(next_action(), what, result, success);
    }

    /// Records action `id` (its exchanges were logged under it) and how it ended.
    pub(super) fn action_numbered<T>(
        self,
        id: u64,
        what: &str,
        result: &ipdocs::Result<T>,
        success: impl FnOnce(&T) -> String,
    ) {
        let (outcome, ok) = match result {
            Ok(value) => (success(value), true),
            Err(e) => (crate::explain::title(e), false),
        };
        self.push(what.to_owned(), String::new(), outcome, ok, Some(id));
    }
}
