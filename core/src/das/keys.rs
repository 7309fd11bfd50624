//! Private keys as offices hold them, turned into the PKCS#8 DER that WebCrypto imports.
//!
//! WIPO's instructions (`openssl ecparam -genkey -name prime256v1`) produce a SEC1
//! `EC PRIVATE KEY` PEM, which WebCrypto cannot import; it is wrapped into PKCS#8 here.
//! `PRIVATE KEY` (PKCS#8) PEMs pass through. Encrypted keys are refused with a hint.

use crate::error::{Error, Result};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;

/// OID 1.2.840.10045.2.1 (id-ecPublicKey) and 1.2.840.10045.3.1.7 (prime256v1), DER.
const EC_P256_ALGORITHM: &[u8] = &[
    0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48,
    0xce, 0x3d, 0x03, 0x01, 0x07,
];

/// The PKCS#8 DER of an EC P-256 private key given as PEM (PKCS#8 or SEC1).
pub fn pkcs8_der_from_pem(pem: &str) -> Result<Vec<u8>> {
    if pem.contains("ENCRYPTED PRIVATE KEY") || pem.contains("Proc-Type: 4,ENCRYPTED") {
        return Err(Error::invalid_input(
            "the private key is encrypted; decrypt it first (openssl pkcs8 -topk8 -nocrypt)",
        ));
    }
    if let Some(der) = pem_block(pem, "PRIVATE KEY")? {
        return Ok(der);
    }
    if let Some(sec1) = pem_block(pem, "EC PRIVATE KEY")? {
        return Ok(wrap_sec1(&sec1));
    }
    Err(Error::invalid_input(
        "privateKeyPem must hold a \"PRIVATE KEY\" (PKCS#8) or \"EC PRIVATE KEY\" (SEC1) block",
    ))
}

fn pem_block(pem: &str, label: &str) -> Result<Option<Vec<u8>>> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let Some(start) = pem.find(&begin) else {
        return Ok(None);
    };
    let body = &pem[start + begin.len()..];
    let stop = body
        .find(&end)
        .ok_or_else(|| Error::invalid_input(format!("the PEM has no {end:?} line")))?;
    let b64: String = body[..stop]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    STANDARD
        .decode(b64)
        .map(Some)
        .map_err(|e| Error::invalid_input(format!("the PEM's base64 is damaged: {e}")))
}

/// PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier, OCTET STRING { SEC1 } }
fn wrap_sec1(sec1: &[u8]) -> Vec<u8> {
    let mut inner = vec![0x02, 0x01, 0x00];
    inner.extend_from_slice(EC_P256_ALGORITHM);
    inner.push(0x04);
    inner.extend(der_length(sec1.len()));
    inner.extend_from_slice(sec1);
    let mut out = vec![0x30];
    out.extend(der_length(inner.len()));
    out.extend(inner);
    out
}

fn der_length(len: usize) -> Vec<u8> {
    match len {
        0..=0x7f => vec![len as u8],
        0x80..=0xff => vec![0x81, len as u8],
        _ => vec![0x82, (len >> 8) as u8, len as u8],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // A throwaway P-256 key made by WIPO's recipe (`openssl ecparam -genkey -name
    // prime256v1`) and its `openssl pkcs8 -topk8 -nocrypt` form.
    const SEC1: &str = include_str!("../../../tests/fixtures/das/office-key-sec1.pem");
    const PKCS8: &str = include_str!("../../../tests/fixtures/das/office-key-pkcs8.pem");

    /// The 32-byte private scalar: the OCTET STRING `04 20 …` inside ECPrivateKey.
    fn scalar(der: &[u8]) -> &[u8] {
        let at = der.windows(2).position(|w| w == [0x04, 0x20]).unwrap() + 2;
        &der[at..at + 32]
    }

    #[test]
    fn sec1_is_wrapped_into_pkcs8_with_the_same_key() {
        let wrapped = pkcs8_der_from_pem(SEC1).unwrap();
        let openssl = pkcs8_der_from_pem(PKCS8).unwrap();
        assert_eq!(&wrapped[..2], &[0x30, 0x81]);
        assert_eq!(wrapped[2] as usize, wrapped.len() - 3);
        assert_eq!(&wrapped[3..6], &[0x02, 0x01, 0x00]);
        assert_eq!(&wrapped[6..6 + EC_P256_ALGORITHM.len()], EC_P256_ALGORITHM);
        assert_eq!(&openssl[6..6 + EC_P256_ALGORITHM.len()], EC_P256_ALGORITHM);
        assert_eq!(scalar(&wrapped), scalar(&openssl));
    }

    #[test]
    fn bad_pems_are_invalid_input() {
        for bad in [
            "",
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
            "-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----",
            "-----BEGIN PRIVATE KEY-----\nAAAA",
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----",
        ] {
            assert_eq!(
                pkcs8_der_from_pem(bad).unwrap_err().kind(),
                crate::ErrorKind::InvalidInput,
                "{bad}"
            );
        }
    }
}
