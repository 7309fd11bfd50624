//! `Das`: the WIPO DAS exchange API, from the browser or a native program, for both roles — the office of second
//! filing (retrievals, downloads through presigned URLs, deletion) and the office of first
//! filing (uploads to the transit zone, validation, registrations, notifications).
//!
//! Every call gets a bearer token from [`token::Tokens`] and is retried once with a fresh
//! token on 401. Transit-zone requests carry no `Authorization` header and no credentials.

#[cfg(target_arch = "wasm32")]
pub mod batch;
mod poll;
mod token;
mod transfer;
mod watch;

#[cfg(target_arch = "wasm32")]
pub use crate::transport::PrivateKey;
pub use token::{TokenCallback, TokenSource};

/// An office's private key as offices hold it (PEM: PKCS#8, or SEC1 as `openssl ecparam`
/// writes it) imported into WebCrypto as a **non-extractable** ES256 signing key, ready for
/// `TokenSource::PrivateKey(PrivateKey::Key(…))` and for storing in IndexedDB. The DER copy
/// in wasm memory is overwritten once imported.
#[cfg(target_arch = "wasm32")]
pub async fn import_office_key(pem: &str) -> Result<web_sys::CryptoKey> {
    let mut der = crate::das::keys::pkcs8_der_from_pem(pem)?;
    let key = crate::transport::crypto::import_pkcs8(&der).await;
    der.fill(0);
    key
}
pub use transfer::UploadPhase;
pub use watch::OnUpdate;

use crate::das::endpoint::{
    CreateUploadUrl, DeleteFile, DownloadUrl, Endpoint, FileStatusOf, ListRetrievals, Notify,
    RefreshUploadUrl, Register, RegistrationStatus, RequestRetrieval, UpdateRegistration,
    WithdrawRegistration,
};
use crate::das::forms::{Disputed, Form, FormMemory};
use crate::das::registrations::RegistrationStatusBody;
use crate::das::retrievals::RetrievalList;
use crate::das::watch::PollSchedule;
use crate::das::{
    errors, registrations, DasConfig, DocumentAvailability, DocumentQuery, FileDownloadUrl,
    FileStatus, FileUploadUrl, Registration, RequestAck, RequestStatus, RetrievalStatus,
    TransitFileRef, UploadRequest,
};
use crate::error::{ErrorKind, Result};
use crate::http::HttpRequest;
use crate::platform::Platform;
use crate::transport::{DefaultPlatform, ReadAs, Reply, Transport};
use std::cell::RefCell;
use std::rc::Rc;

/// A DAS client on platform `P` (the browser in wasm, else native). Cheap to clone: clones
/// share the token cache, the learnt forms and the retrieval watcher.
pub struct Das<P: Platform = DefaultPlatform> {
    inner: Rc<Inner<P>>,
}

impl<P: Platform> Clone for Das<P> {
    fn clone(&self) -> Self {
        Das {
            inner: self.inner.clone(),
        }
    }
}

struct Inner<P: Platform> {
    config: DasConfig,
    transport: Transport<P>,
    tokens: token::Tokens<P>,
    watcher: watch::Watcher<P>,
    forms: RefCell<FormMemory>,
}

impl<P: Platform> Das<P> {
    pub fn new(config: DasConfig, transport: Transport<P>, source: TokenSource<P>) -> Das<P> {
        Das {
            inner: Rc::new(Inner {
                tokens: token::Tokens::new(config.clone(), transport, source),
                forms: RefCell::new(FormMemory::new(config.form_policy())),
                config,
                transport,
                watcher: watch::Watcher::default(),
            }),
        }
    }

    pub fn config(&self) -> &DasConfig {
        &self.inner.config
    }

    /// Sends an API request with a bearer token; on 401 fetches a fresh token and tries
    /// once more.
    async fn call(
        &self,
        request: HttpRequest,
        read: ReadAs,
        signal: Option<&P::Signal>,
    ) -> Result<Reply<P::Binary>> {
        let inner = &self.inner;
        let mut authorized = request.clone();
        authorized
            .headers
            .push(("authorization", inner.tokens.authorization().await?));
        match inner
            .transport
            .send_as(&authorized, read, signal, errors::api_error)
            .await
        {
            Err(e) if e.status() == Some(401) && e.kind() == ErrorKind::Unauthorized => {
                inner.tokens.invalidate();
                let mut retried = request;
                retried
                    .headers
                    .push(("authorization", inner.tokens.authorization().await?));
                inner
                    .transport
                    .send_as(&retried, read, signal, errors::api_error)
                    .await
            }
            other => other,
        }
    }

    /// Sends any DAS endpoint as its [`Endpoint`] description says: in the remembered form
    /// when it has two, with a bearer token (renewed once on 401), retried only if the
    /// description allows it, its answer read by the endpoint.
    pub async fn send<E: Endpoint>(
        &self,
        endpoint: &E,
        signal: Option<&P::Signal>,
    ) -> Result<E::Output> {
        let build = |config: &DasConfig, form| endpoint.request(config, form);
        let reply = self.answer(E::DISPUTED, &build, signal).await?;
        endpoint.parse(&reply.head, reply.text())
    }

    /// The answer to a request built by `build`. For an endpoint with two documented forms:
    /// the remembered one first, the other once if the route is missing; the form that
    /// answered is remembered. Not generic, so its code exists once however many endpoints
    /// there are.
    async fn answer(
        &self,
        disputed: Option<Disputed>,
        build: &dyn Fn(&DasConfig, Form) -> Result<HttpRequest>,
        signal: Option<&P::Signal>,
    ) -> Result<Reply<P::Binary>> {
        let config = &self.inner.config;
        let Some(endpoint) = disputed else {
            return self
                .call(build(config, Form::default())?, ReadAs::Text, signal)
                .await;
        };
        let first = self.inner.forms.borrow().first(endpoint);
        let mut form = first;
        loop {
            let outcome = self.call(build(config, form)?, ReadAs::Text, signal).await;
            let mut forms = self.inner.forms.borrow_mut();
            forms.record(endpoint, form, outcome.as_ref().map(|_| ()));
            match &outcome {
                Err(e) if form == first => match forms.fallback(form, e) {
                    Some(other) => form = other,
                    None => return outcome,
                },
                _ => return outcome,
            }
        }
    }

    /// The forms this client has found the service to speak, per disputed endpoint.
    pub fn learnt_forms(&self) -> Vec<(Disputed, Form)> {
        self.inner.forms.borrow().learnt()
    }

    // ---- office of second filing ----

    /// Asks DAS for a priority document; returns the acknowledgement (`requestAckId`).
    pub async fn request_retrieval(
        &self,
        document: &DocumentQuery,
        signal: Option<&P::Signal>,
    ) -> Result<RequestAck> {
        self.send(&RequestRetrieval(document), signal).await
    }

    /// This office's retrievals in process or newly completed (and the items that could not
    /// be read, each on its own).
    pub async fn retrievals(&self, signal: Option<&P::Signal>) -> Result<RetrievalList> {
        self.send(&ListRetrievals { ack_id: None }, signal).await
    }

    /// The retrieval with this ack id, asked for by it (`?requestAckId=`): found even after
    /// it has dropped out of the whole list.
    pub async fn retrievals_with_ack(
        &self,
        ack_id: &str,
        signal: Option<&P::Signal>,
    ) -> Result<RetrievalList> {
        let endpoint = ListRetrievals {
            ack_id: Some(ack_id),
        };
        self.send(&endpoint, signal).await
    }

    /// Follows a retrieval until it succeeds or fails. All watched ack ids of this client
    /// share one `GET requests/retrievals` per interval (backoff from `interval_ms`, about
    /// 2 s, to 60 s, with jitter); one missing from it is asked for by its ack id. `on_update`
    /// sees every change of status, unknown words included. Ends with `not_found` if neither
    /// has the ack id several polls in a row, and with `timeout` after `timeout_ms`.
    pub async fn watch_retrieval(
        &self,
        ack_id: &str,
        on_update: Option<OnUpdate>,
        interval_ms: Option<u64>,
        timeout_ms: Option<u64>,
        signal: Option<&P::Signal>,
    ) -> Result<RetrievalStatus> {
        watch::watch(self, ack_id, on_update, interval_ms, timeout_ms, signal).await
    }

    /// The presigned download URL of a retrieved document. Hand it to the browser (a link or
    /// navigation) so the bytes never pass through wasm.
    pub async fn download_url(
        &self,
        file: &TransitFileRef,
        signal: Option<&P::Signal>,
    ) -> Result<FileDownloadUrl> {
        self.send(&DownloadUrl(file), signal).await
    }

    /// The retrieved document (a Blob in the browser, bytes natively); a fresh URL is asked
    /// for once if the first is refused.
    pub async fn download(
        &self,
        file: &TransitFileRef,
        signal: Option<&P::Signal>,
    ) -> Result<P::Binary> {
        transfer::download(self, file, signal).await
    }

    /// Deletes a downloaded document from the transit zone.
    pub async fn delete_file(
        &self,
        file: &TransitFileRef,
        signal: Option<&P::Signal>,
    ) -> Result<()> {
        self.send(&DeleteFile(file), signal).await
    }

    // ---- office of first filing ----

    pub async fn create_upload_url(
        &self,
        upload: &UploadRequest,
        signal: Option<&P::Signal>,
    ) -> Result<FileUploadUrl> {
        self.send(&CreateUploadUrl(upload), signal).await
    }

    pub async fn refresh_upload_url(
        &self,
        file_id: &str,
        signal: Option<&P::Signal>,
    ) -> Result<FileUploadUrl> {
        self.send(&RefreshUploadUrl { file_id }, signal).await
    }

    pub async fn file_status(
        &self,
        file_id: &str,
        signal: Option<&P::Signal>,
    ) -> Result<FileStatus> {
        self.send(&FileStatusOf { file_id }, signal).await
    }

    /// Checksum, presigned upload (refreshed once if refused), validation: see
    /// [`transfer::upload`].
    pub async fn upload(
        &self,
        file: &P::File,
        file_reference: &str,
        format: crate::das::FileFormat,
        on_progress: Rc<dyn Fn(f64, f64, UploadPhase)>,
        signal: Option<&P::Signal>,
    ) -> Result<FileStatus> {
        transfer::upload(self, file, file_reference, format, on_progress, signal).await
    }

    pub async fn register(
        &self,
        registration: &Registration,
        signal: Option<&P::Signal>,
    ) -> Result<RequestAck> {
        self.send(&Register(registration), signal).await
    }

    /// Corrects a registration, or replaces its content with a new `fileId`.
    pub async fn update_registration(
        &self,
        registration: &Registration,
        signal: Option<&P::Signal>,
    ) -> Result<RequestAck> {
        self.send(&UpdateRegistration(registration), signal).await
    }

    pub async fn withdraw_registration(
        &self,
        document: &DocumentQuery,
        signal: Option<&P::Signal>,
    ) -> Result<RequestAck> {
        self.send(&WithdrawRegistration(document), signal).await
    }

    /// The registration certificate (PDF).
    pub async fn certificate(
        &self,
        document: &DocumentQuery,
        signal: Option<&P::Signal>,
    ) -> Result<P::Binary> {
        let reply = self
            .call(
                registrations::certificate_request(&self.inner.config, document)?,
                ReadAs::Binary,
                signal,
            )
            .await?;
        reply
            .into_binary()
            .ok_or_else(|| crate::Error::new(ErrorKind::Parse, "the response carried no file"))
    }

    /// Whether a document is registered with these data (-7/-12/-14 as `das` errors).
    pub async fn registration_status(
        &self,
        document: &DocumentQuery,
        signal: Option<&P::Signal>,
    ) -> Result<RegistrationStatusBody> {
        self.send(&RegistrationStatus(document), signal).await
    }

    /// Follows a registration DAS acknowledged as pending until its status says registered
    /// (the status body) or failed (a `das` error), for at most the validation timeout.
    pub async fn follow_registration(
        &self,
        document: &DocumentQuery,
        signal: Option<&P::Signal>,
    ) -> Result<RegistrationStatusBody> {
        let what = format!(
            "the registration of {} was not settled",
            document.document_number
        );
        let schedule = PollSchedule::new(500, 10_000);
        let timeout_ms = self.config().validation_timeout_ms();
        poll::until_settled::<P, _>(schedule, timeout_ms, &what, signal, async || {
            let status = self.registration_status(document, signal).await?;
            match status.state() {
                RequestStatus::Success => Ok(Some(status)),
                RequestStatus::Error => Err(status.failure()),
                RequestStatus::Pending | RequestStatus::Unknown => Ok(None),
            }
        })
        .await
    }

    /// Tells DAS a document is available (or failed) for an ack id. 201 or 204 both succeed.
    pub async fn notify(
        &self,
        availability: &DocumentAvailability,
        signal: Option<&P::Signal>,
    ) -> Result<()> {
        self.send(&Notify(availability), signal).await
    }
}
