//! The office's unattended work, one job each, every step committed before the next is
//! started, so that a process killed anywhere resumes where it was:
//! - an **answer** per forwarded retrieval (id: the office's ack id), `lookup → upload →
//!   notify → done` (or `clerk`). The notification WIPO is sent is stored before it is sent:
//!   after a crash it is sent again, and WIPO's "already answered" (-25) then counts as done,
//!   so WIPO accepts exactly one;
//! - a **delivery** per document WIPO announced to this office as requester (id: the ack id
//!   of its request), `download → delete → done` (or `clerk`), the notification kept with it.

use super::{Result, Store};
use rusqlite::{params, OptionalExtension, Transaction};
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
    fn parse(word: &str) -> Step {
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

pub(super) fn create(tx: &Transaction<'_>, ack: &str) -> rusqlite::Result<()> {
    let now = now_ms();
    tx.execute(
        "INSERT INTO jobs (ack_id, created_ms, next_ms) VALUES (?1, ?2, ?2)",
        params![ack, now],
    )?;
    Ok(())
}

/// A delivery of the document announced by `notification`, unless one exists for its ack
/// id (WIPO redelivers; the list poll sees it too). Whether one was created.
pub(super) fn create_delivery(
    tx: &Transaction<'_>,
    ack: &str,
    notification: &Value,
) -> rusqlite::Result<bool> {
    let now = now_ms();
    let created = tx.execute(
        "INSERT OR IGNORE INTO jobs (ack_id, kind, step, created_ms, next_ms, notification)
         VALUES (?1, 'delivery', 'download', ?2, ?2, ?3)",
        params![ack, now, notification.to_string()],
    )?;
    Ok(created == 1)
}

/// Appends parameter `?n` (a JSON object) to a job's trail inside an `UPDATE`.
fn append_trail(n: usize) -> String {
    format!("trail = json_insert(trail, '$[#]', json(?{n}))")
}

impl Store {
    /// Jobs due by `now_ms`, oldest first, leaving out those in `running`.
    pub fn due_jobs(&self, now_ms: i64, limit: usize, running: &[String]) -> Result<Vec<Job>> {
        let db = self.db();
        let mut statement = db.prepare(&format!(
            "SELECT j.ack_id, j.kind, j.step, j.attempts, j.created_ms, f.request,
                        j.notification, j.file
                 FROM jobs j LEFT JOIN forwarded f ON f.ack_id = j.ack_id
                 WHERE j.step IN {UNFINISHED} AND j.next_ms <= ?1
                 ORDER BY j.next_ms LIMIT ?2"
        ))?;
        let rows = statement.query_map(params![now_ms, (limit + running.len()) as i64], |row| {
            Ok(Job {
                ack_id: row.get(0)?,
                kind: row.get(1)?,
                step: Step::parse(&row.get::<_, String>(2)?),
                attempts: row.get(3)?,
                created_ms: row.get(4)?,
                request: row
                    .get::<_, Option<String>>(5)?
                    .map_or(Value::Null, super::json),
                notification: row.get::<_, Option<String>>(6)?.map(super::json),
                file: row.get::<_, Option<String>>(7)?.map(super::json),
            })
        })?;
        let mut jobs = Vec::new();
        for job in rows {
            let job = job?;
            if !running.contains(&job.ack_id) && jobs.len() < limit {
                jobs.push(job);
            }
        }
        Ok(jobs)
    }

    /// When the next unfinished job is due, if any.
    pub fn next_due_ms(&self) -> Result<Option<i64>> {
        Ok(self.db().query_row(
            &format!("SELECT MIN(next_ms) FROM jobs WHERE step IN {UNFINISHED}"),
            [],
            |row| row.get(0),
        )?)
    }

    /// Moves a job to `step` (with what it learnt), due at once.
    pub fn advance(
        &self,
        ack: &str,
        step: Step,
        notification: Option<&Value>,
        file: Option<&Value>,
        outcome: &str,
    ) -> Result<()> {
        let entry = trail_entry(step, outcome);
        self.db().execute(
            &format!(
                "UPDATE jobs SET step = ?2, attempts = 0, next_ms = ?3, last_error = NULL,
                   notification = COALESCE(?4, notification), file = COALESCE(?5, file), {}
                 WHERE ack_id = ?1",
                append_trail(6)
            ),
            params![
                ack,
                step.as_str(),
                now_ms(),
                notification.map(Value::to_string),
                file.map(Value::to_string),
                entry
            ],
        )?;
        Ok(())
    }

    /// Tries the job's step again at `next_ms`, after `error`.
    pub fn postpone(&self, ack: &str, step: Step, next_ms: i64, error: &str) -> Result<()> {
        let entry = trail_entry(step, &format!("will try again: {error}"));
        self.db().execute(
            &format!(
                "UPDATE jobs SET attempts = attempts + 1, next_ms = ?2, last_error = ?3, {}
                 WHERE ack_id = ?1",
                append_trail(4)
            ),
            params![ack, next_ms, error, entry],
        )?;
        Ok(())
    }

    /// Records a delivery for a document WIPO announced but did not notify (found by the
    /// list poll), with a notification row marked `"foundBy": "polling"` so the inbox lists
    /// it beside the notified ones.
    pub fn record_delivery(&self, ack: &str, retrieval: &Value) -> Result<bool> {
        let mut db = self.db();
        let tx = db.transaction()?;
        let created = create_delivery(&tx, ack, retrieval)?;
        if created {
            let mut found = retrieval.clone();
            found["foundBy"] = "polling".into();
            tx.execute(
                "INSERT INTO notifications (notification) VALUES (?1)",
                params![found.to_string()],
            )?;
        }
        tx.commit()?;
        Ok(created)
    }

    /// The state of the deliveries of `acks` (the ack ids they deliver): step, file, last error,
    /// trail.
    pub fn deliveries(&self, acks: &[String]) -> Result<Vec<(String, Value)>> {
        let db = self.db();
        let marks = vec!["?"; acks.len()].join(", ");
        let mut statement = db.prepare(&format!(
            "SELECT ack_id, step, file, last_error, trail FROM jobs \
             WHERE kind = 'delivery' AND ack_id IN ({marks})"
        ))?;
        let rows = statement.query_map(rusqlite::params_from_iter(acks), |row| {
            let text = |i| row.get::<_, Option<String>>(i);
            Ok((
                row.get::<_, String>(0)?,
                serde_json::json!({
                    "step": row.get::<_, String>(1)?,
                    "file": text(2)?.map(super::json),
                    "lastError": text(3)?,
                    "trail": text(4)?.map(super::json),
                }),
            ))
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Settles a job. An answer's row becomes `answered`/`refused` (WIPO accepted the
    /// notification) or `open` for a clerk, with `answer` saying what was done and why, in
    /// the same transaction; a delivery keeps its outcome in its own row.
    pub fn settle(&self, ack: &str, step: Step, row_state: &str, answer: &Value) -> Result<()> {
        let mut db = self.db();
        let tx = db.transaction()?;
        let outcome = answer["statusMessage"]
            .as_str()
            .or(answer["reason"].as_str())
            .unwrap_or(row_state)
            .to_owned();
        let trail: Option<String> = tx
            .query_row(
                &format!(
                    "UPDATE jobs SET step = ?2, next_ms = ?3, last_error = COALESCE(?5, last_error),
                       {} WHERE ack_id = ?1 RETURNING trail",
                    append_trail(4)
                ),
                params![
                    ack,
                    step.as_str(),
                    now_ms(),
                    trail_entry(step, &outcome),
                    answer["reason"].as_str()
                ],
                |row| row.get(0),
            )
            .optional()?;
        let mut answer = answer.clone();
        answer["trail"] = trail.map(super::json).unwrap_or(Value::Null);
        tx.execute(
            "UPDATE forwarded SET state = ?2, answer = ?3 WHERE ack_id = ?1",
            params![ack, row_state, answer.to_string()],
        )?;
        tx.commit()?;
        Ok(())
    }
}

fn trail_entry(step: Step, outcome: &str) -> String {
    serde_json::to_string(&TrailEntry {
        at_ms: now_ms(),
        step: step.as_str(),
        outcome: outcome.to_owned(),
    })
    .unwrap_or_default()
}
