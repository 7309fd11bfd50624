//! Code loaded when it is first needed. Each `split_code!` below (and in the pages that use
//! it) declares a split point of the wasm module: `scripts/build-app.sh` runs
//! `wasm-split-cli` on the linked wasm, which moves the code only that split point reaches
//! into a chunk of its own (code two of them share into a shared chunk), fetched and
//! instantiated by the first call. The Attachments page, the one a first visit opens, stays
//! in the first module; every other page is a chunk, and so are the Attachments page's parts
//! that only a listing shows (the rows, the set's tools, the preview).
//!
//! A chunk that cannot be fetched (the network is down, the server was updated meanwhile) is
//! a message with a retry, never a panic: the split points are `fallible`.

use crate::lang::{live, tr};
use futures_util::FutureExt;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_split::SplitLoaderError;
use std::future::Future;
use std::pin::Pin;

/// A chunk could not be fetched or instantiated (the browser's console has why).
#[derive(Debug, Clone, Copy)]
pub struct NotLoaded;

impl From<SplitLoaderError> for NotLoaded {
    fn from(_: SplitLoaderError) -> Self {
        NotLoaded
    }
}

pub type Fetch = Pin<Box<dyn Future<Output = Result<(), SplitLoaderError>>>>;

/// Makes a split view from its props (a function in the chunk).
pub type Make<P> = fn(P) -> AnyView;

/// A view whose code is in a chunk of its own: `fetch` brings the chunk in (at once when it
/// is in); `build` gives the function that makes the view from its props once it is (`None`
/// before).
pub struct SplitCode<P: 'static> {
    pub fetch: fn() -> Fetch,
    pub build: fn() -> Option<Make<P>>,
}

// Not derived: a derive would ask `P: Copy`, and the props need not be.
impl<P> Clone for SplitCode<P> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<P> Copy for SplitCode<P> {}

/// Declares a split point as a [`SplitCode`]: `$chunk` names the chunk, `$make` (a closure
/// that captures nothing) makes the view from its props. The view is built only once its
/// chunk is in, in the reactive scope of the place that shows it: no `Suspense` keeps it.
macro_rules! split_code {
    ($name:ident, $chunk:ident, $props:ty, $make:expr) => {
        pub const $name: $crate::lazy::SplitCode<$props> = {
            #[::leptos::wasm_split::wasm_split(
                                                        $chunk,
                                                        wasm_split_path = ::leptos::wasm_split,
                                                        fallible,
                                                        preload(fetch)
                                                    )]
            fn code() -> Result<$crate::lazy::Make<$props>, $crate::lazy::NotLoaded> {
                Ok($make)
            }
            $crate::lazy::SplitCode {
                fetch: || Box::pin(fetch()),
                // Once fetched, the split function's future is ready at its first poll.
                build: || ::futures_util::FutureExt::now_or_never(code()).and_then(Result::ok),
            }
        };
    };
}
pub(crate) use split_code;

/// The pages loaded on their first visit.
pub type PageCode = SplitCode<()>;

/// Declares a page as a split point of its own, `$chunk`.
macro_rules! lazy_page {
    ($name:ident, $chunk:ident, $page:path) => {
        split_code!($name, $chunk, (), |()| view! { <$page /> }.into_any());
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

/// What a split view says while its chunk is fetched, and when it could not be.
#[derive(Clone, Copy)]
struct Words {
    loading: fn() -> &'static str,
    missing: fn() -> &'static str,
}

/// A page loaded on first visit: "Loading this page…" until its chunk is in (at once on
/// later visits), then the page; `loaded` runs once it is built (the shell moves focus).
#[component]
pub fn LazyPage(code: PageCode, loaded: Callback<()>) -> impl IntoView {
    let words = Words {
        loading: || tr!(app.loading_page),
        missing: || tr!(app.page_not_loaded),
    };
    split_view(code, (), words, Some(loaded))
}

/// A part of a page loaded when it is first shown: "Loading…" until its chunk is in, then
/// the part made from `props`.
pub fn lazy_part<P: Clone + Send + Sync + 'static>(code: SplitCode<P>, props: P) -> impl IntoView {
    let words = Words {
        loading: || tr!(app.loading_part),
        missing: || tr!(app.part_not_loaded),
    };
    split_view(code, props, words, None)
}

fn split_view<P: Clone + Send + Sync + 'static>(
    code: SplitCode<P>,
    props: P,
    words: Words,
    loaded: Option<Callback<()>>,
) -> impl IntoView {
    let chunk = RwSignal::new(Chunk::Fetching);
    let fetch = move || {
        let mut fetching = (code.fetch)();
        match (&mut fetching).now_or_never() {
            Some(done) => chunk.set(arrived(done, loaded)),
            None => {
                chunk.set(Chunk::Fetching);
                // A view left meanwhile has dropped its signal: the late `set` does nothing.
                spawn_local(async move { chunk.set(arrived(fetching.await, loaded)) });
            }
        }
    };
    fetch();
    move || match chunk.get() {
        Chunk::Fetching => {
            view! { <p class="muted" role="status">{live(words.loading)}</p> }.into_any()
        }
        Chunk::In => match (code.build)() {
            Some(make) => make(props.clone()),
            None => not_loaded(words, fetch),
        },
        Chunk::Missing => not_loaded(words, fetch),
    }
}

fn arrived(fetched: Result<(), SplitLoaderError>, loaded: Option<Callback<()>>) -> Chunk {
    match fetched {
        Ok(()) => {
            // The shell waits for the next frame itself, when the page is built.
            if let Some(loaded) = loaded {
                loaded.run(());
            }
            Chunk::In
        }
        Err(_) => Chunk::Missing,
    }
}

fn not_loaded(words: Words, retry: impl Fn() + Copy + 'static) -> AnyView {
    view! {
        <p role="alert" class="error">
            {live(words.missing)}" "
            <button type="button" on:click=move |_| retry()>
                {live(|| tr!(app.try_again))}
            </button>
        </p>
    }
    .into_any()
}
