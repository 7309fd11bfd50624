//! Named API tokens for machines and people (`ipdocs-office token create NAME --role R`):
//! stored as SHA-256 digests only (the token is shown once), each with a role, revocable
//! one by one.

use super::Result;
use serde::Serialize;

/// A token as listed: never the token itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiToken {
    pub name: String,
    pub role: String,
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
}

pub trait Tokens {
    /// Stores a new token's digest under `name`; `false` if the name is taken (names are
    /// never reused, so the audit trail stays unambiguous).
    fn create_token(&self, name: &str, role: &str, digest: &str) -> Result<bool>;

    /// Revokes the token `name`; `false` if there is no such live token.
    fn revoke_token(&self, name: &str) -> Result<bool>;

    fn tokens(&self) -> Result<Vec<ApiToken>>;

    /// The name and role of the live token with this digest.
    fn token_by_digest(&self, digest: &str) -> Result<Option<(String, String)>>;
}
