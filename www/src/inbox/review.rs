//! Review before sending: nothing goes to WIPO from the answer form until the clerk has seen
//! what will be sent (the document it answers; the file's name, size, pages, checksum and first
//! page; or the refusal's code, meaning and message) and pressed "Send to WIPO".

use crate::explain::das_code;
use crate::human;
use crate::lang::tr;
use ipdocs::platform::Platform;
use ipdocs::transport::Browser;
use ipdocs::{Error, Result};
use ipdocs_www_logic::pdf::{self, PdfFacts};
use js_sys::Uint8Array;
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, File};

/// What the clerk answers to one forwarded retrieval.
#[derive(Clone)]
pub(super) enum Answer {
    File(FileReview),
    Refusal { code: i64, message: String },
}

/// A chosen file as it will be sent, with what the clerk checks it by.
#[derive(Clone)]
pub(super) struct FileReview {
    pub file: File,
    /// The SHA-256 the upload announces to DAS (it is computed again then, from the same file).
    checksum: String,
    facts: PdfFacts,
    /// An object URL of the file for the first-page preview, revoked by [`Answer::forget`].
    preview: String,
}

impl FileReview {
    pub async fn of(file: File) -> Result<FileReview> {
        let checksum = Browser::sha256_hex(&file, &|_, _| {}, None).await?;
        let size = file.size();
        let end = pdf::END_BYTES as f64;
        let head = bytes(&file, 0.0, size.min(end)).await?;
        let tail = bytes(&file, (size - end).max(0.0), size).await?;
        let preview = web_sys::Url::create_object_url_with_blob(&file)
            .map_err(|_| Error::invalid_input("the browser could not show this file"))?;
        Ok(FileReview {
            facts: pdf::facts(&head, &tail),
            file,
            checksum,
            preview,
        })
    }
}

impl Answer {
    /// Lets go of what the review held (the preview's object URL).
    pub fn forget(&self) {
        if let Answer::File(review) = self {
            let _ = web_sys::Url::revoke_object_url(&review.preview);
        }
    }

    /// Why this answer may not be sent, if it may not.
    fn refused_because(&self) -> Option<&'static str> {
        match self {
            Answer::File(r) if !r.facts.is_pdf => Some(tr!(inbox.review.not_pdf)),
            Answer::File(r) if r.file.size() == 0.0 => Some(tr!(inbox.review.empty)),
            _ => None,
        }
    }
}

/// `[start, end)` of a blob, copied into wasm memory (the review reads two small ends only).
async fn bytes(blob: &Blob, start: f64, end: f64) -> Result<Vec<u8>> {
    let failed = |_| Error::invalid_input("the file could not be read");
    let part = blob.slice_with_f64_and_f64(start, end).map_err(failed)?;
    let buffer = JsFuture::from(part.array_buffer()).await.map_err(failed)?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// What will be sent, with "Send to WIPO" and "Cancel".
#[component]
pub(super) fn Review(
    document: String,
    answer: Answer,
    on_send: impl Fn(Answer) + 'static,
    on_cancel: impl Fn() + 'static,
) -> impl IntoView {
    let blocked = answer.refused_because();
    let (what, details) = match &answer {
        Answer::File(r) => (tr!(inbox.review.send_file), file_details(r)),
        Answer::Refusal { code, message } => {
            (tr!(inbox.review.refuse), refusal_details(*code, message))
        }
    };
    let send = {
        let answer = answer.clone();
        move |_| on_send(answer.clone())
    };
    view! {
        <section class="review" aria-label=tr!(inbox.review.label)>
            <h3>{what}</h3>
            <dl class="facts">
                <dt>{tr!(inbox.review.answers)}</dt><dd>{document}</dd>
                {details}
            </dl>
            {blocked.map(|why| view! { <p class="notice error" role="alert">{why}</p> })}
            <div class="actions">
                <button type="button" class="primary send" disabled=blocked.is_some() on:click=send>{tr!(inbox.review.send)}</button>
                <button type="button" class="cancel" on:click=move |_| on_cancel()>{tr!(app.cancel)}</button>
            </div>
        </section>
    }
}

fn file_details(r: &FileReview) -> AnyView {
    let name = r.file.name();
    let pages = match r.facts.pages {
        Some(n) => n.to_string(),
        None => tr!(inbox.review.pages_unknown).into(),
    };
    let preview = format!("{}#page=1&view=FitH&toolbar=0", r.preview);
    view! {
        <dt>{tr!(inbox.review.file)}</dt><dd class="file-name" title=name.clone()>{name.clone()}</dd>
        <dt>{tr!(inbox.review.size)}</dt><dd>{human::size(r.file.size())}</dd>
        <dt>{tr!(inbox.review.pages)}</dt><dd class="pages">{pages}</dd>
        <dt>"SHA-256"</dt><dd><code class="checksum">{r.checksum.clone()}</code></dd>
        <dt>{tr!(inbox.review.first_page)}</dt>
        <dd>
            {r.facts.is_pdf.then(|| view! { <iframe class="first-page" src=preview title=tr!(inbox.review.first_page_of, name = name.clone()).to_string()></iframe> })}
        </dd>
    }
    .into_any()
}

fn refusal_details(code: i64, message: &str) -> AnyView {
    let answerer = crate::explain::current_answerer();
    view! {
        <dt>{tr!(help.code)}</dt><dd><code>{code}</code>" "{das_code(code, answerer)}</dd>
        <dt>{tr!(inbox.review.message)}</dt><dd class="refusal-message">{message.to_owned()}</dd>
    }
    .into_any()
}
