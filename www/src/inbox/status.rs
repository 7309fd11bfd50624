//! Why the inbox shows what it shows: never an empty page that a clerk could read as "nothing
//! arrived" when the truth is that no office is set, no token is given, the office refused the
//! token, or it could not be reached. Each case names the Settings field that fixes it.

use super::Inbox;
use crate::context::Ctx;
use crate::explain::ErrorNotice;
use crate::i18n::*;
use crate::lang::tr;
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
    let i18n = use_i18n();
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
                tr!(inbox.status.no_office),
                tr!(inbox.status.no_office_why),
                ("inbox-url", tr!(inbox.status.set_url)),
            ),
            Status::NoToken => missing(
                "no-token",
                tr!(inbox.status.no_token),
                tr!(inbox.status.no_token_why),
                ("staff-token", tr!(inbox.status.enter_token)),
            ),
            Status::Refused(e) => unreadable(
                e,
                "refused",
                tr!(inbox.status.refused),
                ("staff-token", tr!(inbox.status.enter_other_token)),
            ),
            Status::Failed(e) => unreadable(
                e,
                "failed",
                tr!(inbox.status.failed),
                ("inbox-url", tr!(inbox.status.check_url)),
            ),
            Status::Reading => view! {
                <p class="muted" id="inbox-status" data-status="reading" role="status">{tr!(inbox.status.reading)}</p>
            }
            .into_any(),
            Status::Read => view! {
                <p class="muted" id="inbox-status" data-status="read">
                    {t!(i18n, inbox.status.read, <at/> = read_at)}
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
            <p class="notice warn">{what}" "<FixInSettings field label /></p>
        </div>
    }
    .into_any()
}
