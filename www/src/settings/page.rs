//! The Settings page: one fieldset per service, edited as a draft and saved together; the
//! secrets typed here go to memory (or IndexedDB when asked) and are never shown again.

use super::fields::{check_field, number_field, secret_field, text_field};
use super::Settings;
use crate::context::Ctx;
use crate::environment::Environment;
use crate::explain::ErrorNotice;
use crate::lang::{live, tr, trs};
use crate::page_state::page_state;
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
    // Kept while other pages are shown: what is typed and not yet saved stays.
    let (draft, password, staff_token, outcome) = page_state("settings.form", || {
        let draft = RwSignal::new(ctx.settings.get_untracked());
        // The form follows the settings when they change elsewhere (restore, demo button).
        Effect::new(move |_| draft.set(ctx.settings.get()));
        // What the user types; the secrets in use are never put back into the page.
        let typed = || RwSignal::new(String::new());
        (draft, typed(), typed(), Outcome::new())
    });

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
                tr!(settings.saved),
            );
        });
    };

    view! {
        <section aria-labelledby="settings-title">
            <h1 id="settings-title">{live(|| tr!(app.nav.settings))}</h1>
            <LanguageField />
            {demo_only! { <crate::demo::UseDemoLogin done=outcome /> }}
            {outcome.view()}
            <form class="settings" on:submit=save>
                <EnvironmentFields draft />
                <ClaimsFields draft password />
                <DasFields draft outcome />
                <fieldset>
                    <legend>{live(|| tr!(settings.office))}</legend>
                    {text_field(draft, "inbox-url", || tr!(settings.field.inbox_url), |s| s.inbox_url.clone(), |s, v| s.inbox_url = v)}
                    {secret_field("staff-token", || tr!(settings.field.staff_token), ctx.staff_token, staff_token)}
                </fieldset>
                <NetworkFields draft />
                <button type="submit" class="primary">{live(|| tr!(settings.save))}</button>
            </form>
        </section>
    }
}

/// The language the app is shown in: the browser's, or one chosen here (kept in this
/// browser, applied at once).
#[component]
fn LanguageField() -> impl IntoView {
    use crate::i18n::Locale;
    use leptos_i18n::Locale as _;
    let chosen = RwSignal::new(crate::lang::chosen());
    let change = move |ev: leptos::ev::Event| {
        let language = event_target_value(&ev).parse::<Locale>().ok();
        chosen.set(language);
        crate::lang::choose(language);
    };
    view! {
        <p class="language">
            <label for="language">{live(|| tr!(settings.language))}</label>" "
            <select id="language" on:change=change prop:value=move || chosen.get().map_or("", |l| l.as_str())>
                <option value="">{live(|| tr!(settings.browser_language))}</option>
                {Locale::get_all()
                    .iter()
                    .map(|&l| view! { <option value=l.as_str() lang=l.as_str()>{crate::lang::own_name(l)}</option> })
                    .collect_view()}
            </select>
        </p>
    }
}

#[component]
fn EnvironmentFields(draft: RwSignal<Settings>) -> impl IntoView {
    view! {
        <fieldset>
            <legend>{live(|| tr!(settings.environment.legend))}</legend>
            <label for="environment">{live(|| tr!(settings.environment.label))}</label>
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
            <p class="muted">{live(|| tr!(settings.environment.hint))}</p>
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
        (true, _) => tr!(settings.password.none),
        (false, false) => tr!(settings.password.session),
        (false, true) => tr!(settings.password.remembered),
    };
    view! {
        <fieldset>
            <legend>"IFI CLAIMS Direct"</legend>
            {text_field(draft, "claims-url", || tr!(settings.field.claims_url), |s| s.claims_url.clone(), |s, v| s.claims_url = v)}
            {text_field(draft, "claims-user", || tr!(settings.field.claims_user), |s| s.claims_user.clone(), |s, v| s.claims_user = v)}
            {secret_field("claims-password", || tr!(settings.field.claims_password), ctx.claims_password, password)}
            <p id="password-state" class="muted">{password_state}</p>
            {check_field(draft, || tr!(settings.field.remember), |s| s.remember_password, |s, v| s.remember_password = v)}
            {number_field(draft, "claims-units", || tr!(settings.field.units), 6, |s| s.claims_units.to_string(), |s, v| s.claims_units = v.parse().unwrap_or(240.0))}
            {number_field(draft, "claims-window", || tr!(settings.field.window), 1, |s| s.claims_window_secs.to_string(), |s, v| s.claims_window_secs = v.parse().unwrap_or(60))}
            <label for="claims-format">{live(|| tr!(settings.field.format))}</label>
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
            {text_field(draft, "das-url", || tr!(settings.field.das_url), |s| s.das_url.clone(), |s, v| s.das_url = v)}
            {text_field(draft, "das-prefix", || tr!(settings.field.das_prefix), |s| s.das_prefix.clone(), |s, v| s.das_prefix = v)}
            {text_field(draft, "das-token-url", || tr!(settings.field.token_url), |s| s.das_token_url.clone(), |s, v| s.das_token_url = v)}
            {text_field(draft, "das-token-audience", || tr!(settings.field.audience), |s| s.das_token_audience.clone(), |s, v| s.das_token_audience = v)}
            {text_field(draft, "das-client-id", || tr!(settings.field.client_id), |s| s.das_client_id.clone(), |s, v| s.das_client_id = v)}
            {text_field(draft, "das-scope", || tr!(settings.field.scope), |s| s.das_scope.clone(), |s, v| s.das_scope = v)}
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
            outcome.show(result, tr!(settings.key.imported));
        });
    };
    let forget_key = move |()| {
        spawn_local(async move {
            let removed = ctx.set_das_key(None).await;
            outcome.show(
                removed.map_err(ipdocs::Error::invalid_input),
                tr!(settings.key.removed),
            );
        })
    };
    view! {
        <p id="key-state" class="muted">
            {move || match ctx.das_key.with(Option::is_some) {
                true => tr!(settings.key.stored),
                false => tr!(settings.key.none),
            }}
        </p>
        <label for="das-key">{live(|| tr!(settings.key.import_label))}</label>
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
                {live(|| tr!(settings.key.import))}
            </button>
            <crate::confirm::ConfirmButton
                label=trs!(settings.key.remove)
                question=trs!(settings.key.remove_question)
                confirm=trs!(settings.key.remove_confirm)
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
            <legend>{live(|| tr!(settings.network))}</legend>
            {number_field(draft, "timeout", || tr!(settings.field.timeout), 1000, |s| s.timeout_ms.to_string(), |s, v| s.timeout_ms = v.parse().unwrap_or(30_000))}
            {number_field(draft, "retries", || tr!(settings.field.retries), 0, |s| s.retries.to_string(), |s, v| s.retries = v.parse().unwrap_or(3))}
            {number_field(draft, "audit-days", || tr!(settings.field.audit_days), 1, |s| s.audit_days.to_string(), |s, v| s.audit_days = v.parse().unwrap_or(90))}
            {number_field(draft, "audit-max", || tr!(settings.field.audit_max), 100, |s| s.audit_max_entries.to_string(), |s, v| s.audit_max_entries = v.parse().unwrap_or(20_000))}
            {check_field(draft, || tr!(settings.field.picker), |s| s.save_with_picker, |s, v| s.save_with_picker = v)}
            {check_field(draft, || tr!(settings.field.thumbnails), |s| s.thumbnails, |s, v| s.thumbnails = v)}
        </fieldset>
    }
}
