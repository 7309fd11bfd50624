//! JS bindings for the npm package: classes, option parsing and error conversion only.
//! Everything they do is delegated to [`crate::client`]. The models' declarations are
//! generated (`generated/*.d.ts`, from the core's types); the option bags with callbacks,
//! keys, Blobs or signals are declared beside the classes that read them.

#[cfg(feature = "claims")]
mod attachment_record;
#[cfg(feature = "bench")]
mod bench;
#[cfg(feature = "claims")]
mod budget;
mod call;
#[cfg(feature = "claims")]
mod claims;
#[cfg(feature = "claims")]
mod claims_sets;
mod convert;
#[cfg(feature = "das")]
mod das;
#[cfg(feature = "das-batch")]
mod das_batch;
#[cfg(feature = "das")]
mod das_options;
mod error;
#[cfg(feature = "das")]
mod input;
