//! Bulk downloads for a set of UCIDs, sans-IO: which calls a set needs, and the file name
//! each result is saved under, so a rerun can skip what is already saved.
//!
//! Names are fixed by the request alone (`EP-0700000-B1.zip`, `EP-0700000-B1.pdf`,
//! `EP-0700000-B1-abstract.tif`, `EP-0700000-B1-<attachment filename>`), except an abstract
//! image's extension, which follows the type the service returned.

use super::files::FileEndpoint;
use super::list::Listing;
use super::Attachment;
use crate::error::{Error, Result};
use crate::ucid::Ucid;

/// What to download for every UCID of a set.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    /// `fetchall`: every attachment as one zip.
    pub zip: bool,
    /// `pdf`: the full document.
    pub pdf: bool,
    /// `abimage`: the abstract image, in its original format.
    pub abstract_image: bool,
    /// `fetch` of each listed attachment whose media type is one of these (exact, ASCII
    /// case-insensitive); needs the set's list first.
    pub media: Vec<String>,
}

impl Selection {
    /// Reads the names used by the JS API: "zip", "pdf", "abstractImage", or a media type
    /// such as "image/tiff".
    pub fn parse<'a>(items: impl IntoIterator<Item = &'a str>) -> Result<Selection> {
        let mut selection = Selection::default();
        for item in items {
            match item.trim() {
                "zip" => selection.zip = true,
                "pdf" => selection.pdf = true,
                "abstractImage" => selection.abstract_image = true,
                media if media.contains('/') && !media.chars().any(char::is_control) => {
                    selection.media.push(media.to_ascii_lowercase())
                }
                other => {
                    return Err(Error::invalid_input(format!(
                        "what to download must be \"zip\", \"pdf\", \"abstractImage\" or a media type, got {other:?}"
                    )))
                }
            }
        }
        if selection == Selection::default() {
            return Err(Error::invalid_input("nothing selected to download"));
        }
        Ok(selection)
    }

    /// Whether a listed attachment is wanted.
    pub fn wants(&self, attachment: &Attachment) -> bool {
        self.media
            .iter()
            .any(|m| m.eq_ignore_ascii_case(attachment.media.trim()))
    }
}

/// One file to download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub ucid: Ucid,
    pub endpoint: FileEndpoint,
    /// For [`FileEndpoint::Fetch`]: the attachment's opaque path.
    pub path: Option<String>,
    /// The name it is saved under (for an abstract image, without extension: see
    /// [`Job::file_name`]).
    pub name: String,
}

impl Job {
    /// The name to save the result under, given the returned `Content-Type`.
    pub fn file_name(&self, content_type: Option<&str>) -> String {
        match self.endpoint {
            FileEndpoint::AbstractImage => {
                format!("{}.{}", self.name, extension_of(content_type.unwrap_or("")))
            }
            _ => self.name.clone(),
        }
    }
}

/// The jobs for `ucids` (de-duplicated, in order): per UCID the zip, PDF and abstract image
/// if selected, then its wanted attachments from `listed` (absent UCIDs have none).
pub fn plan(ucids: &[Ucid], selection: &Selection, listed: &[Listing]) -> Vec<Job> {
    let mut jobs = Vec::new();
    for ucid in super::list::dedupe(ucids) {
        let job = |endpoint, name: String| Job {
            ucid: ucid.clone(),
            endpoint,
            path: None,
            name,
        };
        let u = ucid.as_str();
        if selection.zip {
            jobs.push(job(FileEndpoint::FetchAll, format!("{u}.zip")));
        }
        if selection.pdf {
            jobs.push(job(FileEndpoint::Pdf, format!("{u}.pdf")));
        }
        if selection.abstract_image {
            jobs.push(job(FileEndpoint::AbstractImage, format!("{u}-abstract")));
        }
        let attachments = listed
            .iter()
            .filter(|l| l.ucid == ucid)
            .flat_map(|l| &l.attachments);
        for attachment in attachments.filter(|a| selection.wants(a)) {
            jobs.push(Job {
                path: Some(attachment.path.clone()),
                ..job(
                    FileEndpoint::Fetch,
                    format!("{u}-{}", safe_file_name(&attachment.filename)),
                )
            });
        }
    }
    jobs
}

/// The usual extension of an image or document type; `bin` for anything unknown.
pub fn extension_of(content_type: &str) -> &'static str {
    let media = content_type.split(';').next().unwrap_or("").trim();
    match media.to_ascii_lowercase().as_str() {
        "image/tiff" | "image/tif" => "tif",
        "image/png" => "png",
        "image/jpeg" | "image/jpg" => "jpg",
        "image/gif" => "gif",
        "image/svg+xml" => "svg",
        "application/pdf" => "pdf",
        "application/zip" => "zip",
        "text/xml" | "application/xml" => "xml",
        _ => "bin",
    }
}

/// A service-given file name made safe for a folder: no path separators, control or
/// reserved characters, no leading dots, at most 120 characters.
pub fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .take(120)
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.');
    if trimmed.is_empty() {
        "attachment".to_owned()
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ucid(s: &str) -> Ucid {
        Ucid::parse(s).unwrap()
    }

    fn attachment(filename: &str, media: &str) -> Attachment {
        Attachment {
            path: format!("p/{filename}"),
            filename: filename.to_owned(),
            media: media.to_owned(),
            pkey: "k".to_owned(),
            size: 1,
        }
    }

    #[test]
    fn a_plan_names_every_file_from_the_request() {
        let selection = Selection::parse(["zip", "abstractImage", "image/TIFF"]).unwrap();
        let a = ucid("EP-0700000-B1");
        let listed = vec![Listing {
            ucid: a.clone(),
            count: None,
            attachments: vec![
                attachment("img1.tif", "image/tiff"),
                attachment("doc.pdf", "application/pdf"),
                attachment("../../etc:x.tif", "image/tiff"),
            ],
        }];
        let jobs = plan(
            &[a.clone(), ucid("ep-0700000-b1"), ucid("US-5551212-A")],
            &selection,
            &listed,
        );
        let names: Vec<&str> = jobs.iter().map(|j| j.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "EP-0700000-B1.zip",
                "EP-0700000-B1-abstract",
                "EP-0700000-B1-img1.tif",
                "EP-0700000-B1-_.._etc_x.tif",
                "US-5551212-A.zip",
                "US-5551212-A-abstract",
            ]
        );
        assert_eq!(jobs[2].path.as_deref(), Some("p/img1.tif"));
        assert_eq!(
            jobs[1].file_name(Some("image/tiff")),
            "EP-0700000-B1-abstract.tif"
        );
        assert_eq!(
            jobs[1].file_name(Some("image/png; q=1")),
            "EP-0700000-B1-abstract.png"
        );
        assert_eq!(jobs[1].file_name(None), "EP-0700000-B1-abstract.bin");
        assert_eq!(jobs[0].file_name(Some("image/png")), "EP-0700000-B1.zip");
    }

    #[test]
    fn selections_are_checked() {
        assert!(Selection::parse([]).is_err());
        assert!(Selection::parse(["zips"]).is_err());
        assert!(Selection::parse(["image/\u{0}"]).is_err());
        assert_eq!(
            Selection::parse(["pdf"]).unwrap(),
            Selection {
                pdf: true,
                ..Selection::default()
            }
        );
    }

    #[test]
    fn odd_names_become_safe() {
        assert_eq!(safe_file_name(".."), "attachment");
        assert_eq!(safe_file_name(" a\u{7}b "), "a_b");
        assert_eq!(safe_file_name(&"x".repeat(500)).len(), 120);
    }
}
