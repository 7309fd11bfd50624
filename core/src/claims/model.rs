//! The attachment record, shared by the JSON and XML parsers.

use serde::{Deserialize, Deserializer, Serialize};
use ts_rs::TS;

/// The largest size JS can hold exactly (`Number.MAX_SAFE_INTEGER`); larger is malformed.
pub const MAX_SIZE: u64 = (1 << 53) - 1;

/// One attachment as listed by `/attachment/list`. `path` is opaque: pass it back unchanged
/// to `fetch`. `media` is kept byte-exact, including the documented non-standard values
/// (`application/chemexpres`, `application/mathmatica`) and unknown ones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Attachment {
    pub path: String,
    pub filename: String,
    pub media: String,
    /// The UCID and the publication date, e.g. "EP-0700000-B1-20001004".
    pub pkey: String,
    #[serde(deserialize_with = "safe_size")]
    /// Bytes (at most 2^53 − 1, so exact in JavaScript).
    #[ts(type = "number")]
    pub size: u64,
}

fn safe_size<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let size = u64::deserialize(d)?;
    if size > MAX_SIZE {
        return Err(serde::de::Error::custom(format!(
            "size {size} is larger than 2^53-1"
        )));
    }
    Ok(size)
}

/// What kind of file an attachment is, for choosing a viewer. Derived from `media`, with the
/// file extension as fallback for unknown media values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum MediaKind {
    Tiff,
    Pdf,
    Png,
    Jpeg,
    Xml,
    ChemicalExpression,
    Mathematica,
    ChemDraw,
    PostScript,
    Other,
}

impl Attachment {
    pub fn media_kind(&self) -> MediaKind {
        match self.media.trim().to_ascii_lowercase().as_str() {
            "image/tiff" | "image/tif" => MediaKind::Tiff,
            "application/pdf" => MediaKind::Pdf,
            "image/png" => MediaKind::Png,
            "image/jpeg" | "image/jpg" => MediaKind::Jpeg,
            "text/xml" | "application/xml" => MediaKind::Xml,
            "application/chemexpres" => MediaKind::ChemicalExpression,
            "application/mathmatica" => MediaKind::Mathematica,
            "application/chemdraw" => MediaKind::ChemDraw,
            "application/postscript" => MediaKind::PostScript,
            _ => MediaKind::from_extension(&self.filename),
        }
    }
}

impl MediaKind {
    fn from_extension(filename: &str) -> MediaKind {
        let ext = filename
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some("tif" | "tiff") => MediaKind::Tiff,
            Some("pdf") => MediaKind::Pdf,
            Some("png") => MediaKind::Png,
            Some("jpg" | "jpeg") => MediaKind::Jpeg,
            Some("xml") => MediaKind::Xml,
            Some("mol") => MediaKind::ChemicalExpression,
            Some("nb") => MediaKind::Mathematica,
            Some("cdx") => MediaKind::ChemDraw,
            Some("pos" | "ps") => MediaKind::PostScript,
            _ => MediaKind::Other,
        }
    }

    /// Whether browsers render it natively in an `<img>`.
    pub fn is_web_image(self) -> bool {
        matches!(self, MediaKind::Png | MediaKind::Jpeg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn att(media: &str, filename: &str) -> Attachment {
        Attachment {
            path: "/p".into(),
            filename: filename.into(),
            media: media.into(),
            pkey: "k".into(),
            size: 1,
        }
    }

    #[test]
    fn media_kind_from_documented_values_and_extension_fallback() {
        assert_eq!(att("image/tiff", "a.tif").media_kind(), MediaKind::Tiff);
        assert_eq!(
            att("application/chemexpres", "a.mol").media_kind(),
            MediaKind::ChemicalExpression
        );
        assert_eq!(
            att("application/mathmatica", "a.nb").media_kind(),
            MediaKind::Mathematica
        );
        assert_eq!(
            att("application/x-new", "a.TIFF").media_kind(),
            MediaKind::Tiff
        );
        assert_eq!(
            att("application/x-new", "noext").media_kind(),
            MediaKind::Other
        );
        assert!(MediaKind::Png.is_web_image());
        assert!(!MediaKind::Tiff.is_web_image());
    }
}
