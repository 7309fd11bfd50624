//! Retrievals (DAS, office of second filing): request a priority document, follow it live
//! through the library's shared watcher, download it through its presigned URL (handed to
//! the browser, so the bytes never pass through wasm), delete it from the transit zone.
//! Tracked retrievals are kept in IndexedDB and resumed after a reload.

mod page;
mod row;

pub use page::RetrievalsPage;

use crate::context::Ctx;
use crate::environment::Profile;
use crate::lang::{live, tr};
use crate::store::{self, Store, WriteQueue};
use ipdocs::das::{DocumentQuery, RequestAck, RequestStatus, RetrievalStatus, TransitFileRef};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::rc::Rc;
use web_sys::AbortController;

/// A retrieval this browser asked for. The access code is not kept: it is only needed for
/// the request itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tracked {
    pub request_ack_id: String,
    pub document_kind_category: String,
    pub document_number: String,
    pub document_date: String,
    pub status: RequestStatus,
    pub error_code: Option<i64>,
    pub status_message: Option<String>,
    pub requested_at: String,
    pub updated_at: String,
    /// Deleted from the transit zone by this office.
    pub deleted: bool,
    /// Why following it stopped before it settled (network trouble, expired key…).
    #[serde(default)]
    pub watch_problem: Option<String>,
    /// The office it was asked for by (absent for retrievals tracked before profiles: they
    /// count as the current office's).
    #[serde(default)]
    pub profile: Option<Profile>,
}

impl Tracked {
    /// A retrieval DAS has just acknowledged, asked for by the office in use.
    fn requested(document: DocumentQuery, ack: &RequestAck, profile: Profile) -> Tracked {
        let now = crate::human::now_iso();
        Tracked {
            request_ack_id: ack.request_ack_id.clone(),
            document_kind_category: document.document_kind_category,
            document_number: document.document_number,
            document_date: document.document_date,
            status: ack
                .request_status_category
                .unwrap_or(RequestStatus::Pending),
            error_code: ack.error_code,
            status_message: ack.status_message.clone(),
            requested_at: now.clone(),
            updated_at: now,
            deleted: false,
            watch_problem: None,
            profile: Some(profile),
        }
    }

    /// Whether it belongs to the office now in use (only then is it polled or acted on).
    fn is_current(&self, ctx: &Ctx) -> bool {
        self.profile.as_ref().is_none_or(|p| *p == ctx.profile())
    }

    fn file(&self) -> TransitFileRef {
        TransitFileRef {
            osf_ack_id: self.request_ack_id.clone(),
            document_kind_category: self.document_kind_category.clone(),
            document_number: self.document_number.clone(),
            document_date: self.document_date.clone(),
        }
    }

    fn apply(&mut self, status: &RetrievalStatus) {
        self.status = status.request_status_category;
        self.error_code = status.error_code;
        self.status_message = status.status_message.clone();
        self.updated_at = crate::human::now_iso();
        self.watch_problem = None;
    }
}

/// The tracked retrievals of this browser, shared by the page and its watchers.
#[derive(Clone, Copy)]
pub struct Retrievals {
    pub list: RwSignal<Vec<Tracked>>,
    /// The retrievals being followed, each with the controller that stops it.
    watching: StoredValue<HashMap<String, AbortController>, LocalStorage>,
    /// Changes on their way to IndexedDB.
    saved: WriteQueue,
    pub loaded_error: RwSignal<Option<String>>,
}

fn to_js(t: &Tracked) -> wasm_bindgen::JsValue {
    t.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(wasm_bindgen::JsValue::NULL)
}

impl Retrievals {
    pub fn new() -> Retrievals {
        Retrievals {
            list: RwSignal::new(Vec::new()),
            watching: StoredValue::new_local(HashMap::new()),
            saved: WriteQueue::new(Store::Retrievals),
            loaded_error: RwSignal::new(None),
        }
    }

    /// Loads the stored retrievals and resumes following the unsettled ones.
    pub async fn restore(self, ctx: Ctx) {
        match store::all(Store::Retrievals).await {
            Ok(values) => {
                let mut list: Vec<Tracked> = values
                    .into_iter()
                    .filter_map(|v| serde_wasm_bindgen::from_value(v).ok())
                    .collect();
                list.sort_by(|a, b| b.requested_at.cmp(&a.requested_at));
                self.list.set(list);
                self.follow_current(ctx);
            }
            Err(e) => self.loaded_error.set(Some(e)),
        }
    }

    /// Follows the unsettled retrievals of the office now in use, and stops following those
    /// of any other (after the environment or client id changed).
    pub fn follow_current(self, ctx: Ctx) {
        let (current, other): (Vec<Tracked>, Vec<Tracked>) = self.list.with_untracked(|l| {
            l.iter()
                .filter(|t| matches!(t.status, RequestStatus::Pending | RequestStatus::Unknown))
                .cloned()
                .partition(|t| t.is_current(&ctx))
        });
        for t in other {
            if let Some(Some(following)) = self
                .watching
                .try_update_value(|w| w.remove(&t.request_ack_id))
            {
                following.abort();
            }
        }
        for t in current {
            self.watch(ctx, t.request_ack_id);
        }
    }

    fn save(self, ack: &str) {
        let Some(t) = self
            .list
            .with_untracked(|l| l.iter().find(|t| t.request_ack_id == ack).cloned())
        else {
            return;
        };
        self.saved.put(t.request_ack_id.clone(), to_js(&t));
    }

    fn modify(self, ack: &str, change: impl FnOnce(&mut Tracked)) {
        self.list.update(|l| {
            if let Some(t) = l.iter_mut().find(|t| t.request_ack_id == ack) {
                change(t);
            }
        });
        self.save(ack);
    }

    fn add(self, tracked: Tracked) {
        let ack = tracked.request_ack_id.clone();
        self.list.update(|l| l.insert(0, tracked));
        self.save(&ack);
    }

    fn forget(self, ack: String) {
        if let Some(Some(following)) = self.watching.try_update_value(|w| w.remove(&ack)) {
            following.abort();
        }
        self.list.update(|l| l.retain(|t| t.request_ack_id != ack));
        // Queued behind any write of it, so a pending save cannot bring it back.
        self.saved.delete(ack);
    }

    /// WIPO pushed a notification for `ack` (through the office endpoint): if this browser
    /// follows it, its status is asked for at once instead of at the next poll.
    pub fn notified(self, ctx: Ctx, ack: String) {
        let following = self.list.with_untracked(|l| {
            l.iter().any(|t| {
                t.request_ack_id == ack
                    && matches!(t.status, RequestStatus::Pending | RequestStatus::Unknown)
            })
        });
        let Some(das) = following.then(|| ctx.das().ok()).flatten() else {
            return;
        };
        spawn_local(async move {
            if let Ok(list) = das.retrievals_with_ack(&ack, None).await {
                if let Some(status) = list.retrievals.iter().find(|s| s.request_ack_id == ack) {
                    self.modify(&ack, |t| t.apply(status));
                }
            }
        });
    }

    /// Follows `ack` until it settles (one shared poll for all watched retrievals).
    pub fn watch(self, ctx: Ctx, ack: String) {
        if self.watching.with_value(|w| w.contains_key(&ack)) {
            return;
        }
        let elsewhere = self.list.with_untracked(|l| {
            l.iter()
                .find(|t| t.request_ack_id == ack)
                .is_some_and(|t| !t.is_current(&ctx))
        });
        if elsewhere {
            return;
        }
        let das = match ctx.das() {
            Ok(das) => das,
            Err(e) => {
                return self.modify(&ack, |t| t.watch_problem = Some(e.message().to_owned()));
            }
        };
        let Ok(following) = AbortController::new() else {
            return;
        };
        let signal = following.signal();
        self.watching.update_value(|w| {
            w.insert(ack.clone(), following);
        });
        spawn_local(async move {
            let on_update: ipdocs::client::das::OnUpdate = Rc::new({
                let ack = ack.clone();
                move |status: &RetrievalStatus| self.modify(&ack, |t| t.apply(status))
            });
            let described =
                |s: &RetrievalStatus| format!("{:?}", s.request_status_category).to_lowercase();
            let result = crate::activity::logged(
                ctx,
                &tr!(log.follow_retrieval, ack = ack.clone()).to_string(),
                das.watch_retrieval(&ack, Some(on_update), None, None, Some(&signal)),
                described,
            )
            .await;
            self.watching.update_value(|w| {
                w.remove(&ack);
            });
            match result {
                Ok(status) => self.modify(&ack, |t| t.apply(&status)),
                Err(e) => self.modify(&ack, |t| t.watch_problem = Some(crate::explain::title(&e))),
            }
        });
    }
}

/// An empty document form (kind "patent", the most common).
pub fn blank_document() -> DocumentQuery {
    DocumentQuery {
        document_kind_category: "patent".into(),
        document_number: String::new(),
        document_date: String::new(),
        das_access_code: String::new(),
    }
}

/// DAS's `documentKindCategory` values.
const KINDS: [&str; 3] = ["patent", "utility model", "design"];

/// A retrieval's status in words.
pub fn status_name(status: RequestStatus) -> &'static str {
    match status {
        RequestStatus::Pending => tr!(retrievals.state.pending),
        RequestStatus::Success => tr!(retrievals.state.available),
        RequestStatus::Error => tr!(retrievals.state.failed),
        RequestStatus::Unknown => tr!(retrievals.state.unknown),
    }
}

/// A document kind in words (one DAS does not list, as it came).
pub fn kind_name(kind: &str) -> String {
    match kind {
        "patent" => tr!(retrievals.kind.patent),
        "utility model" => tr!(retrievals.kind.utility_model),
        "design" => tr!(retrievals.kind.design),
        other => return other.to_owned(),
    }
    .to_owned()
}

/// "patent PCT/IB2026/050001 (2026-01-15)", the kind in words.
pub fn document_words(kind: &str, number: &str, date: &str) -> String {
    format!("{} {number} ({date})", kind_name(kind))
}

/// Kind, number, date and access code, shared by the retrieval and registration forms.
#[component]
pub fn DocumentFields(form: RwSignal<DocumentQuery>, prefix: &'static str) -> impl IntoView {
    let id = move |name: &str| format!("{prefix}-{name}");
    view! {
        <div class="fields">
            <label for=id("kind")>{live(|| tr!(retrievals.form.kind))}</label>
            <select
                id=id("kind")
                prop:value=move || form.with(|f| f.document_kind_category.clone())
                on:change=move |ev| form.update(|f| f.document_kind_category = event_target_value(&ev))
            >
                {KINDS.iter().map(|k| view! { <option value=*k>{move || kind_name(k)}</option> }).collect_view()}
            </select>
            <label for=id("number")>{live(|| tr!(inbox.document_number))}</label>
            <input
                id=id("number")
                type="text"
                required
                placeholder="PCT/IB2026/050001"
                prop:value=move || form.with(|f| f.document_number.clone())
                on:input=move |ev| form.update(|f| f.document_number = event_target_value(&ev))
            />
            <label for=id("date")>{live(|| tr!(retrievals.form.date))}</label>
            <input
                id=id("date")
                type="date"
                required
                prop:value=move || form.with(|f| f.document_date.clone())
                on:input=move |ev| form.update(|f| f.document_date = event_target_value(&ev))
            />
            <label for=id("code")>{live(|| tr!(retrievals.form.code))}</label>
            <input
                id=id("code")
                type="text"
                required
                autocomplete="off"
                spellcheck="false"
                placeholder=live(|| tr!(retrievals.form.code_placeholder))
                prop:value=move || form.with(|f| f.das_access_code.clone())
                on:input=move |ev| form.update(|f| f.das_access_code = event_target_value(&ev))
            />
        </div>
    }
}
