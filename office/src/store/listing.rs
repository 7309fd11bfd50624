//! The inbox at volume: keyset paging newest first (a cursor, not an offset, so a page costs
//! the same at row 100,000 as at row 1, and rows arriving meanwhile do not shift it),
//! filters by state, time received and document number, and retention of settled rows.

use super::{forwarded_row, json, ForwardedRow, NotificationRow, Result, Store};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rusqlite::types::Value as Sql;

/// Most rows in one page.
pub const MAX_LIMIT: usize = 1000;
/// Rows in a page when the caller does not say.
pub const DEFAULT_LIMIT: usize = 100;

/// The rows of one page, and the cursor of the next (none on the last page).
#[derive(Debug, serde::Serialize)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub next: Option<String>,
}

/// Which forwarded retrievals a page holds.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Filter {
    /// Any of these states (none: all).
    pub states: Vec<String>,
    /// Received at or after (`YYYY-MM-DD` or a full UTC stamp).
    pub from: Option<String>,
    /// Received at or before (a date includes its whole day).
    pub to: Option<String>,
    /// The requested document's number, exactly.
    pub number: Option<String>,
}

const STATES: [&str; 4] = ["open", "automatic", "answered", "refused"];

impl Filter {
    /// A filter from the query's words, or why it is refused.
    pub fn parse(
        states: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
        number: Option<&str>,
    ) -> std::result::Result<Filter, String> {
        let states: Vec<String> = states
            .into_iter()
            .flat_map(|s| s.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        if let Some(bad) = states.iter().find(|s| !STATES.contains(&s.as_str())) {
            return Err(format!(
                "unknown state {bad:?} (open, automatic, answered, refused)"
            ));
        }
        let from = from.map(|t| stamp(t, "T00:00:00.000Z")).transpose()?;
        let to = to.map(|t| stamp(t, "T23:59:59.999Z")).transpose()?;
        let number = number
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned);
        Ok(Filter {
            states,
            from,
            to,
            number,
        })
    }

    /// The `WHERE` conditions and their parameters.
    fn sql(&self, conditions: &mut Vec<String>, params: &mut Vec<Sql>) {
        if !self.states.is_empty() {
            let marks = vec!["?"; self.states.len()].join(", ");
            conditions.push(format!("state IN ({marks})"));
            params.extend(self.states.iter().cloned().map(Sql::Text));
        }
        let mut push = |condition: &str, value: &Option<String>| {
            if let Some(value) = value {
                conditions.push(condition.to_owned());
                params.push(Sql::Text(value.clone()));
            }
        };
        push("received_at >= ?", &self.from);
        push("received_at <= ?", &self.to);
        push(
            "json_extract(request, '$.documentNumber') = ?",
            &self.number,
        );
    }
}

/// A date or a stamp as the store writes them (`2026-11-29T14:02:47.123Z`), so that they
/// compare as text; a date gets `day_part`.
fn stamp(text: &str, day_part: &str) -> std::result::Result<String, String> {
    let text = text.trim();
    let digits = |range: std::ops::Range<usize>| {
        text.get(range)
            .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()))
    };
    let date = text.len() >= 10
        && digits(0..4)
        && digits(5..7)
        && digits(8..10)
        && &text[4..5] == "-"
        && &text[7..8] == "-";
    match (date, text.len()) {
        (true, 10) => Ok(format!("{text}{day_part}")),
        (true, 24) if text.as_bytes()[10] == b'T' && text.ends_with('Z') => Ok(text.to_owned()),
        _ => Err(format!(
            "{text:?} is not a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM:SS.mmmZ)"
        )),
    }
}

/// Where the previous page ended: its last row's time and id, opaque to the caller.
#[derive(Debug, Clone, PartialEq)]
pub struct Cursor {
    at: String,
    id: String,
}

impl Cursor {
    fn new(at: &str, id: &str) -> Cursor {
        Cursor {
            at: at.to_owned(),
            id: id.to_owned(),
        }
    }

    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}\n{}", self.at, self.id))
    }

    /// A cursor this office gave, or why the text is not one.
    pub fn parse(text: &str) -> std::result::Result<Cursor, String> {
        let bad = || "the cursor is not one this office gave".to_owned();
        let bytes = URL_SAFE_NO_PAD.decode(text.trim()).map_err(|_| bad())?;
        let text = String::from_utf8(bytes).map_err(|_| bad())?;
        let (at, id) = text.split_once('\n').ok_or_else(bad)?;
        Ok(Cursor::new(at, id))
    }
}

impl Store {
    /// One page of forwarded retrievals, newest first.
    pub fn forwarded_page(
        &self,
        filter: &Filter,
        limit: usize,
        after: Option<&Cursor>,
    ) -> Result<Page<ForwardedRow>> {
        let limit = limit.clamp(1, MAX_LIMIT);
        let (mut conditions, mut params) = (Vec::new(), Vec::new());
        filter.sql(&mut conditions, &mut params);
        if let Some(after) = after {
            conditions.push("(received_at, ack_id) < (?, ?)".into());
            params.extend([Sql::Text(after.at.clone()), Sql::Text(after.id.clone())]);
        }
        let sql = format!(
            "SELECT ack_id, received_at, state, request, answer, deliveries FROM forwarded {} \
             ORDER BY received_at DESC, ack_id DESC LIMIT {}",
            where_clause(&conditions),
            limit + 1
        );
        let db = self.db();
        let mut statement = db.prepare_cached(&sql)?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(params), forwarded_row)?
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(page(rows, limit, |r| {
            Cursor::new(&r.received_at, &r.request_ack_id)
        }))
    }

    /// One page of WIPO's notifications, newest first.
    pub fn notifications_page(
        &self,
        limit: usize,
        after: Option<&Cursor>,
    ) -> Result<Page<NotificationRow>> {
        let limit = limit.clamp(1, MAX_LIMIT);
        // A cursor from the retrievals' pages names no notification: it starts at the top.
        let before = after.map_or(i64::MAX, |c| c.id.parse().unwrap_or(i64::MAX));
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
        Ok(page(rows, limit, |r| {
            Cursor::new(&r.received_at, &r.id.to_string())
        }))
    }

    /// Deletes settled rows received more than `days` ago: answered or refused retrievals
    /// (with their finished jobs) and notifications whose delivery, if any, is finished.
    /// Open requests and unfinished jobs are never removed. Returns the rows removed.
    pub fn forget_settled(&self, days: u32) -> Result<usize> {
        let cutoff = format!("-{days} days");
        let mut db = self.db();
        let tx = db.transaction()?;
        let old = "received_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?1)";
        let unfinished = super::jobs::UNFINISHED;
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
                "DELETE FROM notifications WHERE {old} AND json_extract(notification, '$.requestAckId') \
                 NOT IN (SELECT ack_id FROM jobs WHERE step IN {unfinished})"
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

fn where_clause(conditions: &[String]) -> String {
    match conditions.is_empty() {
        true => String::new(),
        false => format!("WHERE {}", conditions.join(" AND ")),
    }
}

/// The first `limit` rows, and a cursor after the last of them when one more row was read.
fn page<T>(mut rows: Vec<T>, limit: usize, cursor_of: impl Fn(&T) -> Cursor) -> Page<T> {
    let more = rows.len() > limit;
    rows.truncate(limit);
    let next = more
        .then(|| rows.last().map(|r| cursor_of(r).encode()))
        .flatten();
    Page { rows, next }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A store with `n` forwarded requests, one a minute from 2026-01-01 00:00, numbers
    /// `N0`…, every third open, the rest answered.
    fn store(n: usize) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("inbox.db")).unwrap();
        for i in 0..n {
            let request = json!({"documentNumber": format!("N{i}")});
            let ack = format!("OFF-{i:05}");
            store
                .record_forwarded(&format!("k{i}"), &request, || ack.clone(), false)
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

    fn all_pages(store: &Store, filter: &Filter, limit: usize) -> Vec<Vec<String>> {
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
            .record_forwarded("new", &json!({}), || "OFF-new".into(), false)
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
