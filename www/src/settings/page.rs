//! The Settings page: one fieldset per service, edited as a draft and saved together; the
//! secrets typed here go to memory (or IndexedDB when asked) and are never shown again.

use super::fields::{check_field, number_field, secret_field, text_field};
use super::Settings;
use crate::context::Ctx;
use crate::environment::Environment;
use crate::explain::ErrorNotice;
use crate::store::{self, Store};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

/// What the page last did, shown at its top: a confirmation or an error.
#[derive(Clone, Copy)]
pub struct Outcome {
    message: RwSignal<Option<String>>,
    error: RwSignal<Option<ipdocs::Error>>,
}

impl Outcome {
    fn new() -> Outcome {
        Outcome {
            message: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }

    pub fn clear(&self) {
        self.message.set(None);
        self.error.set(None);
    }

    /// Shows `done` on success, the error otherwise.
    pub fn show(&self, result: ipdocs::Result<()>, done: &str) {
        match result {
            Ok(()) => self.message.set(Some(done.to_owned())),
            Err(e) => self.error.set(Some(e)),
        }
    }

    fn view(self) -> impl IntoView {
        view! {
            {move || self.message.get().map(|m| view! { <p class="notice ok" role="status">{m}</p> })}
            {move || self.error.get().map(|e| view! { <ErrorNotice error=e /> })}
        }
    }
}

/// Imports a PEM (PKCS#8 or SEC1) as a non-extractable signing key and stores it.
pub(crate) async fn import_key(ctx: &Ctx, pem: &str) -> ipdocs::Result<()> {
    let key = ipdocs::client::das::import_office_key(pem).await?;
    ctx.set_das_key(Some(key))
        .await
        .map_err(ipdocs::Error::invalid_input)
}

/// Takes the typed secret into `in_use` (when something was typed) and clears the input.
fn take_typed(typed: RwSignal<String>, in_use: RwSignal<String>) {
    let value = typed.get_untracked();
    typed.set(String::new());
    if !value.is_empty() {
        in_use.set(value);
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let draft = RwSignal::new(ctx.settings.get_untracked());
    // What the user types; the secrets in use are never put back into the page.
    let password = RwSignal::new(String::new());
    let staff_token = RwSignal::new(String::new());
    let outcome = Outcome::new();
    // The form follows the settings when they change elsewhere (restore, demo button).
    Effect::new(move |_| draft.set(ctx.settings.get()));

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let s = draft.get_untracked();
        take_typed(password, ctx.claims_password);
        take_typed(staff_token, ctx.staff_token);
        let p = ctx.claims_password.get_untracked();
        let switched = ctx
            .settings
            .with_untracked(|old| old.environment != s.environment);
        super::save(&s);
        ctx.settings.set(s.clone());
        spawn_local(async move {
            if switched {
                ctx.load_das_key().await;
            }
            let remembered = if s.remember_password {
                store::put(Store::Secrets, "claims-password", &JsValue::from_str(&p)).await
            } else {
                store::delete(Store::Secrets, "claims-password").await
            };
            outcome.show(
                remembered.map_err(ipdocs::Error::invalid_input),
                "Settings saved.",
            );
        });
    };

    view! {
        <section aria-labelledby="settings-title">
            <h1 id="settings-title">"Settings"</h1>
            {demo_only! { <crate::demo::UseDemoLogin done=outcome /> }}
            {outcome.view()}
            <form class="settings" on:submit=save>
                <EnvironmentFields draft />
                <ClaimsFields draft password />
                <DasFields draft outcome />
                <fieldset>
                    <legend>"Office endpoint (ipdocs-office)"</legend>
                    {text_field(draft, "inbox-url", "Inbox URL (empty: no office endpoint; retrievals are then polled)", |s| s.inbox_url.clone(), |s, v| s.inbox_url = v)}
                    {secret_field("staff-token", "Staff token (kept for this session only)", ctx.staff_token, staff_token)}
                </fieldset>
                <NetworkFields draft />
                <button type="submit" class="primary">"Save settings"</button>
            </form>
        </section>
    }
}

#[component]
fn EnvironmentFields(draft: RwSignal<Settings>) -> impl IntoView {
    view! {
        <fieldset>
            <legend>"Environment"</legend>
            <label for="environment">"Services to use (each keeps its own settings and office key)"</label>
            <select
                id="environment"
                prop:value=move || draft.with(|s| s.environment.clone())
                on:change=move |ev| {
                    let to = Environment::of(&event_target_value(&ev));
                    draft.update(|s| *s = crate::environment::switch(s, to));
                }
            >
                {crate::environment::ALL.map(|e| view! { <option value=e.id()>{move || crate::environment::name(e)}</option> }).collect_view()}
            </select>
            <p class="muted">"Switching fills in the service URLs; save to use them. Tracked retrievals and batches stay with the office they were made for."</p>
        </fieldset>
    }
}

#[component]
fn ClaimsFields(draft: RwSignal<Settings>, password: RwSignal<String>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let password_state = move || match (
        ctx.claims_password.with(String::is_empty),
        ctx.settings.with(|s| s.remember_password),
    ) {
        (true, _) => "No password set.",
        (false, false) => "A password is set for this session only.",
        (false, true) => "A password is set and remembered in this browser.",
    };
    view! {
        <fieldset>
            <legend>"IFI CLAIMS Direct"</legend>
            {text_field(draft, "claims-url", "Service URL", |s| s.claims_url.clone(), |s, v| s.claims_url = v)}
            {text_field(draft, "claims-user", "User (x-user)", |s| s.claims_user.clone(), |s, v| s.claims_user = v)}
            {secret_field("claims-password", "Password (x-password)", ctx.claims_password, password)}
            <p id="password-state" class="muted">{password_state}</p>
            {check_field(draft, "Remember the password in this browser (otherwise it is forgotten on reload)", |s| s.remember_password, |s, v| s.remember_password = v)}
            {number_field(draft, "claims-units", "Request units per window (your subscription's budget; calls are spaced to stay within it)", 6, |s| s.claims_units.to_string(), |s, v| s.claims_units = v.parse().unwrap_or(240.0))}
            {number_field(draft, "claims-window", "Window (seconds)", 1, |s| s.claims_window_secs.to_string(), |s, v| s.claims_window_secs = v.parse().unwrap_or(60))}
            <label for="claims-format">"Response format"</label>
            <select
                id="claims-format"
                prop:value=move || draft.with(|s| s.claims_format.clone())
                on:change=move |ev| draft.update(|s| s.claims_format = event_target_value(&ev))
            >
                <option value="json">"JSON"</option>
                <option value="xml">"XML"</option>
            </select>
        </fieldset>
    }
}

#[component]
fn DasFields(draft: RwSignal<Settings>, outcome: Outcome) -> impl IntoView {
    view! {
        <fieldset>
            <legend>"WIPO DAS"</legend>
            {text_field(draft, "das-url", "API base URL", |s| s.das_url.clone(), |s, v| s.das_url = v)}
            {text_field(draft, "das-prefix", "API prefix", |s| s.das_prefix.clone(), |s, v| s.das_prefix = v)}
            {text_field(draft, "das-token-url", "Token URL", |s| s.das_token_url.clone(), |s, v| s.das_token_url = v)}
            {text_field(draft, "das-token-audience", "Token audience (only when the token URL is a proxy: the authorization server's own token URL)", |s| s.das_token_audience.clone(), |s, v| s.das_token_audience = v)}
            {text_field(draft, "das-client-id", "Client id", |s| s.das_client_id.clone(), |s, v| s.das_client_id = v)}
            {text_field(draft, "das-scope", "Scope", |s| s.das_scope.clone(), |s, v| s.das_scope = v)}
            <OfficeKeyFields outcome />
        </fieldset>
    }
}

/// The office key: imported from a PEM into a non-extractable `CryptoKey`, or removed.
#[component]
fn OfficeKeyFields(outcome: Outcome) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let pem = RwSignal::new(String::new());
    let import = move |_| {
        outcome.clear();
        spawn_local(async move {
            let result = import_key(&ctx, &pem.get_untracked()).await;
            pem.set(String::new());
            outcome.show(result, "Office key imported (non-extractable).");
        });
    };
    let forget_key = move |()| {
        spawn_local(async move {
            let removed = ctx.set_das_key(None).await;
            outcome.show(
                removed.map_err(ipdocs::Error::invalid_input),
                "Office key removed from this browser.",
            );
        })
    };
    view! {
        <p id="key-state" class="muted">
            {move || match ctx.das_key.with(Option::is_some) {
                true => "Office key: stored in this browser as a non-extractable signing key.",
                false => "Office key: none.",
            }}
        </p>
        <label for="das-key">"Import a private key (PEM: PKCS#8 or EC)"</label>
        <textarea
            id="das-key"
            rows="4"
            spellcheck="false"
            autocomplete="off"
            prop:value=move || pem.get()
            on:input=move |ev| pem.set(event_target_value(&ev))
        ></textarea>
        <div class="actions">
            <button type="button" on:click=import disabled=move || pem.with(String::is_empty)>
                "Import key"
            </button>
            <crate::confirm::ConfirmButton
                label="Remove key".to_owned()
                question="Remove the office key from this browser? DAS calls need it imported again.".to_owned()
                confirm="Remove"
                on_confirm=Callback::new(forget_key)
                disabled=Signal::derive(move || ctx.das_key.with(Option::is_none))
            />
        </div>
    }
}

#[component]
fn NetworkFields(draft: RwSignal<Settings>) -> impl IntoView {
    view! {
        <fieldset>
            <legend>"Network and downloads"</legend>
            {number_field(draft, "timeout", "Timeout per attempt (ms)", 1000, |s| s.timeout_ms.to_string(), |s, v| s.timeout_ms = v.parse().unwrap_or(30_000))}
            {number_field(draft, "retries", "Retries of idempotent calls", 0, |s| s.retries.to_string(), |s, v| s.retries = v.parse().unwrap_or(3))}
            {number_field(draft, "audit-days", "Keep the activity log (days)", 1, |s| s.audit_days.to_string(), |s, v| s.audit_days = v.parse().unwrap_or(90))}
            {number_field(draft, "audit-max", "… and at most (entries)", 100, |s| s.audit_max_entries.to_string(), |s, v| s.audit_max_entries = v.parse().unwrap_or(20_000))}
            {check_field(draft, "Ask where to save downloads (streams to disk where the browser supports it)", |s| s.save_with_picker, |s, v| s.save_with_picker = v)}
            {check_field(draft, "Show thumbnails of images in lists (each one is a request to CLAIMS Direct and counts against its budget)", |s| s.thumbnails, |s, v| s.thumbnails = v)}
        </fieldset>
    }
}
