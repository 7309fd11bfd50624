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

thread_local! {
    /// The reader's relative-time format, made once: every time shown is formatted again at
    /// each tick of the [`Clock`].
    static RELATIVE: js_sys::Intl::RelativeTimeFormat = {
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"numeric".into(), &"auto".into());
        js_sys::Intl::RelativeTimeFormat::new(&js_sys::Array::new(), &options)
    };
}

/// "5 minutes ago" in the reader's language, for a stamp less than a day old.
fn relative(iso: &str, now_ms: f64) -> Option<String> {
    let at = js_sys::Date::parse(iso);
    let (value, unit) = ipdocs_www_logic::human::ago(now_ms - at)?;
    Some(RELATIVE.with(|format| format.format(value, unit).into()))
}

/// A stamp shown relative when recent ("5 minutes ago") and else in local date and time;
/// exact (local, and UTC) on hover, and for machines in `<time datetime>`.
#[leptos::component]
pub fn LocalTime(iso: String) -> impl leptos::IntoView {
    use leptos::prelude::*;
    let clock = use_context::<Clock>();
    let exact = local_time(&iso);
    let title = format!("{exact} ({iso} UTC)");
    let shown = {
        let iso = iso.clone();
        move || {
            clock
                .and_then(|Clock(now)| relative(&iso, now.get()))
                .unwrap_or_else(|| exact.clone())
        }
    };
    view! { <time datetime=iso title=title>{shown}</time> }
}
