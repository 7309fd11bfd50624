//! One tracked retrieval: its status in words (with the DAS code explained), and what can be
//! done with it — download and delete once available, check again while pending, remove.
//! Another office's retrieval is shown, not acted on: its calls would go to the wrong
//! service or under the wrong client id.

use super::{Retrievals, Tracked};
use crate::activity::logged;
use crate::context::Ctx;
use crate::download::{save, FileName, Saved};
use crate::explain::{das_code, ErrorNotice};
use crate::human;
use crate::lang::{live, tr, trs};
use ipdocs::das::RequestStatus;
use ipdocs::Error;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn RetrievalRow(tracked: Tracked) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let elsewhere = (!tracked.is_current(&ctx))
        .then(|| tracked.profile.as_ref().map(crate::environment::describe))
        .flatten();
    let ack = tracked.request_ack_id.clone();
    view! {
        <tr data-ack=ack.clone()>
            <td data-label=live(|| tr!(retrievals.document))>
                <strong>{tracked.document_number.clone()}</strong>
                <div class="muted">{
                    let (kind, date) = (tracked.document_kind_category.clone(), tracked.document_date.clone());
                    move || format!("{} · {date}", super::kind_name(&kind))
                }</div>
            </td>
            <td data-label=live(|| tr!(retrievals.acknowledgement))><code>{ack.clone()}</code></td>
            <td data-label=live(|| tr!(retrievals.status))>
                <StatusCell tracked=tracked.clone() />
                {elsewhere.clone().map(|p| view! { <div class="muted elsewhere">{move || tr!(retrievals.elsewhere, p = p.clone()).to_string()}</div> })}
            </td>
            <td data-label=live(|| tr!(retrievals.actions))><Actions tracked here=elsewhere.is_none() /></td>
        </tr>
    }
}

/// Where a download is: being fetched, or saved (under which name, how large).
#[derive(Debug, Clone, PartialEq)]
enum Download {
    Fetching,
    Saved(Saved),
}

#[component]
fn StatusCell(tracked: Tracked) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let (status, deleted) = (tracked.status, tracked.deleted);
    let label = move || match deleted {
        true => tr!(retrievals.state.deleted),
        false => super::status_name(status),
    };
    let class = match (status, deleted) {
        (_, true) => "status deleted",
        (RequestStatus::Success, _) => "status success",
        (RequestStatus::Error, _) => "status error",
        _ => "status pending",
    };
    let answerer = ctx.das_answerer();
    let code = tracked
        .error_code
        .map(|c| move || format!("{c}: {}", das_code(c, answerer)));
    view! {
        <span class=class>{label}</span>
        {code.map(|c| view! { <div class="code">{c}</div> })}
        {tracked.status_message.map(|m| view! { <div class="muted">{m}</div> })}
        {tracked.watch_problem.map(|p| view! { <div class="warn">{move || tr!(retrievals.stopped_following, p = p.clone()).to_string()}</div> })}
    }
}

/// `here`: the retrieval belongs to the office in use.
#[component]
fn Actions(tracked: Tracked, here: bool) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let retrievals = expect_context::<Retrievals>();
    let error = RwSignal::new(None::<Error>);
    let ack = tracked.request_ack_id.clone();
    let success = here && tracked.status == RequestStatus::Success && !tracked.deleted;
    let pending = here
        && matches!(
            tracked.status,
            RequestStatus::Pending | RequestStatus::Unknown
        );
    let saving = RwSignal::new(None::<Download>);
    let fetching = {
        let number = tracked.document_number.clone();
        move || tr!(retrievals.downloading, number = number.clone()).to_string()
    };
    let download = {
        let t = tracked.clone();
        move |_| {
            let t = t.clone();
            let Some(das) = ctx.das_or(error) else { return };
            saving.set(Some(Download::Fetching));
            spawn_local(async move {
                let name = FileName::Document {
                    number: t.document_number.clone(),
                    date: t.document_date.clone(),
                };
                let file = t.file();
                let what = tr!(log.download, name = t.document_number.clone()).to_string();
                let fetched = logged(ctx, &what, das.download(&file, None), |blob| {
                    human::size(blob.size())
                });
                match save(ctx, name, fetched).await {
                    Ok(saved) => saving.set(saved.map(Download::Saved)),
                    Err(e) => {
                        saving.set(None);
                        error.set(Some(e));
                    }
                }
            });
        }
    };
    let number = tracked.document_number.clone();
    let delete = move |()| {
        let t = tracked.clone();
        let Some(das) = ctx.das_or(error) else { return };
        spawn_local(async move {
            match logged(
                ctx,
                &tr!(log.delete, number = t.document_number.clone()).to_string(),
                das.delete_file(&t.file(), None),
                |_| tr!(log.deleted).into(),
            )
            .await
            {
                Ok(()) => retrievals.modify(&t.request_ack_id, |t| t.deleted = true),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let resume = {
        let ack = ack.clone();
        move |_| retrievals.watch(ctx, ack.clone())
    };
    let forget = {
        let ack = ack.clone();
        move |_| retrievals.forget(ack.clone())
    };
    view! {
        <div class="actions">
            <Show when=move || success>
                <button type="button" class="primary" on:click=download.clone() disabled=move || saving.with(|s| s == &Some(Download::Fetching))>{live(|| tr!(retrievals.download))}</button>
                <crate::confirm::ConfirmButton
                    label=trs!(retrievals.delete_from_transit)
                    question=Signal::derive({ let number = number.clone(); move || tr!(retrievals.delete_question, number = number.clone()).to_string() })
                    confirm=trs!(retrievals.delete)
                    on_confirm=Callback::new(delete.clone())
                />
            </Show>
            <Show when=move || pending>
                <button type="button" on:click=resume.clone()>{live(|| tr!(retrievals.check_again))}</button>
            </Show>
            <button type="button" on:click=forget aria-label=move || tr!(retrievals.remove_label, ack = ack.clone()).to_string()>{live(|| tr!(retrievals.remove))}</button>
        </div>
        {move || saving.get().map(|s| match s {
            Download::Fetching => view! {
                <p class="saving" role="status"><progress aria-label=fetching.clone()></progress>" "{live(|| tr!(app.downloading))}</p>
            }.into_any(),
            Download::Saved(saved) => view! {
                <crate::download::SavedAs saved />
            }.into_any(),
        })}
        {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
    }
}
