//! The Retrievals page: ask DAS for a document (after checking, if wished, that it is
//! registered with these data), the retrievals tracked in this browser, and all of the
//! office's retrievals as DAS lists them.

use super::row::RetrievalRow;
use super::{blank_document, DocumentFields, Retrievals, Tracked};
use crate::activity::logged;
use crate::context::Ctx;
use crate::explain::ErrorNotice;
use crate::table::ColumnHeads;
use ipdocs::Error;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn RetrievalsPage() -> impl IntoView {
    let retrievals = expect_context::<Retrievals>();
    let page = RwSignal::new(0usize);
    view! {
        <section aria-labelledby="retrievals-title">
            <h1 id="retrievals-title">"Retrievals"</h1>
            <p class="muted">"As the " <abbr title="office of second filing: where the later application was filed">"OSF"</abbr> ": ask DAS for a priority document registered by another office. It is followed here until it is available, even across reloads. " <a href="#/help">"How the exchange works"</a></p>
            <RequestForm />
            {move || retrievals.loaded_error.get().map(|e| view! { <p class="notice warn">{format!("Tracked retrievals could not be loaded: {e}")}</p> })}
            <h2>"Tracked retrievals"</h2>
            <Show
                when=move || !retrievals.list.with(Vec::is_empty)
                fallback=|| view! { <p class="empty">"No retrievals yet. Requested documents appear here and update by themselves."</p> }
            >
                <table class="retrievals cards">
                    <ColumnHeads names=&["Document", "Acknowledgement", "Status", "Actions"] />
                    <tbody>
                        <For
                            each=move || retrievals.list.with(|all| crate::table::page_of(all, page.get()))
                            key=|t| (t.request_ack_id.clone(), t.updated_at.clone(), t.deleted, t.watch_problem.clone())
                            children=move |t| view! { <RetrievalRow tracked=t /> }
                        />
                    </tbody>
                </table>
                <crate::table::Pager total=Signal::derive(move || retrievals.list.with(Vec::len)) page label="Pages of tracked retrievals" id="retrievals" />
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
    let form = RwSignal::new(blank_document());
    let error = RwSignal::new(None::<Error>);
    let busy = RwSignal::new(false);
    let checked = RwSignal::new(None::<String>);
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
                &format!("check registration of {}", document.document_number),
                async move { das.registration_status(&document, None).await },
                |_| "registered".into(),
            )
            .await;
            match status {
                Ok(status) => checked.set(Some(
                    status
                        .get("statusMessage")
                        .and_then(serde_json::Value::as_str)
                        .unwrap_or("registered with these data")
                        .to_owned(),
                )),
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
                &format!("request retrieval of {}", document.document_number),
                das.request_retrieval(&document, None),
                |ack| format!("ack {}", ack.request_ack_id),
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
                <button type="submit" class="primary" disabled=move || busy.get()>"Request retrieval"</button>
                <button type="button" id="check-status" on:click=check>"Check it is registered first"</button>
                <Show when=move || busy.get()><span class="spinner" role="status">"Sending…"</span></Show>
            </div>
        </form>
        {move || checked.get().map(|m| view! { <p id="status-check" class="notice ok" role="status">{format!("Registered: {m}.")}</p> })}
        {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
    }
}
