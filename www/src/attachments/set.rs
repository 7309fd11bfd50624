//! Working on the listed set as a whole: filter by media type, export the list (CSV or
//! JSON), and download files for every UCID into a folder — paced by the login's request-unit
//! budget, with progress, skipping files already in the folder (so a download interrupted by
//! a reload is resumed by running it again into the same folder).

use super::Row;
use crate::context::Ctx;
use crate::download::{self, FolderChoice};
use crate::explain::ErrorNotice;
use crate::lang::{live, tr};
use crate::page_state::page_state;
use futures_util::StreamExt;
use ipdocs::claims::bulk::{self, Selection};
use ipdocs::claims::list::Listing;
use ipdocs::{Error, Ucid};
use ipdocs_www_logic::listing::{self, filtered, listings, media_types};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use wasm_bindgen::JsValue;
use web_sys::AbortController;

/// Abstract images are named by their returned type; these are the names a previous run
/// may have saved one under.
const IMAGE_EXTENSIONS: [&str; 5] = ["tif", "png", "jpg", "gif", "bin"];

fn json_of(rows: &[Row]) -> String {
    serde_json::to_string_pretty(&listings(rows)).unwrap_or_default()
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Progress {
    total: usize,
    saved: usize,
    skipped: usize,
    none: usize,
    failed: usize,
}

impl Progress {
    fn finished(&self) -> usize {
        self.saved + self.skipped + self.none + self.failed
    }
}

#[component]
pub fn SetTools(all_rows: RwSignal<Arc<Vec<Row>>>, media: RwSignal<String>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let error = page_state("attachments.set.error", || RwSignal::new(None::<Error>));
    let export = move |name: &'static str, write: fn(&[Row]) -> String, mime: &'static str| {
        move |_| {
            let rows = filtered(&all_rows.get_untracked(), &media.get_untracked());
            download::save_text(ctx, error, name, write(&rows), mime);
        }
    };
    view! {
        <div class="set-tools" id="set-tools">
            <label for="media-filter">{live(|| tr!(attachments.media))}</label>
            <select id="media-filter" on:change=move |ev| media.set(event_target_value(&ev))>
                <option value="">{live(|| tr!(inbox.filter.all))}</option>
                {move || media_types(&all_rows.get()).into_iter().map(|m| {
                    // Selected again when the page is shown again with a filter kept.
                    let chosen = m == media.get_untracked();
                    view! { <option value=m.clone() selected=chosen>{m.clone()}</option> }
                }).collect_view()}
            </select>
            <button type="button" id="export-csv" on:click=export("attachments.csv", listing::csv, "text/csv")>{live(|| tr!(attachments.export_csv))}</button>
            <button type="button" id="export-json" on:click=export("attachments.json", json_of, "application/json")>{live(|| tr!(attachments.export_json))}</button>
            <SetDownload all_rows media error />
        </div>
    }
}

/// A set download as it goes: counts, the budget's units, failures, and how to stop it.
#[derive(Clone, Copy)]
struct Run {
    progress: RwSignal<Option<Progress>>,
    running: RwSignal<bool>,
    units: RwSignal<String>,
    failures: RwSignal<Vec<String>>,
    controller: StoredValue<Option<AbortController>, LocalStorage>,
}

impl Run {
    fn new() -> Run {
        Run {
            progress: RwSignal::new(None),
            running: RwSignal::new(false),
            units: RwSignal::new(String::new()),
            failures: RwSignal::new(Vec::new()),
            controller: StoredValue::new_local(None),
        }
    }

    fn show_units(&self, ctx: Ctx) {
        let Ok(budget) = ctx.claims_budget() else {
            return;
        };
        let usage = budget.borrow().usage(js_sys::Date::now() as u64);
        if let Some(u) = usage.first() {
            self.units.set(
                tr!(
                    attachments.set.units,
                    used = format!("{:.1}", u.used),
                    left = format!("{:.1}", u.left),
                    limit = u.limit.units,
                    seconds = u.limit.window_ms / 1000
                )
                .to_string(),
            );
        }
    }

    fn failed(&self, p: &mut Progress, name: &str, why: &str) {
        p.failed += 1;
        self.failures.update(|f| f.push(format!("{name}: {why}")));
    }

    fn stop(&self) {
        self.controller
            .with_value(|c| c.iter().for_each(AbortController::abort));
    }

    /// Downloads the selected files of every listed UCID into the folder, skipping those it
    /// already holds, four at a time and paced by the login's budget.
    async fn download(
        self,
        ctx: Ctx,
        claims: ipdocs::client::ClaimsDirect,
        listed: Vec<Listing>,
        selection: Selection,
        folder: Option<JsValue>,
    ) -> Progress {
        let ucids: Vec<Ucid> = listed.iter().map(|l| l.ucid.clone()).collect();
        let mut jobs = Vec::new();
        let mut p = Progress::default();
        for job in bulk::plan(&ucids, &selection, &listed) {
            match already_saved(folder.as_ref(), &job).await {
                true => p.skipped += 1,
                false => jobs.push(job),
            }
        }
        p.total = jobs.len() + p.skipped;
        self.progress.set(Some(p));
        self.failures.set(Vec::new());
        let abort = AbortController::new().ok();
        let signal = abort.as_ref().map(AbortController::signal);
        self.controller.set_value(abort);
        self.running.set(true);
        let mut results = Box::pin(claims.download_many(jobs, 4, signal.as_ref()));
        while let Some(done) = results.next().await {
            match done.outcome {
                Ok(Some((name, blob))) => {
                    match download::save_into(folder.as_ref(), &name, blob).await {
                        Ok(()) => p.saved += 1,
                        Err(e) => self.failed(&mut p, &name, e.message()),
                    }
                }
                Ok(None) => p.none += 1,
                Err(e) if e.kind() == ipdocs::ErrorKind::Aborted => break,
                Err(e) => self.failed(&mut p, &done.job.name, &crate::explain::title(&e)),
            }
            self.progress.set(Some(p));
            self.show_units(ctx);
        }
        self.running.set(false);
        p
    }

    fn report(self) -> impl IntoView {
        let counts = |p: Progress| {
            move || {
                tr!(
                    attachments.set.counts,
                    finished = p.finished(),
                    total = p.total,
                    saved = p.saved,
                    skipped = p.skipped,
                    none = p.none,
                    failed = p.failed
                )
                .to_string()
            }
        };
        view! {
            {move || self.progress.get().map(|p| view! {
                <progress id="set-progress" max=p.total.max(1) prop:value=p.finished()></progress>
                <p id="set-counts" role="status">{counts(p)}</p>
            })}
            <p id="set-units" class="muted">{move || self.units.get()}</p>
            {move || {
                let f = self.failures.get();
                (!f.is_empty()).then(|| view! { <ul class="notice warn" id="set-failures">{f.into_iter().take(20).map(|m| view! { <li>{m}</li> }).collect_view()}</ul> })
            }}
        }
    }
}

/// What to download for every listed UCID, and the download itself.
#[component]
fn SetDownload(
    all_rows: RwSignal<Arc<Vec<Row>>>,
    media: RwSignal<String>,
    error: RwSignal<Option<Error>>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let (zip, pdf, image, chosen_media) = page_state("attachments.set.what", || {
        (
            RwSignal::new(true),
            RwSignal::new(false),
            RwSignal::new(false),
            RwSignal::new(false),
        )
    });
    let run = page_state("attachments.set.run", Run::new);
    let selection = move || {
        let mut selected: Vec<String> = [(zip, "zip"), (pdf, "pdf"), (image, "abstractImage")]
            .into_iter()
            .filter(|(on, _)| on.get_untracked())
            .map(|(_, name)| name.to_owned())
            .collect();
        let shown_media = media.get_untracked();
        if chosen_media.get_untracked() && !shown_media.is_empty() {
            selected.push(shown_media);
        }
        Selection::parse(selected.iter().map(String::as_str))
    };
    let download_set = move |_| {
        let selection = match selection() {
            Ok(s) => s,
            Err(e) => return error.set(Some(e)),
        };
        let Some(claims) = ctx.claims_or(error) else {
            return;
        };
        let listed = listings(&all_rows.get_untracked());
        let ucids = listed.len();
        spawn_local(async move {
            // The picker first: it needs this click's user activation.
            let folder = match download::choose_folder(error).await {
                FolderChoice::Folder(folder) => Some(folder),
                FolderChoice::Unsupported => None,
                FolderChoice::Nothing => return,
            };
            let p = run.download(ctx, claims, listed, selection, folder).await;
            ctx.activity.action(
                &tr!(log.download_set, count = p.total, ucids).to_string(),
                &Ok::<_, Error>(p),
                |p| {
                    format!(
                        "{} saved, {} already there, {} not available, {} failed",
                        p.saved, p.skipped, p.none, p.failed
                    )
                },
            );
        });
    };
    let check = |label: fn() -> &'static str, id: &'static str, value: RwSignal<bool>| {
        view! {
            <label for=id><input id=id type="checkbox" prop:checked=move || value.get() on:change=move |ev| value.set(event_target_checked(&ev)) />" "{move || label()}</label>
        }
    };
    view! {
        <fieldset>
            <legend>{live(|| tr!(attachments.set.legend))}</legend>
            {check(|| tr!(attachments.set.zip), "set-zip", zip)}
            {check(|| tr!(attachments.set.pdf), "set-pdf", pdf)}
            {check(|| tr!(attachments.set.image), "set-image", image)}
            {check(|| tr!(attachments.set.media), "set-media", chosen_media)}
            <div class="actions">
                <button type="button" class="primary" id="set-download" on:click=download_set disabled=move || run.running.get()>
                    {live(|| tr!(attachments.set.download))}
                </button>
                <button type="button" on:click=move |_| run.stop() disabled=move || !run.running.get()>{live(|| tr!(attachments.set.stop))}</button>
            </div>
            <p class="muted">{live(|| tr!(attachments.set.resume))}</p>
            {run.report()}
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        </fieldset>
    }
}

/// Whether the folder already holds the job's file (for an abstract image, under any of
/// the extensions its type may have given it).
async fn already_saved(folder: Option<&JsValue>, job: &bulk::Job) -> bool {
    let Some(folder) = folder else {
        return false;
    };
    if job.endpoint == ipdocs::claims::files::FileEndpoint::AbstractImage {
        for ext in IMAGE_EXTENSIONS {
            if download::folder_has(folder, &format!("{}.{ext}", job.name)).await {
                return true;
            }
        }
        return false;
    }
    download::folder_has(folder, &job.name).await
}
