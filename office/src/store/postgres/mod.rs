//! The inbox in PostgreSQL (`--db postgres://…`): several `ipdocs-office` instances share
//! it. A redelivery racing its first delivery on another instance is one row (`ON CONFLICT`
//! on the delivery key); jobs are claimed with `FOR UPDATE SKIP LOCKED` ([`jobs`]); each
//! instance hears the others' events through `LISTEN`/`NOTIFY` ([`events`]). The schema is
//! the numbered migrations of `migrations/postgres/` (refinery).

pub mod events;
mod jobs;
mod listing;
mod tokens;

use super::{json, ForwardedRow, Inbox, Result, StoreError};
use postgres::NoTls;
use r2d2_postgres::PostgresConnectionManager;
use serde_json::Value;

refinery::embed_migrations!("src/store/migrations/postgres");

type Pool = r2d2::Pool<PostgresConnectionManager<NoTls>>;

/// How many connections one instance holds at most.
const POOL_SIZE: u32 = 8;

pub struct PostgresStore {
    pool: Pool,
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> StoreError {
        StoreError(e.to_string())
    }
}

impl From<r2d2::Error> for StoreError {
    fn from(e: r2d2::Error) -> StoreError {
        StoreError(format!("no database connection: {e}"))
    }
}

/// `?` placeholders as PostgreSQL's `$1`, `$2`… (the shared filters are written with `?`).
pub(crate) fn numbered(sql: &str) -> String {
    let mut n = 0;
    sql.chars()
        .map(|c| match c {
            '?' => {
                n += 1;
                format!("${n}")
            }
            c => c.to_string(),
        })
        .collect()
}

impl PostgresStore {
    pub fn open(url: &str) -> Result<PostgresStore> {
        let config: postgres::Config = url
            .parse()
            .map_err(|e: postgres::Error| StoreError(format!("the database URL: {e}")))?;
        let pool = r2d2::Pool::builder()
            .max_size(POOL_SIZE)
            .connection_timeout(std::time::Duration::from_secs(10))
            .build(PostgresConnectionManager::new(config, NoTls))?;
        let mut client = pool.get()?;
        migrations::runner()
            .run(&mut *client)
            .map_err(|e| StoreError(format!("migrating the schema: {e}")))?;
        Ok(PostgresStore { pool })
    }

    fn client(&self) -> Result<r2d2::PooledConnection<PostgresConnectionManager<NoTls>>> {
        Ok(self.pool.get()?)
    }
}

fn forwarded_row(row: &postgres::Row) -> ForwardedRow {
    ForwardedRow {
        request_ack_id: row.get(0),
        received_at: row.get(1),
        state: row.get(2),
        request: json(row.get(3)),
        answer: row.get::<_, Option<String>>(4).map(json),
        deliveries: row.get(5),
    }
}

const FORWARDED_COLUMNS: &str = "ack_id, received_at, state, request, answer, deliveries";

impl Inbox for PostgresStore {
    fn record_forwarded(
        &self,
        delivery_key: &str,
        request: &Value,
        new_ack: &str,
        automatic: bool,
    ) -> Result<(String, bool)> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        let state = if automatic { "automatic" } else { "open" };
        // One statement: a redelivery landing on another instance at the same moment
        // counts a delivery instead of failing on the unique key. `xmax = 0`: inserted.
        let row = tx.query_one(
            "INSERT INTO forwarded (ack_id, delivery_key, request, state) VALUES ($1, $2, $3, $4)
             ON CONFLICT (delivery_key) DO UPDATE SET deliveries = forwarded.deliveries + 1
             RETURNING ack_id, (xmax = 0) AS inserted",
            &[&new_ack, &delivery_key, &request.to_string(), &state],
        )?;
        let (ack, inserted): (String, bool) = (row.get(0), row.get(1));
        if inserted && automatic {
            jobs::create(&mut tx, &ack)?;
        }
        tx.commit()?;
        Ok((ack, inserted))
    }

    fn record_notification(&self, notification: &Value, deliver: bool) -> Result<(i64, bool)> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        let id: i64 = tx
            .query_one(
                "INSERT INTO notifications (notification) VALUES ($1) RETURNING id",
                &[&notification.to_string()],
            )?
            .get(0);
        let success = notification["requestStatusCategory"] == "success";
        let delivery = match notification["requestAckId"].as_str() {
            Some(ack) if deliver && success => jobs::create_delivery(&mut tx, ack, notification)?,
            _ => false,
        };
        tx.commit()?;
        Ok((id, delivery))
    }

    fn answer(&self, ack: &str, state: &str, answer: &Value) -> Result<Option<ForwardedRow>> {
        let row = self.client()?.query_opt(
            &format!(
                "UPDATE forwarded SET state = $2, answer = $3 WHERE ack_id = $1 AND state <> 'automatic'
                 RETURNING {FORWARDED_COLUMNS}"
            ),
            &[&ack, &state, &answer.to_string()],
        )?;
        Ok(row.as_ref().map(forwarded_row))
    }

    fn forwarded_one(&self, ack: &str) -> Result<Option<ForwardedRow>> {
        let row = self.client()?.query_opt(
            &format!("SELECT {FORWARDED_COLUMNS} FROM forwarded WHERE ack_id = $1"),
            &[&ack],
        )?;
        Ok(row.as_ref().map(forwarded_row))
    }

    fn age_secs(&self, ack: &str) -> Result<Option<f64>> {
        let row = self.client()?.query_opt(
            "SELECT extract(epoch FROM clock_timestamp() - received_at::timestamptz)::float8
             FROM forwarded WHERE ack_id = $1",
            &[&ack],
        )?;
        Ok(row.map(|r| r.get(0)))
    }

    fn ping(&self) -> Result<()> {
        self.client()?.simple_query("SELECT 1")?;
        Ok(())
    }

    fn depths(&self) -> Result<crate::observe::metrics::Depths> {
        let row = self.client()?.query_one(
            &format!(
                "SELECT (SELECT count(*) FROM forwarded WHERE state = 'open'),
                        (SELECT count(*) FROM forwarded WHERE state = 'automatic'),
                        (SELECT count(*) FROM jobs WHERE step IN {})",
                crate::store::jobs::UNFINISHED
            ),
            &[],
        )?;
        Ok(crate::observe::metrics::Depths {
            needs_clerk: row.get(0),
            automatic: row.get(1),
            jobs_queued: row.get(2),
        })
    }
}
