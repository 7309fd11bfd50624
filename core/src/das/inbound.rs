//! WIPO's calls into an office (seed 000, steps 2 and 6; notes §2, §5.5, §7): the forwarded
//! retrieval an office of first filing receives, the availability notification an office of
//! second filing receives, the DAS error bodies it answers with, and the checks of the
//! claims of WIPO's RS256 bearer token. The signature itself is verified by the server
//! (`ipdocs-office`, with `jsonwebtoken`); everything here is plain Rust.

use super::{
    validate_date, validate_id, DasErrorBody, DasErrorDetail, DocumentAvailability, DocumentQuery,
};
use serde::{Deserialize, Serialize};

/// The largest inbound body accepted (bodies are a few hundred bytes).
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// `POST {office}/das/v1/requests/retrievals` from WIPO (step 2). The same body the OSF sent
/// WIPO; `osfAckId` (WIPO's id of the OSF's request, when WIPO sends one) identifies a
/// redelivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ForwardedRetrieval {
    #[serde(default)]
    pub operation_category: Option<String>,
    #[serde(flatten)]
    pub document: DocumentQuery,
    #[serde(
        default,
        alias = "requestAckId",
        skip_serializing_if = "Option::is_none"
    )]
    pub osf_ack_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_filing_date: Option<String>,
}

impl ForwardedRetrieval {
    /// What identifies one OSF request across redeliveries: WIPO's id when given, else the
    /// document and access code.
    pub fn delivery_key(&self) -> String {
        match &self.osf_ack_id {
            Some(id) => format!("osf:{id}"),
            None => format!(
                "doc:{}|{}|{}|{}",
                self.document.document_kind_category,
                self.document.document_number,
                self.document.document_date,
                self.document.das_access_code
            ),
        }
    }
}

/// A refusal of an inbound call: the HTTP status and the DAS error body to answer with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    pub body: DasErrorBody,
}

impl Refusal {
    /// HTTP 400 `INVALID_INPUT_DATA` with one detail (the DAS format since 2024-03-04).
    pub fn invalid(code: i64, message: impl Into<String>) -> Refusal {
        Refusal::new(400, "INVALID_INPUT_DATA", code, message)
    }

    pub fn new(status: u16, code: &str, detail: i64, message: impl Into<String>) -> Refusal {
        let message = message.into();
        Refusal {
            status,
            body: DasErrorBody {
                code: Some(code.to_owned()),
                message: Some(message.clone()),
                details: vec![DasErrorDetail {
                    code: detail,
                    message: Some(message),
                }],
            },
        }
    }
}

fn from_json<'a, T: Deserialize<'a>>(body: &'a [u8], what: &str) -> Result<T, Refusal> {
    if body.len() > MAX_BODY_BYTES {
        return Err(Refusal::new(
            413,
            "INVALID_INPUT_DATA",
            -1,
            format!("the {what} is larger than {MAX_BODY_BYTES} bytes"),
        ));
    }
    serde_json::from_slice(body).map_err(|e| Refusal::invalid(-1, format!("malformed {what}: {e}")))
}

/// Reads and validates a forwarded retrieval.
pub fn read_forwarded_retrieval(body: &[u8]) -> Result<ForwardedRetrieval, Refusal> {
    let r: ForwardedRetrieval = from_json(body, "retrieval request")?;
    if r.operation_category
        .as_deref()
        .is_some_and(|c| c != "retrieval")
    {
        return Err(Refusal::invalid(
            -3,
            "operationCategory must be \"retrieval\"",
        ));
    }
    r.document
        .validate()
        .map_err(|e| Refusal::invalid(-2, e.message()))?;
    if let Some(id) = &r.osf_ack_id {
        validate_id("osfAckId", id).map_err(|e| Refusal::invalid(-2, e.message()))?;
    }
    if let Some(date) = &r.application_filing_date {
        validate_date("applicationFilingDate", date)
            .map_err(|e| Refusal::invalid(-2, e.message()))?;
    }
    Ok(r)
}

/// Reads and validates WIPO's availability notification (step 6).
pub fn read_notification(body: &[u8]) -> Result<DocumentAvailability, Refusal> {
    let n: DocumentAvailability = from_json(body, "notification")?;
    n.validate()
        .map_err(|e| Refusal::invalid(-2, e.message()))?;
    Ok(n)
}

/// The claims of WIPO's bearer token that the office checks (notes §5.4–5.5).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct BearerClaims {
    #[serde(default)]
    pub iss: Option<String>,
    #[serde(default)]
    pub sub: Option<String>,
    #[serde(default)]
    pub aud: Option<OneOrMany>,
    #[serde(default)]
    pub exp: Option<f64>,
    #[serde(default)]
    pub nbf: Option<f64>,
    /// A space-separated string or an array (OpenAM sends an array).
    #[serde(default)]
    pub scope: Option<OneOrMany>,
}

/// A claim given as one string or as an array of strings.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn contains(&self, wanted: &str, split_spaces: bool) -> bool {
        match self {
            OneOrMany::One(s) if split_spaces => s.split_whitespace().any(|w| w == wanted),
            OneOrMany::One(s) => s == wanted,
            OneOrMany::Many(v) => v.iter().any(|s| s == wanted),
        }
    }
}

/// What a valid token must say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimRules {
    pub issuer: String,
    pub audience: String,
    pub scope: String,
    /// Clock skew allowed on `exp` and `nbf`.
    pub leeway_secs: u64,
}

impl ClaimRules {
    /// Why the claims are refused, if they are. `exp` is required.
    pub fn check(&self, claims: &BearerClaims, now_secs: u64) -> Result<(), String> {
        let now = now_secs as f64;
        let leeway = self.leeway_secs as f64;
        match claims.exp {
            None => return Err("the token has no exp".into()),
            Some(exp) if !exp.is_finite() || exp + leeway < now => {
                return Err("the token has expired".into())
            }
            Some(_) => {}
        }
        if claims
            .nbf
            .is_some_and(|nbf| !nbf.is_finite() || nbf - leeway > now)
        {
            return Err("the token is not valid yet".into());
        }
        if claims.iss.as_deref() != Some(self.issuer.as_str()) {
            return Err("the token's issuer is not the configured one".into());
        }
        if !claims
            .aud
            .as_ref()
            .is_some_and(|aud| aud.contains(&self.audience, false))
        {
            return Err("the token is not for this audience".into());
        }
        if !claims
            .scope
            .as_ref()
            .is_some_and(|scope| scope.contains(&self.scope, true))
        {
            return Err(format!("the token lacks the scope {}", self.scope));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"operationCategory":"retrieval","documentKindCategory":"patent","documentNumber":"EP2024000001","documentDate":"2024-01-31","dasAccessCode":"AB12","osfAckId":"R-1","applicationCategory":null,"applicationNumber":null,"applicationFilingDate":null}"#;

    #[test]
    fn forwarded_retrievals_are_validated() {
        let r = read_forwarded_retrieval(GOOD.as_bytes()).unwrap();
        assert_eq!(r.delivery_key(), "osf:R-1");
        let without_id = GOOD.replace(r#","osfAckId":"R-1""#, "");
        let r = read_forwarded_retrieval(without_id.as_bytes()).unwrap();
        assert_eq!(r.delivery_key(), "doc:patent|EP2024000001|2024-01-31|AB12");
        for bad in [
            GOOD.replace("2024-01-31", "2024-13-01"),
            GOOD.replace("\"AB12\"", "12"),
            GOOD.replace("\"retrieval\"", "\"registration\""),
            GOOD.replace("\"R-1\"", "\"R 1\""),
            GOOD.replace(",\"documentNumber\":\"EP2024000001\"", ""),
            "{".into(),
            "[]".into(),
            format!("{{\"x\":\"{}\"}}", "a".repeat(MAX_BODY_BYTES)),
        ] {
            let refusal = read_forwarded_retrieval(bad.as_bytes()).unwrap_err();
            assert!(matches!(refusal.status, 400 | 413), "{bad}");
            assert_eq!(refusal.body.code.as_deref(), Some("INVALID_INPUT_DATA"));
        }
    }

    #[test]
    fn notifications_are_validated() {
        let n = read_notification(
            br#"{"requestAckId":"R-1","requestStatusCategory":"success","fileId":"F-1"}"#,
        )
        .unwrap();
        assert_eq!(n.request_ack_id, "R-1");
        assert!(read_notification(br#"{"requestAckId":"R-1","fileId":{}}"#).is_err());
        assert!(read_notification(br#"{"requestAckId":""}"#).is_err());
        assert!(read_notification(br#"{"requestAckId":"R-1","documentDate":"AAA"}"#).is_err());
    }

    fn claims(json: &str) -> BearerClaims {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn claims_checks() {
        let rules = ClaimRules {
            issuer: "https://wipo/am/oauth2".into(),
            audience: "office".into(),
            scope: "das-api/office-exchange".into(),
            leeway_secs: 30,
        };
        let ok = r#"{"iss":"https://wipo/am/oauth2","aud":"office","exp":1000,"scope":["das-api/office-exchange"]}"#;
        assert_eq!(rules.check(&claims(ok), 900), Ok(()));
        assert_eq!(rules.check(&claims(ok), 1029), Ok(()), "leeway");
        assert!(rules
            .check(&claims(ok), 1031)
            .unwrap_err()
            .contains("expired"));
        let spaced = ok.replace(
            r#"["das-api/office-exchange"]"#,
            r#""openid das-api/office-exchange""#,
        );
        assert_eq!(rules.check(&claims(&spaced), 900), Ok(()));
        let many_aud = ok.replace(r#""aud":"office""#, r#""aud":["x","office"]"#);
        assert_eq!(rules.check(&claims(&many_aud), 900), Ok(()));
        for (bad, why) in [
            (ok.replace("oauth2\"", "oauth3\""), "issuer"),
            (
                ok.replace(r#""aud":"office""#, r#""aud":"offices""#),
                "audience",
            ),
            (ok.replace("office-exchange", "das-access"), "scope"),
            (ok.replace(r#","exp":1000"#, ""), "no exp"),
            (
                ok.replace(r#""exp":1000"#, r#""exp":1000,"nbf":990"#),
                "not valid yet",
            ),
        ] {
            assert!(
                rules.check(&claims(&bad), 900).unwrap_err().contains(why),
                "{bad}"
            );
        }
    }
}
