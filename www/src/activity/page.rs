//! The Activity page: actions with their requests folded underneath, background requests
//! folded into runs, filtered by kind, words and dates, a page of rows at a time; the export
//! holds every entry the filters keep, unfolded.

use super::audit;
use crate::context::Ctx;
use crate::human::LocalTime;
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
    let error = RwSignal::new(None::<ipdocs::Error>);
    let search = RwSignal::new(String::new());
    let kind = RwSignal::new(Kind::All);
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let page = RwSignal::new(0usize);
    let filter = Memo::new(move |_| Filter {
        kind: kind.get(),
        search: search.get(),
        from_ms: local_day_ms(&from.get(), false),
        to_ms: local_day_ms(&to.get(), true),
    });
    // A new filter starts at the first page.
    Effect::new(move |_| {
        filter.track();
        page.set(0);
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
            <h1 id="activity-title">"Activity"</h1>
            <p class="muted">
                "What you did, with the requests sent for it, and what the app did by itself (inbox reads, status checks, thumbnails), folded. "
                "Kept in this browser (see Settings for how long). Credentials, tokens and presigned signatures are never recorded."
            </p>
            <div class="filters">
                <label>"Show "
                    <select id="activity-kind" on:change=move |ev| kind.set(Kind::parse(&event_target_value(&ev)))>
                        <option value="all">"Everything"</option>
                        <option value="actions">"What you did"</option>
                        <option value="background">"What the app did by itself"</option>
                        <option value="failures">"Failures only"</option>
                    </select>
                </label>
                <label>"From " <input id="activity-from" type="date" on:change=move |ev| from.set(event_target_value(&ev)) /></label>
                <label>"To " <input id="activity-to" type="date" on:change=move |ev| to.set(event_target_value(&ev)) /></label>
                <label>"Search " <input id="activity-search" type="search" size="20" prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev)) /></label>
                <button type="button" id="activity-csv" on:click=move |_| export(false)>"Export (CSV)"</button>
                <button type="button" id="activity-json" on:click=move |_| export(true)>"Export (JSON)"</button>
            </div>
            {move || error.get().map(|e| view! { <crate::explain::ErrorNotice error=e /> })}
            <p class="muted" id="activity-count">{move || format!("{} lines match.", rows.with(Vec::len))}</p>
            <Show
                when=move || !activity.entries.with(Vec::is_empty)
                fallback=|| view! { <p class="empty">"Nothing done yet: what you do, and every request sent for it, appears here."</p> }
            >
                <table class="activity cards">
                    <crate::table::ColumnHeads names=&["Time", "What", "Sent to", "Outcome"] />
                    <tbody>{move || shown().into_iter().map(row_view).collect_view()}</tbody>
                </table>
                <crate::table::Pager total=Signal::derive(move || rows.with(Vec::len)) page label="Pages of the activity log" id="activity" />
            </Show>
        </section>
    }
}

fn row_view(row: Row) -> AnyView {
    match row {
        Row::Action { entry, requests } => view! {
            <tr class="action" class:failed=!entry.ok title=entry.profile.clone()>
                <td data-label="Time"><LocalTime iso=entry.time.clone() /></td>
                <td data-label="What">{entry.what}</td>
                <td class="url muted" data-label="Sent to">{requests_summary(&requests)}</td>
                <td data-label="Outcome">{entry.outcome}</td>
            </tr>
            {requests.into_iter().map(|f| folded_view(f, "request")).collect_view()}
        }
        .into_any(),
        Row::Background(f) => folded_view(f, "background").into_any(),
    }
}

fn requests_summary(requests: &[Folded]) -> String {
    match requests.iter().map(|f| f.count).sum::<usize>() {
        0 => String::new(),
        1 => "1 request:".into(),
        n => format!("{n} requests:"),
    }
}

fn folded_view(f: Folded, class: &'static str) -> impl IntoView {
    let failed = f.failed > 0;
    let what = match class {
        "background" => "by itself",
        _ => "↳",
    };
    view! {
        <tr class=format!("exchange {class}") class:failed=failed>
            <td data-label="Time"><LocalTime iso=f.last_time.clone() /></td>
            <td class="muted" data-label="What">{what}</td>
            <td class="url" data-label="Sent to">{f.sent_to.clone()}</td>
            <td data-label="Outcome">{f.summary()}</td>
        </tr>
    }
}
