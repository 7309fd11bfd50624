//! The pages whose code is loaded on their first visit. Each `load` function below is a split
//! point of the wasm module: `scripts/build-app.sh` runs `wasm-split-cli` on the linked wasm,
//! which moves the code only that function reaches into a chunk of its own (code two pages
//! share into a shared chunk), fetched and instantiated by the first call. The Attachments
//! page, the one a first visit opens, stays in the first module.
//!
//! A chunk that cannot be fetched (the network is down, the server was updated meanwhile) is
//! a message with a retry, never a panic: the split points are `fallible`.

use crate::lang::{live, tr};
use futures_util::FutureExt;
use leptos::prelude::*;
use leptos::task::spawn_local;
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

type Fetch = Pin<Box<dyn Future<Output = Result<(), SplitLoaderError>>>>;

/// A page in a chunk of its own: `fetch` brings the chunk in (at once when it is in), `build`
/// makes the page once it is (`None` before).
#[derive(Clone, Copy)]
pub struct PageCode {
    fetch: fn() -> Fetch,
    build: fn() -> Option<AnyView>,
}

/// Declares a page's split point as a [`PageCode`]. The page is built only once its chunk is
/// in, in the view's own reactive scope, as `Show` builds any page: no `Suspense` keeps it.
macro_rules! lazy_page {
    ($name:ident, $chunk:ident, $page:path) => {
        pub const $name: PageCode = {
            #[wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible, preload(fetch))]
            fn page() -> Result<AnyView, PageNotLoaded> {
                Ok(view! { <$page /> }.into_any())
            }
            PageCode {
                fetch: || Box::pin(fetch()),
                // Once fetched, the split function's future is ready at its first poll.
                build: || page().now_or_never().and_then(Result::ok),
            }
        };
    };
}

lazy_page!(
    RETRIEVALS,
    page_retrievals,
    crate::retrievals::RetrievalsPage
);
lazy_page!(UPLOADS, page_uploads, crate::uploads::UploadsPage);
lazy_page!(BATCHES, page_batches, crate::batches::BatchesPage);
lazy_page!(INBOX, page_inbox, crate::inbox::InboxPage);
lazy_page!(SETTINGS, page_settings, crate::settings::SettingsPage);
lazy_page!(ACTIVITY, page_activity, crate::activity::ActivityPage);
lazy_page!(HELP, page_help, crate::help::HelpPage);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chunk {
    Fetching,
    In,
    Missing,
}

/// A page loaded on first visit: "Loading this page…" until its chunk is in (at once on
/// later visits), then the page; `loaded` runs once it is built (the shell moves focus).
#[component]
pub fn LazyPage(code: PageCode, loaded: Callback<()>) -> impl IntoView {
    let chunk = RwSignal::new(Chunk::Fetching);
    let fetch = move || {
        let mut fetching = (code.fetch)();
        match (&mut fetching).now_or_never() {
            Some(done) => chunk.set(arrived(done, loaded)),
            None => {
                chunk.set(Chunk::Fetching);
                // A page left meanwhile has dropped its signal: the late `set` does nothing.
                spawn_local(async move { chunk.set(arrived(fetching.await, loaded)) });
            }
        }
    };
    fetch();
    move || match chunk.get() {
        Chunk::Fetching => {
            view! { <p class="muted" role="status">{live(|| tr!(app.loading_page))}</p> }.into_any()
        }
        Chunk::In => (code.build)().unwrap_or_else(|| not_loaded(fetch)),
        Chunk::Missing => not_loaded(fetch),
    }
}

fn arrived(fetched: Result<(), SplitLoaderError>, loaded: Callback<()>) -> Chunk {
    match fetched {
        Ok(()) => {
            // The shell waits for the next frame itself, when the page is built.
            loaded.run(());
            Chunk::In
        }
        Err(_) => Chunk::Missing,
    }
}

fn not_loaded(retry: impl Fn() + Copy + 'static) -> AnyView {
    view! {
        <p role="alert" class="error">
            {live(|| tr!(app.page_not_loaded))}" "
            <button type="button" on:click=move |_| retry()>
                {live(|| tr!(app.try_again))}
            </button>
        </p>
    }
    .into_any()
}
