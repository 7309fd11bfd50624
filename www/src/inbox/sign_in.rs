//! Staff sign-in through the office's identity provider (OpenID Connect, authorization code
//! with PKCE; the app is a public client). The office says how (`GET /office/v1/auth`); the
//! ID token the provider returns becomes the inbox's bearer token, kept for this tab only
//! (`sessionStorage`), and the office checks it and the person's role on every call.

use super::configured_url;
use super::http::{send, send_body};
use crate::context::Ctx;
use crate::explain::ErrorNotice;
use crate::lang::tr;
use ipdocs::http::{Method, RequestBody};
use ipdocs::platform::Platform;
use ipdocs::transport::Browser;
use ipdocs::{Error, ErrorKind, Result};
use ipdocs_www_logic::sign_in::{
    authorization_url, read_id_token, returned, token_form, Pending, Provider,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::Value;

/// The sign-in under way, across the trip to the provider.
const PENDING: &str = "ipdocs.sign-in";
/// The ID token of this tab's sign-in.
const SESSION: &str = "ipdocs.session";

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn parse_error(what: &str, e: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Parse, format!("{what}: {e}"))
}

/// How the office at the configured inbox URL signs staff in, if it has a provider.
async fn provider(ctx: Ctx) -> Result<Option<Provider>> {
    let Some(url) = configured_url(ctx) else {
        return Ok(None);
    };
    match send(Method::Get, format!("{url}/office/v1/auth"), None, None).await {
        Ok(text) => serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| parse_error("the office's sign-in settings", e)),
        Err(e) if e.status() == Some(404) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Goes to the provider's sign-in page (the page is left: nothing is returned on success).
async fn start(provider: Provider) -> Result<()> {
    let discovery = format!(
        "{}/.well-known/openid-configuration",
        provider.issuer.trim_end_matches('/')
    );
    let document: Value = serde_json::from_str(&send(Method::Get, discovery, None, None).await?)
        .map_err(|e| parse_error("the provider's discovery document", e))?;
    let endpoint = |key: &str| {
        document[key]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| parse_error("the provider's discovery document", format!("no {key}")))
    };
    let location = web_sys::window()
        .map(|w| w.location())
        .ok_or_else(|| Error::invalid_input("no window"))?;
    let pending = Pending {
        state: Browser::random_hex(16)?,
        // 64 hex digits: within PKCE's 43–128 unreserved characters.
        verifier: Browser::random_hex(32)?,
        token_endpoint: endpoint("token_endpoint")?,
        client_id: provider.client_id.clone(),
        redirect_uri: format!("{}/", crate::settings::origin()),
    };
    let kept = serde_json::to_string(&pending).map_err(|e| parse_error("sign-in", e))?;
    session_storage()
        .and_then(|s| s.set_item(PENDING, &kept).ok())
        .ok_or_else(|| Error::invalid_input("this browser keeps no session storage"))?;
    let url = authorization_url(&endpoint("authorization_endpoint")?, &provider, &pending);
    location
        .assign(&url)
        .map_err(|_| Error::invalid_input("could not open the sign-in page"))
}

/// At start: completes a sign-in the provider sent this page back from (`?code&state`), or
/// takes back this tab's unexpired sign-in. Whether a sign-in was completed.
pub async fn resume(ctx: Ctx) -> Result<bool> {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let Some((code, state)) = returned(&search) else {
        if let Some(token) = session_storage().and_then(|s| s.get_item(SESSION).ok().flatten()) {
            if !expired(&token) {
                ctx.staff_token.set(token);
            }
        }
        return Ok(false);
    };
    forget_query();
    let storage = session_storage().ok_or_else(|| Error::invalid_input("no session storage"))?;
    let pending: Pending = storage
        .get_item(PENDING)
        .ok()
        .flatten()
        .and_then(|p| serde_json::from_str(&p).ok())
        .ok_or_else(|| Error::invalid_input("no sign-in was started in this tab"))?;
    let _ = storage.remove_item(PENDING);
    if pending.state != state {
        return Err(Error::invalid_input(
            "the sign-in's answer does not match the one started here",
        ));
    }
    let body = RequestBody::Form(token_form(&pending, &code));
    let answer = send_body(
        Method::Post,
        pending.token_endpoint.clone(),
        None,
        Some(body),
    )
    .await?;
    let tokens: Value =
        serde_json::from_str(&answer).map_err(|e| parse_error("the provider's tokens", e))?;
    let id_token = tokens["id_token"]
        .as_str()
        .ok_or_else(|| parse_error("the provider's tokens", "no id_token"))?;
    let _ = storage.set_item(SESSION, id_token);
    ctx.staff_token.set(id_token.to_owned());
    Ok(true)
}

/// Removes `?code=…&state=…` from the address (a reload must not replay it).
fn forget_query() {
    if let Some(window) = web_sys::window() {
        let location = window.location();
        let path = location.pathname().unwrap_or_default() + &location.hash().unwrap_or_default();
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
    }
}

fn expired(token: &str) -> bool {
    read_id_token(token).is_none_or(|signed| signed.expires * 1000 <= Browser::now_ms())
}

fn sign_out(ctx: Ctx) {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(SESSION);
    }
    ctx.staff_token.set(String::new());
}

/// Who is signed in (and until when), or the button to sign in, when the office has an
/// identity provider; nothing otherwise.
#[component]
pub fn SignIn() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let error = RwSignal::new(None::<Error>);
    let offered = LocalResource::new(move || {
        ctx.settings.track();
        async move { provider(ctx).await }
    });
    // A sign-in expires by itself: looked at again every few seconds.
    let tick = RwSignal::new(0u32);
    let interval = set_interval_with_handle(
        move || tick.update(|t| *t = t.wrapping_add(1)),
        std::time::Duration::from_secs(5),
    );
    // The page is unmounted when another is shown: its timer goes with it.
    on_cleanup(move || interval.iter().for_each(|i| i.clear()));
    let signed = move || {
        tick.track();
        let token = ctx.staff_token.get();
        read_id_token(&token).map(|s| (s, expired(&token)))
    };
    let go = move |_| {
        let Some(Ok(Some(provider))) = offered.get() else {
            return;
        };
        spawn_local(async move {
            if let Err(e) = start(provider).await {
                error.set(Some(e));
            }
        });
    };
    view! {
        <div class="sign-in">
            {move || match (offered.get(), signed()) {
                (Some(Ok(Some(_))), Some((who, false))) => view! {
                    <p id="signed-in">{tr!(inbox.signed_in_as, name = who.name.clone(), roles = who.roles.join(", ")).to_string()}
                        " " <button type="button" on:click=move |_| sign_out(ctx)>{tr!(inbox.sign_out)}</button></p>
                }.into_any(),
                (Some(Ok(Some(_))), Some((_, true))) => view! {
                    <p class="notice warn" id="sign-in-expired">{tr!(inbox.sign_in_expired)}" "
                        <button type="button" on:click=go>{tr!(inbox.sign_in_again)}</button></p>
                }.into_any(),
                (Some(Ok(Some(_))), None) => view! {
                    <p><button type="button" id="sign-in" on:click=go>{tr!(inbox.sign_in)}</button></p>
                }.into_any(),
                (Some(Err(e)), _) => view! { <ErrorNotice error=e /> }.into_any(),
                _ => ().into_any(),
            }}
            {move || error.get().map(|e| view! { <ErrorNotice error=e /> })}
        </div>
    }
}
