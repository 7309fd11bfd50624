//! Uploads and registrations (DAS, office of first filing): a file goes to the transit zone
//! (checksum in bounded memory, presigned PUT of the File itself with progress, validation),
//! then the priority document is registered, corrected or withdrawn; the registration
//! certificate can be downloaded.

use crate::activity::logged;
use crate::context::Ctx;
use crate::download::spawn_save;
use crate::explain::ErrorNotice;
use crate::human;
use crate::kept_registrations::{Kept, KeptRegistrations, State};
use crate::retrievals::{blank_document, DocumentFields};
use ipdocs::client::das::UploadPhase;
use ipdocs::das::{FileFormat, FileState, FileStatus, Registration, RequestAck, RequestStatus};
use ipdocs::{Error, Result};
use leptos::prelude::*;
use leptos::task::spawn_local;
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
    label: &'static str,
    id: &'static str,
    value: impl Fn() -> (f64, f64) + Send + Sync + Copy + 'static,
) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        <progress id=id max=move || value().1.max(1.0) prop:value=move || value().0></progress>
        <span class="muted">{move || {
            let (done, total) = value();
            format!("{} of {}", human::size(done), human::size(total))
        }}</span>
    }
}

#[component]
pub fn UploadsPage() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let file = RwSignal::new_local(None::<File>);
    let reference = RwSignal::new(String::new());
    let format = RwSignal::new(FileFormat::Pdf);
    let progress = RwSignal::new(Progress::default());
    let busy = RwSignal::new(false);
    let status = RwSignal::new(None::<FileStatus>);
    let error = RwSignal::new(None::<Error>);
    let controller = StoredValue::new_local(None::<AbortController>);

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
                &format!("upload {} ({})", chosen.name(), human::size(chosen.size())),
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
    let cancel = move |_| {
        controller.with_value(|c| {
            if let Some(c) = c {
                c.abort();
            }
        })
    };
    let file_id = Signal::derive(move || {
        status.with(|s| {
            s.as_ref()
                .filter(|s| s.state() == FileState::Validated)
                .map(|s| s.file_id.clone())
        })
    });

    view! {
        <section aria-labelledby="uploads-title">
            <h1 id="uploads-title">"Uploads and registrations"</h1>
            <p class="muted">"As the office of first filing: put a priority document in the DAS transit zone, then register it."</p>
            <form class="upload-form" on:submit=upload>
                <label for="upload-file">"File (PDF, or ZIP for a PDDP / ST.26 package)"</label>
                <input id="upload-file" type="file" accept=".pdf,.zip,application/pdf,application/zip" on:change=choose />
                <label for="upload-reference">"File reference"</label>
                <input id="upload-reference" type="text" prop:value=move || reference.get() on:input=move |ev| reference.set(event_target_value(&ev)) />
                <label for="upload-format">"Format"</label>
                <select
                    id="upload-format"
                    prop:value=move || match format.get() { FileFormat::Pdf => "pdf", FileFormat::Zip => "zip" }
                    on:change=move |ev| format.set(if event_target_value(&ev) == "zip" { FileFormat::Zip } else { FileFormat::Pdf })
                >
                    <option value="pdf">"PDF"</option>
                    <option value="zip">"ZIP"</option>
                </select>
                <div class="actions">
                    <button type="submit" class="primary" disabled=move || busy.get() || file.with(Option::is_none)>"Upload"</button>
                    <Show when=move || busy.get()>
                        <button type="button" on:click=cancel>"Cancel upload"</button>
                    </Show>
                </div>
                <div class="progress" aria-live="polite">
                    {progress_bar("Checksum (SHA-256)", "progress-checksum", move || progress.get().checksum)}
                    {progress_bar("Upload to the transit zone", "progress-upload", move || progress.get().upload)}
                    <p id="upload-phase" class="muted">
                        {move || match (busy.get(), progress.get().phase) {
                            (true, Some(UploadPhase::Validation)) => "Waiting for DAS to validate the file…",
                            (true, Some(UploadPhase::Upload)) => "Uploading…",
                            (true, _) => "Computing the checksum…",
                            _ => "",
                        }}
                    </p>
                </div>
            </form>
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            {move || status.get().map(|s| view! { <FileStatusView status=s /> })}
            <Registrations file_id=file_id />
        </section>
    }
}

#[component]
fn FileStatusView(status: FileStatus) -> impl IntoView {
    let (label, class) = match status.state() {
        FileState::Validated => ("validated", "status success"),
        FileState::Failed => ("rejected", "status error"),
        FileState::Processing => ("being validated", "status pending"),
    };
    view! {
        <div id="file-status" class="notice info" role="status">
            <p>"File " <code>{status.file_id.clone()}</code> " " <span class=class>{label}</span></p>
            <p class="muted">
                {status.file_size_quantity.map(|n| format!("{} · ", human::size(n as f64)))}
                {status.file_checksum.clone().map(|c| format!("SHA-256 {c} (checked against ours)"))}
            </p>
        </div>
    }
}

/// Follows a pending registration to its outcome and keeps what it became.
async fn follow(ctx: Ctx, kept: KeptRegistrations, mut k: Kept) -> State {
    let Ok(das) = ctx.das() else { return k.state };
    let document = k.registration.document();
    let followed = logged(
        ctx,
        &format!("follow registration {}", document.document_number),
        async move { das.follow_registration(&document, None).await },
        |_| "registered".into(),
    )
    .await;
    match followed {
        Ok(_) => k.state = State::Registered,
        Err(e) if e.kind() == ipdocs::ErrorKind::Das => {
            k.state = State::Failed;
            k.problem = Some(crate::explain::title(&e));
        }
        // Not settled or not reachable: still pending, followed again after a reload.
        Err(e) => k.problem = Some(crate::explain::title(&e)),
    }
    let state = k.state;
    kept.keep(k);
    state
}

#[component]
fn Registrations(file_id: Signal<Option<String>>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let form = RwSignal::new(blank_document());
    let application_number = RwSignal::new(String::new());
    let application_category = RwSignal::new(String::new());
    let filing_date = RwSignal::new(String::new());
    // The file of the registration being corrected (when no new file was uploaded).
    let stored_file_id = RwSignal::new(None::<String>);
    let outcome = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<Error>);
    let kept = KeptRegistrations::new();
    spawn_local(async move {
        if kept.load().await.is_ok() {
            let here = ctx.profile();
            let pending: Vec<Kept> = kept.list.with_untracked(|list| {
                list.iter()
                    .filter(|k| k.state == State::Pending && k.profile == here)
                    .cloned()
                    .collect()
            });
            for k in pending {
                spawn_local(async move {
                    follow(ctx, kept, k).await;
                });
            }
        }
    });

    let registration = move || {
        let d = form.get_untracked();
        let optional = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_owned()).filter(|v| !v.is_empty())
        };
        let number = optional(application_number);
        Registration {
            document_kind_category: d.document_kind_category,
            document_number: d.document_number,
            document_date: d.document_date,
            das_access_code: d.das_access_code,
            application_category: optional(application_category)
                .or_else(|| number.is_some().then(|| "priority document".to_owned())),
            application_number: number,
            application_filing_date: optional(filing_date),
            file_id: file_id
                .get_untracked()
                .or_else(|| stored_file_id.get_untracked()),
        }
    };
    type Call = fn(
        ipdocs::client::Das,
        Registration,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<RequestAck>>>>;
    let act = move |what: &'static str, call: Call| {
        move |_| {
            error.set(None);
            outcome.set(None);
            let r = registration();
            if let Err(e) = r.validate() {
                return error.set(Some(e));
            }
            let Some(das) = ctx.das_or(error) else { return };
            spawn_local(async move {
                let number = r.document_number.clone();
                let ack = match logged(
                    ctx,
                    &format!("{what} {number}"),
                    call(das.clone(), r.clone()),
                    |a| format!("ack {}", a.request_ack_id),
                )
                .await
                {
                    Ok(ack) => ack,
                    Err(e) => return error.set(Some(e)),
                };
                let id = ack.request_ack_id.clone();
                let pending = matches!(
                    ack.request_status_category,
                    Some(RequestStatus::Pending | RequestStatus::Unknown)
                );
                let state = match (what, pending) {
                    ("withdraw", _) => State::Withdrawn,
                    (_, true) => State::Pending,
                    (_, false) => State::Registered,
                };
                let k = Kept {
                    registration: r,
                    ack_id: id.clone(),
                    state,
                    problem: None,
                    updated_at: String::new(),
                    profile: ctx.profile(),
                };
                kept.keep(k.clone());
                if what != "correct" {
                    stored_file_id.set(None);
                }
                if state != State::Pending {
                    return outcome.set(Some(format!("{what}: done (acknowledgement {id}).")));
                }
                // DAS registers in its own time: pending is shown as pending and followed.
                outcome.set(Some(format!(
                    "{what}: pending (acknowledgement {id}), waiting for DAS…"
                )));
                outcome.set(Some(match follow(ctx, kept, k).await {
                    State::Registered => format!("{what}: done (acknowledgement {id})."),
                    State::Failed => format!("{what}: refused by DAS (acknowledgement {id}), see below."),
                    _ => format!("{what}: still pending (acknowledgement {id}); followed again after a reload."),
                }));
            });
        }
    };
    // "Correct": the form starts from what was registered.
    let correct_from = move |k: Kept| {
        let r = k.registration;
        form.set(r.document());
        application_number.set(r.application_number.unwrap_or_default());
        application_category.set(r.application_category.unwrap_or_default());
        filing_date.set(r.application_filing_date.unwrap_or_default());
        stored_file_id.set(r.file_id);
        outcome.set(Some(format!(
            "Correcting {}: change what is wrong, then Correct.",
            r.document_number
        )));
    };
    let certificate = move |_| {
        error.set(None);
        let document = form.get_untracked();
        if let Err(e) = document.validate() {
            return error.set(Some(e));
        }
        let Some(das) = ctx.das_or(error) else { return };
        let name = format!(
            "certificate-{}.pdf",
            document.document_number.replace(['/', ' ', ','], "_")
        );
        let fetch = logged(
            ctx,
            "registration certificate",
            async move { das.certificate(&document, None).await },
            |b| human::size(b.size()),
        );
        spawn_save(ctx, error, name, fetch);
    };

    view! {
        <h2>"Registration"</h2>
        <form class="document-form" on:submit=|ev| ev.prevent_default() novalidate>
            <p class="muted">
                {move || match file_id.get() {
                    Some(id) => format!("The validated file {id} will be attached."),
                    None => match stored_file_id.get() {
                        Some(id) => format!("The registered file {id} stays attached (upload a new one to replace it)."),
                        None => "Upload and validate a file first to register it with content; corrections and withdrawals need none.".into(),
                    },
                }}
            </p>
            <DocumentFields form=form prefix="registration" />
            <label for="registration-application">"Application number (optional)"</label>
            <input id="registration-application" type="text" prop:value=move || application_number.get() on:input=move |ev| application_number.set(event_target_value(&ev)) />
            <label for="registration-category">"Application category (optional)"</label>
            <input id="registration-category" type="text" prop:value=move || application_category.get() on:input=move |ev| application_category.set(event_target_value(&ev)) />
            <label for="registration-filing-date">"Application filing date (optional)"</label>
            <input id="registration-filing-date" type="date" prop:value=move || filing_date.get() on:input=move |ev| filing_date.set(event_target_value(&ev)) />
            <div class="actions">
                <button type="button" class="primary" on:click=act("register", |das, r| Box::pin(async move { das.register(&r, None).await }))>"Register"</button>
                <button type="button" on:click=act("correct", |das, r| Box::pin(async move { das.update_registration(&r, None).await }))>"Correct"</button>
                <button type="button" on:click=act("withdraw", |das, r| Box::pin(async move { das.withdraw_registration(&r.document(), None).await }))>"Withdraw"</button>
                <button type="button" on:click=certificate>"Download certificate"</button>
            </div>
        </form>
        {move || outcome.get().map(|o| view! { <p id="registration-outcome" class="notice ok" role="status">{o}</p> })}
        {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        <KeptTable kept=kept on_correct=UnsyncCallback::new(correct_from) />
    }
}

/// The registrations made in this browser, with "Correct" for the current office's own.
#[component]
fn KeptTable(kept: KeptRegistrations, on_correct: UnsyncCallback<Kept>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    view! {
        <h2>"Registrations made here"</h2>
        <Show
            when=move || !kept.list.with(Vec::is_empty)
            fallback=|| view! { <p class="empty">"None yet. Registrations are kept in this browser with their file and acknowledgement."</p> }
        >
            <table class="registrations" id="kept-registrations">
                <thead>
                    <tr><th scope="col">"Document"</th><th scope="col">"File"</th><th scope="col">"Acknowledgement"</th><th scope="col">"Status"</th><th scope="col">"Actions"</th></tr>
                </thead>
                <tbody>
                    {move || kept.list.get().into_iter().map(|k| {
                        let r = &k.registration;
                        let here = k.profile == ctx.profile();
                        let state = k.state;
                        let row = k.clone();
                        view! {
                            <tr data-number=r.document_number.clone()>
                                <td>{format!("{} {} ({})", r.document_kind_category, r.document_number, r.document_date)}</td>
                                <td><code>{r.file_id.clone().unwrap_or_default()}</code></td>
                                <td><code>{k.ack_id.clone()}</code></td>
                                <td>
                                    <span class=format!("status {}", state.word())>{state.word()}</span>
                                    {k.problem.clone().map(|p| view! { <div class="muted">{p}</div> })}
                                    {(!here).then(|| view! { <div class="muted">{format!("Made by {}.", k.profile.describe())}</div> })}
                                </td>
                                <td>
                                    <button type="button" disabled=!here || state == State::Withdrawn on:click=move |_| on_correct.run(row.clone())>"Correct"</button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </Show>
    }
}
