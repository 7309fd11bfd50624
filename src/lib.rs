//! ipdocs: typed access from the browser to the WIPO DAS exchange API and the IFI CLAIMS
//! Direct attachment service.
//!
//! Layers, from the inside out:
//! - **sans-IO core** (the `ipdocs-core` crate, re-exported here as [`claims`], [`das`],
//!   [`http`], [`retry`], [`secret`], [`ucid`], [`error`]): request builders, response
//!   parsers, schedules, the request-unit pacer, bulk-download plans, batch CSV files and
//!   the models of WIPO's calls into an office, in plain Rust with no browser dependency,
//!   tested natively (`ipdocs-office` builds on it too);
//! - **browser transport** (`transport`, wasm32 only): `fetch` with timeouts, abort signals
//!   and retries; Blob bodies go to the network untouched;
//! - **clients** (`client`, wasm32 only): the async Rust API for Leptos/Yew apps, with the
//!   batch runner (`client::das::batch`) and bulk downloads (`ClaimsDirect::download_many`);
//! - **JS bindings** (`js`, wasm32 only, features `claims` and `das`): the npm package's
//!   classes, no logic of their own. The TypeScript declarations of the models are generated
//!   from the core's types (`tests/typescript.rs` → `src/js/generated/`).

pub use ipdocs_core::{claims, das, error, fields, http, retry, secret, ucid};
pub use ipdocs_core::{Error, ErrorKind, Result, Ucid};

#[cfg(target_arch = "wasm32")]
pub mod client;
#[cfg(all(target_arch = "wasm32", feature = "js"))]
mod js;
#[cfg(target_arch = "wasm32")]
pub mod transport;
