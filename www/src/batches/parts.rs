//! The parts of the Batches page: the summary, the registration files, the retrieval options,
//! the run controls and the column mapping.

use super::*;

/// The batch, its office, its progress and the rows that cannot be sent.
#[component]
pub(super) fn BatchSummary(page: Page) -> impl IntoView {
    let progress = move || {
        page.summary.with(|s| {
            let settled: usize = ["done", "failed", "invalid"]
                .iter()
                .filter_map(|k| s.counts.get(k))
                .sum();
            (settled, s.total)
        })
    };
    let heading = move || {
        page.summary.with(|s| {
            tr!(
                batches.heading,
                kind = match s.kind {
                    Some(BatchKind::Registrations) => tr!(batches.registrations),
                    _ => tr!(batches.retrievals),
                },
                file = s.file_name.clone(),
                total = s.total,
                office = s.profile.as_ref().map_or("", |p| p.client_id.as_str()),
                url = s.profile.as_ref().map_or("", |p| p.das_url.as_str()),
            )
            .to_string()
        })
    };
    let problems = move || {
        let problems = page.summary.with(|s| s.problems.clone());
        (!problems.is_empty()).then(|| view! {
            <div class="notice warn" id="batch-problems" role="alert">
                <p>{match problems.len() { 1 => tr!(batches.one_problem).to_owned(), count => tr!(batches.problems, count).to_string() }}</p>
                <ul>
                    {problems.into_iter().take(50).map(|(line, reason)| view! { <li>{tr!(batches.problem, line, reason = reason.clone()).to_string()}</li> }).collect_view()}
                </ul>
            </div>
        })
    };
    view! {
        <p role="status">{heading}</p>
        <progress id="batch-progress" max=move || progress().1.max(1) prop:value=move || progress().0></progress>
        <p class="counts" id="batch-counts">
            {move || page.summary.with(|s| s.counts.iter().map(|(k, n)| format!("{}: {n}", super::rows::status_name(k))).collect::<Vec<_>>().join(" · "))}
        </p>
        {problems}
    }
}

/// The files a registration batch uploads: picked, or a folder kept for a reload.
#[component]
pub(super) fn RegistrationFiles(page: Page) -> impl IntoView {
    let on_files = move |ev: leptos::ev::Event| {
        if let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        {
            page.pick_files(&input);
        }
    };
    view! {
        <p>
            <label for="batch-files">{live(|| tr!(batches.files))}</label>
            <input id="batch-files" type="file" multiple accept=".pdf,.zip" on:change=on_files />
            <label for="batch-folder-files">{live(|| tr!(batches.whole_folder))}</label>
            <input id="batch-folder-files" type="file" prop:webkitdirectory=true on:change=on_files />
            <button type="button" id="batch-files-folder" on:click=move |_| spawn_local(page.pick_files_folder())>{live(|| tr!(batches.choose_files_folder))}</button>
            <span class="muted" id="batch-file-count">{move || tr!(batches.files_picked, count = page.file_count.get()).to_string()}</span>
        </p>
    }
}

/// Where a retrieval batch saves documents, and how it asks and waits for them.
#[component]
pub(super) fn RetrievalOptions(page: Page, settings: RunSettings) -> impl IntoView {
    let RunSettings {
        precheck,
        wait_minutes,
        ..
    } = settings;
    let destination = move || {
        page.version.get();
        match page.folder.with_value(Option::is_some) {
            true => tr!(batches.into_folder),
            false => tr!(batches.as_downloads),
        }
    };
    view! {
        <p>
            <button type="button" on:click=move |_| spawn_local(page.pick_folder())>{live(|| tr!(batches.choose_folder))}</button>
            <span class="muted">{destination}</span>
        </p>
        <p>
            <label><input type="checkbox" prop:checked=move || precheck.get() on:change=move |ev| precheck.set(event_target_checked(&ev)) />" "{live(|| tr!(batches.precheck))}</label>
        </p>
        <p>
            <label for="batch-wait">{live(|| tr!(batches.wait))}</label>
            <input id="batch-wait" type="number" min="0" max="60" prop:value=move || wait_minutes.get().to_string() on:input=move |ev| wait_minutes.set(event_target_value(&ev).parse().unwrap_or(0)) />
        </p>
    }
}

/// Rows at once, and run (or resume), pause, export and discard.
#[component]
pub(super) fn RunControls(page: Page, settings: RunSettings) -> impl IntoView {
    let concurrency = settings.concurrency;
    let run = move |_| {
        page.error.set(None);
        spawn_local(page.run(settings.options()));
    };
    let fresh = move || {
        page.summary
            .with(|s| s.counts.contains_key("waiting") && s.counts.len() == 1)
    };
    view! {
        <p>
            <label for="batch-concurrency">{live(|| tr!(batches.concurrency))}</label>
            <input id="batch-concurrency" type="number" min="1" max="16" prop:value=move || concurrency.get().to_string() on:input=move |ev| concurrency.set(event_target_value(&ev).parse().unwrap_or(4)) />
        </p>
        <div class="actions">
            <button type="button" class="primary" id="batch-run" on:click=run disabled=move || page.running.get()>
                {move || if fresh() { tr!(batches.run) } else { tr!(batches.resume) }}
            </button>
            <button type="button" id="batch-pause" on:click=move |_| page.pause() disabled=move || !page.running.get()>{live(|| tr!(batches.pause))}</button>
            <button type="button" id="batch-export" on:click=move |_| page.export()>{live(|| tr!(batches.export))}</button>
            <button type="button" id="batch-discard" on:click=move |_| spawn_local(page.discard())>{live(|| tr!(batches.discard))}</button>
        </div>
    }
}

/// For a file in another layout: which of its columns holds each field.
#[component]
pub(super) fn ColumnMapping(page: Page) -> impl IntoView {
    let m = page.mapping;
    let kind_id = |k: BatchKind| match k {
        BatchKind::Retrievals => "retrievals",
        BatchKind::Registrations => "registrations",
    };
    view! {
        <form class="mapping" id="batch-mapping" on:submit=move |ev| { ev.prevent_default(); spawn_local(page.import_mapped()); }>
            <p>{live(|| tr!(batches.mapping))}</p>
            <label for="mapping-kind">{live(|| tr!(batches.file_holds))}</label>
            <select id="mapping-kind" on:change=move |ev| m.kind.set(if event_target_value(&ev) == "registrations" { BatchKind::Registrations } else { BatchKind::Retrievals })>
                <option value="retrievals">{live(|| tr!(batches.retrievals))}</option>
                <option value="registrations">{live(|| tr!(batches.registrations))}</option>
            </select>
            {move || {
                let kind = m.kind.get();
                let headers = m.headers.get();
                kind.fields().iter().map(|&field| {
                    let id = format!("map-{}-{}", kind_id(kind), field.name());
                    let options = headers.clone();
                    view! {
                        <label for=id.clone()>{field.name()}{kind.required().contains(&field).then_some(move || format!(" {}", tr!(batches.required)))}</label>
                        <select id=id on:change=move |ev| m.chosen.update(|c| { c.insert(field, event_target_value(&ev)); })>
                            <option value="">"—"</option>
                            {options.into_iter().map(|h| view! { <option value=h.clone()>{h.clone()}</option> }).collect_view()}
                        </select>
                    }
                }).collect_view()
            }}
            <button type="submit" class="primary" id="mapping-read">{live(|| tr!(batches.read_mapped))}</button>
        </form>
    }
}
