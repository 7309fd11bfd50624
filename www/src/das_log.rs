//! DAS calls recorded in the activity log as `METHOD {base}{prefix}{path}` — the path only;
//! the bearer token, the client assertion and presigned signatures never appear.

use crate::context::Ctx;
use ipdocs::Result;
use leptos::prelude::*;
use std::future::Future;

pub async fn logged<T>(
    ctx: Ctx,
    action: &str,
    method_path: (&str, &str),
    call: impl Future<Output = Result<T>>,
    described: impl FnOnce(&T) -> String,
) -> Result<T> {
    let result = call.await;
    let (method, path) = method_path;
    let target = ctx.settings.with_untracked(|s| {
        format!(
            "{method} {}{}{path}",
            s.das_url.trim_end_matches('/'),
            s.das_prefix.trim_end_matches('/')
        )
    });
    ctx.activity.record(action, target, &result, described);
    result
}

/// Records a transfer to or from the transit zone: its origin only, since the rest of a
/// presigned URL is a credential.
pub fn record_transit<T>(ctx: Ctx, action: &str, method: &str, url: &str, result: &Result<T>) {
    let target = format!(
        "{method} {} (presigned URL)",
        crate::activity::origin_of(url)
    );
    ctx.activity
        .record(action, target, result, |_| "handed to the browser".into());
}
