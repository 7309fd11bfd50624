//! Errors in plain words, shown in place. What is said comes from
//! `ipdocs_www_logic::explain` (tested natively).

use ipdocs::Error;
pub use ipdocs_www_logic::explain::{das_code, explain, title, Answerer};
use leptos::prelude::*;

/// Who answers DAS calls now (the simulator or DAS), provided by the app: the same codes mean
/// different things from each.
#[derive(Clone, Copy)]
pub struct DasAnswerer(pub Signal<Answerer>);

/// Who answers DAS calls here, as the app provides it (DAS when it provides nothing).
pub fn current_answerer() -> Answerer {
    use_context::<DasAnswerer>().map_or(Answerer::Das, |a| a.0.get_untracked())
}

/// What the app can do when DAS refused its token, provided by the app: the demo build asks
/// the simulator whether it restarted with a new key, and writes what it did into the signal.
#[derive(Clone, Copy)]
pub struct TokenRefused(pub Callback<RwSignal<Option<String>>>);

/// An error shown in place: title, the service's words, what to do next.
#[component]
pub fn ErrorNotice(error: Error) -> impl IntoView {
    let answerer = current_answerer();
    let repaired = RwSignal::new(None::<String>);
    if error.kind() == ipdocs::ErrorKind::Auth {
        if let Some(TokenRefused(recheck)) = use_context::<TokenRefused>() {
            recheck.run(repaired);
        }
    }
    let e = explain(&error, answerer);
    view! {
        <div class="notice error" role="alert">
            {move || repaired.get().map(|done| view! { <p class="repaired"><strong>{done}</strong></p> })}
            <strong>{e.title}</strong>
            <p>{e.detail}</p>
            <ul class="codes">
                {e.codes
                    .into_iter()
                    .map(|(code, message, meaning)| {
                        view! {
                            <li>
                                <code>{code}</code>" "{meaning}" "
                                <span class="muted">{message}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p class="hint">{e.hint}</p>
        </div>
    }
}
