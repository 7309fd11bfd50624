//! Flow c.2 over HTTP ([`crate::links`]): WIPO's `POST requests/files/url-downloads` (under
//! the inbound prefixes, WIPO's bearer token checked there) answered with a signed link, and
//! the link itself, `GET /das-files/{token}`, served from the document source with Range
//! support. Without `--serve-documents` the first is refused and the second does not exist.

use crate::body::json_body;
use crate::documents::{DocumentKey, Format, Lookup};
use crate::refusals::refuse;
use crate::Office;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use ipdocs_core::das::inbound::Refusal;
use std::sync::Arc;

/// The document's fields from WIPO's body, read tolerantly (undocumented: any other field is
/// ignored, an ack id under any of its names included).
fn document_of(body: &[u8]) -> Result<DocumentKey, Refusal> {
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| Refusal::invalid(-1, format!("malformed JSON: {e}")))?;
    let field = |name: &str| {
        value[name]
            .as_str()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| Refusal::invalid(-2, format!("{name} is required")))
    };
    Ok(DocumentKey {
        kind: field("documentKindCategory")?,
        number: field("documentNumber")?,
        date: field("documentDate")?,
    })
}

/// This office's origin as WIPO reaches it: `--public-url`, else the request's `Host`.
fn origin(office: &Office, headers: &HeaderMap) -> String {
    match &office.public_url {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => {
            let host = headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("localhost");
            format!("http://{host}")
        }
    }
}

pub async fn url_download(State(office): State<Arc<Office>>, request: Request) -> Response {
    let (Some(links), Some(documents)) = (&office.links, &office.documents) else {
        return refuse(Refusal::new(
            404,
            "NOT_FOUND",
            -1,
            "this office does not serve documents itself (flow c.2)",
        ));
    };
    let base = origin(&office, request.headers());
    let key = match json_body(request).await.and_then(|b| document_of(&b)) {
        Ok(key) => key,
        Err(refusal) => return refuse(refusal),
    };
    match documents.lookup(&key).await {
        Lookup::Found { .. } => {
            let url = format!("{base}{}/{}", crate::links::PATH, links.sign(&key));
            Json(serde_json::json!({ "fileDownloadUrl": url })).into_response()
        }
        Lookup::Refuse { detail, .. } => refuse(Refusal::new(404, "NOT_FOUND", -7, detail)),
        Lookup::Clerk(reason) => refuse(Refusal::new(409, "CONFLICT", -1, reason)),
        Lookup::TryLater(reason) => refuse(Refusal::new(503, "SYSTEM_ERROR", -100, reason)),
    }
}

/// A signed link's document, whole or the asked range. No credential beyond the link.
pub async fn linked_file(
    State(office): State<Arc<Office>>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let (Some(links), Some(documents)) = (&office.links, &office.documents) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let key = match links.verify(&token) {
        Ok(key) => key,
        Err(why) => return refuse(Refusal::new(403, "FORBIDDEN", -1, why)),
    };
    let (bytes, format) = match documents.lookup(&key).await {
        Lookup::Found { bytes, format } => (bytes, format),
        _ => {
            return refuse(Refusal::new(
                404,
                "NOT_FOUND",
                -7,
                "the document is no longer held",
            ))
        }
    };
    let media = match format {
        Format::Pdf => "application/pdf",
        Format::Zip => "application/zip",
    };
    let len = bytes.len() as u64;
    let asked = headers.get(header::RANGE).and_then(|h| h.to_str().ok());
    let common = [
        (header::CONTENT_TYPE, media.to_owned()),
        (header::ACCEPT_RANGES, "bytes".to_owned()),
        (header::CACHE_CONTROL, "no-store".to_owned()),
    ];
    match crate::links::range(asked, len) {
        Ok(None) => (common, bytes).into_response(),
        Ok(Some((first, last))) => (
            StatusCode::PARTIAL_CONTENT,
            common,
            [(header::CONTENT_RANGE, format!("bytes {first}-{last}/{len}"))],
            bytes.slice(first as usize..=last as usize),
        )
            .into_response(),
        Err(crate::links::Unsatisfiable) => (
            StatusCode::RANGE_NOT_SATISFIABLE,
            [(header::CONTENT_RANGE, format!("bytes */{len}"))],
        )
            .into_response(),
    }
}
