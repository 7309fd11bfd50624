//! What only the demo has: the app served by `ipdocs-sim` finds the simulator's demo login,
//! office key and example documents (`GET /_sim/info`) and offers them, and lets a "partner
//! office" ask for this office's documents. Built with the `demo` feature (the default); an
//! office's own build leaves it out (`--no-default-features`) and never asks for `/_sim/info`.

use crate::context::Ctx;
use crate::inbox::http::{send, text};
use crate::lang::{live, tr};
use crate::retrievals::DocumentFields;
pub use info::SimInfo;
use ipdocs::das::DocumentQuery;
use ipdocs::http::Method;
use ipdocs::Error;
use leptos::prelude::*;
use leptos::task::spawn_local;

pub mod info;

/// Looks for the simulator serving this page. On first use its demo settings are taken; after
/// a reload, its public demo password again. `false`: no simulator here.
pub async fn discover(ctx: &Ctx, first_use: bool) -> bool {
    let Some(sim) = SimInfo::fetch().await else {
        return false;
    };
    ctx.sim.set(Some(sim.clone()));
    if first_use {
        let _ = apply(ctx, &sim).await;
        return true;
    }
    if ctx.claims_password.get_untracked().is_empty()
        && ctx.settings.get_untracked().claims_user == sim.claims.user
    {
        ctx.claims_password.set(sim.claims.password.clone());
    }
    follow_demo_key(ctx, &sim).await;
    true
}

/// Where the SHA-256 of the simulator key last imported is kept (a digest: the key itself
/// stays a non-extractable `CryptoKey`).
const DEMO_KEY_DIGEST: &str = "ipdocs.demo-key-sha256";

fn key_digest(sim: &SimInfo) -> String {
    ipdocs::das::checksum::Sha256Hex::of(sim.das.private_key_pem.as_bytes())
}

/// A simulator makes a new demo key at every start. While the settings use its demo office
/// (its DAS and demo client id), the office key follows it: replaced once, and said so in
/// the activity log. `true` when the key was replaced.
async fn follow_demo_key(ctx: &Ctx, sim: &SimInfo) -> bool {
    let uses_demo_office = ctx
        .settings
        .with_untracked(|s| sim.answers_das(&s.das_url) && s.das_client_id == sim.das.client_id);
    let digest = key_digest(sim);
    if !uses_demo_office
        || (ctx.das_key.with_untracked(Option::is_some)
            && crate::settings::kept(DEMO_KEY_DIGEST).as_deref() == Some(digest.as_str()))
    {
        return false;
    }
    let replaced = crate::settings::import_key(ctx, &sim.das.private_key_pem).await;
    if replaced.is_ok() {
        crate::settings::keep_text(DEMO_KEY_DIGEST, &digest);
    }
    ctx.activity
        .action(tr!(log.follow_demo_key), &replaced, |_| {
            tr!(log.demo_key_replaced).into()
        });
    replaced.is_ok()
}

/// After DAS refused a token: asks the simulator again, in case it restarted with a new demo
/// key since this page loaded. `true` when the key was replaced (trying again then works).
pub async fn recheck_demo_key(ctx: &Ctx) -> bool {
    let Some(sim) = SimInfo::fetch().await else {
        return false;
    };
    ctx.sim.set(Some(sim.clone()));
    follow_demo_key(ctx, &sim).await
}

/// The simulator's demo login, DAS endpoints and office key, in one step.
async fn apply(ctx: &Ctx, sim: &SimInfo) -> ipdocs::Result<()> {
    // The key first: a client built on the new settings must never sign with the old key.
    crate::settings::import_key(ctx, &sim.das.private_key_pem).await?;
    crate::settings::keep_text(DEMO_KEY_DIGEST, &key_digest(sim));
    let mut s = ctx.settings.get_untracked();
    s.claims_url = crate::settings::origin();
    s.claims_user = sim.claims.user.clone();
    if let Some(budget) = &sim.claims.budget {
        s.claims_units = budget.request_units;
        s.claims_window_secs = budget.window_ms.div_ceil(1000).max(1);
    }
    s.das_url = sim.das.base_url.clone();
    s.das_prefix = sim.das.api_prefix.clone();
    s.das_token_url = sim.das.token_url.clone();
    s.das_client_id = sim.das.client_id.clone();
    s.inbox_url = sim.das.inbox.clone().unwrap_or_default();
    crate::settings::save(&s);
    ctx.settings.set(s);
    ctx.claims_password.set(sim.claims.password.clone());
    Ok(())
}

/// Settings' offer to use the simulator's demo login and office key.
#[component]
pub fn UseDemoLogin(done: crate::settings::Outcome) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let use_demo = move |_| {
        let Some(sim) = ctx.sim.get_untracked() else {
            return;
        };
        done.clear();
        spawn_local(async move {
            done.show(apply(&ctx, &sim).await, tr!(demo.using));
        });
    };
    view! {
        <Show when=move || ctx.sim.with(Option::is_some)>
            <div class="notice info">
                <p>{live(|| tr!(demo.served))}</p>
                <button type="button" id="use-demo" on:click=use_demo>
                    {live(|| tr!(demo.use_demo))}
                </button>
            </div>
        </Show>
    }
}

/// The first UCIDs of the simulator's corpus, with a button that puts them in the UCID box.
#[component]
pub fn ExampleUcids(input: RwSignal<String>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let examples = move || {
        ctx.sim.with(|s| {
            s.as_ref().map(|s| {
                s.corpus
                    .ucids
                    .iter()
                    .take(6)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        })
    };
    move || {
        examples().map(|list| {
            view! {
                <p class="muted">
                    {live(|| tr!(demo.documents))}": " {list.clone()} " "
                    <button type="button" class="link" on:click=move |_| input.set(list.clone())>
                        {live(|| tr!(demo.use_these))}
                    </button>
                </p>
            }
        })
    }
}

/// The simulator's registered documents, one of which fills a document form.
#[component]
pub fn ExampleDocuments(form: RwSignal<DocumentQuery>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let fill = move |ev: leptos::ev::Event| {
        let index: usize = event_target_value(&ev).parse().unwrap_or(usize::MAX);
        if let Some(doc) = ctx
            .sim
            .with_untracked(|s| s.as_ref().and_then(|s| s.das.documents.get(index).cloned()))
        {
            form.set(doc);
        }
    };
    let options = move || {
        ctx.sim.with(|s| {
            s.iter()
                .flat_map(|s| s.das.documents.iter().enumerate())
                .map(|(i, d)| {
                    let label = crate::retrievals::document_words(
                        &d.document_kind_category,
                        &d.document_number,
                        &d.document_date,
                    );
                    view! { <option value=i.to_string()>{label}</option> }
                })
                .collect_view()
        })
    };
    view! {
        <Show when=move || ctx.sim.with(Option::is_some)>
            <label for="example">{live(|| tr!(demo.documents))}</label>
            <select id="example" on:change=fill>
                <option value="">{live(|| tr!(demo.choose))}</option>
                {options}
            </select>
        </Show>
    }
}

/// Has the simulator's partner office (of second filing) ask for one of this office's
/// documents, so that WIPO forwards the request to this office's inbox.
#[component]
pub fn PartnerRequest() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let error = RwSignal::new(None::<Error>);
    let document = RwSignal::new(crate::retrievals::blank_document());
    let ack = RwSignal::new(None::<String>);
    let request = move |_| {
        let document = document.get_untracked();
        let Some(sim) = ctx.sim.get_untracked() else {
            return;
        };
        error.set(None);
        spawn_local(async move {
            let url = format!("{}/_sim/das/partner-request", sim.das.base_url);
            let body = serde_json::to_value(&document).ok();
            match send(Method::Post, url, None, body).await {
                Ok(answer) => {
                    let answer = serde_json::from_str::<serde_json::Value>(&answer);
                    ack.set(answer.ok().map(|v| text(&v, "requestAckId")));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <Show when=move || ctx.sim.with(Option::is_some)>
            <details class="partner">
                <summary>{live(|| tr!(demo.partner))}</summary>
                <p class="muted">{live(|| tr!(demo.partner_hint))}</p>
                <DocumentFields form=document prefix="partner" />
                <button type="button" id="partner-request" on:click=request>{live(|| tr!(demo.partner_request))}</button>
                {move || ack.get().map(|a| view! { <p class="notice ok" role="status">{move || tr!(demo.partner_ack, a = a.clone()).to_string()}</p> })}
                {move || error.get().map(|e| view! { <crate::explain::ErrorNotice error=e /> })}
            </details>
        </Show>
    }
}
