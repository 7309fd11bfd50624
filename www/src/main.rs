//! The ipdocs web app: a Leptos single-page app on the ipdocs library, served as static files.
//!
//! Pages (hash routes): attachments (CLAIMS Direct), retrievals (DAS, office of second
//! filing), uploads (DAS, office of first filing), inbox (WIPO's calls into this office, through
//! ipdocs-office), settings, activity. The app talks to the
//! services only through the library's public Rust API.

mod activity;
mod app;
mod attachments;
mod batches;
mod context;
mod download;
mod environment;
mod explain;
mod human;
mod inbox;
mod kept_registrations;
mod office_retrievals;
mod retrievals;
mod settings;
mod store;
mod uploads;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
