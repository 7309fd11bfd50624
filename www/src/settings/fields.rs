//! The settings form's inputs, each bound to one field of the draft settings.

use super::Settings;
use crate::lang::tr;
use leptos::prelude::*;

pub fn text_field(
    draft: RwSignal<Settings>,
    id: &'static str,
    label: fn() -> &'static str,
    get: fn(&Settings) -> String,
    set: fn(&mut Settings, String),
) -> impl IntoView {
    view! {
        <label for=id>{move || label()}</label>
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
pub fn secret_field(
    id: &'static str,
    label: fn() -> &'static str,
    in_use: RwSignal<String>,
    typed: RwSignal<String>,
) -> impl IntoView {
    view! {
        <label for=id>{move || label()}</label>
        <input
            id=id
            type="password"
            autocomplete="off"
            placeholder=move || match in_use.with(String::is_empty) {
                true => "",
                false => tr!(settings.secret_set),
            }
            prop:value=move || typed.get()
            on:input=move |ev| typed.set(event_target_value(&ev))
        />
    }
}

/// A number input; what cannot be read as a number falls back to the field's default.
pub fn number_field(
    draft: RwSignal<Settings>,
    id: &'static str,
    label: fn() -> &'static str,
    min: u32,
    get: fn(&Settings) -> String,
    set: fn(&mut Settings, String),
) -> impl IntoView {
    view! {
        <label for=id>{move || label()}</label>
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

pub fn check_field(
    draft: RwSignal<Settings>,
    label: fn() -> &'static str,
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
            " "{move || label()}
        </label>
    }
}
