//! Help: the exchange in a clerk's words, who does what, the references WIPO gives, and
//! every DAS code the app can show (the simulator's own ones only in the demo build).

use crate::explain::{das_code, Answerer};
use leptos::prelude::*;

/// The DAS codes WIPO documents.
const WIPO_CODES: [i64; 3] = [-7, -12, -14];

/// The simulator's own codes (the demo build explains them when the simulator answered).
#[cfg(feature = "demo")]
const SIMULATOR_CODES: [i64; 9] = [-20, -21, -30, -31, -32, -33, -40, -41, -50];
#[cfg(not(feature = "demo"))]
const SIMULATOR_CODES: [i64; 0] = [];

fn code_rows(codes: &[i64], answerer: Answerer) -> impl IntoView {
    codes
        .iter()
        .map(|&code| view! { <tr><td><code>{code}</code></td><td>{das_code(code, answerer)}</td></tr> })
        .collect_view()
}

#[component]
pub fn HelpPage() -> impl IntoView {
    view! {
        <section aria-labelledby="help-title" class="help">
            <h1 id="help-title">"Help"</h1>
            <h2 id="help-exchange">"How a priority document is exchanged"</h2>
            <ol>
                <li>"The " <strong>"office of second filing"</strong> " (OSF: where the later application was filed) asks WIPO's Digital Access Service (DAS) for the priority document — on the " <a href="#/retrievals">"Retrievals"</a> " page."</li>
                <li>"WIPO passes the request to the " <strong>"office of first filing"</strong> " (OFF: where the priority application was filed). It arrives in that office's " <a href="#/inbox">"Inbox"</a> "."</li>
                <li>"The OFF puts the document in the DAS " <strong>"transit zone"</strong> " (temporary storage at WIPO) and tells WIPO it is there — or refuses with a code (below)."</li>
                <li>"WIPO tells the OSF. The OSF downloads the document and may delete it from the transit zone."</li>
            </ol>
            <p>"An OFF can also register documents ahead of time (" <a href="#/uploads">"Uploads"</a> "): WIPO then answers requests for them without asking the office again."</p>
            <h3>"Where documents are kept"</h3>
            <ul>
                <li><strong>"Kept in WIPO DAS"</strong> " (WIPO's flow c.1): the OFF uploaded and registered the document; WIPO answers by itself."</li>
                <li><strong>"Kept in the office's own library"</strong> " (c.2): WIPO asks the OFF's server each time; the office's server answers by itself or leaves it to a clerk."</li>
                <li><strong>"Through the transit zone"</strong> " (c.3): the OFF uploads the document when a request arrives."</li>
            </ul>
            <h2 id="help-roles">"Who may do what in the Inbox"</h2>
            <dl class="facts">
                <dt>"Viewer"</dt><dd>"reads the inbox."</dd>
                <dt>"Clerk"</dt><dd>"also answers and refuses forwarded requests."</dd>
                <dt>"Administrator"</dt><dd>"also exports the inbox."</dd>
            </dl>
            <p>"Your office's administrator gives the role, through its sign-in or a named staff token."</p>
            <h2 id="help-acks">"Acknowledgement ids"</h2>
            <p>"Every request WIPO accepts gets a reference, the " <strong>"acknowledgement id"</strong> " (ack id). Quote it when you contact WIPO or a partner office. In the Inbox, the ack id is the one your office gave the forwarded request; when WIPO sends the same request again (it does when an answer is late) it is kept once and marked \"received N times\"."</p>
            <h2 id="help-codes">"DAS codes"</h2>
            <table class="codes">
                <crate::table::ColumnHeads names=&["Code", "Meaning"] />
                <tbody>
                    {code_rows(&WIPO_CODES, Answerer::Das)}
                    {code_rows(&SIMULATOR_CODES, Answerer::Simulator)}
                </tbody>
            </table>
            <p class="muted">"A code not listed here comes from DAS itself: the message shown beside it says more."</p>
        </section>
    }
}
