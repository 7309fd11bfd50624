//! The office's event stream (`GET /office/v1/events`, Server-Sent Events), read from a
//! `fetch` body because `EventSource` cannot send the staff token. Only "something arrived"
//! is taken from it: the inbox is then read as usual, so an event's content never matters.

use futures_util::future::{select, Either};
use ipdocs::http::BaseUrl;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, ReadableStreamDefaultReader, ReadableStreamReadResult, Request, RequestInit,
    Response,
};

/// The inbox URL and the staff token in use (a stream is followed while they stay so).
#[derive(Debug, Clone, PartialEq)]
pub struct Inbox {
    pub url: String,
    pub token: String,
}

impl Inbox {
    /// The URL of an inbox API path (`/office/v1/…`).
    pub fn endpoint(&self, path: &str) -> ipdocs::Result<String> {
        Ok(format!(
            "{}/office/v1{path}",
            BaseUrl::parse(&self.url)?.as_str()
        ))
    }
}

#[derive(Debug, PartialEq)]
pub enum Waited {
    /// An event (a `data:` line) arrived.
    Event,
    /// Nothing within the time given, or only keep-alive comments.
    Quiet,
    /// The stream ended or failed: open it again.
    Ended,
}

pub struct Stream {
    reader: ReadableStreamDefaultReader,
    abort: AbortController,
    /// A read still waiting for the next chunk, kept across [`Stream::next`] calls so that
    /// no chunk is read by nobody.
    pending: Option<JsFuture>,
}

impl Stream {
    /// Opens the stream; `None` when the office has none to give (an older office, a proxy
    /// refusing it, no connection).
    pub async fn open(inbox: &Inbox) -> Option<Stream> {
        let url = inbox.endpoint("/events").ok()?;
        let abort = AbortController::new().ok()?;
        let init = RequestInit::new();
        init.set_signal(Some(&abort.signal()));
        init.set_credentials(web_sys::RequestCredentials::Omit);
        let request = Request::new_with_str_and_init(&url, &init).ok()?;
        let headers = request.headers();
        headers.set("accept", "text/event-stream").ok()?;
        headers
            .set("authorization", &format!("Bearer {}", inbox.token))
            .ok()?;
        let window = web_sys::window()?;
        let response: Response = JsFuture::from(window.fetch_with_request(&request))
            .await
            .ok()?
            .dyn_into()
            .ok()?;
        let is_stream = response
            .headers()
            .get("content-type")
            .ok()
            .flatten()
            .is_some_and(|t| t.starts_with("text/event-stream"));
        if !response.ok() || !is_stream {
            abort.abort();
            return None;
        }
        let reader = response.body()?.get_reader().dyn_into().ok()?;
        Some(Stream {
            reader,
            abort,
            pending: None,
        })
    }

    /// Waits up to `ms` for the next chunk.
    pub async fn next(&mut self, ms: u64) -> Waited {
        let read = self
            .pending
            .take()
            .unwrap_or_else(|| JsFuture::from(self.reader.read()));
        let timer = Box::pin(ipdocs::transport::sleep(ms, None));
        match select(read, timer).await {
            Either::Left((chunk, _)) => match chunk {
                Ok(chunk) => carried(chunk),
                Err(_) => Waited::Ended,
            },
            Either::Right((_, read)) => {
                self.pending = Some(read);
                Waited::Quiet
            }
        }
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        self.abort.abort();
    }
}

/// What a read chunk means: the end of the stream, an event, or a keep-alive.
fn carried(chunk: JsValue) -> Waited {
    let result: ReadableStreamReadResult = chunk.unchecked_into();
    if result.get_done().unwrap_or(true) {
        return Waited::Ended;
    }
    let bytes = js_sys::Uint8Array::new(&result.get_value()).to_vec();
    match bytes.windows(5).any(|w| w == b"data:") {
        true => Waited::Event,
        false => Waited::Quiet,
    }
}
