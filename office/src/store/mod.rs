//! The durable inbox and the unattended work's jobs, committed before anything is answered.
//! Two databases behind one [`Backend`]: SQLite ([`sqlite`], the default: one process) and
//! PostgreSQL ([`postgres`]: several instances share the inbox, claim jobs with `FOR UPDATE
//! SKIP LOCKED` and hear each other's events through `LISTEN`/`NOTIFY`). Each has its schema
//! as numbered migrations (refinery), applied at start.

pub mod jobs;
pub mod listing;
pub mod postgres;
pub mod sqlite;
pub mod tokens;

use serde::Serialize;
use serde_json::Value;
use std::path::PathBuf;

/// Where the inbox is kept.
#[derive(Debug, Clone, PartialEq)]
pub enum Database {
    /// An SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL connection string (`postgres://user@host:port/db`); the password, if any,
    /// is in it, so it is never logged.
    Postgres(String),
}

impl Database {
    /// A `postgres://` or `postgresql://` URL, or else an SQLite file's path.
    pub fn parse(text: &str) -> Database {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Database::Postgres(text.to_owned())
        } else {
            Database::Sqlite(text.into())
        }
    }

    /// Where, for messages: the file, or the host and database without user or password.
    pub fn describe(&self) -> String {
        match self {
            Database::Sqlite(path) => path.display().to_string(),
            Database::Postgres(url) => {
                let after_scheme = url.split_once("://").map_or("", |(_, rest)| rest);
                let host = after_scheme
                    .rsplit_once('@')
                    .map_or(after_scheme, |(_, h)| h);
                format!("postgres://{}", host.split('?').next().unwrap_or_default())
            }
        }
    }
}

impl From<PathBuf> for Database {
    fn from(path: PathBuf) -> Database {
        Database::Sqlite(path)
    }
}

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

#[derive(Debug)]
pub struct StoreError(pub String);

pub type Result<T> = std::result::Result<T, StoreError>;

/// What the office stores, in either database ([`Inbox`], [`jobs::JobStore`],
/// [`listing::Pages`], [`tokens::Tokens`]). Every method commits before it returns.
pub trait Backend: Inbox + jobs::JobStore + listing::Pages + tokens::Tokens + Send + Sync {}

impl<T: Inbox + jobs::JobStore + listing::Pages + tokens::Tokens + Send + Sync> Backend for T {}

/// WIPO's calls and the clerks' answers.
pub trait Inbox {
    /// Stores a forwarded retrieval and returns its ack id and whether it is new; a
    /// redelivery (same key) gets the ack id issued the first time (`new_ack` is then
    /// unused). With `automatic`, a new request is stored with its answer job, in the same
    /// transaction.
    fn record_forwarded(
        &self,
        delivery_key: &str,
        request: &Value,
        new_ack: &str,
        automatic: bool,
    ) -> Result<(String, bool)>;

    /// Stores WIPO's notification; with `deliver`, and a successful one, also the job that
    /// downloads the document (in the same transaction). Returns the notification's id and
    /// whether a delivery was created.
    fn record_notification(&self, notification: &Value, deliver: bool) -> Result<(i64, bool)>;

    /// Records the clerk's answer (after the app notified WIPO). `None` if the ack is
    /// unknown or is being answered automatically.
    fn answer(&self, ack: &str, state: &str, answer: &Value) -> Result<Option<ForwardedRow>>;

    fn forwarded_one(&self, ack: &str) -> Result<Option<ForwardedRow>>;

    /// Seconds since the forwarded request `ack` was received (the answer latency).
    fn age_secs(&self, ack: &str) -> Result<Option<f64>>;

    /// Whether the database answers (the readiness check).
    fn ping(&self) -> Result<()>;

    /// The queue depths the metrics report.
    fn depths(&self) -> Result<crate::observe::metrics::Depths>;
}

/// The office's store: either database, used through [`Backend`].
pub struct Store {
    backend: Box<dyn Backend>,
    database: Database,
}

impl Store {
    /// Opens the database and brings its schema up to date.
    pub fn open(database: &Database) -> Result<Store> {
        let backend: Box<dyn Backend> = match database {
            Database::Sqlite(path) => Box::new(sqlite::SqliteStore::open(path)?),
            Database::Postgres(url) => Box::new(postgres::PostgresStore::open(url)?),
        };
        Ok(Store {
            backend,
            database: database.clone(),
        })
    }

    pub fn database(&self) -> &Database {
        &self.database
    }
}

impl std::ops::Deref for Store {
    type Target = dyn Backend;
    fn deref(&self) -> &(dyn Backend + 'static) {
        self.backend.as_ref()
    }
}

pub(crate) fn json(text: String) -> serde_json::Value {
    serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text))
}
