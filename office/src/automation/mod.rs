//! The office's unattended work, on the library's DAS client: answering forwarded
//! retrievals ([`answer`], seed 000 steps 2–5) and fetching the documents WIPO announces to
//! this office as requester ([`deliver`], steps 6–9). Each is a durable job
//! ([`crate::store::jobs`]). Failures that may pass (a source down, DAS or the transit zone
//! failing) are retried with backoff for [`Automation::retry_for`]; then, or for anything a
//! person must judge, the job is handed to the inbox as needing a clerk.
//!
//! The DAS client is single-threaded (it is the browser's, on the native platform), so the
//! jobs run on a thread of their own with a tokio `LocalSet`.

pub mod answer;
pub mod deliver;

use crate::events::Event;
use crate::store::jobs::{now_ms, Job, Step};
use crate::store::StoreError;
use crate::Office;
use ipdocs::client::das::{Das, TokenSource};
use ipdocs::das::DasConfig;
use ipdocs::transport::{Native, NativeKey, Transport};
use ipdocs::{Error, ErrorKind};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

/// How the office works by itself.
pub struct Automation {
    /// The DAS API as this office calls it.
    pub das: DasConfig,
    /// The office's private key (PEM); parsed on the jobs' thread, never logged.
    pub key_pem: String,
    /// How long failures that may pass are retried before a clerk is asked.
    pub retry_for: Duration,
    /// Jobs worked on at once.
    pub concurrency: usize,
    /// Answering forwarded retrievals, if a document source is configured.
    pub answers: Option<answer::Answers>,
    /// Fetching announced documents, if a delivery folder is configured.
    pub delivery: Option<deliver::Delivery>,
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
                Err(e) => return tracing::error!(error = %e, "the jobs' thread cannot run"),
            };
            let local = tokio::task::LocalSet::new();
            local.block_on(&runtime, run(office, automation, wake));
        })
        .map(|_| ())
}

/// What a job's step decided.
pub(crate) enum Next {
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

pub(crate) struct Context {
    office: Arc<Office>,
    automation: Automation,
    das: Das<Native>,
    wake: Arc<tokio::sync::Notify>,
}

/// How long a claim on a job lasts unless renewed: another instance takes the job over this
/// long after this one died with it.
const LEASE_MS: i64 = 120_000;

/// How often the claims on running jobs are renewed.
const RENEW_EVERY_MS: i64 = 30_000;

async fn run(office: Arc<Office>, automation: Automation, wake: Arc<tokio::sync::Notify>) {
    let key = match NativeKey::from_pem(&automation.key_pem) {
        Ok(key) => key,
        Err(e) => return tracing::error!(error = %e.message(), "the office key cannot be used"),
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
    // This instance's previous process died holding these claims.
    let owner = context.office.instance().to_owned();
    let released = owner.clone();
    let _ = context
        .office
        .store_call(move |store| store.release_claims(&released))
        .await;
    let running: Rc<RefCell<Vec<String>>> = Rc::default();
    if let Some(delivery) = &context.automation.delivery {
        tokio::task::spawn_local(deliver::poll(context.clone(), delivery.poll_every));
    }
    let mut renewed_ms = now_ms();
    loop {
        let free = context
            .automation
            .concurrency
            .saturating_sub(running.borrow().len());
        for job in claim(&context, &owner, free).await {
            running.borrow_mut().push(job.ack_id.clone());
            let (context, running) = (context.clone(), running.clone());
            tokio::task::spawn_local(async move {
                let ack = job.ack_id.clone();
                work(&context, job).await;
                running.borrow_mut().retain(|a| *a != ack);
                context.wake.notify_one();
            });
        }
        if now_ms() - renewed_ms >= RENEW_EVERY_MS {
            renewed_ms = now_ms();
            let (owner, acks) = (owner.clone(), running.borrow().clone());
            let _ = context
                .office
                .store_call(move |store| store.renew_claims(&owner, &acks, now_ms() + LEASE_MS))
                .await;
        }
        let next = context
            .office
            .store_call(|store| store.next_due_ms())
            .await
            .ok()
            .flatten();
        let wait = next
            .map_or(30_000, |at| (at - now_ms()).clamp(200, 30_000))
            .min(RENEW_EVERY_MS);
        tokio::select! {
            () = context.wake.notified() => {}
            () = tokio::time::sleep(Duration::from_millis(wait as u64)) => {}
        }
    }
}

/// Claims up to `free` due jobs for this instance.
async fn claim(context: &Context, owner: &str, free: usize) -> Vec<Job> {
    if free == 0 {
        return Vec::new();
    }
    let owner = owner.to_owned();
    context
        .office
        .store_call(move |store| store.claim_due_jobs(&owner, now_ms(), LEASE_MS, free))
        .await
        .unwrap_or_default()
}

/// Runs a job's steps until it settles, is handed to a clerk, or waits for a retry.
async fn work(context: &Context, mut job: Job) {
    let office = &context.office;
    loop {
        let next = step(context, &job).await;
        let ack = job.ack_id.clone();
        let stored = match next {
            Next::Step {
                step,
                notification,
                file,
                outcome,
            } => {
                let (n, f) = (notification.clone(), file.clone());
                let saved = office
                    .store_call(move |store| {
                        store.advance(&ack, step, n.as_ref(), f.as_ref(), &outcome)
                    })
                    .await;
                job.step = step;
                job.notification = notification.or(job.notification);
                job.file = file.or(job.file);
                match saved {
                    Ok(()) if step == Step::Done => return finished(context, &job.ack_id, true),
                    Ok(()) => continue,
                    Err(e) => Err(e),
                }
            }
            Next::Settled { state, answer } => {
                let saved = office
                    .store_call(move |store| store.settle(&ack, Step::Done, state, &answer))
                    .await;
                if saved.is_ok() {
                    let seconds = (now_ms() - job.created_ms) as f64 / 1000.;
                    office.metrics.answered("automatic", seconds);
                    tracing::info!(ack = %job.ack_id, state, seconds, "answered without a clerk");
                }
                finished(context, &job.ack_id, saved.is_ok());
                saved
            }
            Next::Retry(error) => retry(context, &job, &error).await,
            Next::Clerk(reason) => to_clerk(context, &job, &reason).await,
        };
        if stored.is_err() {
            // The step's outcome is not on disk (store_call logged why): it is done again
            // after a pause, when the claim has run out or this instance claims it anew.
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        return;
    }
}

/// Runs the job's current step.
async fn step(context: &Context, job: &Job) -> Next {
    let automation = &context.automation;
    match (job.step, &automation.answers, &automation.delivery) {
        (Step::Lookup | Step::Upload, Some(answers), _) => {
            answer::lookup_and_upload(context, job, answers).await
        }
        (Step::Notify, _, _) => answer::notify(context, job).await,
        (Step::Download, _, Some(delivery)) => deliver::download(context, job, delivery).await,
        (Step::Delete, _, _) => deliver::delete(context, job).await,
        (step, _, _) => Next::Clerk(format!(
            "this office is not set up to {} (the job waits for a clerk)",
            step.as_str()
        )),
    }
}

fn finished(context: &Context, ack: &str, stored: bool) {
    if stored {
        context.office.announce(Event::answer(ack));
    }
}

/// Postpones the job with backoff (2 s doubling to 5 min), or hands it to a clerk once the
/// retry window has passed.
async fn retry(context: &Context, job: &Job, error: &str) -> Result<(), StoreError> {
    let window = context.automation.retry_for.as_millis() as i64;
    if now_ms() - job.created_ms >= window {
        let reason = format!("still failing after {} s: {error}", window / 1000);
        return to_clerk(context, job, &reason).await;
    }
    tracing::warn!(ack = %job.ack_id, step = job.step.as_str(), error, "a job's step will be tried again");
    let delay = (2_000i64 << job.attempts.min(8)).min(300_000);
    let jitter = (rand::random::<f64>() * delay as f64 * 0.2) as i64;
    let (ack, step, error) = (job.ack_id.clone(), job.step, error.to_owned());
    context
        .office
        .store_call(move |store| store.postpone(&ack, step, now_ms() + delay + jitter, &error))
        .await
}

/// Hands the job to a clerk (the row becomes `open`, with the reason) and tells the inbox.
async fn to_clerk(context: &Context, job: &Job, reason: &str) -> Result<(), StoreError> {
    tracing::warn!(ack = %job.ack_id, step = job.step.as_str(), reason, "a job is handed to a clerk");
    let answer = json!({
        "by": "automatic",
        "needsClerk": true,
        "reason": reason,
        "failedStep": job.step.as_str(),
        "file": job.file,
    });
    let ack = job.ack_id.clone();
    let saved = context
        .office
        .store_call(move |store| store.settle(&ack, Step::Clerk, "open", &answer))
        .await;
    finished(context, &job.ack_id, saved.is_ok());
    saved
}

/// A DAS or transit failure: retried when it may pass (network, timeouts, 5xx, 429, the
/// token endpoint, a checksum mismatch — a new upload may succeed), else a clerk decides.
pub(crate) fn failed(what: &str, error: &Error) -> Next {
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
