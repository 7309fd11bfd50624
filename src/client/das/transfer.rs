//! Moving files through the transit zone.
//!
//! Upload: SHA-256 over 1 MiB slices (bounded memory) → `POST files/url-uploads` → `PUT` of
//! the file itself to the presigned URL (in the browser the Blob by XHR, for progress; refused URL → `PUT
//! files/url-uploads` for a fresh one, once; transient failures retried) → poll the file
//! status until validated or rejected, and compare the service's checksum with ours.
//! Download: presigned URL → `GET` into the platform's binary body (a Blob in the browser) (a refused URL is replaced once).

use super::{poll, Das};
use crate::das::watch::PollSchedule;
use crate::das::{
    transit, FileFormat, FileState, FileStatus, FileUploadUrl, TransitFileRef, UploadRequest,
};
use crate::error::{Error, ErrorKind, Result};
use crate::platform::Platform;
use crate::transport::ReadAs;
use std::rc::Rc;

/// What an upload is doing, for progress reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadPhase {
    Checksum,
    Upload,
    Validation,
}

impl UploadPhase {
    pub fn as_str(self) -> &'static str {
        match self {
            UploadPhase::Checksum => "checksum",
            UploadPhase::Upload => "upload",
            UploadPhase::Validation => "validation",
        }
    }
}

pub async fn upload<P: Platform>(
    das: &Das<P>,
    file: &P::File,
    file_reference: &str,
    format: FileFormat,
    on_progress: Rc<dyn Fn(f64, f64, UploadPhase)>,
    signal: Option<&P::Signal>,
) -> Result<FileStatus> {
    let checksum = {
        let progress = on_progress.clone();
        P::sha256_hex(
            file,
            &move |done, total| progress(done, total, UploadPhase::Checksum),
            signal,
        )
        .await?
    };
    let request = UploadRequest {
        file_reference: file_reference.to_owned(),
        file_format_category: format,
        file_checksum: checksum.clone(),
    };
    let created = das.create_upload_url(&request, signal).await?;
    put(das, &created, file, format, on_progress.clone(), signal).await?;
    let status = validated(
        das,
        &created.file_id,
        P::file_size(file),
        on_progress,
        signal,
    )
    .await?;
    match &status.file_checksum {
        Some(theirs) if !theirs.eq_ignore_ascii_case(&checksum) => Err(Error::new(
            ErrorKind::Das,
            format!("checksum mismatch: the transit zone holds {theirs}, the file is {checksum}"),
        )
        .with_code("CHECKSUM_MISMATCH")),
        _ => Ok(status),
    }
}

/// PUTs the file, replacing a refused (expired) URL once and retrying transient failures.
async fn put<P: Platform>(
    das: &Das<P>,
    created: &FileUploadUrl,
    file: &P::File,
    format: FileFormat,
    on_progress: Rc<dyn Fn(f64, f64, UploadPhase)>,
    signal: Option<&P::Signal>,
) -> Result<()> {
    let mut url = created.file_upload_url.clone();
    let (mut refreshed, mut retry) = (false, 0);
    loop {
        let progress = on_progress.clone();
        let outcome = P::put_file(
            &url,
            file,
            format.media_type(),
            Rc::new(move |loaded, total| progress(loaded, total, UploadPhase::Upload)),
            das.config().upload_idle_timeout_ms(),
            signal,
        )
        .await;
        let error = match outcome {
            Ok(reply) if reply.head.is_success() => return Ok(()),
            Ok(reply) => transit::error(&reply.head, &reply.body, P::now_ms()),
            Err(e) => e,
        };
        if error.kind() == ErrorKind::Aborted {
            return Err(error);
        }
        if transit::is_refusal(&error) && !refreshed {
            refreshed = true;
            url = das
                .refresh_upload_url(&created.file_id, signal)
                .await?
                .file_upload_url;
            continue;
        }
        match das
            .inner
            .transport
            .retry
            .delay_ms(retry, &error, P::random())
        {
            Some(ms) => P::sleep(ms, signal).await?,
            None => return Err(error),
        }
        retry += 1;
    }
}

/// Polls the file status until the transit zone has validated (or rejected) the upload, for
/// at most the configured validation timeout.
async fn validated<P: Platform>(
    das: &Das<P>,
    file_id: &str,
    size: f64,
    on_progress: Rc<dyn Fn(f64, f64, UploadPhase)>,
    signal: Option<&P::Signal>,
) -> Result<FileStatus> {
    let timeout_ms = das.config().validation_timeout_ms();
    let what = format!("file {file_id} was not validated");
    // 100 ms growing by half to 5 s: a quick validation is seen within ~0.1 s (it was 250 ms,
    // most of an unattended answer's time against the simulator), a slow one costs a few
    // more polls in its first seconds.
    let schedule = PollSchedule::new(100, 5_000);
    poll::until_settled::<P, _>(schedule, timeout_ms, &what, signal, async || {
        let status = das.file_status(file_id, signal).await?;
        match status.state() {
            FileState::Validated => {
                on_progress(size, size, UploadPhase::Validation);
                Ok(Some(status))
            }
            FileState::Failed => Err(rejected(&status)),
            FileState::Processing => {
                on_progress(0.0, size, UploadPhase::Validation);
                Ok(None)
            }
        }
    })
    .await
}

/// The `das` error of an upload the service rejected, with its code and details.
fn rejected(status: &FileStatus) -> Error {
    let app = status.error.clone().unwrap_or_default();
    let error = Error::new(
        ErrorKind::Das,
        format!("the uploaded file was rejected: {}", app.summary()),
    )
    .with_details(app.details());
    match app.code {
        Some(code) => error.with_code(code),
        None => error,
    }
}

pub async fn download<P: Platform>(
    das: &Das<P>,
    file: &TransitFileRef,
    signal: Option<&P::Signal>,
) -> Result<P::Binary> {
    let mut attempt = 0;
    loop {
        let url = das.download_url(file, signal).await?.file_download_url;
        let request = transit::download_request(&url)?;
        match das
            .inner
            .transport
            .send_as(&request, ReadAs::Binary, signal, transit::error)
            .await
        {
            Ok(reply) => {
                return reply
                    .into_binary()
                    .ok_or_else(|| Error::new(ErrorKind::Parse, "the response carried no file"))
            }
            Err(e) if transit::is_refusal(&e) && attempt == 0 => attempt += 1,
            Err(e) => return Err(e),
        }
    }
}
