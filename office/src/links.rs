//! Flow c.2 (documents kept in the office's digital library): WIPO asks the office of first
//! filing itself for a download URL (`POST requests/files/url-downloads`) and downloads from
//! it. The office answers with a short-lived link it serves itself (`GET /das-files/{token}`):
//! the token names one document and its expiry and is signed with HMAC-SHA256 under a key
//! made at start, so it is the only credential in the URL and cannot be altered or reused
//! for another document. Range requests are answered (a single range), so a broken download
//! can be resumed.
//!
//! **Assumed** (notes §13: the body and answer of the OFF's url-downloads are undocumented):
//! WIPO sends the document's fields (`documentKindCategory`, `documentNumber`,
//! `documentDate`) and possibly an ack id, as for the OSF's url-downloads; the office answers
//! `{"fileDownloadUrl"}` as DAS does.

use crate::documents::DocumentKey;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::time::Duration;

pub const PATH: &str = "/das-files";

pub struct Links {
    key: [u8; 32],
    pub ttl: Duration,
}

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Links {
    /// Links valid for `ttl`, signed with a key made now (links die with the process).
    pub fn new(ttl: Duration) -> Links {
        Links {
            key: rand::random(),
            ttl,
        }
    }

    fn mac(&self, payload: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("any key length");
        mac.update(payload.as_bytes());
        mac
    }

    /// The token of a link to `key`, valid for the links' lifetime.
    pub fn sign(&self, key: &DocumentKey) -> String {
        let expires = now_secs() + self.ttl.as_secs();
        let fields = serde_json::json!([key.kind, key.number, key.date, expires]);
        let payload = URL_SAFE_NO_PAD.encode(fields.to_string());
        let signature = URL_SAFE_NO_PAD.encode(self.mac(&payload).finalize().into_bytes());
        format!("{payload}.{signature}")
    }

    /// The document a token names, if its signature holds and it has not expired.
    pub fn verify(&self, token: &str) -> Result<DocumentKey, &'static str> {
        let (payload, signature) = token.split_once('.').ok_or("not a link token")?;
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| "not a link token")?;
        self.mac(payload)
            .verify_slice(&signature)
            .map_err(|_| "the link's signature does not hold")?;
        let fields = URL_SAFE_NO_PAD
            .decode(payload)
            .ok()
            .and_then(|json| serde_json::from_slice::<(String, String, String, u64)>(&json).ok())
            .ok_or("not a link token")?;
        let (kind, number, date, expires) = fields;
        if now_secs() > expires {
            return Err("the link has expired");
        }
        Ok(DocumentKey { kind, number, date })
    }
}

/// A `Range` this body cannot satisfy (416).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsatisfiable;

/// The byte range a `Range` header asks for within `len` bytes: `Ok(None)` for the whole
/// body (no header, or one this server does not take, such as several ranges), `Err` when
/// the range lies outside the body (416).
pub fn range(header: Option<&str>, len: u64) -> Result<Option<(u64, u64)>, Unsatisfiable> {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return Ok(None);
    };
    if spec.contains(',') {
        return Ok(None);
    }
    let (start, end) = spec.split_once('-').ok_or(Unsatisfiable)?;
    let parse = |s: &str| s.trim().parse::<u64>().map_err(|_| Unsatisfiable);
    let (first, last) = match (start.trim().is_empty(), end.trim().is_empty()) {
        (true, false) => {
            let suffix = parse(end)?.min(len);
            (len - suffix, len.checked_sub(1).ok_or(Unsatisfiable)?)
        }
        (false, true) => (parse(start)?, len.checked_sub(1).ok_or(Unsatisfiable)?),
        (false, false) => (parse(start)?, parse(end)?.min(len.saturating_sub(1))),
        (true, true) => return Err(Unsatisfiable),
    };
    if first > last || first >= len {
        return Err(Unsatisfiable);
    }
    Ok(Some((first, last)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> DocumentKey {
        DocumentKey {
            kind: "patent".into(),
            number: "EP1".into(),
            date: "2026-01-02".into(),
        }
    }

    #[test]
    fn links_hold_for_their_document_only_and_expire() {
        let links = Links::new(Duration::from_secs(60));
        let token = links.sign(&key());
        assert_eq!(links.verify(&token), Ok(key()));
        let (payload, signature) = token.split_once('.').unwrap();
        let forged = URL_SAFE_NO_PAD.encode(r#"["patent","EP2","2026-01-02",9999999999]"#);
        assert!(links.verify(&format!("{forged}.{signature}")).is_err());
        assert!(links.verify(&format!("{payload}.x")).is_err());
        assert!(links.verify("garbage").is_err());
        let other = Links::new(Duration::from_secs(60));
        assert!(other.verify(&token).is_err(), "another process's key");
        let expired = Links::new(Duration::ZERO);
        let token = expired.sign(&key());
        std::thread::sleep(Duration::from_millis(1100));
        assert_eq!(expired.verify(&token), Err("the link has expired"));
    }

    #[test]
    fn ranges() {
        assert_eq!(range(None, 10), Ok(None));
        assert_eq!(range(Some("bytes=0-3"), 10), Ok(Some((0, 3))));
        assert_eq!(range(Some("bytes=4-"), 10), Ok(Some((4, 9))));
        assert_eq!(range(Some("bytes=-3"), 10), Ok(Some((7, 9))));
        assert_eq!(range(Some("bytes=5-99"), 10), Ok(Some((5, 9))));
        assert_eq!(range(Some("bytes=0-1,4-5"), 10), Ok(None));
        assert_eq!(range(Some("bytes=10-"), 10), Err(Unsatisfiable));
        assert_eq!(range(Some("bytes=x-"), 10), Err(Unsatisfiable));
        assert_eq!(range(Some("bytes=-"), 10), Err(Unsatisfiable));
        assert_eq!(range(Some("bytes=0-0"), 0), Err(Unsatisfiable));
    }
}
