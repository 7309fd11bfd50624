//! The Retrievals page: ask DAS for a document (after checking, if wished, that it is
//! registered with these data), the retrievals tracked in this browser, and all of the
//! office's retrievals as DAS lists them.

use super::row::RetrievalRow;
use super::{blank_document, DocumentFields, Retrievals, Tracked};
use crate::activity::logged;
use crate::context::Ctx;
use crate::explain::ErrorNotice;
use crate::i18n::*;
use crate::lang::{live, tr, trs};
use crate::page_state::page_state;
use crate::table::ColumnHeads;
use ipdocs::Error;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn RetrievalsPage() -> impl IntoView {
    let i18n = use_i18n();
    let retrievals = expect_context::<Retrievals>();
    let page = page_state("retrievals.page", || RwSignal::new(0usize));
    view! {
        <section aria-labelledby="retrievals-title">
            <h1 id="retrievals-title">{live(|| tr!(app.nav.retrievals))}</h1>
            <p class="muted">{t!(i18n, retrievals.intro, <osf> = <abbr title=live(|| tr!(app.osf_title)) />)}" " <a href="#/help">{live(|| tr!(app.how_exchange_works))}</a></p>
            <RequestForm />
            {move || retrievals.loaded_error.get().map(|e| view! { <p class="notice warn">{move || tr!(retrievals.not_loaded, e = e.clone()).to_string()}</p> })}
            <h2>{live(|| tr!(retrievals.tracked))}</h2>
            <Show
                when=move || !retrievals.list.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{live(|| tr!(retrievals.none_yet))}</p> }
            >
                <table class="retrievals cards">
                    <ColumnHeads names=&[|| tr!(retrievals.document), || tr!(retrievals.acknowledgement), || tr!(retrievals.status), || tr!(retrievals.actions)] />
                    <tbody>
                        <For
                            each=move || retrievals.list.with(|all| crate::table::page_of(all, page.get()))
                            key=|t| (t.request_ack_id.clone(), t.updated_at.clone(), t.deleted, t.watch_problem.clone())
                            children=move |t| view! { <RetrievalRow tracked=t /> }
                        />
                    </tbody>
                </table>
                <crate::table::Pager total=Signal::derive(move || retrievals.list.with(Vec::len)) page label=trs!(retrievals.pages) id="retrievals" />
            </Show>
            <crate::office_retrievals::OfficeRetrievals />
        </section>
    }
}

/// The document to ask for; a requested one is tracked and followed at once.
#[component]
fn RequestForm() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let retrievals = expect_context::<Retrievals>();
    let (form, error, busy, checked) = page_state("retrievals.request", || {
        (
            RwSignal::new(blank_document()),
            RwSignal::new(None::<Error>),
            RwSignal::new(false),
            RwSignal::new(None::<String>),
        )
    });
    // The form's document when it is valid and a DAS client is configured (else the error).
    let ready = move || {
        error.set(None);
        checked.set(None);
        let document = form.get_untracked();
        if let Err(e) = document.validate() {
            error.set(Some(e));
            return None;
        }
        Some((document, ctx.das_or(error)?))
    };

    // Asks DAS whether the document is registered with these data before any retrieval is
    // made: -7/-12/-14 are explained without leaving a failed retrieval behind.
    let check = move |_| {
        let Some((document, das)) = ready() else {
            return;
        };
        spawn_local(async move {
            let status = logged(
                ctx,
                &tr!(
                    log.check_registration,
                    number = document.document_number.clone()
                )
                .to_string(),
                async move { das.registration_status(&document, None).await },
                |_| tr!(log.registered).into(),
            )
            .await;
            match status {
                Ok(status) => {
                    checked.set(Some(status.status_message.unwrap_or_else(|| {
                        tr!(retrievals.registered_with_these).to_owned()
                    })))
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((document, das)) = ready() else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let result = logged(
                ctx,
                &tr!(
                    log.request_retrieval,
                    number = document.document_number.clone()
                )
                .to_string(),
                das.request_retrieval(&document, None),
                |ack| tr!(log.ack, id = ack.request_ack_id.clone()).to_string(),
            )
            .await;
            busy.set(false);
            match result {
                Ok(ack) => {
                    retrievals.add(Tracked::requested(document, &ack, ctx.profile()));
                    form.update(|f| f.das_access_code.clear());
                    retrievals.watch(ctx, ack.request_ack_id);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="document-form" on:submit=submit novalidate>
            {demo_only! { <crate::demo::ExampleDocuments form /> }}
            <DocumentFields form=form prefix="retrieval" />
            <div class="actions">
                <button type="submit" class="primary" disabled=move || busy.get()>{live(|| tr!(retrievals.request))}</button>
                <button type="button" id="check-status" on:click=check>{live(|| tr!(retrievals.check_first))}</button>
                <Show when=move || busy.get()><span class="spinner" role="status">{live(|| tr!(app.sending))}</span></Show>
            </div>
        </form>
        {move || checked.get().map(|m| view! { <p id="status-check" class="notice ok" role="status">{move || tr!(retrievals.registered, m = m.clone()).to_string()}</p> })}
        {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
    }
}
