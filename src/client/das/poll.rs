//! Polling something DAS finishes in its own time (an upload's validation, a pending
//! registration) until it settles, within a deadline.

use crate::das::watch::PollSchedule;
use crate::error::{Error, ErrorKind, Result};
use crate::platform::Platform;

/// Calls `check` until it gives `Some`, waiting by `schedule` between calls, for at most
/// `timeout_ms`; then a `timeout` error saying `what` did not settle.
pub(super) async fn until_settled<P: Platform, T>(
    mut schedule: PollSchedule,
    timeout_ms: u64,
    what: &str,
    signal: Option<&P::Signal>,
    mut check: impl AsyncFnMut() -> Result<Option<T>>,
) -> Result<T> {
    let deadline = P::now_ms().saturating_add(timeout_ms);
    loop {
        if let Some(settled) = check().await? {
            return Ok(settled);
        }
        let left = deadline.saturating_sub(P::now_ms());
        if left == 0 {
            return Err(Error::new(
                ErrorKind::Timeout,
                format!("{what} within {timeout_ms} ms"),
            ));
        }
        let wait = schedule.next_delay(P::random());
        P::sleep(wait.min(left + 1), signal).await?;
    }
}
