//! Help: the exchange in a clerk's words, who does what, the references WIPO gives, and
//! every DAS code the app can show (the simulator's own ones only in the demo build).

use crate::explain::{das_code, Answerer, SIMULATOR_CODES, WIPO_CODES};
use crate::i18n::*;
use crate::lang::{live, tr};
use leptos::prelude::*;

fn code_rows(codes: &[i64], answerer: Answerer) -> impl IntoView {
    codes
        .iter()
        .map(|&code| view! { <tr><td><code>{code}</code></td><td>{move || das_code(code, answerer)}</td></tr> })
        .collect_view()
}

#[component]
pub fn HelpPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="help-title" class="help">
            <h1 id="help-title">{live(|| tr!(help.title))}</h1>
            <h2 id="help-exchange">{live(|| tr!(help.exchange))}</h2>
            <ol>
                <li>{t!(i18n, help.step_request, <strong> = <strong />, <page> = <a href="#/retrievals" />)}</li>
                <li>{t!(i18n, help.step_forward, <strong> = <strong />, <page> = <a href="#/inbox" />)}</li>
                <li>{t!(i18n, help.step_upload, <strong> = <strong />)}</li>
                <li>{live(|| tr!(help.step_download))}</li>
            </ol>
            <p>{t!(i18n, help.register_ahead, <page> = <a href="#/uploads" />)}</p>
            <h3>{live(|| tr!(help.where_kept))}</h3>
            <ul>
                <li>{t!(i18n, help.kept_das, <strong> = <strong />)}</li>
                <li>{t!(i18n, help.kept_library, <strong> = <strong />)}</li>
                <li>{t!(i18n, help.kept_transit, <strong> = <strong />)}</li>
            </ul>
            <h2 id="help-roles">{live(|| tr!(help.roles))}</h2>
            <dl class="facts">
                <dt>{live(|| tr!(help.viewer))}</dt><dd>{live(|| tr!(help.viewer_may))}</dd>
                <dt>{live(|| tr!(help.clerk))}</dt><dd>{live(|| tr!(help.clerk_may))}</dd>
                <dt>{live(|| tr!(help.administrator))}</dt><dd>{live(|| tr!(help.administrator_may))}</dd>
            </dl>
            <p>{live(|| tr!(help.role_given))}</p>
            <h2 id="help-acks">{live(|| tr!(help.acks))}</h2>
            <p>{t!(i18n, help.acks_text, <strong> = <strong />)}</p>
            <h2 id="help-codes">{live(|| tr!(help.codes))}</h2>
            <table class="codes">
                <thead><tr><th scope="col">{live(|| tr!(help.code))}</th><th scope="col">{live(|| tr!(help.meaning))}</th></tr></thead>
                <tbody>
                    {code_rows(&WIPO_CODES, Answerer::Das)}
                    {code_rows(&SIMULATOR_CODES, Answerer::Simulator)}
                </tbody>
            </table>
            <p class="muted">{live(|| tr!(help.code_not_listed))}</p>
        </section>
    }
}
