//! The XML form of `/attachment/list`, read with quick-xml (no DOM, no DTD, no entity
//! expansion beyond the five predefined ones and character references).
//!
//! Single: `<response status=…><attachments><attachment path=… …/></attachments></response>`.
//! Multi (seed 004): `<response …><attachment-listing ucid-count=…><attachments ucid=… count=…>
//! <attachment …/></attachments></attachment-listing></response>`.
//! Failure: `status="failed|error"` with the message as a `message` attribute or element.

use super::list::ServerGroup;
use super::model::{Attachment, MAX_SIZE};
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

/// What an XML list response says. `flat` is the single-UCID list; `groups` the per-UCID ones.
#[derive(Debug, Default)]
pub struct ListDocument {
    pub status: Option<String>,
    pub message: Option<String>,
    pub flat: Option<Vec<Attachment>>,
    pub groups: Vec<ServerGroup>,
}

/// Where `<attachment>` elements currently go.
enum Target {
    None,
    Flat,
    Group,
}

/// Parses a list response; the error string says what was wrong and where.
pub fn parse(body: &str) -> Result<ListDocument, String> {
    // Text is not trimmed: `<message>a &amp; b</message>` arrives as three events whose
    // spaces matter; whitespace between elements is simply ignored below.
    let mut reader = Reader::from_str(body);
    let mut doc = ListDocument::default();
    let mut seen_root = false;
    let mut depth = 0usize;
    let mut target = Target::None;
    let mut in_message = false;
    let mut message_text = String::new();

    loop {
        let at = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| format!("malformed XML at byte {at}: {e}"))?;
        match event {
            Event::DocType(_) => {
                return Err("XML with a DTD is refused (entity expansion risk)".into());
            }
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_empty = matches!(event, Event::Empty(_));
                let local = e.local_name();
                let name: &str = local.as_ref();
                if !seen_root {
                    if name != "response" {
                        return Err(format!(
                            "expected a <response> root element, found <{name}>"
                        ));
                    }
                    seen_root = true;
                    for (key, value) in attributes(e)? {
                        match key.as_str() {
                            "status" => doc.status = Some(value),
                            "message" => doc.message = Some(value),
                            _ => {}
                        }
                    }
                } else {
                    match name {
                        "attachments" => {
                            let attrs = attributes(e)?;
                            let value =
                                |name: &str| attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v);
                            target = match value("ucid") {
                                Some(ucid) => {
                                    doc.groups.push(ServerGroup {
                                        key: ucid.clone(),
                                        count: value("count").and_then(|c| c.trim().parse().ok()),
                                        attachments: Vec::new(),
                                    });
                                    Target::Group
                                }
                                None => {
                                    doc.flat.get_or_insert_with(Vec::new);
                                    Target::Flat
                                }
                            };
                            if is_empty {
                                target = Target::None;
                            }
                        }
                        "attachment" => {
                            let attachment = attachment(e)?;
                            match target {
                                Target::Flat => {
                                    doc.flat.get_or_insert_with(Vec::new).push(attachment)
                                }
                                Target::Group => {
                                    if let Some(group) = doc.groups.last_mut() {
                                        group.attachments.push(attachment);
                                    }
                                }
                                Target::None => {
                                    return Err(
                                        "<attachment> outside an <attachments> element".into()
                                    )
                                }
                            }
                        }
                        "message" if !is_empty => in_message = true,
                        _ => {}
                    }
                }
                if !is_empty {
                    depth += 1;
                }
            }
            Event::End(ref e) => {
                depth = depth.saturating_sub(1);
                match AsRef::<str>::as_ref(&e.local_name()) {
                    "attachments" => target = Target::None,
                    "message" => {
                        in_message = false;
                        doc.message = Some(std::mem::take(&mut message_text).trim().to_owned());
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_message => {
                message_text.push_str(&t.xml_content(XmlVersion::Implicit1_0))
            }
            Event::GeneralRef(r) if in_message => {
                let name: &str = r.as_ref();
                match r.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => message_text.push(c),
                    None => match quick_xml::escape::resolve_predefined_entity(name) {
                        Some(s) => message_text.push_str(s),
                        None => return Err(format!("unknown entity &{name}; in <message>")),
                    },
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_root {
        return Err("no XML element found".into());
    }
    if depth != 0 {
        return Err("XML ends before its elements are closed (truncated?)".into());
    }
    Ok(doc)
}

/// All attributes of an element, unescaped. Unknown entities and bad UTF-8 are errors.
fn attributes(e: &BytesStart) -> Result<Vec<(String, String)>, String> {
    e.attributes()
        .map(|a| {
            let a = a.map_err(|err| format!("malformed attribute: {err}"))?;
            let key = AsRef::<str>::as_ref(&a.key.local_name()).to_owned();
            let value = a
                .normalized_value(XmlVersion::Implicit1_0)
                .map_err(|err| format!("bad value of attribute {key:?}: {err}"))?
                .into_owned();
            Ok((key, value))
        })
        .collect()
}

fn attachment(e: &BytesStart) -> Result<Attachment, String> {
    let (mut path, mut filename, mut media, mut pkey, mut size) = (None, None, None, None, None);
    for (key, value) in attributes(e)? {
        match key.as_str() {
            "path" => path = Some(value),
            "filename" => filename = Some(value),
            "media" => media = Some(value),
            "pkey" => pkey = Some(value),
            "size" => {
                let n: u64 = value
                    .trim()
                    .parse()
                    .map_err(|_| format!("attachment size {value:?} is not a whole number"))?;
                if n > MAX_SIZE {
                    return Err(format!("attachment size {n} is larger than 2^53-1"));
                }
                size = Some(n);
            }
            _ => {}
        }
    }
    let missing = |what: &str| format!("<attachment> lacks its {what} attribute");
    Ok(Attachment {
        path: path.ok_or_else(|| missing("path"))?,
        filename: filename.ok_or_else(|| missing("filename"))?,
        media: media.ok_or_else(|| missing("media"))?,
        pkey: pkey.ok_or_else(|| missing("pkey"))?,
        size: size.ok_or_else(|| missing("size"))?,
    })
}
