//! The inbox in SQLite (the default): WAL mode with `synchronous = FULL`, so a row is on disk
//! when `commit` returns. One process writes it; the schema is the numbered migrations of
//! `migrations/sqlite/` (refinery).

mod jobs;
mod listing;
mod tokens;

use super::{json, ForwardedRow, Inbox, Result, StoreError};
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;
use std::sync::Mutex;

refinery::embed_migrations!("src/store/migrations/sqlite");

pub struct SqliteStore {
    db: Mutex<Connection>,
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        StoreError(e.to_string())
    }
}

impl SqliteStore {
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let mut db = Connection::open(path)?;
        db.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA busy_timeout = 5000;",
        )?;
        migrations::runner()
            .run(&mut db)
            .map_err(|e| StoreError(format!("migrating the schema: {e}")))?;
        Ok(SqliteStore { db: Mutex::new(db) })
    }

    fn db(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite inconsistent: keep serving.
        self.db
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Inbox for SqliteStore {
    fn record_forwarded(
        &self,
        delivery_key: &str,
        request: &serde_json::Value,
        new_ack: &str,
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
                let ack = new_ack.to_owned();
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

    fn record_notification(
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

    fn answer(
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

    fn forwarded_one(&self, ack: &str) -> Result<Option<ForwardedRow>> {
        Ok(self
            .db()
            .query_row(
                "SELECT ack_id, received_at, state, request, answer, deliveries FROM forwarded WHERE ack_id = ?1",
                params![ack],
                forwarded_row,
            )
            .optional()?)
    }

    fn age_secs(&self, ack: &str) -> Result<Option<f64>> {
        Ok(self
            .db()
            .query_row(
                "SELECT (julianday('now') - julianday(received_at)) * 86400.0 FROM forwarded
                 WHERE ack_id = ?1",
                params![ack],
                |row| row.get(0),
            )
            .optional()?)
    }

    fn ping(&self) -> Result<()> {
        self.db().query_row("SELECT 1", [], |_| Ok(()))?;
        Ok(())
    }

    fn depths(&self) -> Result<crate::observe::metrics::Depths> {
        let db = self.db();
        let count = |sql: &str| db.query_row(sql, [], |row| row.get::<_, i64>(0));
        Ok(crate::observe::metrics::Depths {
            needs_clerk: count("SELECT count(*) FROM forwarded WHERE state = 'open'")?,
            automatic: count("SELECT count(*) FROM forwarded WHERE state = 'automatic'")?,
            jobs_queued: count(&format!(
                "SELECT count(*) FROM jobs WHERE step IN {}",
                crate::store::jobs::UNFINISHED
            ))?,
        })
    }
}

fn forwarded_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ForwardedRow> {
    Ok(ForwardedRow {
        request_ack_id: row.get(0)?,
        received_at: row.get(1)?,
        state: row.get(2)?,
        request: json(row.get::<_, String>(3)?),
        answer: row.get::<_, Option<String>>(4)?.map(json),
        deliveries: row.get(5)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::listing::Pages;

    #[test]
    fn redeliveries_keep_their_ack_and_answers_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("inbox.db")).unwrap();
        let request = serde_json::json!({"documentNumber": "X"});
        let (first, new) = store
            .record_forwarded("osf:R-1", &request, "OFF-1", false)
            .unwrap();
        assert_eq!((first.as_str(), new), ("OFF-1", true));
        let (again, new) = store
            .record_forwarded("osf:R-1", &request, "OFF-2", false)
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
        let reopened = SqliteStore::open(&dir.path().join("inbox.db")).unwrap();
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
