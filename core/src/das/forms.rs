//! Endpoints whose path or method the sources disagree on (notes §2, §10.3–4; seed 000), and
//! the rule for finding the form a service speaks: try the remembered (or first) form; on a
//! 404/405 that carries no DAS error body, try the other once and remember whichever answered.
//! A client may pin one form instead.

use crate::error::Error;

/// An endpoint with two documented forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disputed {
    /// `POST/PUT requests/files/url-uploads` (spec, Java sample, 2026 guide) or
    /// `requests/url-uploads` (seed 000 step 3, flow c.3, the older use-case table).
    UploadUrl,
    /// `GET requests/files?fileId=` (Java sample, 2026 guide) or `GET requests/url-uploads?fileId=`
    /// (the older use-case table).
    FileStatus,
    /// `POST requests/files/url-downloads` with a JSON body (newest pages, Java sample) or `GET`
    /// with the document in the query (seed 000 step 7, older page versions).
    DownloadUrl,
}

impl Disputed {
    const ALL: [Disputed; 3] = [
        Disputed::UploadUrl,
        Disputed::FileStatus,
        Disputed::DownloadUrl,
    ];

    fn index(self) -> usize {
        self as usize
    }
}

/// Which of the two forms: the spec's (newest sources) or the seed's literal one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    #[default]
    Spec,
    Seed,
}

impl Form {
    pub fn other(self) -> Form {
        match self {
            Form::Spec => Form::Seed,
            Form::Seed => Form::Spec,
        }
    }
}

/// How a client chooses forms: discovered per endpoint (the default), or one pinned for all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FormPolicy {
    #[default]
    Discover,
    Pin(Form),
}

/// What one client has learnt about the service's forms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormMemory {
    policy: FormPolicy,
    learnt: [Option<Form>; 3],
}

impl FormMemory {
    pub fn new(policy: FormPolicy) -> FormMemory {
        FormMemory {
            policy,
            learnt: [None; 3],
        }
    }

    /// The form to try first.
    pub fn first(&self, endpoint: Disputed) -> Form {
        match self.policy {
            FormPolicy::Pin(form) => form,
            FormPolicy::Discover => self.learnt[endpoint.index()].unwrap_or_default(),
        }
    }

    /// The form to try after `tried` failed with `error`, if any: only when discovering, and
    /// only when the error says the route itself is missing.
    pub fn fallback(&self, tried: Form, error: &Error) -> Option<Form> {
        (self.policy == FormPolicy::Discover && route_missing(error)).then(|| tried.other())
    }

    /// Records the outcome of `form`: remembered unless the route was missing.
    pub fn record(&mut self, endpoint: Disputed, form: Form, outcome: Result<(), &Error>) {
        if outcome.map_or_else(|e| !route_missing(e), |()| true) {
            self.learnt[endpoint.index()] = Some(form);
        }
    }

    /// What has been learnt so far, for diagnostics.
    pub fn learnt(&self) -> Vec<(Disputed, Form)> {
        Disputed::ALL
            .iter()
            .filter_map(|d| self.learnt[d.index()].map(|f| (*d, f)))
            .collect()
    }
}

/// A 404 or 405 without a DAS application error: the service does not have this route (a
/// 404 with a DAS body is an answer about the data, not the path).
pub fn route_missing(error: &Error) -> bool {
    matches!(error.status(), Some(404 | 405))
        && error.code().is_none()
        && error.details().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn status(code: u16) -> Error {
        Error::new(ErrorKind::from_status(code), "x").with_status(code)
    }

    #[test]
    fn discovers_remembers_and_pins() {
        let mut memory = FormMemory::default();
        assert_eq!(memory.first(Disputed::UploadUrl), Form::Spec);
        let missing = status(404);
        assert_eq!(memory.fallback(Form::Spec, &missing), Some(Form::Seed));
        assert_eq!(memory.fallback(Form::Spec, &status(405)), Some(Form::Seed));
        memory.record(Disputed::UploadUrl, Form::Spec, Err(&missing));
        assert_eq!(memory.first(Disputed::UploadUrl), Form::Spec);
        memory.record(Disputed::UploadUrl, Form::Seed, Ok(()));
        assert_eq!(memory.first(Disputed::UploadUrl), Form::Seed);
        assert_eq!(memory.first(Disputed::DownloadUrl), Form::Spec);
        // Any answer from the route itself (even an error) settles the form.
        memory.record(Disputed::DownloadUrl, Form::Seed, Err(&status(400)));
        assert_eq!(
            memory.learnt(),
            [
                (Disputed::UploadUrl, Form::Seed),
                (Disputed::DownloadUrl, Form::Seed)
            ]
        );

        for not_a_route in [
            status(400),
            status(500),
            status(401),
            status(404).with_code("NOT_FOUND"),
        ] {
            assert_eq!(memory.fallback(Form::Spec, &not_a_route), None);
        }
        let pinned = FormMemory::new(FormPolicy::Pin(Form::Seed));
        assert_eq!(pinned.first(Disputed::FileStatus), Form::Seed);
        assert_eq!(pinned.fallback(Form::Seed, &missing), None);
    }
}
