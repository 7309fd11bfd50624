//! `Secret`: a credential that cannot be printed by accident.

use crate::error::{Error, Result};
use std::fmt;

/// A password or token. `Debug` shows `***`; there is no `Display`; the value is reached
/// only through [`Secret::expose`], at the single place it is put on the wire.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Checks that a value can travel in an HTTP header: non-empty, visible ASCII or space, no
/// CR/LF (header injection) — the browser would otherwise throw a `TypeError` mid-request.
pub fn validate_header_value(what: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::invalid_input(format!("{what} is empty")));
    }
    if !value.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Err(Error::invalid_input(format!(
            "{what} contains characters that cannot be sent in an HTTP header"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_value() {
        assert_eq!(format!("{:?}", Secret::new("hunter2")), "Secret(***)");
    }

    #[test]
    fn header_values_are_checked() {
        assert!(validate_header_value("x", "user name").is_ok());
        assert!(validate_header_value("x", "").is_err());
        assert!(validate_header_value("x", "a\r\nInjected: 1").is_err());
        assert!(validate_header_value("x", "pässword").is_err());
    }
}
