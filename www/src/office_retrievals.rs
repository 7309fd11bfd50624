//! All of the office's retrievals as DAS lists them (`GET requests/retrievals`), not only
//! those this browser asked for: filtered by status and availability date, with when each
//! transit copy is expected to be deleted, and downloaded into a folder or deleted in bulk.

use crate::activity::logged;
use crate::context::Ctx;
use crate::download::{self, FolderChoice};
use crate::explain::ErrorNotice;
use crate::lang::{live, tr, trs};
use crate::page_state::page_state;
use ipdocs::das::batch::document_file_name;
use ipdocs::das::{RequestStatus, RetrievalStatus, TransitFileRef};
use ipdocs::Error;
use ipdocs_www_logic::office::RetrievalFilter;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::BTreeSet;

/// WIPO deletes transit copies "after a pre-defined period (e.g. 1 week)" (notes §8).
const RETENTION_DAYS: f64 = 7.0;

/// The transit file of a listed retrieval, when the list names its document.
fn transit_file(s: &RetrievalStatus) -> Option<TransitFileRef> {
    Some(TransitFileRef {
        osf_ack_id: s.request_ack_id.clone(),
        document_kind_category: s.document_kind_category.clone()?,
        document_number: s.document_number.clone()?,
        document_date: s.document_date.clone()?,
    })
}

/// The availability date plus the retention, as `YYYY-MM-DD` (`None` if it cannot be read).
fn expected_expiry(available: &str) -> Option<String> {
    let ms = js_sys::Date::parse(available);
    if ms.is_nan() {
        return None;
    }
    let expiry = js_sys::Date::new(&(ms + RETENTION_DAYS * 86_400_000.0).into());
    String::from(expiry.to_iso_string())
        .get(..10)
        .map(str::to_owned)
}

/// What a bulk action did.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Tally {
    done: usize,
    failed: usize,
    total: usize,
}

impl Tally {
    /// "3 of 5 deleted, 1 failed": `what` is what happened to the done ones.
    fn words(&self, what: &str) -> String {
        tr!(
            retrievals.office.tally,
            done = self.done,
            total = self.total,
            what,
            failed = self.failed
        )
        .to_string()
    }
}

/// Runs `action` on the transit file of each retrieval in turn, showing the count as it goes.
async fn each(
    items: &[RetrievalStatus],
    what: &'static str,
    tally: RwSignal<Option<(&'static str, Tally)>>,
    mut action: impl AsyncFnMut(TransitFileRef) -> ipdocs::Result<()>,
) -> Tally {
    let mut t = Tally {
        total: items.len(),
        ..Tally::default()
    };
    for status in items {
        let outcome = match transit_file(status) {
            Some(file) => action(file).await,
            None => Err(Error::invalid_input(
                "the list does not name this retrieval's document",
            )),
        };
        match outcome {
            Ok(()) => t.done += 1,
            Err(_) => t.failed += 1,
        }
        tally.set(Some((what, t)));
    }
    t
}

#[component]
pub fn OfficeRetrievals() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let (listed, unreadable, filter, selected) = page_state("office_retrievals.list", || {
        (
            RwSignal::new(None::<Vec<RetrievalStatus>>),
            RwSignal::new(0usize),
            RwSignal::new(RetrievalFilter::default()),
            RwSignal::new(BTreeSet::<String>::new()),
        )
    });
    let (error, busy, page) = page_state("office_retrievals.state", || {
        (
            RwSignal::new(None::<Error>),
            RwSignal::new(false),
            RwSignal::new(0usize),
        )
    });

    let shown = Signal::derive(move || {
        filter.with(|f| {
            listed.with(|l| {
                l.iter()
                    .flatten()
                    .filter(|s| f.keeps(s))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    });
    let load = move |_| {
        let Some(das) = ctx.das_or(error) else { return };
        busy.set(true);
        spawn_local(async move {
            let result = logged(ctx, tr!(log.list_office), das.retrievals(None), |l| {
                tr!(log.listed_office, count = l.retrievals.len()).to_string()
            })
            .await;
            busy.set(false);
            match result {
                Ok(list) => {
                    unreadable.set(list.unreadable.len());
                    selected.set(BTreeSet::new());
                    listed.set(Some(list.retrievals));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let toggle_all = move |ev: leptos::ev::Event| {
        let all = event_target_checked(&ev);
        selected.set(match all {
            true => shown.with(|s| s.iter().map(|s| s.request_ack_id.clone()).collect()),
            false => BTreeSet::new(),
        });
    };

    view! {
        <h2>{live(|| tr!(retrievals.office.title))}</h2>
        <p class="muted">{live(|| tr!(retrievals.office.intro))}</p>
        <div class="actions">
            <button type="button" id="office-load" on:click=load disabled=move || busy.get()>{live(|| tr!(retrievals.office.load))}</button>
            <FilterFields filter />
        </div>
        {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        {move || (unreadable.get() > 0).then(|| view! { <p class="notice warn">{move || tr!(retrievals.office.unreadable, count = unreadable.get()).to_string()}</p> })}
        <Show when=move || listed.with(Option::is_some)>
            <BulkActions shown selected busy error />
            <table class="retrievals cards" id="office-retrievals">
                <crate::table::ColumnHeads names=&[|| tr!(retrievals.document), || tr!(retrievals.acknowledgement), || tr!(retrievals.status), || tr!(retrievals.office.available), || tr!(retrievals.office.expected_deletion)]>
                    <th scope="col"><input type="checkbox" aria-label=live(|| tr!(retrievals.office.select_all)) on:change=toggle_all /></th>
                </crate::table::ColumnHeads>
                <tbody>
                    {move || shown.with(|s| crate::table::page_of(s, page.get())).into_iter().map(|status| view! { <OfficeRow status selected /> }).collect_view()}
                </tbody>
            </table>
            <crate::table::Pager total=Signal::derive(move || shown.with(Vec::len)) page label=trs!(retrievals.office.pages) id="office-retrievals" />
        </Show>
    }
}

/// The status and availability-date filter.
#[component]
fn FilterFields(filter: RwSignal<RetrievalFilter>) -> impl IntoView {
    let edit = move |set: fn(&mut RetrievalFilter, String)| {
        move |ev: leptos::ev::Event| filter.update(|f| set(f, event_target_value(&ev)))
    };
    view! {
        <label for="office-status">{live(|| tr!(retrievals.status))}</label>
        <select id="office-status" on:change=edit(|f, v| f.status = v)>
            <option value="">{live(|| tr!(inbox.filter.all))}</option>
            {[RequestStatus::Pending, RequestStatus::Success, RequestStatus::Error, RequestStatus::Unknown]
                .map(|s| view! { <option value=s.category() selected=filter.with_untracked(|f| f.status == s.category())>{move || crate::retrievals::status_name(s)}</option> })
                .collect_view()}
        </select>
        <label for="office-from">{live(|| tr!(retrievals.office.available_from))}</label>
        <input id="office-from" type="date" prop:value=filter.with_untracked(|f| f.from.clone()) on:change=edit(|f, v| f.from = v) />
        <label for="office-to">{live(|| tr!(retrievals.office.to))}</label>
        <input id="office-to" type="date" prop:value=filter.with_untracked(|f| f.to.clone()) on:change=edit(|f, v| f.to = v) />
    }
}

/// Downloading or deleting the selected retrievals that the filter shows, with a running count.
#[component]
fn BulkActions(
    shown: Signal<Vec<RetrievalStatus>>,
    selected: RwSignal<BTreeSet<String>>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<Error>>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let tally = page_state("office_retrievals.tally", || {
        RwSignal::new(None::<(&'static str, Tally)>)
    });
    let chosen = move || {
        let picked = selected.get_untracked();
        shown.with_untracked(|s| {
            s.iter()
                .filter(|s| picked.contains(&s.request_ack_id))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let download_selected = move |_| {
        let Some(das) = ctx.das_or(error) else { return };
        let items = chosen();
        spawn_local(async move {
            let folder = match download::choose_folder(error).await {
                FolderChoice::Folder(folder) => Some(folder),
                FolderChoice::Unsupported => None,
                FolderChoice::Nothing => return,
            };
            busy.set(true);
            let downloading = async {
                Ok::<_, Error>(
                    each(
                        &items,
                        tr!(retrievals.office.downloaded),
                        tally,
                        async |file| {
                            let blob = das.download(&file, None).await?;
                            let name = document_file_name(
                                &file.document_number,
                                &file.document_date,
                                &blob.type_(),
                            );
                            download::save_into(folder.as_ref(), &name, blob).await
                        },
                    )
                    .await,
                )
            };
            let _ = logged(ctx, tr!(log.download_selected), downloading, |t| {
                t.words(tr!(retrievals.office.downloaded))
            })
            .await;
            busy.set(false);
        });
    };
    let delete_selected = move |()| {
        let Some(das) = ctx.das_or(error) else { return };
        let items = chosen();
        busy.set(true);
        spawn_local(async move {
            let deleting = async {
                Ok::<_, Error>(
                    each(
                        &items,
                        tr!(retrievals.office.deleted),
                        tally,
                        async |file| das.delete_file(&file, None).await,
                    )
                    .await,
                )
            };
            let _ = logged(ctx, tr!(log.delete_selected), deleting, |t| {
                t.words(tr!(retrievals.office.deleted))
            })
            .await;
            busy.set(false);
        });
    };
    let idle_with_selection = move || !busy.get() && !selected.with(BTreeSet::is_empty);
    view! {
        <div class="actions">
            <button type="button" id="office-download" on:click=download_selected disabled=move || !idle_with_selection()>
                {move || tr!(retrievals.office.download_selected, count = selected.with(BTreeSet::len)).to_string()}
            </button>
            <crate::confirm::ConfirmButton
                id="office-delete"
                label=Signal::derive(move || tr!(retrievals.office.delete_selected, count = selected.with(BTreeSet::len)).to_string())
                question=Signal::derive(move || tr!(retrievals.office.delete_question, count = selected.with(BTreeSet::len)).to_string())
                confirm=trs!(retrievals.delete)
                on_confirm=Callback::new(delete_selected)
                disabled=Signal::derive(move || !idle_with_selection())
            />
        </div>
        {move || tally.get().map(|(what, t)| view! { <p id="office-tally" role="status">{t.words(what)}</p> })}
    }
}

/// One listed retrieval, with its selection box and when its transit copy should go.
#[component]
fn OfficeRow(status: RetrievalStatus, selected: RwSignal<BTreeSet<String>>) -> impl IntoView {
    let ack = status.request_ack_id.clone();
    let checked = {
        let ack = ack.clone();
        move || selected.with(|set| set.contains(&ack))
    };
    let toggle = {
        let ack = ack.clone();
        move |ev: leptos::ev::Event| {
            let on = event_target_checked(&ev);
            selected.update(|set| match on {
                true => {
                    set.insert(ack.clone());
                }
                false => {
                    set.remove(&ack);
                }
            });
        }
    };
    let available = status
        .document_availability_date
        .clone()
        .unwrap_or_default();
    let expiry = (status.request_status_category == RequestStatus::Success)
        .then(|| expected_expiry(&available))
        .flatten()
        .unwrap_or_default();
    let category = status.request_status_category;
    let document = crate::retrievals::document_words(
        &status.document_kind_category.unwrap_or_default(),
        &status.document_number.unwrap_or_default(),
        &status.document_date.unwrap_or_default(),
    );
    view! {
        <tr data-ack=ack.clone()>
            <td data-label=live(|| tr!(retrievals.office.select))><input type="checkbox" aria-label={ let ack = ack.clone(); move || tr!(retrievals.office.select_one, ack = ack.clone()).to_string() } prop:checked=checked on:change=toggle /></td>
            <td data-label=live(|| tr!(retrievals.document))>{document}</td>
            <td data-label=live(|| tr!(retrievals.acknowledgement))><code>{ack.clone()}</code></td>
            <td data-label=live(|| tr!(retrievals.status))>{move || crate::retrievals::status_name(category)}</td>
            <td data-label=live(|| tr!(retrievals.office.available))>{available}</td>
            <td class="expiry" data-label=live(|| tr!(retrievals.office.expected_deletion))>{expiry}</td>
        </tr>
    }
}
