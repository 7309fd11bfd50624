//! When to poll next: exponential backoff with jitter between a start and a cap (about 2 s
//! and 60 s for retrievals), reset when something changes.

#[derive(Debug, Clone, PartialEq)]
pub struct PollSchedule {
    initial_ms: u64,
    max_ms: u64,
    current_ms: u64,
}

impl PollSchedule {
    pub const RETRIEVAL_INITIAL_MS: u64 = 2_000;
    pub const RETRIEVAL_MAX_MS: u64 = 60_000;

    pub fn new(initial_ms: u64, max_ms: u64) -> PollSchedule {
        let initial_ms = initial_ms.max(1);
        PollSchedule {
            initial_ms,
            max_ms: max_ms.max(initial_ms),
            current_ms: initial_ms,
        }
    }

    /// The wait before the next poll (±20 % jitter from `jitter` in `[0, 1)`), and the step
    /// grows by half for the one after.
    pub fn next_delay(&mut self, jitter: f64) -> u64 {
        let base = self.current_ms as f64;
        let delay = base * (0.8 + 0.4 * jitter.clamp(0.0, 1.0));
        self.current_ms = ((self.current_ms as f64) * 1.5).min(self.max_ms as f64) as u64;
        (delay as u64).min(self.max_ms)
    }

    /// Back to the start: a new request joined, or a status changed.
    pub fn reset(&mut self) {
        self.current_ms = self.initial_ms;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_to_the_cap_with_bounded_jitter_and_resets() {
        let mut s = PollSchedule::new(2_000, 60_000);
        assert_eq!(s.next_delay(0.5), 2_000);
        assert_eq!(s.next_delay(0.5), 3_000);
        assert_eq!(s.next_delay(0.0), 3_600);
        for _ in 0..20 {
            let d = s.next_delay(0.999);
            assert!(d <= 60_000);
        }
        assert_eq!(s.next_delay(0.5), 60_000);
        s.reset();
        assert_eq!(s.next_delay(0.5), 2_000);
    }
}
