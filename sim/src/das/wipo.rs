//! WIPO calling into offices (seed 000 steps 2 and 6; notes §5.4–5.5, option 1): offices may
//! register an endpoint base URL; WIPO's calls carry an RS256 bearer token from the
//! simulator's authorization server (header `kid`, `iss` = its issuer, `sub` = WIPO's client,
//! `aud` = the office's client id, scope `das-api/office-exchange`, 5-minute expiry), whose
//! public keys are published as a JWKS and can be rotated. Calls are redelivered with backoff
//! until the office answers 2xx.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use rsa::Generate;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

pub const JWKS_PATH: &str = "/am/oauth2/connect/jwk_uri";
/// WIPO's own client id, the `sub` of its tokens.
pub const WIPO_CLIENT: &str = "wipo-das";
/// How many times a call into an office is tried before it is given up.
const MAX_ATTEMPTS: u32 = 8;

struct SigningKey {
    kid: String,
    key: EncodingKey,
    jwk: Value,
}

pub struct Outbound {
    issuer: String,
    /// The newest key signs; the one before stays published until the next rotation.
    keys: Mutex<Vec<SigningKey>>,
    endpoints: Mutex<HashMap<String, String>>,
    http: reqwest::Client,
}

fn new_key() -> SigningKey {
    let private = rsa::PrivateKey::generate();
    let public = private.to_public_key();
    let kid = format!("wipo-{:016x}", rand::random::<u64>());
    let der = private.to_pkcs1_der().expect("encoding a fresh RSA key");
    SigningKey {
        jwk: json!({"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256",
                    "n": URL_SAFE_NO_PAD.encode(public.n_bytes()), "e": URL_SAFE_NO_PAD.encode(public.e_bytes())}),
        key: EncodingKey::from_rsa_der(der.as_bytes()),
        kid,
    }
}

/// A delivery that did not get a 2xx after every attempt.
#[derive(Debug)]
pub struct Undelivered(pub String);

impl Outbound {
    pub fn new(issuer: String) -> Outbound {
        Outbound {
            issuer,
            keys: Mutex::new(vec![new_key()]),
            endpoints: Mutex::default(),
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap_or_default(),
        }
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    pub fn jwks(&self) -> Value {
        let keys = self.keys.lock().unwrap();
        json!({ "keys": keys.iter().map(|k| k.jwk.clone()).collect::<Vec<_>>() })
    }

    /// A new signing key; the previous one stays published, older ones are withdrawn.
    pub fn rotate(&self) -> String {
        let key = new_key();
        let kid = key.kid.clone();
        let mut keys = self.keys.lock().unwrap();
        keys.insert(0, key);
        keys.truncate(2);
        kid
    }

    pub fn set_endpoint(&self, client_id: &str, endpoint: Option<String>) {
        let mut endpoints = self.endpoints.lock().unwrap();
        match endpoint {
            Some(url) => {
                endpoints.insert(client_id.to_owned(), url.trim_end_matches('/').to_owned())
            }
            None => endpoints.remove(client_id),
        };
    }

    pub fn endpoint(&self, client_id: &str) -> Option<String> {
        self.endpoints.lock().unwrap().get(client_id).cloned()
    }

    /// WIPO's bearer token for a call into `office`.
    pub fn token(&self, office: &str) -> String {
        let keys = self.keys.lock().unwrap();
        let signing = &keys[0];
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(signing.kid.clone());
        let now = crate::das::offices::now_secs();
        let claims = json!({"iss": self.issuer, "sub": WIPO_CLIENT, "aud": office, "iat": now, "exp": now + 300,
                            "scope": [crate::das::offices::SCOPES[0]], "grant_type": "client_credentials"});
        jsonwebtoken::encode(&header, &claims, &signing.key).unwrap_or_default()
    }

    /// Downloads a file an office serves itself (flow c.2) in two requests, a first range and
    /// then the rest, as a resumed download would: the office must answer ranges (206), or
    /// the whole file (200) at once.
    pub async fn download_in_ranges(&self, url: &str) -> Result<Vec<u8>, Undelivered> {
        const FIRST: usize = 1024;
        let get = |range: String| self.http.get(url).header("range", range).send();
        let failed = |e: reqwest::Error| {
            Undelivered(format!("GET {}: {e}", url.split('?').next().unwrap_or("")))
        };
        let first = get(format!("bytes=0-{}", FIRST - 1))
            .await
            .map_err(failed)?;
        let status = first.status().as_u16();
        let mut bytes = first.bytes().await.map_err(failed)?.to_vec();
        match status {
            200 => return Ok(bytes),
            206 if bytes.len() < FIRST => return Ok(bytes),
            206 => {}
            other => return Err(Undelivered(format!("the office's link answered {other}"))),
        }
        let rest = get(format!("bytes={FIRST}-")).await.map_err(failed)?;
        match rest.status().as_u16() {
            206 => bytes.extend_from_slice(&rest.bytes().await.map_err(failed)?),
            416 => {}
            other => {
                return Err(Undelivered(format!(
                    "the office's link answered {other} to a range"
                )))
            }
        }
        Ok(bytes)
    }

    /// POSTs `body` to `{office endpoint}/das/v1{path}`, retried with backoff (0.2 s doubling
    /// to 5 s) until a 2xx; the answer's JSON body (or null).
    pub async fn deliver(
        &self,
        office: &str,
        path: &str,
        body: &Value,
    ) -> Result<Value, Undelivered> {
        let endpoint = self
            .endpoint(office)
            .ok_or_else(|| Undelivered(format!("office {office} has no endpoint")))?;
        let url = format!("{endpoint}{}{path}", crate::das::PREFIX);
        let mut wait = Duration::from_millis(200);
        let mut last = String::new();
        for _ in 0..MAX_ATTEMPTS {
            let sent = self
                .http
                .post(&url)
                .bearer_auth(self.token(office))
                .json(body)
                .send()
                .await;
            match sent {
                Ok(r) if r.status().is_success() => {
                    return Ok(r.json().await.unwrap_or(Value::Null))
                }
                Ok(r) => last = format!("HTTP {}", r.status()),
                Err(e) => last = e.to_string(),
            }
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(Duration::from_secs(5));
        }
        Err(Undelivered(format!(
            "{url}: {last} after {MAX_ATTEMPTS} attempts"
        )))
    }
}
