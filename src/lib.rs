//! ipdocs: typed access from the browser to the WIPO DAS exchange API and the IFI CLAIMS
//! Direct attachment service.
//!
//! Layers, from the inside out:
//! - **sans-IO core** (the `ipdocs-core` crate, re-exported here as [`claims`], [`das`],
//!   [`http`], [`retry`], [`secret`], [`ucid`], [`error`]): request builders, response
//!   parsers, schedules, the request-unit pacer, bulk-download plans, batch CSV files and
//!   the models of WIPO's calls into an office, in plain Rust with no browser dependency,
//!   tested natively (`ipdocs-office` builds on it too);
//! - **transports** (`transport`, over the [`platform::Platform`] trait): the browser's
//!   (wasm32: `fetch` with timeouts, abort signals and retries; Blob bodies go to the network
//!   untouched) and a native one (feature `native`: reqwest, tokio, `p256`);
//! - **clients** (`client`): the async Rust API — the DAS client written once over the
//!   platform, so the browser and `ipdocs-office` share its rules; in the browser also the
//!   CLAIMS Direct client, the batch runner (`client::das::batch`) and bulk downloads
//!   (`ClaimsDirect::download_many`);
//! - **JS bindings** (`js`, wasm32 only, features `claims` and `das`): the npm package's
//!   classes, no logic of their own. The TypeScript declarations of the models are generated
//!   from the core's types (`tests/typescript.rs` → `src/js/generated/`).

pub use ipdocs_core::{claims, das, error, fields, http, retry, secret, ucid};
pub use ipdocs_core::{Error, ErrorKind, Result, Ucid};

#[cfg(any(target_arch = "wasm32", feature = "native"))]
pub mod client;
#[cfg(all(target_arch = "wasm32", feature = "js"))]
mod js;
#[cfg(any(target_arch = "wasm32", feature = "native"))]
pub mod platform;
#[cfg(any(target_arch = "wasm32", feature = "native"))]
pub mod transport;
