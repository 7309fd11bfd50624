//! The async Rust API over the browser transport, for Rust web apps (Leptos, Yew) and as
//! the engine behind the JS bindings.

pub mod claims;

pub use claims::ClaimsDirect;
