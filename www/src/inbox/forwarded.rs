//! One forwarded retrieval in the inbox: what the office did with it by itself (the file it
//! sent or the refusal, the step that failed and why), and the clerk's answer form for one
//! that needs a clerk (reviewed before anything is sent: [`super::review`]).

use super::http::text;
use super::review::{Answer, FileReview, Review};
use super::{call, Forwarded};
use crate::activity::logged;
use crate::context::Ctx;
use crate::explain::ErrorNotice;
use crate::human;
use ipdocs::client::das::UploadPhase;
use ipdocs::das::{DocumentAvailability, FileFormat};
use ipdocs::http::Method;
use ipdocs::{Error, Result};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{json, Value};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

/// Steps 3–5 for one forwarded retrieval, then the answer recorded in the inbox.
async fn answer(
    ctx: Ctx,
    ack: String,
    answer: Answer,
    on_progress: Rc<dyn Fn(f64, f64, UploadPhase)>,
) -> Result<()> {
    let das = ctx.das()?;
    let (notification, recorded) = match answer {
        Answer::File(FileReview { file, .. }) => {
            let status = das
                .upload(&file, &file.name(), FileFormat::Pdf, on_progress, None)
                .await?;
            (
                DocumentAvailability::available(&ack, &status.file_id),
                json!({"state": "answered", "fileId": status.file_id}),
            )
        }
        Answer::Refusal { code, message } => (
            DocumentAvailability::refused(&ack, code, &message),
            json!({"state": "refused", "errorCode": code, "statusMessage": message}),
        ),
    };
    das.notify(&notification, None).await?;
    let path = format!(
        "/retrievals/{}/answer",
        ipdocs::http::encode_component(&ack)
    );
    call(ctx, Method::Post, &path, Some(recorded)).await?;
    Ok(())
}

/// What the office did by itself, in words: the file sent or the refusal, or why it stopped.
fn automatic_summary(answer: &Value) -> String {
    if answer["needsClerk"] == true {
        return format!(
            "The office stopped at {}: {}",
            text(answer, "failedStep"),
            text(answer, "reason")
        );
    }
    let file = &answer["file"];
    match text(answer, "state").as_str() {
        "answered" => format!(
            "Sent automatically: {} ({})",
            text(file, "name"),
            human::size(file["size"].as_f64().unwrap_or(0.0))
        ),
        "refused" => format!(
            "Refused automatically ({}): {}",
            text(answer, "errorCode"),
            text(answer, "statusMessage")
        ),
        _ => String::new(),
    }
}

/// What a person answered, and who (the office records the token's or person's name).
fn clerk_summary(answer: &Value) -> String {
    let what = match text(answer, "state").as_str() {
        "refused" => format!(
            "Refused ({}): {}",
            text(answer, "errorCode"),
            text(answer, "statusMessage")
        ),
        _ => format!("Sent (file {})", text(answer, "fileId")),
    };
    match text(answer, "by").as_str() {
        "" => what,
        by => format!("{what} — by {by}"),
    }
}

/// A delivery's state in words, for the notifications table.
pub(super) fn delivery_summary(delivery: Option<&Value>) -> String {
    let Some(delivery) = delivery else {
        return String::new();
    };
    let file = &delivery["file"];
    match text(delivery, "step").as_str() {
        "done" => format!("Saved as {}", text(file, "name")),
        "clerk" => format!("Not fetched: {}", text(delivery, "lastError")),
        _ => "Fetching…".into(),
    }
}

#[component]
pub(super) fn ForwardedRow(
    item: Forwarded,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ack = item.request_ack_id.clone();
    let document = format!(
        "{} {} of {}",
        text(&item.request, "documentKindCategory"),
        text(&item.request, "documentNumber"),
        text(&item.request, "documentDate")
    );
    let answered = item.answer.as_ref().map(clerk_summary).unwrap_or_default();
    let by_office = item
        .answer
        .as_ref()
        .filter(|a| a["by"] == "automatic")
        .map(automatic_summary);
    let answer = match (item.state.as_str(), by_office) {
        ("open", reason) => {
            let me = expect_context::<super::Inbox>().me;
            let ack = ack.clone();
            let document = document.clone();
            view! {
                {reason.map(|r| view! { <p class="notice warn">{r}</p> })}
                {move || if super::Me::answers(me.get().as_ref()) {
                    view! { <AnswerForm ack=ack.clone() document=document.clone() on_done /> }.into_any()
                } else {
                    view! { <p class="muted viewer-only">"You may read the inbox (viewer role); a clerk answers."</p> }.into_any()
                }}
            }
            .into_any()
        }
        ("automatic", _) => {
            view! { <span class="muted">"Being answered by the office…"</span> }.into_any()
        }
        (_, Some(summary)) => view! { <span>{summary}</span> }.into_any(),
        (_, None) => view! { <span>{answered}</span> }.into_any(),
    };
    view! {
        <tr data-ack=ack.clone() data-state=item.state.clone()>
            <td data-label="Ack id (ours)">
                <code>{ack.clone()}</code>
                {(item.deliveries > 1).then(|| view! {
                    <div class="muted" title="WIPO sent this request more than once (it does when an answer is late); it is kept once.">
                        {format!("received {} times", item.deliveries)}
                    </div>
                })}
            </td>
            <td data-label="Document">{document}</td>
            <td data-label="Received"><crate::human::LocalTime iso=item.received_at.clone() /></td>
            <td data-label="State"><span class=format!("status {}", item.state)>{item.state.clone()}</span></td>
            <td class="answer" data-label="Answer">{answer}</td>
        </tr>
    }
}

/// An open forwarded request answered with a PDF, or refused with a DAS code and message;
/// either is reviewed before it is sent.
#[component]
fn AnswerForm(
    ack: String,
    document: String,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let busy = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<Error>);
    let code = RwSignal::new(-7i64);
    let message = RwSignal::new(String::from("No priority document is held for these data."));
    // The answer being reviewed: nothing is sent while it is shown.
    let pending = RwSignal::new_local(None::<Answer>);
    let file_input = NodeRef::<leptos::html::Input>::new();
    let forget = move || {
        if let Some(answer) = pending.get_untracked() {
            answer.forget();
        }
        pending.set(None);
        if let Some(input) = file_input.get_untracked() {
            input.set_value("");
        }
    };
    let run = move |ack: String, given: Answer| {
        error.set(None);
        busy.set(Some("Sending…".into()));
        let on_progress: Rc<dyn Fn(f64, f64, UploadPhase)> = Rc::new(move |done, total, phase| {
            busy.set(Some(format!(
                "{}: {} of {}",
                phase.as_str(),
                human::size(done),
                human::size(total)
            )));
        });
        spawn_local(async move {
            let outcome = logged(
                ctx,
                &format!("answer {ack}"),
                answer(ctx, ack.clone(), given, on_progress),
                |_| "recorded".into(),
            )
            .await;
            busy.set(None);
            match outcome {
                Ok(()) => on_done(),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let choose = move |ev: leptos::ev::Event| {
        let input: Option<HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
        let Some(file) = input.and_then(|i| i.files()).and_then(|f| f.get(0)) else {
            return;
        };
        error.set(None);
        busy.set(Some("Reading the file…".into()));
        spawn_local(async move {
            let review = FileReview::of(file).await;
            busy.set(None);
            match review {
                Ok(review) => pending.set(Some(Answer::File(review))),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let refuse = move |_| {
        pending.set(Some(Answer::Refusal {
            code: code.get_untracked(),
            message: message.get_untracked(),
        }))
    };
    let locked = move || busy.with(Option::is_some) || pending.with(Option::is_some);
    let file_id = format!("answer-file-{ack}");
    let review = move || {
        pending.get().map(|answer| {
            let ack = ack.clone();
            let send = move |answer: Answer| {
                answer.forget();
                pending.set(None);
                run(ack.clone(), answer);
            };
            view! { <Review document=document.clone() answer on_send=send on_cancel=forget /> }
        })
    };
    view! {
        <label for=file_id.clone()>"Answer with a PDF"</label>
        <input id=file_id type="file" accept="application/pdf,.pdf" node_ref=file_input on:change=choose disabled=locked />
        <label>"or refuse with"
            <select prop:value=move || code.get().to_string() on:change=move |ev| code.set(event_target_value(&ev).parse().unwrap_or(-7)) disabled=locked>
                <option value="-7">"-7 not registered"</option>
                <option value="-12">"-12 wrong date"</option>
                <option value="-14">"-14 wrong access code"</option>
            </select>
        </label>
        <input type="text" class="refusal-text" aria-label="Refusal message" prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev)) disabled=locked />
        <button type="button" on:click=refuse disabled=locked>"Refuse…"</button>
        {review}
        {move || busy.get().map(|b| view! { <p class="muted" role="status">{b}</p> })}
        {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
    }
}
