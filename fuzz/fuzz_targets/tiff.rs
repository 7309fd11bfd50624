//! The app's TIFF path (`ipdocs-decoder`): page count, then the first and last pages scaled as
//! the thumbnails and the preview ask for them.
#![no_main]

use ipdocs_decoder::tiff::{decode_page, page_count};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(pages) = page_count(data) else { return };
    let _ = decode_page(data, 0, Some(96));
    let _ = decode_page(data, pages.saturating_sub(1), Some(1024));
});
