//! Errors in plain words, shown in place. Which words apply is decided in
//! `ipdocs_www_logic::explain` (tested natively); the words are `errors` in www/locales.

use crate::lang::tr;
use ipdocs::{Error, ErrorKind};
use ipdocs_www_logic::explain::{explain, Explained, Hint, Meaning};
pub use ipdocs_www_logic::explain::{Answerer, SIMULATOR_CODES, WIPO_CODES};
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
/// the simulator whether it restarted with a new key, and sets the signal when it replaced it.
#[derive(Clone, Copy)]
pub struct TokenRefused(pub Callback<RwSignal<bool>>);

/// One line naming what failed, with the HTTP status when there was one.
pub fn title(e: &Error) -> String {
    title_words(e.kind(), e.status())
}

fn title_words(kind: ErrorKind, status: Option<u16>) -> String {
    let what = failure(kind);
    match status {
        Some(status) => tr!(errors.title.with_status, what, status).to_string(),
        None => what.to_owned(),
    }
}

fn failure(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::InvalidInput => tr!(errors.title.invalid_input),
        ErrorKind::Unauthorized => tr!(errors.title.unauthorized),
        ErrorKind::NotFound => tr!(errors.title.not_found),
        ErrorKind::RateLimited => tr!(errors.title.rate_limited),
        ErrorKind::Server => tr!(errors.title.server),
        ErrorKind::Network => tr!(errors.title.network),
        ErrorKind::Timeout => tr!(errors.title.timeout),
        ErrorKind::Aborted => tr!(errors.title.aborted),
        ErrorKind::Parse => tr!(errors.title.parse),
        ErrorKind::Service => tr!(errors.title.service),
        ErrorKind::Auth => tr!(errors.title.auth),
        ErrorKind::Das => tr!(errors.title.das),
        _ => tr!(errors.title.other),
    }
}

fn hint(hint: Hint) -> String {
    match hint {
        Hint::CorrectInput => tr!(errors.hint.correct_input).into(),
        Hint::CheckLogin => tr!(errors.hint.check_login).into(),
        Hint::CheckIdentifier => tr!(errors.hint.check_identifier).into(),
        Hint::WaitSeconds(seconds) => tr!(errors.hint.wait_seconds, seconds).to_string(),
        Hint::WaitMinute => tr!(errors.hint.wait_minute).into(),
        Hint::TryLater => tr!(errors.hint.try_later).into(),
        Hint::CheckAddress => tr!(errors.hint.check_address).into(),
        Hint::AllowMoreTime => tr!(errors.hint.allow_more_time).into(),
        Hint::Cancelled => tr!(errors.hint.cancelled).into(),
        Hint::UnexpectedAnswer => tr!(errors.hint.unexpected_answer).into(),
        Hint::CheckDasClient => tr!(errors.hint.check_das_client).into(),
        Hint::SeeCodes => tr!(errors.hint.see_codes).into(),
        Hint::TryAgain => tr!(errors.hint.try_again).into(),
    }
}

/// What a DAS error code means, as far as it is known for who answered.
pub fn das_code(code: i64, answerer: Answerer) -> String {
    meaning_words(ipdocs_www_logic::explain::das_code(code, answerer))
}

fn meaning_words(meaning: Meaning) -> String {
    match meaning {
        Meaning::Wipo(-7) => tr!(errors.code.wipo_7).into(),
        Meaning::Wipo(-12) => tr!(errors.code.wipo_12).into(),
        Meaning::Wipo(-14) => tr!(errors.code.wipo_14).into(),
        Meaning::Simulator(code) => {
            let meaning = simulator_code(code);
            tr!(errors.code.simulator, meaning).to_string()
        }
        _ => tr!(errors.code.undocumented).into(),
    }
}

fn simulator_code(code: i64) -> &'static str {
    match code {
        -20 => tr!(errors.code.sim_20),
        -21 => tr!(errors.code.sim_21),
        -30 => tr!(errors.code.sim_30),
        -31 => tr!(errors.code.sim_31),
        -32 => tr!(errors.code.sim_32),
        -33 => tr!(errors.code.sim_33),
        -40 => tr!(errors.code.sim_40),
        -41 => tr!(errors.code.sim_41),
        // `Meaning::Simulator` is only ever one of SIMULATOR_CODES.
        _ => tr!(errors.code.sim_50),
    }
}

/// An error shown in place: title, the service's words, what to do next (in the language
/// shown, following a switch).
#[component]
pub fn ErrorNotice(error: Error) -> impl IntoView {
    let answerer = current_answerer();
    let repaired = RwSignal::new(false);
    if error.kind() == ErrorKind::Auth {
        if let Some(TokenRefused(recheck)) = use_context::<TokenRefused>() {
            recheck.run(repaired);
        }
    }
    let Explained {
        kind,
        status,
        detail,
        hint: next,
        codes,
    } = explain(&error, answerer);
    view! {
        <div class="notice error" role="alert">
            {move || repaired.get().then(|| view! { <p class="repaired"><strong>{tr!(errors.demo_key_replaced)}</strong></p> })}
            <strong>{move || title_words(kind, status)}</strong>
            <p>{detail}</p>
            <ul class="codes">
                {codes
                    .into_iter()
                    .map(|(code, message, meaning)| {
                        view! {
                            <li>
                                <code>{code}</code>" "{move || meaning_words(meaning)}" "
                                <span class="muted">{message}</span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p class="hint">{move || hint(next)}</p>
        </div>
    }
}
