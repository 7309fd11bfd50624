//! Errors in plain words: what failed and what to do next. DAS application codes are named.
//! What is decided here is which words apply; the words themselves, in each language, are the
//! app's (`www/locales/*/errors.json`).

use ipdocs_core::{Error, ErrorKind};

/// What a person needs to read about a failure.
#[derive(Debug, Clone, PartialEq)]
pub struct Explained {
    pub kind: ErrorKind,
    pub status: Option<u16>,
    /// The service's own words, shown as they came.
    pub detail: String,
    pub hint: Hint,
    /// DAS `details[]`: code, the service's message, and what the code means.
    pub codes: Vec<(i64, String, Meaning)>,
}

/// Who gave a DAS error code: what may be said about a code depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answerer {
    /// ipdocs-sim is the configured DAS.
    Simulator,
    /// WIPO's acceptance or production service, or anything else.
    Das,
}

/// The DAS codes WIPO documents.
pub const WIPO_CODES: [i64; 3] = [-7, -12, -14];

/// The simulator's own codes (the README lists them), explained only in the demo build.
#[cfg(feature = "demo")]
pub const SIMULATOR_CODES: [i64; 9] = [-20, -21, -30, -31, -32, -33, -40, -41, -50];
#[cfg(not(feature = "demo"))]
pub const SIMULATOR_CODES: [i64; 0] = [];

/// Where the meaning of a DAS error code comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// One of `WIPO_CODES`.
    Wipo(i64),
    /// One of `SIMULATOR_CODES`, and the simulator answered: from a real DAS the same number
    /// may mean something else.
    Simulator(i64),
    /// Nothing is known about it; the service's message says more.
    Undocumented,
}

/// The meaning of a DAS error code, as far as it is known for who answered.
pub fn das_code(code: i64, answerer: Answerer) -> Meaning {
    if WIPO_CODES.contains(&code) {
        Meaning::Wipo(code)
    } else if answerer == Answerer::Simulator && SIMULATOR_CODES.contains(&code) {
        Meaning::Simulator(code)
    } else {
        Meaning::Undocumented
    }
}

/// What to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    CorrectInput,
    CheckLogin,
    CheckIdentifier,
    /// Wait this many seconds (the service's `Retry-After`).
    WaitSeconds(u64),
    WaitMinute,
    TryLater,
    CheckAddress,
    AllowMoreTime,
    Cancelled,
    UnexpectedAnswer,
    CheckDasClient,
    SeeCodes,
    TryAgain,
}

fn hint(e: &Error) -> Hint {
    match e.kind() {
        ErrorKind::InvalidInput => Hint::CorrectInput,
        ErrorKind::Unauthorized => Hint::CheckLogin,
        ErrorKind::NotFound => Hint::CheckIdentifier,
        ErrorKind::RateLimited => match e.retry_after_ms() {
            Some(ms) => Hint::WaitSeconds(ms.div_ceil(1000)),
            None => Hint::WaitMinute,
        },
        ErrorKind::Server => Hint::TryLater,
        ErrorKind::Network => Hint::CheckAddress,
        ErrorKind::Timeout => Hint::AllowMoreTime,
        ErrorKind::Aborted => Hint::Cancelled,
        ErrorKind::Parse => Hint::UnexpectedAnswer,
        ErrorKind::Auth => Hint::CheckDasClient,
        ErrorKind::Das => Hint::SeeCodes,
        _ => Hint::TryAgain,
    }
}

pub fn explain(e: &Error, answerer: Answerer) -> Explained {
    Explained {
        kind: e.kind(),
        status: e.status(),
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
        assert_eq!(das_code(-14, Answerer::Das), Meaning::Wipo(-14));
        assert_eq!(das_code(-14, Answerer::Simulator), Meaning::Wipo(-14));
        assert_eq!(das_code(-31, Answerer::Simulator), Meaning::Simulator(-31));
        // From a real DAS the same number may mean something else.
        assert_eq!(das_code(-31, Answerer::Das), Meaning::Undocumented);
        assert_eq!(das_code(7, Answerer::Simulator), Meaning::Undocumented);
    }

    #[test]
    #[cfg(not(feature = "demo"))]
    fn an_office_build_names_no_simulator_code() {
        assert_eq!(das_code(-14, Answerer::Simulator), Meaning::Wipo(-14));
        assert_eq!(das_code(-31, Answerer::Simulator), Meaning::Undocumented);
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
        assert_eq!((x.kind, x.status), (ErrorKind::Das, Some(400)));
        assert_eq!(x.detail, "refused");
        assert_eq!(x.codes, vec![(-12, "date".to_owned(), Meaning::Wipo(-12))]);
        assert_eq!(x.hint, Hint::SeeCodes);
        let limited =
            Error::new(ErrorKind::RateLimited, "slow down").with_retry_after_ms(Some(2500));
        assert_eq!(explain(&limited, Answerer::Das).hint, Hint::WaitSeconds(3));
        let unlimited = Error::new(ErrorKind::RateLimited, "slow down");
        assert_eq!(explain(&unlimited, Answerer::Das).hint, Hint::WaitMinute);
    }
}
