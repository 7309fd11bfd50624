//! Settings: service endpoints and credentials. Non-secret settings live in `localStorage`;
//! the office key lives in IndexedDB as a non-extractable `CryptoKey`; the CLAIMS password
//! stays in memory unless the user opts in to remember it (then in IndexedDB).

use crate::context::Ctx;
use crate::environment::Environment;
use crate::explain::ErrorNotice;
use crate::store::{self, Store};
use ipdocs::das::DocumentQuery;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const STORAGE_KEY: &str = "ipdocs.settings";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Which environment these settings are for (see `environment`).
    pub environment: String,
    pub claims_url: String,
    pub claims_user: String,
    /// `json` or `xml`.
    pub claims_format: String,
    pub remember_password: bool,
    pub das_url: String,
    pub das_prefix: String,
    pub das_token_url: String,
    /// The client assertion's audience when the token URL is a same-origin proxy (empty: the
    /// token URL itself).
    pub das_token_audience: String,
    pub das_client_id: String,
    pub das_scope: String,
    pub timeout_ms: u32,
    pub retries: u32,
    /// Ask where to save downloads (File System Access API) when the browser offers it.
    pub save_with_picker: bool,
    /// Row thumbnails for images: each costs a `fetch` (1 request unit of the CLAIMS budget).
    pub thumbnails: bool,
    /// The office endpoint (`ipdocs-office`) holding this office's inbox; empty: none.
    pub inbox_url: String,
    /// The CLAIMS Direct login's request-unit budget (the documented default: 240 RU per
    /// 60 s); every call is paced against it.
    pub claims_units: f64,
    pub claims_window_secs: u64,
    /// The activity log is kept this many days, and at most this many entries.
    pub audit_days: u32,
    pub audit_max_entries: u32,
}

pub fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

impl Default for Settings {
    /// The local simulator, which serves this page in the demo.
    fn default() -> Settings {
        let origin = origin();
        Settings {
            environment: "simulator".into(),
            claims_url: origin.clone(),
            claims_user: String::new(),
            claims_format: "json".into(),
            remember_password: false,
            das_token_url: format!("{origin}/am/oauth2/access_token"),
            das_url: origin,
            das_token_audience: String::new(),
            das_prefix: ipdocs::das::DEFAULT_API_PREFIX.into(),
            das_client_id: String::new(),
            das_scope: ipdocs::das::DEFAULT_SCOPE.into(),
            timeout_ms: 30_000,
            retries: 3,
            save_with_picker: true,
            thumbnails: true,
            inbox_url: String::new(),
            claims_units: 240.0,
            claims_window_secs: 60,
            audit_days: 90,
            audit_max_entries: 20_000,
        }
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

impl Settings {
    pub fn load() -> Settings {
        local_storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok()?)
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    }

    /// Whether settings were ever saved in this browser.
    pub fn saved() -> bool {
        local_storage().is_some_and(|s| s.get_item(STORAGE_KEY).ok().flatten().is_some())
    }

    pub fn save(&self) {
        if let (Some(storage), Ok(json)) = (local_storage(), serde_json::to_string(self)) {
            let _ = storage.set_item(STORAGE_KEY, &json);
        }
    }

    /// The services and office in use, as the activity log records them.
    pub fn profile_label(&self) -> String {
        format!(
            "DAS {} at {}; CLAIMS {} at {}",
            self.das_client_id, self.das_url, self.claims_user, self.claims_url
        )
    }

    /// Whether a service is configured at the origin that serves this page.
    pub fn uses_page_origin(&self) -> bool {
        let origin = origin();
        [&self.claims_url, &self.das_url]
            .iter()
            .any(|url| url.trim_end_matches('/') == origin)
    }

    /// Whether a DAS client built for `other` would be the same.
    pub fn same_das(&self, other: &Settings) -> bool {
        (
            &self.das_url,
            &self.das_prefix,
            &self.das_token_url,
            &self.das_token_audience,
            &self.das_client_id,
            &self.das_scope,
            self.timeout_ms,
            self.retries,
        ) == (
            &other.das_url,
            &other.das_prefix,
            &other.das_token_url,
            &other.das_token_audience,
            &other.das_client_id,
            &other.das_scope,
            other.timeout_ms,
            other.retries,
        )
    }
}

/// `GET /_sim/info` of the simulator serving this page (absent elsewhere).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SimInfo {
    pub claims: SimClaims,
    pub das: SimDas,
    pub corpus: SimCorpus,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SimClaims {
    pub user: String,
    pub password: String,
    /// The demo login's request-unit budget as the simulator keeps it.
    #[serde(default)]
    pub budget: Option<SimBudget>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SimBudget {
    pub request_units: f64,
    pub window_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SimDas {
    pub base_url: String,
    pub api_prefix: String,
    pub token_url: String,
    pub client_id: String,
    pub private_key_pem: String,
    pub documents: Vec<DocumentQuery>,
    /// The demo office's endpoint (`ipdocs-office`), when the demo runs one.
    #[serde(default)]
    pub inbox: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SimCorpus {
    pub ucids: Vec<String>,
}

impl SimInfo {
    pub async fn fetch() -> Option<SimInfo> {
        let window = web_sys::window()?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_str("/_sim/info"))
            .await
            .ok()?
            .dyn_into()
            .ok()?;
        if !response.ok() {
            return None;
        }
        let json = JsFuture::from(response.json().ok()?).await.ok()?;
        serde_wasm_bindgen::from_value(json).ok()
    }
}

/// Imports a PEM (PKCS#8 or SEC1) as a non-extractable signing key and stores it.
async fn import_key(ctx: &Ctx, pem: &str) -> ipdocs::Result<()> {
    let key = ipdocs::client::das::import_office_key(pem).await?;
    ctx.set_das_key(Some(key))
        .await
        .map_err(ipdocs::Error::invalid_input)
}

/// The simulator's demo login, DAS endpoints and office key, in one step.
pub async fn apply_demo(ctx: &Ctx, sim: &SimInfo) -> ipdocs::Result<()> {
    let mut s = ctx.settings.get_untracked();
    s.claims_url = origin();
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
    s.save();
    ctx.settings.set(s);
    ctx.claims_password.set(sim.claims.password.clone());
    import_key(ctx, &sim.das.private_key_pem).await
}

fn text_field(
    draft: RwSignal<Settings>,
    id: &'static str,
    label: &'static str,
    get: fn(&Settings) -> String,
    set: fn(&mut Settings, String),
) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        <input
            id=id
            type="text"
            spellcheck="false"
            prop:value=move || draft.with(get)
            on:input=move |ev| draft.update(|s| set(s, event_target_value(&ev)))
        />
    }
}

/// A password input for a secret in use: what is typed goes to `typed`; the secret itself is
/// never put back into the page (the placeholder only says one is set).
fn secret_field(
    id: &'static str,
    label: &'static str,
    in_use: RwSignal<String>,
    typed: RwSignal<String>,
) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        <input
            id=id
            type="password"
            autocomplete="off"
            placeholder=move || match in_use.with(String::is_empty) {
                true => "",
                false => "•••••••• (set; type to replace)",
            }
            prop:value=move || typed.get()
            on:input=move |ev| typed.set(event_target_value(&ev))
        />
    }
}

/// A number input; what cannot be read as a number falls back to the field's default.
fn number_field(
    draft: RwSignal<Settings>,
    id: &'static str,
    label: &'static str,
    min: u32,
    get: fn(&Settings) -> String,
    set: fn(&mut Settings, String),
) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        <input
            id=id
            type="number"
            min=min
            step="any"
            prop:value=move || draft.with(get)
            on:change=move |ev| draft.update(|s| set(s, event_target_value(&ev)))
        />
    }
}

fn check_field(
    draft: RwSignal<Settings>,
    label: &'static str,
    get: fn(&Settings) -> bool,
    set: fn(&mut Settings, bool),
) -> impl IntoView {
    view! {
        <label class="check">
            <input
                type="checkbox"
                prop:checked=move || draft.with(get)
                on:change=move |ev| draft.update(|s| set(s, event_target_checked(&ev)))
            />
            {label}
        </label>
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let draft = RwSignal::new(ctx.settings.get_untracked());
    // What the user types; the password in use is never put back into the page.
    let password = RwSignal::new(String::new());
    let staff_token = RwSignal::new(String::new());
    let pem = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ipdocs::Error>);
    // The form follows the settings when they change elsewhere (restore, demo button).
    Effect::new(move |_| draft.set(ctx.settings.get()));

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let s = draft.get_untracked();
        let typed = password.get_untracked();
        password.set(String::new());
        if !typed.is_empty() {
            ctx.claims_password.set(typed);
        }
        let typed_token = staff_token.get_untracked();
        staff_token.set(String::new());
        if !typed_token.is_empty() {
            ctx.staff_token.set(typed_token);
        }
        let p = ctx.claims_password.get_untracked();
        let switched = ctx
            .settings
            .with_untracked(|old| old.environment != s.environment);
        s.save();
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
            match remembered {
                Ok(()) => message.set(Some("Settings saved.".into())),
                Err(e) => error.set(Some(ipdocs::Error::invalid_input(e))),
            }
        });
    };
    let import = move |_| {
        error.set(None);
        spawn_local(async move {
            let result = import_key(&ctx, &pem.get_untracked()).await;
            pem.set(String::new());
            match result {
                Ok(()) => message.set(Some("Office key imported (non-extractable).".into())),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let forget_key = move |_| {
        spawn_local(async move {
            match ctx.set_das_key(None).await {
                Ok(()) => message.set(Some("Office key removed from this browser.".into())),
                Err(e) => error.set(Some(ipdocs::Error::invalid_input(e))),
            }
        })
    };
    let use_demo = move |_| {
        let Some(sim) = ctx.sim.get_untracked() else {
            return;
        };
        error.set(None);
        spawn_local(async move {
            match apply_demo(&ctx, &sim).await {
                Ok(()) => {
                    message.set(Some(
                        "Using the simulator's demo login and office key.".into(),
                    ));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    view! {
        <section aria-labelledby="settings-title">
            <h1 id="settings-title">"Settings"</h1>
            <Show when=move || ctx.sim.with(Option::is_some)>
                <div class="notice info">
                    <p>"This page is served by the ipdocs simulator."</p>
                    <button type="button" id="use-demo" on:click=use_demo>
                        "Use the simulator's demo login and office key"
                    </button>
                </div>
            </Show>
            {move || message.get().map(|m| view! { <p class="notice ok" role="status">{m}</p> })}
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
            <form class="settings" on:submit=save>
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
                        {crate::environment::ALL.map(|e| view! { <option value=e.id()>{e.label()}</option> }).collect_view()}
                    </select>
                    <p class="muted">"Switching fills in the service URLs; save to use them. Tracked retrievals and batches stay with the office they were made for."</p>
                </fieldset>
                <fieldset>
                    <legend>"IFI CLAIMS Direct"</legend>
                    {text_field(draft, "claims-url", "Service URL", |s| s.claims_url.clone(), |s, v| s.claims_url = v)}
                    {text_field(draft, "claims-user", "User (x-user)", |s| s.claims_user.clone(), |s, v| s.claims_user = v)}
                    {secret_field("claims-password", "Password (x-password)", ctx.claims_password, password)}
                    <p id="password-state" class="muted">
                        {move || match (ctx.claims_password.with(String::is_empty), ctx.settings.with(|s| s.remember_password)) {
                            (true, _) => "No password set.",
                            (false, false) => "A password is set for this session only.",
                            (false, true) => "A password is set and remembered in this browser.",
                        }}
                    </p>
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
                <fieldset>
                    <legend>"WIPO DAS"</legend>
                    {text_field(draft, "das-url", "API base URL", |s| s.das_url.clone(), |s, v| s.das_url = v)}
                    {text_field(draft, "das-prefix", "API prefix", |s| s.das_prefix.clone(), |s, v| s.das_prefix = v)}
                    {text_field(draft, "das-token-url", "Token URL", |s| s.das_token_url.clone(), |s, v| s.das_token_url = v)}
                    {text_field(draft, "das-token-audience", "Token audience (only when the token URL is a proxy: the authorization server's own token URL)", |s| s.das_token_audience.clone(), |s, v| s.das_token_audience = v)}
                    {text_field(draft, "das-client-id", "Client id", |s| s.das_client_id.clone(), |s, v| s.das_client_id = v)}
                    {text_field(draft, "das-scope", "Scope", |s| s.das_scope.clone(), |s, v| s.das_scope = v)}
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
                        <button type="button" on:click=forget_key disabled=move || ctx.das_key.with(Option::is_none)>
                            "Remove key"
                        </button>
                    </div>
                </fieldset>
                <fieldset>
                    <legend>"Office endpoint (ipdocs-office)"</legend>
                    {text_field(draft, "inbox-url", "Inbox URL (empty: no office endpoint; retrievals are then polled)", |s| s.inbox_url.clone(), |s, v| s.inbox_url = v)}
                    {secret_field("staff-token", "Staff token (kept for this session only)", ctx.staff_token, staff_token)}
                </fieldset>
                <fieldset>
                    <legend>"Network and downloads"</legend>
                    {number_field(draft, "timeout", "Timeout per attempt (ms)", 1000, |s| s.timeout_ms.to_string(), |s, v| s.timeout_ms = v.parse().unwrap_or(30_000))}
                    {number_field(draft, "retries", "Retries of idempotent calls", 0, |s| s.retries.to_string(), |s, v| s.retries = v.parse().unwrap_or(3))}
                    {number_field(draft, "audit-days", "Keep the activity log (days)", 1, |s| s.audit_days.to_string(), |s, v| s.audit_days = v.parse().unwrap_or(90))}
                    {number_field(draft, "audit-max", "… and at most (entries)", 100, |s| s.audit_max_entries.to_string(), |s, v| s.audit_max_entries = v.parse().unwrap_or(20_000))}
                    {check_field(draft, "Ask where to save downloads (streams to disk where the browser supports it)", |s| s.save_with_picker, |s, v| s.save_with_picker = v)}
                    {check_field(draft, "Show thumbnails of images in lists (each one is a request to CLAIMS Direct and counts against its budget)", |s| s.thumbnails, |s, v| s.thumbnails = v)}
                </fieldset>
                <button type="submit" class="primary">"Save settings"</button>
            </form>
        </section>
    }
}
