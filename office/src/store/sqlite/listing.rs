//! The inbox's pages and retention in SQLite.

use super::{forwarded_row, SqliteStore};
use crate::store::listing::{
    forwarded_cursor, forwarded_page_sql, notification_cursor, notifications_before, page, Cursor,
    Filter, Page, Pages, MAX_LIMIT,
};
use crate::store::{json, ForwardedRow, NotificationRow, Result};

impl Pages for SqliteStore {
    fn forwarded_page(
        &self,
        filter: &Filter,
        limit: usize,
        after: Option<&Cursor>,
    ) -> Result<Page<ForwardedRow>> {
        let limit = limit.clamp(1, MAX_LIMIT);
        let (filtered, params) =
            forwarded_page_sql(filter, "json_extract(request, '$.documentNumber')", after);
        let sql = format!(
            "SELECT ack_id, received_at, state, request, answer, deliveries FROM forwarded \
             {filtered} ORDER BY received_at DESC, ack_id DESC LIMIT {}",
            limit + 1
        );
        let db = self.db();
        let mut statement = db.prepare_cached(&sql)?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(params), forwarded_row)?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(page(rows, limit, forwarded_cursor))
    }

    fn notifications_page(
        &self,
        limit: usize,
        after: Option<&Cursor>,
    ) -> Result<Page<NotificationRow>> {
        let limit = limit.clamp(1, MAX_LIMIT);
        let before = notifications_before(after);
        let db = self.db();
        let mut statement = db.prepare_cached(
            "SELECT id, received_at, notification FROM notifications WHERE id < ?1 \
             ORDER BY id DESC LIMIT ?2",
        )?;
        let rows = statement
            .query_map(rusqlite::params![before, (limit + 1) as i64], |row| {
                Ok(NotificationRow {
                    id: row.get(0)?,
                    received_at: row.get(1)?,
                    notification: json(row.get::<_, String>(2)?),
                })
            })?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(page(rows, limit, notification_cursor))
    }

    fn forget_settled(&self, days: u32) -> Result<usize> {
        let cutoff = format!("-{days} days");
        let mut db = self.db();
        let tx = db.transaction()?;
        let old = "received_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?1)";
        let unfinished = crate::store::jobs::UNFINISHED;
        let jobs = tx.execute(
            &format!(
                "DELETE FROM jobs WHERE step NOT IN {unfinished} AND ack_id IN \
                 (SELECT ack_id FROM forwarded WHERE state IN ('answered', 'refused') AND {old})"
            ),
            [&cutoff],
        )?;
        let forwarded = tx.execute(
            &format!(
                "DELETE FROM forwarded WHERE state IN ('answered', 'refused') AND {old} \
                 AND ack_id NOT IN (SELECT ack_id FROM jobs)"
            ),
            [&cutoff],
        )?;
        let notifications = tx.execute(
            &format!(
                "DELETE FROM notifications WHERE {old} AND NOT EXISTS \
                 (SELECT 1 FROM jobs WHERE step IN {unfinished} \
                  AND ack_id = json_extract(notification, '$.requestAckId'))"
            ),
            [&cutoff],
        )?;
        let deliveries = tx.execute(
            &format!(
                "DELETE FROM jobs WHERE kind = 'delivery' AND step NOT IN {unfinished} AND ack_id NOT IN \
                 (SELECT json_extract(notification, '$.requestAckId') FROM notifications)"
            ),
            [],
        )?;
        tx.commit()?;
        Ok(jobs + forwarded + notifications + deliveries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Inbox;
    use serde_json::json;

    /// A store with `n` forwarded requests, one a minute from 2026-01-01 00:00, numbers
    /// `N0`…, every third open, the rest answered.
    fn store(n: usize) -> (tempfile::TempDir, SqliteStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("inbox.db")).unwrap();
        for i in 0..n {
            let request = json!({"documentNumber": format!("N{i}")});
            let ack = format!("OFF-{i:05}");
            store
                .record_forwarded(&format!("k{i}"), &request, &ack, false)
                .unwrap();
            let at = format!("2026-01-01T{:02}:{:02}:00.000Z", i / 60, i % 60);
            let state = if i % 3 == 0 { "open" } else { "answered" };
            store
                .db()
                .execute(
                    "UPDATE forwarded SET received_at = ?2, state = ?3 WHERE ack_id = ?1",
                    rusqlite::params![ack, at, state],
                )
                .unwrap();
        }
        (dir, store)
    }

    fn all_pages(store: &SqliteStore, filter: &Filter, limit: usize) -> Vec<Vec<String>> {
        let mut pages = Vec::new();
        let mut after = None;
        loop {
            let page = store.forwarded_page(filter, limit, after.as_ref()).unwrap();
            pages.push(page.rows.iter().map(|r| r.request_ack_id.clone()).collect());
            match page.next {
                Some(next) => after = Some(Cursor::parse(&next).unwrap()),
                None => return pages,
            }
        }
    }

    #[test]
    fn pages_follow_each_other_newest_first_without_gaps() {
        let (_dir, store) = store(250);
        let pages = all_pages(&store, &Filter::default(), 100);
        assert_eq!(
            pages.iter().map(Vec::len).collect::<Vec<_>>(),
            [100, 100, 50]
        );
        let acks: Vec<String> = pages.concat();
        let expected: Vec<String> = (0..250).rev().map(|i| format!("OFF-{i:05}")).collect();
        assert_eq!(acks, expected);
        // A row arriving while the clerk pages does not shift the pages already cursored.
        let first = store.forwarded_page(&Filter::default(), 100, None).unwrap();
        store
            .record_forwarded("new", &json!({}), "OFF-new", false)
            .unwrap();
        let next = Cursor::parse(&first.next.unwrap()).unwrap();
        let second = store
            .forwarded_page(&Filter::default(), 100, Some(&next))
            .unwrap();
        assert_eq!(second.rows[0].request_ack_id, "OFF-00149");
    }

    #[test]
    fn filters_select_by_state_time_and_number() {
        let (_dir, store) = store(120);
        let filter = |s: Option<&str>, f: Option<&str>, t: Option<&str>, n: Option<&str>| {
            Filter::parse(s, f, t, n).unwrap()
        };
        let open = all_pages(&store, &filter(Some("open"), None, None, None), 7).concat();
        assert_eq!(open.len(), 40);
        assert!(open
            .iter()
            .all(|a| a[4..].parse::<usize>().unwrap() % 3 == 0));
        let both = filter(Some("open, answered"), None, None, None);
        assert_eq!(all_pages(&store, &both, 1000).concat().len(), 120);
        // 01:00 to 01:09:59.999 inclusive: rows 60 to 69.
        let window = filter(
            None,
            Some("2026-01-01T01:00:00.000Z"),
            Some("2026-01-01T01:09:59.999Z"),
            None,
        );
        let rows = all_pages(&store, &window, 1000).concat();
        assert_eq!((rows.len(), rows[0].as_str()), (10, "OFF-00069"));
        let day = filter(None, Some("2026-01-01"), Some("2026-01-01"), None);
        assert_eq!(all_pages(&store, &day, 1000).concat().len(), 120);
        let before = filter(None, None, Some("2025-12-31"), None);
        assert!(all_pages(&store, &before, 1000).concat().is_empty());
        let number = filter(None, None, None, Some(" N42 "));
        assert_eq!(all_pages(&store, &number, 10).concat(), ["OFF-00042"]);
    }

    #[test]
    fn bad_filters_and_cursors_are_refused_with_a_reason() {
        for (state, from, to) in [
            (Some("opened"), None, None),
            (None, Some("2026-13"), None),
            (None, None, Some("yesterday")),
            (None, Some("2026-01-01 10:00"), None),
        ] {
            let refused = Filter::parse(state, from, to, None);
            assert!(refused.is_err(), "{state:?} {from:?} {to:?}");
        }
        for cursor in ["", "%%%", "bm8tbmV3bGluZQ"] {
            assert!(Cursor::parse(cursor).is_err(), "{cursor:?}");
        }
    }

    #[test]
    fn retention_removes_old_settled_rows_only() {
        let (_dir, store) = store(30);
        // Rows 0–9 are recent; the rest were received in 2026-01.
        store
            .db()
            .execute(
                "UPDATE forwarded SET received_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
                 WHERE CAST(substr(ack_id, 5) AS INTEGER) < 10",
                [],
            )
            .unwrap();
        store
            .record_notification(&json!({"requestAckId": "A"}), false)
            .unwrap();
        store
            .db()
            .execute(
                "UPDATE notifications SET received_at = '2026-01-01T00:00:00.000Z'",
                [],
            )
            .unwrap();
        let removed = store.forget_settled(30).unwrap();
        let left = all_pages(&store, &Filter::default(), 1000).concat();
        // Of rows 10–29, the answered ones (not a multiple of 3) are gone: 14 rows; and
        // the old notification.
        assert_eq!(removed, 14 + 1);
        assert_eq!(left.len(), 30 - 14);
        let open_kept = left
            .iter()
            .filter(|a| a[4..].parse::<usize>().unwrap() >= 10)
            .all(|a| a[4..].parse::<usize>().unwrap() % 3 == 0);
        assert!(open_kept, "{left:?}");
        assert!(store.notifications_page(10, None).unwrap().rows.is_empty());
    }
}
