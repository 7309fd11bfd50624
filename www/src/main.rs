//! The ipdocs web app: a Leptos single-page app on the ipdocs library, served as static files.
//!
//! Pages (hash routes): attachments (CLAIMS Direct), retrievals (DAS, office of second
//! filing), uploads (DAS, office of first filing), inbox (WIPO's calls into this office, through
//! ipdocs-office), settings, activity. The app talks to the
//! services only through the library's public Rust API. What only the demo needs (the
//! simulator's login, example documents and partner office) is in `demo`, built with the
//! `demo` feature (the default).

/// A view that only the demo build has (see `demo`); nothing in an office's own build.
macro_rules! demo_only {
    ($($view:tt)*) => {{
        #[cfg(feature = "demo")]
        let shown = leptos::prelude::IntoAny::into_any(leptos::view! { $($view)* });
        #[cfg(not(feature = "demo"))]
        let shown = ();
        shown
    }};
}

// The generated `i18n` module: `Locale`, `use_i18n`, `I18nContextProvider` and the keys
// of www/locales/ (see build.rs).
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

mod activity;
mod app;
mod attachments;
mod batches;
mod confirm;
mod context;
#[cfg(feature = "demo")]
mod demo;
mod download;
mod environment;
mod explain;
mod help;
mod human;
mod inbox;
mod lang;
mod lazy;
mod office_retrievals;
mod page_state;
mod retrievals;
mod settings;
mod store;
mod table;
mod uploads;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(|| {
        leptos::view! { <lang::WithLanguage><app::App /></lang::WithLanguage> }
    });
}
