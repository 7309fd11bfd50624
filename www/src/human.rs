//! Numbers and times in the words people read.

use crate::i18n::Locale;
use crate::lang::locale;
use leptos_i18n::Locale as _;
use std::cell::RefCell;
use std::thread::LocalKey;

/// An `Intl` format of the language shown, made once per language (every time and size shown
/// is formatted again at each tick of the [`Clock`] or switch of language).
type PerLanguage<T> = RefCell<Option<(Locale, T)>>;

/// Uses `cache`'s value for the language shown, made by `make` when the language changed.
fn with_format<T, R>(
    cache: &'static LocalKey<PerLanguage<T>>,
    make: impl FnOnce(&js_sys::Array) -> T,
    read: impl FnOnce(&T) -> Option<R>,
) -> Option<R> {
    let shown = locale();
    cache.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.as_ref().is_none_or(|(l, _)| *l != shown) {
            *cache = Some((shown, make(&js_sys::Array::of1(&shown.as_str().into()))));
        }
        read(&cache.as_ref()?.1)
    })
}

thread_local! {
    /// Number formats for sizes: whole bytes, and one decimal.
    static NUMBERS: PerLanguage<[js_sys::Intl::NumberFormat; 2]> = const { RefCell::new(None) };
    /// "5 minutes ago".
    static RELATIVE: PerLanguage<js_sys::Intl::RelativeTimeFormat> = const { RefCell::new(None) };
}

fn number_format(languages: &js_sys::Array, decimals: u32) -> js_sys::Intl::NumberFormat {
    let options = js_sys::Object::new();
    for key in ["minimumFractionDigits", "maximumFractionDigits"] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &decimals.into());
    }
    js_sys::Intl::NumberFormat::new(languages, &options)
}

/// `1536` → "1.5 KiB" ("1,5 KiB" in French): the number in the language shown.
pub fn size(bytes: f64) -> String {
    let (value, unit) = ipdocs_www_logic::human::size_in_units(bytes);
    let number = with_format(
        &NUMBERS,
        |languages| [number_format(languages, 0), number_format(languages, 1)],
        |formats| {
            let format = formats[usize::from(unit != "B")].format();
            format
                .call1(&wasm_bindgen::JsValue::NULL, &value.into())
                .ok()?
                .as_string()
        },
    );
    match number {
        Some(number) => format!("{number} {unit}"),
        None => ipdocs_www_logic::human::size(bytes),
    }
}

/// Now, as an ISO 8601 UTC timestamp.
pub fn now_iso() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

/// An ISO 8601 UTC stamp as the reader's local date and time (in the language shown, the
/// browser's time zone); the stamp itself when it is not one.
pub fn local_time(iso: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return iso.to_owned();
    }
    date.to_locale_string(locale().as_str(), &js_sys::Object::new())
        .into()
}

/// Now, as the pages show times relative to it: ticks every 30 s, so "2 minutes ago" stays
/// true while a page is open. Provided by the app.
#[derive(Clone, Copy)]
pub struct Clock(pub leptos::prelude::RwSignal<f64>);

impl Clock {
    pub fn start() -> Clock {
        use leptos::prelude::*;
        let now = RwSignal::new(js_sys::Date::now());
        leptos::task::spawn_local(async move {
            while ipdocs::transport::sleep(30_000, None).await.is_ok() {
                now.set(js_sys::Date::now());
            }
        });
        Clock(now)
    }
}

/// "5 minutes ago" in the language shown, for a stamp less than a day old.
fn relative(iso: &str, now_ms: f64) -> Option<String> {
    let at = js_sys::Date::parse(iso);
    let (value, unit) = ipdocs_www_logic::human::ago(now_ms - at)?;
    with_format(
        &RELATIVE,
        |languages| {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"numeric".into(), &"auto".into());
            js_sys::Intl::RelativeTimeFormat::new(languages, &options)
        },
        |format| Some(format.format(value, unit).into()),
    )
}

/// A stamp shown relative when recent ("5 minutes ago") and else in local date and time;
/// exact (local, and UTC) on hover, and for machines in `<time datetime>`.
#[leptos::component]
pub fn LocalTime(iso: String) -> impl leptos::IntoView {
    use leptos::prelude::*;
    let clock = use_context::<Clock>();
    let title = {
        let iso = iso.clone();
        move || format!("{} ({iso} UTC)", local_time(&iso))
    };
    let shown = {
        let iso = iso.clone();
        move || {
            clock
                .and_then(|Clock(now)| relative(&iso, now.get()))
                .unwrap_or_else(|| local_time(&iso))
        }
    };
    view! { <time datetime=iso title=title>{shown}</time> }
}
