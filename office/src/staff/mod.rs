//! Who is calling the staff API, and what they may do. A caller is one of:
//! - the static staff token (`--staff-token`: the demo, or a single-clerk office), with every
//!   role, named `staff-token`;
//! - a named API token (`ipdocs-office token create NAME --role ROLE`), stored as a digest,
//!   revocable alone;
//! - a person signed in through the office's OpenID Connect provider ([`oidc`]): the app
//!   sends the ID token, whose role claim says what they may do.
//!
//! Roles: `viewer` reads the inbox, `clerk` also answers and refuses, `admin` also exports.
//! Every answer records the caller's name.

pub mod oidc;

use crate::refusals::refuse;
use crate::Office;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use ipdocs_core::das::inbound::Refusal;
use std::sync::Arc;

/// What a caller may do; each role may do what the ones before it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Viewer,
    Clerk,
    Admin,
}

impl Role {
    pub fn parse(word: &str) -> Option<Role> {
        match word.trim().to_ascii_lowercase().as_str() {
            "viewer" => Some(Role::Viewer),
            "clerk" => Some(Role::Clerk),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Clerk => "clerk",
            Role::Admin => "admin",
        }
    }
}

/// The caller of a staff request, as the handlers see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Staff {
    pub name: String,
    pub role: Role,
}

impl Staff {
    /// A 403 refusal unless the caller has `role`.
    pub fn may(&self, role: Role, what: &str) -> Result<(), Refusal> {
        if self.role >= role {
            return Ok(());
        }
        Err(Refusal::new(
            403,
            "FORBIDDEN",
            -1,
            format!(
                "{} ({}) may not {what}: that needs the {} role",
                self.name,
                self.role.as_str(),
                role.as_str()
            ),
        ))
    }
}

/// Prefix of the API tokens this office makes (so a leaked one is recognisable).
pub const TOKEN_PREFIX: &str = "ipo_";

/// A new API token: the prefix and 32 random bytes, base64url.
pub fn new_token() -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    format!(
        "{TOKEN_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// The stored form of a token: SHA-256, hex.
pub fn token_digest(token: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The bearer token of a request, if any.
pub fn bearer(request: &Request) -> Option<&str> {
    request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
}

/// Resolves the caller (401 with a DAS error body if there is none) and hands it to the
/// handlers as an extension.
pub async fn staff_bearer(
    State(office): State<Arc<Office>>,
    mut request: Request,
    next: Next,
) -> Response {
    let staff = match bearer(&request) {
        Some(token) => office.staff(token).await,
        None => None,
    };
    match staff {
        Some(staff) => {
            tracing::Span::current().record("staff", staff.name.as_str());
            request.extensions_mut().insert(staff);
            next.run(request).await
        }
        None => refuse(Refusal::new(
            401,
            "UNAUTHORIZED",
            -1,
            "the staff token is missing, wrong or revoked, or the sign-in has expired",
        )),
    }
}
