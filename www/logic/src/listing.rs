//! The attachment list as the page shows it: each UCID's heading followed by its
//! attachments, flattened into rows for a virtualised list, and what is made of those rows
//! (the set's listings again, its media types, a filtered view, the CSV export), and the
//! UCIDs read from pasted text.

use ipdocs_core::claims::list::Listing;
use ipdocs_core::claims::Attachment;
use ipdocs_core::Ucid;
use std::collections::HashSet;

/// One line of the flattened result list: a UCID heading, or one of its attachments.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    Group {
        ucid: String,
        count: usize,
        /// The service's stored total, when it differs from what it listed.
        stored: Option<u64>,
    },
    Item {
        ucid: String,
        attachment: Attachment,
    },
}

/// Builds the list rows: each UCID in request order, then its attachments.
pub fn flatten(listings: Vec<Listing>) -> Vec<Row> {
    let mut rows = Vec::with_capacity(listings.iter().map(|l| l.attachments.len() + 1).sum());
    for listing in listings {
        let ucid = listing.ucid.as_str().to_owned();
        rows.push(Row::Group {
            ucid: ucid.clone(),
            count: listing.attachments.len(),
            stored: listing.count,
        });
        rows.extend(listing.attachments.into_iter().map(|attachment| Row::Item {
            ucid: ucid.clone(),
            attachment,
        }));
    }
    rows
}

/// The listings behind the rows, rebuilt from them.
pub fn listings(rows: &[Row]) -> Vec<Listing> {
    let mut out: Vec<Listing> = Vec::new();
    for row in rows {
        match row {
            Row::Group { ucid, stored, .. } => {
                if let Ok(ucid) = Ucid::parse(ucid) {
                    out.push(Listing {
                        ucid,
                        count: *stored,
                        attachments: Vec::new(),
                    });
                }
            }
            Row::Item { attachment, .. } => {
                if let Some(last) = out.last_mut() {
                    last.attachments.push(attachment.clone());
                }
            }
        }
    }
    out
}

/// The distinct media types of the listed attachments, sorted.
pub fn media_types(rows: &[Row]) -> Vec<String> {
    let mut media: Vec<String> = rows
        .iter()
        .filter_map(|r| match r {
            Row::Item { attachment, .. } => Some(attachment.media.clone()),
            Row::Group { .. } => None,
        })
        .collect();
    media.sort();
    media.dedup();
    media
}

/// Rows whose attachment has `media` (all when empty); UCID headings stay.
pub fn filtered(rows: &[Row], media: &str) -> Vec<Row> {
    rows.iter()
        .filter(|r| match r {
            Row::Item { attachment, .. } => media.is_empty() || attachment.media == media,
            Row::Group { .. } => true,
        })
        .cloned()
        .collect()
}

/// The column the attachments of each UCID are sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// As the service listed them.
    #[default]
    Listed,
    FileName,
    Media,
    Size,
}

/// Rows with each UCID's attachments sorted by `key` (descending when `descending`); the
/// UCIDs stay in the order asked for, each heading above its own attachments.
pub fn sorted(rows: &[Row], key: SortKey, descending: bool) -> Vec<Row> {
    let mut out = Vec::with_capacity(rows.len());
    let mut group: Vec<Row> = Vec::new();
    let flush = |group: &mut Vec<Row>, out: &mut Vec<Row>| {
        group.sort_by(|a, b| {
            let (Row::Item { attachment: a, .. }, Row::Item { attachment: b, .. }) = (a, b) else {
                return std::cmp::Ordering::Equal;
            };
            let order = match key {
                SortKey::Listed => std::cmp::Ordering::Equal,
                SortKey::FileName => a.filename.to_lowercase().cmp(&b.filename.to_lowercase()),
                SortKey::Media => a.media.cmp(&b.media),
                SortKey::Size => a.size.cmp(&b.size),
            };
            if descending {
                order.reverse()
            } else {
                order
            }
        });
        out.append(group);
    };
    for row in rows {
        match row {
            Row::Group { .. } => {
                flush(&mut group, &mut out);
                out.push(row.clone());
            }
            Row::Item { .. } => group.push(row.clone()),
        }
    }
    flush(&mut group, &mut out);
    out
}

/// The attachments as CSV (`ucid,filename,media,size,pkey,path`, CRLF): text quoted, so a
/// spreadsheet keeps it as text, and the size a number.
pub fn csv(rows: &[Row]) -> String {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::NonNumeric)
        .from_writer(b"ucid,filename,media,size,pkey,path\r\n".to_vec());
    // Writing to memory cannot fail.
    let mut write = |record: [&str; 6]| out.write_record(record);
    for row in rows {
        if let Row::Item { ucid, attachment } = row {
            let size = attachment.size.to_string();
            let a = attachment;
            let _ = write([ucid, &a.filename, &a.media, &size, &a.pkey, &a.path]);
        }
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// How many of a UCID's attachments were listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listed {
    /// Every one the service holds (or it did not say how many it holds).
    All(usize),
    /// Fewer than the service holds: `count` of `total`.
    Some { count: usize, total: u64 },
}

/// "3 attachments", or "3 of 5 stored attachments listed" when the service holds more.
pub fn listed(count: usize, stored: Option<u64>) -> Listed {
    match stored {
        Some(total) if total > count as u64 => Listed::Some { count, total },
        _ => Listed::All(count),
    }
}

/// Splits pasted text on any separators; returns the UCIDs (deduplicated, in order) and the
/// pieces that are not UCIDs, so one typo does not void a long paste.
pub fn parse_pasted(text: &str) -> (Vec<Ucid>, Vec<String>) {
    let mut seen = HashSet::new();
    let mut ucids = Vec::new();
    let mut rejected = Vec::new();
    for token in text
        .split(|c: char| c == ',' || c == ';' || c == '|' || c.is_whitespace())
        .filter(|t| !t.is_empty())
    {
        match Ucid::parse(token) {
            Ok(u) if seen.insert(u.clone()) => ucids.push(u),
            Ok(_) => {}
            Err(_) => rejected.push(token.to_owned()),
        }
    }
    (ucids, rejected)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sorting_keeps_each_ucid_above_its_own_attachments() {
        let item = |ucid: &str, name: &str, size: u64| Row::Item {
            ucid: ucid.into(),
            attachment: Attachment {
                path: name.into(),
                filename: name.into(),
                media: "image/tiff".into(),
                pkey: String::new(),
                size,
            },
        };
        let group = |ucid: &str| Row::Group {
            ucid: ucid.into(),
            count: 2,
            stored: None,
        };
        let rows = vec![
            group("B"),
            item("B", "b2", 5),
            item("B", "B1", 9),
            group("A"),
            item("A", "a2", 1),
            item("A", "a1", 3),
        ];
        let names = |rows: &[Row]| {
            rows.iter()
                .map(|r| match r {
                    Row::Group { ucid, .. } => format!("#{ucid}"),
                    Row::Item { attachment, .. } => attachment.filename.clone(),
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(&sorted(&rows, SortKey::FileName, false)),
            ["#B", "B1", "b2", "#A", "a1", "a2"]
        );
        assert_eq!(
            names(&sorted(&rows, SortKey::Size, true)),
            ["#B", "B1", "b2", "#A", "a1", "a2"]
        );
        assert_eq!(sorted(&rows, SortKey::Listed, false), rows);
    }

    use super::*;

    fn attachment(media: &str, filename: &str) -> Attachment {
        serde_json::from_value(serde_json::json!({
            "path": format!("/EP/{filename}"), "filename": filename, "media": media,
            "pkey": "EP-0700000-A2-19960306", "size": 10
        }))
        .unwrap()
    }

    fn listing(ucid: &str, count: Option<u64>, attachments: Vec<Attachment>) -> Listing {
        Listing {
            ucid: Ucid::parse(ucid).unwrap(),
            count,
            attachments,
        }
    }

    #[test]
    fn rows_flatten_in_request_order_and_give_the_listings_back() {
        let input = vec![
            listing(
                "EP-0700000-A2",
                Some(5),
                vec![
                    attachment("image/tiff", "a.tif"),
                    attachment("application/pdf", "b.pdf"),
                ],
            ),
            listing("GB-2999999-A", None, vec![]),
        ];
        let rows = flatten(input.clone());
        assert_eq!(rows.len(), 4);
        assert!(matches!(
            &rows[0],
            Row::Group {
                count: 2,
                stored: Some(5),
                ..
            }
        ));
        assert!(matches!(&rows[3], Row::Group { count: 0, .. }));
        assert_eq!(listings(&rows), input);
        assert_eq!(media_types(&rows), ["application/pdf", "image/tiff"]);
        let pdfs = filtered(&rows, "application/pdf");
        assert_eq!(pdfs.len(), 3, "both headings and the one PDF");
        assert_eq!(filtered(&rows, "").len(), 4);
    }

    #[test]
    fn the_csv_quotes_text_and_not_sizes() {
        let rows = flatten(vec![listing(
            "EP-0700000-A2",
            None,
            vec![attachment("image/tiff", "a, \"b\".tif")],
        )]);
        let csv = csv(&rows);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "ucid,filename,media,size,pkey,path");
        assert_eq!(
            lines[1],
            r#""EP-0700000-A2","a, ""b"".tif","image/tiff",10,"EP-0700000-A2-19960306","/EP/a, ""b"".tif""#
        );
        assert_eq!(lines.len(), 3, "ends with a line break");
    }

    #[test]
    fn labels_say_when_the_service_holds_more() {
        assert_eq!(listed(1, None), Listed::All(1));
        assert_eq!(listed(3, Some(3)), Listed::All(3));
        assert_eq!(listed(3, Some(5)), Listed::Some { count: 3, total: 5 });
    }

    #[test]
    fn pasted_text_keeps_good_ucids_once_and_names_the_rest() {
        let (ucids, rejected) =
            parse_pasted("EP-0700000-A2, ep-0700000-a2;US-5551212-A\n\tnot a ucid | GB-2999999-A");
        let ucids: Vec<&str> = ucids.iter().map(Ucid::as_str).collect();
        assert_eq!(ucids, ["EP-0700000-A2", "US-5551212-A", "GB-2999999-A"]);
        assert_eq!(rejected, ["not", "a", "ucid"]);
        assert_eq!(parse_pasted(" ,;| ").0.len(), 0);
    }
}
