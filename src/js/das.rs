//! `Das` and `sha256Hex` for JavaScript.

use super::call::{self, CallOptions};
use super::convert::{self, property};
use super::das_options::{
    form_policy, token_source, DasOptions, JsDocumentAvailability, JsDocumentQuery,
    JsRegistrationRequest, JsTransitFileRef, JsUploadUrlRequest, Options, UploadOptions,
    WatchOptions,
};
use super::error;
use super::input::{self, Fields, FromJs};
use crate::client;
use crate::client::das::UploadPhase;
use crate::das::{DasConfig, FileFormat};
use crate::error::{Error, Result};
use crate::platform::Platform;
use crate::transport::Browser;
use crate::transport::Transport;
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::AbortSignal;

/// Client of the WIPO DAS exchange API.
#[wasm_bindgen]
pub struct Das {
    pub(super) inner: client::Das,
}

#[wasm_bindgen]
impl Das {
    /// Throws an `IpdocsError` (`invalid_input`) for bad options or an unreadable key.
    #[wasm_bindgen(constructor)]
    pub fn new(options: DasOptions) -> std::result::Result<Das, JsValue> {
        Self::build(options.into()).map_err(error::to_js)
    }

    /// Asks for a priority document. Resolves with `{ requestAckId }`.
    #[wasm_bindgen(js_name = requestRetrieval, unchecked_return_type = "Promise<RequestAck>")]
    pub fn request_retrieval(
        &self,
        document: JsDocumentQuery,
        options: Option<CallOptions>,
    ) -> js_sys::Promise {
        self.answer_with("document", document.into(), options, async |das, d, s| {
            das.request_retrieval(d, s).await
        })
    }

    /// This office's retrievals in process or newly completed, and the items that could not
    /// be read.
    #[wasm_bindgen(unchecked_return_type = "Promise<RetrievalList>")]
    pub fn retrievals(&self, options: Option<CallOptions>) -> js_sys::Promise {
        self.call(options.map(Into::into), |das, signal| async move {
            convert::to_js(&das.retrievals(signal.as_ref()).await?)
        })
    }

    /// Follows a retrieval until it succeeds or fails (settles with its last status).
    #[wasm_bindgen(js_name = watchRetrieval, unchecked_return_type = "Promise<RetrievalStatus>")]
    pub fn watch_retrieval(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] request_ack_id: JsValue,
        options: Option<WatchOptions>,
    ) -> js_sys::Promise {
        let options: JsValue = options.map_or(JsValue::UNDEFINED, Into::into);
        self.call(Some(options.clone()), |das, signal| async move {
            let ack = convert::string("requestAckId", &request_ack_id)?;
            let on_update = convert::opt_function("onUpdate", property(&options, "onUpdate"))?.map(
                |f| -> client::das::OnUpdate {
                    Rc::new(move |status| {
                        if let Ok(value) = convert::to_js(status) {
                            let _ = f.call1(&JsValue::NULL, &value);
                        }
                    })
                },
            );
            let interval = convert::opt_ms("intervalMs", &property(&options, "intervalMs"))?;
            let timeout = convert::opt_ms("timeoutMs", &property(&options, "timeoutMs"))?;
            convert::to_js(
                &das.watch_retrieval(&ack, on_update, interval, timeout, signal.as_ref())
                    .await?,
            )
        })
    }

    /// The presigned URL of a retrieved document, to hand to the browser's own download.
    #[wasm_bindgen(js_name = downloadUrl, unchecked_return_type = "Promise<FileDownloadUrl>")]
    pub fn download_url(
        &self,
        file: JsTransitFileRef,
        options: Option<CallOptions>,
    ) -> js_sys::Promise {
        self.answer_with("file", file.into(), options, async |das, f, s| {
            das.download_url(f, s).await
        })
    }

    /// A retrieved document as a Blob.
    #[wasm_bindgen(unchecked_return_type = "Promise<Blob>")]
    pub fn download(
        &self,
        file: JsTransitFileRef,
        options: Option<CallOptions>,
    ) -> js_sys::Promise {
        self.call_with("file", file.into(), options, async |das, f, s| {
            Ok(das.download(f, s).await?.into())
        })
    }

    /// Deletes a retrieved document from the transit zone.
    #[wasm_bindgen(js_name = deleteFile, unchecked_return_type = "Promise<void>")]
    pub fn delete_file(
        &self,
        file: JsTransitFileRef,
        options: Option<CallOptions>,
    ) -> js_sys::Promise {
        self.call_with("file", file.into(), options, async |das, f, s| {
            das.delete_file(f, s).await?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// A presigned upload URL for a new file (checksum computed beforehand, e.g. sha256Hex).
    #[wasm_bindgen(js_name = createUploadUrl, unchecked_return_type = "Promise<FileUploadUrl>")]
    pub fn create_upload_url(
        &self,
        request: JsUploadUrlRequest,
        options: Option<CallOptions>,
    ) -> js_sys::Promise {
        self.answer_with("upload", request.into(), options, async |das, r, s| {
            das.create_upload_url(r, s).await
        })
    }

    /// A fresh upload URL for an existing fileId (the previous one expired).
    #[wasm_bindgen(js_name = refreshUploadUrl, unchecked_return_type = "Promise<FileUploadUrl>")]
    pub fn refresh_upload_url(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] file_id: JsValue,
        options: Option<CallOptions>,
    ) -> js_sys::Promise {
        self.call(options.map(Into::into), |das, signal| async move {
            let file_id = convert::string("fileId", &file_id)?;
            convert::to_js(&das.refresh_upload_url(&file_id, signal.as_ref()).await?)
        })
    }

    #[wasm_bindgen(js_name = fileStatus, unchecked_return_type = "Promise<FileStatus>")]
    pub fn file_status(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] file_id: JsValue,
        options: Option<CallOptions>,
    ) -> js_sys::Promise {
        self.call(options.map(Into::into), |das, signal| async move {
            let file_id = convert::string("fileId", &file_id)?;
            convert::to_js(&das.file_status(&file_id, signal.as_ref()).await?)
        })
    }

    /// Checksum → presigned URL → PUT of the Blob itself (progress; refreshed once if the URL
    /// expired) → validation. Resolves with the validated file status.
    #[wasm_bindgen(unchecked_return_type = "Promise<FileStatus>")]
    pub fn upload(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Blob")] file: JsValue,
        options: UploadOptions,
    ) -> js_sys::Promise {
        let options: JsValue = options.into();
        self.call(Some(options.clone()), |das, signal| async move {
            let file = convert::blob("file", file)?;
            let reference = convert::string("fileReference", &property(&options, "fileReference"))?;
            let format = property(&options, "fileFormatCategory")
                .as_string()
                .and_then(|category| FileFormat::from_category(&category))
                .ok_or_else(|| {
                    Error::invalid_input("fileFormatCategory must be \"pdf\" or \"zip\"")
                })?;
            let on_progress =
                convert::opt_function("onProgress", property(&options, "onProgress"))?;
            let progress = Rc::new(move |loaded: f64, total: f64, phase: UploadPhase| {
                if let Some(f) = &on_progress {
                    let _ = f.call3(
                        &JsValue::NULL,
                        &loaded.into(),
                        &total.into(),
                        &phase.as_str().into(),
                    );
                }
            });
            convert::to_js(
                &das.upload(&file, &reference, format, progress, signal.as_ref())
                    .await?,
            )
        })
    }

    /// Registers a priority document (with the fileId of a validated upload, or none).
    #[wasm_bindgen(unchecked_return_type = "Promise<RequestAck>")]
    pub fn register(
        &self,
        registration: JsRegistrationRequest,
        options: Option<CallOptions>,
    ) -> js_sys::Promise {
        self.answer_with(
            "registration",
            registration.into(),
            options,
            async |das, r, s| das.register(r, s).await,
        )
    }

    /// Corrects a registration, or replaces its content with a new fileId.
    #[wasm_bindgen(js_name = updateRegistration, unchecked_return_type = "Promise<RequestAck>")]
    pub fn update_registration(
        &self,
        registration: JsRegistrationRequest,
        options: Option<CallOptions>,
    ) -> js_sys::Promise {
        self.answer_with(
            "registration",
            registration.into(),
            options,
            async |das, r, s| das.update_registration(r, s).await,
        )
    }

    /// Withdraws a registration.
    #[wasm_bindgen(js_name = withdrawRegistration, unchecked_return_type = "Promise<RequestAck>")]
    pub fn withdraw_registration(
        &self,
        document: JsDocumentQuery,
        options: Option<CallOptions>,
    ) -> js_sys::Promise {
        self.answer_with("document", document.into(), options, async |das, d, s| {
            das.withdraw_registration(d, s).await
        })
    }

    /// The registration certificate (PDF Blob).
    #[wasm_bindgen(unchecked_return_type = "Promise<Blob>")]
    pub fn certificate(
        &self,
        document: JsDocumentQuery,
        options: Option<CallOptions>,
    ) -> js_sys::Promise {
        self.call_with("document", document.into(), options, async |das, d, s| {
            Ok(das.certificate(d, s).await?.into())
        })
    }

    /// Whether a document is registered with these data (-7/-12/-14 reject as `das` errors).
    #[wasm_bindgen(js_name = registrationStatus, unchecked_return_type = "Promise<Record<string, unknown>>")]
    pub fn registration_status(
        &self,
        document: JsDocumentQuery,
        options: Option<CallOptions>,
    ) -> js_sys::Promise {
        self.call_with("document", document.into(), options, async |das, d, s| {
            convert::json_to_js(das.registration_status(d, s).await?.json.get())
        })
    }

    /// Follows a registration acknowledged as `pending` until DAS has it registered (resolves
    /// with the status) or failed (rejects with kind `das`), within `validationTimeoutMs`.
    #[wasm_bindgen(js_name = followRegistration, unchecked_return_type = "Promise<Record<string, unknown>>")]
    pub fn follow_registration(
        &self,
        document: JsDocumentQuery,
        options: Option<CallOptions>,
    ) -> js_sys::Promise {
        self.call_with("document", document.into(), options, async |das, d, s| {
            convert::json_to_js(das.follow_registration(d, s).await?.json.get())
        })
    }

    /// Notifies DAS that a document is available (or failed) for an ack id.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn notify(
        &self,
        availability: JsDocumentAvailability,
        options: Option<CallOptions>,
    ) -> js_sys::Promise {
        self.call_with(
            "availability",
            availability.into(),
            options,
            async |das, a, s| {
                das.notify(a, s).await?;
                Ok(JsValue::UNDEFINED)
            },
        )
    }
}

impl Das {
    fn build(options: JsValue) -> Result<Das> {
        let fields = Fields::of("Das options", &options);
        let o = Options::read(&fields);
        // The key and the token callback are read by hand (see `token_source`).
        fields.finish(&["privateKey", "privateKeyJwk", "accessToken"])?;
        let mut config = DasConfig::new(
            &o.base_url,
            o.api_prefix.as_deref(),
            &o.token_url,
            &o.client_id,
            o.scope.as_deref(),
        )?
        .with_form_policy(form_policy(o.forms.as_deref())?);
        if let Some(audience) = &o.token_audience {
            config = config.with_token_audience(audience)?;
        }
        if let Some(ms) = o.validation_timeout_ms {
            config = config.with_validation_timeout_ms(u64::from(ms));
        }
        if let Some(ms) = o.upload_idle_timeout_ms {
            config = config.with_upload_idle_timeout_ms(ms);
        }
        let source = token_source(&options, o.private_key_pem.as_deref())?;
        let transport = Transport::with_limits(o.timeout_ms, o.retries)?;
        Ok(Das {
            inner: client::Das::new(config, transport, source),
        })
    }

    /// [`Das::call_with`] for the methods whose answer is a model: what `work` answers is
    /// returned as JS.
    fn answer_with<T, O, F>(
        &self,
        what: &'static str,
        input: JsValue,
        options: Option<CallOptions>,
        work: F,
    ) -> js_sys::Promise
    where
        T: FromJs + 'static,
        O: serde::Serialize,
        F: AsyncFnOnce(&client::Das, &T, Option<&AbortSignal>) -> Result<O> + 'static,
    {
        self.call_with(what, input, options, async |das, input: &T, signal| {
            convert::to_js(&work(das, input, signal).await?)
        })
    }

    /// [`Das::call`] for a method whose first argument is an input object, decoded (unknown
    /// keys refused) before `work` runs.
    fn call_with<T, F>(
        &self,
        what: &'static str,
        input: JsValue,
        options: Option<CallOptions>,
        work: F,
    ) -> js_sys::Promise
    where
        T: FromJs + 'static,
        F: AsyncFnOnce(&client::Das, &T, Option<&AbortSignal>) -> Result<JsValue> + 'static,
    {
        self.call(options.map(Into::into), move |das, signal| async move {
            let input: T = input::input(what, &input)?;
            work(&das, &input, signal.as_ref()).await
        })
    }

    /// [`call::run`] with this client.
    fn call<F, Fut>(&self, options: Option<JsValue>, work: F) -> js_sys::Promise
    where
        F: FnOnce(client::Das, Option<AbortSignal>) -> Fut + 'static,
        Fut: Future<Output = Result<JsValue>> + 'static,
    {
        call::run(self.inner.clone(), options, work)
    }
}

/// SHA-256 of a Blob as lowercase hex: up to 256 MiB by WebCrypto, the file read in one piece
/// (`onProgress` once, at the end); above that in 1 MiB slices in wasm (bounded memory),
/// `onProgress(loaded, total)` after each.
#[wasm_bindgen(js_name = sha256Hex, unchecked_return_type = "Promise<string>")]
pub fn sha256_hex(
    #[wasm_bindgen(unchecked_param_type = "Blob")] blob: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "(loaded: number, total: number) => void")]
    on_progress: Option<JsValue>,
) -> js_sys::Promise {
    error::promise(Box::pin(async move {
        let blob = convert::blob("blob", blob)?;
        let on_progress =
            convert::opt_function("onProgress", on_progress.unwrap_or(JsValue::UNDEFINED))?;
        let progress = move |done: f64, total: f64| {
            if let Some(f) = &on_progress {
                let _ = f.call2(&JsValue::NULL, &done.into(), &total.into());
            }
        };
        Browser::sha256_hex(&blob, &progress, None)
            .await
            .map(JsValue::from)
    }))
}
