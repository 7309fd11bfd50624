//! The API tokens' statements in SQLite.

use super::SqliteStore;
use crate::store::tokens::{ApiToken, Tokens};
use crate::store::Result;
use rusqlite::{params, OptionalExtension};

impl Tokens for SqliteStore {
    fn create_token(&self, name: &str, role: &str, digest: &str) -> Result<bool> {
        let created = self.db().execute(
            "INSERT OR IGNORE INTO api_tokens (name, role, digest) VALUES (?1, ?2, ?3)",
            params![name, role, digest],
        )?;
        Ok(created == 1)
    }

    fn revoke_token(&self, name: &str) -> Result<bool> {
        let revoked = self.db().execute(
            "UPDATE api_tokens SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             WHERE name = ?1 AND revoked_at IS NULL",
            [name],
        )?;
        Ok(revoked == 1)
    }

    fn tokens(&self) -> Result<Vec<ApiToken>> {
        let db = self.db();
        let mut statement =
            db.prepare("SELECT name, role, created_at, revoked_at FROM api_tokens ORDER BY name")?;
        let rows = statement.query_map([], |row| {
            Ok(ApiToken {
                name: row.get(0)?,
                role: row.get(1)?,
                created_at: row.get(2)?,
                revoked_at: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn token_by_digest(&self, digest: &str) -> Result<Option<(String, String)>> {
        Ok(self
            .db()
            .query_row(
                "SELECT name, role FROM api_tokens WHERE digest = ?1 AND revoked_at IS NULL",
                [digest],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?)
    }
}
