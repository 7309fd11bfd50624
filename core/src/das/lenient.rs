//! Field readers for what the DAS notes leave open (§3, §10): numbers that may come as
//! numeric strings or as `""` ("empty while processing"), ids that may come as numbers, and
//! an `error` that may be an object, a string or an array. Numbers out of range saturate;
//! nothing here panics.
//!
//! Values are read by one visitor ([`Scalar`]) or kept as the JSON text sent
//! ([`RawValue`]), never through `serde_json::Value`: a `Value` tree (its map, its
//! deserializer and serializer, its number formatting) cost the DAS wasm 21 KB (8.3 KiB
//! gzip), and before that ≈ 5 KiB gzip of the CLAIMS one, whose list reads every
//! attachment's size here (issue 20.2).

use super::{DasErrorBody, DasErrorDetail};
use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use std::fmt;

/// Any JSON value, reduced to what these readers need. Integers keep their full range
/// (`Integer` for what fits an `i64`, `Large` above).
enum Scalar {
    Null,
    Text(String),
    Integer(i64),
    Large(u64),
    Float(f64),
    /// A boolean, a list or an object.
    Other,
}

impl Scalar {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }

    /// A number or a numeric string, saturating; `Err` for anything else but null or `""`.
    fn integer(self) -> Result<Option<i64>, String> {
        match self {
            Scalar::Null => Ok(None),
            Scalar::Text(s) => integer_text(&s),
            Scalar::Integer(n) => Ok(Some(n)),
            Scalar::Large(_) => Ok(Some(i64::MAX)),
            // `as` saturates at the bounds and maps NaN to 0.
            Scalar::Float(f) => Ok(Some(f as i64)),
            Scalar::Other => Err("expected a number, a numeric string or \"\"".into()),
        }
    }

    /// A string or an integer, as text; `Err` for anything else but null.
    fn id(self) -> Result<Option<String>, String> {
        match self {
            Scalar::Null => Ok(None),
            Scalar::Text(s) => Ok(Some(s)),
            Scalar::Integer(n) => Ok(Some(n.to_string())),
            Scalar::Large(n) => Ok(Some(n.to_string())),
            Scalar::Float(_) | Scalar::Other => Err("expected a string or an integer".into()),
        }
    }

    fn text(self) -> Option<String> {
        match self {
            Scalar::Text(s) => Some(s),
            _ => None,
        }
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Scalar, E> {
        Ok(Scalar::Other)
    }

    fn visit_i64<E>(self, n: i64) -> Result<Scalar, E> {
        Ok(Scalar::Integer(n))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Scalar, E> {
        Ok(i64::try_from(n).map_or(Scalar::Large(n), Scalar::Integer))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Scalar, E> {
        Ok(Scalar::Float(f))
    }

    fn visit_str<E>(self, s: &str) -> Result<Scalar, E> {
        Ok(Scalar::Text(s.to_owned()))
    }

    fn visit_unit<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }

    fn visit_none<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other)
    }
}

/// A number, a numeric string, `""` or `null` → `Option<i64>` (saturating).
pub(crate) fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Scalar::read(d)?.integer().map_err(de::Error::custom)
}

/// As [`opt_i64`], with none read as 0 (a detail's code).
pub(crate) fn i64_or_zero<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(opt_i64(d)?.unwrap_or(0))
}

/// As [`opt_i64`], for sizes: negative values are refused.
pub(crate) fn opt_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match opt_i64(d)? {
        Some(n) if n < 0 => Err(de::Error::custom(format!("expected a size, got {n}"))),
        other => Ok(other.map(|n| n as u64)),
    }
}

/// A code given as a string or an integer → its text.
pub(crate) fn opt_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Scalar::read(d)?.id().map_err(de::Error::custom)
}

/// The readers of [`Probe`]: any value is accepted, what is not of the kind sought is none.
fn any_integer<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(Scalar::read(d)?.integer().ok().flatten())
}

fn any_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Scalar::read(d)?.id().ok().flatten())
}

/// A string, or none for any other value.
pub(crate) fn any_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Scalar::read(d)?.text())
}

/// The fields read beside a model from the same JSON object, whatever their values: the ack
/// id by any of its names (to name an item that is not a readable status), the status word
/// as sent, a status's message and error code, an error detail's code and message. Not an
/// object: all none.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Probe {
    #[serde(default, deserialize_with = "any_id")]
    request_ack_id: Option<String>,
    #[serde(default, deserialize_with = "any_id")]
    ack_id: Option<String>,
    #[serde(default, deserialize_with = "any_id")]
    osf_ack_id: Option<String>,
    #[serde(default, deserialize_with = "any_text")]
    pub request_status_category: Option<String>,
    #[serde(default, deserialize_with = "any_text")]
    pub status_message: Option<String>,
    #[serde(default, deserialize_with = "any_integer")]
    pub error_code: Option<i64>,
    #[serde(default, deserialize_with = "any_integer")]
    pub code: Option<i64>,
    #[serde(default, deserialize_with = "any_text")]
    pub message: Option<String>,
}

impl Probe {
    pub(crate) fn of(json: &str) -> Probe {
        serde_json::from_str(json).unwrap_or_default()
    }

    /// The ack id under its first name present: `requestAckId`, `ackId`, `osfAckId`.
    pub(crate) fn ack_id(&self) -> Option<&str> {
        [&self.request_ack_id, &self.ack_id, &self.osf_ack_id]
            .into_iter()
            .find_map(Option::as_deref)
    }
}

/// What a JSON text is, told by its first character (serde_json has checked the rest).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Null,
    Text,
    List,
    Object,
    /// A number or a boolean.
    Other,
}

pub(crate) fn shape(json: &RawValue) -> Shape {
    match json.get().trim_start().as_bytes().first() {
        Some(b'n') => Shape::Null,
        Some(b'"') => Shape::Text,
        Some(b'[') => Shape::List,
        Some(b'{') => Shape::Object,
        _ => Shape::Other,
    }
}

/// A numeric string; blank means none.
fn integer_text(s: &str) -> Result<Option<i64>, String> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    parse_integer(s.trim())
        .map(Some)
        .ok_or_else(|| format!("expected a number, got {s:?}"))
}

/// An optional sign and digits only (no `+1e3`, no spaces inside), saturating.
fn parse_integer(s: &str) -> Option<i64> {
    let (negative, digits) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let magnitude = digits.bytes().fold(0i64, |acc, b| {
        acc.saturating_mul(10).saturating_add(i64::from(b - b'0'))
    });
    Some(if negative { -magnitude } else { magnitude })
}

/// The file status `error`: `null`, `""`, `[]` and `{}` mean none; an object is read as a DAS
/// error body; a string is its message; an array is read item by item (objects as details,
/// strings as messages). Kept as sent first (owned, so a `serde_json::Value` can be read too).
pub(crate) fn opt_error<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DasErrorBody>, D::Error> {
    Ok(Option::<Box<RawValue>>::deserialize(d)?.and_then(|json| error_from(&json)))
}

fn error_from(json: &RawValue) -> Option<DasErrorBody> {
    let text = json.get();
    let message = |message: Option<String>| DasErrorBody {
        message,
        ..DasErrorBody::default()
    };
    let body = match shape(json) {
        Shape::Null => return None,
        Shape::Text => message(serde_json::from_str(text).ok()),
        Shape::List => DasErrorBody {
            details: serde_json::from_str::<Vec<&RawValue>>(text)
                .unwrap_or_default()
                .into_iter()
                .filter_map(detail_from)
                .collect(),
            ..DasErrorBody::default()
        },
        Shape::Object => serde_json::from_str::<DasErrorBody>(text)
            .unwrap_or_else(|_| message(Some(text.to_owned()))),
        Shape::Other => message(Some(text.to_owned())),
    };
    let empty = body.code.is_none()
        && body.message.as_deref().is_none_or(|m| m.trim().is_empty())
        && body.details.is_empty();
    (!empty).then_some(body)
}

fn detail_from(item: &RawValue) -> Option<DasErrorDetail> {
    let text = item.get();
    let detail = |code: Option<i64>, message: Option<String>| {
        Some(DasErrorDetail {
            code: code.unwrap_or(0),
            message: message.or_else(|| Some(text.to_owned())),
        })
    };
    match shape(item) {
        Shape::Null => None,
        Shape::Text => match serde_json::from_str::<String>(text) {
            Ok(s) if s.trim().is_empty() => None,
            Ok(s) => detail(None, Some(s)),
            Err(_) => detail(None, None),
        },
        Shape::Object => {
            let fields = Probe::of(text);
            detail(fields.code, fields.message)
        }
        Shape::List | Shape::Other => detail(None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    struct N {
        #[serde(default, deserialize_with = "opt_i64")]
        n: Option<i64>,
        #[serde(default, deserialize_with = "opt_u64")]
        size: Option<u64>,
    }

    fn n(json: &str) -> Result<N, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn numbers_as_numbers_strings_or_empty() {
        assert_eq!(n(r#"{"n":-7}"#).unwrap().n, Some(-7));
        assert_eq!(n(r#"{"n":"-14"}"#).unwrap().n, Some(-14));
        assert_eq!(n(r#"{"n":" 12 "}"#).unwrap().n, Some(12));
        assert_eq!(n(r#"{"n":""}"#).unwrap().n, None);
        assert_eq!(n(r#"{"n":null}"#).unwrap().n, None);
        assert_eq!(n("{}").unwrap().n, None);
        assert_eq!(
            n(r#"{"n":99999999999999999999999}"#).unwrap().n,
            Some(i64::MAX)
        );
        assert_eq!(
            n(r#"{"n":"99999999999999999999999"}"#).unwrap().n,
            Some(i64::MAX)
        );
        assert_eq!(n(r#"{"n":-1e300}"#).unwrap().n, Some(i64::MIN));
        assert_eq!(n(r#"{"size":"1024"}"#).unwrap().size, Some(1024));
        assert_eq!(n(r#"{"size":""}"#).unwrap().size, None);
        assert!(n(r#"{"size":-1}"#).is_err());
        assert!(n(r#"{"n":"1e3"}"#).is_err());
        assert!(n(r#"{"n":"+"}"#).is_err());
        assert!(n(r#"{"n":true}"#).is_err());
        assert!(n(r#"{"n":[1]}"#).is_err());
    }

    #[test]
    fn errors_in_every_shape() {
        let e = |json: &str| error_from(&serde_json::from_str::<Box<RawValue>>(json).unwrap());
        assert_eq!(e("null"), None);
        assert_eq!(e(r#""""#), None);
        assert_eq!(e("[]"), None);
        assert_eq!(e("{}"), None);
        assert_eq!(
            e(r#""checksum mismatch""#).unwrap().summary(),
            "checksum mismatch"
        );
        let array =
            e(r#"["bad pdf", {"code": "-31", "message": "no pages"}, " ", null, 7]"#).unwrap();
        assert_eq!(array.details.len(), 3);
        assert_eq!(array.details[1].code, -31);
        assert_eq!(array.details[2].message.as_deref(), Some("7"));
        assert_eq!(array.summary(), "bad pdf (0)");
        let object = e(r#"{"code": "INVALID", "details": [{"code": -30, "message": "x"}]}"#);
        assert_eq!(object.unwrap().details[0].code, -30);
        let odd = e(r#"{"code": {"deep": 1}}"#).unwrap();
        assert!(odd.message.unwrap().contains("deep"));
        assert_eq!(e("42").unwrap().summary(), "42");
        let detail = e(r#"[{"code": "x", "reason": "no message field"}]"#).unwrap();
        assert_eq!(detail.details[0].code, 0);
        assert!(detail.details[0]
            .message
            .as_deref()
            .unwrap()
            .contains("no message field"));
    }

    #[test]
    fn the_error_field_reads_from_a_value_too() {
        #[derive(Deserialize)]
        struct Status {
            #[serde(default, deserialize_with = "opt_error")]
            error: Option<DasErrorBody>,
        }
        let value = serde_json::json!({"error": ["first", {"code": -5}]});
        let status: Status = serde_json::from_value(value).unwrap();
        assert_eq!(status.error.unwrap().details[1].code, -5);
    }

    #[test]
    fn probes_read_any_value_and_never_fail() {
        let p = Probe::of(r#"{"ackId": 7, "requestStatusCategory": ["x"], "errorCode": "-14"}"#);
        assert_eq!(p.request_status_category, None);
        assert_eq!(p.error_code, Some(-14));
        assert_eq!(p.ack_id(), Some("7"));
        let p = Probe::of(r#"{"osfAckId": "O", "requestAckId": "R", "errorCode": {"x": 1}}"#);
        assert_eq!(p.error_code, None);
        assert_eq!(p.ack_id(), Some("R"));
        assert_eq!(Probe::of("\"garbage\"").ack_id(), None);
        let large =
            Probe::of(r#"{"ackId": 18446744073709551615, "errorCode": 18446744073709551615}"#);
        assert_eq!(large.error_code, Some(i64::MAX));
        assert_eq!(large.ack_id(), Some("18446744073709551615"));
    }
}
