//! Answering forwarded retrievals without a clerk (seed 000 steps 2–5, flow c.3): each
//! forwarded request the office acknowledged gets a job (stored with it, before WIPO's 201)
//! that looks the document up, uploads it to the transit zone through the library's DAS
//! client (checksum → url-uploads → PUT → validation), and notifies WIPO with the office's
//! own ack id — or, for a document the office does not hold or may not send, notifies an
//! error with a DAS code.

use super::{failed, Context, Next};
use crate::documents::{DocumentKey, Documents, Lookup, RefusalReason};
use crate::store::jobs::{Job, Step};
use ipdocs::das::checksum::Sha256Hex;
use ipdocs::das::inbound::ForwardedRetrieval;
use ipdocs::das::{DocumentAvailability, DocumentQuery, RequestStatus};
use serde_json::{json, Value};
use std::rc::Rc;

/// What the office answers with.
pub struct Answers {
    pub documents: std::sync::Arc<Documents>,
    pub codes: RefusalCodes,
    /// Refusals left to a clerk instead of being sent (e.g. `not-held` while the document
    /// source does not yet hold every document).
    pub clerk_decides: Vec<RefusalReason>,
    /// Flow c.2: the office serves its documents itself through links valid this long, so a
    /// held document is announced without an upload.
    pub served_for: Option<std::time::Duration>,
}

/// The DAS error code sent for each kind of refusal. DAS does not document the codes an
/// office of first filing sends (notes §13); the defaults are DAS's own -7 for a document
/// that cannot be found, and TDA's machine codes negated and offset by 100 for the rest
/// (-102 not available, -107 oversize, -101 number or kind not served).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefusalCodes {
    pub not_held: i64,
    pub not_available: i64,
    pub too_large: i64,
    pub kind_not_served: i64,
}

impl Default for RefusalCodes {
    fn default() -> RefusalCodes {
        RefusalCodes {
            not_held: -7,
            not_available: -102,
            too_large: -107,
            kind_not_served: -101,
        }
    }
}

impl RefusalCodes {
    pub fn code(&self, reason: RefusalReason) -> i64 {
        match reason {
            RefusalReason::NotHeld => self.not_held,
            RefusalReason::NotAvailable => self.not_available,
            RefusalReason::TooLarge => self.too_large,
            RefusalReason::KindNotServed => self.kind_not_served,
        }
    }

    /// Sets one code from `REASON=CODE` (`not-held=-7`); codes are negative, as DAS's are.
    pub fn set(&mut self, setting: &str) -> Result<(), String> {
        let (name, code) = setting
            .split_once('=')
            .ok_or_else(|| format!("{setting:?}: give REASON=CODE"))?;
        let code: i64 = code
            .trim()
            .parse()
            .ok()
            .filter(|c: &i64| *c < 0)
            .ok_or_else(|| format!("{setting:?}: the code must be a negative number"))?;
        let slot = match name.trim() {
            "not-held" => &mut self.not_held,
            "not-available" => &mut self.not_available,
            "too-large" => &mut self.too_large,
            "kind-not-served" => &mut self.kind_not_served,
            other => {
                let known: Vec<&str> = RefusalReason::ALL.iter().map(|r| r.as_str()).collect();
                return Err(format!("unknown refusal {other:?}; one of {known:?}"));
            }
        };
        *slot = code;
        Ok(())
    }
}

fn forwarded(job: &Job) -> Result<ForwardedRetrieval, String> {
    serde_json::from_value(job.request.clone())
        .map_err(|e| format!("the stored request cannot be read: {e}"))
}

/// Looks the document up and, if found, uploads it (a job resumed at `upload` looks it up
/// again: the bytes are not kept in the database).
pub(super) async fn lookup_and_upload(context: &Context, job: &Job, answers: &Answers) -> Next {
    let request = match forwarded(job) {
        Ok(r) => r,
        Err(e) => return Next::Clerk(e),
    };
    let document = &request.document;
    let key = DocumentKey {
        kind: document.document_kind_category.clone(),
        number: document.document_number.clone(),
        date: document.document_date.clone(),
    };
    let (bytes, format) = match answers.documents.lookup(&key).await {
        Lookup::Found { bytes, format } => (bytes, format),
        Lookup::Refuse { reason, detail } => return refusal(answers, job, reason, &detail),
        Lookup::Clerk(reason) => return Next::Clerk(reason),
        Lookup::TryLater(error) => return Next::Retry(error),
    };
    let name = format!(
        "{}.{}",
        document.document_number.replace(['/', '\\'], "-"),
        format.extension()
    );
    let file = |checksum: &str| {
        json!({"name": name, "size": bytes.len(), "format": format.extension(),
               "checksum": checksum})
    };
    if answers.served_for.is_some() {
        let mut served = file(&Sha256Hex::of(&bytes));
        served["servedHere"] = json!(true);
        return Next::Step {
            step: Step::Notify,
            notification: announcement(&job.ack_id, document, None),
            file: Some(served),
            outcome: format!("found {name}; WIPO fetches it from this office (c.2)"),
        };
    }
    if job.step == Step::Lookup {
        return Next::Step {
            step: Step::Upload,
            notification: None,
            file: Some(file(&Sha256Hex::of(&bytes))),
            outcome: format!("found {name} ({} bytes)", bytes.len()),
        };
    }
    let noop = Rc::new(|_, _, _| {});
    let status = match context
        .das
        .upload(&bytes, &job.ack_id, format.das(), noop, None)
        .await
    {
        Ok(status) => status,
        Err(e) => return failed("upload", &e),
    };
    // The client hashed the bytes and compared the transit zone's checksum with it.
    let mut uploaded = file(status.file_checksum.as_deref().unwrap_or_default());
    uploaded["fileId"] = json!(status.file_id);
    Next::Step {
        step: Step::Notify,
        notification: announcement(&job.ack_id, document, Some(&status.file_id)),
        file: Some(uploaded),
        outcome: format!("uploaded and validated as {}", status.file_id),
    }
}

/// The success notification for `document`: with the uploaded file's id (c.3), or without
/// one when WIPO fetches the document from this office (c.2).
fn announcement(ack: &str, document: &DocumentQuery, file_id: Option<&str>) -> Option<Value> {
    let mut notification = DocumentAvailability::available(ack, file_id.unwrap_or_default());
    notification.file_id = file_id.map(str::to_owned);
    notification.document_kind_category = Some(document.document_kind_category.clone());
    notification.document_number = Some(document.document_number.clone());
    notification.document_date = Some(document.document_date.clone());
    serde_json::to_value(&notification).ok()
}

fn refusal(answers: &Answers, job: &Job, reason: RefusalReason, detail: &str) -> Next {
    if answers.clerk_decides.contains(&reason) {
        return Next::Clerk(format!("{}: {detail}", reason.as_str()));
    }
    let code = answers.codes.code(reason);
    let notification = DocumentAvailability::refused(&job.ack_id, code, detail);
    Next::Step {
        step: Step::Notify,
        notification: serde_json::to_value(&notification).ok(),
        file: None,
        outcome: format!("{}: {detail} (code {code})", reason.as_str()),
    }
}

/// Sends the stored notification. WIPO's "already answered" (-25) means an earlier send
/// went through before the office could record it: that is the one WIPO accepted.
pub(super) async fn notify(context: &Context, job: &Job) -> Next {
    let Some(stored) = &job.notification else {
        return Next::Clerk("the notification to send was not stored".into());
    };
    let availability: DocumentAvailability = match serde_json::from_value(stored.clone()) {
        Ok(a) => a,
        Err(e) => return Next::Clerk(format!("the stored notification cannot be read: {e}")),
    };
    let already = match context.das.notify(&availability, None).await {
        Ok(()) => false,
        Err(e) if e.details().iter().any(|d| d.code == -25) => true,
        Err(e) => return failed("notification", &e),
    };
    let refused = availability.request_status_category == RequestStatus::Error;
    let mut answer = json!({
        "by": "automatic",
        "state": if refused { "refused" } else { "answered" },
        "fileId": availability.file_id,
        "errorCode": availability.error_code,
        "statusMessage": availability.status_message,
        "file": job.file,
    });
    if already {
        answer["note"] = json!("WIPO had already taken this answer (sent before a restart)");
    }
    Next::Settled {
        state: if refused { "refused" } else { "answered" },
        answer,
    }
}
