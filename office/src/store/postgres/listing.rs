//! The inbox's pages and retention in PostgreSQL.

use super::{forwarded_row, numbered, PostgresStore, FORWARDED_COLUMNS};
use crate::store::listing::{
    forwarded_cursor, forwarded_page_sql, notification_cursor, notifications_before, page, Cursor,
    Filter, Page, Pages, MAX_LIMIT,
};
use crate::store::{json, ForwardedRow, NotificationRow, Result};
use postgres::types::ToSql;

/// A stamp `days` ago, as the store writes them.
const CUTOFF: &str = "to_char((clock_timestamp() - make_interval(days => $1)) AT TIME ZONE 'UTC', \
                      'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

impl Pages for PostgresStore {
    fn forwarded_page(
        &self,
        filter: &Filter,
        limit: usize,
        after: Option<&Cursor>,
    ) -> Result<Page<ForwardedRow>> {
        let limit = limit.clamp(1, MAX_LIMIT);
        let (filtered, params) =
            forwarded_page_sql(filter, "((request::jsonb) ->> 'documentNumber')", after);
        let sql = numbered(&format!(
            "SELECT {FORWARDED_COLUMNS} FROM forwarded {filtered} \
             ORDER BY received_at DESC, ack_id DESC LIMIT {}",
            limit + 1
        ));
        let params: Vec<&(dyn ToSql + Sync)> =
            params.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        let rows = self.client()?.query(&sql, &params)?;
        let rows = rows.iter().map(forwarded_row).collect();
        Ok(page(rows, limit, forwarded_cursor))
    }

    fn notifications_page(
        &self,
        limit: usize,
        after: Option<&Cursor>,
    ) -> Result<Page<NotificationRow>> {
        let limit = limit.clamp(1, MAX_LIMIT);
        let before = notifications_before(after);
        let rows = self.client()?.query(
            "SELECT id, received_at, notification FROM notifications WHERE id < $1
             ORDER BY id DESC LIMIT $2",
            &[&before, &((limit + 1) as i64)],
        )?;
        let rows = rows
            .iter()
            .map(|row| NotificationRow {
                id: row.get(0),
                received_at: row.get(1),
                notification: json(row.get(2)),
            })
            .collect();
        Ok(page(rows, limit, notification_cursor))
    }

    fn forget_settled(&self, days: u32) -> Result<usize> {
        let days = days.min(i32::MAX as u32) as i32;
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        let unfinished = crate::store::jobs::UNFINISHED;
        let settled = format!("state IN ('answered', 'refused') AND received_at < {CUTOFF}");
        let jobs = tx.execute(
            &format!(
                "DELETE FROM jobs WHERE step NOT IN {unfinished} AND ack_id IN \
                 (SELECT ack_id FROM forwarded WHERE {settled})"
            ),
            &[&days],
        )?;
        let forwarded = tx.execute(
            &format!(
                "DELETE FROM forwarded WHERE {settled} AND ack_id NOT IN (SELECT ack_id FROM jobs)"
            ),
            &[&days],
        )?;
        let notifications = tx.execute(
            &format!(
                "DELETE FROM notifications WHERE received_at < {CUTOFF} AND NOT EXISTS \
                 (SELECT 1 FROM jobs WHERE step IN {unfinished} \
                  AND ack_id = (notification::jsonb) ->> 'requestAckId')"
            ),
            &[&days],
        )?;
        let deliveries = tx.execute(
            &format!(
                "DELETE FROM jobs WHERE kind = 'delivery' AND step NOT IN {unfinished} AND ack_id NOT IN \
                 (SELECT (notification::jsonb) ->> 'requestAckId' FROM notifications \
                  WHERE (notification::jsonb) ->> 'requestAckId' IS NOT NULL)"
            ),
            &[],
        )?;
        tx.commit()?;
        Ok((jobs + forwarded + notifications + deliveries) as usize)
    }
}
