//! Office private keys as a user pastes them: PKCS#8 or SEC1 PEM, encrypted, truncated,
//! with stray text. (JWKs are imported by WebCrypto itself, not parsed in Rust.)
#![no_main]

use ipdocs_core::das::keys::pkcs8_der_from_pem;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(pem) = std::str::from_utf8(data) {
        let _ = pkcs8_der_from_pem(pem);
    }
});
