//! Field readers for what the DAS notes leave open (§3, §10): numbers that may come as
//! numeric strings or as `""` ("empty while processing"), and an `error` that may be an
//! object, a string or an array. Numbers out of range saturate; nothing here panics.

use super::{DasErrorBody, DasErrorDetail};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::fmt;

/// A number, a numeric string, `""` or `null` → `Option<i64>` (saturating).
///
/// Read by a visitor rather than through `serde_json::Value`: the CLAIMS list reads every
/// attachment's size with it, and a `Value` round trip there cost time and ≈ 5 KiB gzip of
/// the `ipdocs/claims` wasm (issue 20.2).
pub(crate) fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    d.deserialize_any(LenientInteger)
}

struct LenientInteger;

impl<'de> Visitor<'de> for LenientInteger {
    type Value = Option<i64>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number, a numeric string or \"\"")
    }

    fn visit_i64<E>(self, n: i64) -> Result<Self::Value, E> {
        Ok(Some(n))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Self::Value, E> {
        Ok(Some(i64::try_from(n).unwrap_or(i64::MAX)))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Self::Value, E> {
        // `as` saturates at the bounds and maps NaN to 0.
        Ok(Some(f as i64))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        integer_text(s).map_err(E::custom)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// As [`opt_i64`], with none read as 0 (a detail's code).
pub(crate) fn i64_or_zero<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(opt_i64(d)?.unwrap_or(0))
}

/// As [`opt_i64`], for sizes: negative values are refused.
pub(crate) fn opt_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match opt_i64(d)? {
        Some(n) if n < 0 => Err(serde::de::Error::custom(format!(
            "expected a size, got {n}"
        ))),
        other => Ok(other.map(|n| n as u64)),
    }
}

/// A number or numeric string read from a JSON value kept whole (`None` when it is neither).
pub(crate) fn value_i64(value: &Value) -> Option<i64> {
    number(Some(value)).ok().flatten()
}

fn number(value: Option<&Value>) -> Result<Option<i64>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => Ok(Some(saturate(n))),
        Some(Value::String(s)) => integer_text(s),
        Some(other) => Err(format!("expected a number, got {other}")),
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

fn saturate(n: &serde_json::Number) -> i64 {
    if let Some(i) = n.as_i64() {
        i
    } else if n.as_u64().is_some() {
        i64::MAX
    } else {
        // A float: `as` saturates at the bounds and maps NaN to 0.
        n.as_f64().map_or(0, |f| f as i64)
    }
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
/// strings as messages).
pub(crate) fn opt_error<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DasErrorBody>, D::Error> {
    Ok(error_from(Option::<Value>::deserialize(d)?))
}

fn error_from(value: Option<Value>) -> Option<DasErrorBody> {
    let body = match value? {
        Value::Null => return None,
        Value::String(s) => DasErrorBody {
            message: Some(s),
            ..DasErrorBody::default()
        },
        Value::Array(items) => DasErrorBody {
            details: items.into_iter().filter_map(detail_from).collect(),
            ..DasErrorBody::default()
        },
        object @ Value::Object(_) => serde_json::from_value::<DasErrorBody>(object.clone())
            .unwrap_or_else(|_| DasErrorBody {
                message: Some(object.to_string()),
                ..DasErrorBody::default()
            }),
        other => DasErrorBody {
            message: Some(other.to_string()),
            ..DasErrorBody::default()
        },
    };
    let empty = body.code.is_none()
        && body.message.as_deref().is_none_or(|m| m.trim().is_empty())
        && body.details.is_empty();
    (!empty).then_some(body)
}

fn detail_from(item: Value) -> Option<DasErrorDetail> {
    match item {
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(DasErrorDetail {
            code: 0,
            message: Some(s),
        }),
        Value::Object(ref fields) => Some(DasErrorDetail {
            code: number(fields.get("code")).ok().flatten().unwrap_or(0),
            message: fields
                .get("message")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .or_else(|| Some(item.to_string())),
        }),
        Value::Null => None,
        other => Some(DasErrorDetail {
            code: 0,
            message: Some(other.to_string()),
        }),
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
        let e = |v: Value| error_from(Some(v));
        assert_eq!(e(Value::Null), None);
        assert_eq!(e(serde_json::json!("")), None);
        assert_eq!(e(serde_json::json!([])), None);
        assert_eq!(e(serde_json::json!({})), None);
        assert_eq!(
            e(serde_json::json!("checksum mismatch")).unwrap().summary(),
            "checksum mismatch"
        );
        let array =
            e(serde_json::json!(["bad pdf", {"code": "-31", "message": "no pages"}])).unwrap();
        assert_eq!(array.details.len(), 2);
        assert_eq!(array.details[1].code, -31);
        assert_eq!(array.summary(), "bad pdf (0)");
        let object =
            e(serde_json::json!({"code": "INVALID", "details": [{"code": -30, "message": "x"}]}));
        assert_eq!(object.unwrap().details[0].code, -30);
        let odd = e(serde_json::json!({"code": {"deep": 1}})).unwrap();
        assert!(odd.message.unwrap().contains("deep"));
        assert_eq!(e(serde_json::json!(42)).unwrap().summary(), "42");
    }
}
