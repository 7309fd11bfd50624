//! The unattended answers' jobs: one per forwarded retrieval the office answers by itself,
//! moving `lookup → upload → notify → done` (or `clerk`), every step committed before the
//! next is started, so that a process killed anywhere resumes where it was. The notification
//! WIPO is sent is stored before it is sent: after a crash it is sent again, and WIPO's
//! "already answered" (-25) then counts as done, so WIPO accepts exactly one.

use super::{Result, Store};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;
use serde_json::Value;

pub const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS jobs (
      ack_id TEXT PRIMARY KEY REFERENCES forwarded(ack_id),
      step TEXT NOT NULL DEFAULT 'lookup',
      attempts INTEGER NOT NULL DEFAULT 0,
      created_ms INTEGER NOT NULL,
      next_ms INTEGER NOT NULL,
      last_error TEXT,
      notification TEXT,
      file TEXT,
      trail TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX IF NOT EXISTS jobs_due ON jobs (step, next_ms);";

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Find the document in the office's sources.
    Lookup,
    /// Upload it to the transit zone and have it validated.
    Upload,
    /// Send the stored notification to WIPO.
    Notify,
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
            Step::Done => "done",
            Step::Clerk => "clerk",
        }
    }
    fn parse(word: &str) -> Step {
        match word {
            "lookup" => Step::Lookup,
            "upload" => Step::Upload,
            "notify" => Step::Notify,
            "done" => Step::Done,
            _ => Step::Clerk,
        }
    }
}

/// A job as the runner takes it.
#[derive(Debug, Clone)]
pub struct Job {
    pub ack_id: String,
    pub step: Step,
    pub attempts: i64,
    pub created_ms: i64,
    /// WIPO's forwarded request, as stored.
    pub request: Value,
    /// The notification to send, once the lookup (and upload) decided it.
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

/// Appends parameter `?n` (a JSON object) to a job's trail inside an `UPDATE`.
fn append_trail(n: usize) -> String {
    format!("trail = json_insert(trail, '$[#]', json(?{n}))")
}

impl Store {
    /// Jobs due by `now_ms`, oldest first, leaving out those in `running`.
    pub fn due_jobs(&self, now_ms: i64, limit: usize, running: &[String]) -> Result<Vec<Job>> {
        let db = self.db();
        let mut statement = db.prepare(
            "SELECT j.ack_id, j.step, j.attempts, j.created_ms, f.request, j.notification, j.file
             FROM jobs j JOIN forwarded f ON f.ack_id = j.ack_id
             WHERE j.step IN ('lookup', 'upload', 'notify') AND j.next_ms <= ?1
             ORDER BY j.next_ms LIMIT ?2",
        )?;
        let rows = statement.query_map(params![now_ms, (limit + running.len()) as i64], |row| {
            Ok(Job {
                ack_id: row.get(0)?,
                step: Step::parse(&row.get::<_, String>(1)?),
                attempts: row.get(2)?,
                created_ms: row.get(3)?,
                request: super::json(row.get(4)?),
                notification: row.get::<_, Option<String>>(5)?.map(super::json),
                file: row.get::<_, Option<String>>(6)?.map(super::json),
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
            "SELECT MIN(next_ms) FROM jobs WHERE step IN ('lookup', 'upload', 'notify')",
            [],
            |row| row.get(0),
        )?)
    }

    /// How many jobs are unfinished (the queue's depth).
    pub fn open_jobs(&self) -> Result<i64> {
        Ok(self.db().query_row(
            "SELECT COUNT(*) FROM jobs WHERE step IN ('lookup', 'upload', 'notify')",
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

    /// Settles a job: the row becomes `answered`/`refused` (WIPO accepted the notification)
    /// or `open` for a clerk, with `answer` saying what was done and why; in one transaction.
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
                    "UPDATE jobs SET step = ?2, next_ms = ?3, {} WHERE ack_id = ?1 RETURNING trail",
                    append_trail(4)
                ),
                params![ack, step.as_str(), now_ms(), trail_entry(step, &outcome)],
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
