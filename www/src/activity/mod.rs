//! The activity log: what was sent where, and how it ended. Two kinds of entries: the
//! user's actions (as the app names them), and every HTTP exchange the library made —
//! reported by the library's observer with method, origin and path only (never a query
//! string, where presigned signatures live, nor a header or body), so no secret can reach
//! the page through it. An exchange made while an action ran is logged under that action;
//! the others (inbox reads, status polls, thumbnails) are the app's background work. Every
//! entry carries the profile (services and office) it was made under and lasts in IndexedDB
//! ([`audit`]). The page groups and folds them ([`ipdocs_www_logic::activity`]).

mod audit;
pub mod log;
mod page;

pub use page::ActivityPage;

use crate::context::Ctx;
use std::future::Future;

/// Runs a library call as a user action: the exchanges it makes are logged under it, then
/// the action and how it ended.
pub async fn logged<T>(
    ctx: Ctx,
    what: &str,
    call: impl Future<Output = ipdocs::Result<T>>,
    success: impl FnOnce(&T) -> String,
) -> ipdocs::Result<T> {
    let call = log::as_action(call);
    let id = call.id();
    let result = call.await;
    ctx.activity.action_numbered(id, what, &result, success);
    result
}
