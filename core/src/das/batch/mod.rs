//! Batches of DAS work from CSV, sans-IO, in the layouts of WIPO's sample client (notes §12):
//!
//! - registrations: `file_reference,file_location,application_number,application_date,
//!   priority_number,priority_date,document_category,application_category,das_code,file_id,
//!   registered,ack_id`;
//! - retrievals: `priority_number,priority_date,document_category,das_code,osf_ack_id,downloaded`.
//!
//! As in the sample client, each row's results are written back into its own cells
//! (`file_id`, `registered`, `ack_id`; `osf_ack_id`, `downloaded`), so the exported file has
//! the same layout and a rerun resumes where the last one stopped. Two columns are added:
//! `status` and `error`. Other layouts are read through a column mapping; headers are
//! matched without regard to case, spaces, `_` or `-`, and the API's own names
//! (`documentNumber`, `dasAccessCode`, …) are understood too.

mod layouts;
mod table;

use layouts::{guess_kind, map_columns};
pub use layouts::{BatchKind, Field};
pub use table::MAX_ROWS;

use super::model::{validate_date, DocumentQuery, Registration, TransitFileRef};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// Where a row stands: `waiting` (not done yet, or a transient failure), `pending` (asked
/// for or registered, not settled), `done`, `failed` (see its `error` cell), `invalid` (could
/// not be read; never sent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "BatchRowStatus")]
pub enum RowStatus {
    /// Nothing done yet (or a transient failure: tried again on the next run).
    Waiting,
    /// Asked for (retrieval) or registered but not yet settled: looked at again next run.
    Pending,
    /// Downloaded, or registered.
    Done,
    /// DAS refused it or the data are wrong for DAS; see `error`. A rerun tries again.
    Failed,
    /// The row could not be read (see the batch's problems); never sent.
    Invalid,
}

impl RowStatus {
    pub fn word(self) -> &'static str {
        match self {
            RowStatus::Waiting => "waiting",
            RowStatus::Pending => "pending",
            RowStatus::Done => "done",
            RowStatus::Failed => "failed",
            RowStatus::Invalid => "invalid",
        }
    }
}

/// One row of a batch: its cells as in the file (results written into them), its status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BatchRow {
    /// Line in the CSV file (1 = the header).
    pub line: usize,
    /// The row's cells in the file's column order, results written in.
    pub cells: Vec<String>,
    pub status: RowStatus,
}

/// A row that cannot be sent, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RowProblem {
    pub line: usize,
    pub reason: String,
}

/// A batch: the file's layout and rows, and where each row stands. Plain data, so
/// it can be kept in IndexedDB and resumed after a reload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Batch {
    pub kind: BatchKind,
    /// `,` `;` or tab, kept for the export.
    pub separator: char,
    pub headers: Vec<String>,
    /// Which column holds which field (result columns are added when missing).
    pub columns: BTreeMap<Field, usize>,
    pub rows: Vec<BatchRow>,
    pub problems: Vec<RowProblem>,
}

/// A retrieval row, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetrievalWork {
    pub document: DocumentQuery,
    pub osf_ack_id: Option<String>,
    pub downloaded: bool,
}

impl RetrievalWork {
    /// The transit-zone file of the retrieval acknowledged as `ack`.
    pub fn transit_file(&self, ack: &str) -> TransitFileRef {
        TransitFileRef {
            osf_ack_id: ack.to_owned(),
            document_kind_category: self.document.document_kind_category.clone(),
            document_number: self.document.document_number.clone(),
            document_date: self.document.document_date.clone(),
        }
    }

    /// The name to save the document under (see [`document_file_name`]).
    pub fn file_name(&self, content_type: &str) -> String {
        document_file_name(
            &self.document.document_number,
            &self.document.document_date,
            content_type,
        )
    }
}

/// The name a retrieved document is saved under: `<number>_<date>.<ext>`, the number made
/// safe for a folder (`PCT/IB2021/057271` → `PCT_IB2021_057271`), the extension that of the
/// returned `content_type` (`pdf` when it says nothing known: DAS documents are PDFs or
/// PDDP zips).
pub fn document_file_name(number: &str, date: &str, content_type: &str) -> String {
    let number: String = number
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let extension = match crate::claims::bulk::extension_of(content_type) {
        "bin" => "pdf",
        known => known,
    };
    format!("{number}_{date}.{extension}")
}

/// A registration row, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationWork {
    /// The registration as it will be sent (`file_id` from the row once uploaded).
    pub registration: Registration,
    pub file_reference: String,
    /// The file's name (last part of `file_location`), matched against the picked files.
    pub file_name: String,
    pub registered: bool,
    pub ack_id: Option<String>,
}

impl Batch {
    /// Reads a CSV file. `kind` is guessed from the headers when not given; `mapping`
    /// (field → header name) overrides header matching for files in other layouts. Every
    /// row is checked; bad rows are listed in `problems`, marked invalid and never sent.
    pub fn read(text: &str, kind: Option<BatchKind>, mapping: &[(Field, String)]) -> Result<Batch> {
        let t = table::read(text)?;
        let mut columns = map_columns(&t.headers, mapping)?;
        let kind = match kind {
            Some(kind) => kind,
            None => guess_kind(&columns)?,
        };
        let missing: Vec<&str> = kind
            .required()
            .iter()
            .filter(|f| !columns.contains_key(f))
            .map(|f| f.name())
            .collect();
        if !missing.is_empty() {
            return Err(Error::invalid_input(format!(
                "the CSV has no column for {} (found: {})",
                missing.join(", "),
                t.headers.join(", ")
            )));
        }
        let mut headers = t.headers;
        for &field in kind.results() {
            columns.entry(field).or_insert_with(|| {
                headers.push(field.name().to_owned());
                headers.len() - 1
            });
        }
        let width = headers.len();
        let mut batch = Batch {
            kind,
            separator: char::from(t.separator),
            headers,
            columns,
            rows: t
                .records
                .into_iter()
                .map(|(line, mut cells)| {
                    cells.resize(width, String::new());
                    BatchRow {
                        line,
                        cells,
                        status: RowStatus::Waiting,
                    }
                })
                .collect(),
            problems: Vec::new(),
        };
        batch.check_rows();
        Ok(batch)
    }

    /// The header cells of a CSV file, for mapping the columns of another layout.
    pub fn headers(text: &str) -> Result<Vec<String>> {
        Ok(table::read(text)?.headers)
    }

    /// Marks bad rows invalid with their reason; the others take their status from their
    /// result cells (done, or acknowledged and pending), as a previous run left them.
    fn check_rows(&mut self) {
        for i in 0..self.rows.len() {
            // (done, acknowledged)
            let checked = match self.kind {
                BatchKind::Retrievals => self
                    .retrieval(i)
                    .map(|w| (w.downloaded, w.osf_ack_id.is_some())),
                BatchKind::Registrations => self
                    .registration(i)
                    .map(|w| (w.registered, w.ack_id.is_some())),
            };
            let row = &mut self.rows[i];
            match checked {
                Ok((true, _)) => row.status = RowStatus::Done,
                Ok((false, true)) => row.status = RowStatus::Pending,
                Ok((false, false)) => row.status = RowStatus::Waiting,
                Err(e) => {
                    row.status = RowStatus::Invalid;
                    let reason = e.message().to_owned();
                    self.problems.push(RowProblem {
                        line: self.rows[i].line,
                        reason: reason.clone(),
                    });
                    self.set(i, Field::Error, &reason);
                }
            }
            let word = self.rows[i].status.word();
            self.set(i, Field::Status, word);
        }
    }

    /// The cell of `field` in row `index` (empty when the batch has no such column).
    pub fn cell(&self, index: usize, field: Field) -> &str {
        self.columns
            .get(&field)
            .and_then(|&c| self.rows.get(index)?.cells.get(c))
            .map_or("", String::as_str)
    }

    /// Writes a result into row `index` (a no-op for a column the batch lacks).
    pub fn set(&mut self, index: usize, field: Field, value: &str) {
        if let (Some(&c), Some(row)) = (self.columns.get(&field), self.rows.get_mut(index)) {
            if let Some(cell) = row.cells.get_mut(c) {
                *cell = value.to_owned();
            }
        }
    }

    /// Sets the status of row `index` and its `error` cell (cleared when `None`).
    pub fn set_status(&mut self, index: usize, status: RowStatus, error: Option<&str>) {
        if let Some(row) = self.rows.get_mut(index) {
            row.status = status;
        }
        self.set(index, Field::Status, status.word());
        self.set(index, Field::Error, error.unwrap_or(""));
    }

    /// Rows a run works on: those neither done nor invalid.
    pub fn open_rows(&self) -> Vec<usize> {
        (0..self.rows.len())
            .filter(|&i| !matches!(self.rows[i].status, RowStatus::Done | RowStatus::Invalid))
            .collect()
    }

    /// Row `index` as a retrieval.
    pub fn retrieval(&self, index: usize) -> Result<RetrievalWork> {
        let document = self.document(index)?;
        Ok(RetrievalWork {
            document,
            osf_ack_id: self.optional_id(index, Field::OsfAckId)?,
            downloaded: self.flag(index, Field::Downloaded)?,
        })
    }

    /// Row `index` as a registration.
    pub fn registration(&self, index: usize) -> Result<RegistrationWork> {
        let document = self.document(index)?;
        let text = |field| Some(self.cell(index, field).to_owned()).filter(|s| !s.is_empty());
        let application_filing_date = match text(Field::ApplicationDate) {
            Some(date) => Some(normalise_date("application_date", &date)?),
            None => None,
        };
        let registration = Registration {
            document_kind_category: document.document_kind_category,
            document_number: document.document_number,
            document_date: document.document_date,
            das_access_code: document.das_access_code,
            application_category: text(Field::ApplicationCategory),
            application_number: text(Field::ApplicationNumber),
            application_filing_date,
            file_id: self.optional_id(index, Field::FileId)?,
        };
        registration.validate()?;
        let location = self.cell(index, Field::FileLocation);
        let file_name = location
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or_default()
            .to_owned();
        if file_name.is_empty() && registration.file_id.is_none() {
            return Err(Error::invalid_input("file_location is empty"));
        }
        let file_reference = match self.cell(index, Field::FileReference) {
            "" => file_name.clone(),
            reference => reference.to_owned(),
        };
        Ok(RegistrationWork {
            registration,
            file_reference,
            file_name,
            registered: self.flag(index, Field::Registered)?,
            ack_id: self.optional_id(index, Field::AckId)?,
        })
    }

    /// The batch as CSV in its own layout (separator, header names, column order), results
    /// and the `status` / `error` columns included.
    pub fn to_csv(&self) -> String {
        let separator = u8::try_from(self.separator).unwrap_or(b',');
        table::write(
            separator,
            &self.headers,
            self.rows.iter().map(|r| r.cells.as_slice()),
        )
    }

    /// Rows per status, for progress.
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        let mut counts = BTreeMap::new();
        for row in &self.rows {
            *counts.entry(row.status.word()).or_insert(0) += 1;
        }
        counts
    }

    fn document(&self, index: usize) -> Result<DocumentQuery> {
        let document = DocumentQuery {
            document_kind_category: self
                .cell(index, Field::DocumentCategory)
                .to_ascii_lowercase(),
            document_number: self.cell(index, Field::PriorityNumber).to_owned(),
            document_date: normalise_date("priority_date", self.cell(index, Field::PriorityDate))?,
            das_access_code: self.cell(index, Field::DasCode).to_owned(),
        };
        document.validate()?;
        Ok(document)
    }

    fn optional_id(&self, index: usize, field: Field) -> Result<Option<String>> {
        match self.cell(index, field) {
            "" => Ok(None),
            id => {
                crate::das::validate_id(field.name(), id)?;
                Ok(Some(id.to_owned()))
            }
        }
    }

    fn flag(&self, index: usize, field: Field) -> Result<bool> {
        match self.cell(index, field).to_ascii_lowercase().as_str() {
            "" | "false" | "no" | "n" | "0" => Ok(false),
            "true" | "yes" | "y" | "1" => Ok(true),
            other => Err(Error::invalid_input(format!(
                "{} must be true or false, got {other:?}",
                field.name()
            ))),
        }
    }
}

/// `YYYY-MM-DD`, also read from `YYYYMMDD` and `YYYY/MM/DD`.
fn normalise_date(field: &str, value: &str) -> Result<String> {
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    let shaped = match value.len() {
        8 if digits.len() == 8 => format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..]),
        10 if digits.len() == 8 && value.as_bytes()[4] == b'/' && value.as_bytes()[7] == b'/' => {
            format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..])
        }
        _ => value.to_owned(),
    };
    validate_date(field, &shaped)?;
    Ok(shaped)
}

#[cfg(test)]
mod tests;
