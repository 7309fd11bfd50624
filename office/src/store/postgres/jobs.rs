//! The jobs' statements in PostgreSQL. Instances claim due jobs with `FOR UPDATE SKIP
//! LOCKED`, so two never take the same one; a claim lasts a lease that its instance renews
//! while it works, and ends when the step is stored.

use super::PostgresStore;
use crate::store::jobs::{
    delivery_state, now_ms, settled_outcome, trail_entry, with_trail, Job, JobStore, Step,
    UNFINISHED,
};
use crate::store::{json, Result};
use postgres::Transaction;
use serde_json::Value;

pub(super) fn create(tx: &mut Transaction<'_>, ack: &str) -> Result<()> {
    let now = now_ms();
    tx.execute(
        "INSERT INTO jobs (ack_id, created_ms, next_ms) VALUES ($1, $2, $2)",
        &[&ack, &now],
    )?;
    Ok(())
}

/// A delivery of the document announced by `notification`, unless one exists for its ack
/// id. Whether one was created.
pub(super) fn create_delivery(
    tx: &mut Transaction<'_>,
    ack: &str,
    notification: &Value,
) -> Result<bool> {
    let now = now_ms();
    let created = tx.execute(
        "INSERT INTO jobs (ack_id, kind, step, created_ms, next_ms, notification)
         VALUES ($1, 'delivery', 'download', $2, $2, $3) ON CONFLICT (ack_id) DO NOTHING",
        &[&ack, &now, &notification.to_string()],
    )?;
    Ok(created == 1)
}

/// Appends parameter `$n` (a JSON object) to a job's trail inside an `UPDATE`.
fn append_trail(n: usize) -> String {
    format!("trail = (trail::jsonb || jsonb_build_array(${n}::text::jsonb))::text")
}

fn job(row: &postgres::Row) -> Job {
    Job {
        ack_id: row.get(0),
        kind: row.get(1),
        step: Step::parse(row.get(2)),
        attempts: row.get(3),
        created_ms: row.get(4),
        request: row.get::<_, Option<String>>(5).map_or(Value::Null, json),
        notification: row.get::<_, Option<String>>(6).map(json),
        file: row.get::<_, Option<String>>(7).map(json),
    }
}

impl JobStore for PostgresStore {
    fn claim_due_jobs(
        &self,
        owner: &str,
        now_ms: i64,
        lease_ms: i64,
        limit: usize,
    ) -> Result<Vec<Job>> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        let claimed: Vec<String> = tx
            .query(
                &format!(
                    "UPDATE jobs SET claimed_by = $1, claimed_until_ms = $2 + $3
                     WHERE ack_id IN (SELECT ack_id FROM jobs
                       WHERE step IN {UNFINISHED} AND next_ms <= $2 AND claimed_until_ms <= $2
                       ORDER BY next_ms LIMIT $4 FOR UPDATE SKIP LOCKED)
                     RETURNING ack_id"
                ),
                &[&owner, &now_ms, &lease_ms, &(limit as i64)],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let rows = tx.query(
            "SELECT j.ack_id, j.kind, j.step, j.attempts, j.created_ms, f.request,
                    j.notification, j.file
             FROM jobs j LEFT JOIN forwarded f ON f.ack_id = j.ack_id
             WHERE j.ack_id = ANY($1) ORDER BY j.created_ms",
            &[&claimed],
        )?;
        tx.commit()?;
        Ok(rows.iter().map(job).collect())
    }

    fn renew_claims(&self, owner: &str, acks: &[String], until_ms: i64) -> Result<()> {
        self.client()?.execute(
            "UPDATE jobs SET claimed_until_ms = $3 WHERE ack_id = ANY($1) AND claimed_by = $2",
            &[&acks, &owner, &until_ms],
        )?;
        Ok(())
    }

    fn release_claims(&self, owner: &str) -> Result<()> {
        self.client()?.execute(
            "UPDATE jobs SET claimed_until_ms = 0 WHERE claimed_by = $1",
            &[&owner],
        )?;
        Ok(())
    }

    fn next_due_ms(&self) -> Result<Option<i64>> {
        let row = self.client()?.query_one(
            &format!(
                "SELECT MIN(GREATEST(next_ms, claimed_until_ms)) FROM jobs WHERE step IN {UNFINISHED}"
            ),
            &[],
        )?;
        Ok(row.get(0))
    }

    fn advance(
        &self,
        ack: &str,
        step: Step,
        notification: Option<&Value>,
        file: Option<&Value>,
        outcome: &str,
    ) -> Result<()> {
        self.client()?.execute(
            &format!(
                "UPDATE jobs SET step = $2, attempts = 0, next_ms = $3, last_error = NULL,
                   notification = COALESCE($4, notification), file = COALESCE($5, file), {}
                 WHERE ack_id = $1",
                append_trail(6)
            ),
            &[
                &ack,
                &step.as_str(),
                &now_ms(),
                &notification.map(Value::to_string),
                &file.map(Value::to_string),
                &trail_entry(step, outcome),
            ],
        )?;
        Ok(())
    }

    fn postpone(&self, ack: &str, step: Step, next_ms: i64, error: &str) -> Result<()> {
        let entry = trail_entry(step, &format!("will try again: {error}"));
        self.client()?.execute(
            &format!(
                "UPDATE jobs SET attempts = attempts + 1, next_ms = $2, last_error = $3,
                   claimed_until_ms = 0, {}
                 WHERE ack_id = $1",
                append_trail(4)
            ),
            &[&ack, &next_ms, &error, &entry],
        )?;
        Ok(())
    }

    fn record_delivery(&self, ack: &str, retrieval: &Value) -> Result<bool> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        let created = create_delivery(&mut tx, ack, retrieval)?;
        if created {
            let mut found = retrieval.clone();
            found["foundBy"] = "polling".into();
            tx.execute(
                "INSERT INTO notifications (notification) VALUES ($1)",
                &[&found.to_string()],
            )?;
        }
        tx.commit()?;
        Ok(created)
    }

    fn deliveries(&self, acks: &[String]) -> Result<Vec<(String, Value)>> {
        let rows = self.client()?.query(
            "SELECT ack_id, step, file, last_error, trail FROM jobs
             WHERE kind = 'delivery' AND ack_id = ANY($1)",
            &[&acks],
        )?;
        Ok(rows
            .iter()
            .map(|row| {
                let state = delivery_state(row.get(1), row.get(2), row.get(3), row.get(4));
                (row.get(0), state)
            })
            .collect())
    }

    fn settle(&self, ack: &str, step: Step, row_state: &str, answer: &Value) -> Result<()> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        let trail: Option<String> = tx
            .query_opt(
                &format!(
                    "UPDATE jobs SET step = $2, next_ms = $3, last_error = COALESCE($5, last_error),
                       claimed_until_ms = 0, {} WHERE ack_id = $1 RETURNING trail",
                    append_trail(4)
                ),
                &[
                    &ack,
                    &step.as_str(),
                    &now_ms(),
                    &trail_entry(step, &settled_outcome(answer, row_state)),
                    &answer["reason"].as_str(),
                ],
            )?
            .map(|row| row.get(0));
        let answer = with_trail(answer, trail);
        tx.execute(
            "UPDATE forwarded SET state = $2, answer = $3 WHERE ack_id = $1",
            &[&ack, &row_state, &answer.to_string()],
        )?;
        tx.commit()?;
        Ok(())
    }
}
