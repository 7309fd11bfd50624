//! The batch's rows as a table: line, document, status and error, filtered by status, a page
//! at a time (a batch of thousands is also followed through its counts and export).

use crate::lang::{live, tr, trs};
use ipdocs::das::batch::{Batch, Field};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

#[component]
pub fn BatchRows(
    batch: StoredValue<Option<Rc<RefCell<Batch>>>, LocalStorage>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let (filter, page) = crate::page_state::page_state("batches.rows", || {
        (RwSignal::new(String::new()), RwSignal::new(0usize))
    });
    // The rows the filter keeps (their indices).
    let kept = Memo::new(move |_| {
        version.get();
        let wanted = filter.get();
        batch.with_value(|b| {
            b.as_ref().map_or_else(Vec::new, |b| {
                let b = b.borrow();
                (0..b.rows.len())
                    .filter(|&i| wanted.is_empty() || b.rows[i].status.word() == wanted)
                    .collect::<Vec<_>>()
            })
        })
    });
    let rows = move || {
        let on_page = kept.with(|k| crate::table::page_of(k, page.get()));
        batch.with_value(|b| {
            let Some(b) = b else { return Vec::new() };
            let b = b.borrow();
            on_page
                .into_iter()
                .map(|i| {
                    let number = b.cell(i, Field::PriorityNumber).to_owned();
                    let date = b.cell(i, Field::PriorityDate).to_owned();
                    let error = b.cell(i, Field::Error).to_owned();
                    (b.rows[i].line, number, date, b.rows[i].status.word(), error)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <label for="batch-filter">{live(|| tr!(batches.show_rows))}</label>
        <select id="batch-filter" on:change=move |ev| { filter.set(event_target_value(&ev)); page.set(0); }>
            <option value="">{live(|| tr!(inbox.filter.all))}</option>
            {["waiting", "pending", "done", "failed", "invalid"].map(|s| view! { <option value=s selected=filter.with_untracked(|f| f == s)>{move || status_name(s)}</option> }).collect_view()}
        </select>
        <table class="batch-rows cards" id="batch-rows">
            <crate::table::ColumnHeads names=&[|| tr!(batches.line), || tr!(batches.priority_number), || tr!(batches.date), || tr!(retrievals.status), || tr!(batches.error)] />
            <tbody>
                {move || rows().into_iter().map(|(line, number, date, status, error)| view! {
                    <tr data-status=status>
                        <td data-label=live(|| tr!(batches.line))>{line}</td><td data-label=live(|| tr!(batches.priority_number))>{number}</td><td data-label=live(|| tr!(batches.date))>{date}</td><td data-label=live(|| tr!(retrievals.status))>{move || status_name(status)}</td><td data-label=live(|| tr!(batches.error))>{error}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <crate::table::Pager total=Signal::derive(move || kept.with(Vec::len)) page label=trs!(batches.pages) id="batch-rows" />
    }
}

/// A row's status in words (`word` is the one written into the results file).
pub(super) fn status_name(word: &str) -> &'static str {
    match word {
        "waiting" => tr!(batches.status.waiting),
        "pending" => tr!(batches.status.pending),
        "done" => tr!(batches.status.done),
        "failed" => tr!(batches.status.failed),
        _ => tr!(batches.status.invalid),
    }
}
