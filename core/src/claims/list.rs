//! `GET /attachment/list?ucid=…[&multi=1]`
//!
//! Single UCID: `{status, time, count, attachments: [..]}`, or **204 No Content** when the
//! UCID has none. Several UCIDs (`multi=1`, comma-separated, at most [`BATCH_LIMIT`]):
//! `{ucid_count | count, status, time, attachments: [{"UCID": {count, attachments}}, ..]}`.
//! XML mirrors both (see [`super::xml`]). Parsers accept JSON or XML whatever was asked.

use super::envelope::{self, BodyFormat};
use super::model::Attachment;
use super::{xml, ClaimsConfig};
use crate::error::{Error, Result};
use crate::http::{HttpRequest, ResponseHead};
use crate::ucid::Ucid;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;
use ts_rs::TS;

/// One UCID's attachments, keyed as the server wrote the UCID.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServerGroup {
    pub key: String,
    /// The service's stored total for the UCID, which may exceed what it listed.
    pub count: Option<u64>,
    pub attachments: Vec<Attachment>,
}

/// One requested UCID's attachments, matched to the request. Serialised as
/// `{ucid, count?, attachments}` (the JS `Listing`, and the app's export).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, TS)]
#[ts(optional_fields)]
pub struct Listing {
    #[serde(serialize_with = "ucid_text")]
    #[ts(type = "string")]
    pub ucid: Ucid,
    /// The service's stored total, when it gave one; more than `attachments.length` means the
    /// service holds attachments it did not list.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(as = "Option<f64>")]
    pub count: Option<u64>,
    pub attachments: Vec<Attachment>,
}

fn ucid_text<S: serde::Serializer>(ucid: &Ucid, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(ucid.as_str())
}

impl Listing {
    /// Whether the service says it holds more than it listed.
    pub fn is_incomplete(&self) -> bool {
        self.count
            .is_some_and(|c| c > self.attachments.len() as u64)
    }
}

/// UCIDs per `multi=1` request: the current attachments page says 100 per batch (an older
/// FAQ suggests ~500; the lower figure is the safe one).
pub const BATCH_LIMIT: usize = 100;

const PATH: &str = "/attachment/list";

/// The list request for one UCID.
pub fn request(config: &ClaimsConfig, ucid: &Ucid) -> HttpRequest {
    config
        .get(PATH, &[("ucid", ucid.as_str())])
        .header("accept", config.format().accept())
}

/// The `multi=1` request for one batch (1..=[`BATCH_LIMIT`] UCIDs).
pub fn request_many(config: &ClaimsConfig, batch: &[Ucid]) -> Result<HttpRequest> {
    if batch.is_empty() || batch.len() > BATCH_LIMIT {
        return Err(Error::invalid_input(format!(
            "a batch holds 1 to {BATCH_LIMIT} UCIDs, got {}",
            batch.len()
        )));
    }
    let joined = batch.iter().map(Ucid::as_str).collect::<Vec<_>>().join(",");
    Ok(config
        .get(PATH, &[("ucid", &joined), ("multi", "1")])
        .header("accept", config.format().accept()))
}

/// Drops repeated UCIDs, keeping first-seen order.
pub fn dedupe(ucids: &[Ucid]) -> Vec<Ucid> {
    let mut seen = std::collections::HashSet::with_capacity(ucids.len());
    ucids.iter().filter(|u| seen.insert(*u)).cloned().collect()
}

/// Splits de-duplicated UCIDs into request batches.
pub fn batches(ucids: &[Ucid]) -> std::slice::Chunks<'_, Ucid> {
    ucids.chunks(BATCH_LIMIT)
}

/// Parses a single-UCID response. 204 means "no attachments".
pub fn parse(head: &ResponseHead, body: &str) -> Result<Vec<Attachment>> {
    if head.status == 204 {
        return Ok(Vec::new());
    }
    let ct = head.content_type.as_deref();
    match envelope::detect(ct, body)? {
        BodyFormat::Json => {
            let env: Envelope<Option<Vec<Attachment>>> = json_envelope(ct, body)?;
            Ok(env.attachments.flatten().unwrap_or_default())
        }
        BodyFormat::Xml => {
            let doc = xml::parse(body).map_err(|m| Error::parse(m, ct, body))?;
            envelope::check_status(doc.status.as_deref(), doc.message.as_deref(), ct, body)?;
            // A server answering a single request in the grouped layout is still understood.
            Ok(match doc.flat {
                Some(list) => list,
                None => doc.groups.into_iter().flat_map(|g| g.attachments).collect(),
            })
        }
    }
}

/// Parses a `multi=1` response into `(ucid as the server wrote it, attachments)` groups.
pub fn parse_many(head: &ResponseHead, body: &str) -> Result<Vec<ServerGroup>> {
    if head.status == 204 {
        return Ok(Vec::new());
    }
    let ct = head.content_type.as_deref();
    match envelope::detect(ct, body)? {
        BodyFormat::Json => {
            let env: Envelope<Groups> = json_envelope(ct, body)?;
            Ok(env.attachments.map(|g| g.0).unwrap_or_default())
        }
        BodyFormat::Xml => {
            let doc = xml::parse(body).map_err(|m| Error::parse(m, ct, body))?;
            envelope::check_status(doc.status.as_deref(), doc.message.as_deref(), ct, body)?;
            Ok(doc.groups)
        }
    }
}

/// Puts batch results back in request order. Every requested UCID gets an entry; one the
/// service left out (or answered with `count: 0`) maps to an empty list. Server keys are
/// matched after normalisation, so `ep-700000-b1` in a response still lands.
pub fn merge(requested: &[Ucid], groups: impl IntoIterator<Item = ServerGroup>) -> Vec<Listing> {
    let mut by_ucid: std::collections::HashMap<Ucid, (Option<u64>, Vec<Attachment>)> =
        std::collections::HashMap::new();
    for group in groups {
        if let Ok(ucid) = Ucid::parse(&group.key) {
            let (count, list) = by_ucid.entry(ucid).or_default();
            *count = (*count).max(group.count);
            list.extend(group.attachments);
        }
    }
    requested
        .iter()
        .map(|u| {
            let (count, attachments) = by_ucid.remove(u).unwrap_or_default();
            Listing {
                ucid: u.clone(),
                count,
                attachments,
            }
        })
        .collect()
}

/// The top level of a JSON list response, read in one pass with its payload `P`.
#[derive(Deserialize)]
struct Envelope<'a, P> {
    #[serde(borrow, default)]
    status: Option<Cow<'a, str>>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default = "none")]
    attachments: Option<P>,
}

fn none<P>() -> Option<P> {
    None
}

/// Parses the envelope and its payload in one pass. Only if that fails is the body read
/// again for its `status` alone, so a failure envelope whose payload is malformed is still
/// reported as the service's failure, not as a parse error.
fn json_envelope<'a, P: Deserialize<'a>>(
    ct: Option<&str>,
    body: &'a str,
) -> Result<Envelope<'a, P>> {
    // serde would also read a struct from a JSON array; the envelope is always an object.
    if !body
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
    {
        return Err(Error::parse(
            "expected a JSON object as the response envelope",
            ct,
            body,
        ));
    }
    match serde_json::from_str::<Envelope<P>>(body) {
        Ok(env) => {
            envelope::check_status(env.status.as_deref(), env.message.as_deref(), ct, body)?;
            Ok(env)
        }
        Err(e) => {
            envelope::check_json_envelope(ct, body)?;
            Err(json_error(e, ct, body))
        }
    }
}

fn json_error(e: serde_json::Error, ct: Option<&str>, body: &str) -> Error {
    Error::parse(format!("malformed attachment list JSON: {e}"), ct, body)
}

/// The `multi=1` payload: documented as an array of single-key objects
/// `[{"UCID": {count, attachments}}, ..]`; a plain object `{"UCID": {..}, ..}` is accepted too.
struct Groups(Vec<ServerGroup>);

#[derive(Deserialize)]
struct Group {
    #[serde(default, deserialize_with = "crate::das::lenient::opt_u64")]
    count: Option<u64>,
    #[serde(default)]
    attachments: Option<Vec<Attachment>>,
}

impl<'de> Deserialize<'de> for Groups {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Groups, D::Error> {
        d.deserialize_any(GroupsVisitor)
    }
}

struct GroupsVisitor;

impl<'de> Visitor<'de> for GroupsVisitor {
    type Value = Groups;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of {UCID: {count, attachments}} objects, or one such object")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Groups, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(Groups(mut entries)) = seq.next_element::<Groups>()? {
            out.append(&mut entries);
        }
        Ok(Groups(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Groups, A::Error> {
        let mut out = Vec::new();
        while let Some((key, group)) = map.next_entry::<String, Group>()? {
            out.push(ServerGroup {
                key,
                count: group.count,
                attachments: group.attachments.unwrap_or_default(),
            });
        }
        Ok(Groups(out))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Groups, E> {
        Ok(Groups(Vec::new()))
    }
}

#[cfg(test)]
mod tests;
