//! The requests already answered or being answered, a page at a time (the office keeps
//! them all, perhaps hundreds of thousands): filtered by state and document number, paged
//! newer/older with the office's cursors, and exported as CSV with the same filters.

use super::{call, ForwardedRow, Inbox};
use crate::context::Ctx;
use crate::lang::{live, tr};
use ipdocs::http::{encode_component, Method};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Rows in one page of the handled requests.
pub const PAGE_ROWS: usize = 50;

/// Which handled requests are shown: the filters, and the cursors of the pages before the
/// one shown (empty: the newest page).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HandledQuery {
    /// `automatic`, `answered`, `refused`, or empty for all three.
    pub state: String,
    pub number: String,
    pub cursors: Vec<String>,
}

impl HandledQuery {
    /// The filters as a query string (without paging).
    pub fn filters(&self) -> String {
        let state = match self.state.as_str() {
            "" => "automatic,answered,refused",
            one => one,
        };
        let mut query = format!("state={}", encode_component(state));
        if !self.number.trim().is_empty() {
            query += &format!("&number={}", encode_component(self.number.trim()));
        }
        query
    }

    /// The path of the page shown.
    pub fn page_path(&self) -> String {
        let mut path = format!("/retrievals?{}&limit={PAGE_ROWS}", self.filters());
        if let Some(after) = self.cursors.last() {
            path += &format!("&after={}", encode_component(after));
        }
        path
    }
}

#[component]
pub fn HandledTable(inbox: Inbox, refresh: Callback<()>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let Inbox {
        handled,
        handled_next,
        handled_query: query,
        error,
        ..
    } = inbox;
    let set_filter = move |change: &dyn Fn(&mut HandledQuery)| {
        query.update(|q| {
            change(q);
            q.cursors.clear();
        });
        refresh.run(());
    };
    let older = move |_| {
        if let Some(next) = handled_next.get_untracked() {
            query.update(|q| q.cursors.push(next));
            refresh.run(());
        }
    };
    let newer = move |_| {
        query.update(|q| {
            q.cursors.pop();
        });
        refresh.run(());
    };
    let export = move |_| {
        let path = format!("/retrievals.csv?{}", query.get_untracked().filters());
        spawn_local(async move {
            match call(ctx, Method::Get, &path, None).await {
                Ok(csv) => {
                    crate::download::save_text(ctx, error, "ipdocs-inbox.csv", csv, "text/csv")
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <h2>{live(|| tr!(inbox.handled))}</h2>
        <div class="filters handled-filters">
            <label>{live(|| tr!(inbox.column.state))}" "
                <select id="handled-state" on:change=move |ev| {
                    let state = event_target_value(&ev);
                    set_filter(&|q| q.state = state.clone());
                }>
                    <option value="">{live(|| tr!(inbox.filter.all))}</option>
                    <option value="automatic">{live(|| tr!(inbox.filter.automatic))}</option>
                    <option value="answered">{live(|| tr!(inbox.filter.answered))}</option>
                    <option value="refused">{live(|| tr!(inbox.filter.refused))}</option>
                </select>
            </label>
            <label>{live(|| tr!(inbox.document_number))}" "
                <input id="handled-number" type="search" size="16" on:change=move |ev| {
                    let number = event_target_value(&ev);
                    set_filter(&|q| q.number = number.clone());
                } />
            </label>
            <button type="button" id="inbox-export" on:click=export>{live(|| tr!(inbox.export_csv))}</button>
        </div>
        <table class="inbox handled cards">
            <crate::table::ColumnHeads names=&super::FORWARDED_COLUMNS />
            <tbody>
                <For each=move || handled.get() key=|f| (f.request_ack_id.clone(), f.state.clone(), f.answer.is_some()) let:item>
                    <ForwardedRow item on_done=move || refresh.run(()) />
                </For>
            </tbody>
        </table>
        <p class="muted" hidden=move || !(inbox.is_current() && handled.with(Vec::is_empty))>{live(|| tr!(inbox.nothing_answered))}</p>
        <nav class="pager" aria-label=live(|| tr!(inbox.pages))>
            <button type="button" id="handled-newer" on:click=newer disabled=move || query.with(|q| q.cursors.is_empty())>{live(|| tr!(app.newer))}</button>
            <span>{move || tr!(inbox.page, page = query.with(|q| q.cursors.len() + 1)).to_string()}</span>
            <button type="button" id="handled-older" on:click=older disabled=move || handled_next.with(Option::is_none)>{live(|| tr!(app.older))}</button>
        </nav>
    }
}
