//! CLAIMS Direct response bodies in JSON and XML, shaped as the seed documents them.
//! The simulator's choices where the docs are silent: the failure envelope uses
//! `status: "failed"` (the documented value) with `message`; the multi-UCID JSON uses
//! `ucid_count`; multi XML follows seed 004 (`attachment-listing` / `attachments ucid=…`).

use super::corpus::Listed;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

impl Format {
    /// `Accept` first, then the `content-type` query parameter, else JSON (notes §4).
    pub fn choose(accept: Option<&str>, content_type_param: Option<&str>) -> Format {
        let pick = |v: &str| {
            let v = v.to_ascii_lowercase();
            if v.contains("xml") {
                Some(Format::Xml)
            } else if v.contains("json") {
                Some(Format::Json)
            } else {
                None
            }
        };
        accept
            .and_then(pick)
            .or_else(|| content_type_param.and_then(pick))
            .unwrap_or(Format::Json)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json; charset=utf-8",
            Format::Xml => "text/xml; charset=utf-8",
        }
    }
}

#[derive(Serialize)]
struct JsonAttachment<'a> {
    path: &'a str,
    filename: &'a str,
    media: &'a str,
    pkey: &'a str,
    size: u64,
}

fn json_list<'a>(pkey: &'a str, list: &'a [Listed]) -> Vec<JsonAttachment<'a>> {
    list.iter()
        .map(|a| JsonAttachment {
            path: &a.path,
            filename: &a.filename,
            media: a.media,
            pkey,
            size: a.size,
        })
        .collect()
}

fn time(seconds: f64) -> String {
    format!("{seconds:.6}")
}

/// `stored`: the total the service holds, which the docs' own example shows larger than the
/// list (`count: 6` beside one attachment).
pub fn single(format: Format, pkey: &str, list: &[Listed], stored: usize, seconds: f64) -> String {
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Body<'a> {
                status: &'a str,
                time: String,
                count: usize,
                attachments: Vec<JsonAttachment<'a>>,
            }
            serde_json::to_string_pretty(&Body {
                status: "success",
                time: time(seconds),
                count: stored,
                attachments: json_list(pkey, list),
            })
            .expect("serialising plain structs")
        }
        Format::Xml => {
            let mut out = format!(
                "<?xml version=\"1.0\"?>\n<response method=\"attachment/list\" status=\"success\" time=\"{}\">\n  <attachments>\n",
                time(seconds)
            );
            for a in list {
                out += &xml_attachment(pkey, a);
            }
            out += "  </attachments>\n</response>\n";
            out
        }
    }
}

/// `groups`: (ucid as requested, pkey, attachments listed, stored count) in request order.
pub fn multi(
    format: Format,
    groups: &[(String, String, &[Listed], usize)],
    seconds: f64,
) -> String {
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Group<'a> {
                count: usize,
                attachments: Vec<JsonAttachment<'a>>,
            }
            #[derive(Serialize)]
            struct Body<'a> {
                ucid_count: usize,
                status: &'a str,
                time: String,
                attachments: Vec<std::collections::BTreeMap<&'a str, Group<'a>>>,
            }
            let attachments = groups
                .iter()
                .map(|(ucid, pkey, list, stored)| {
                    std::iter::once((
                        ucid.as_str(),
                        Group {
                            count: *stored,
                            attachments: json_list(pkey, list),
                        },
                    ))
                    .collect()
                })
                .collect();
            serde_json::to_string(&Body {
                ucid_count: groups.len(),
                status: "success",
                time: time(seconds),
                attachments,
            })
            .expect("serialising plain structs")
        }
        Format::Xml => {
            let mut out = format!(
                "<?xml version=\"1.0\"?>\n<response method=\"attachment/list\" time=\"{}\" status=\"success\">\n  <attachment-listing ucid-count=\"{}\">\n",
                time(seconds),
                groups.len()
            );
            for (ucid, pkey, list, stored) in groups {
                out += &format!(
                    "    <attachments ucid=\"{}\" count=\"{}\">\n",
                    escape(ucid),
                    stored
                );
                for a in *list {
                    out += &xml_attachment(pkey, a);
                }
                out += "    </attachments>\n";
            }
            out += "  </attachment-listing>\n</response>\n";
            out
        }
    }
}

/// The failure envelope.
pub fn failure(format: Format, method: &str, message: &str) -> String {
    match format {
        Format::Json => serde_json::json!({"status": "failed", "message": message, "time": "0.000100"}).to_string(),
        Format::Xml => format!(
            "<?xml version=\"1.0\"?>\n<response method=\"{}\" status=\"failed\" time=\"0.000100\" message=\"{}\"/>\n",
            escape(method),
            escape(message)
        ),
    }
}

fn xml_attachment(pkey: &str, a: &Listed) -> String {
    format!(
        "      <attachment filename=\"{}\" media=\"{}\" path=\"{}\" pkey=\"{}\" size=\"{}\"/>\n",
        escape(&a.filename),
        escape(a.media),
        escape(&a.path),
        escape(pkey),
        a.size
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}
