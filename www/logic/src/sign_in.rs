//! Staff sign-in through the office's OpenID Connect provider, the parts that are plain
//! logic: the PKCE pair (RFC 7636, S256), the authorization URL, the token request's form,
//! and what the app shows of an ID token (never trusted here: the office verifies it).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ipdocs_core::http::encode_component;
use serde::{Deserialize, Serialize};
use sha2::Digest;

/// How to sign in, as `GET /office/v1/auth` says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Provider {
    pub issuer: String,
    pub client_id: String,
    pub scope: String,
}

/// A sign-in under way, kept in `sessionStorage` across the trip to the provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pending {
    pub state: String,
    pub verifier: String,
    pub token_endpoint: String,
    pub client_id: String,
    pub redirect_uri: String,
}

/// The S256 challenge of a PKCE verifier.
pub fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(verifier.as_bytes()))
}

/// The provider's authorization URL for this sign-in.
pub fn authorization_url(endpoint: &str, provider: &Provider, pending: &Pending) -> String {
    let separator = if endpoint.contains('?') { '&' } else { '?' };
    let pairs = [
        ("response_type", "code"),
        ("client_id", provider.client_id.as_str()),
        ("redirect_uri", pending.redirect_uri.as_str()),
        ("scope", provider.scope.as_str()),
        ("state", pending.state.as_str()),
        ("code_challenge", &challenge(&pending.verifier)),
        ("code_challenge_method", "S256"),
    ];
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode_component(v)))
        .collect();
    format!("{endpoint}{separator}{}", query.join("&"))
}

/// The token request's body (`application/x-www-form-urlencoded`).
pub fn token_form(pending: &Pending, code: &str) -> String {
    [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", pending.redirect_uri.as_str()),
        ("client_id", pending.client_id.as_str()),
        ("code_verifier", pending.verifier.as_str()),
    ]
    .iter()
    .map(|(k, v)| format!("{k}={}", encode_component(v)))
    .collect::<Vec<_>>()
    .join("&")
}

/// Who an ID token names and until when (seconds since the epoch), for display only.
#[derive(Debug, Clone, PartialEq)]
pub struct Signed {
    pub name: String,
    pub roles: Vec<String>,
    pub expires: u64,
}

/// The display part of an ID token's payload; `None` if it is not a JWT.
pub fn read_id_token(token: &str) -> Option<Signed> {
    let payload = token.split('.').nth(1)?;
    let claims: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()?;
    let name = ["preferred_username", "name", "email", "sub"]
        .iter()
        .find_map(|k| claims[*k].as_str())?
        .to_owned();
    let roles = match &claims["roles"] {
        serde_json::Value::Array(items) => items
            .iter()
            .filter_map(|r| r.as_str().map(str::to_owned))
            .collect(),
        serde_json::Value::String(s) => s.split_whitespace().map(str::to_owned).collect(),
        _ => Vec::new(),
    };
    Some(Signed {
        name,
        roles,
        expires: claims["exp"].as_u64().unwrap_or(0),
    })
}

/// The `code` and `state` of the provider's redirect back (`?code=…&state=…`).
pub fn returned(search: &str) -> Option<(String, String)> {
    let mut code = None;
    let mut state = None;
    for pair in search.trim_start_matches('?').split('&') {
        match pair.split_once('=') {
            Some(("code", v)) => code = Some(decode(v)),
            Some(("state", v)) => state = Some(decode(v)),
            _ => {}
        }
    }
    Some((code?, state?))
}

/// Percent-decoding of a query value (`+` as space).
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_challenge_is_rfc_7636s_example() {
        // RFC 7636, appendix B.
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn the_trip_to_the_provider_and_back() {
        let provider = Provider {
            issuer: "https://id.office.example".into(),
            client_id: "ipdocs-app".into(),
            scope: "openid profile roles".into(),
        };
        let pending = Pending {
            state: "s1".into(),
            verifier: "v".repeat(43),
            token_endpoint: "https://id.office.example/token".into(),
            client_id: "ipdocs-app".into(),
            redirect_uri: "https://office.example/".into(),
        };
        let url = authorization_url("https://id.office.example/auth", &provider, &pending);
        assert!(url.starts_with("https://id.office.example/auth?response_type=code&client_id=ipdocs-app&redirect_uri=https%3A%2F%2Foffice.example%2F&scope=openid%20profile%20roles&state=s1&code_challenge="), "{url}");
        assert!(url.ends_with("&code_challenge_method=S256"));
        let form = token_form(&pending, "c/1");
        assert!(
            form.contains("code=c%2F1")
                && form.contains(&format!("code_verifier={}", "v".repeat(43)))
        );
        assert_eq!(
            returned("?code=c%2F1&state=s1&iss=x"),
            Some(("c/1".into(), "s1".into()))
        );
        assert_eq!(returned("?state=s1"), None);
        assert_eq!(
            returned("?code=%zz&state=%"),
            Some(("%zz".into(), "%".into()))
        );
    }

    #[test]
    fn an_id_token_is_read_for_display() {
        let payload =
            URL_SAFE_NO_PAD.encode(r#"{"sub":"carl","name":"Carl","roles":["clerk"],"exp":99}"#);
        let signed = read_id_token(&format!("h.{payload}.s")).unwrap();
        assert_eq!(
            (signed.name.as_str(), signed.roles.clone(), signed.expires),
            ("Carl", vec!["clerk".to_owned()], 99)
        );
        assert_eq!(read_id_token("not a token"), None);
        assert_eq!(read_id_token("a.%%%.c"), None);
    }
}
