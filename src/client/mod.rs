//! The async Rust API over the browser transport, for Rust web apps (Leptos, Yew) and as
//! the engine behind the JS bindings.

pub mod checksum;
pub mod claims;
pub mod das;

pub use claims::ClaimsDirect;
pub use das::Das;
