//! `ClaimsDirect`: the CLAIMS Direct attachment service from the browser.

use crate::claims::files::{self, FileEndpoint, FileOutcome};
use crate::claims::{list, Attachment, ClaimsConfig};
use crate::error::{Error, ErrorKind, Result};
use crate::http::HttpRequest;
use crate::transport::{LinkedAbort, ReadAs, Transport};
use crate::ucid::Ucid;
use futures_util::stream::{self, StreamExt, TryStreamExt};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, Blob};

/// `multi=1` batches in flight at once for [`ClaimsDirect::list_many`].
pub const LIST_CONCURRENCY: usize = 4;

/// A CLAIMS Direct client. Every call takes an optional `AbortSignal`.
#[derive(Debug, Clone)]
pub struct ClaimsDirect {
    config: ClaimsConfig,
    transport: Transport,
}

impl ClaimsDirect {
    pub fn new(config: ClaimsConfig, transport: Transport) -> ClaimsDirect {
        ClaimsDirect { config, transport }
    }

    pub fn config(&self) -> &ClaimsConfig {
        &self.config
    }

    /// The attachments of one UCID (empty when the service answers 204).
    pub async fn list(&self, ucid: &Ucid, signal: Option<&AbortSignal>) -> Result<Vec<Attachment>> {
        let reply = self
            .transport
            .send(&list::request(&self.config, ucid), ReadAs::Text, signal)
            .await?;
        list::parse(&reply.head, reply.text())
    }

    /// The attachments of many UCIDs: de-duplicated, sent in `multi=1` batches of at most
    /// [`list::BATCH_LIMIT`] with [`LIST_CONCURRENCY`] in flight, and returned in request
    /// order with an entry (possibly empty) for every UCID. If one batch fails, the others
    /// are aborted and the error is returned.
    pub async fn list_many(
        &self,
        ucids: &[Ucid],
        signal: Option<&AbortSignal>,
    ) -> Result<Vec<(Ucid, Vec<Attachment>)>> {
        let unique = list::dedupe(ucids);
        let batch_abort = LinkedAbort::new(signal)?;
        let batch_signal = batch_abort.signal();
        let requests = list::batches(&unique)
            .map(|batch| list::request_many(&self.config, batch))
            .collect::<Result<Vec<HttpRequest>>>()?;
        let results: Result<Vec<Vec<list::ServerGroup>>> = stream::iter(requests)
            .map(|request| {
                let signal = batch_signal.clone();
                async move {
                    let reply = self
                        .transport
                        .send(&request, ReadAs::Text, Some(&signal))
                        .await?;
                    list::parse_many(&reply.head, reply.text())
                }
            })
            .buffered(LIST_CONCURRENCY)
            .try_collect()
            .await;
        match results {
            Ok(groups) => Ok(list::merge(&unique, groups.into_iter().flatten())),
            Err(e) => {
                batch_abort.abort();
                Err(e)
            }
        }
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
        let reply = self.transport.send(request, ReadAs::Blob, signal).await?;
        let head = reply.head.clone();
        match files::outcome(endpoint, &head)? {
            FileOutcome::None => Ok(None),
            FileOutcome::File { check_envelope } => {
                let blob = required(reply.into_blob())?;
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

/// A file the endpoint always returns (its 204 is already an error by then).
fn required(blob: Option<Blob>) -> Result<Blob> {
    blob.ok_or_else(|| Error::new(ErrorKind::Parse, "the response carried no file"))
}
