//! Errors in plain words: what failed and what to do next. DAS application codes are named.

use ipdocs_core::{Error, ErrorKind};

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
    match simulator_code(code, answerer) {
        Some(meaning) => format!("Code of the ipdocs simulator, not a WIPO DAS code: {meaning}"),
        None => "A code WIPO does not document; the message from DAS says more.".to_owned(),
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

/// The simulator's own codes, when it answered (the demo build only).
#[cfg(feature = "demo")]
fn simulator_code(code: i64, answerer: Answerer) -> Option<&'static str> {
    if answerer != Answerer::Simulator {
        return None;
    }
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

#[cfg(not(feature = "demo"))]
fn simulator_code(_: i64, _: Answerer) -> Option<&'static str> {
    None
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

#[cfg(test)]
mod tests {
    use super::*;
    use ipdocs_core::error::ErrorDetail;

    #[test]
    #[cfg(feature = "demo")]
    fn wipo_codes_are_named_and_simulator_codes_only_when_it_answered() {
        assert!(das_code(-14, Answerer::Das).contains("access code"));
        assert!(das_code(-14, Answerer::Simulator).contains("access code"));
        assert!(das_code(-31, Answerer::Simulator).starts_with("Code of the ipdocs simulator"));
        // From a real DAS the same number may mean something else.
        assert!(das_code(-31, Answerer::Das).starts_with("A code WIPO does not document"));
        assert!(das_code(7, Answerer::Simulator).starts_with("A code WIPO does not document"));
    }

    #[test]
    #[cfg(not(feature = "demo"))]
    fn an_office_build_names_no_simulator_code() {
        assert!(das_code(-14, Answerer::Simulator).contains("access code"));
        assert!(das_code(-31, Answerer::Simulator).starts_with("A code WIPO does not document"));
    }

    #[test]
    fn an_explanation_names_the_failure_the_status_the_codes_and_what_to_do() {
        let e = Error::new(ErrorKind::Das, "refused")
            .with_status(400)
            .with_details(vec![ErrorDetail {
                code: -12,
                message: "date".into(),
            }]);
        let x = explain(&e, Answerer::Das);
        assert_eq!(x.title, "DAS refused the request (HTTP 400)");
        assert_eq!(x.detail, "refused");
        assert_eq!(x.codes.len(), 1);
        assert_eq!(x.codes[0].0, -12);
        assert!(x.codes[0].2.contains("priority date"));
        let limited =
            Error::new(ErrorKind::RateLimited, "slow down").with_retry_after_ms(Some(2500));
        assert_eq!(
            explain(&limited, Answerer::Das).hint,
            "Wait about 3 s, then try again."
        );
        assert_eq!(
            title(&Error::new(ErrorKind::Network, "x")),
            "Could not reach the service"
        );
    }
}
