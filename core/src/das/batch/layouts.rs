//! The two layouts of WIPO's sample client and the fields they hold: which columns a file
//! has, which are needed, and how a file's headers are matched to them.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// What a batch does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum BatchKind {
    Retrievals,
    Registrations,
}

/// A column of the sample client's layouts (and the two result columns).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "BatchField")]
pub enum Field {
    FileReference,
    FileLocation,
    ApplicationNumber,
    ApplicationDate,
    PriorityNumber,
    PriorityDate,
    DocumentCategory,
    ApplicationCategory,
    DasCode,
    FileId,
    Registered,
    AckId,
    OsfAckId,
    Downloaded,
    Status,
    Error,
}

impl Field {
    /// The sample client's column name.
    pub fn name(self) -> &'static str {
        match self {
            Field::FileReference => "file_reference",
            Field::FileLocation => "file_location",
            Field::ApplicationNumber => "application_number",
            Field::ApplicationDate => "application_date",
            Field::PriorityNumber => "priority_number",
            Field::PriorityDate => "priority_date",
            Field::DocumentCategory => "document_category",
            Field::ApplicationCategory => "application_category",
            Field::DasCode => "das_code",
            Field::FileId => "file_id",
            Field::Registered => "registered",
            Field::AckId => "ack_id",
            Field::OsfAckId => "osf_ack_id",
            Field::Downloaded => "downloaded",
            Field::Status => "status",
            Field::Error => "error",
        }
    }

    /// Other header names taken for this column (the DAS API's JSON names and the like).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Field::PriorityNumber => &["documentNumber", "priority_no", "document_number"],
            Field::PriorityDate => &["documentDate", "priority_filing_date"],
            Field::DocumentCategory => &["documentKindCategory", "document_kind_category", "kind"],
            Field::DasCode => &["dasAccessCode", "access_code"],
            Field::ApplicationDate => &["applicationFilingDate", "application_filing_date"],
            Field::OsfAckId => &["requestAckId", "osfAckId"],
            Field::FileId => &["fileId"],
            Field::FileReference => &["fileReference", "reference"],
            Field::FileLocation => &["file", "file_name", "filename", "path"],
            _ => &[],
        }
    }

    fn parse(name: &str) -> Option<Field> {
        let wanted = fold(name);
        ALL.iter()
            .copied()
            .find(|f| fold(f.name()) == wanted || f.aliases().iter().any(|a| fold(a) == wanted))
    }
}

const ALL: [Field; 16] = [
    Field::FileReference,
    Field::FileLocation,
    Field::ApplicationNumber,
    Field::ApplicationDate,
    Field::PriorityNumber,
    Field::PriorityDate,
    Field::DocumentCategory,
    Field::ApplicationCategory,
    Field::DasCode,
    Field::FileId,
    Field::Registered,
    Field::AckId,
    Field::OsfAckId,
    Field::Downloaded,
    Field::Status,
    Field::Error,
];

/// The columns a batch must have to be read, and the result columns it gets if absent.
impl BatchKind {
    /// The columns a batch of this kind reads, required or not (for a column mapping).
    pub fn fields(self) -> &'static [Field] {
        match self {
            BatchKind::Retrievals => &[
                Field::PriorityNumber,
                Field::PriorityDate,
                Field::DocumentCategory,
                Field::DasCode,
                Field::OsfAckId,
                Field::Downloaded,
            ],
            // The sample client's registration layout, in its order.
            BatchKind::Registrations => &ALL[..12],
        }
    }

    pub fn required(self) -> &'static [Field] {
        match self {
            BatchKind::Retrievals => &[
                Field::PriorityNumber,
                Field::PriorityDate,
                Field::DocumentCategory,
                Field::DasCode,
            ],
            BatchKind::Registrations => &[
                Field::FileLocation,
                Field::PriorityNumber,
                Field::PriorityDate,
                Field::DocumentCategory,
                Field::DasCode,
            ],
        }
    }

    pub(super) fn results(self) -> &'static [Field] {
        match self {
            BatchKind::Retrievals => &[
                Field::OsfAckId,
                Field::Downloaded,
                Field::Status,
                Field::Error,
            ],
            BatchKind::Registrations => &[
                Field::FileId,
                Field::Registered,
                Field::AckId,
                Field::Status,
                Field::Error,
            ],
        }
    }
}

/// Header → field, by name or alias, with `mapping` taking precedence.
pub(super) fn map_columns(
    headers: &[String],
    mapping: &[(Field, String)],
) -> Result<BTreeMap<Field, usize>> {
    let mut columns = BTreeMap::new();
    for (i, header) in headers.iter().enumerate() {
        if let Some(field) = Field::parse(header) {
            columns.entry(field).or_insert(i);
        }
    }
    for (field, header) in mapping {
        let i = headers
            .iter()
            .position(|h| fold(h) == fold(header))
            .ok_or_else(|| {
                Error::invalid_input(format!(
                    "the column {header:?} mapped to {} is not in the CSV",
                    field.name()
                ))
            })?;
        columns.retain(|_, &mut c| c != i);
        columns.insert(*field, i);
    }
    Ok(columns)
}

pub(super) fn guess_kind(columns: &BTreeMap<Field, usize>) -> Result<BatchKind> {
    let has = |f| columns.contains_key(&f);
    if has(Field::FileLocation) || has(Field::FileReference) || has(Field::Registered) {
        Ok(BatchKind::Registrations)
    } else if has(Field::PriorityNumber) {
        Ok(BatchKind::Retrievals)
    } else {
        Err(Error::invalid_input(
            "cannot tell from the headers whether the CSV holds retrievals or registrations",
        ))
    }
}

/// A header name for matching: lower case, letters and digits only.
fn fold(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}
