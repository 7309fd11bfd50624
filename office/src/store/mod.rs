//! The durable inbox: SQLite in WAL mode with `synchronous = FULL`, so a row is on disk when
//! `commit` returns — and every inbound request is committed before it is answered. The
//! unattended answers' jobs live beside it ([`jobs`]), each step committed before the next.

pub mod jobs;
pub mod listing;
mod migrations;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::path::Path;
use std::sync::Mutex;

/// A forwarded retrieval as the inbox shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ForwardedRow {
    /// The acknowledgement id this office issued (the OFF ack id of seed 000 step 2).
    pub request_ack_id: String,
    pub received_at: String,
    /// `automatic` (being answered without a clerk), `open` (needs a clerk), `answered` or
    /// `refused`.
    pub state: String,
    pub request: serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<serde_json::Value>,
    /// How many times WIPO delivered this request.
    pub deliveries: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NotificationRow {
    pub id: i64,
    pub received_at: String,
    pub notification: serde_json::Value,
}

pub struct Store {
    db: Mutex<Connection>,
}

#[derive(Debug)]
pub struct StoreError(pub String);

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        StoreError(e.to_string())
    }
}

type Result<T> = std::result::Result<T, StoreError>;

impl Store {
    pub fn open(path: &Path) -> Result<Store> {
        let mut db = Connection::open(path)?;
        db.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA busy_timeout = 5000;",
        )?;
        migrations::apply(&mut db).map_err(|e| StoreError(format!("migrating the schema: {e}")))?;
        Ok(Store { db: Mutex::new(db) })
    }

    fn db(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite inconsistent: keep serving.
        self.db
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Stores a forwarded retrieval and returns its ack id; a redelivery (same key) gets the
    /// ack id issued the first time. `new_ack` is only called for a new request. With
    /// `automatic`, a new request is stored with its answer job, in the same transaction.
    pub fn record_forwarded(
        &self,
        delivery_key: &str,
        request: &serde_json::Value,
        new_ack: impl FnOnce() -> String,
        automatic: bool,
    ) -> Result<(String, bool)> {
        let mut db = self.db();
        let tx = db.transaction()?;
        let existing: Option<String> = tx
            .query_row(
                "SELECT ack_id FROM forwarded WHERE delivery_key = ?1",
                params![delivery_key],
                |row| row.get(0),
            )
            .optional()?;
        let outcome = match existing {
            Some(ack) => {
                tx.execute(
                    "UPDATE forwarded SET deliveries = deliveries + 1 WHERE ack_id = ?1",
                    params![ack],
                )?;
                (ack, false)
            }
            None => {
                let ack = new_ack();
                let state = if automatic { "automatic" } else { "open" };
                tx.execute(
                    "INSERT INTO forwarded (ack_id, delivery_key, request, state) VALUES (?1, ?2, ?3, ?4)",
                    params![ack, delivery_key, request.to_string(), state],
                )?;
                if automatic {
                    jobs::create(&tx, &ack)?;
                }
                (ack, true)
            }
        };
        tx.commit()?;
        Ok(outcome)
    }

    /// Stores WIPO's notification; with `deliver`, and a successful one, also the job that
    /// downloads the document (in the same transaction). Returns the notification's id and
    /// whether a delivery was created.
    pub fn record_notification(
        &self,
        notification: &serde_json::Value,
        deliver: bool,
    ) -> Result<(i64, bool)> {
        let mut db = self.db();
        let tx = db.transaction()?;
        tx.execute(
            "INSERT INTO notifications (notification) VALUES (?1)",
            params![notification.to_string()],
        )?;
        let id = tx.last_insert_rowid();
        let success = notification["requestStatusCategory"] == "success";
        let delivery = match notification["requestAckId"].as_str() {
            Some(ack) if deliver && success => jobs::create_delivery(&tx, ack, notification)?,
            _ => false,
        };
        tx.commit()?;
        Ok((id, delivery))
    }

    /// Records the clerk's answer (after the app notified WIPO). `None` if the ack is unknown
    /// or is being answered automatically.
    pub fn answer(
        &self,
        ack: &str,
        state: &str,
        answer: &serde_json::Value,
    ) -> Result<Option<ForwardedRow>> {
        let changed = self.db().execute(
            "UPDATE forwarded SET state = ?2, answer = ?3 WHERE ack_id = ?1 AND state <> 'automatic'",
            params![ack, state, answer.to_string()],
        )?;
        if changed == 0 {
            return Ok(None);
        }
        self.forwarded_one(ack)
    }

    pub fn forwarded_one(&self, ack: &str) -> Result<Option<ForwardedRow>> {
        Ok(self
            .db()
            .query_row(
                "SELECT ack_id, received_at, state, request, answer, deliveries FROM forwarded WHERE ack_id = ?1",
                params![ack],
                forwarded_row,
            )
            .optional()?)
    }

    /// Whether the database answers (the readiness check).
    pub fn ping(&self) -> Result<()> {
        self.db().query_row("SELECT 1", [], |_| Ok(()))?;
        Ok(())
    }

    /// The queue depths the metrics report.
    pub fn depths(&self) -> Result<crate::observe::metrics::Depths> {
        let db = self.db();
        let count = |sql: &str| db.query_row(sql, [], |row| row.get::<_, i64>(0));
        Ok(crate::observe::metrics::Depths {
            needs_clerk: count("SELECT count(*) FROM forwarded WHERE state = 'open'")?,
            automatic: count("SELECT count(*) FROM forwarded WHERE state = 'automatic'")?,
            jobs_queued: count(&format!(
                "SELECT count(*) FROM jobs WHERE step IN {}",
                jobs::UNFINISHED
            ))?,
        })
    }
}

pub(crate) fn forwarded_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ForwardedRow> {
    Ok(ForwardedRow {
        request_ack_id: row.get(0)?,
        received_at: row.get(1)?,
        state: row.get(2)?,
        request: json(row.get::<_, String>(3)?),
        answer: row.get::<_, Option<String>>(4)?.map(json),
        deliveries: row.get(5)?,
    })
}

pub(crate) fn json(text: String) -> serde_json::Value {
    serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redeliveries_keep_their_ack_and_answers_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("inbox.db")).unwrap();
        let request = serde_json::json!({"documentNumber": "X"});
        let (first, new) = store
            .record_forwarded("osf:R-1", &request, || "OFF-1".into(), false)
            .unwrap();
        assert_eq!((first.as_str(), new), ("OFF-1", true));
        let (again, new) = store
            .record_forwarded("osf:R-1", &request, || "OFF-2".into(), false)
            .unwrap();
        assert_eq!((again.as_str(), new), ("OFF-1", false));
        let rows = store
            .forwarded_page(&Default::default(), 10, None)
            .unwrap()
            .rows;
        assert_eq!(
            (rows.len(), rows[0].deliveries, rows[0].state.as_str()),
            (1, 2, "open")
        );
        // RFC 3339 UTC with milliseconds, from SQLite's clock: `2026-11-29T14:02:47.123Z`.
        let at = rows[0].received_at.as_bytes();
        assert_eq!(
            (at.len(), at[10], at[19], at[23]),
            (24, b'T', b'.', b'Z'),
            "{}",
            rows[0].received_at
        );
        let answered = store
            .answer("OFF-1", "answered", &serde_json::json!({"fileId": "F"}))
            .unwrap()
            .unwrap();
        assert_eq!(answered.answer.unwrap()["fileId"], "F");
        assert!(store
            .answer("nope", "answered", &serde_json::json!({}))
            .unwrap()
            .is_none());
        drop(store);
        let reopened = Store::open(&dir.path().join("inbox.db")).unwrap();
        assert_eq!(
            reopened
                .forwarded_page(&Default::default(), 10, None)
                .unwrap()
                .rows[0]
                .state,
            "answered"
        );
    }
}
