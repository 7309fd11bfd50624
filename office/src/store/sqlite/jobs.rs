//! The jobs' statements in SQLite. One process uses the file, so a claim is a plain update
//! in a transaction.

use super::SqliteStore;
use crate::store::jobs::{now_ms, trail_entry, Job, JobStore, Step, UNFINISHED};
use crate::store::{json, Result};
use rusqlite::{params, OptionalExtension, Transaction};
use serde_json::Value;

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

fn job(row: &rusqlite::Row<'_>) -> rusqlite::Result<Job> {
    Ok(Job {
        ack_id: row.get(0)?,
        kind: row.get(1)?,
        step: Step::parse(&row.get::<_, String>(2)?),
        attempts: row.get(3)?,
        created_ms: row.get(4)?,
        request: row.get::<_, Option<String>>(5)?.map_or(Value::Null, json),
        notification: row.get::<_, Option<String>>(6)?.map(json),
        file: row.get::<_, Option<String>>(7)?.map(json),
    })
}

impl JobStore for SqliteStore {
    fn claim_due_jobs(
        &self,
        owner: &str,
        now_ms: i64,
        lease_ms: i64,
        limit: usize,
    ) -> Result<Vec<Job>> {
        let mut db = self.db();
        let tx = db.transaction()?;
        let jobs = {
            let mut statement = tx.prepare(&format!(
                "UPDATE jobs SET claimed_by = ?1, claimed_until_ms = ?2 + ?3
                 WHERE ack_id IN (SELECT ack_id FROM jobs
                   WHERE step IN {UNFINISHED} AND next_ms <= ?2 AND claimed_until_ms <= ?2
                   ORDER BY next_ms LIMIT ?4)
                 RETURNING ack_id"
            ))?;
            let acks = statement
                .query_map(params![owner, now_ms, lease_ms, limit as i64], |r| {
                    r.get::<_, String>(0)
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut read = tx.prepare(
                "SELECT j.ack_id, j.kind, j.step, j.attempts, j.created_ms, f.request,
                        j.notification, j.file
                 FROM jobs j LEFT JOIN forwarded f ON f.ack_id = j.ack_id WHERE j.ack_id = ?1",
            )?;
            let mut jobs = acks
                .iter()
                .map(|ack| read.query_row([ack], job))
                .collect::<rusqlite::Result<Vec<_>>>()?;
            jobs.sort_by_key(|j| j.created_ms);
            jobs
        };
        tx.commit()?;
        Ok(jobs)
    }

    fn renew_claims(&self, owner: &str, acks: &[String], until_ms: i64) -> Result<()> {
        let db = self.db();
        let mut statement = db.prepare_cached(
            "UPDATE jobs SET claimed_until_ms = ?3 WHERE ack_id = ?1 AND claimed_by = ?2",
        )?;
        for ack in acks {
            statement.execute(params![ack, owner, until_ms])?;
        }
        Ok(())
    }

    fn release_claims(&self, owner: &str) -> Result<()> {
        self.db().execute(
            "UPDATE jobs SET claimed_until_ms = 0 WHERE claimed_by = ?1",
            [owner],
        )?;
        Ok(())
    }

    fn next_due_ms(&self) -> Result<Option<i64>> {
        Ok(self.db().query_row(
            &format!(
                "SELECT MIN(MAX(next_ms, claimed_until_ms)) FROM jobs WHERE step IN {UNFINISHED}"
            ),
            [],
            |row| row.get(0),
        )?)
    }

    fn advance(
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

    fn postpone(&self, ack: &str, step: Step, next_ms: i64, error: &str) -> Result<()> {
        let entry = trail_entry(step, &format!("will try again: {error}"));
        self.db().execute(
            &format!(
                "UPDATE jobs SET attempts = attempts + 1, next_ms = ?2, last_error = ?3,
                   claimed_until_ms = 0, {}
                 WHERE ack_id = ?1",
                append_trail(4)
            ),
            params![ack, next_ms, error, entry],
        )?;
        Ok(())
    }

    fn record_delivery(&self, ack: &str, retrieval: &Value) -> Result<bool> {
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

    fn deliveries(&self, acks: &[String]) -> Result<Vec<(String, Value)>> {
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
                crate::store::jobs::delivery_state(
                    row.get::<_, String>(1)?,
                    text(2)?,
                    text(3)?,
                    text(4)?,
                ),
            ))
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    fn settle(&self, ack: &str, step: Step, row_state: &str, answer: &Value) -> Result<()> {
        let mut db = self.db();
        let tx = db.transaction()?;
        let trail: Option<String> = tx
            .query_row(
                &format!(
                    "UPDATE jobs SET step = ?2, next_ms = ?3, last_error = COALESCE(?5, last_error),
                       claimed_until_ms = 0, {} WHERE ack_id = ?1 RETURNING trail",
                    append_trail(4)
                ),
                params![
                    ack,
                    step.as_str(),
                    now_ms(),
                    trail_entry(
                        step,
                        &crate::store::jobs::settled_outcome(answer, row_state)
                    ),
                    answer["reason"].as_str()
                ],
                |row| row.get(0),
            )
            .optional()?;
        let answer = crate::store::jobs::with_trail(answer, trail);
        tx.execute(
            "UPDATE forwarded SET state = ?2, answer = ?3 WHERE ack_id = ?1",
            params![ack, row_state, answer.to_string()],
        )?;
        tx.commit()?;
        Ok(())
    }
}
