//! The language shown: every text comes from `www/locales/` through the generated `i18n`
//! module. Views use `t!`; code that makes a text outside a component (a status line stored
//! for later, an error title logged in Activity) uses `tr!`, which reads the language the app
//! shows, tracked when called in a reactive closure.

use crate::i18n::{I18nContextProvider, Locale};
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use std::cell::Cell;

thread_local! {
    /// The app's one i18n context, set when the app starts (the app runs on one thread).
    static CONTEXT: Cell<Option<I18nContext<Locale>>> = const { Cell::new(None) };
}

/// The language shown now; tracked inside a reactive closure, so a text made with it follows
/// a switch of language.
pub fn locale() -> Locale {
    CONTEXT.with(Cell::get).map_or_else(Locale::default, |i18n| i18n.get_locale())
}

/// A text in the language shown: `tr!(ns.key)` or `tr!(ns.key, name = value)`.
macro_rules! tr {
    ($($key:tt)*) => {
        leptos_i18n::td_string!($crate::lang::locale(), $($key)*)
    };
}
pub(crate) use tr;

/// Wraps the app in the i18n context (the language from the browser, or the one chosen in
/// Settings) and keeps it reachable for `tr!`.
#[component]
pub fn WithLanguage(children: Children) -> impl IntoView {
    view! {
        <I18nContextProvider enable_cookie=false>
            {
                CONTEXT.with(|c| c.set(Some(crate::i18n::use_i18n())));
                children()
            }
        </I18nContextProvider>
    }
}

/// A text in the language shown as a signal, for a component's prop: `trs!(ns.key)`.
macro_rules! trs {
    ($($key:tt)*) => {
        leptos::prelude::Signal::derive(move || $crate::lang::tr!($($key)*).to_string())
    };
}
pub(crate) use trs;
