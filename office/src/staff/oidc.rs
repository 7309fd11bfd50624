//! Staff signed in through the office's OpenID Connect provider: the web app (a public
//! client, authorization code with PKCE) sends the ID token it received as its bearer token.
//! The office checks it against the provider's keys (found through discovery, RS256), its
//! issuer, its audience (the app's client id), its expiry, and takes the caller's role from
//! a configurable claim (`roles` by default: a word or a list; the highest known role wins).

use super::{Role, Staff};
use crate::jwks::{now_secs, KeySet, KeySource, Refused};
use jsonwebtoken::{Algorithm, Validation};
use serde_json::Value;
use std::time::Duration;

/// The provider, as the office and the app need to know it.
#[derive(Debug, Clone, PartialEq)]
pub struct OidcSettings {
    /// The provider's issuer (its discovery document is under it).
    pub issuer: String,
    /// The web app's client id at the provider: the ID token's audience.
    pub client_id: String,
    /// The claim holding the caller's roles.
    pub roles_claim: String,
    /// The scopes the app asks for (the roles claim must be among what they release).
    pub scope: String,
    /// Clock skew allowed on `exp`/`nbf`.
    pub leeway_secs: u64,
}

pub struct OidcVerifier {
    pub settings: OidcSettings,
    keys: KeySet,
}

impl OidcVerifier {
    pub fn new(settings: OidcSettings) -> OidcVerifier {
        let source = KeySource::Discovery {
            issuer: settings.issuer.clone(),
        };
        OidcVerifier {
            keys: KeySet::new(source, Algorithm::RS256, Duration::from_secs(30)),
            settings,
        }
    }

    /// The person an ID token stands for, or why it is refused (never the token).
    pub async fn verify(&self, token: &str) -> Result<Staff, Refused> {
        let key = self.keys.key_for(token).await?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_issuer(&[&self.settings.issuer]);
        validation.set_audience(&[&self.settings.client_id]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = self.settings.leeway_secs;
        let claims = jsonwebtoken::decode::<Value>(token, &key, &validation)
            .map_err(|e| Refused::new("claims", format!("sign-in refused: {e}")))?
            .claims;
        // jsonwebtoken checked `exp`; a token from the future is refused too.
        if claims["iat"]
            .as_u64()
            .is_some_and(|iat| iat > now_secs() + self.settings.leeway_secs)
        {
            return Err(Refused::new("claims", "the token is issued in the future"));
        }
        let role = highest_role(&claims[self.settings.roles_claim.as_str()]).ok_or_else(|| {
            Refused::new(
                "claims",
                format!(
                    "no ipdocs role (viewer, clerk, admin) in the {:?} claim",
                    self.settings.roles_claim
                ),
            )
        })?;
        let name = ["preferred_username", "name", "email", "sub"]
            .iter()
            .find_map(|k| claims[*k].as_str().filter(|n| !n.is_empty()))
            .unwrap_or("unnamed")
            .to_owned();
        Ok(Staff { name, role })
    }
}

/// The highest role named by a claim: one word, a list, or space-separated words.
fn highest_role(claim: &Value) -> Option<Role> {
    let words: Vec<&str> = match claim {
        Value::String(s) => s.split_whitespace().collect(),
        Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    words.into_iter().filter_map(Role::parse).max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_highest_known_role_wins() {
        assert_eq!(highest_role(&json!(["viewer", "clerk"])), Some(Role::Clerk));
        assert_eq!(highest_role(&json!("admin viewer")), Some(Role::Admin));
        assert_eq!(highest_role(&json!(["janitor"])), None);
        assert_eq!(highest_role(&json!(null)), None);
    }
}
