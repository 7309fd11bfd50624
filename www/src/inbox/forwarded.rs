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
use crate::lang::{live, tr};
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

/// A forwarded request's state in words (an unknown one as the office gave it).
fn state_name(state: String) -> impl Fn() -> String {
    move || {
        match state.as_str() {
            "open" => tr!(inbox.state.open),
            "automatic" => tr!(inbox.state.automatic),
            "answered" => tr!(inbox.state.answered),
            "refused" => tr!(inbox.state.refused),
            other => return other.to_owned(),
        }
        .to_owned()
    }
}

/// What the office did by itself, in words: the file sent or the refusal, or why it stopped.
fn automatic_summary(answer: &Value) -> String {
    if answer["needsClerk"] == true {
        return tr!(
            inbox.answer.stopped,
            step = text(answer, "failedStep"),
            reason = text(answer, "reason")
        )
        .to_string();
    }
    let file = &answer["file"];
    match text(answer, "state").as_str() {
        "answered" => tr!(
            inbox.answer.sent_automatically,
            name = text(file, "name"),
            size = human::size(file["size"].as_f64().unwrap_or(0.0))
        )
        .to_string(),
        "refused" => tr!(
            inbox.answer.refused_automatically,
            code = text(answer, "errorCode"),
            message = text(answer, "statusMessage")
        )
        .to_string(),
        _ => String::new(),
    }
}

/// What a person answered, and who (the office records the token's or person's name).
fn clerk_summary(answer: &Value) -> String {
    let what = match text(answer, "state").as_str() {
        "refused" => tr!(
            inbox.answer.refused,
            code = text(answer, "errorCode"),
            message = text(answer, "statusMessage")
        )
        .to_string(),
        _ => tr!(inbox.answer.sent, file = text(answer, "fileId")).to_string(),
    };
    match text(answer, "by").as_str() {
        "" => what,
        by => tr!(inbox.answer.by, what, by).to_string(),
    }
}

/// A delivery's state in words, for the notifications table.
pub(super) fn delivery_summary(delivery: Option<&Value>) -> String {
    let Some(delivery) = delivery else {
        return String::new();
    };
    let file = &delivery["file"];
    match text(delivery, "step").as_str() {
        "done" => tr!(inbox.delivery.saved, name = text(file, "name")).to_string(),
        "clerk" => tr!(
            inbox.delivery.not_fetched,
            error = text(delivery, "lastError")
        )
        .to_string(),
        _ => tr!(inbox.delivery.fetching).into(),
    }
}

#[component]
pub(super) fn ForwardedRow(
    item: Forwarded,
    on_done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ack = item.request_ack_id.clone();
    let document = tr!(
        inbox.document,
        kind = crate::retrievals::kind_name(&text(&item.request, "documentKindCategory")),
        number = text(&item.request, "documentNumber"),
        date = text(&item.request, "documentDate")
    )
    .to_string();
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
                    view! { <p class="muted viewer-only">{tr!(inbox.viewer_only)}</p> }.into_any()
                }}
            }
            .into_any()
        }
        ("automatic", _) => {
            view! { <span class="muted">{live(|| tr!(inbox.being_answered))}</span> }.into_any()
        }
        (_, Some(summary)) => view! { <span>{summary}</span> }.into_any(),
        (_, None) => view! { <span>{answered}</span> }.into_any(),
    };
    view! {
        <tr data-ack=ack.clone() data-state=item.state.clone()>
            <td data-label=live(|| tr!(inbox.column.our_ack))>
                <code>{ack.clone()}</code>
                {(item.deliveries > 1).then(|| view! {
                    <div class="muted" title=live(|| tr!(inbox.received_again))>
                        {move || tr!(inbox.received_times, count = item.deliveries).to_string()}
                    </div>
                })}
            </td>
            <td data-label=live(|| tr!(retrievals.document))>{document}</td>
            <td data-label=live(|| tr!(inbox.column.received))><crate::human::LocalTime iso=item.received_at.clone() /></td>
            <td data-label=live(|| tr!(inbox.column.state))><span class=format!("status {}", item.state)>{state_name(item.state.clone())}</span></td>
            <td class="answer" data-label=live(|| tr!(inbox.column.answer))>{answer}</td>
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
    // Per request, kept while other pages are shown: an answer under review or being sent.
    let (busy, error, code, message, pending) =
        crate::page_state::page_state_of("inbox.answer", &ack, || {
            (
                RwSignal::new(None::<String>),
                RwSignal::new(None::<Error>),
                RwSignal::new(-7i64),
                RwSignal::new(String::from("No priority document is held for these data.")),
                // The answer being reviewed: nothing is sent while it is shown.
                RwSignal::new_local(None::<Answer>),
            )
        });
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
        busy.set(Some(tr!(app.sending).into()));
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
                &tr!(log.answer, ack = ack.clone()).to_string(),
                answer(ctx, ack.clone(), given, on_progress),
                |_| tr!(log.recorded).into(),
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
        busy.set(Some(tr!(inbox.reading_file).into()));
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
        <label for=file_id.clone()>{live(|| tr!(inbox.answer_with_pdf))}</label>
        <input id=file_id type="file" accept="application/pdf,.pdf" node_ref=file_input on:change=choose disabled=locked />
        <label>{live(|| tr!(inbox.or_refuse))}
            <select prop:value=move || code.get().to_string() on:change=move |ev| code.set(event_target_value(&ev).parse().unwrap_or(-7)) disabled=locked>
                <option value="-7">{live(|| tr!(inbox.refusal.not_registered))}</option>
                <option value="-12">{live(|| tr!(inbox.refusal.wrong_date))}</option>
                <option value="-14">{live(|| tr!(inbox.refusal.wrong_code))}</option>
            </select>
        </label>
        <input type="text" class="refusal-text" aria-label=live(|| tr!(inbox.refusal.message)) prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev)) disabled=locked />
        <button type="button" on:click=refuse disabled=locked>{live(|| tr!(inbox.refuse))}</button>
        {review}
        {move || busy.get().map(|b| view! { <p class="muted" role="status">{b}</p> })}
        {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
    }
}
