//! TIFF pages (multi-page CCITT Group 4 patent drawings, and the grey/RGB TIFFs that also
//! occur) decoded into RGBA pixels for a canvas. Pages are decoded one at a time,
//! on demand: a 300 dpi A4 page is 33 MB of RGBA, a whole document would not fit.

use std::io::Cursor;
use tiff::decoder::{Decoder, DecodingResult, Limits};
use tiff::ColorType;

/// One decoded page, ready for `ImageData`.
pub struct Page {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

/// Pixels accepted per page (about 9,000 × 9,000): patent drawings are far smaller, and a
/// hostile file must not exhaust memory.
const MAX_PIXELS: u64 = 80_000_000;

fn decoder(bytes: &[u8]) -> Result<Decoder<Cursor<&[u8]>>, String> {
    let mut limits = Limits::default();
    limits.decoding_buffer_size = 4 * MAX_PIXELS as usize;
    Decoder::new(Cursor::new(bytes))
        .map(|d| d.with_limits(limits))
        .map_err(|e| format!("not a readable TIFF: {e}"))
}

/// The number of pages (image directories), each checked to have a size that can be shown.
pub fn page_count(bytes: &[u8]) -> Result<usize, String> {
    let mut decoder = decoder(bytes)?;
    let mut pages = 1;
    check_size(&mut decoder, 0)?;
    while decoder.more_images() {
        decoder
            .next_image()
            .map_err(|e| format!("page {}: {e}", pages + 1))?;
        check_size(&mut decoder, pages)?;
        pages += 1;
    }
    Ok(pages)
}

/// The current page's size, refused when empty or over [`MAX_PIXELS`].
fn check_size(decoder: &mut Decoder<Cursor<&[u8]>>, index: usize) -> Result<(u32, u32), String> {
    let (width, height) = decoder
        .dimensions()
        .map_err(|e| format!("page {}: {e}", index + 1))?;
    if width == 0 || height == 0 || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(format!(
            "page {}: unsupported size {width} × {height}",
            index + 1
        ));
    }
    Ok((width, height))
}

/// Page `index` (0-based) scaled down so that neither side exceeds `max_side` (`None`:
/// full size). Scaling averages the source pixels, so thin drawing lines stay visible.
pub fn decode_page(bytes: &[u8], index: usize, max_side: Option<u32>) -> Result<Page, String> {
    let mut decoder = decoder(bytes)?;
    decoder
        .seek_to_image(index)
        .map_err(|e| format!("page {}: {e}", index + 1))?;
    let (width, height) = check_size(&mut decoder, index)?;
    let color = decoder.colortype().map_err(|e| e.to_string())?;
    let pixels = decoder
        .read_image()
        .map_err(|e| format!("page {}: {e}", index + 1))?;
    let DecodingResult::U8(data) = pixels else {
        return Err(format!(
            "page {}: {color:?} samples are not supported",
            index + 1
        ));
    };
    let source = Source::new(color, &data, width)
        .ok_or_else(|| format!("page {}: colour type {color:?} is not supported", index + 1))?;
    let scale = max_side.map_or(1, |side| width.max(height).div_ceil(side).max(1));
    Ok(source.scaled(width, height, scale))
}

/// Read access to one decoded page's samples, whatever their layout.
struct Source<'a> {
    data: &'a [u8],
    /// Bytes per row (1-bit rows are padded to whole bytes).
    stride: usize,
    layout: Layout,
}

enum Layout {
    /// 1 bit per pixel, 1 = white (the decoder has already turned WhiteIsZero around).
    Bilevel,
    Gray,
    Rgb,
    Rgba,
}

impl<'a> Source<'a> {
    fn new(color: ColorType, data: &'a [u8], width: u32) -> Option<Source<'a>> {
        let width = width as usize;
        let (layout, stride) = match color {
            ColorType::Gray(1) => (Layout::Bilevel, width.div_ceil(8)),
            ColorType::Gray(8) => (Layout::Gray, width),
            ColorType::RGB(8) => (Layout::Rgb, width * 3),
            ColorType::RGBA(8) => (Layout::Rgba, width * 4),
            _ => return None,
        };
        Some(Source {
            data,
            stride,
            layout,
        })
    }

    /// The grey level or colour of one pixel as RGB (out-of-range reads are white).
    fn rgb(&self, x: usize, y: usize) -> [u32; 3] {
        let row = y * self.stride;
        let at = |i: usize| u32::from(self.data.get(row + i).copied().unwrap_or(255));
        match self.layout {
            Layout::Bilevel => {
                let bit = (at(x / 8) >> (7 - x % 8)) & 1;
                let v = bit * 255;
                [v, v, v]
            }
            Layout::Gray => {
                let v = at(x);
                [v, v, v]
            }
            Layout::Rgb => [at(3 * x), at(3 * x + 1), at(3 * x + 2)],
            Layout::Rgba => [at(4 * x), at(4 * x + 1), at(4 * x + 2)],
        }
    }

    /// RGBA at 1/`scale` of the size, each output pixel the mean of a `scale`² box.
    fn scaled(&self, width: u32, height: u32, scale: u32) -> Page {
        let (w, h) = (width.div_ceil(scale), height.div_ceil(scale));
        let (width, height, s) = (width as usize, height as usize, scale as usize);
        let mut rgba = Vec::with_capacity(w as usize * h as usize * 4);
        for oy in 0..h as usize {
            for ox in 0..w as usize {
                let mut sum = [0u32; 3];
                let mut n = 0;
                for y in oy * s..((oy + 1) * s).min(height) {
                    for x in ox * s..((ox + 1) * s).min(width) {
                        let p = self.rgb(x, y);
                        sum = [sum[0] + p[0], sum[1] + p[1], sum[2] + p[2]];
                        n += 1;
                    }
                }
                let n = n.max(1);
                rgba.extend_from_slice(&[
                    (sum[0] / n) as u8,
                    (sum[1] / n) as u8,
                    (sum[2] / n) as u8,
                    255,
                ]);
            }
        }
        Page {
            width: w,
            height: h,
            rgba,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Drawings as ipdocs-sim serves them (also the fuzzer's seeds).
    const DRAWING: &[u8] = include_bytes!("../../../fuzz/seeds/tiff/g4-drawing.tif");
    const TWO_PAGES: &[u8] = include_bytes!("../../../fuzz/seeds/tiff/g4-multipage.tif");

    #[test]
    fn a_g4_drawing_decodes_to_mostly_white_with_black_lines() {
        assert_eq!(page_count(DRAWING), Ok(1));
        let page = decode_page(DRAWING, 0, None).unwrap();
        assert_eq!(page.rgba.len(), (page.width * page.height * 4) as usize);
        let black = page.rgba.chunks(4).filter(|p| p[0] < 64).count();
        assert!(black > 100 && black * 4 < page.rgba.len() / 4, "{black}");
        let thumb = decode_page(DRAWING, 0, Some(96)).unwrap();
        assert!(thumb.width <= 96 && thumb.height <= 96);
    }

    #[test]
    fn pages_are_counted_and_a_missing_page_is_an_error() {
        assert_eq!(page_count(TWO_PAGES), Ok(2));
        assert!(decode_page(TWO_PAGES, 1, Some(64)).is_ok());
        assert!(decode_page(TWO_PAGES, 2, None).is_err());
    }

    #[test]
    fn damaged_files_are_errors() {
        assert!(page_count(&DRAWING[..DRAWING.len() / 2]).is_err());
        assert!(page_count(b"II*\0\xff\xff\xff\x7f garbage").is_err());
        assert!(page_count(b"").is_err());
    }

    #[test]
    fn a_page_claiming_too_many_pixels_is_refused_before_decoding() {
        let mut claimed = DRAWING.to_vec();
        let ifd = u32::from_le_bytes(claimed[4..8].try_into().unwrap()) as usize;
        let entries = u16::from_le_bytes([claimed[ifd], claimed[ifd + 1]]) as usize;
        for entry in (0..entries).map(|i| ifd + 2 + i * 12) {
            if matches!(
                u16::from_le_bytes([claimed[entry], claimed[entry + 1]]),
                256 | 257 | 278
            ) {
                claimed[entry + 8..entry + 12].copy_from_slice(&10_000u32.to_le_bytes());
            }
        }
        let error = page_count(&claimed).unwrap_err();
        assert!(error.contains("unsupported size 10000 × 10000"), "{error}");
    }
}
