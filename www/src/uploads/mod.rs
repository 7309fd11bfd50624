//! Uploads and registrations (DAS, office of first filing): a file goes to the transit zone
//! (checksum in bounded memory, presigned PUT of the File itself with progress, validation),
//! then the priority document is registered, corrected or withdrawn; the registration
//! certificate can be downloaded.

mod kept;
mod registration;

pub use registration::start as start_registrations;

use crate::activity::logged;
use crate::context::Ctx;
use crate::explain::ErrorNotice;
use crate::human;
use crate::i18n::use_i18n;
use crate::lang::{live, tr};
use crate::page_state::page_state;
use ipdocs::client::das::UploadPhase;
use ipdocs::das::{FileFormat, FileState, FileStatus};
use ipdocs::Error;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_i18n::t;
use registration::Registrations;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, File, HtmlInputElement};

#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Progress {
    checksum: (f64, f64),
    upload: (f64, f64),
    phase: Option<UploadPhase>,
}

fn format_of(file: &File) -> FileFormat {
    let name = file.name().to_ascii_lowercase();
    if name.ends_with(".zip") || file.type_() == "application/zip" {
        FileFormat::Zip
    } else {
        FileFormat::Pdf
    }
}

fn progress_bar(
    label: fn() -> &'static str,
    id: &'static str,
    value: impl Fn() -> (f64, f64) + Send + Sync + Copy + 'static,
) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        <progress id=id max=move || value().1.max(1.0) prop:value=move || value().0></progress>
        <span class="muted">{move || {
            let (done, total) = value();
            tr!(uploads.size_of, done = human::size(done), total = human::size(total)).to_string()
        }}</span>
    }
}

#[component]
pub fn UploadsPage() -> impl IntoView {
    let status = page_state("uploads.status", || RwSignal::new(None::<FileStatus>));
    let file_id = Signal::derive(move || {
        status.with(|s| {
            s.as_ref()
                .filter(|s| s.state() == FileState::Validated)
                .map(|s| s.file_id.clone())
        })
    });
    view! {
        <section aria-labelledby="uploads-title">
            <h1 id="uploads-title">{live(|| tr!(uploads.title))}</h1>
            <p class="muted">{t!(use_i18n(), uploads.intro, <off> = <abbr title=live(|| tr!(app.off_title)) />)}" " <a href="#/help">{live(|| tr!(app.how_exchange_works))}</a></p>
            <UploadForm status />
            {move || status.get().map(|s| view! { <FileStatusView status=s /> })}
            <Registrations file_id=file_id />
        </section>
    }
}

/// The upload form and the upload under way, which outlive the page.
#[derive(Clone, Copy)]
struct UploadState {
    file: RwSignal<Option<File>, LocalStorage>,
    reference: RwSignal<String>,
    format: RwSignal<FileFormat>,
    progress: RwSignal<Progress>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<Error>>,
    controller: StoredValue<Option<AbortController>, LocalStorage>,
}

impl UploadState {
    fn new() -> UploadState {
        UploadState {
            file: RwSignal::new_local(None),
            reference: RwSignal::new(String::new()),
            format: RwSignal::new(FileFormat::Pdf),
            progress: RwSignal::new(Progress::default()),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
            controller: StoredValue::new_local(None),
        }
    }
}

/// A file put into the transit zone: checksum, upload with progress, validation.
#[component]
fn UploadForm(status: RwSignal<Option<FileStatus>>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let UploadState {
        file,
        reference,
        format,
        progress,
        busy,
        error,
        controller,
    } = page_state("uploads.upload", UploadState::new);

    let choose = move |ev: leptos::ev::Event| {
        let input: Option<HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
        let chosen = input.and_then(|i| i.files()).and_then(|f| f.get(0));
        if let Some(f) = &chosen {
            reference.set(f.name());
            format.set(format_of(f));
        }
        status.set(None);
        progress.set(Progress::default());
        file.set(chosen);
    };
    let upload = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let Some(chosen) = file.get_untracked() else {
            return error.set(Some(Error::invalid_input("choose a PDF or ZIP file first")));
        };
        let Some(das) = ctx.das_or(error) else { return };
        let abort = AbortController::new().ok();
        let signal = abort.as_ref().map(|a| a.signal());
        controller.set_value(abort);
        busy.set(true);
        status.set(None);
        progress.set(Progress::default());
        let on_progress: Rc<dyn Fn(f64, f64, UploadPhase)> = Rc::new(move |done, total, phase| {
            progress.update(|p| {
                p.phase = Some(phase);
                match phase {
                    UploadPhase::Checksum => p.checksum = (done, total),
                    UploadPhase::Upload => p.upload = (done, total),
                    UploadPhase::Validation => {}
                }
            })
        });
        spawn_local(async move {
            let result = logged(
                ctx,
                &tr!(
                    log.upload,
                    name = chosen.name(),
                    size = human::size(chosen.size())
                )
                .to_string(),
                das.upload(
                    &chosen,
                    &reference.get_untracked(),
                    format.get_untracked(),
                    on_progress,
                    signal.as_ref(),
                ),
                |s| format!("{} ({})", s.file_status_category, s.file_id),
            )
            .await;
            busy.set(false);
            match result {
                Ok(s) => status.set(Some(s)),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let cancel = move |_| controller.with_value(|c| c.iter().for_each(AbortController::abort));

    view! {
        <form class="upload-form" on:submit=upload>
            <label for="upload-file">{live(|| tr!(uploads.file))}</label>
            <input id="upload-file" type="file" accept=".pdf,.zip,application/pdf,application/zip" on:change=choose />
            // A file input cannot be given a file again: after the page was left, say which one is chosen.
            {file.with_untracked(|f| f.as_ref().map(|f| f.name())).map(|name| view! { <p id="upload-chosen" class="muted">{move || tr!(uploads.chosen, name = name.clone()).to_string()}</p> })}
            <label for="upload-reference">{live(|| tr!(uploads.reference))}</label>
            <input id="upload-reference" type="text" prop:value=move || reference.get() on:input=move |ev| reference.set(event_target_value(&ev)) />
            <label for="upload-format">{live(|| tr!(uploads.format))}</label>
            <select
                id="upload-format"
                prop:value=move || match format.get() { FileFormat::Pdf => "pdf", FileFormat::Zip => "zip" }
                on:change=move |ev| format.set(FileFormat::from_category(&event_target_value(&ev)).unwrap_or(FileFormat::Pdf))
            >
                <option value="pdf">"PDF"</option>
                <option value="zip">"ZIP"</option>
            </select>
            <div class="actions">
                <button type="submit" class="primary" disabled=move || busy.get() || file.with(Option::is_none)>{live(|| tr!(uploads.upload))}</button>
                <Show when=move || busy.get()>
                    <button type="button" on:click=cancel>{live(|| tr!(uploads.cancel))}</button>
                </Show>
            </div>
            <UploadProgress progress busy />
        </form>
        {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
    }
}

#[component]
fn UploadProgress(progress: RwSignal<Progress>, busy: RwSignal<bool>) -> impl IntoView {
    let phase = move || match (busy.get(), progress.get().phase) {
        (true, Some(UploadPhase::Validation)) => tr!(uploads.phase.validation),
        (true, Some(UploadPhase::Upload)) => tr!(uploads.phase.upload),
        (true, _) => tr!(uploads.phase.checksum),
        _ => "",
    };
    view! {
        <div class="progress" aria-live="polite">
            {progress_bar(|| tr!(uploads.checksum), "progress-checksum", move || progress.get().checksum)}
            {progress_bar(|| tr!(uploads.to_transit), "progress-upload", move || progress.get().upload)}
            <p id="upload-phase" class="muted">{phase}</p>
        </div>
    }
}

#[component]
fn FileStatusView(status: FileStatus) -> impl IntoView {
    let state = status.state();
    let label = move || match state {
        FileState::Validated => tr!(uploads.file_state.validated),
        FileState::Failed => tr!(uploads.file_state.rejected),
        FileState::Processing => tr!(uploads.file_state.processing),
    };
    let class = match state {
        FileState::Validated => "status success",
        FileState::Failed => "status error",
        FileState::Processing => "status pending",
    };
    view! {
        <div id="file-status" class="notice info" role="status">
            <p>{live(|| tr!(inbox.review.file))}" " <code>{status.file_id.clone()}</code> " " <span class=class>{label}</span></p>
            <p class="muted">
                {status.file_size_quantity.map(|n| format!("{} · ", human::size(n as f64)))}
                {status.file_checksum.clone().map(|c| move || tr!(uploads.checked, c = c.clone()).to_string())}
            </p>
        </div>
    }
}
