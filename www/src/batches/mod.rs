//! Batches (DAS): a CSV of retrievals or registrations in the layout of WIPO's sample client
//! (or mapped to it) is checked row by row, run with bounded concurrency, paused and resumed
//! — also after a reload — and exported in the same layout with each row's results.

mod parts;
mod rows;
mod saved;

use crate::activity::logged;
use crate::context::Ctx;
use crate::download::{self, FolderChoice};
use crate::environment::Profile;
use crate::explain::ErrorNotice;
use crate::lang::{live, tr};
use crate::page_state::page_state;
use crate::store::{Store, WriteQueue};
use ipdocs::client::das::batch::{self, BatchHost, BatchOptions};
use ipdocs::das::batch::{Batch, BatchKind, Field};
use ipdocs::{Error, Result};
use leptos::prelude::*;
use leptos::task::spawn_local;
use parts::{BatchSummary, ColumnMapping, RegistrationFiles, RetrievalOptions, RunControls};
use saved::SavedBatch;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortController, Blob, HtmlInputElement};

/// What the page shows of the batch; the batch itself lives in [`Page::batch`].
#[derive(Debug, Clone, Default, PartialEq)]
struct Summary {
    file_name: String,
    kind: Option<BatchKind>,
    total: usize,
    counts: BTreeMap<&'static str, usize>,
    problems: Vec<(usize, String)>,
    profile: Option<Profile>,
}

/// The page's state, shared by its handlers.
#[derive(Clone, Copy)]
struct Page {
    ctx: Ctx,
    batch: StoredValue<Option<Rc<RefCell<Batch>>>, LocalStorage>,
    summary: RwSignal<Summary>,
    /// Bumped whenever a row changes, for the row table.
    version: RwSignal<u32>,
    files: StoredValue<HashMap<String, Blob>, LocalStorage>,
    file_count: RwSignal<usize>,
    folder: StoredValue<Option<JsValue>, LocalStorage>,
    running: RwSignal<bool>,
    controller: StoredValue<Option<AbortController>, LocalStorage>,
    error: RwSignal<Option<Error>>,
    /// Changed rows on their way to IndexedDB.
    rows_saved: WriteQueue,
    mapping: Mapping,
}

/// A file in another layout, waiting for its columns to be mapped to the sample client's.
#[derive(Clone, Copy)]
struct Mapping {
    text: StoredValue<Option<(String, String)>, LocalStorage>,
    /// The file's header cells (empty: no mapping asked for).
    headers: RwSignal<Vec<String>>,
    kind: RwSignal<BatchKind>,
    chosen: RwSignal<BTreeMap<Field, String>>,
}

impl Page {
    fn new(ctx: Ctx) -> Page {
        Page {
            ctx,
            batch: StoredValue::new_local(None),
            summary: RwSignal::new(Summary::default()),
            version: RwSignal::new(0),
            files: StoredValue::new_local(HashMap::new()),
            file_count: RwSignal::new(0),
            folder: StoredValue::new_local(None),
            running: RwSignal::new(false),
            controller: StoredValue::new_local(None),
            error: RwSignal::new(None),
            rows_saved: WriteQueue::new(Store::BatchRows),
            mapping: Mapping {
                text: StoredValue::new_local(None),
                headers: RwSignal::new(Vec::new()),
                kind: RwSignal::new(BatchKind::Retrievals),
                chosen: RwSignal::new(BTreeMap::new()),
            },
        }
    }

    fn show(&self, saved: &SavedBatch) {
        let b = &saved.batch;
        self.summary.set(Summary {
            file_name: saved.file_name.clone(),
            kind: Some(b.kind),
            total: b.rows.len(),
            counts: b.counts(),
            problems: b
                .problems
                .iter()
                .map(|p| (p.line, p.reason.clone()))
                .collect(),
            profile: Some(saved.profile.clone()),
        });
        self.batch
            .set_value(Some(Rc::new(RefCell::new(saved.batch.clone()))));
        self.version.update(|v| *v += 1);
    }

    async fn import(self, file: web_sys::File) {
        let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
        let Some(text) = text.ok().and_then(|t| t.as_string()) else {
            return self.error.set(Some(Error::invalid_input(
                "the file could not be read as text",
            )));
        };
        self.mapping.headers.set(Vec::new());
        match Batch::read(&text, None, &[]) {
            Ok(batch) => self.keep(file.name(), batch).await,
            Err(e) => {
                // Another layout: offer to map its columns to the sample client's.
                if let Ok(headers) = Batch::headers(&text) {
                    self.mapping.text.set_value(Some((file.name(), text)));
                    self.mapping.headers.set(headers);
                }
                self.error.set(Some(e));
            }
        }
    }

    /// Reads the file awaiting a mapping with the columns the user chose.
    async fn import_mapped(self) {
        let Some((file_name, text)) = self.mapping.text.get_value() else {
            return;
        };
        let kind = self.mapping.kind.get_untracked();
        let chosen: Vec<(Field, String)> = self
            .mapping
            .chosen
            .get_untracked()
            .into_iter()
            .filter(|(f, h)| kind.fields().contains(f) && !h.is_empty())
            .collect();
        self.error.set(None);
        match Batch::read(&text, Some(kind), &chosen) {
            Ok(batch) => {
                self.mapping.headers.set(Vec::new());
                self.keep(file_name, batch).await;
            }
            Err(e) => self.error.set(Some(e)),
        }
    }

    async fn keep(self, file_name: String, batch: Batch) {
        let saved = SavedBatch {
            file_name,
            profile: self.ctx.profile(),
            batch,
        };
        self.show(&saved);
        self.ctx.activity.action(
            &tr!(log.import_batch, name = saved.file_name.clone()).to_string(),
            &Ok::<_, Error>(&saved.batch),
            |b| {
                tr!(
                    log.imported,
                    rows = b.rows.len(),
                    problems = b.problems.len()
                )
                .to_string()
            },
        );
        if let Err(e) = saved::save(&saved).await {
            self.error.set(Some(Error::invalid_input(e)));
        }
    }

    /// Keeps a changed row: shown at once, and queued for IndexedDB.
    fn row_changed(&self, batch: &Batch, index: usize) {
        if let Some(value) = batch.rows.get(index).and_then(saved::row_value) {
            self.rows_saved.put(index.to_string(), value);
        }
        self.summary.update(|s| s.counts = batch.counts());
        self.version.update(|v| *v += 1);
    }

    async fn run(self, options: BatchOptions) {
        let Some(batch) = self.batch.get_value() else {
            return;
        };
        let Some(profile) = self.summary.with_untracked(|s| s.profile.clone()) else {
            return;
        };
        if profile != self.ctx.profile() {
            let office = crate::environment::describe(&profile);
            return self.error.set(Some(Error::invalid_input(
                tr!(batches.other_office, office).to_string(),
            )));
        }
        let Some(das) = self.ctx.das_or(self.error) else {
            return;
        };
        let kind = batch.borrow().kind;
        if kind == BatchKind::Retrievals && self.folder.with_value(Option::is_none) {
            self.folder.set_value(saved::folder().await);
        }
        if kind == BatchKind::Registrations && self.files.with_value(HashMap::is_empty) {
            if let Some(folder) = saved::files_folder().await {
                self.read_files_folder(&folder).await;
            }
        }
        let abort = AbortController::new().ok();
        let signal = abort.as_ref().map(AbortController::signal);
        self.controller.set_value(abort);
        self.running.set(true);
        let host = Host { page: self };
        let open = batch.borrow().open_rows().len();
        let outcome = logged(
            self.ctx,
            &tr!(
                log.run_batch,
                name = self.summary.with_untracked(|s| s.file_name.clone()),
                open
            )
            .to_string(),
            batch::run(&das, &batch, &host, options, signal.as_ref()),
            |_| format!("{:?}", batch.borrow().counts()),
        )
        .await;
        self.running.set(false);
        match outcome {
            Err(e) if e.kind() != ipdocs::ErrorKind::Aborted => self.error.set(Some(e)),
            _ => {}
        }
    }

    fn pause(&self) {
        self.controller.with_value(|c| {
            if let Some(c) = c {
                c.abort();
            }
        });
    }

    fn export(&self) {
        let Some(batch) = self.batch.get_value() else {
            return;
        };
        let csv = batch.borrow().to_csv();
        let name = self.summary.with_untracked(|s| results_name(&s.file_name));
        download::save_text(self.ctx, self.error, &name, csv, "text/csv");
    }

    async fn discard(self) {
        self.pause();
        self.batch.set_value(None);
        self.summary.set(Summary::default());
        self.folder.set_value(None);
        if let Err(e) = saved::forget().await {
            self.error.set(Some(Error::invalid_input(e)));
        }
    }

    fn pick_files(&self, input: &HtmlInputElement) {
        let Some(list) = input.files() else { return };
        self.add_files((0..list.length()).filter_map(|i| list.get(i)));
    }

    fn add_files(&self, picked: impl IntoIterator<Item = web_sys::File>) {
        let mut files = self.files.get_value();
        for f in picked {
            files.insert(f.name().to_lowercase(), f.into());
        }
        self.file_count.set(files.len());
        self.files.set_value(files);
    }

    /// Picks the folder holding the registrations' files; it is kept, so after a reload its
    /// files are found again (the browser asks for permission once more).
    async fn pick_files_folder(self) {
        match download::choose_folder(self.error).await {
            FolderChoice::Folder(folder) => {
                let _ = saved::save_files_folder(&folder).await;
                self.read_files_folder(&folder).await;
            }
            FolderChoice::Unsupported => self.error.set(Some(Error::invalid_input(
                "this browser cannot open folders: pick the files instead",
            ))),
            FolderChoice::Nothing => {}
        }
    }

    async fn read_files_folder(self, folder: &JsValue) {
        match download::files_in(folder).await {
            Ok(files) => self.add_files(files),
            Err(e) => self.error.set(Some(e)),
        }
    }

    async fn pick_folder(self) {
        if let FolderChoice::Folder(folder) = download::choose_folder(self.error).await {
            let _ = saved::save_folder(&folder).await;
            self.folder.set_value(Some(folder));
            self.version.update(|v| *v += 1);
        }
    }
}

/// `retrievals.csv` → `retrievals-results.csv`.
fn results_name(file_name: &str) -> String {
    let stem = file_name
        .strip_suffix(".csv")
        .or_else(|| file_name.strip_suffix(".CSV"))
        .unwrap_or(file_name);
    format!("{stem}-results.csv")
}

struct Host {
    page: Page,
}

impl BatchHost for Host {
    fn file(&self, name: &str) -> Option<Blob> {
        self.page
            .files
            .with_value(|f| f.get(&name.to_lowercase()).cloned())
    }

    async fn save(&self, name: &str, file: Blob) -> Result<()> {
        let folder = self.page.folder.get_value();
        download::save_into(folder.as_ref(), name, file).await
    }

    fn row_changed(&self, batch: &Batch, index: usize) {
        self.page.row_changed(batch, index);
    }
}

/// How a run goes, as set on the page.
#[derive(Clone, Copy)]
struct RunSettings {
    concurrency: RwSignal<usize>,
    precheck: RwSignal<bool>,
    wait_minutes: RwSignal<u64>,
}

impl RunSettings {
    fn new() -> RunSettings {
        RunSettings {
            concurrency: RwSignal::new(4),
            precheck: RwSignal::new(true),
            wait_minutes: RwSignal::new(2),
        }
    }

    fn options(&self) -> BatchOptions {
        BatchOptions {
            concurrency: self.concurrency.get_untracked().clamp(1, 16),
            precheck: self.precheck.get_untracked(),
            wait_ms: self.wait_minutes.get_untracked() * 60_000,
        }
    }
}

#[component]
pub fn BatchesPage() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let page = page_state("batches.page", || {
        let page = Page::new(ctx);
        // The batch of an earlier visit (or an earlier session), once.
        spawn_local(async move {
            match saved::load().await {
                Ok(Some(saved)) => page.show(&saved),
                Ok(None) => {}
                Err(e) => page.error.set(Some(Error::invalid_input(e))),
            }
        });
        page
    });
    let settings = page_state("batches.settings", RunSettings::new);
    let on_csv = move |ev: leptos::ev::Event| {
        page.error.set(None);
        let input: Option<HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
        if let Some(file) = input.and_then(|i| i.files()).and_then(|f| f.get(0)) {
            spawn_local(page.import(file));
        }
    };
    let kind = move || page.summary.with(|s| s.kind);

    view! {
        <section aria-labelledby="batches-title" class="batches">
            <h1 id="batches-title">{live(|| tr!(app.nav.batches))}</h1>
            <p class="muted">{live(|| tr!(batches.intro))}</p>
            <label for="batch-csv">{live(|| tr!(batches.file))}</label>
            <input id="batch-csv" type="file" accept=".csv,text/csv" on:change=on_csv disabled=move || page.running.get() />
            {move || page.error.get().map(|e| view! { <ErrorNotice error=e /> })}
            {move || page.rows_saved.failed.get().map(|e| view! { <p class="notice warn" role="alert">{move || tr!(batches.not_kept, e = e.clone()).to_string()}</p> })}
            <Show when=move || !page.mapping.headers.with(Vec::is_empty)>
                <ColumnMapping page=page />
            </Show>
            <Show when=move || kind().is_some()>
                <div class="batch" id="batch-summary">
                    <BatchSummary page />
                    <Show when=move || kind() == Some(BatchKind::Registrations)>
                        <RegistrationFiles page />
                    </Show>
                    <Show when=move || kind() == Some(BatchKind::Retrievals)>
                        <RetrievalOptions page settings />
                    </Show>
                    <RunControls page settings />
                    <rows::BatchRows batch=page.batch version=page.version />
                </div>
            </Show>
        </section>
    }
}
