//! OAuth2 `client_credentials` with `private_key_jwt` (FAPI part 2): the client assertion,
//! the token request and the token response. Signing itself (ES256 with a non-extractable
//! WebCrypto key) happens in the browser; this module prepares the bytes to sign and
//! assembles the result.

use super::DasConfig;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{encode_component, HttpRequest, Method, RequestBody, ResponseHead};
use crate::secret::{validate_header_value, Secret};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

/// Lifetime of a client assertion. WIPO: "current epoch + 10s is ok"; a minute leaves room
/// for clock skew while keeping a stolen assertion nearly useless.
pub const ASSERTION_LIFETIME_SECS: u64 = 60;
const CLIENT_ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

#[derive(Serialize)]
struct Claims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    iat: u64,
    exp: u64,
    jti: &'a str,
}

/// `base64url(header).base64url(claims)` — the bytes the ES256 signature covers.
/// `jti` must be unpredictable (16 random bytes, hex).
pub fn assertion_signing_input(config: &DasConfig, now_secs: u64, jti: &str) -> String {
    let header = r#"{"alg":"ES256","typ":"JWT"}"#;
    let claims = Claims {
        iss: config.client_id(),
        sub: config.client_id(),
        aud: config.token_audience(),
        iat: now_secs,
        exp: now_secs + ASSERTION_LIFETIME_SECS,
        jti,
    };
    let claims = serde_json::to_string(&claims).expect("plain struct");
    format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(claims)
    )
}

/// The compact JWS: signing input + `.` + base64url of the 64-byte JOSE signature (R||S,
/// which is also what WebCrypto's ECDSA returns).
pub fn assemble_assertion(signing_input: &str, signature: &[u8]) -> Result<String> {
    if signature.len() != 64 {
        return Err(Error::new(
            ErrorKind::Auth,
            format!("an ES256 signature has 64 bytes, got {}", signature.len()),
        ));
    }
    Ok(format!(
        "{signing_input}.{}",
        URL_SAFE_NO_PAD.encode(signature)
    ))
}

/// The token request: a form POST to the token endpoint (never retried: an assertion is
/// single-use).
pub fn token_request(config: &DasConfig, assertion: &str) -> HttpRequest {
    let form = [
        ("grant_type", "client_credentials"),
        ("scope", config.scope()),
        ("client_assertion_type", CLIENT_ASSERTION_TYPE),
        ("client_assertion", assertion),
    ]
    .iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
    .collect::<Vec<_>>()
    .join("&");
    HttpRequest {
        method: Method::Post,
        url: config.token_url().to_owned(),
        headers: vec![("accept", "application/json".to_owned())],
        body: Some(RequestBody::Form(form)),
        idempotent: false,
    }
}

/// An access token and when to stop using it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessToken {
    pub token: Secret,
    /// Milliseconds since the epoch after which a fresh token is fetched (shortly before
    /// the real expiry).
    pub refresh_at_ms: u64,
}

impl AccessToken {
    /// A token whose lifetime is `expires_in` seconds from `now_ms`; refreshed when a fifth
    /// of its life (at most a minute) remains.
    pub fn new(token: String, expires_in_secs: u64, now_ms: u64) -> Result<AccessToken> {
        validate_header_value("access token", &token)
            .map_err(|e| Error::new(ErrorKind::Auth, e.message().to_owned()))?;
        let lifetime_ms = expires_in_secs.saturating_mul(1000);
        let margin = (lifetime_ms / 5).min(60_000);
        Ok(AccessToken {
            token: Secret::new(token),
            refresh_at_ms: now_ms.saturating_add(lifetime_ms - margin),
        })
    }

    pub fn is_fresh(&self, now_ms: u64) -> bool {
        now_ms < self.refresh_at_ms
    }

    pub fn header_value(&self) -> String {
        format!("Bearer {}", self.token.expose())
    }
}

/// Reads the token response (`{access_token, token_type, expires_in, scope}`).
pub fn parse_token_response(head: &ResponseHead, body: &str, now_ms: u64) -> Result<AccessToken> {
    #[derive(Deserialize)]
    struct TokenResponse {
        access_token: String,
        #[serde(default)]
        token_type: Option<String>,
        /// A number or a numeric string; huge values saturate.
        #[serde(default, deserialize_with = "super::lenient::opt_u64")]
        expires_in: Option<u64>,
    }
    let parsed: TokenResponse = serde_json::from_str(body).map_err(|e| {
        Error::new(ErrorKind::Auth, format!("malformed token response: {e}"))
            .with_status(head.status)
    })?;
    if let Some(kind) = parsed.token_type.as_deref() {
        if !kind.eq_ignore_ascii_case("bearer") {
            return Err(Error::new(
                ErrorKind::Auth,
                format!("unsupported token type {kind:?}"),
            ));
        }
    }
    // Without expires_in, assume five minutes rather than trusting it forever.
    AccessToken::new(
        parsed.access_token,
        parsed.expires_in.unwrap_or(300),
        now_ms,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> DasConfig {
        DasConfig::new(
            "https://das.example",
            None,
            "https://login.example/am/oauth2/access_token",
            "das-ib-pct1-api-id",
            None,
        )
        .unwrap()
    }

    #[test]
    fn assertion_header_and_claims() {
        let input =
            assertion_signing_input(&config(), 1_700_000_000, "00112233445566778899aabbccddeeff");
        let (h, c) = input.split_once('.').unwrap();
        let header: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(h).unwrap()).unwrap();
        assert_eq!(header, serde_json::json!({"alg": "ES256", "typ": "JWT"}));
        let claims: serde_json::Value =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(c).unwrap()).unwrap();
        assert_eq!(claims["iss"], "das-ib-pct1-api-id");
        assert_eq!(claims["sub"], "das-ib-pct1-api-id");
        assert_eq!(
            claims["aud"],
            "https://login.example/am/oauth2/access_token"
        );
        assert_eq!(claims["iat"], 1_700_000_000u64);
        assert_eq!(claims["exp"], 1_700_000_060u64);
        assert_eq!(claims["jti"], "00112233445566778899aabbccddeeff");
        assert!(!input.contains('='), "base64url without padding");
    }

    #[test]
    fn a_proxied_token_endpoint_keeps_the_authorization_servers_audience() {
        let proxied = DasConfig::new(
            "https://office.example/wipo-das",
            None,
            "https://office.example/wipo-token/am/oauth2/access_token",
            "das-ib-pct1-api-id",
            None,
        )
        .unwrap()
        .with_token_audience("https://www5.wipo.int/am/oauth2/access_token")
        .unwrap();
        let input = assertion_signing_input(&proxied, 1, "00");
        let claims = URL_SAFE_NO_PAD
            .decode(input.split_once('.').unwrap().1)
            .unwrap();
        let claims: serde_json::Value = serde_json::from_slice(&claims).unwrap();
        assert_eq!(
            claims["aud"],
            "https://www5.wipo.int/am/oauth2/access_token"
        );
        assert_eq!(token_request(&proxied, "a.b.c").url, proxied.token_url());
        assert!(proxied.clone().with_token_audience("not a url").is_err());
    }

    #[test]
    fn assembly_requires_a_jose_signature() {
        let jwt = assemble_assertion("a.b", &[7u8; 64]).unwrap();
        assert_eq!(jwt.split('.').count(), 3);
        assert_eq!(
            URL_SAFE_NO_PAD
                .decode(jwt.split('.').nth(2).unwrap())
                .unwrap(),
            vec![7u8; 64]
        );
        // A DER signature (70-72 bytes) is refused.
        assert_eq!(
            assemble_assertion("a.b", &[0u8; 71]).unwrap_err().kind(),
            ErrorKind::Auth
        );
    }

    #[test]
    fn token_request_is_an_unretried_form_post() {
        let r = token_request(&config(), "h.c.s");
        assert_eq!(r.method, Method::Post);
        assert_eq!(r.url, "https://login.example/am/oauth2/access_token");
        assert!(!r.idempotent);
        assert_eq!(
            r.body.unwrap(),
            RequestBody::Form(
                "grant_type=client_credentials&scope=das-api%2Foffice-exchange&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=h.c.s".into()
            )
        );
    }

    #[test]
    fn token_response_and_refresh_time() {
        let t = parse_token_response(
            &ResponseHead::new(200),
            r#"{"access_token":"eyJ0eXAi.x.y","scope":"das-api/office-exchange","token_type":"Bearer","expires_in":3599}"#,
            1_000,
        )
        .unwrap();
        assert_eq!(t.header_value(), "Bearer eyJ0eXAi.x.y");
        assert_eq!(t.refresh_at_ms, 1_000 + 3_599_000 - 60_000);
        assert!(t.is_fresh(2_000));
        assert!(!t.is_fresh(t.refresh_at_ms));
        let short = AccessToken::new("t".into(), 2, 0).unwrap();
        assert_eq!(short.refresh_at_ms, 1_600);
        // Huge lifetimes saturate instead of overflowing (a panic in debug, an "expired"
        // token in release).
        for huge in [r#""18446744073709551615""#, "1e30", "18446744073709551615"] {
            let body = format!(r#"{{"access_token":"x","expires_in":{huge}}}"#);
            let t = parse_token_response(&ResponseHead::new(200), &body, 5_000).unwrap();
            assert!(t.is_fresh(u64::MAX - 120_000), "{huge}");
        }
        let t = parse_token_response(
            &ResponseHead::new(200),
            r#"{"access_token":"x","expires_in":"60"}"#,
            0,
        )
        .unwrap();
        assert_eq!(t.refresh_at_ms, 48_000);
        for bad in [
            r#"{"token_type":"Bearer"}"#,
            r#"{"access_token":"a b\n","expires_in":1}"#,
            r#"{"access_token":"x","token_type":"mac"}"#,
            "<html>",
        ] {
            assert_eq!(
                parse_token_response(&ResponseHead::new(200), bad, 0)
                    .unwrap_err()
                    .kind(),
                ErrorKind::Auth,
                "{bad}"
            );
        }
    }

    #[test]
    fn debug_never_shows_the_token() {
        let t = AccessToken::new("very-secret".into(), 60, 0).unwrap();
        assert!(!format!("{t:?}").contains("very-secret"));
    }
}
