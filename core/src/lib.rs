//! The sans-IO core of ipdocs: everything about the two services that needs no I/O, in
//! plain Rust, compiled and tested natively. This crate has no browser dependency on any
//! target, so "the core knows nothing of the browser" is checked by the compiler.
//!
//! - [`claims`]: CLAIMS Direct requests and parsers (JSON and XML lists, files), the
//!   request-unit pacer ([`claims::pacing`]) and bulk-download plans ([`claims::bulk`]);
//! - [`das`]: DAS models, request builders and response readers, the client assertion,
//!   the retrieval watcher's matching, upload checksums, batch CSV files ([`das::batch`])
//!   and the models of WIPO's calls into an office ([`das::inbound`]);
//! - [`http`], [`retry`], [`secret`], [`ucid`], [`error`]: requests and responses as data,
//!   backoff and `Retry-After`, secrets that never print, UCIDs, the one error type;
//!   [`fields`]: the keys a model is read from, as serde's derive declares them.
//!
//! `ipdocs` (the browser transport, clients and JS bindings) and `ipdocs-office` build on it.

pub mod claims;
pub mod das;
pub mod error;
pub mod fields;
pub mod http;
pub mod retry;
pub mod secret;
pub mod ucid;

pub use error::{Error, ErrorKind, Result};
pub use ucid::Ucid;
