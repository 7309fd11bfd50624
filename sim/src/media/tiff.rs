//! Multi-page TIFF with CCITT Group 4 (T.6) compression, as patent offices deliver drawings.
//! The G4 coding itself is the `fax` crate's; this writes the TIFF container around it.

use super::Bitmap;
use fax::{encoder::Encoder, Color, VecWriter};

/// Encodes one page as a G4 strip.
fn g4(page: &Bitmap) -> Vec<u8> {
    let mut encoder = Encoder::new(VecWriter::new());
    for y in 0..page.height {
        let row = page
            .row(y)
            .iter()
            .map(|&black| if black { Color::Black } else { Color::White });
        encoder
            .encode_line(row, page.width)
            .expect("writing to a Vec cannot fail");
    }
    encoder
        .finish()
        .expect("writing to a Vec cannot fail")
        .finish()
}

/// A little-endian TIFF with one IFD per page: bilevel, WhiteIsZero, Compression=4,
/// one strip per page, 200 dpi, PageNumber set.
pub fn encode(pages: &[Bitmap]) -> Vec<u8> {
    let mut out = b"II*\0\0\0\0\0".to_vec();
    let mut prev_next_offset_at = 4usize;
    for (index, page) in pages.iter().enumerate() {
        let strip = g4(page);
        let strip_offset = out.len() as u32;
        out.extend_from_slice(&strip);
        if out.len() % 2 == 1 {
            out.push(0);
        }
        // Resolution rationals live before the IFD.
        let res_offset = out.len() as u32;
        for _ in 0..2 {
            out.extend_from_slice(&200u32.to_le_bytes());
            out.extend_from_slice(&1u32.to_le_bytes());
        }
        let ifd_offset = out.len() as u32;
        out[prev_next_offset_at..prev_next_offset_at + 4]
            .copy_from_slice(&ifd_offset.to_le_bytes());
        // (tag, type, count, value): type 3 = SHORT, 4 = LONG, 5 = RATIONAL.
        let entries: [(u16, u16, u32, u32); 14] = [
            (256, 4, 1, page.width as u32),
            (257, 4, 1, page.height as u32),
            (258, 3, 1, 1),
            (259, 3, 1, 4),
            (262, 3, 1, 0),
            (266, 3, 1, 1),
            (273, 4, 1, strip_offset),
            (277, 3, 1, 1),
            (278, 4, 1, page.height as u32),
            (279, 4, 1, strip.len() as u32),
            (282, 5, 1, res_offset),
            (283, 5, 1, res_offset + 8),
            (293, 4, 1, 0),
            (297, 3, 2, (index as u32) | ((pages.len() as u32) << 16)),
        ];
        out.extend_from_slice(&(entries.len() as u16 + 1).to_le_bytes());
        let mut all: Vec<(u16, u16, u32, u32)> = entries.to_vec();
        all.push((296, 3, 1, 2));
        all.sort_by_key(|e| e.0);
        for (tag, kind, count, value) in all {
            out.extend_from_slice(&tag.to_le_bytes());
            out.extend_from_slice(&kind.to_le_bytes());
            out.extend_from_slice(&count.to_le_bytes());
            out.extend_from_slice(&value.to_le_bytes());
        }
        prev_next_offset_at = out.len();
        out.extend_from_slice(&0u32.to_le_bytes());
    }
    out
}

/// `tif` (from [`encode`]) with its first page claiming `width` × `height` pixels: a damaged
/// file whose header promises far more than its strip holds (the app must refuse it, not try).
pub fn claim_size(mut tif: Vec<u8>, width: u32, height: u32) -> Vec<u8> {
    let ifd = u32::from_le_bytes([tif[4], tif[5], tif[6], tif[7]]) as usize;
    let entries = u16::from_le_bytes([tif[ifd], tif[ifd + 1]]) as usize;
    for entry in (0..entries).map(|i| ifd + 2 + i * 12) {
        let value = match u16::from_le_bytes([tif[entry], tif[entry + 1]]) {
            256 => width,
            257 | 278 => height,
            _ => continue,
        };
        tif[entry + 8..entry + 12].copy_from_slice(&value.to_le_bytes());
    }
    tif
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_and_page_chain() {
        let pages = [
            Bitmap::drawing(200, 260, 1, 7),
            Bitmap::drawing(200, 260, 2, 8),
        ];
        let tif = encode(&pages);
        assert_eq!(&tif[..4], b"II*\0");
        let mut offset = u32::from_le_bytes(tif[4..8].try_into().unwrap()) as usize;
        let mut count = 0;
        while offset != 0 {
            let n = u16::from_le_bytes(tif[offset..offset + 2].try_into().unwrap()) as usize;
            assert_eq!(n, 15);
            // Compression entry says 4 (G4).
            let has_g4 = (0..n).any(|i| {
                let e = offset + 2 + i * 12;
                tif[e..e + 2] == 259u16.to_le_bytes() && tif[e + 8..e + 10] == 4u16.to_le_bytes()
            });
            assert!(has_g4);
            offset = u32::from_le_bytes(
                tif[offset + 2 + n * 12..offset + 6 + n * 12]
                    .try_into()
                    .unwrap(),
            ) as usize;
            count += 1;
        }
        assert_eq!(count, 2);
    }

    #[test]
    fn a_claimed_size_replaces_width_height_and_rows_per_strip() {
        let tif = claim_size(encode(&[Bitmap::drawing(200, 260, 1, 7)]), 12_000, 9_000);
        let ifd = u32::from_le_bytes(tif[4..8].try_into().unwrap()) as usize;
        let value = |tag: u16| {
            (0..15)
                .map(|i| ifd + 2 + i * 12)
                .find(|&e| tif[e..e + 2] == tag.to_le_bytes())
                .map(|e| u32::from_le_bytes(tif[e + 8..e + 12].try_into().unwrap()))
        };
        assert_eq!(
            (value(256), value(257), value(278)),
            (Some(12_000), Some(9_000), Some(9_000))
        );
    }
}
