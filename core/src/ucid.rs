//! `Ucid`: the CLAIMS Direct document identifier `CC-NUMBER-KIND` (e.g. `EP-0700000-B1`).
//!
//! Parsing normalises what people paste (lower case, surrounding blanks, the compact form
//! `EP0700000B1`, unpadded EP numbers) into the canonical form the service stores, and
//! rejects anything else before a request is sent.

use crate::error::{Error, Result};
use std::fmt;

/// The `varchar(32)` of the CLAIMS Direct schema.
const MAX_LEN: usize = 32;
/// EP publication numbers are stored zero-padded to 7 digits (`EP-0700000-B1`).
const EP_NUMBER_DIGITS: usize = 7;

/// A normalised UCID. Displays and serialises as `CC-NUMBER-KIND`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ucid(String);

impl Ucid {
    /// Parses and normalises one UCID.
    pub fn parse(input: &str) -> Result<Ucid> {
        let trimmed = input.trim();
        let invalid = |why: &str| {
            Error::invalid_input(format!(
                "invalid UCID {trimmed:?}: {why} (expected COUNTRY-NUMBER-KIND, e.g. EP-0700000-B1)"
            ))
        };
        if trimmed.is_empty() {
            return Err(invalid("empty"));
        }
        if trimmed.len() > MAX_LEN * 2 {
            return Err(invalid("too long"));
        }
        let upper = trimmed.to_ascii_uppercase();
        let (country, number, kind) = match upper.split('-').collect::<Vec<_>>()[..] {
            [c, n, k] => (c, n, k),
            [compact] => split_compact(compact).ok_or_else(|| invalid("cannot split it"))?,
            _ => return Err(invalid("wrong number of '-' separated parts")),
        };
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(invalid("country must be two letters"));
        }
        if number.is_empty()
            || !number.bytes().all(|b| b.is_ascii_alphanumeric())
            || !number.bytes().any(|b| b.is_ascii_digit())
        {
            return Err(invalid("number must be letters and digits, with a digit"));
        }
        let kb = kind.as_bytes();
        let kind_ok = matches!(kb.len(), 1 | 2)
            && kb[0].is_ascii_uppercase()
            && kb.get(1).is_none_or(|b| b.is_ascii_alphanumeric());
        if !kind_ok {
            return Err(invalid(
                "kind must be a letter, optionally followed by a digit",
            ));
        }
        let number = if country == "EP" && number.bytes().all(|b| b.is_ascii_digit()) {
            let digits = number.trim_start_matches('0');
            format!("{digits:0>EP_NUMBER_DIGITS$}")
        } else {
            number.to_owned()
        };
        let ucid = format!("{country}-{number}-{kind}");
        if ucid.len() > MAX_LEN {
            return Err(invalid("longer than 32 characters"));
        }
        Ok(Ucid(ucid))
    }

    /// Splits a pasted list on any run of separators (commas, semicolons, whitespace),
    /// parses each UCID, and drops duplicates keeping the first occurrence's order.
    pub fn parse_list(input: &str) -> Result<Vec<Ucid>> {
        let mut out: Vec<Ucid> = Vec::new();
        for token in input
            .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
            .filter(|t| !t.is_empty())
        {
            let ucid = Ucid::parse(token)?;
            if !out.contains(&ucid) {
                out.push(ucid);
            }
        }
        Ok(out)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The two-letter country code.
    pub fn country(&self) -> &str {
        &self.0[..2]
    }

    /// The kind code (`A1`, `B1`, …).
    pub fn kind(&self) -> &str {
        self.0.rsplit('-').next().unwrap_or("")
    }
}

/// `EP0700000B1` → (`EP`, `0700000`, `B1`): country letters, then the number up to the
/// last letter, which starts the kind.
fn split_compact(s: &str) -> Option<(&str, &str, &str)> {
    if s.len() < 4 || !s.is_char_boundary(2) {
        return None;
    }
    let (country, rest) = s.split_at(2);
    let kind_start = rest.rfind(|c: char| c.is_ascii_alphabetic())?;
    if kind_start == 0 {
        return None;
    }
    Some((country, &rest[..kind_start], &rest[kind_start..]))
}

impl fmt::Display for Ucid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Ucid {
    type Err = Error;
    fn from_str(s: &str) -> Result<Ucid> {
        Ucid::parse(s)
    }
}

impl AsRef<str> for Ucid {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn normalises_common_forms() {
        for (input, want) in [
            ("EP-0700000-B1", "EP-0700000-B1"),
            ("ep-700000-b1", "EP-0700000-B1"),
            ("  EP-0700000-A2\n", "EP-0700000-A2"),
            ("EP0700000B1", "EP-0700000-B1"),
            ("US-20100077592-A1", "US-20100077592-A1"),
            ("us20100077592a1", "US-20100077592-A1"),
            ("US-5551212-A", "US-5551212-A"),
            ("SE-9400081-D0", "SE-9400081-D0"),
            ("US-RE45678-E", "US-RE45678-E"),
            ("CA-167637-S", "CA-167637-S"),
        ] {
            assert_eq!(Ucid::parse(input).unwrap().as_str(), want, "{input}");
        }
    }

    #[test]
    fn rejects_garbage_with_invalid_input() {
        for bad in [
            "",
            "   ",
            "EP",
            "E-0700000-B1",
            "EPO-0700000-B1",
            "12-0700000-B1",
            "EP--B1",
            "EP-0700000-",
            "EP-0700000-1B",
            "EP-0700000-ABC",
            "EP-07 00000-B1",
            "EP-0700000-B1-20001004",
            "EP-ABCDEF-B1",
            "EP-07000%0-B1",
            "ÉP-0700000-B1",
            "EP-0700000-B1;DROP",
            &format!("US-{}-A1", "1".repeat(40)),
        ] {
            let err = Ucid::parse(bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad:?}");
        }
    }

    #[test]
    fn parse_list_accepts_any_separators_and_dedupes() {
        let list =
            Ucid::parse_list("EP-0700000-A2, ep-700000-a2;\nUS-5551212-A\tEP-0700000-B1").unwrap();
        let got: Vec<&str> = list.iter().map(Ucid::as_str).collect();
        assert_eq!(got, ["EP-0700000-A2", "US-5551212-A", "EP-0700000-B1"]);
        assert!(Ucid::parse_list("EP-0700000-A2, nonsense").is_err());
    }

    #[test]
    fn accessors() {
        let u = Ucid::parse("EP-0700000-B1").unwrap();
        assert_eq!(u.country(), "EP");
        assert_eq!(u.kind(), "B1");
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// UCIDs as people write them: any case, with or without dashes, blanks around.
    fn written_ucid() -> impl Strategy<Value = (String, String, String, String)> {
        (
            "[A-Za-z]{2}",
            "[0-9]{1,12}[A-Za-z0-9]{0,3}",
            "[A-Za-z][0-9A-Za-z]?",
            prop_oneof![Just("-"), Just("")],
        )
            .prop_map(|(c, n, k, dash)| (c, n, k, dash.to_owned()))
    }

    proptest! {
        #[test]
        fn normalising_is_idempotent(input in "\\PC{0,40}") {
            if let Ok(ucid) = Ucid::parse(&input) {
                prop_assert_eq!(Ucid::parse(ucid.as_str()).unwrap(), ucid.clone());
                prop_assert!(ucid.as_str().len() <= MAX_LEN);
                prop_assert_eq!(ucid.as_str(), ucid.as_str().to_ascii_uppercase());
            }
        }

        #[test]
        fn case_and_blanks_do_not_matter((c, n, k, _) in written_ucid(), pad in "[ \t]{0,3}") {
            let dashed = format!("{c}-{n}-{k}");
            let a = Ucid::parse(&dashed);
            let b = Ucid::parse(&format!("{pad}{}{pad}", dashed.to_ascii_lowercase()));
            prop_assert_eq!(a.is_ok(), b.is_ok());
            if let (Ok(a), Ok(b)) = (a, b) {
                prop_assert_eq!(a.country(), c.to_ascii_uppercase());
                prop_assert_eq!(a.kind(), k.to_ascii_uppercase());
                prop_assert_eq!(a, b);
            }
        }

        #[test]
        fn a_list_keeps_first_occurrences_in_order(
            parts in proptest::collection::vec(written_ucid(), 0..12),
            separator in prop_oneof![Just(","), Just(" ; "), Just("\n"), Just("\t")],
        ) {
            let written: Vec<String> =
                parts.iter().map(|(c, n, k, _)| format!("{c}-{n}-{k}")).collect();
            let doubled = [written.clone(), written.clone()].concat().join(separator);
            if let Ok(list) = Ucid::parse_list(&doubled) {
                let mut expected: Vec<Ucid> = Vec::new();
                for w in &written {
                    let ucid = Ucid::parse(w).unwrap();
                    if !expected.contains(&ucid) {
                        expected.push(ucid);
                    }
                }
                prop_assert_eq!(list, expected);
            }
        }
    }
}
