//! Help: the exchange in a clerk's words, who does what, the references WIPO gives, and
//! every DAS code the app can show (the simulator's own ones only in the demo build).

use crate::explain::{das_code, Answerer, SIMULATOR_CODES, WIPO_CODES};
use crate::i18n::*;
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
            <h1 id="help-title">{t!(i18n, help.title)}</h1>
            <h2 id="help-exchange">{t!(i18n, help.exchange)}</h2>
            <ol>
                <li>{t!(i18n, help.step_request, <strong> = <strong />, <page> = <a href="#/retrievals" />)}</li>
                <li>{t!(i18n, help.step_forward, <strong> = <strong />, <page> = <a href="#/inbox" />)}</li>
                <li>{t!(i18n, help.step_upload, <strong> = <strong />)}</li>
                <li>{t!(i18n, help.step_download)}</li>
            </ol>
            <p>{t!(i18n, help.register_ahead, <page> = <a href="#/uploads" />)}</p>
            <h3>{t!(i18n, help.where_kept)}</h3>
            <ul>
                <li>{t!(i18n, help.kept_das, <strong> = <strong />)}</li>
                <li>{t!(i18n, help.kept_library, <strong> = <strong />)}</li>
                <li>{t!(i18n, help.kept_transit, <strong> = <strong />)}</li>
            </ul>
            <h2 id="help-roles">{t!(i18n, help.roles)}</h2>
            <dl class="facts">
                <dt>{t!(i18n, help.viewer)}</dt><dd>{t!(i18n, help.viewer_may)}</dd>
                <dt>{t!(i18n, help.clerk)}</dt><dd>{t!(i18n, help.clerk_may)}</dd>
                <dt>{t!(i18n, help.administrator)}</dt><dd>{t!(i18n, help.administrator_may)}</dd>
            </dl>
            <p>{t!(i18n, help.role_given)}</p>
            <h2 id="help-acks">{t!(i18n, help.acks)}</h2>
            <p>{t!(i18n, help.acks_text, <strong> = <strong />)}</p>
            <h2 id="help-codes">{t!(i18n, help.codes)}</h2>
            <table class="codes">
                <thead><tr><th scope="col">{t!(i18n, help.code)}</th><th scope="col">{t!(i18n, help.meaning)}</th></tr></thead>
                <tbody>
                    {code_rows(&WIPO_CODES, Answerer::Das)}
                    {code_rows(&SIMULATOR_CODES, Answerer::Simulator)}
                </tbody>
            </table>
            <p class="muted">{t!(i18n, help.code_not_listed)}</p>
        </section>
    }
}
