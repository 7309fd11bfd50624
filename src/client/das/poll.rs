//! Polling something DAS finishes in its own time (an upload's validation, a pending
//! registration) until it settles, within a deadline.

use crate::das::watch::PollSchedule;
use crate::error::{Error, ErrorKind, Result};
use crate::transport::sleep;
use web_sys::AbortSignal;

/// Calls `check` until it gives `Some`, waiting by `schedule` between calls, for at most
/// `timeout_ms`; then a `timeout` error saying `what` did not settle.
pub(super) async fn until_settled<T>(
    mut schedule: PollSchedule,
    timeout_ms: u64,
    what: &str,
    signal: Option<&AbortSignal>,
    mut check: impl AsyncFnMut() -> Result<Option<T>>,
) -> Result<T> {
    let deadline = js_sys::Date::now() + timeout_ms as f64;
    loop {
        if let Some(settled) = check().await? {
            return Ok(settled);
        }
        let left = deadline - js_sys::Date::now();
        if left <= 0.0 {
            return Err(Error::new(
                ErrorKind::Timeout,
                format!("{what} within {timeout_ms} ms"),
            ));
        }
        let wait = schedule.next_delay(js_sys::Math::random());
        sleep(wait.min(left as u64 + 1), signal).await?;
    }
}
