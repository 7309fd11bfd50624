//! The async Rust API: for Rust web apps (Leptos, Yew) and as the engine behind the JS
//! bindings in the browser, and — the DAS client, feature `native` — for native programs
//! such as `ipdocs-office`, with the same rules on both.

#[cfg(target_arch = "wasm32")]
pub mod claims;
pub mod das;

#[cfg(target_arch = "wasm32")]
pub use claims::ClaimsDirect;
pub use das::Das;
