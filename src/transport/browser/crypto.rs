//! WebCrypto: private keys imported **non-extractable** (usable for signing only, never
//! readable back by any script), ES256 signatures, random bytes. Works in windows and
//! workers (`crypto` is taken from the global scope).

use super::abort::js_message;
use crate::error::{Error, ErrorKind, Result};
use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Crypto, CryptoKey, EcKeyImportParams, EcdsaParams, SubtleCrypto};

fn crypto() -> Result<Crypto> {
    Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))
        .ok()
        .and_then(|c| c.dyn_into::<Crypto>().ok())
        .ok_or_else(|| {
            Error::new(
                ErrorKind::Auth,
                "WebCrypto is not available (a secure context is needed)",
            )
        })
}

pub(super) fn subtle() -> Result<SubtleCrypto> {
    Ok(crypto()?.subtle())
}

fn auth_error(what: &str, e: &JsValue) -> Error {
    Error::new(ErrorKind::Auth, format!("{what}: {}", js_message(e)))
}

fn p256() -> EcKeyImportParams {
    let params = EcKeyImportParams::new("ECDSA");
    params.set_named_curve("P-256");
    params
}

fn sign_usage() -> Array {
    Array::of1(&JsValue::from_str("sign"))
}

/// Imports a PKCS#8 DER EC P-256 private key for signing only.
pub async fn import_pkcs8(der: &[u8]) -> Result<CryptoKey> {
    let data = Uint8Array::from(der);
    let promise = subtle()?
        .import_key_with_object("pkcs8", &data, &p256(), false, &sign_usage())
        .map_err(|e| auth_error("cannot import the private key", &e))?;
    let key = JsFuture::from(promise).await.map_err(|e| {
        Error::invalid_input(format!(
            "the private key is not an EC P-256 key: {}",
            js_message(&e)
        ))
    })?;
    Ok(key.unchecked_into())
}

/// Imports a private JWK (`kty: "EC"`, `crv: "P-256"`, with `d`) for signing only.
pub async fn import_jwk(jwk: &js_sys::Object) -> Result<CryptoKey> {
    let promise = subtle()?
        .import_key_with_object("jwk", jwk, &p256(), false, &sign_usage())
        .map_err(|e| auth_error("cannot import the private JWK", &e))?;
    let key = JsFuture::from(promise).await.map_err(|e| {
        Error::invalid_input(format!(
            "privateKeyJwk is not an EC P-256 private key: {}",
            js_message(&e)
        ))
    })?;
    Ok(key.unchecked_into())
}

/// ES256: ECDSA P-256 with SHA-256. WebCrypto returns R||S (64 bytes), the JOSE form.
pub async fn sign_es256(key: &CryptoKey, data: &[u8]) -> Result<Vec<u8>> {
    let params = EcdsaParams::new("ECDSA", &JsValue::from_str("SHA-256"));
    let promise = subtle()?
        .sign_with_object_and_u8_array(&params, key, data)
        .map_err(|e| auth_error("cannot sign the client assertion", &e))?;
    let signature = JsFuture::from(promise).await.map_err(|e| {
        auth_error(
            "cannot sign the client assertion (is the key an ECDSA P-256 signing key?)",
            &e,
        )
    })?;
    Ok(Uint8Array::new(&signature).to_vec())
}

/// `n` random bytes as lowercase hex.
pub fn random_hex(n: usize) -> Result<String> {
    let mut bytes = vec![0u8; n];
    crypto()?
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|e| auth_error("no random numbers", &e))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
