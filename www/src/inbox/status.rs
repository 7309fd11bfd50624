//! Why the inbox shows what it shows: never an empty page that a clerk could read as "nothing
//! arrived" when the truth is that no office is set, no token is given, the office refused the
//! token, or it could not be reached. Each case names the Settings field that fixes it.

use super::Inbox;
use crate::context::Ctx;
use crate::explain::ErrorNotice;
use crate::settings::FixInSettings;
use ipdocs::Error;
use leptos::prelude::*;

/// What the inbox knows about its office now. Memoised by the page, so that the notice is
/// rebuilt when this changes, not at every read.
#[derive(Clone, PartialEq)]
pub(super) enum Status {
    /// No inbox URL: no office endpoint is in use.
    NoOffice,
    /// An office, but neither a staff token nor a sign-in.
    NoToken,
    /// The office answered 401 or 403.
    Refused(Error),
    /// Anything else that went wrong reading it.
    Failed(Error),
    /// Configured, not read yet.
    Reading,
    /// Read successfully.
    Read,
}

impl Status {
    /// Whether an office and a token are set (the inbox can be read at all).
    pub fn has_office_and_token(&self) -> bool {
        !matches!(self, Status::NoOffice | Status::NoToken)
    }

    /// The status now (tracked).
    pub fn now(ctx: Ctx, inbox: Inbox) -> Status {
        if ctx.settings.with(|s| s.inbox_url.trim().is_empty()) {
            return Status::NoOffice;
        }
        if ctx.staff_token.with(String::is_empty) {
            return Status::NoToken;
        }
        match (inbox.error.get(), inbox.read_at.with(Option::is_some)) {
            (Some(e), _) if matches!(e.status(), Some(401 | 403)) => Status::Refused(e),
            (Some(e), _) => Status::Failed(e),
            (None, true) => Status::Read,
            (None, false) => Status::Reading,
        }
    }
}

/// The inbox's state in words, with the way to fix it.
#[component]
pub(super) fn InboxStatus(status: Memo<Status>, inbox: Inbox) -> impl IntoView {
    let read_at = move || {
        inbox
            .read_at
            .get()
            .map(|at| view! { <crate::human::LocalTime iso=at /> })
    };
    move || {
        match status.get() {
            Status::NoOffice => missing(
                "no-office",
                "No office endpoint is set, so nothing can arrive here.",
                "WIPO sends forwarded requests and notifications to your office's server (ipdocs-office), not to this browser. Give its address in Settings.",
                ("inbox-url", "Set the Inbox URL"),
            ),
            Status::NoToken => missing(
                "no-token",
                "The office shows its inbox only to its staff.",
                "Sign in, or enter a staff token in Settings (it is kept for this browser tab only).",
                ("staff-token", "Enter the staff token"),
            ),
            Status::Refused(e) => unreadable(
                e,
                "refused",
                "The office refused the staff token or sign-in: nothing below is current. ",
                ("staff-token", "Enter another staff token"),
            ),
            Status::Failed(e) => unreadable(
                e,
                "failed",
                "The inbox could not be read: nothing below is current. ",
                ("inbox-url", "Check the Inbox URL"),
            ),
            Status::Reading => view! {
                <p class="muted" id="inbox-status" data-status="reading" role="status">"Reading the office's inbox…"</p>
            }
            .into_any(),
            Status::Read => view! {
                <p class="muted" id="inbox-status" data-status="read">
                    "Up to date with the office (read " {read_at} ")."
                </p>
            }
            .into_any(),
        }
    }
}

/// Something the inbox needs before it can show anything: what, why, and the field to fix.
fn missing(
    status: &'static str,
    what: &'static str,
    why: &'static str,
    (field, label): (&'static str, &'static str),
) -> AnyView {
    view! {
        <div class="notice warn" id="inbox-status" data-status=status role="status">
            <p><strong>{what}</strong></p>
            <p>{why}</p>
            <FixInSettings field label />
        </div>
    }
    .into_any()
}

/// The office was asked and the inbox could not be read: the error, and the field to check.
fn unreadable(
    error: Error,
    status: &'static str,
    what: &'static str,
    (field, label): (&'static str, &'static str),
) -> AnyView {
    view! {
        <div id="inbox-status" data-status=status>
            <ErrorNotice error />
            <p class="notice warn">{what}<FixInSettings field label /></p>
        </div>
    }
    .into_any()
}
