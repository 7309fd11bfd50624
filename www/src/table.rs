//! Table markup the pages share.

use leptos::prelude::*;

/// A table's column headings, each `<th scope="col">` so that assistive technology names
/// every cell's column; `children`, when given, is a first heading cell of its own (e.g. a
/// select-all box).
#[component]
pub fn ColumnHeads(
    names: &'static [&'static str],
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <thead>
            <tr>
                {children.map(|first| first())}
                {names.iter().map(|name| view! { <th scope="col">{*name}</th> }).collect_view()}
            </tr>
        </thead>
    }
}
