//! Attachments (IFI CLAIMS Direct): paste UCIDs, list their attachments grouped by UCID in a
//! virtualised list, preview (TIFF drawings decoded in a worker), download.

mod canvas;
mod decoder;
mod preview;
mod rows;
mod set;
mod thumbs;

use crate::activity::logged;
use crate::context::Ctx;
use crate::explain::ErrorNotice;
use crate::lang::{live, tr};
use crate::page_state::page_state;
use ipdocs::claims::Attachment;
use ipdocs::client::claims::{ListFailure, ListSet};
use ipdocs::{Error, Ucid};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use web_sys::AbortController;

pub use ipdocs_www_logic::listing::Row;
use ipdocs_www_logic::listing::{flatten, parse_pasted, SortKey};

// What only a listing shows is loaded with its first listing (see `lazy`): the rows (with
// their thumbnails and downloads), the set's tools (filter, bulk download) and the preview.
// A listing starts fetching the rows' and tools' code as it sends its request.
crate::lazy::split_code!(
    ROWS,
    part_rows,
    (
        RwSignal<Arc<Vec<Row>>>,
        RwSignal<Option<Attachment>>,
        RwSignal<Option<Error>>,
        RwSignal<(SortKey, bool)>
    ),
    |(rows, selected, error, sort)| view! { <rows::AttachmentRows rows selected error sort /> }
        .into_any()
);
crate::lazy::split_code!(
    SET_TOOLS,
    part_set_tools,
    (RwSignal<Arc<Vec<Row>>>, RwSignal<String>),
    |(all_rows, media)| view! { <set::SetTools all_rows media /> }.into_any()
);
crate::lazy::split_code!(PREVIEW, part_preview, Attachment, |attachment| {
    view! { <preview::Preview attachment /> }.into_any()
});

/// Brings in the code of the rows and the set's tools, both at once.
async fn listing_code() {
    let _ = futures_util::future::join((ROWS.fetch)(), (SET_TOOLS.fetch)()).await;
}

/// The UCIDs of all failed batches and the first batch's error (`None` when none failed).
fn first_failure(failures: Vec<ListFailure>) -> Option<(Vec<Ucid>, Error)> {
    let error = failures.first()?.error.clone();
    Some((failures.into_iter().flat_map(|f| f.ucids).collect(), error))
}

const INPUT_KEY: &str = "ipdocs.attachments.ucids";

/// The UCIDs last listed, kept so a set (and its download) can be taken up after a reload.
fn saved_input() -> String {
    crate::settings::kept(INPUT_KEY).unwrap_or_default()
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Calls `done` once the browser has painted the current DOM (a frame, then a task).
fn after_paint(done: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let next_task = wasm_bindgen::closure::Closure::once_into_js(done);
    let frame = wasm_bindgen::closure::Closure::once_into_js(move || {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback(next_task.unchecked_ref());
        }
    });
    let _ = window.request_animation_frame(frame.unchecked_ref());
}

/// What listing a set of UCIDs produces and how it went; shared by the page's parts.
#[derive(Clone, Copy)]
struct Listed {
    /// Every listed row (the media filter picks what is shown).
    all_rows: RwSignal<Arc<Vec<Row>>>,
    summary: RwSignal<Option<String>>,
    /// How long the service took to list (diagnostics only).
    list_ms: RwSignal<Option<f64>>,
    /// How long the first rows took to appear after the answer (shown and read by the bench).
    render_ms: RwSignal<Option<f64>>,
    /// UCIDs of the batches that failed in the last run, with the first error.
    failed: RwSignal<Option<(Vec<Ucid>, Error)>>,
    loading: RwSignal<bool>,
    error: RwSignal<Option<Error>>,
    selected: RwSignal<Option<Attachment>>,
    controller: StoredValue<Option<AbortController>, LocalStorage>,
}

impl Listed {
    fn new() -> Listed {
        Listed {
            all_rows: RwSignal::new(Arc::new(Vec::new())),
            summary: RwSignal::new(None),
            list_ms: RwSignal::new(None),
            render_ms: RwSignal::new(None),
            failed: RwSignal::new(None),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            selected: RwSignal::new(None),
            controller: StoredValue::new_local(None),
        }
    }

    /// Lists `ucids`; with `append`, adds to the rows already shown (a retry of failed ones).
    fn run(self, ctx: Ctx, ucids: Vec<Ucid>, append: bool) {
        let Some(claims) = ctx.claims_or(self.error) else {
            return;
        };
        let abort = AbortController::new().ok();
        let signal = abort.as_ref().map(|a| a.signal());
        self.controller.set_value(abort);
        self.render_ms.set(None);
        self.loading.set(true);
        // Fetched while the service lists (a chunk that fails here is fetched again when shown).
        spawn_local(listing_code());
        spawn_local(async move {
            let started = now_ms();
            let result = logged(
                ctx,
                &tr!(log.list_attachments, count = ucids.len()).to_string(),
                claims.list_set(&ucids, signal.as_ref()),
                |set| {
                    let listed: usize = set.listings.iter().map(|l| l.attachments.len()).sum();
                    let failed: usize = set.failed.iter().map(|f| f.ucids.len()).sum();
                    format!("{listed} attachments; {failed} UCIDs in failed batches")
                },
            )
            .await;
            let received = now_ms();
            // The rows and tools appear together, once their code is in (its wait counts in
            // the render time); a chunk that could not be fetched says so where it would be.
            listing_code().await;
            self.loading.set(false);
            match result {
                Ok(set) => self.show(set, append, started, received),
                Err(e) => self.error.set(Some(e)),
            }
        });
    }

    fn show(self, set: ListSet, append: bool, started: f64, received: f64) {
        let count: usize = set.listings.iter().map(|l| l.attachments.len()).sum();
        let ucid_count = set.listings.len();
        self.failed.set(first_failure(set.failed));
        self.selected.set(None);
        let mut rows = match append {
            true => (*self.all_rows.get_untracked()).clone(),
            false => Vec::new(),
        };
        rows.extend(flatten(set.listings));
        self.all_rows.set(Arc::new(rows));
        self.summary.set(Some(
            tr!(
                attachments.summary,
                attachments = attachment_count(count),
                ucids = ucid_count_words(ucid_count)
            )
            .to_string(),
        ));
        self.list_ms.set(Some(received - started));
        after_paint(move || self.render_ms.set(Some(now_ms() - received)));
    }

    fn cancel(&self) {
        self.controller
            .with_value(|c| c.iter().for_each(AbortController::abort));
    }
}

/// "1 attachment", "3 attachments" (the singular as the language has it).
fn attachment_count(count: usize) -> String {
    match crate::lang::singular(count) {
        true => tr!(attachments.one, count).to_string(),
        false => tr!(attachments.count, count).to_string(),
    }
}

/// "1 UCID", "3 UCIDs".
fn ucid_count_words(count: usize) -> String {
    match crate::lang::singular(count) {
        true => tr!(attachments.ucid_one, count).to_string(),
        false => tr!(attachments.ucid_count, count).to_string(),
    }
}

#[component]
pub fn AttachmentsPage() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let input = page_state("attachments.input", || RwSignal::new(saved_input()));
    let listed = page_state("attachments.listed", Listed::new);
    let Listed {
        all_rows,
        summary,
        list_ms,
        render_ms,
        failed,
        loading,
        error,
        selected,
        ..
    } = listed;
    let media = page_state("attachments.media", || RwSignal::new(String::new()));
    let rejected = page_state("attachments.rejected", || {
        RwSignal::new(Vec::<String>::new())
    });
    provide_context(page_state("attachments.thumbs", thumbs::Thumbs::default));
    provide_context(preview::Selected(selected));

    let list = move || {
        error.set(None);
        let (ucids, bad) = parse_pasted(&input.get_untracked());
        rejected.set(bad);
        if ucids.is_empty() {
            error.set(Some(Error::invalid_input(tr!(attachments.enter_ucid))));
            return;
        }
        crate::settings::keep_text(INPUT_KEY, &input.get_untracked());
        listed.run(ctx, ucids, false);
    };
    let retry_failed = move || {
        if let Some((ucids, _)) = failed.get_untracked() {
            listed.run(ctx, ucids, true);
        }
    };
    view! {
        <section aria-labelledby="attachments-title" class="attachments">
            <h1 id="attachments-title">{live(|| tr!(app.nav.attachments))}</h1>
            <UcidForm input=input loading=loading on_list=UnsyncCallback::new(move |()| list()) on_cancel=UnsyncCallback::new(move |()| listed.cancel()) />
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            <ListProblems failed=failed rejected=rejected loading=loading on_retry=UnsyncCallback::new(move |()| retry_failed()) />
            <p id="list-summary" class="muted" role="status" data-render-ms=move || render_ms.get().map(|ms| format!("{ms:.1}")) data-list-ms=move || list_ms.get().map(|ms| format!("{ms:.0}"))>
                {move || summary.get()}
            </p>
            {move || list_ms.get().zip(render_ms.get()).map(|(list, render)| view! {
                <details class="diagnostics">
                    <summary>{live(|| tr!(attachments.diagnostics))}</summary>
                    <p class="muted">{move || tr!(attachments.timings, list = format!("{list:.0}"), render = format!("{render:.0}")).to_string()}</p>
                </details>
            })}
            <Show when=move || !all_rows.with(|r| r.is_empty())>
                {crate::lazy::lazy_part(SET_TOOLS, (all_rows, media))}
            </Show>
            <Browse all_rows media summary selected error />
        </section>
    }
}

/// The listed rows the media filter lets through, and the selected attachment's preview.
#[component]
fn Browse(
    all_rows: RwSignal<Arc<Vec<Row>>>,
    media: RwSignal<String>,
    summary: RwSignal<Option<String>>,
    selected: RwSignal<Option<Attachment>>,
    error: RwSignal<Option<Error>>,
) -> impl IntoView {
    let rows = RwSignal::new(Arc::new(Vec::<Row>::new()));
    let sort = page_state("attachments.sort", || {
        RwSignal::new((SortKey::Listed, false))
    });
    Effect::new(move || {
        let shown = ipdocs_www_logic::listing::filtered(&all_rows.get(), &media.get());
        let (key, descending) = sort.get();
        rows.set(Arc::new(ipdocs_www_logic::listing::sorted(
            &shown, key, descending,
        )));
    });
    let empty = move || match summary.with(Option::is_some) {
        true => tr!(attachments.none),
        false => tr!(attachments.enter_above),
    };
    view! {
        <div class="browse">
            <Show
                when=move || !rows.with(|r| r.is_empty())
                fallback=move || view! { <p class="empty">{empty}</p> }
            >
                {crate::lazy::lazy_part(ROWS, (rows, selected, error, sort))}
            </Show>
            {move || {
                selected
                    .get()
                    .map(|attachment| crate::lazy::lazy_part(PREVIEW, attachment))
            }}
        </div>
    }
}

/// The UCID box, the simulator's example documents and the list and cancel buttons.
#[component]
fn UcidForm(
    input: RwSignal<String>,
    loading: RwSignal<bool>,
    on_list: UnsyncCallback<()>,
    on_cancel: UnsyncCallback<()>,
) -> impl IntoView {
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_list.run(());
    };
    view! {
        <form class="ucid-form" on:submit=submit>
            <label for="ucids">{live(|| tr!(attachments.ucids))}</label>
            <textarea
                id="ucids"
                rows="3"
                spellcheck="false"
                placeholder="EP-1000000-A1, US-20200123456-A1"
                prop:value=move || input.get()
                on:input=move |ev| input.set(event_target_value(&ev))
            ></textarea>
            {demo_only! { <crate::demo::ExampleUcids input /> }}
            <div class="actions">
                <button type="submit" class="primary" disabled=move || loading.get()>
                    {live(|| tr!(attachments.list))}
                </button>
                <Show when=move || loading.get()>
                    <button type="button" on:click=move |_| on_cancel.run(())>{live(|| tr!(app.cancel))}</button>
                    <span class="spinner" role="status">{live(|| tr!(attachments.loading))}</span>
                </Show>
            </div>
        </form>
    }
}

/// What the last listing could not do: batches that failed (with a retry) and pasted
/// pieces that are not UCIDs.
#[component]
fn ListProblems(
    failed: RwSignal<Option<(Vec<Ucid>, Error)>>,
    rejected: RwSignal<Vec<String>>,
    loading: RwSignal<bool>,
    on_retry: UnsyncCallback<()>,
) -> impl IntoView {
    view! {
        {move || {
            failed
                .get()
                .map(|(ucids, e)| {
                    view! {
                        <div class="notice warn" id="list-failed" role="alert">
                            <p>
                                {move || tr!(attachments.failed, count = ucids.len()).to_string()}
                                " "
                                <button type="button" on:click=move |_| on_retry.run(()) disabled=move || loading.get()>
                                    {live(|| tr!(attachments.retry))}
                                </button>
                            </p>
                            <ErrorNotice error=e />
                        </div>
                    }
                })
        }}
        {move || {
            let bad = rejected.get();
            (!bad.is_empty())
                .then(|| {
                    view! {
                        <p class="notice warn" role="status">
                            {live(|| tr!(attachments.skipped))}" " {bad.join(", ")}
                        </p>
                    }
                })
        }}
    }
}
