//! What JavaScript gives `new Das(...)`: the options object and its TypeScript declaration,
//! the token source (a PEM, a `CryptoKey`, a JWK or a ready access token) and the DAS form
//! policy.

use super::convert::{present, property};
use super::input::{Fields, FromJs};
use crate::client::das::{PrivateKey, TokenSource};
use crate::das::forms::{Form, FormPolicy};
use crate::error::{Error, ErrorKind, Result};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(typescript_custom_section)]
const DAS_MODELS_TS: &str = include_str!("generated/das.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const DAS_TS: &str = r#"
/** Options of `new Das(...)`. Give exactly one of `privateKeyPem`, `privateKey`, `privateKeyJwk`, `accessToken`. */
export interface DasOptions {
  /** API origin, e.g. "https://das-api.das.ipobs.acc.web1.wipo.int". The bearer token goes here only. */
  baseUrl: string;
  /** Path prefix: "/das/v1" (default, the spec), "/das-api/v1" (the acceptance host) or "". */
  apiPrefix?: string;
  /** OAuth2 token endpoint, e.g. "https://www5.wipo.int/am/oauth2/access_token". */
  tokenUrl: string;
  /**
   * The client assertion's audience when tokenUrl is a same-origin proxy of the authorization
   * server: its own token URL (default: tokenUrl).
   */
  tokenAudience?: string;
  /** The office's client id (iss and sub of the client assertion). */
  clientId: string;
  /** EC P-256 private key, PKCS#8 ("PRIVATE KEY") or SEC1 ("EC PRIVATE KEY") PEM; imported non-extractable. */
  privateKeyPem?: string;
  /** An already imported ECDSA P-256 signing key (ideally non-extractable). */
  privateKey?: CryptoKey;
  /** EC P-256 private JWK; imported non-extractable. */
  privateKeyJwk?: JsonWebKey;
  /** OAuth2 scope (default "das-api/office-exchange"). */
  scope?: string;
  /** Supplies bearer tokens instead, so no private key lives in the page. */
  accessToken?: () => Promise<string>;
  /** Time allowed for one attempt (default 30000). */
  timeoutMs?: number;
  /** Retries of idempotent calls (default 3, max 10). */
  retries?: number;
  /**
   * Endpoints whose path or method the sources disagree on (url-uploads with or without
   * "files/", url-downloads by POST or GET, file status at "files" or "url-uploads"):
   * "discover" (default) tries the other documented form once on 404/405 and remembers what
   * worked; "spec" or "seed" pins one.
   */
  forms?: "discover" | "spec" | "seed";
  /** How long upload() waits for validation (default 600000). */
  validationTimeoutMs?: number;
  /** How long a transit-zone PUT may go without progress (default 60000). */
  uploadIdleTimeoutMs?: number;
}

export type DocumentKindCategory = "patent" | "utility model" | "design" | (string & {});
export interface WatchOptions {
  onUpdate?: (status: RetrievalStatus) => void;
  /** First poll interval in ms (default 2000; backs off to 60000). */
  intervalMs?: number;
  /** Gives up with kind "timeout" after this many ms (default: no limit). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export type UploadPhase = "checksum" | "upload" | "validation";

export interface UploadOptions {
  fileReference: string;
  fileFormatCategory: FileFormatCategory;
  onProgress?: (loaded: number, total: number, phase: UploadPhase) => void;
  signal?: AbortSignal;
}
"#;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "DasOptions")]
    pub type DasOptions;
    #[wasm_bindgen(typescript_type = "DocumentQuery")]
    pub type JsDocumentQuery;
    #[wasm_bindgen(typescript_type = "TransitFileRef")]
    pub type JsTransitFileRef;
    #[wasm_bindgen(typescript_type = "UploadUrlRequest")]
    pub type JsUploadUrlRequest;
    #[wasm_bindgen(typescript_type = "RegistrationRequest")]
    pub type JsRegistrationRequest;
    #[wasm_bindgen(typescript_type = "DocumentAvailability")]
    pub type JsDocumentAvailability;
    #[wasm_bindgen(typescript_type = "WatchOptions")]
    pub type WatchOptions;
    #[wasm_bindgen(typescript_type = "UploadOptions")]
    pub type UploadOptions;
}

/// The plain fields of [`DasOptions`]; the key and the token callback are read by hand
/// ([`token_source`]).
pub(super) struct Options {
    pub(super) base_url: String,
    pub(super) api_prefix: Option<String>,
    pub(super) token_url: String,
    pub(super) token_audience: Option<String>,
    pub(super) client_id: String,
    pub(super) private_key_pem: Option<String>,
    pub(super) scope: Option<String>,
    pub(super) timeout_ms: Option<u32>,
    pub(super) retries: Option<u32>,
    pub(super) forms: Option<String>,
    pub(super) validation_timeout_ms: Option<u32>,
    pub(super) upload_idle_timeout_ms: Option<u32>,
}

impl FromJs for Options {
    fn read(f: &Fields) -> Self {
        Options {
            base_url: f.string("baseUrl"),
            api_prefix: f.opt_string("apiPrefix"),
            token_url: f.string("tokenUrl"),
            token_audience: f.opt_string("tokenAudience"),
            client_id: f.string("clientId"),
            private_key_pem: f.opt_string("privateKeyPem"),
            scope: f.opt_string("scope"),
            timeout_ms: f.opt_u32("timeoutMs"),
            retries: f.opt_u32("retries"),
            forms: f.opt_string("forms"),
            validation_timeout_ms: f.opt_u32("validationTimeoutMs"),
            upload_idle_timeout_ms: f.opt_u32("uploadIdleTimeoutMs"),
        }
    }
}

/// The token source from the options: exactly one of the four ways.
pub(super) fn token_source(options: &JsValue, pem: Option<&str>) -> Result<TokenSource> {
    let key = property(options, "privateKey");
    let jwk = property(options, "privateKeyJwk");
    let callback = property(options, "accessToken");
    let given = [
        pem.is_some(),
        present(&key),
        present(&jwk),
        present(&callback),
    ];
    if given.iter().filter(|g| **g).count() != 1 {
        return Err(Error::invalid_input(
            "give exactly one of privateKeyPem, privateKey, privateKeyJwk or accessToken",
        ));
    }
    if let Some(pem) = pem {
        return Ok(TokenSource::PrivateKey(PrivateKey::Pkcs8(
            crate::das::keys::pkcs8_der_from_pem(pem)?,
        )));
    }
    if present(&key) {
        let key = key
            .dyn_into::<web_sys::CryptoKey>()
            .map_err(|_| Error::invalid_input("privateKey must be a CryptoKey"))?;
        return Ok(TokenSource::PrivateKey(PrivateKey::Key(key)));
    }
    if present(&jwk) {
        return Ok(TokenSource::PrivateKey(PrivateKey::Jwk(
            jwk.unchecked_into(),
        )));
    }
    let callback: js_sys::Function = callback.dyn_into().map_err(|_| {
        Error::invalid_input("accessToken must be a function returning a Promise<string>")
    })?;
    Ok(TokenSource::Callback(Rc::new(move || {
        let callback = callback.clone();
        Box::pin(async move {
            let failed = |e: JsValue| {
                Error::new(
                    ErrorKind::Auth,
                    format!(
                        "the accessToken callback failed: {}",
                        crate::transport::js_message(&e)
                    ),
                )
            };
            let value = callback.call0(&JsValue::NULL).map_err(failed)?;
            let value = JsFuture::from(js_sys::Promise::resolve(&value))
                .await
                .map_err(failed)?;
            value.as_string().ok_or_else(|| {
                Error::new(
                    ErrorKind::Auth,
                    "the accessToken callback must resolve to a string",
                )
            })
        })
    })))
}

pub(super) fn form_policy(forms: Option<&str>) -> Result<FormPolicy> {
    match forms {
        None | Some("discover") => Ok(FormPolicy::Discover),
        Some("spec") => Ok(FormPolicy::Pin(Form::Spec)),
        Some("seed") => Ok(FormPolicy::Pin(Form::Seed)),
        Some(other) => Err(Error::invalid_input(format!(
            "forms must be \"discover\", \"spec\" or \"seed\", got {other:?}"
        ))),
    }
}
