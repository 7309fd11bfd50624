//! The API tokens' statements in PostgreSQL.

use super::PostgresStore;
use crate::store::tokens::{ApiToken, Tokens};
use crate::store::Result;

impl Tokens for PostgresStore {
    fn create_token(&self, name: &str, role: &str, digest: &str) -> Result<bool> {
        let created = self.client()?.execute(
            "INSERT INTO api_tokens (name, role, digest) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING",
            &[&name, &role, &digest],
        )?;
        Ok(created == 1)
    }

    fn revoke_token(&self, name: &str) -> Result<bool> {
        let revoked = self.client()?.execute(
            "UPDATE api_tokens SET revoked_at = to_char(clock_timestamp() AT TIME ZONE 'UTC',
               'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') WHERE name = $1 AND revoked_at IS NULL",
            &[&name],
        )?;
        Ok(revoked == 1)
    }

    fn tokens(&self) -> Result<Vec<ApiToken>> {
        let rows = self.client()?.query(
            "SELECT name, role, created_at, revoked_at FROM api_tokens ORDER BY name",
            &[],
        )?;
        Ok(rows
            .iter()
            .map(|row| ApiToken {
                name: row.get(0),
                role: row.get(1),
                created_at: row.get(2),
                revoked_at: row.get(3),
            })
            .collect())
    }

    fn token_by_digest(&self, digest: &str) -> Result<Option<(String, String)>> {
        let row = self.client()?.query_opt(
            "SELECT name, role FROM api_tokens WHERE digest = $1 AND revoked_at IS NULL",
            &[&digest],
        )?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }
}
