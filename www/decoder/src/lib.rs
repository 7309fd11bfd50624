//! Decoding of bytes that come from the services, kept out of the app's own wasm instance.
//!
//! The app runs this crate in a dedicated Web Worker (`worker`): a decoder panic (the release
//! build aborts) or an exhausted memory kills the worker, and the app starts a new one. The
//! decoding itself (`tiff`) is plain Rust, tested and fuzzed natively.

pub mod tiff;

#[cfg(target_arch = "wasm32")]
mod worker;
