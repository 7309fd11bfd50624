//! The office's unattended work, one job each, every step committed before the next is
//! started, so that a process killed anywhere resumes where it was:
//! - an **answer** per forwarded retrieval (id: the office's ack id), `lookup → upload →
//!   notify → done` (or `clerk`). The notification WIPO is sent is stored before it is sent:
//!   after a crash it is sent again, and WIPO's "already answered" (-25) then counts as done,
//!   so WIPO accepts exactly one;
//! - a **delivery** per document WIPO announced to this office as requester (id: the ack id
//!   of its request), `download → delete → done` (or `clerk`), the notification kept with it.

use super::Result;
use serde::Serialize;
use serde_json::Value;

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Find the document in the office's sources.
    Lookup,
    /// Upload it to the transit zone and have it validated.
    Upload,
    /// Send the stored notification to WIPO.
    Notify,
    /// Download the announced document into the delivery folder.
    Download,
    /// Delete it from the transit zone.
    Delete,
    Done,
    /// Handed to a clerk.
    Clerk,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Lookup => "lookup",
            Step::Upload => "upload",
            Step::Notify => "notify",
            Step::Download => "download",
            Step::Delete => "delete",
            Step::Done => "done",
            Step::Clerk => "clerk",
        }
    }
    pub(crate) fn parse(word: &str) -> Step {
        match word {
            "lookup" => Step::Lookup,
            "upload" => Step::Upload,
            "notify" => Step::Notify,
            "download" => Step::Download,
            "delete" => Step::Delete,
            "done" => Step::Done,
            _ => Step::Clerk,
        }
    }
}

/// Steps not yet finished, as SQL.
pub(crate) const UNFINISHED: &str = "('lookup', 'upload', 'notify', 'download', 'delete')";

/// A job as the runner takes it.
#[derive(Debug, Clone)]
pub struct Job {
    pub ack_id: String,
    /// `answer` or `delivery`.
    pub kind: String,
    pub step: Step,
    pub attempts: i64,
    pub created_ms: i64,
    /// WIPO's forwarded request, as stored (answers).
    pub request: Value,
    /// The notification to send, once the lookup (and upload) decided it (answers), or the
    /// one WIPO sent (deliveries).
    pub notification: Option<Value>,
    /// The file sent: name, size, format, checksum, fileId.
    pub file: Option<Value>,
}

/// One line of a job's history, shown in the inbox.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrailEntry {
    pub at_ms: i64,
    pub step: &'static str,
    pub outcome: String,
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

pub(crate) fn trail_entry(step: Step, outcome: &str) -> String {
    serde_json::to_string(&TrailEntry {
        at_ms: now_ms(),
        step: step.as_str(),
        outcome: outcome.to_owned(),
    })
    .unwrap_or_default()
}

/// A delivery's state as the inbox shows it, from its stored columns.
pub(crate) fn delivery_state(
    step: String,
    file: Option<String>,
    last_error: Option<String>,
    trail: Option<String>,
) -> Value {
    serde_json::json!({
        "step": step,
        "file": file.map(super::json),
        "lastError": last_error,
        "trail": trail.map(super::json),
    })
}

/// The trail line of a settled job: WIPO's message, or why a clerk is asked, or the state.
pub(crate) fn settled_outcome(answer: &Value, row_state: &str) -> String {
    answer["statusMessage"]
        .as_str()
        .or(answer["reason"].as_str())
        .unwrap_or(row_state)
        .to_owned()
}

/// The answer the inbox shows, with the job's whole trail.
pub(crate) fn with_trail(answer: &Value, trail: Option<String>) -> Value {
    let mut answer = answer.clone();
    answer["trail"] = trail.map(super::json).unwrap_or(Value::Null);
    answer
}

/// The unattended work's jobs.
pub trait JobStore {
    /// Claims up to `limit` jobs due by `now_ms` for `owner` until `now_ms + lease_ms`,
    /// oldest first; jobs another instance holds a live claim on are left alone.
    fn claim_due_jobs(
        &self,
        owner: &str,
        now_ms: i64,
        lease_ms: i64,
        limit: usize,
    ) -> Result<Vec<Job>>;

    /// Extends `owner`'s claims on `acks` (jobs still being worked on).
    fn renew_claims(&self, owner: &str, acks: &[String], until_ms: i64) -> Result<()>;

    /// Ends every claim `owner` holds (at start: the claims of this instance's previous
    /// process, which died with them).
    fn release_claims(&self, owner: &str) -> Result<()>;

    /// When the next unfinished job is due, if any.
    fn next_due_ms(&self) -> Result<Option<i64>>;

    /// Moves a job to `step` (with what it learnt), due at once.
    fn advance(
        &self,
        ack: &str,
        step: Step,
        notification: Option<&Value>,
        file: Option<&Value>,
        outcome: &str,
    ) -> Result<()>;

    /// Tries the job's step again at `next_ms`, after `error`; its claim ends.
    fn postpone(&self, ack: &str, step: Step, next_ms: i64, error: &str) -> Result<()>;

    /// Records a delivery for a document WIPO announced but did not notify (found by the
    /// list poll), with a notification row marked `"foundBy": "polling"` so the inbox lists
    /// it beside the notified ones.
    fn record_delivery(&self, ack: &str, retrieval: &Value) -> Result<bool>;

    /// The state of the deliveries of `acks` (the ack ids they deliver): step, file, last
    /// error, trail.
    fn deliveries(&self, acks: &[String]) -> Result<Vec<(String, Value)>>;

    /// Settles a job. An answer's row becomes `answered`/`refused` (WIPO accepted the
    /// notification) or `open` for a clerk, with `answer` saying what was done and why, in
    /// the same transaction; a delivery keeps its outcome in its own row. Its claim ends.
    fn settle(&self, ack: &str, step: Step, row_state: &str, answer: &Value) -> Result<()>;
}
