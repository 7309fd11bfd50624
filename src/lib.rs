//! ipdocs: typed access from the browser to the WIPO DAS exchange API and the IFI CLAIMS
//! Direct attachment service.
//!
//! Layers, from the inside out:
//! - **sans-IO core** ([`claims`], [`das`], [`http`], [`retry`], [`secret`], [`ucid`],
//!   [`error`]): request builders, response parsers, schedules, the request-unit pacer
//!   ([`claims::pacing`]), bulk-download plans ([`claims::bulk`]), batch CSV files and their
//!   rows ([`das::batch`]) and the models of WIPO's calls into an office, in plain Rust,
//!   compiled and tested natively (`ipdocs-office` uses them);
//! - **browser transport** (`transport`, wasm32 only): `fetch` with timeouts, abort signals
//!   and retries; Blob bodies go to the network untouched;
//! - **clients** (`client`, wasm32 only): the async Rust API for Leptos/Yew apps, with the
//!   batch runner (`client::das::batch`) and bulk downloads (`ClaimsDirect::download_many`);
//! - **JS bindings** (`js`, wasm32 only): the npm package's classes, no logic of their own.

pub mod claims;
pub mod das;
pub mod error;
pub mod http;
pub mod retry;
pub mod secret;
pub mod ucid;

#[cfg(target_arch = "wasm32")]
pub mod client;
#[cfg(all(target_arch = "wasm32", feature = "js"))]
mod js;
#[cfg(target_arch = "wasm32")]
pub mod transport;

pub use error::{Error, ErrorKind, Result};
pub use ucid::Ucid;
