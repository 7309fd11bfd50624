//! Reproducible fixture files: patent-style drawings (as multi-page CCITT G4 TIFF, PNG or
//! JPEG), PDFs, chemistry and other attachment kinds. Same seed, same bytes.

pub mod bitmap;
pub mod formats;
pub mod tiff;

pub use bitmap::Bitmap;
