//! Registering, correcting and withdrawing a priority document (with the validated file, or
//! the one a corrected registration already has), followed to DAS's outcome, and the
//! registrations made in this browser.

use super::kept::{Kept, KeptRegistrations, State};
use crate::activity::logged;
use crate::context::Ctx;
use crate::download::spawn_save;
use crate::explain::ErrorNotice;
use crate::human;
use crate::lang::{live, tr, trs};
use crate::retrievals::{blank_document, DocumentFields};
use ipdocs::client::Das;
use ipdocs::das::{DocumentQuery, Registration, RequestAck, RequestStatus};
use ipdocs::{Error, Result};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::pin::Pin;

/// Follows a pending registration to its outcome and keeps what it became.
async fn follow(ctx: Ctx, kept: KeptRegistrations, mut k: Kept) -> State {
    let Ok(das) = ctx.das() else { return k.state };
    let document = k.registration.document();
    let followed = logged(
        ctx,
        &tr!(
            log.follow_registration,
            number = document.document_number.clone()
        )
        .to_string(),
        async move { das.follow_registration(&document, None).await },
        |_| tr!(log.registered).into(),
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

/// The registrations made in this browser, loaded, with the current office's pending ones
/// followed again (after a reload) whether or not the Uploads page is ever opened.
pub fn start(ctx: Ctx) -> KeptRegistrations {
    let kept = KeptRegistrations::new();
    follow_pending(ctx, kept);
    kept
}

fn follow_pending(ctx: Ctx, kept: KeptRegistrations) {
    spawn_local(async move {
        if kept.load().await.is_err() {
            return;
        }
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
    });
}

/// The registration form: the document, the optional application fields, and the file a
/// registration being corrected already has.
#[derive(Clone, Copy)]
struct Draft {
    document: RwSignal<DocumentQuery>,
    application_number: RwSignal<String>,
    application_category: RwSignal<String>,
    filing_date: RwSignal<String>,
    stored_file_id: RwSignal<Option<String>>,
}

impl Draft {
    fn new() -> Draft {
        Draft {
            document: RwSignal::new(blank_document()),
            application_number: RwSignal::new(String::new()),
            application_category: RwSignal::new(String::new()),
            filing_date: RwSignal::new(String::new()),
            stored_file_id: RwSignal::new(None),
        }
    }

    /// The registration as filled in, with the new file if one was validated.
    fn registration(&self, file_id: Option<String>) -> Registration {
        let d = self.document.get_untracked();
        let optional = |s: RwSignal<String>| {
            Some(s.get_untracked().trim().to_owned()).filter(|v| !v.is_empty())
        };
        let number = optional(self.application_number);
        Registration {
            document_kind_category: d.document_kind_category,
            document_number: d.document_number,
            document_date: d.document_date,
            das_access_code: d.das_access_code,
            application_category: optional(self.application_category)
                .or_else(|| number.is_some().then(|| "priority document".to_owned())),
            application_number: number,
            application_filing_date: optional(self.filing_date),
            file_id: file_id.or_else(|| self.stored_file_id.get_untracked()),
        }
    }

    /// "Correct": the form starts from what was registered.
    fn correct_from(&self, r: Registration) {
        self.document.set(r.document());
        self.application_number
            .set(r.application_number.unwrap_or_default());
        self.application_category
            .set(r.application_category.unwrap_or_default());
        self.filing_date
            .set(r.application_filing_date.unwrap_or_default());
        self.stored_file_id.set(r.file_id);
    }

    fn fields(self) -> impl IntoView {
        let text = |id: &'static str,
                    label: fn() -> &'static str,
                    kind: &'static str,
                    value: RwSignal<String>| {
            view! {
                <label for=id>{label}</label>
                <input id=id type=kind prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            }
        };
        view! {
            <DocumentFields form=self.document prefix="registration" />
            {text("registration-application", || tr!(uploads.application_number), "text", self.application_number)}
            {text("registration-category", || tr!(uploads.application_category), "text", self.application_category)}
            {text("registration-filing-date", || tr!(uploads.filing_date), "date", self.filing_date)}
        }
    }
}

/// One of the three registration calls.
type Call = fn(Das, Registration) -> Pin<Box<dyn Future<Output = Result<RequestAck>>>>;

/// What the registration became, kept in this browser; a pending one is followed here.
async fn record(
    ctx: Ctx,
    kept: KeptRegistrations,
    what: &'static str,
    registration: Registration,
    ack: RequestAck,
    outcome: RwSignal<Option<String>>,
) {
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
        registration,
        ack_id: id.clone(),
        state,
        problem: None,
        updated_at: String::new(),
        profile: ctx.profile(),
    };
    kept.keep(k.clone());
    let done = |what: &str, id: &str| {
        let done = match what {
            "register" => tr!(uploads.done.register),
            "correct" => tr!(uploads.done.correct),
            _ => tr!(uploads.done.withdraw),
        };
        tr!(uploads.done.reference, done, id).to_string()
    };
    if state != State::Pending {
        return outcome.set(Some(done(what, &id)));
    }
    // DAS registers in its own time: pending is shown as pending and followed.
    outcome.set(Some(tr!(uploads.done.sent, id = id.clone()).to_string()));
    outcome.set(Some(match follow(ctx, kept, k).await {
        State::Registered => done(what, &id),
        State::Failed => tr!(uploads.done.refused, id).to_string(),
        _ => tr!(uploads.done.still_pending, id).to_string(),
    }));
}

#[component]
pub fn Registrations(file_id: Signal<Option<String>>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let (draft, outcome, error) = crate::page_state::page_state("uploads.registration", || {
        (
            Draft::new(),
            RwSignal::new(None::<String>),
            RwSignal::new(None::<Error>),
        )
    });
    let kept = expect_context::<KeptRegistrations>();

    let act = move |what: &'static str, call: Call| {
        move || {
            error.set(None);
            outcome.set(None);
            let r = draft.registration(file_id.get_untracked());
            if let Err(e) = r.validate() {
                return error.set(Some(e));
            }
            let Some(das) = ctx.das_or(error) else { return };
            spawn_local(async move {
                let label = format!("{what} {}", r.document_number);
                let asked = logged(ctx, &label, call(das, r.clone()), |a| {
                    tr!(log.ack, id = a.request_ack_id.clone()).to_string()
                });
                match asked.await {
                    Ok(ack) => {
                        if what != "correct" {
                            draft.stored_file_id.set(None);
                        }
                        record(ctx, kept, what, r, ack, outcome).await;
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        }
    };
    let correct_from = move |k: Kept| {
        outcome.set(Some(
            tr!(
                uploads.correcting,
                number = k.registration.document_number.clone()
            )
            .to_string(),
        ));
        draft.correct_from(k.registration);
    };
    let attached = move || match file_id.get() {
        Some(id) => tr!(uploads.attached.validated, id).to_string(),
        None => match draft.stored_file_id.get() {
            Some(id) => tr!(uploads.attached.registered, id).to_string(),
            None => tr!(uploads.attached.none).into(),
        },
    };

    let register = act("register", |das, r| {
        Box::pin(async move { das.register(&r, None).await })
    });
    let correct = act("correct", |das, r| {
        Box::pin(async move { das.update_registration(&r, None).await })
    });
    let withdraw = act("withdraw", |das, r| {
        Box::pin(async move { das.withdraw_registration(&r.document(), None).await })
    });
    view! {
        <h2>{live(|| tr!(uploads.registration))}</h2>
        <form class="document-form" on:submit=|ev| ev.prevent_default() novalidate>
            <p class="muted">{attached}</p>
            {draft.fields()}
            <div class="actions">
                <button type="button" class="primary" on:click=move |_| register()>{live(|| tr!(uploads.register))}</button>
                <button type="button" on:click=move |_| correct()>{live(|| tr!(uploads.correct))}</button>
                <crate::confirm::ConfirmButton
                    label=trs!(uploads.withdraw)
                    question=Signal::derive(move || tr!(uploads.withdraw_question, number = draft.document.with(|d| d.document_number.clone())).to_string())
                    confirm=trs!(uploads.withdraw)
                    on_confirm=Callback::new(move |()| withdraw())
                />
                <CertificateButton document=draft.document error />
            </div>
        </form>
        {move || outcome.get().map(|o| view! { <p id="registration-outcome" class="notice ok" role="status">{o}</p> })}
        {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        <KeptTable kept=kept on_correct=UnsyncCallback::new(correct_from) />
    }
}

/// Downloads the registration certificate (a PDF) of the document in the form.
#[component]
fn CertificateButton(
    document: RwSignal<DocumentQuery>,
    error: RwSignal<Option<Error>>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let certificate = move |_| {
        error.set(None);
        let document = document.get_untracked();
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
            tr!(log.certificate),
            async move { das.certificate(&document, None).await },
            |b| human::size(b.size()),
        );
        spawn_save(ctx, error, name, fetch);
    };
    view! { <button type="button" on:click=certificate>{live(|| tr!(uploads.certificate))}</button> }
}

/// The registrations made in this browser, with "Correct" for the current office's own.
#[component]
fn KeptTable(kept: KeptRegistrations, on_correct: UnsyncCallback<Kept>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let page = crate::page_state::page_state("uploads.made_here.page", || RwSignal::new(0usize));
    view! {
        <h2>{live(|| tr!(uploads.made_here))}</h2>
        <Show
            when=move || !kept.list.with(Vec::is_empty)
            fallback=|| view! { <p class="empty">{live(|| tr!(uploads.none_yet))}</p> }
        >
            <table class="registrations cards" id="kept-registrations">
                <crate::table::ColumnHeads names=&[|| tr!(retrievals.document), || tr!(inbox.review.file), || tr!(retrievals.acknowledgement), || tr!(retrievals.status), || tr!(retrievals.actions)] />
                <tbody>
                    {move || kept.list.with(|all| crate::table::page_of(all, page.get())).into_iter().map(|k| {
                        let r = &k.registration;
                        let here = k.profile == ctx.profile();
                        let state = k.state;
                        let row = k.clone();
                        view! {
                            <tr data-number=r.document_number.clone()>
                                <td data-label=live(|| tr!(retrievals.document))>{crate::retrievals::document_words(&r.document_kind_category, &r.document_number, &r.document_date)}</td>
                                <td data-label=live(|| tr!(inbox.review.file))><code>{r.file_id.clone().unwrap_or_default()}</code></td>
                                <td data-label=live(|| tr!(retrievals.acknowledgement))><code>{k.ack_id.clone()}</code></td>
                                <td data-label=live(|| tr!(retrievals.status))>
                                    <span class=format!("status {}", state.word())>{move || state.name()}</span>
                                    {k.problem.clone().map(|p| view! { <div class="muted">{p}</div> })}
                                    {(!here).then(|| view! { <div class="muted">{tr!(uploads.made_by, by = crate::environment::describe(&k.profile)).to_string()}</div> })}
                                </td>
                                <td data-label=live(|| tr!(retrievals.actions))>
                                    <button type="button" disabled=!here || state == State::Withdrawn on:click=move |_| on_correct.run(row.clone())>{live(|| tr!(uploads.correct))}</button>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <crate::table::Pager total=Signal::derive(move || kept.list.with(Vec::len)) page label=trs!(uploads.pages) id="registrations" />
        </Show>
    }
}
