//! Errors in plain words, shown in place. What is said comes from
//! `ipdocs_www_logic::explain` (tested natively).

use ipdocs::Error;
pub use ipdocs_www_logic::explain::{das_code, explain, title, Answerer};
use leptos::prelude::*;

/// Who answers DAS calls now (the simulator or DAS), provided by the app: the same codes mean
/// different things from each.
#[derive(Clone, Copy)]
pub struct DasAnswerer(pub Signal<Answerer>);

/// An error shown in place: title, the service's words, what to do next.
#[component]
pub fn ErrorNotice(error: Error) -> impl IntoView {
    let answerer = use_context::<DasAnswerer>().map_or(Answerer::Das, |a| a.0.get_untracked());
    let e = explain(&error, answerer);
    view! {
        <div class="notice error" role="alert">
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
