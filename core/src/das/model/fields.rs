//! The checks of the fields that identify a document and prove access to it, made before a
//! request is sent: what DAS would refuse is refused here, with the field named.

use crate::error::{Error, Result};

/// The fields that identify a document and prove access to it.
pub(super) fn validate_document(
    kind: &str,
    number: &str,
    date: &str,
    access_code: &str,
) -> Result<()> {
    validate_kind(kind)?;
    validate_number(number)?;
    validate_date("documentDate", date)?;
    validate_access_code(access_code)
}

fn invalid(field: &str, why: &str, value: &str) -> Error {
    Error::invalid_input(format!("{field} {why}, got {value:?}"))
}

/// Free text: non-empty, at most `max` characters, no control characters.
pub(crate) fn validate_text(field: &str, value: &str, max: usize) -> Result<()> {
    if value.trim().is_empty() {
        return Err(invalid(field, "must not be empty", value));
    }
    if value.chars().count() > max {
        return Err(invalid(
            field,
            &format!("must be at most {max} characters"),
            value,
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(invalid(field, "must not contain control characters", value));
    }
    Ok(())
}

/// Identifiers issued by DAS (ack ids, file ids): visible ASCII.
pub fn validate_id(field: &str, value: &str) -> Result<()> {
    if value.is_empty() || value.len() > 200 || !value.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(invalid(
            field,
            "must be 1 to 200 visible ASCII characters",
            value,
        ));
    }
    Ok(())
}

/// `patent`, `utility model`, `design`, or another word the service may add.
pub(super) fn validate_kind(value: &str) -> Result<()> {
    validate_text("documentKindCategory", value, 40)?;
    if !value
        .chars()
        .all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '-')
    {
        return Err(invalid(
            "documentKindCategory",
            "must be words such as \"patent\", \"utility model\" or \"design\"",
            value,
        ));
    }
    Ok(())
}

/// e.g. `PCT/IB2021/057271`, `US 17/123,456`, `2020-123456`.
pub(super) fn validate_number(value: &str) -> Result<()> {
    validate_text("documentNumber", value, 64)
}

/// The access code the DAS portal issues: 4 letters or digits (up to 10 accepted, in case
/// an office issues longer ones).
pub(super) fn validate_access_code(value: &str) -> Result<()> {
    if !(4..=10).contains(&value.len()) || !value.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(invalid(
            "dasAccessCode",
            "must be 4 to 10 letters or digits",
            value,
        ));
    }
    Ok(())
}

/// SHA-256 as 64 hex digits (lowercase on the wire).
pub(crate) fn validate_checksum(value: &str) -> Result<()> {
    if value.len() != 64
        || !value
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(invalid(
            "fileChecksum",
            "must be a SHA-256 as 64 lowercase hex digits",
            value,
        ));
    }
    Ok(())
}

/// `YYYY-MM-DD` (digits only: `2024-+1-01` is not a date) and a real calendar date.
pub fn validate_date(field: &str, value: &str) -> Result<()> {
    if is_calendar_date(value) {
        Ok(())
    } else {
        Err(invalid(field, "must be a date as YYYY-MM-DD", value))
    }
}

fn is_calendar_date(value: &str) -> bool {
    let b = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| b[range].iter().all(u8::is_ascii_digit);
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return false;
    }
    let number = |range: std::ops::Range<usize>| {
        b[range]
            .iter()
            .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'))
    };
    let (y, m, d) = (number(0..4), number(5..7), number(8..10));
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    y >= 1900 && (1..=days).contains(&d)
}
