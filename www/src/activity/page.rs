//! The Activity page: actions with their requests folded underneath, background requests
//! folded into runs, filtered by kind, words and dates, a page of rows at a time; the export
//! holds every entry the filters keep, unfolded.

use super::audit;
use crate::context::Ctx;
use crate::human::LocalTime;
use crate::lang::{live, tr, trs};
use crate::page_state::page_state;
use ipdocs_www_logic::activity::{self as grouping, Filter, Folded, Kind, Row};
use leptos::prelude::*;

/// A `yyyy-mm-dd` date input as epoch ms at the start (or end) of that local day.
fn local_day_ms(date: &str, end_of_day: bool) -> Option<f64> {
    if date.is_empty() {
        return None;
    }
    let time = if end_of_day {
        "T23:59:59.999"
    } else {
        "T00:00:00"
    };
    let ms = js_sys::Date::new(&format!("{date}{time}").into()).get_time();
    (!ms.is_nan()).then_some(ms)
}

#[component]
pub fn ActivityPage() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let activity = ctx.activity;
    let (error, search, kind, from, to, page) = page_state("activity.filter", || {
        (
            RwSignal::new(None::<ipdocs::Error>),
            RwSignal::new(String::new()),
            RwSignal::new(Kind::All),
            RwSignal::new(String::new()),
            RwSignal::new(String::new()),
            RwSignal::new(0usize),
        )
    });
    let filter = Memo::new(move |_| Filter {
        kind: kind.get(),
        search: search.get(),
        from_ms: local_day_ms(&from.get(), false),
        to_ms: local_day_ms(&to.get(), true),
    });
    // A new filter starts at the first page (not the filter found again with the page).
    Effect::new(move |first: Option<()>| {
        filter.track();
        if first.is_some() {
            page.set(0);
        }
    });
    let rows = Memo::new(move |_| activity.entries.with(|e| grouping::rows(e, &filter.get())));
    let shown = move || rows.with(|r| crate::table::page_of(r, page.get()));
    let export = move |json: bool| {
        let entries = activity
            .entries
            .with_untracked(|all| grouping::exported(all, &filter.get_untracked()));
        let (name, text, media) = match json {
            true => (
                "activity.json",
                audit::to_json(&entries),
                "application/json",
            ),
            false => ("activity.csv", audit::to_csv(&entries), "text/csv"),
        };
        crate::download::save_text(ctx, error, name, text, media);
    };
    view! {
        <section aria-labelledby="activity-title">
            <h1 id="activity-title">{live(|| tr!(app.nav.activity))}</h1>
            <p class="muted">{live(|| tr!(activity.intro))}</p>
            <div class="filters">
                <label>{live(|| tr!(activity.show))}" "
                    <select id="activity-kind" on:change=move |ev| kind.set(Kind::parse(&event_target_value(&ev)))>
                        <option value="all" selected=kind.get_untracked() == Kind::parse("all")>{live(|| tr!(activity.everything))}</option>
                        <option value="actions" selected=kind.get_untracked() == Kind::parse("actions")>{live(|| tr!(activity.actions))}</option>
                        <option value="background" selected=kind.get_untracked() == Kind::parse("background")>{live(|| tr!(activity.background))}</option>
                        <option value="failures" selected=kind.get_untracked() == Kind::parse("failures")>{live(|| tr!(activity.failures))}</option>
                    </select>
                </label>
                <label>{live(|| tr!(activity.from))}" " <input id="activity-from" type="date" prop:value=from.get_untracked() on:change=move |ev| from.set(event_target_value(&ev)) /></label>
                <label>{live(|| tr!(activity.to))}" " <input id="activity-to" type="date" prop:value=to.get_untracked() on:change=move |ev| to.set(event_target_value(&ev)) /></label>
                <label>{live(|| tr!(activity.search))}" " <input id="activity-search" type="search" size="20" prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev)) /></label>
                <button type="button" id="activity-csv" on:click=move |_| export(false)>{live(|| tr!(activity.export_csv))}</button>
                <button type="button" id="activity-json" on:click=move |_| export(true)>{live(|| tr!(activity.export_json))}</button>
            </div>
            {move || error.get().map(|e| view! { <crate::explain::ErrorNotice error=e /> })}
            <p class="muted" id="activity-count">{move || tr!(activity.lines_match, count = rows.with(Vec::len)).to_string()}</p>
            <Show
                when=move || !activity.entries.with(Vec::is_empty)
                fallback=move || view! { <p class="empty">{live(|| tr!(activity.nothing_yet))}</p> }
            >
                <table class="activity cards">
                    <crate::table::ColumnHeads names=&[|| tr!(activity.time), || tr!(activity.what), || tr!(activity.sent_to), || tr!(activity.outcome)] />
                    <tbody>{move || shown().into_iter().map(row_view).collect_view()}</tbody>
                </table>
                <crate::table::Pager total=Signal::derive(move || rows.with(Vec::len)) page label=trs!(activity.pages) id="activity" />
            </Show>
        </section>
    }
}

fn row_view(row: Row) -> AnyView {
    match row {
        Row::Action { entry, requests } => view! {
            <tr class="action" class:failed=!entry.ok title=entry.profile.clone()>
                <td data-label=live(|| tr!(activity.time))><LocalTime iso=entry.time.clone() /></td>
                <td data-label=live(|| tr!(activity.what))>{entry.what}</td>
                <td class="url muted" data-label=live(|| tr!(activity.sent_to))>{requests_summary(&requests)}</td>
                <td data-label=live(|| tr!(activity.outcome))>{entry.outcome}</td>
            </tr>
            {requests.into_iter().map(|f| folded_view(f, "request")).collect_view()}
        }
        .into_any(),
        Row::Background(f) => folded_view(f, "background").into_any(),
    }
}

fn requests_summary(requests: &[Folded]) -> impl Fn() -> String {
    let count = requests.iter().map(|f| f.count).sum::<usize>();
    move || match count {
        0 => String::new(),
        1 => tr!(activity.one_request).into(),
        count => tr!(activity.requests, count).to_string(),
    }
}

/// `HTTP 200` or `×12, 2 failed, last HTTP 200`.
fn summary(f: &Folded) -> impl Fn() -> String {
    let (count, failed, last) = (f.count, f.failed, f.last_outcome.clone());
    move || match (count, failed) {
        (1, _) => last.clone(),
        (count, 0) => tr!(activity.folded, count, last = last.clone()).to_string(),
        (count, failed) => {
            tr!(activity.folded_failed, count, failed, last = last.clone()).to_string()
        }
    }
}

fn folded_view(f: Folded, class: &'static str) -> impl IntoView {
    let failed = f.failed > 0;
    let what = move || match class {
        "background" => tr!(activity.by_itself),
        _ => "↳",
    };
    view! {
        <tr class=format!("exchange {class}") class:failed=failed>
            <td data-label=live(|| tr!(activity.time))><LocalTime iso=f.last_time.clone() /></td>
            <td class="muted" data-label=live(|| tr!(activity.what))>{what}</td>
            <td class="url" data-label=live(|| tr!(activity.sent_to))>{f.sent_to.clone()}</td>
            <td data-label=live(|| tr!(activity.outcome))>{summary(&f)}</td>
        </tr>
    }
}
