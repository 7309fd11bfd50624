//! Offices (OAuth2 clients) and their tokens. The token endpoint verifies ES256 client
//! assertions (`private_key_jwt`) against each office's registered public key and rejects
//! wrong algorithms, issuers, audiences, expired or long-lived assertions, replays and bad
//! signatures, each with an RFC 6749 error.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use p256::pkcs8::{EncodePrivateKey, LineEnding};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The demo office: its client id and (generated at start-up) key are in `/_sim/info`.
pub const DEMO_CLIENT_ID: &str = "ipdocs-demo-office";
/// Longest client assertion lifetime accepted (WIPO's own script uses +1000 s).
const MAX_ASSERTION_LIFETIME: u64 = 3600;
pub const SCOPES: [&str; 2] = ["das-api/office-exchange", "das-api/das-access"];

pub struct Office {
    key: VerifyingKey,
    pub token_ttl_secs: u64,
}

struct Token {
    client_id: String,
    expires: SystemTime,
}

#[derive(Debug, PartialEq)]
pub struct OAuthError {
    pub error: &'static str,
    pub description: String,
}

fn refuse(error: &'static str, description: impl Into<String>) -> OAuthError {
    OAuthError {
        error,
        description: description.into(),
    }
}

pub struct Offices {
    offices: Mutex<HashMap<String, Office>>,
    tokens: Mutex<HashMap<String, Token>>,
    /// Assertions already used (by `jti`, or by signature when there is none) until expiry.
    seen: Mutex<HashMap<String, u64>>,
    pub demo_private_key_pem: String,
}

pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
}

/// A new P-256 key pair: (PKCS#8 PEM of the private key, public key).
pub fn generate_key() -> (String, VerifyingKey) {
    let signing = SigningKey::random(&mut rand::rngs::OsRng);
    let pem = signing
        .to_pkcs8_pem(LineEnding::LF)
        .expect("encoding a fresh key")
        .to_string();
    (pem, *signing.verifying_key())
}

impl Offices {
    pub fn with_demo_office() -> Offices {
        let (pem, key) = generate_key();
        let offices = Offices {
            offices: Mutex::default(),
            tokens: Mutex::default(),
            seen: Mutex::default(),
            demo_private_key_pem: pem,
        };
        offices.register(DEMO_CLIENT_ID, key, 3599);
        offices
    }

    pub fn register(&self, client_id: &str, key: VerifyingKey, token_ttl_secs: u64) {
        self.offices.lock().unwrap().insert(
            client_id.to_owned(),
            Office {
                key,
                token_ttl_secs,
            },
        );
    }

    /// Parses a public key given as SPKI PEM (`-----BEGIN PUBLIC KEY-----`).
    pub fn parse_public_key(pem: &str) -> Result<VerifyingKey, String> {
        use p256::pkcs8::DecodePublicKey;
        VerifyingKey::from_public_key_pem(pem).map_err(|e| e.to_string())
    }

    /// Verifies a client assertion and issues a token: `(token, expires_in)`.
    pub fn issue(
        &self,
        assertion: &str,
        token_url: &str,
        scope: Option<&str>,
    ) -> Result<(String, u64), OAuthError> {
        let claims = self.verify(assertion, token_url)?;
        if let Some(scope) = scope.filter(|s| !s.is_empty()) {
            if !scope.split(' ').all(|s| SCOPES.contains(&s)) {
                return Err(refuse("invalid_scope", format!("unknown scope {scope:?}")));
            }
        }
        let ttl = self
            .offices
            .lock()
            .unwrap()
            .get(&claims.iss)
            .map_or(3599, |o| o.token_ttl_secs);
        Ok((self.new_token(&claims.iss, ttl), ttl))
    }

    fn new_token(&self, client_id: &str, ttl: u64) -> String {
        let token = hex::encode(rand::random::<[u8; 24]>());
        self.tokens.lock().unwrap().insert(
            token.clone(),
            Token {
                client_id: client_id.to_owned(),
                expires: SystemTime::now() + Duration::from_secs(ttl),
            },
        );
        token
    }

    /// A token issued without an assertion (the control API's stand-in for a backend).
    pub fn mint(&self, client_id: &str) -> String {
        self.new_token(client_id, 3599)
    }

    fn verify(&self, assertion: &str, token_url: &str) -> Result<Claims, OAuthError> {
        let parts: Vec<&str> = assertion.split('.').collect();
        let [header, claims, signature] = parts[..] else {
            return Err(refuse(
                "invalid_client",
                "client_assertion is not a compact JWS",
            ));
        };
        let decode = |part: &str, what: &str| {
            URL_SAFE_NO_PAD.decode(part).map_err(|_| {
                refuse(
                    "invalid_client",
                    format!("client_assertion {what} is not base64url"),
                )
            })
        };
        let header: Header = serde_json::from_slice(&decode(header, "header")?)
            .map_err(|e| refuse("invalid_client", format!("client_assertion header: {e}")))?;
        if header.alg != "ES256" {
            return Err(refuse(
                "invalid_client",
                format!("alg must be ES256, got {}", header.alg),
            ));
        }
        let raw_claims = decode(claims, "claims")?;
        let claims: Claims = serde_json::from_slice(&raw_claims)
            .map_err(|e| refuse("invalid_client", format!("client_assertion claims: {e}")))?;
        if claims.iss != claims.sub {
            return Err(refuse(
                "invalid_client",
                "iss and sub must both be the client id",
            ));
        }
        if claims.aud != token_url {
            return Err(refuse("invalid_client", format!("aud must be {token_url}")));
        }
        let now = now_secs();
        if claims.exp <= now {
            return Err(refuse("invalid_client", "client assertion expired"));
        }
        if claims.exp > now + MAX_ASSERTION_LIFETIME {
            return Err(refuse(
                "invalid_client",
                "client assertion lives too long (exp more than an hour ahead)",
            ));
        }
        if claims.iat.is_some_and(|iat| iat > now + 60) {
            return Err(refuse(
                "invalid_client",
                "client assertion issued in the future",
            ));
        }
        let key = self
            .offices
            .lock()
            .unwrap()
            .get(&claims.iss)
            .map(|o| o.key)
            .ok_or_else(|| {
                refuse(
                    "invalid_client",
                    format!("unknown client id {}", claims.iss),
                )
            })?;
        let signature_bytes = decode(signature, "signature")?;
        let signature = Signature::from_slice(&signature_bytes)
            .map_err(|_| refuse("invalid_client", "the signature must be 64 bytes R||S"))?;
        let signing_input = &assertion[..assertion.rfind('.').unwrap_or(0)];
        key.verify(signing_input.as_bytes(), &signature)
            .map_err(|_| {
                refuse(
                    "invalid_client",
                    "client assertion signature does not verify",
                )
            })?;
        let replay_key = claims
            .jti
            .clone()
            .unwrap_or_else(|| URL_SAFE_NO_PAD.encode(&signature_bytes));
        let mut seen = self.seen.lock().unwrap();
        seen.retain(|_, exp| *exp > now);
        if seen.insert(replay_key, claims.exp).is_some() {
            return Err(refuse(
                "invalid_grant",
                "client assertion already used (replay)",
            ));
        }
        Ok(claims)
    }

    /// The office behind a bearer token, if the token is known and unexpired.
    pub fn office_for(&self, token: &str) -> Option<String> {
        let tokens = self.tokens.lock().unwrap();
        let t = tokens.get(token)?;
        (t.expires > SystemTime::now()).then(|| t.client_id.clone())
    }

    /// Invalidates every token of an office (tests of the 401 → refresh path).
    pub fn revoke(&self, client_id: &str) -> usize {
        let mut tokens = self.tokens.lock().unwrap();
        let before = tokens.len();
        tokens.retain(|_, t| t.client_id != client_id);
        before - tokens.len()
    }
}

#[derive(Deserialize)]
struct Header {
    alg: String,
}

#[derive(Deserialize)]
struct Claims {
    iss: String,
    sub: String,
    aud: String,
    exp: u64,
    #[serde(default)]
    iat: Option<u64>,
    #[serde(default)]
    jti: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::signature::Signer;
    use p256::pkcs8::DecodePrivateKey;

    const AUD: &str = "http://127.0.0.1:1/am/oauth2/access_token";

    fn assertion(key: &SigningKey, claims: serde_json::Value, alg: &str) -> String {
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(format!(r#"{{"alg":"{alg}","typ":"JWT"}}"#)),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signature: Signature = key.sign(input.as_bytes());
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
    }

    fn claims(exp_in: i64, jti: &str) -> serde_json::Value {
        let now = now_secs() as i64;
        serde_json::json!({"iss": DEMO_CLIENT_ID, "sub": DEMO_CLIENT_ID, "aud": AUD, "iat": now, "exp": now + exp_in, "jti": jti})
    }

    #[test]
    fn valid_assertions_get_tokens_and_everything_else_is_refused() {
        let offices = Offices::with_demo_office();
        let key = SigningKey::from_pkcs8_pem(&offices.demo_private_key_pem).unwrap();
        let (token, ttl) = offices
            .issue(
                &assertion(&key, claims(60, "a"), "ES256"),
                AUD,
                Some("das-api/office-exchange"),
            )
            .unwrap();
        assert_eq!(ttl, 3599);
        assert_eq!(offices.office_for(&token).as_deref(), Some(DEMO_CLIENT_ID));

        let err = |a: String, scope: Option<&str>| offices.issue(&a, AUD, scope).unwrap_err();
        assert_eq!(
            err(assertion(&key, claims(60, "a"), "ES256"), None).error,
            "invalid_grant"
        ); // replay
        assert!(err(assertion(&key, claims(-5, "b"), "ES256"), None)
            .description
            .contains("expired"));
        assert!(err(assertion(&key, claims(7200, "c"), "ES256"), None)
            .description
            .contains("too long"));
        assert!(err(assertion(&key, claims(60, "d"), "RS256"), None)
            .description
            .contains("ES256"));
        let other = SigningKey::random(&mut rand::rngs::OsRng);
        assert!(err(assertion(&other, claims(60, "e"), "ES256"), None)
            .description
            .contains("does not verify"));
        let mut wrong_aud = claims(60, "f");
        wrong_aud["aud"] = "https://elsewhere/token".into();
        assert!(err(assertion(&key, wrong_aud, "ES256"), None)
            .description
            .contains("aud"));
        assert_eq!(
            err(assertion(&key, claims(60, "g"), "ES256"), Some("admin")).error,
            "invalid_scope"
        );
        assert_eq!(err("not.a.jwt.at.all".into(), None).error, "invalid_client");
        assert_eq!(offices.revoke(DEMO_CLIENT_ID), 1);
        assert!(offices.office_for(&token).is_none());
    }
}
