//! The pages whose code is loaded on their first visit. Each `load` function below is a split
//! point of the wasm module: `scripts/build-app.sh` runs `wasm-split-cli` on the linked wasm,
//! which moves the code only that function reaches into a chunk of its own (code two pages
//! share into a shared chunk), fetched and instantiated by the first call. The Attachments
//! page, the one a first visit opens, stays in the first module.
//!
//! A chunk that cannot be fetched (the network is down, the server was updated meanwhile) is
//! a message with a retry, never a panic: the split points are `fallible`.

use crate::lang::{live, tr};
use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use std::future::Future;
use std::pin::Pin;

/// A page's chunk could not be fetched or instantiated (the browser's console has why).
#[derive(Debug, Clone, Copy)]
pub struct PageNotLoaded;

impl From<SplitLoaderError> for PageNotLoaded {
    fn from(_: SplitLoaderError) -> Self {
        PageNotLoaded
    }
}

type PageLoad = Pin<Box<dyn Future<Output = Result<AnyView, PageNotLoaded>> + Send>>;

/// Declares a page's split point and the `fn() -> PageLoad` that [`LazyPage`] takes.
macro_rules! lazy_page {
    ($name:ident, $chunk:ident, $page:path) => {
        pub fn $name() -> PageLoad {
            #[wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn page() -> Result<AnyView, PageNotLoaded> {
                Ok(view! { <$page /> }.into_any())
            }
            Box::pin(page())
        }
    };
}

lazy_page!(
    retrievals,
    page_retrievals,
    crate::retrievals::RetrievalsPage
);
lazy_page!(uploads, page_uploads, crate::uploads::UploadsPage);
lazy_page!(batches, page_batches, crate::batches::BatchesPage);
lazy_page!(inbox, page_inbox, crate::inbox::InboxPage);
lazy_page!(settings, page_settings, crate::settings::SettingsPage);
lazy_page!(activity, page_activity, crate::activity::ActivityPage);
lazy_page!(help, page_help, crate::help::HelpPage);

/// A page loaded on first visit: "Loading this page…" until its chunk is in (at once on
/// later visits), then the page; `loaded` runs once it is built (the shell moves focus).
#[component]
pub fn LazyPage(load: fn() -> PageLoad, loaded: Callback<()>) -> impl IntoView {
    let attempt = RwSignal::new(0_u32);
    let loading = || view! { <p class="muted" role="status">{live(|| tr!(app.loading_page))}</p> };
    view! {
        <Suspense fallback=loading>
            {move || {
                attempt.track();
                Suspend::new(async move {
                    let page = load().await;
                    request_animation_frame(move || loaded.run(()));
                    page.unwrap_or_else(|PageNotLoaded| not_loaded(attempt))
                })
            }}
        </Suspense>
    }
}

fn not_loaded(attempt: RwSignal<u32>) -> AnyView {
    view! {
        <p role="alert" class="error">
            {live(|| tr!(app.page_not_loaded))}" "
            <button type="button" on:click=move |_| attempt.update(|n| *n += 1)>
                {live(|| tr!(app.try_again))}
            </button>
        </p>
    }
    .into_any()
}
