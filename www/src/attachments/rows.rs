//! The result list, virtualised: only the rows in view (plus a margin) are in the DOM, so
//! 5,000 attachments scroll as smoothly as 50. Rows have a fixed height; a spacer gives the
//! scrollbar its full length and the visible window is moved into place.

use super::thumbs::Thumb;
use super::Row;
use crate::activity::logged;
use crate::context::Ctx;
use crate::download::{spawn_save as save, FileName};
use crate::human;
use crate::lang::{live, tr};
use ipdocs::claims::Attachment;
use ipdocs::client::ClaimsDirect;
use ipdocs::{Error, ErrorKind, Result, Ucid};
use ipdocs_www_logic::listing::{listed, Listed, SortKey};
use ipdocs_www_logic::window;
use leptos::html::Div;
use leptos::prelude::*;
use std::sync::Arc;
use web_sys::Blob;

/// Must match `.row { height }` in style.css.
pub const ROW_HEIGHT: f64 = 52.0;

/// The per-UCID files offered on a group row.
#[derive(Debug, Clone, Copy)]
enum UcidFile {
    Zip,
    Pdf,
    AbstractImage,
}

impl UcidFile {
    fn label(self) -> &'static str {
        match self {
            UcidFile::Zip => tr!(attachments.file.zip),
            UcidFile::Pdf => tr!(attachments.file.pdf),
            UcidFile::AbstractImage => tr!(attachments.file.abstract_image),
        }
    }

    fn filename(self, ucid: &str) -> FileName {
        match self {
            UcidFile::Zip => FileName::Fixed(format!("{ucid}.zip")),
            UcidFile::Pdf => FileName::Fixed(format!("{ucid}.pdf")),
            // In the format the service holds it (often TIFF), named by the returned type.
            UcidFile::AbstractImage => FileName::Typed(format!("{ucid}-abstract")),
        }
    }

    /// The file, or `None` when the service has none (PDF and abstract image answer 204).
    async fn fetch(self, claims: &ClaimsDirect, ucid: &Ucid) -> Result<Option<Blob>> {
        match self {
            UcidFile::Zip => claims.fetch_all(ucid, None).await.map(Some),
            UcidFile::Pdf => claims.pdf(ucid, None).await,
            UcidFile::AbstractImage => claims.abstract_image(ucid, None, None).await,
        }
    }
}

/// "3 attachments", or "3 of 5 stored attachments listed".
fn listed_words(count: usize, stored: Option<u64>) -> String {
    match listed(count, stored) {
        Listed::All(count) => super::attachment_count(count),
        Listed::Some { count, total } => tr!(attachments.some, count, total).to_string(),
    }
}

#[component]
fn GroupRow(
    index: usize,
    ucid: String,
    count: usize,
    stored: Option<u64>,
    error: RwSignal<Option<Error>>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let heading = ucid.clone();
    let files = move |file: UcidFile| {
        let ucid = ucid.clone();
        move |_| {
            let Some(claims) = ctx.claims_or(error) else {
                return;
            };
            let Ok(parsed) = Ucid::parse(&ucid) else {
                return;
            };
            let u = ucid.clone();
            save(ctx, error, file.filename(&ucid), async move {
                let blob = logged(
                    ctx,
                    &tr!(attachments.of_ucid, what = file.label(), ucid = u.clone()).to_string(),
                    file.fetch(&claims, &parsed),
                    |b| {
                        b.as_ref()
                            .map_or(tr!(attachments.none_204).into(), |b| human::size(b.size()))
                    },
                )
                .await;
                blob?.ok_or_else(|| {
                    Error::new(
                        ErrorKind::NotFound,
                        tr!(
                            attachments.no_such_file,
                            what = file.label(),
                            ucid = u.clone()
                        )
                        .to_string(),
                    )
                })
            });
        }
    };
    let label = |what: fn() -> &'static str, ucid: &str| {
        let ucid = ucid.to_owned();
        // Said after the button's text: "All (zip): download all attachments of EP-…".
        move || {
            format!(
                ": {}",
                tr!(attachments.of_ucid, what = what(), ucid = ucid.clone())
            )
        }
    };
    view! {
        <div class="row group" role="row" aria-rowindex=index>
            <span role="rowheader" class="ucid">{heading.clone()}</span>
            <span role="cell" class="muted">{move || listed_words(count, stored)}</span>
            <span role="cell" class="actions">
                <button type="button" disabled=count == 0 on:click=files(UcidFile::Zip) >{live(|| tr!(attachments.all_zip))}<span class="visually-hidden">{label(|| tr!(attachments.download_all), &heading)}</span></button>
                <button type="button" on:click=files(UcidFile::Pdf) >{live(|| tr!(attachments.full_pdf))}<span class="visually-hidden">{label(|| tr!(attachments.download_pdf), &heading)}</span></button>
                <button type="button" on:click=files(UcidFile::AbstractImage) >{live(|| tr!(attachments.abstract_image))}<span class="visually-hidden">{label(|| tr!(attachments.download_abstract), &heading)}</span></button>
            </span>
        </div>
    }
}

#[component]
fn ItemRow(
    index: usize,
    attachment: Attachment,
    selected: RwSignal<Option<Attachment>>,
    error: RwSignal<Option<Error>>,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let is_selected = {
        let path = attachment.path.clone();
        move || selected.with(|s| s.as_ref().is_some_and(|s| s.path == path))
    };
    let preview = {
        let a = attachment.clone();
        move |_| selected.set(Some(a.clone()))
    };
    let download = {
        let a = attachment.clone();
        move |_| {
            let Some(claims) = ctx.claims_or(error) else {
                return;
            };
            let a = a.clone();
            let filename = a.filename.clone();
            save(ctx, error, filename, async move {
                logged(
                    ctx,
                    &tr!(log.download, name = a.filename.clone()).to_string(),
                    claims.fetch(&a.path, None),
                    |b| human::size(b.size()),
                )
                .await
            });
        }
    };
    view! {
        <div class="row item" role="row" aria-rowindex=index class:selected=is_selected>
            <span role="cell" class="thumb-cell"><Thumb attachment=attachment.clone() /></span>
            <span role="cell" class="filename">
                <button type="button" class="link" on:click=preview title=attachment.filename.clone() aria-label={ let name = attachment.filename.clone(); move || tr!(attachments.preview_one, name = name.clone()).to_string() }>
                    {attachment.filename.clone()}
                </button>
            </span>
            <span role="cell" class="media">{attachment.media.clone()}</span>
            <span role="cell" class="size">{human::size(attachment.size as f64)}</span>
            <span role="cell" class="pkey muted">{attachment.pkey.clone()}</span>
            <span role="cell" class="actions">
                <button type="button" on:click=download aria-label={ let name = attachment.filename.clone(); move || tr!(attachments.download_one, name = name.clone()).to_string() }>{live(|| tr!(retrievals.download))}</button>
            </span>
        </div>
    }
}

/// A column heading that sorts each UCID's attachments by it (again: the other way).
#[component]
fn SortHead(
    key: SortKey,
    label: fn() -> &'static str,
    class: &'static str,
    sort: RwSignal<(SortKey, bool)>,
) -> impl IntoView {
    let order = move || match sort.get() {
        (k, false) if k == key => "ascending",
        (k, true) if k == key => "descending",
        _ => "none",
    };
    let toggle = move |_| {
        sort.update(|(k, descending)| {
            *descending = *k == key && !*descending;
            *k = key;
        })
    };
    view! {
        <span role="columnheader" class=class aria-sort=order>
            <button type="button" class="link sort" on:click=toggle>
                {move || label()}
                <span aria-hidden="true">{move || match order() { "ascending" => " ▲", "descending" => " ▼", _ => "" }}</span>
            </button>
        </span>
    }
}

/// The column headings, kept at the top of the scrolling list.
#[component]
fn HeadRow(sort: RwSignal<(SortKey, bool)>) -> impl IntoView {
    view! {
        <div class="row head" role="row" aria-rowindex="1">
            <span role="columnheader" class="thumb-cell"><span class="visually-hidden">{live(|| tr!(attachments.preview))}</span></span>
            <SortHead key=SortKey::FileName label=|| tr!(attachments.file_name) class="filename" sort />
            <SortHead key=SortKey::Media label=|| tr!(attachments.media) class="media" sort />
            <SortHead key=SortKey::Size label=|| tr!(inbox.review.size) class="size" sort />
            <span role="columnheader" class="pkey">{live(|| tr!(attachments.publication))}</span>
            <span role="columnheader" class="actions"><span class="visually-hidden">{live(|| tr!(retrievals.actions))}</span></span>
        </div>
    }
}

#[component]
pub fn AttachmentRows(
    rows: RwSignal<Arc<Vec<Row>>>,
    selected: RwSignal<Option<Attachment>>,
    error: RwSignal<Option<Error>>,
    sort: RwSignal<(SortKey, bool)>,
) -> impl IntoView {
    let container = NodeRef::<Div>::new();
    let scroll_top = RwSignal::new(0.0);
    let viewport = RwSignal::new(800.0);
    container.on_load(move |el| viewport.set(f64::from(el.client_height().max(1))));
    let on_scroll = move |_| {
        if let Some(el) = container.get_untracked() {
            // The heading row (one row high) comes before the first listed row.
            scroll_top.set((f64::from(el.scroll_top()) - ROW_HEIGHT).max(0.0));
            viewport.set(f64::from(el.client_height().max(1)));
        }
    };
    // A new result starts at the top.
    Effect::new(move |_| {
        rows.track();
        if let Some(el) = container.get_untracked() {
            el.set_scroll_top(0);
        }
        scroll_top.set(0.0);
    });
    let first = move || window::first(scroll_top.get(), ROW_HEIGHT);
    let visible = move || {
        let rows = rows.get();
        let range = window::visible(scroll_top.get(), viewport.get(), ROW_HEIGHT, rows.len());
        let start = range.start;
        rows[range]
            .iter()
            .enumerate()
            .map(|(i, row)| {
                // Row 1 is the heading row.
                let index = start + i + 2;
                match row.clone() {
                    Row::Group {
                        ucid,
                        count,
                        stored,
                    } => view! { <GroupRow index ucid count stored error /> }.into_any(),
                    Row::Item { attachment, .. } => {
                        view! { <ItemRow index attachment selected error /> }.into_any()
                    }
                }
            })
            .collect_view()
    };
    view! {
        <div
            class="rows"
            node_ref=container
            role="table"
            aria-label=live(|| tr!(attachments.by_ucid))
            aria-rowcount=move || rows.with(|r| r.len()) + 1
            tabindex="0"
            on:scroll=on_scroll
        >
            <HeadRow sort />
            <div class="spacer" style:height=move || format!("{}px", rows.with(|r| r.len()) as f64 * ROW_HEIGHT)>
                <div class="window" style:transform=move || format!("translateY({}px)", first() as f64 * ROW_HEIGHT)>
                    {visible}
                </div>
            </div>
        </div>
    }
}
