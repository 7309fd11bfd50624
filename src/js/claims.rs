//! `ClaimsDirect` for JavaScript.

use super::attachment_record::record;
use super::budget::RequestBudget;
use super::call::{self, CallOptions};
use super::{convert, error};
use crate::claims::{ClaimsConfig, Format};
use crate::client;
use crate::error::{Error, Result};
use crate::transport::Transport;
use crate::ucid::Ucid;
use serde::Deserialize;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const CLAIMS_MODELS_TS: &str = include_str!("generated/claims.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const CLAIMS_TS: &str = r#"
/** Options of `new ClaimsDirect(...)`. */
export interface ClaimsDirectOptions {
  /** e.g. "https://cdws21.ificlaims.com"; credentials are sent to this origin only. */
  baseUrl: string;
  /** Sent as `x-user`. */
  user: string;
  /** Sent as `x-password`, to `baseUrl` only; never logged. */
  password: string;
  /** Response format asked for with `Accept` (default "json"); both are parsed either way. */
  format?: "json" | "xml";
  /** Time allowed for one attempt, headers and body (default 30000). */
  timeoutMs?: number;
  /** Retries of idempotent calls on network errors, 5xx and 429 (default 3, max 10). */
  retries?: number;
}
"#;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "ClaimsDirectOptions")]
    pub type ClaimsDirectOptions;
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Options {
    base_url: String,
    user: String,
    password: String,
    #[serde(default)]
    format: Option<String>,
    #[serde(default)]
    timeout_ms: Option<u32>,
    #[serde(default)]
    retries: Option<u32>,
}

/// Client of the IFI CLAIMS Direct attachment service.
#[wasm_bindgen]
pub struct ClaimsDirect {
    pub(super) inner: Rc<client::ClaimsDirect>,
}

#[wasm_bindgen]
impl ClaimsDirect {
    /// Throws an `IpdocsError` (`invalid_input`) for bad options.
    #[wasm_bindgen(constructor)]
    pub fn new(options: ClaimsDirectOptions) -> std::result::Result<ClaimsDirect, JsValue> {
        let client = Self::build(options.into()).map_err(error::to_js)?;
        Ok(ClaimsDirect {
            inner: Rc::new(client),
        })
    }

    /// A client with the same options whose every call (retries included) is paced against
    /// `budget`. Give one budget to all the clients of one login.
    #[wasm_bindgen(js_name = withBudget)]
    pub fn with_budget(&self, budget: &RequestBudget) -> ClaimsDirect {
        let client = (*self.inner).clone().with_budget(budget.inner.clone());
        ClaimsDirect {
            inner: Rc::new(client),
        }
    }

    /// Attachments of one UCID; `[]` when it has none.
    #[wasm_bindgen(unchecked_return_type = "Promise<Attachment[]>")]
    pub fn list(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] ucid: JsValue,
        options: Option<CallOptions>,
    ) -> js_sys::Promise {
        self.call(options, |c, signal| async move {
            let attachments = c.list(&parse_ucid(&ucid)?, signal.as_ref()).await?;
            Ok(super::attachment_record::list(&attachments))
        })
    }

    /// Attachments of many UCIDs, keyed by normalised UCID in request order; every UCID
    /// has an entry (`[]` when it has none). Duplicates are sent once. Rejects if a batch
    /// fails; `listSet` keeps what succeeded instead.
    #[wasm_bindgen(js_name = listMany, unchecked_return_type = "Promise<Record<string, Attachment[]>>")]
    pub fn list_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] ucids: JsValue,
        options: Option<CallOptions>,
    ) -> js_sys::Promise {
        self.call(options, |c, signal| async move {
            let listings = c.list_many(&parse_ucids(&ucids)?, signal.as_ref()).await?;
            Ok(record(
                listings.iter().map(|l| (l.ucid.as_str(), &l.attachments)),
            ))
        })
    }

    /// One attachment by the `path` that `list` returned.
    #[wasm_bindgen(unchecked_return_type = "Promise<Blob>")]
    pub fn fetch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] path: JsValue,
        options: Option<CallOptions>,
    ) -> js_sys::Promise {
        self.call(options, |c, signal| async move {
            let path = convert::string("path", &path)?;
            Ok(c.fetch(&path, signal.as_ref()).await?.into())
        })
    }

    /// Every attachment of a UCID as one zip.
    #[wasm_bindgen(js_name = fetchAll, unchecked_return_type = "Promise<Blob>")]
    pub fn fetch_all(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] ucid: JsValue,
        options: Option<CallOptions>,
    ) -> js_sys::Promise {
        self.call(options, |c, signal| async move {
            Ok(c.fetch_all(&parse_ucid(&ucid)?, signal.as_ref())
                .await?
                .into())
        })
    }

    /// The full-document PDF, or `null` when there is none.
    #[wasm_bindgen(unchecked_return_type = "Promise<Blob | null>")]
    pub fn pdf(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] ucid: JsValue,
        options: Option<CallOptions>,
    ) -> js_sys::Promise {
        self.call(options, |c, signal| async move {
            let pdf = c.pdf(&parse_ucid(&ucid)?, signal.as_ref()).await?;
            Ok(pdf.map_or(JsValue::NULL, Into::into))
        })
    }

    /// The abstract image in its original format, or converted to `accept` (e.g.
    /// "image/png"); `null` when there is none.
    #[wasm_bindgen(js_name = abstractImage, unchecked_return_type = "Promise<Blob | null>")]
    pub fn abstract_image(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] ucid: JsValue,
        accept: Option<String>,
        options: Option<CallOptions>,
    ) -> js_sys::Promise {
        self.call(options, |c, signal| async move {
            let ucid = parse_ucid(&ucid)?;
            let image = c
                .abstract_image(&ucid, accept.as_deref(), signal.as_ref())
                .await?;
            Ok(image.map_or(JsValue::NULL, Into::into))
        })
    }
}

impl ClaimsDirect {
    /// [`call::run`] with this client.
    pub(super) fn call<F, Fut>(&self, options: Option<CallOptions>, work: F) -> js_sys::Promise
    where
        F: FnOnce(Rc<client::ClaimsDirect>, Option<web_sys::AbortSignal>) -> Fut + 'static,
        Fut: Future<Output = Result<JsValue>> + 'static,
    {
        call::run(self.inner.clone(), options.map(Into::into), work)
    }

    fn build(options: JsValue) -> Result<client::ClaimsDirect> {
        let o: Options = convert::options("ClaimsDirect options", options)?;
        let format = o
            .format
            .as_deref()
            .map(Format::parse)
            .transpose()?
            .unwrap_or_default();
        let config = ClaimsConfig::new(&o.base_url, &o.user, &o.password, format)?;
        let transport = Transport::with_limits(o.timeout_ms, o.retries)?;
        Ok(client::ClaimsDirect::new(config, transport))
    }
}

/// Parses a `/attachment/list?multi=1` response body (JSON or XML, told apart by
/// `contentType` or by sniffing) into a record keyed as the server wrote each UCID. For
/// bodies obtained outside `ClaimsDirect`, e.g. from a cache or a worker. The body's bytes
/// (a `Uint8Array`, e.g. of `response.arrayBuffer()`) are faster than its text: a string
/// has to be re-encoded on its way into wasm memory. Throws an `IpdocsError` (`parse`,
/// `service` or `invalid_input`).
#[wasm_bindgen(js_name = parseAttachmentListMany, unchecked_return_type = "Record<string, Attachment[]>")]
pub fn parse_attachment_list_many(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] body: JsValue,
    content_type: Option<String>,
) -> std::result::Result<JsValue, JsValue> {
    let body = convert::text_or_bytes("body", &body).map_err(error::to_js)?;
    let head = crate::http::ResponseHead {
        status: 200,
        content_type,
        retry_after: None,
    };
    let groups = crate::claims::list::parse_many(&head, &body).map_err(error::to_js)?;
    Ok(record(
        groups.iter().map(|g| (g.key.as_str(), &g.attachments)),
    ))
}

fn parse_ucid(value: &JsValue) -> Result<Ucid> {
    Ucid::parse(&convert::string("ucid", value)?)
}

pub(super) fn parse_ucids(value: &JsValue) -> Result<Vec<Ucid>> {
    if !js_sys::Array::is_array(value) {
        return Err(Error::invalid_input("ucids must be an array of strings"));
    }
    js_sys::Array::from(value)
        .iter()
        .map(|v| parse_ucid(&v))
        .collect()
}
