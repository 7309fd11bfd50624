//! Retry decisions, kept pure so they are tested natively: which failures to retry, how long
//! to wait (exponential backoff with full jitter, or the server's `Retry-After`), and when
//! to give up.

use crate::error::Error;

/// Bounded retry policy for idempotent requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 disables retrying).
    pub max_retries: u32,
    /// First backoff step.
    pub base_delay_ms: u64,
    /// Upper bound of one computed backoff step.
    pub max_delay_ms: u64,
    /// A `Retry-After` longer than this is not waited for: the error is returned with
    /// `retry_after_ms` so the caller can decide.
    pub max_retry_after_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_retries: 3,
            base_delay_ms: 250,
            max_delay_ms: 8_000,
            max_retry_after_ms: 60_000,
        }
    }
}

impl RetryPolicy {
    /// How long to wait before retry number `retry` (0-based) after `error`, or `None` to
    /// give up. `jitter` is a uniform random number in `[0, 1)`, injected for testability.
    pub fn delay_ms(&self, retry: u32, error: &Error, jitter: f64) -> Option<u64> {
        if retry >= self.max_retries || !error.is_transient() {
            return None;
        }
        if let Some(wait) = error.retry_after_ms() {
            // The server said how long; a little jitter spreads clients that got the same answer.
            return (wait <= self.max_retry_after_ms).then(|| wait + (unit(jitter) * 100.0) as u64);
        }
        let ceiling = self
            .base_delay_ms
            .saturating_mul(1u64 << retry.min(20))
            .min(self.max_delay_ms);
        // Full jitter (AWS architecture blog): uniform in [ceiling/2, ceiling].
        Some(ceiling / 2 + (unit(jitter) * (ceiling / 2) as f64) as u64)
    }
}

/// A jitter value forced into `[0, 1]`; a NaN (which `clamp` keeps) is the middle.
pub(crate) fn unit(jitter: f64) -> f64 {
    if jitter.is_nan() {
        0.5
    } else {
        jitter.clamp(0.0, 1.0)
    }
}

/// Parses `Retry-After` (delta-seconds or an HTTP-date) into milliseconds from `now_ms`.
/// Unparseable values give `None`; dates in the past give `Some(0)`.
pub fn parse_retry_after(value: &str, now_ms: u64) -> Option<u64> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(secs.saturating_mul(1000));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    let when_ms = when.duration_since(std::time::UNIX_EPOCH).ok()?.as_millis() as u64;
    Some(when_ms.saturating_sub(now_ms))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn transient() -> Error {
        Error::new(ErrorKind::Server, "503")
    }

    #[test]
    fn backoff_grows_exponentially_within_jitter_bounds_and_is_capped() {
        let p = RetryPolicy {
            max_retries: 10,
            ..RetryPolicy::default()
        };
        assert_eq!(p.delay_ms(0, &transient(), 0.0), Some(125));
        assert_eq!(p.delay_ms(0, &transient(), 0.999_999), Some(249));
        assert_eq!(p.delay_ms(3, &transient(), 0.0), Some(1000));
        assert_eq!(p.delay_ms(9, &transient(), 0.0), Some(4000));
        assert!(p.delay_ms(9, &transient(), 1.0).unwrap() <= 8000);
    }

    #[test]
    fn gives_up_after_max_retries_and_on_permanent_errors() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay_ms(3, &transient(), 0.5), None);
        assert_eq!(
            p.delay_ms(0, &Error::new(ErrorKind::NotFound, "404"), 0.5),
            None
        );
        assert_eq!(p.delay_ms(0, &Error::new(ErrorKind::Parse, "x"), 0.5), None);
    }

    #[test]
    fn honours_retry_after_unless_too_long() {
        let p = RetryPolicy::default();
        let e = Error::new(ErrorKind::RateLimited, "429").with_retry_after_ms(Some(2000));
        assert_eq!(p.delay_ms(0, &e, 0.0), Some(2000));
        let e = Error::new(ErrorKind::RateLimited, "429").with_retry_after_ms(Some(3_600_000));
        assert_eq!(p.delay_ms(0, &e, 0.0), None);
    }

    #[test]
    fn parses_both_retry_after_forms() {
        assert_eq!(parse_retry_after("7", 0), Some(7000));
        assert_eq!(parse_retry_after(" 0 ", 0), Some(0));
        // Sun, 06 Nov 1994 08:49:37 GMT = 784111777 s
        let now = 784_111_777_000 - 5_000;
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(5000)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now + 60_000),
            Some(0)
        );
        assert_eq!(parse_retry_after("soon", 0), None);
        assert_eq!(parse_retry_after("-5", 0), None);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use crate::error::ErrorKind;
    use proptest::prelude::*;

    fn policy() -> impl Strategy<Value = RetryPolicy> {
        (0u32..50, 0u64..100_000, 0u64..1_000_000, 0u64..10_000_000).prop_map(
            |(max_retries, base_delay_ms, max_delay_ms, max_retry_after_ms)| RetryPolicy {
                max_retries,
                base_delay_ms,
                max_delay_ms,
                max_retry_after_ms,
            },
        )
    }

    proptest! {
        #[test]
        fn backoff_stays_within_its_bounds(p in policy(), retry in 0u32..64, jitter in proptest::num::f64::ANY) {
            let delay = p.delay_ms(retry, &Error::new(ErrorKind::Server, "503"), jitter);
            if retry >= p.max_retries {
                prop_assert_eq!(delay, None);
            } else {
                let delay = delay.unwrap();
                let ceiling = p.max_delay_ms.min(p.base_delay_ms.saturating_mul(1 << retry.min(20)));
                prop_assert!(delay <= ceiling, "{delay} > {ceiling}");
                prop_assert!(delay >= ceiling / 2);
            }
        }

        #[test]
        fn a_server_wait_is_honoured_or_handed_back(p in policy(), wait_s in 0u64..100_000, jitter in 0.0f64..1.0) {
            let error = Error::new(ErrorKind::RateLimited, "429").with_retry_after_ms(Some(wait_s * 1000));
            match p.delay_ms(0, &error, jitter) {
                Some(delay) => {
                    prop_assert!(p.max_retries > 0 && wait_s * 1000 <= p.max_retry_after_ms);
                    prop_assert!((wait_s * 1000..wait_s * 1000 + 100).contains(&delay));
                }
                None => prop_assert!(p.max_retries == 0 || wait_s * 1000 > p.max_retry_after_ms),
            }
        }

        #[test]
        fn permanent_errors_are_never_retried(p in policy(), retry in 0u32..64) {
            let error = Error::invalid_input("bad");
            prop_assert_eq!(p.delay_ms(retry, &error, 0.5), None);
        }

        #[test]
        fn retry_after_never_overflows(secs in any::<u64>(), now_ms in any::<u64>()) {
            prop_assert_eq!(parse_retry_after(&secs.to_string(), now_ms), Some(secs.saturating_mul(1000)));
            let date = "Wed, 21 Oct 2015 07:28:00 GMT";
            let at = 1_445_412_480_000u64;
            prop_assert_eq!(parse_retry_after(date, now_ms), Some(at.saturating_sub(now_ms)));
        }
    }
}
