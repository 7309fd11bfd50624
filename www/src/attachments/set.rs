//! Working on the listed set as a whole: filter by media type, export the list (CSV or
//! JSON), and download files for every UCID into a folder — paced by the login's request-unit
//! budget, with progress, skipping files already in the folder (so a download interrupted by
//! a reload is resumed by running it again into the same folder).

use super::Row;
use crate::context::Ctx;
use crate::download::{self, FolderChoice};
use crate::explain::ErrorNotice;
use futures_util::StreamExt;
use ipdocs::claims::bulk::{self, Selection};
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

#[component]
pub fn SetTools(all_rows: RwSignal<Arc<Vec<Row>>>, media: RwSignal<String>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let error = RwSignal::new(None::<Error>);
    let (zip, pdf, image, chosen_media) = (
        RwSignal::new(true),
        RwSignal::new(false),
        RwSignal::new(false),
        RwSignal::new(false),
    );
    let progress = RwSignal::new(None::<Progress>);
    let running = RwSignal::new(false);
    let units = RwSignal::new(String::new());
    let controller = StoredValue::new_local(None::<AbortController>);
    let failures = RwSignal::new(Vec::<String>::new());

    let show_units = move || {
        if let Ok(budget) = ctx.claims_budget() {
            let usage = budget.borrow().usage(js_sys::Date::now() as u64);
            if let Some(u) = usage.first() {
                units.set(format!(
                    "Request units: {:.1} used, {:.1} left of {} per {} s.",
                    u.used,
                    u.left,
                    u.limit.units,
                    u.limit.window_ms / 1000
                ));
            }
        }
    };

    let download_set = move |_| {
        let mut selected: Vec<String> = Vec::new();
        for (on, name) in [(zip, "zip"), (pdf, "pdf"), (image, "abstractImage")] {
            if on.get_untracked() {
                selected.push(name.to_owned());
            }
        }
        let shown_media = media.get_untracked();
        if chosen_media.get_untracked() && !shown_media.is_empty() {
            selected.push(shown_media);
        }
        let selection = match Selection::parse(selected.iter().map(String::as_str)) {
            Ok(s) => s,
            Err(e) => return error.set(Some(e)),
        };
        let Some(claims) = ctx.claims_or(error) else {
            return;
        };
        let listed = listings(&all_rows.get_untracked());
        spawn_local(async move {
            // The picker first: it needs this click's user activation.
            let folder = match download::choose_folder(error).await {
                FolderChoice::Folder(folder) => Some(folder),
                FolderChoice::Unsupported => None,
                FolderChoice::Nothing => return,
            };
            let ucids: Vec<Ucid> = listed.iter().map(|l| l.ucid.clone()).collect();
            let mut jobs = Vec::new();
            let mut p = Progress::default();
            for job in bulk::plan(&ucids, &selection, &listed) {
                if already_saved(folder.as_ref(), &job).await {
                    p.skipped += 1;
                } else {
                    jobs.push(job);
                }
            }
            p.total = jobs.len() + p.skipped;
            progress.set(Some(p));
            failures.set(Vec::new());
            let abort = AbortController::new().ok();
            let signal = abort.as_ref().map(AbortController::signal);
            controller.set_value(abort);
            running.set(true);
            let mut results = Box::pin(claims.download_many(jobs, 4, signal.as_ref()));
            while let Some(done) = results.next().await {
                let name = done.job.name.clone();
                match done.outcome {
                    Ok(Some((name, blob))) => {
                        match download::save_into(folder.as_ref(), &name, blob).await {
                            Ok(()) => p.saved += 1,
                            Err(e) => {
                                p.failed += 1;
                                failures.update(|f| f.push(format!("{name}: {}", e.message())));
                            }
                        }
                    }
                    Ok(None) => p.none += 1,
                    Err(e) if e.kind() == ipdocs::ErrorKind::Aborted => break,
                    Err(e) => {
                        p.failed += 1;
                        failures
                            .update(|f| f.push(format!("{name}: {}", crate::explain::title(&e))));
                    }
                }
                progress.set(Some(p));
                show_units();
            }
            running.set(false);
            ctx.activity.action(
                &format!("download {} files of {} UCIDs", p.total, ucids.len()),
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
    let cancel = move |_| {
        controller.with_value(|c| {
            if let Some(c) = c {
                c.abort();
            }
        })
    };
    let export_csv = move |_| {
        let rows = filtered(&all_rows.get_untracked(), &media.get_untracked());
        download::save_text(
            ctx,
            error,
            "attachments.csv",
            listing::csv(&rows),
            "text/csv",
        );
    };
    let export_json = move |_| {
        let rows = filtered(&all_rows.get_untracked(), &media.get_untracked());
        download::save_text(
            ctx,
            error,
            "attachments.json",
            json_of(&rows),
            "application/json",
        );
    };
    let check = |label: &'static str, id: &'static str, value: RwSignal<bool>| {
        view! {
            <label for=id><input id=id type="checkbox" prop:checked=move || value.get() on:change=move |ev| value.set(event_target_checked(&ev)) />{label}</label>
        }
    };

    view! {
        <div class="set-tools" id="set-tools">
            <label for="media-filter">"Media type"</label>
            <select id="media-filter" on:change=move |ev| media.set(event_target_value(&ev))>
                <option value="">"all"</option>
                {move || media_types(&all_rows.get()).into_iter().map(|m| view! { <option value=m.clone()>{m.clone()}</option> }).collect_view()}
            </select>
            <button type="button" id="export-csv" on:click=export_csv>"Export list (CSV)"</button>
            <button type="button" id="export-json" on:click=export_json>"Export list (JSON)"</button>
            <fieldset>
                <legend>"Download for every listed UCID"</legend>
                {check(" All attachments (zip)", "set-zip", zip)}
                {check(" Full-document PDF", "set-pdf", pdf)}
                {check(" Abstract image (original format)", "set-image", image)}
                {check(" Attachments of the media type shown", "set-media", chosen_media)}
                <div class="actions">
                    <button type="button" class="primary" id="set-download" on:click=download_set disabled=move || running.get()>
                        "Download into a folder…"
                    </button>
                    <button type="button" on:click=cancel disabled=move || !running.get()>"Stop"</button>
                </div>
                <p class="muted">"Files already in the folder are skipped: run it again into the same folder to resume."</p>
                {move || progress.get().map(|p| view! {
                    <progress id="set-progress" max=p.total.max(1) prop:value=p.saved + p.skipped + p.none + p.failed></progress>
                    <p id="set-counts" role="status">{format!("{} of {} files: {} saved, {} already there, {} not available, {} failed", p.saved + p.skipped + p.none + p.failed, p.total, p.saved, p.skipped, p.none, p.failed)}</p>
                })}
                <p id="set-units" class="muted">{move || units.get()}</p>
                {move || {
                    let f = failures.get();
                    (!f.is_empty()).then(|| view! { <ul class="notice warn" id="set-failures">{f.into_iter().take(20).map(|m| view! { <li>{m}</li> }).collect_view()}</ul> })
                }}
                {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            </fieldset>
        </div>
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
