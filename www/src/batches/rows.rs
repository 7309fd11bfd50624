//! The batch's rows as a table: line, document, status and error, filtered by status (the
//! first 200 shown: a batch of thousands is followed through its counts and export).

use ipdocs::das::batch::{Batch, Field};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

const SHOWN: usize = 200;

#[component]
pub fn BatchRows(
    batch: StoredValue<Option<Rc<RefCell<Batch>>>, LocalStorage>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let filter = RwSignal::new(String::new());
    let rows = move || {
        version.get();
        let wanted = filter.get();
        batch.with_value(|b| {
            let Some(b) = b else { return Vec::new() };
            let b = b.borrow();
            (0..b.rows.len())
                .filter(|&i| wanted.is_empty() || b.rows[i].status.word() == wanted)
                .take(SHOWN)
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
        <label for="batch-filter">"Show rows"</label>
        <select id="batch-filter" on:change=move |ev| filter.set(event_target_value(&ev))>
            <option value="">"all"</option>
            {["waiting", "pending", "done", "failed", "invalid"].map(|s| view! { <option value=s>{s}</option> }).collect_view()}
        </select>
        <table class="batch-rows" id="batch-rows">
            <crate::table::ColumnHeads names=&["Line", "Priority number", "Date", "Status", "Error"] />
            <tbody>
                {move || rows().into_iter().map(|(line, number, date, status, error)| view! {
                    <tr data-status=status>
                        <td>{line}</td><td>{number}</td><td>{date}</td><td>{status}</td><td>{error}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
