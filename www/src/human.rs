//! Numbers and times in the words people read.

pub use ipdocs_www_logic::human::size;

/// Now, as an ISO 8601 UTC timestamp.
pub fn now_iso() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

/// An ISO 8601 UTC stamp as the reader's local date and time (their browser's language and
/// time zone); the stamp itself when it is not one.
pub fn local_time(iso: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return iso.to_owned();
    }
    date.to_locale_string("default", &js_sys::Object::new())
        .into()
}

/// A stamp shown in local time, exact in UTC on hover and for machines (`<time datetime>`).
#[leptos::component]
pub fn LocalTime(iso: String) -> impl leptos::IntoView {
    use leptos::prelude::*;
    view! { <time datetime=iso.clone() title=format!("{iso} (UTC)")>{local_time(&iso)}</time> }
}
