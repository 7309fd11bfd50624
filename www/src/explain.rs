//! Errors in plain words: what failed and what to do next. DAS application codes are named.

use ipdocs::{Error, ErrorKind};
use leptos::prelude::*;

/// What a person needs to read about a failure.
#[derive(Debug, Clone, PartialEq)]
pub struct Explained {
    pub title: String,
    pub detail: String,
    pub hint: String,
    /// DAS `details[]`: code, the service's message, and what the code means.
    pub codes: Vec<(i64, String, String)>,
}

/// Who gave a DAS error code: what may be said about a code depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answerer {
    /// ipdocs-sim is the configured DAS.
    Simulator,
    /// WIPO's acceptance or production service, or anything else.
    Das,
}

/// The meaning of a DAS error code. WIPO documents -7, -12 and -14; -20 to -50 are ipdocs-sim's
/// own (the README lists them) and are explained as the simulator's only when it answered:
/// from a real DAS the same number may mean something else.
pub fn das_code(code: i64, answerer: Answerer) -> String {
    if let Some(meaning) = wipo_code(code) {
        return meaning.to_owned();
    }
    match (simulator_code(code), answerer) {
        (Some(meaning), Answerer::Simulator) => {
            format!("Code of the ipdocs simulator, not a WIPO DAS code: {meaning}")
        }
        _ => "A code WIPO does not document; the message from DAS says more.".to_owned(),
    }
}

fn wipo_code(code: i64) -> Option<&'static str> {
    Some(match code {
        -7 => "No priority document is registered with this number and kind.",
        -12 => "The priority date does not match the registered document.",
        -14 => "The DAS access code does not match the registered document.",
        _ => return None,
    })
}

fn simulator_code(code: i64) -> Option<&'static str> {
    Some(match code {
        -20 => "The document is not ready for download yet.",
        -21 => "The file was deleted from the transit zone or has expired.",
        -30 => "The uploaded file has not been validated (yet).",
        -31 => "The uploaded file's checksum does not match the one announced.",
        -32 => "The file format is not accepted (PDF or ZIP expected).",
        -33 => "The file is empty or too large.",
        -40 => "This document is already registered.",
        -41 => "This document or file belongs to another office.",
        -50 => "The file is unknown to DAS.",
        _ => return None,
    })
}

fn hint(e: &Error) -> String {
    match e.kind() {
        ErrorKind::InvalidInput => "Correct the value and try again.".into(),
        ErrorKind::Unauthorized => "Check the login (CLAIMS Direct) or the client id and key (DAS) in Settings.".into(),
        ErrorKind::NotFound => "Check the identifier; the item may have been removed.".into(),
        ErrorKind::RateLimited => match e.retry_after_ms() {
            Some(ms) => format!("Wait about {} s, then try again.", ms.div_ceil(1000)),
            None => "Wait a minute, then try again.".into(),
        },
        ErrorKind::Server => "Try again in a moment; if it keeps failing, the service may be down.".into(),
        ErrorKind::Network => "Check the service address in Settings and your connection. The service must also allow this page's origin (CORS).".into(),
        ErrorKind::Timeout => "Try again, or allow more time in Settings.".into(),
        ErrorKind::Aborted => "Nothing more happens; start again when you want.".into(),
        ErrorKind::Parse => "The service answered in an unexpected form; the activity log shows which call.".into(),
        ErrorKind::Auth => "Check the DAS client id, token URL and office key in Settings.".into(),
        ErrorKind::Das => "See what each code means below; correct the request and try again.".into(),
        _ => "Try again; if it keeps failing, check Settings.".into(),
    }
}

/// One line naming what failed.
pub fn title(e: &Error) -> String {
    let status = e
        .status()
        .map(|s| format!(" (HTTP {s})"))
        .unwrap_or_default();
    let what = match e.kind() {
        ErrorKind::InvalidInput => "Some input is not valid",
        ErrorKind::Unauthorized => "The service refused the credentials",
        ErrorKind::NotFound => "Not found",
        ErrorKind::RateLimited => "Too many requests",
        ErrorKind::Server => "The service had a problem",
        ErrorKind::Network => "Could not reach the service",
        ErrorKind::Timeout => "The service did not answer in time",
        ErrorKind::Aborted => "Cancelled",
        ErrorKind::Parse => "The answer could not be read",
        ErrorKind::Service => "The service reported a failure",
        ErrorKind::Auth => "Could not get a DAS access token",
        ErrorKind::Das => "DAS refused the request",
        _ => "The request failed",
    };
    format!("{what}{status}")
}

pub fn explain(e: &Error, answerer: Answerer) -> Explained {
    Explained {
        title: title(e),
        detail: e.message().to_owned(),
        hint: hint(e),
        codes: e
            .details()
            .iter()
            .map(|d| (d.code, d.message.clone(), das_code(d.code, answerer)))
            .collect(),
    }
}

/// An error shown in place: title, the service's words, what to do next.
#[component]
pub fn ErrorNotice(error: Error) -> impl IntoView {
    let answerer =
        use_context::<crate::context::Ctx>().map_or(Answerer::Das, |ctx| ctx.das_answerer());
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
