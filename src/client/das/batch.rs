//! Running a [`Batch`] against DAS: every open row with bounded concurrency, results
//! written into the row (and reported) after each step, so a batch interrupted anywhere —
//! abort, closed tab, crash — resumes from what was reported.
//!
//! Retrieval row: (status pre-check) → request → (wait) → download → saved. Registration
//! row: upload (checksum, transit zone, validation) → register → followed to registered.

use super::Das;
use crate::das::batch::{Batch, BatchKind, Field, RowStatus};
use crate::das::{FileFormat, RequestStatus, RetrievalStatus};
use crate::error::{Error, ErrorKind, Result};
use futures_util::stream::{self, StreamExt};
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{AbortSignal, Blob};

/// How a batch runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchOptions {
    /// Rows worked on at once (1–16).
    pub concurrency: usize,
    /// Retrievals: ask `documents/registrations/statuses` first, so a document that is not
    /// registered, or whose access code is wrong (-7/-12/-14), is reported without a
    /// retrieval being made.
    pub precheck: bool,
    /// Retrievals: wait up to this long for a requested document to become available
    /// (all rows share one list poll); 0 looks once, and a later run looks again.
    pub wait_ms: u64,
}

impl Default for BatchOptions {
    fn default() -> BatchOptions {
        BatchOptions {
            concurrency: 4,
            precheck: false,
            wait_ms: 0,
        }
    }
}

/// The caller's side of a run: the files to register, where downloads go, and where each
/// row's progress is kept.
// wasm is single-threaded: the futures need not be `Send`.
#[allow(async_fn_in_trait)]
pub trait BatchHost {
    /// The picked file named `name` (registrations), if any.
    fn file(&self, name: &str) -> Option<Blob>;
    /// Saves a downloaded document (retrievals). The row is marked downloaded only after.
    async fn save(&self, name: &str, file: Blob) -> Result<()>;
    /// Row `index` changed (a result written, or its status): keep it.
    fn row_changed(&self, batch: &Batch, index: usize);
}

/// Works through the open rows of `batch`. Per-row failures are written into the rows (a
/// transient one leaves the row waiting); only an abort ends the run early, as an error.
pub async fn run<H: BatchHost>(
    das: &Das,
    batch: &Rc<RefCell<Batch>>,
    host: &H,
    options: BatchOptions,
    signal: Option<&AbortSignal>,
) -> Result<()> {
    if !(1..=16).contains(&options.concurrency) {
        return Err(Error::invalid_input("concurrency must be between 1 and 16"));
    }
    let rows = batch.borrow().open_rows();
    let row = Row {
        das,
        batch,
        host,
        options,
        signal,
    };
    let mut runs = stream::iter(rows)
        .map(|index| row.run(index))
        .buffer_unordered(options.concurrency);
    while let Some(outcome) = runs.next().await {
        outcome?;
    }
    Ok(())
}

/// What one row's run needs.
struct Row<'a, H> {
    das: &'a Das,
    batch: &'a Rc<RefCell<Batch>>,
    host: &'a H,
    options: BatchOptions,
    signal: Option<&'a AbortSignal>,
}

impl<H: BatchHost> Row<'_, H> {
    async fn run(&self, index: usize) -> Result<()> {
        let kind = self.batch.borrow().kind;
        let outcome = match kind {
            BatchKind::Retrievals => self.retrieve(index).await,
            BatchKind::Registrations => self.register(index).await,
        };
        let (status, error) = match outcome {
            Ok(status) => (status, None),
            Err(e) if e.kind() == ErrorKind::Aborted => return Err(e),
            Err(e) if e.is_transient() => (RowStatus::Waiting, Some(e)),
            Err(e) => (RowStatus::Failed, Some(e)),
        };
        let message = error.map(|e| describe(&e));
        self.batch
            .borrow_mut()
            .set_status(index, status, message.as_deref());
        self.changed(index);
        Ok(())
    }

    async fn retrieve(&self, index: usize) -> Result<RowStatus> {
        let work = self.batch.borrow().retrieval(index)?;
        if work.downloaded {
            return Ok(RowStatus::Done);
        }
        let ack = match &work.osf_ack_id {
            Some(ack) => ack.clone(),
            None => {
                if self.options.precheck {
                    self.das
                        .registration_status(&work.document, self.signal)
                        .await?;
                }
                let ack = self
                    .das
                    .request_retrieval(&work.document, self.signal)
                    .await?
                    .request_ack_id;
                self.write(index, Field::OsfAckId, &ack, RowStatus::Pending);
                ack
            }
        };
        let Some(status) = self.retrieval_status(&ack).await? else {
            return Ok(RowStatus::Pending);
        };
        match status.request_status_category {
            RequestStatus::Success => {}
            RequestStatus::Error => return Err(refusal(&status)),
            RequestStatus::Pending | RequestStatus::Unknown => return Ok(RowStatus::Pending),
        }
        let blob = self
            .das
            .download(&work.transit_file(&ack), self.signal)
            .await?;
        self.host.save(&work.file_name(&blob.type_()), blob).await?;
        self.write(index, Field::Downloaded, "true", RowStatus::Done);
        Ok(RowStatus::Done)
    }

    /// The retrieval's status: watched for up to `wait_ms`, or looked up once by ack id.
    /// `None` while it is not settled.
    async fn retrieval_status(&self, ack: &str) -> Result<Option<RetrievalStatus>> {
        if self.options.wait_ms > 0 {
            let watched = self
                .das
                .watch_retrieval(ack, None, None, Some(self.options.wait_ms), self.signal)
                .await;
            return match watched {
                Ok(status) => Ok(Some(status)),
                Err(e) if e.kind() == ErrorKind::Timeout => Ok(None),
                Err(e) => Err(e),
            };
        }
        let list = self.das.retrievals_with_ack(ack, self.signal).await?;
        Ok(list
            .retrievals
            .into_iter()
            .find(|r| r.request_ack_id == ack)
            .filter(RetrievalStatus::is_settled))
    }

    async fn register(&self, index: usize) -> Result<RowStatus> {
        let work = self.batch.borrow().registration(index)?;
        if work.registered {
            return Ok(RowStatus::Done);
        }
        let mut registration = work.registration;
        if registration.file_id.is_none() {
            let file = self.host.file(&work.file_name).ok_or_else(|| {
                Error::invalid_input(format!(
                    "the file {:?} is not among the picked files",
                    work.file_name
                ))
            })?;
            let format = format_of(&work.file_name)?;
            let progress = Rc::new(|_: f64, _: f64, _: super::UploadPhase| {});
            let uploaded = self
                .das
                .upload(&file, &work.file_reference, format, progress, self.signal)
                .await?;
            self.write(index, Field::FileId, &uploaded.file_id, RowStatus::Waiting);
            registration.file_id = Some(uploaded.file_id);
        }
        if work.ack_id.is_none() {
            let ack = self.das.register(&registration, self.signal).await?;
            self.write(index, Field::AckId, &ack.request_ack_id, RowStatus::Pending);
        }
        self.das
            .follow_registration(&registration.document(), self.signal)
            .await?;
        self.write(index, Field::Registered, "true", RowStatus::Done);
        Ok(RowStatus::Done)
    }

    /// Writes a result into the row and reports it at once, before the next step.
    fn write(&self, index: usize, field: Field, value: &str, status: RowStatus) {
        {
            let mut batch = self.batch.borrow_mut();
            batch.set(index, field, value);
            batch.set_status(index, status, None);
        }
        self.changed(index);
    }

    fn changed(&self, index: usize) {
        self.host.row_changed(&self.batch.borrow(), index);
    }
}

/// `pdf` or `zip` from the file's extension.
fn format_of(name: &str) -> Result<FileFormat> {
    name.rsplit_once('.')
        .and_then(|(_, extension)| FileFormat::from_category(&extension.to_ascii_lowercase()))
        .ok_or_else(|| {
            Error::invalid_input(format!("{name:?} is neither a .pdf nor a .zip (PDDP) file"))
        })
}

/// A retrieval DAS settled as failed, as an error with its code.
fn refusal(status: &RetrievalStatus) -> Error {
    let code = status
        .error_code
        .map_or(String::new(), |c| format!(" (code {c})"));
    let message = status.status_message.as_deref().unwrap_or("no message");
    Error::new(
        ErrorKind::Das,
        format!("DAS could not deliver the document{code}: {message}"),
    )
}

/// The row's `error` cell: the message, with the DAS code where there is one.
fn describe(error: &Error) -> String {
    match error.code() {
        Some(code) if !error.message().contains(code) => {
            format!("{} (DAS code {code})", error.message())
        }
        _ => error.message().to_owned(),
    }
}
