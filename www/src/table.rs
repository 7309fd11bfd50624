//! Table markup the pages share.

use crate::lang::{live, tr};
use leptos::prelude::*;

/// A table's column headings, each `<th scope="col">` so that assistive technology names
/// every cell's column; `children`, when given, is a first heading cell of its own (e.g. a
/// select-all box).
#[component]
pub fn ColumnHeads(
    /// Each column's name in the language shown (a `tr!` in a function, read reactively).
    names: &'static [fn() -> &'static str],
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <thead>
            <tr>
                {children.map(|first| first())}
                {names.iter().map(|name| view! { <th scope="col">{move || name()}</th> }).collect_view()}
            </tr>
        </thead>
    }
}

/// Rows on one page of a list that can grow.
pub const PER_PAGE: usize = 50;

/// The rows of page `page` (from 0, kept within the pages there are) of `rows`.
pub fn page_of<T: Clone>(rows: &[T], page: usize) -> Vec<T> {
    ipdocs_www_logic::window::page(rows, page, PER_PAGE)
        .0
        .to_vec()
}

/// "Newer" and "Older" for a list of `total` rows shown [`PER_PAGE`] at a time; hidden while
/// everything fits on one page.
#[component]
pub fn Pager(
    #[prop(into)] total: Signal<usize>,
    page: RwSignal<usize>,
    /// Names the list for assistive technology, e.g. "Pages of tracked retrievals".
    #[prop(into)]
    label: Signal<String>,
    /// Prefix of the buttons' ids (`<id>-newer`, `<id>-older`, `<id>-page`).
    id: &'static str,
) -> impl IntoView {
    let pages = move || ipdocs_www_logic::window::page_count(total.get(), PER_PAGE);
    view! {
        <nav class="pager" aria-label=move || label.get() hidden={move || pages() < 2}>
            <button type="button" id=format!("{id}-newer") on:click=move |_| page.update(|p| *p = p.saturating_sub(1)) disabled=move || page.get() == 0>{live(|| tr!(app.newer))}</button>
            <span id=format!("{id}-page")>{move || tr!(app.page_of, page = page.get().min(pages() - 1) + 1, pages = pages()).to_string()}</span>
            <button type="button" id=format!("{id}-older") on:click=move |_| page.update(|p| *p += 1) disabled={move || page.get() + 1 >= pages()}>{live(|| tr!(app.older))}</button>
        </nav>
    }
}
