//! Endpoints whose path or method the sources disagree on (notes §2, §10.3–4; seed 000), and
//! the rule for finding the form a service speaks: try the remembered (or first) form; when
//! the answer says the route is missing (see [`route_missing`]), try the other once and
//! remember whichever answered. A client may pin one form instead.

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

/// Whether an error says the service lacks the route (so the other form may have it) rather
/// than something about the data. A 405 is always about the route. A 404 is too, unless its
/// body is a DAS application error about the data: one with a detail code (such as -7), or
/// whose message names a document, file, registration or ack id. Gateways in front of real
/// services answer unknown routes in their own words (empty, an HTML page, `{"code":
/// "NOT_FOUND","message":"unknown path"}`), and such answers mean the route.
pub fn route_missing(error: &Error) -> bool {
    match error.status() {
        Some(405) => true,
        Some(404) => !about_the_data(error),
        _ => false,
    }
}

/// A DAS application error whose details or message are about a document or file. Words
/// inside a path (`/requests/files/url-uploads`) do not count: a gateway naming the route it
/// lacks is about the route.
fn about_the_data(error: &Error) -> bool {
    let Some(app) = error
        .body()
        .and_then(|body| super::errors::parse_application_error(&body.text))
    else {
        return false;
    };
    if !app.details.is_empty() {
        return true;
    }
    let message = app.message.unwrap_or_default().to_ascii_lowercase();
    message
        .split_whitespace()
        .filter(|word| !word.contains('/'))
        .any(|word| {
            ["document", "file", "registration", "ack", "retrieval"]
                .iter()
                .any(|noun| word.contains(noun))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::http::ResponseHead;

    /// The error the client makes of a response (`errors::api_error`).
    fn answered(status: u16, content_type: &str, body: &str) -> Error {
        let head = ResponseHead::new(status).with_content_type(content_type);
        crate::das::errors::api_error(&head, body, 0)
    }

    #[test]
    fn each_body_shape_of_a_missing_route_tries_the_other_form() {
        let json = "application/json";
        for (status, content_type, body) in [
            (404, "text/plain", ""),
            (404, "text/html", "<html><body><h1>Not Found</h1><p>The requested URL /das/v1/requests/files/url-uploads was not found on this server.</p></body></html>"),
            (404, json, r#"{"code":"NOT_FOUND","message":"unknown path"}"#),
            (404, json, r#"{"message":"no route for POST /das/v1/requests/files/url-uploads"}"#),
            (404, json, r#"{"error":{"code":"NOT_FOUND","message":"Resource not found"}}"#),
            (405, json, r#"{"code":"METHOD_NOT_ALLOWED","message":"use GET"}"#),
            (405, json, r#"{"code":"INVALID","message":"x","details":[{"code":-7,"message":"document"}]}"#),
            (405, "text/html", "<html>405</html>"),
        ] {
            let error = answered(status, content_type, body);
            assert!(route_missing(&error), "{status} {body}");
            assert_eq!(FormMemory::default().fallback(Form::Spec, &error), Some(Form::Seed));
        }
    }

    #[test]
    fn a_das_error_about_the_data_is_an_answer() {
        let json = "application/json";
        for body in [
            r#"{"code":"NOT_FOUND","message":"x","details":[{"code":-7,"message":"not registered"}]}"#,
            r#"{"error":{"code":"NOT_FOUND","details":[{"code":-50,"message":"unknown"}]}}"#,
            r#"{"code":"NOT_FOUND","message":"no file with fileId F-1"}"#,
            r#"{"code":"NOT_FOUND","message":"Document not found"}"#,
        ] {
            let error = answered(404, json, body);
            assert!(!route_missing(&error), "{body}");
            let mut memory = FormMemory::default();
            assert_eq!(memory.fallback(Form::Spec, &error), None);
            memory.record(Disputed::FileStatus, Form::Seed, Err(&error));
            assert_eq!(memory.first(Disputed::FileStatus), Form::Seed, "remembered");
        }
    }

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

        for not_a_route in [status(400), status(500), status(401)] {
            assert_eq!(memory.fallback(Form::Spec, &not_a_route), None);
        }
        let pinned = FormMemory::new(FormPolicy::Pin(Form::Seed));
        assert_eq!(pinned.first(Disputed::FileStatus), Form::Seed);
        assert_eq!(pinned.fallback(Form::Seed, &missing), None);
    }
}
