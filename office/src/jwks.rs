//! Key sets and the verification of WIPO's bearer tokens (notes §5.5, option 1): RS256 JWTs
//! checked against WIPO's JWKS with `jsonwebtoken`. The algorithm is pinned by the office,
//! never taken from the token (no `none`, no HS256 keyed with the public key); keys are
//! cached and the set is refetched when a token names an unknown `kid`, at most once per
//! interval. The staff's identity provider's keys (found by its discovery document) are a key
//! set too.

use ipdocs_core::das::inbound::{BearerClaims, ClaimRules};
use jsonwebtoken::jwk::{AlgorithmParameters, JwkSet, KeyAlgorithm};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::Mutex;

/// Why a token was refused: a short reason for the metrics, and the message for the log and
/// the 401's body (never the token itself).
#[derive(Debug, Clone, PartialEq)]
pub struct Refused {
    /// `header`, `algorithm`, `key`, `jwks`, `signature` or `claims`.
    pub reason: &'static str,
    pub message: String,
}

impl Refused {
    pub fn new(reason: &'static str, message: impl Into<String>) -> Refused {
        Refused {
            reason,
            message: message.into(),
        }
    }
}

/// Where a key set is found: a JWKS URL, or an OpenID provider's discovery document (its
/// `jwks_uri`, looked up at the first fetch).
#[derive(Debug, Clone)]
pub enum KeySource {
    Jwks(String),
    Discovery { issuer: String },
}

/// A JWKS fetched on first use, cached, and refetched when a token names an unknown `kid`
/// (at most once per interval); only the algorithm the verifier pins is accepted.
pub struct KeySet {
    source: KeySource,
    algorithm: Algorithm,
    http: reqwest::Client,
    min_refetch: Duration,
    cache: Mutex<Cache>,
}

#[derive(Default)]
struct Cache {
    keys: JwkSet,
    fetched: Option<Instant>,
}

impl Cache {
    /// Whether the set may be fetched again: never fetched, or not within `min_refetch`.
    fn may_fetch(&self, min_refetch: Duration) -> bool {
        self.fetched.is_none_or(|at| at.elapsed() >= min_refetch)
    }
}

impl KeySet {
    /// Keys for `algorithm` only (RS256 or ES256).
    pub fn new(source: KeySource, algorithm: Algorithm, min_refetch: Duration) -> KeySet {
        KeySet {
            source,
            algorithm,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap_or_default(),
            min_refetch,
            cache: Mutex::new(Cache {
                keys: JwkSet { keys: Vec::new() },
                fetched: None,
            }),
        }
    }

    /// The header's key, checked to be for the pinned algorithm (never the token's choice:
    /// no `none`, no HS256 keyed with the public key).
    pub async fn key_for(&self, token: &str) -> Result<DecodingKey, Refused> {
        let header = jsonwebtoken::decode_header(token)
            .map_err(|e| Refused::new("header", format!("unreadable token header: {e}")))?;
        if header.alg != self.algorithm {
            return Err(Refused::new(
                "algorithm",
                format!(
                    "algorithm {:?} is not accepted ({:?} only)",
                    header.alg, self.algorithm
                ),
            ));
        }
        let kid = header
            .kid
            .ok_or(Refused::new("key", "the token names no key (kid)"))?;
        self.key(&kid).await
    }

    /// Whether the key set has been fetched (fetching it now if it never was, or if it was
    /// empty and the refetch interval has passed): the readiness check.
    pub async fn ready(&self) -> Result<(), String> {
        let mut cache = self.cache.lock().await;
        if !cache.keys.keys.is_empty() {
            return Ok(());
        }
        if !cache.may_fetch(self.min_refetch) {
            return Err("the JWKS could not be fetched (or has no keys); retried soon".into());
        }
        cache.fetched = Some(Instant::now());
        cache.keys = self.fetch().await?;
        match cache.keys.keys.is_empty() {
            true => Err("the JWKS has no keys".into()),
            false => Ok(()),
        }
    }

    /// The decoding key for `kid`, refetching the set once if it is unknown.
    async fn key(&self, kid: &str) -> Result<DecodingKey, Refused> {
        let mut cache = self.cache.lock().await;
        if cache.keys.find(kid).is_none() && cache.may_fetch(self.min_refetch) {
            cache.fetched = Some(Instant::now());
            cache.keys = self
                .fetch()
                .await
                .map_err(|message| Refused::new("jwks", message))?;
        }
        let refused = |message: String| Refused::new("key", message);
        let jwk = cache
            .keys
            .find(kid)
            .ok_or_else(|| refused(format!("unknown key {kid:?}")))?;
        let (family, wanted) = match self.algorithm {
            Algorithm::ES256 => (
                matches!(jwk.algorithm, AlgorithmParameters::EllipticCurve(_)),
                KeyAlgorithm::ES256,
            ),
            _ => (
                matches!(jwk.algorithm, AlgorithmParameters::RSA(_)),
                KeyAlgorithm::RS256,
            ),
        };
        if !family || jwk.common.key_algorithm.is_some_and(|alg| alg != wanted) {
            return Err(refused(format!(
                "key {kid:?} is not for {:?}",
                self.algorithm
            )));
        }
        DecodingKey::from_jwk(jwk).map_err(|e| refused(format!("key {kid:?} is unusable: {e}")))
    }

    async fn fetch(&self) -> Result<JwkSet, String> {
        let url = match &self.source {
            KeySource::Jwks(url) => url.clone(),
            KeySource::Discovery { issuer } => self.jwks_uri(issuer).await?,
        };
        let response = self
            .http
            .get(&url)
            .send()
            .await
            .map_err(|e| format!("cannot fetch the JWKS: {e}"))?;
        if !response.status().is_success() {
            return Err(format!("the JWKS answered HTTP {}", response.status()));
        }
        response
            .json::<JwkSet>()
            .await
            .map_err(|e| format!("malformed JWKS: {e}"))
    }

    /// The provider's `jwks_uri`, from `{issuer}/.well-known/openid-configuration`.
    async fn jwks_uri(&self, issuer: &str) -> Result<String, String> {
        let url = format!(
            "{}/.well-known/openid-configuration",
            issuer.trim_end_matches('/')
        );
        let document: serde_json::Value = self
            .http
            .get(&url)
            .send()
            .await
            .map_err(|e| format!("cannot read the provider's discovery document: {e}"))?
            .json()
            .await
            .map_err(|e| format!("malformed discovery document: {e}"))?;
        if document["issuer"].as_str() != Some(issuer) {
            return Err(format!(
                "the discovery document names another issuer than {issuer}"
            ));
        }
        document["jwks_uri"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| "the discovery document has no jwks_uri".into())
    }
}

/// WIPO's bearer tokens: RS256 against WIPO's JWKS, then the core's claim rules (issuer,
/// audience, time, scope).
pub struct Verifier {
    keys: KeySet,
    rules: ClaimRules,
}

impl Verifier {
    pub fn new(jwks_url: String, rules: ClaimRules, min_refetch: Duration) -> Verifier {
        Verifier {
            keys: KeySet::new(KeySource::Jwks(jwks_url), Algorithm::RS256, min_refetch),
            rules,
        }
    }

    /// The token's claims, or why it is refused (never the token itself).
    pub async fn verify(&self, token: &str) -> Result<BearerClaims, Refused> {
        let key = self.keys.key_for(token).await?;
        let mut validation = Validation::new(Algorithm::RS256);
        // Time, issuer, audience and scope are checked by the core's ClaimRules below.
        validation.required_spec_claims.clear();
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.validate_aud = false;
        let data = jsonwebtoken::decode::<BearerClaims>(token, &key, &validation)
            .map_err(|e| Refused::new("signature", format!("signature or token refused: {e}")))?;
        self.rules
            .check(&data.claims, now_secs())
            .map_err(|message| Refused::new("claims", message))?;
        Ok(data.claims)
    }

    /// Whether WIPO's key set has been fetched: the readiness check.
    pub async fn ready(&self) -> Result<(), String> {
        self.keys.ready().await
    }
}

pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
}
