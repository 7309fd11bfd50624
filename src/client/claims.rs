//! `ClaimsDirect`: the CLAIMS Direct attachment service from the browser.

use crate::claims::bulk::Job;
use crate::claims::files::{self, FileEndpoint, FileOutcome};
use crate::claims::list::Listing;
use crate::claims::pacing::{Budget, Endpoint};
use crate::claims::{list, Attachment, ClaimsConfig};
use crate::error::{Error, ErrorKind, Result};
use crate::http::{HttpRequest, ResponseHead};
use crate::transport::{sleep, ReadAs, Reply, Transport};
use crate::ucid::Ucid;
use futures_util::stream::{self, Stream, StreamExt};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Blob};

/// `multi=1` batches in flight at once for [`ClaimsDirect::list_set`].
pub const LIST_CONCURRENCY: usize = 4;

/// A request-unit budget shared by every client of one login (see [`crate::claims::pacing`]).
pub type SharedBudget = Rc<RefCell<Budget>>;

/// What [`ClaimsDirect::list_set`] found: a listing for every UCID of the batches that
/// succeeded (in request order), and the batches that failed with their error.
#[derive(Debug, Default)]
pub struct ListSet {
    pub listings: Vec<Listing>,
    pub failed: Vec<ListFailure>,
}

/// A `multi=1` batch that failed; its UCIDs can be tried again.
#[derive(Debug)]
pub struct ListFailure {
    pub ucids: Vec<Ucid>,
    pub error: Error,
}

/// One result of [`ClaimsDirect::download_many`].
#[derive(Debug)]
pub struct Downloaded {
    pub job: Job,
    /// The file and the name to save it under; `None` when the service has none (204).
    pub outcome: Result<Option<(String, Blob)>>,
}

/// A CLAIMS Direct client. Every call takes an optional `AbortSignal`.
#[derive(Debug, Clone)]
pub struct ClaimsDirect {
    config: ClaimsConfig,
    transport: Transport,
    budget: Option<SharedBudget>,
}

impl ClaimsDirect {
    pub fn new(config: ClaimsConfig, transport: Transport) -> ClaimsDirect {
        ClaimsDirect {
            config,
            transport,
            budget: None,
        }
    }

    /// Paces every call (retries included) against `budget`, which other clients of the
    /// same login may share.
    pub fn with_budget(mut self, budget: SharedBudget) -> ClaimsDirect {
        self.budget = Some(budget);
        self
    }

    pub fn config(&self) -> &ClaimsConfig {
        &self.config
    }

    /// The attachments of one UCID (empty when the service answers 204).
    pub async fn list(&self, ucid: &Ucid, signal: Option<&AbortSignal>) -> Result<Vec<Attachment>> {
        let request = list::request(&self.config, ucid);
        let reply = self
            .send(Endpoint::List, &request, ReadAs::Text, signal)
            .await?;
        list::parse(&reply.head, reply.text())
    }

    /// The attachments of many UCIDs, de-duplicated and sent in `multi=1` batches of at
    /// most [`list::BATCH_LIMIT`] with [`LIST_CONCURRENCY`] in flight. A failed batch does
    /// not lose the others: its UCIDs are reported with the error. Only an abort fails the
    /// whole set.
    pub async fn list_set(&self, ucids: &[Ucid], signal: Option<&AbortSignal>) -> Result<ListSet> {
        let unique = list::dedupe(ucids);
        let requests = list::batches(&unique)
            .map(|batch| Ok((batch.to_vec(), list::request_many(&self.config, batch)?)))
            .collect::<Result<Vec<(Vec<Ucid>, HttpRequest)>>>()?;
        let outcomes: Vec<(Vec<Ucid>, Result<Vec<list::ServerGroup>>)> = stream::iter(requests)
            .map(|(batch, request)| async move {
                let outcome = async {
                    let reply = self
                        .send(Endpoint::List, &request, ReadAs::Text, signal)
                        .await?;
                    list::parse_many(&reply.head, reply.text())
                }
                .await;
                (batch, outcome)
            })
            .buffered(LIST_CONCURRENCY)
            .collect()
            .await;
        let mut set = ListSet::default();
        for (ucids, outcome) in outcomes {
            match outcome {
                Ok(groups) => set.listings.extend(list::merge(&ucids, groups)),
                Err(e) if e.kind() == ErrorKind::Aborted => return Err(e),
                Err(error) => set.failed.push(ListFailure { ucids, error }),
            }
        }
        Ok(set)
    }

    /// [`ClaimsDirect::list_set`] when every batch must succeed: the first batch error is
    /// the error.
    pub async fn list_many(
        &self,
        ucids: &[Ucid],
        signal: Option<&AbortSignal>,
    ) -> Result<Vec<Listing>> {
        let set = self.list_set(ucids, signal).await?;
        match set.failed.into_iter().next() {
            Some(failure) => Err(failure.error),
            None => Ok(set.listings),
        }
    }

    /// Downloads `jobs` (see [`crate::claims::bulk::plan`]) with `concurrency` in flight, yielding each
    /// result as it completes. Failures are per job; stop early by aborting `signal`.
    pub fn download_many<'a>(
        &'a self,
        jobs: Vec<Job>,
        concurrency: usize,
        signal: Option<&'a AbortSignal>,
    ) -> impl Stream<Item = Downloaded> + 'a {
        stream::iter(jobs)
            .map(move |job| async move {
                let outcome = self.download(&job, signal).await;
                Downloaded { job, outcome }
            })
            .buffer_unordered(concurrency.max(1))
    }

    async fn download(
        &self,
        job: &Job,
        signal: Option<&AbortSignal>,
    ) -> Result<Option<(String, Blob)>> {
        let file = match job.endpoint {
            FileEndpoint::FetchAll => Some(self.fetch_all(&job.ucid, signal).await?),
            FileEndpoint::Pdf => self.pdf(&job.ucid, signal).await?,
            FileEndpoint::AbstractImage => self.abstract_image(&job.ucid, None, signal).await?,
            FileEndpoint::Fetch => {
                let path = job.path.as_deref().unwrap_or_default();
                Some(self.fetch(path, signal).await?)
            }
        };
        Ok(file.map(|blob| (job.file_name(Some(&blob.type_())), blob)))
    }

    /// One attachment by the `path` that `list` returned.
    pub async fn fetch(&self, path: &str, signal: Option<&AbortSignal>) -> Result<Blob> {
        let request = files::fetch_request(&self.config, path)?;
        required(self.file(FileEndpoint::Fetch, &request, signal).await?)
    }

    /// Every attachment of a UCID as one zip.
    pub async fn fetch_all(&self, ucid: &Ucid, signal: Option<&AbortSignal>) -> Result<Blob> {
        let request = files::fetch_all_request(&self.config, ucid);
        required(self.file(FileEndpoint::FetchAll, &request, signal).await?)
    }

    /// The full-document PDF, or `None` when the service has none (204).
    pub async fn pdf(&self, ucid: &Ucid, signal: Option<&AbortSignal>) -> Result<Option<Blob>> {
        let request = files::pdf_request(&self.config, ucid);
        self.file(FileEndpoint::Pdf, &request, signal).await
    }

    /// The abstract image, converted to `accept` if given, or `None` (204).
    pub async fn abstract_image(
        &self,
        ucid: &Ucid,
        accept: Option<&str>,
        signal: Option<&AbortSignal>,
    ) -> Result<Option<Blob>> {
        let request = files::abstract_image_request(&self.config, ucid, accept)?;
        self.file(FileEndpoint::AbstractImage, &request, signal)
            .await
    }

    async fn file(
        &self,
        endpoint: FileEndpoint,
        request: &HttpRequest,
        signal: Option<&AbortSignal>,
    ) -> Result<Option<Blob>> {
        let reply = self
            .send(endpoint.into(), request, ReadAs::Binary, signal)
            .await?;
        let head = reply.head.clone();
        match files::outcome(endpoint, &head)? {
            FileOutcome::None => Ok(None),
            FileOutcome::File { check_envelope } => {
                let blob = required(reply.into_binary())?;
                if check_envelope {
                    // Only JSON bodies are read back, to look for a failure envelope.
                    let text = JsFuture::from(blob.text()).await.unwrap_or_default();
                    files::check_file_body(&head, &text.as_string().unwrap_or_default())?;
                }
                Ok(Some(blob))
            }
        }
    }
}

/// How many late timers a paced call is reserved again for before it is sent as it is.
const LATE_TIMERS: u32 = 3;

impl ClaimsDirect {
    /// Sends `request`, paced by the budget if there is one: every attempt waits for its
    /// units, and a 429 holds the budget for its `Retry-After`.
    async fn send(
        &self,
        endpoint: Endpoint,
        request: &HttpRequest,
        read: ReadAs,
        signal: Option<&AbortSignal>,
    ) -> Result<Reply<web_sys::Blob>> {
        let Some(budget) = &self.budget else {
            return self.transport.send(request, read, signal).await;
        };
        let now = || js_sys::Date::now() as u64;
        self.transport
            .retrying(request.idempotent, signal, async |retry| {
                let mut start = now();
                let mut wait = budget.borrow_mut().reserve(endpoint, start);
                // Woken late (a busy page, a background tab): reserved again from now, up to
                // LATE_TIMERS times (a loaded machine can be late twice running), then sent
                // as it is. A call that may start at once is on time by definition, so a
                // throttled tab still makes progress.
                let mut late = 0;
                while wait > 0 {
                    sleep(wait, signal).await?;
                    let woke = now();
                    if Budget::on_time(start + wait, woke) || late == LATE_TIMERS {
                        break;
                    }
                    late += 1;
                    wait = budget
                        .borrow_mut()
                        .reserve_again(endpoint, start + wait, woke);
                    start = woke;
                }
                let outcome = self
                    .transport
                    .attempt(request, read, signal, ResponseHead::error, retry)
                    .await;
                if let Err(e) = &outcome {
                    if e.kind() == ErrorKind::RateLimited {
                        budget.borrow_mut().refused(e.retry_after_ms(), now());
                    }
                }
                outcome
            })
            .await
    }
}

/// A file the endpoint always returns (its 204 is already an error by then).
fn required(blob: Option<Blob>) -> Result<Blob> {
    blob.ok_or_else(|| Error::new(ErrorKind::Parse, "the response carried no file"))
}
