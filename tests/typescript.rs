//! The package's TypeScript declarations (written in `src/js/*.rs`) are checked against the
//! Rust types they describe: every key a model is read from is declared, and nothing is
//! declared that the model does not have. Native: the keys come from serde's own derive
//! (the names a struct's `Deserialize` asks for), so a renamed or added field fails here.
#![cfg(not(target_arch = "wasm32"))]

use ipdocs::claims::Attachment;
use ipdocs::das::{
    DasErrorBody, DocumentAvailability, DocumentQuery, FileDownloadUrl, FileStatus, FileUploadUrl,
    Registration, RequestAck, RetrievalStatus, TransitFileRef, UploadRequest,
};
use serde::de::DeserializeOwned;
use std::collections::BTreeSet;

const DECLARATIONS: [&str; 3] = [
    include_str!("../src/js/das.rs"),
    include_str!("../src/js/claims.rs"),
    include_str!("../src/js/claims_sets.rs"),
];

/// The keys a struct is read from, as its derived `Deserialize` declares them.
fn fields_of<T: DeserializeOwned>() -> BTreeSet<&'static str> {
    ipdocs::fields::fields_of::<T>().iter().copied().collect()
}

/// The property names of `export interface NAME … { … }` (and of the interface it extends).
fn declared(name: &str) -> BTreeSet<String> {
    let head = format!("export interface {name} ");
    let source = DECLARATIONS
        .iter()
        .find(|s| s.contains(&head))
        .unwrap_or_else(|| panic!("no interface {name}"));
    let start = source.find(&head).unwrap() + head.len();
    let open = start + source[start..].find('{').unwrap();
    // The checked interfaces hold no nested braces.
    let close = open + source[open..].find('}').unwrap();
    let mut keys: BTreeSet<String> = source[open + 1..close]
        .split([';', '\n'])
        .map(str::trim)
        .filter(|l| !l.starts_with("/**") && !l.starts_with('*'))
        .filter_map(|l| {
            l.split_once(':')
                .map(|(k, _)| k.trim().trim_end_matches('?'))
        })
        .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric()))
        .map(str::to_owned)
        .collect();
    if let Some(base) = source[start..open].trim().strip_prefix("extends ") {
        keys.extend(declared(base.trim()));
    }
    keys
}

/// `aliases`: other names the model reads (from the service) that the package does not
/// declare; `serialised_only`: keys the model writes but does not read from a field.
fn check<T: DeserializeOwned>(interface: &str, aliases: &[&str], serialised_only: &[&str]) {
    let rust: BTreeSet<String> = fields_of::<T>()
        .into_iter()
        .filter(|k| !aliases.contains(k))
        .map(str::to_owned)
        .collect();
    let ts = declared(interface);
    let missing: Vec<_> = rust.difference(&ts).collect();
    let extra: Vec<_> = ts
        .difference(&rust)
        .filter(|k| !serialised_only.contains(&k.as_str()))
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{interface}: not declared {missing:?}, declared but not in the Rust type {extra:?}"
    );
}

#[test]
fn das_declarations_match_the_models() {
    check::<DocumentQuery>("DocumentQuery", &[], &[]);
    check::<TransitFileRef>("TransitFileRef", &[], &[]);
    check::<UploadRequest>("UploadUrlRequest", &[], &[]);
    check::<Registration>("RegistrationRequest", &[], &[]);
    // WIPO's own spellings of the ack id are read; the package declares the spec's.
    check::<DocumentAvailability>("DocumentAvailability", &["ackId", "osfAckId"], &[]);
    // Other spellings the service's answers may use; the package declares the spec's.
    check::<FileUploadUrl>("FileUploadUrl", &["url"], &[]);
    check::<FileDownloadUrl>("FileDownloadUrl", &["url"], &[]);
    check::<DasErrorBody>("DasErrorBody", &[], &[]);
    check::<FileStatus>("FileStatus", &[], &[]);
    // The status word is not read from a field: it is kept from whichever word was sent.
    check::<RequestAck>("RequestAck", &["ackId", "osfAckId"], &["requestStatusWord"]);
    check::<RetrievalStatus>(
        "RetrievalStatus",
        &["ackId", "osfAckId"],
        &["requestStatusWord"],
    );
}

#[test]
fn claims_declarations_match_the_models() {
    check::<Attachment>("Attachment", &[], &[]);
}

#[test]
fn the_check_itself_sees_a_difference() {
    assert!(declared("FileDownloadUrl").contains("fileDownloadUrl"));
    let result = std::panic::catch_unwind(|| check::<TransitFileRef>("DocumentQuery", &[], &[]));
    assert!(result.is_err(), "different interfaces must not pass");
}
