//! The language shown: every text comes from `www/locales/` through the generated `i18n`
//! module. `tr!(ns.key)` makes a text in the language shown, tracked when called in a
//! reactive closure; views show plain texts with `live(|| tr!(ns.key))`, texts with values in
//! `move || tr!(ns.key, name = value)`, and texts with markup (`<strong>`, a link) with
//! leptos_i18n's `t!`. A text made outside a view (a status line stored for later, an error
//! title logged in Activity) stays in the language it was made in.

use crate::i18n::{I18nContextProvider, Locale};
use leptos::prelude::*;
use leptos_i18n::{I18nContext, Locale as _};
use std::cell::Cell;
use std::str::FromStr;

/// Where the language chosen in Settings is kept (absent: the browser's).
const STORAGE_KEY: &str = "ipdocs.language";

thread_local! {
    /// The app's one i18n context, set when the app starts (the app runs on one thread).
    static CONTEXT: Cell<Option<I18nContext<Locale>>> = const { Cell::new(None) };
}

/// The language shown now; tracked inside a reactive closure, so a text made with it follows
/// a switch of language.
pub fn locale() -> Locale {
    CONTEXT
        .with(Cell::get)
        .map_or_else(Locale::default, |i18n| i18n.get_locale())
}

/// A text in the language shown: `tr!(ns.key)` or `tr!(ns.key, name = value)`.
macro_rules! tr {
    ($($key:tt)*) => {
        leptos_i18n::td_string!($crate::lang::locale(), $($key)*)
    };
}
pub(crate) use tr;

/// Wraps the app in the i18n context (the language chosen in Settings, else the browser's
/// first one the app has) and keeps it reachable for `tr!`. The provider also sets `lang` on
/// `<html>`, so assistive technology reads each language with its own voice.
#[component]
pub fn WithLanguage(children: Children) -> impl IntoView {
    view! {
        <I18nContextProvider enable_cookie=false>
            {
                let i18n = crate::i18n::use_i18n();
                CONTEXT.with(|c| c.set(Some(i18n)));
                // After the provider's own first pass, which sets the browser's language.
                Effect::new(move |_| {
                    if let Some(language) = chosen() {
                        i18n.set_locale(language);
                    }
                });
                children()
            }
        </I18nContextProvider>
    }
}

/// The language chosen in Settings, if one was.
pub fn chosen() -> Option<Locale> {
    crate::settings::kept(STORAGE_KEY).and_then(|id| Locale::from_str(&id).ok())
}

/// Shows `language` from now on and keeps the choice; `None`: follow the browser.
pub fn choose(language: Option<Locale>) {
    match language {
        Some(locale) => crate::settings::keep_text(STORAGE_KEY, locale.as_str()),
        None => crate::settings::forget(STORAGE_KEY),
    }
    if let Some(i18n) = CONTEXT.with(Cell::get) {
        i18n.set_locale(language.unwrap_or_else(from_browser));
    }
}

/// The browser's preferred languages (`navigator.languages`), matched to the app's.
fn from_browser() -> Locale {
    let languages: Vec<String> = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &"languages".into()).ok())
        .map(|list| {
            js_sys::Array::from(&list)
                .iter()
                .filter_map(|l| l.as_string())
                .collect()
        })
        .unwrap_or_default();
    Locale::find_locale(&languages)
}

/// Whether `count` takes the singular in the language shown.
pub fn singular(count: usize) -> bool {
    ipdocs_www_logic::human::singular(locale().as_str(), count)
}

/// Each language by its own name, as a language menu shows them.
pub fn own_name(locale: Locale) -> &'static str {
    match locale {
        Locale::en => "English",
        Locale::fr => "Français",
        Locale::es => "Español",
        Locale::ja => "日本語",
    }
}

/// A text in the language shown as a signal, for a component's prop: `trs!(ns.key)`.
macro_rules! trs {
    ($($key:tt)*) => {
        leptos::prelude::Signal::derive(move || $crate::lang::tr!($($key)*).to_string())
    };
}
pub(crate) use trs;

/// A text of the language shown, read again when the language changes: `live(|| tr!(ns.key))`.
/// Every text shares this one closure type (a closure that captures nothing is a `fn`), so
/// the reactive rendering is compiled once for all of them rather than once per text.
pub fn live(key: fn() -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || key()
}
