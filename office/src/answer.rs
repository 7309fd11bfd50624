//! Answering forwarded retrievals without a clerk (seed 000 steps 2–5, flow c.3): each
//! forwarded request the office acknowledged gets a job (stored with it, before WIPO's 201)
//! that looks the document up, uploads it to the transit zone through the library's DAS
//! client (checksum → url-uploads → PUT → validation), and notifies WIPO with the office's
//! own ack id — or, for a document the office does not hold or may not send, notifies an
//! error with a DAS code. Failures that may pass (the document system down, DAS or the
//! transit zone failing) are retried with backoff for [`Automation::retry_for`]; then, or for
//! anything a person must judge, the request is handed to the inbox as needing a clerk.
//!
//! The DAS client is single-threaded (it is the browser's, on the native platform), so the
//! jobs run on a thread of their own with a tokio `LocalSet`.

use crate::documents::{DocumentKey, Documents, Lookup, RefusalReason};
use crate::inbox::Event;
use crate::store::jobs::{now_ms, Job, Step};
use crate::Office;
use ipdocs::client::das::{Das, TokenSource};
use ipdocs::das::inbound::ForwardedRetrieval;
use ipdocs::das::{DasConfig, DocumentAvailability, RequestStatus};
use ipdocs::transport::{Native, NativeKey, Transport};
use ipdocs::{Error, ErrorKind};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

/// How the office answers by itself.
pub struct Automation {
    pub documents: Documents,
    pub das: DasConfig,
    /// The office's private key (PEM); parsed on the jobs' thread, never logged.
    pub key_pem: String,
    /// How long failures that may pass are retried before a clerk is asked.
    pub retry_for: Duration,
    pub codes: RefusalCodes,
    /// Jobs worked on at once.
    pub concurrency: usize,
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

/// Starts the jobs' thread. `wake` is notified when a new job is stored.
pub fn spawn(
    office: Arc<Office>,
    automation: Automation,
    wake: Arc<tokio::sync::Notify>,
) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("ipdocs-answers".into())
        .spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime,
                Err(e) => return eprintln!("ipdocs-office: the answers cannot run: {e}"),
            };
            let local = tokio::task::LocalSet::new();
            local.block_on(&runtime, run(office, automation, wake));
        })
        .map(|_| ())
}

/// What a job's step decided.
enum Next {
    /// Go on with `step`, having learnt a notification and/or file.
    Step {
        step: Step,
        notification: Option<Value>,
        file: Option<Value>,
        outcome: String,
    },
    /// WIPO accepted the notification: the row is `answered` or `refused`.
    Settled { state: &'static str, answer: Value },
    /// May pass: tried again later (until the retry window ends).
    Retry(String),
    /// A person must look at it.
    Clerk(String),
}

struct Context {
    office: Arc<Office>,
    automation: Automation,
    das: Das<Native>,
    wake: Arc<tokio::sync::Notify>,
}

async fn run(office: Arc<Office>, automation: Automation, wake: Arc<tokio::sync::Notify>) {
    let key = match NativeKey::from_pem(&automation.key_pem) {
        Ok(key) => key,
        Err(e) => return eprintln!("ipdocs-office: the office key cannot be used: {e}"),
    };
    let das = Das::new(
        automation.das.clone(),
        Transport::default(),
        TokenSource::PrivateKey(key),
    );
    let context = Rc::new(Context {
        office,
        automation,
        das,
        wake,
    });
    let running: Rc<RefCell<Vec<String>>> = Rc::default();
    loop {
        let free = context
            .automation
            .concurrency
            .saturating_sub(running.borrow().len());
        let due = if free == 0 {
            Vec::new()
        } else {
            let taken = running.borrow().clone();
            context
                .office
                .store
                .due_jobs(now_ms(), free, &taken)
                .unwrap_or_default()
        };
        for job in due {
            running.borrow_mut().push(job.ack_id.clone());
            let (context, running) = (context.clone(), running.clone());
            tokio::task::spawn_local(async move {
                let ack = job.ack_id.clone();
                work(&context, job).await;
                running.borrow_mut().retain(|a| *a != ack);
                context.wake.notify_one();
            });
        }
        let next = context.office.store.next_due_ms().ok().flatten();
        let wait = next.map_or(30_000, |at| (at - now_ms()).clamp(200, 30_000));
        tokio::select! {
            () = context.wake.notified() => {}
            () = tokio::time::sleep(Duration::from_millis(wait as u64)) => {}
        }
    }
}

/// Runs a job's steps until it settles, is handed to a clerk, or waits for a retry.
async fn work(context: &Context, mut job: Job) {
    let store = &context.office.store;
    loop {
        let next = match job.step {
            Step::Lookup | Step::Upload => lookup_and_upload(context, &job).await,
            Step::Notify => notify(context, &job).await,
            Step::Done | Step::Clerk => return,
        };
        let stored = match next {
            Next::Step {
                step,
                notification,
                file,
                outcome,
            } => {
                let saved = store.advance(
                    &job.ack_id,
                    step,
                    notification.as_ref(),
                    file.as_ref(),
                    &outcome,
                );
                job.step = step;
                job.notification = notification.or(job.notification);
                job.file = file.or(job.file);
                if saved.is_ok() {
                    continue;
                }
                saved
            }
            Next::Settled { state, answer } => {
                let saved = store.settle(&job.ack_id, Step::Done, state, &answer);
                finished(context, &job.ack_id, saved.is_ok());
                saved
            }
            Next::Retry(error) => retry(context, &job, &error),
            Next::Clerk(reason) => {
                let saved = to_clerk(context, &job, &reason);
                finished(context, &job.ack_id, saved.is_ok());
                saved
            }
        };
        if let Err(e) = stored {
            // The step's outcome is not on disk: it is done again after a pause.
            eprintln!("ipdocs-office: job {} not stored: {}", job.ack_id, e.0);
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        return;
    }
}

fn finished(context: &Context, ack: &str, stored: bool) {
    if stored {
        let _ = context.office.events.send(Event::answer(ack));
    }
}

/// Postpones the job with backoff (2 s doubling to 5 min), or hands it to a clerk once the
/// retry window has passed.
fn retry(context: &Context, job: &Job, error: &str) -> Result<(), crate::store::StoreError> {
    let window = context.automation.retry_for.as_millis() as i64;
    if now_ms() - job.created_ms >= window {
        let reason = format!("still failing after {} s: {error}", window / 1000);
        let saved = to_clerk(context, job, &reason);
        finished(context, &job.ack_id, saved.is_ok());
        return saved;
    }
    let delay = (2_000i64 << job.attempts.min(8)).min(300_000);
    let jitter = (rand::random::<f64>() * delay as f64 * 0.2) as i64;
    context
        .office
        .store
        .postpone(&job.ack_id, job.step, now_ms() + delay + jitter, error)
}

fn to_clerk(context: &Context, job: &Job, reason: &str) -> Result<(), crate::store::StoreError> {
    let answer = json!({
        "by": "automatic",
        "needsClerk": true,
        "reason": reason,
        "failedStep": job.step.as_str(),
        "file": job.file,
    });
    context
        .office
        .store
        .settle(&job.ack_id, Step::Clerk, "open", &answer)
}

fn forwarded(job: &Job) -> Result<ForwardedRetrieval, String> {
    serde_json::from_value(job.request.clone())
        .map_err(|e| format!("the stored request cannot be read: {e}"))
}

/// Looks the document up and, if found, uploads it (a job resumed at `upload` looks it up
/// again: the bytes are not kept in the database).
async fn lookup_and_upload(context: &Context, job: &Job) -> Next {
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
    let (bytes, format) = match context.automation.documents.lookup(&key).await {
        Lookup::Found { bytes, format } => (bytes, format),
        Lookup::Refuse { reason, detail } => return refusal(context, job, reason, &detail),
        Lookup::Clerk(reason) => return Next::Clerk(reason),
        Lookup::TryLater(error) => return Next::Retry(error),
    };
    let checksum = ipdocs::das::checksum::Sha256Hex::of(&bytes);
    let name = format!(
        "{}.{}",
        document.document_number.replace(['/', '\\'], "-"),
        format.extension()
    );
    let mut file = json!({"name": name, "size": bytes.len(), "format": format.extension(),
                          "checksum": checksum});
    if job.step == Step::Lookup {
        return Next::Step {
            step: Step::Upload,
            notification: None,
            file: Some(file),
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
    file["fileId"] = json!(status.file_id);
    let mut notification = DocumentAvailability::available(&job.ack_id, &status.file_id);
    notification.document_kind_category = Some(document.document_kind_category.clone());
    notification.document_number = Some(document.document_number.clone());
    notification.document_date = Some(document.document_date.clone());
    Next::Step {
        step: Step::Notify,
        notification: serde_json::to_value(&notification).ok(),
        file: Some(file),
        outcome: format!("uploaded and validated as {}", status.file_id),
    }
}

fn refusal(context: &Context, job: &Job, reason: RefusalReason, detail: &str) -> Next {
    let code = context.automation.codes.code(reason);
    let notification = json!({
        "requestAckId": job.ack_id,
        "requestStatusCategory": "error",
        "errorCode": code,
        "statusMessage": detail,
    });
    Next::Step {
        step: Step::Notify,
        notification: Some(notification),
        file: None,
        outcome: format!("{}: {detail} (code {code})", reason.as_str()),
    }
}

/// Sends the stored notification. WIPO's "already answered" (-25) means an earlier send
/// went through before the office could record it: that is the one WIPO accepted.
async fn notify(context: &Context, job: &Job) -> Next {
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

/// A DAS or transit failure: retried when it may pass (network, timeouts, 5xx, 429, the
/// token endpoint, a checksum mismatch — a new upload may succeed), else a clerk decides.
fn failed(what: &str, error: &Error) -> Next {
    let text = format!("{what}: {error}");
    let passing = error.is_transient()
        || error.kind() == ErrorKind::Auth
        || error.code() == Some("CHECKSUM_MISMATCH");
    if passing {
        Next::Retry(text)
    } else {
        Next::Clerk(text)
    }
}
