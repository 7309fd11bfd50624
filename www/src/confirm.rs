//! Asking before what cannot be undone (deleting from the transit zone, withdrawing a
//! registration, removing the office key): the button first shows the question in place,
//! with the action's own button and Cancel, and focus on Cancel.

use crate::lang::{live, tr};
use leptos::html::Button;
use leptos::prelude::*;

/// A button whose action runs only after "`confirm`" is pressed in the question it shows.
#[component]
pub fn ConfirmButton(
    /// The button's text (for example "Delete from transit zone").
    #[prop(into)]
    label: Signal<String>,
    /// What will happen, said before it does.
    #[prop(into)]
    question: Signal<String>,
    /// The text of the button that does it (for example "Delete").
    #[prop(into)]
    confirm: Signal<String>,
    on_confirm: Callback<()>,
    #[prop(into, optional)] disabled: Signal<bool>,
    #[prop(optional)] id: Option<&'static str>,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    let cancel = NodeRef::<Button>::new();
    Effect::new(move |_| {
        if let Some(button) = cancel.get() {
            let _ = button.focus();
        }
    });
    view! {
        <Show
            when=move || asking.get()
            fallback=move || view! {
                <button type="button" id=id on:click=move |_| asking.set(true) disabled=move || disabled.get()>{move || label.get()}</button>
            }
        >
            <span class="confirm" role="alert">
                <span>{move || question.get()}</span>" "
                <button type="button" class="danger confirm-yes" on:click=move |_| { asking.set(false); on_confirm.run(()); }>{move || confirm.get()}</button>
                <button type="button" class="confirm-no" node_ref=cancel on:click=move |_| asking.set(false)>{live(|| tr!(app.cancel))}</button>
            </span>
        </Show>
    }
}
