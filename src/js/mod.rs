//! JS bindings for the npm package: classes, option parsing and error conversion only.
//! Everything they do is delegated to [`crate::client`].

#[cfg(feature = "bench")]
mod bench;
mod budget;
mod claims;
mod claims_sets;
mod convert;
mod das;
mod das_batch;
mod error;
