//! The npm package's declarations of the service models are generated from the Rust types
//! (ts-rs, which reads the same serde attributes the wire format comes from) into
//! `src/js/generated/*.d.ts`, which the JS bindings include in the package's `.d.ts`. This
//! test fails when a model changed and the committed declarations did not:
//! `IPDOCS_BLESS=1 cargo test --test typescript` writes them again.
#![cfg(not(target_arch = "wasm32"))]

use ipdocs::claims::list::Listing;
use ipdocs::claims::Attachment;
use ipdocs::das::batch::{Batch, BatchKind, BatchRow, Field, RowProblem, RowStatus};
use ipdocs::das::retrievals::{RetrievalList, UnreadableRetrieval};
use ipdocs::das::{
    DasErrorBody, DasErrorDetail, DocumentAvailability, DocumentQuery, FileDownloadUrl, FileFormat,
    FileStatus, FileUploadUrl, Registration, RequestAck, RequestStatus, RetrievalStatus,
    TransitFileRef, UploadRequest,
};
use std::path::Path;
use ts_rs::TS;

const HEADER: &str = "// Generated from the Rust models by tests/typescript.rs; do not edit.\n\
                      // IPDOCS_BLESS=1 cargo test --test typescript writes it again.\n";

/// One exported declaration, with the type's doc comment.
fn declaration<T: TS>() -> String {
    format!(
        "\n{}export {}\n",
        T::docs().unwrap_or_default(),
        pretty(&T::decl())
    )
}

/// An object type one member per line, each under its doc comment (ts-rs writes it on one
/// line); unions and other declarations are left as they are.
fn pretty(decl: &str) -> String {
    let (Some(head), Some(body)) = (decl.find("= { "), decl.strip_suffix(" };")) else {
        return decl.to_owned();
    };
    let members = split_members(&body[head + 4..]);
    let lines: Vec<String> = members.iter().map(|m| member(m)).collect();
    format!("{}= {{\n{}}};", &decl[..head], lines.concat())
}

/// Top-level members, split at the commas outside nested types, strings and comments.
fn split_members(body: &str) -> Vec<String> {
    let (mut members, mut current, mut depth) = (Vec::new(), String::new(), 0i32);
    let mut in_comment = false;
    for (i, c) in body.char_indices() {
        in_comment = match (in_comment, &body[i..]) {
            (false, rest) if rest.starts_with("/**") => true,
            (true, _) if body[..i].ends_with("*/") => false,
            (state, _) => state,
        };
        match c {
            '{' | '<' | '(' | '[' if !in_comment => depth += 1,
            '}' | '>' | ')' | ']' if !in_comment => depth -= 1,
            ',' if !in_comment && depth == 0 => {
                members.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    members.retain(|m| !m.trim().is_empty());
    members
}

/// `  /** doc */\n  name: type;\n`, the doc comment kept line for line.
fn member(text: &str) -> String {
    let text = text.trim();
    let (doc, field) = match text.rfind("*/") {
        Some(end) => (&text[..end + 2], text[end + 2..].trim()),
        None => ("", text),
    };
    let doc: String = doc
        .lines()
        .map(str::trim)
        .map(|l| match l.starts_with('*') {
            true => format!("   {l}\n"),
            false => format!("  {l}\n"),
        })
        .collect();
    format!("{doc}  {field};\n")
}

fn das() -> String {
    [
        declaration::<DocumentQuery>(),
        declaration::<TransitFileRef>(),
        declaration::<RequestStatus>(),
        declaration::<RequestAck>(),
        declaration::<RetrievalStatus>(),
        declaration::<UnreadableRetrieval>(),
        declaration::<RetrievalList>(),
        declaration::<FileFormat>(),
        declaration::<UploadRequest>(),
        declaration::<FileUploadUrl>(),
        declaration::<FileDownloadUrl>(),
        declaration::<DasErrorDetail>(),
        declaration::<DasErrorBody>(),
        declaration::<FileStatus>(),
        declaration::<Registration>(),
        declaration::<DocumentAvailability>(),
        declaration::<BatchKind>(),
        declaration::<Field>(),
        declaration::<RowStatus>(),
        declaration::<BatchRow>(),
        declaration::<RowProblem>(),
        declaration::<Batch>(),
    ]
    .concat()
}

fn claims() -> String {
    [declaration::<Attachment>(), declaration::<Listing>()].concat()
}

/// Compares the generated declarations with the committed file (or writes it when blessing).
fn check(file: &str, generated: String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/js/generated")
        .join(file);
    let text = format!("{HEADER}{generated}");
    if std::env::var_os("IPDOCS_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "{} is not what the models declare; run IPDOCS_BLESS=1 cargo test --test typescript",
        path.display()
    );
}

#[test]
fn das_declarations_are_generated_from_the_models() {
    check("das.d.ts", das());
}

#[test]
fn claims_declarations_are_generated_from_the_models() {
    check("claims.d.ts", claims());
}

#[test]
fn the_declarations_follow_the_wire_names_and_javascript_numbers() {
    let das = das();
    // serde's renames, the package's names, optional fields, and numbers not bigints.
    assert!(das.contains(
        "export type RequestAck = {\n  requestAckId: string;\n  requestStatusCategory?: RequestStatusCategory;\n"
    ));
    assert!(das.contains("export type RegistrationRequest = {"));
    assert!(das.contains("  columns: { [key in BatchField]?: number };\n"));
    assert!(das.contains("errorCode?: number"));
    assert!(!das.contains("bigint") && !claims().contains("bigint"));
    assert!(claims().contains("size: number"));
}
