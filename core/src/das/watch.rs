//! When to poll next: exponential backoff with jitter between a start and a cap (about 2 s
//! and 60 s for retrievals), reset when something changes; and what one poll of the
//! retrieval list means for one watched ack id ([`Sighting`]).

use super::retrievals::RetrievalList;
use super::RetrievalStatus;
use crate::error::{Error, ErrorKind};

/// How many polls in a row may miss a watched ack id before it is given up as `not_found`
/// (the service lists retrievals "in process or newly completed", so one that is neither
/// drops out).
pub const MISSING_POLLS_LIMIT: u32 = 3;

/// What one poll says about one watched ack id.
#[derive(Debug, Clone, PartialEq)]
pub enum Sighting {
    /// Listed with this status (settled or not).
    Listed(RetrievalStatus),
    /// Listed, but the item could not be read.
    Unreadable(Error),
    /// Not listed.
    Missing,
}

impl Sighting {
    pub fn of(list: &RetrievalList, ack: &str) -> Sighting {
        if let Some(status) = list.retrievals.iter().find(|r| r.request_ack_id == ack) {
            return Sighting::Listed(status.clone());
        }
        match list
            .unreadable
            .iter()
            .find(|u| u.request_ack_id.as_deref() == Some(ack))
        {
            Some(u) => Sighting::Unreadable(Error::new(
                ErrorKind::Parse,
                format!("retrieval {ack}: {}", u.reason),
            )),
            None => Sighting::Missing,
        }
    }
}

/// Counts the polls in a row that missed one ack id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MissingCount(u32);

impl MissingCount {
    /// Records a poll; returns the `not_found` error once the limit is reached.
    pub fn record(&mut self, sighting: &Sighting, ack: &str) -> Option<Error> {
        match sighting {
            Sighting::Missing => self.0 = self.0.saturating_add(1),
            _ => self.0 = 0,
        }
        (self.0 >= MISSING_POLLS_LIMIT).then(|| {
            Error::new(
                ErrorKind::NotFound,
                format!(
                    "retrieval {ack} was not in the service's list for {} polls in a row \
                     (unknown, or settled and no longer listed)",
                    self.0
                ),
            )
        })
    }
}

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
        let delay = base * (0.8 + 0.4 * crate::retry::unit(jitter));
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
    use crate::das::retrievals::parse_list;
    use crate::http::ResponseHead;

    #[test]
    fn sightings_and_missing_polls() {
        let list = parse_list(
            &ResponseHead::new(200),
            r#"[{"requestAckId":"A","requestStatusCategory":"odd"},{"requestAckId":"B","errorCode":"x"}]"#,
        )
        .unwrap();
        assert!(matches!(Sighting::of(&list, "A"), Sighting::Listed(s) if !s.is_settled()));
        assert!(
            matches!(Sighting::of(&list, "B"), Sighting::Unreadable(e) if e.kind() == ErrorKind::Parse)
        );
        assert_eq!(Sighting::of(&list, "C"), Sighting::Missing);
        let mut count = MissingCount::default();
        assert!(count.record(&Sighting::Missing, "C").is_none());
        assert!(count.record(&Sighting::Missing, "C").is_none());
        assert!(count.record(&Sighting::of(&list, "A"), "C").is_none());
        assert!(count.record(&Sighting::Missing, "C").is_none());
        assert!(count.record(&Sighting::Missing, "C").is_none());
        let gone = count.record(&Sighting::Missing, "C").unwrap();
        assert_eq!(gone.kind(), ErrorKind::NotFound);
    }

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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn poll_waits_grow_to_the_cap_and_reset(
            initial in 0u64..120_000,
            max in 0u64..600_000,
            jitters in proptest::collection::vec(proptest::num::f64::ANY, 1..40),
        ) {
            let mut schedule = PollSchedule::new(initial, max);
            let (floor, cap) = (initial.max(1), max.max(initial.max(1)));
            let mut step = floor as f64;
            for jitter in &jitters {
                let delay = schedule.next_delay(*jitter);
                prop_assert!(delay <= cap, "{delay} > {cap}");
                // ±20 % of the current step.
                prop_assert!(delay as f64 >= (step * 0.8).min(cap as f64).floor() - 1.0);
                step = (step * 1.5).min(cap as f64).floor();
            }
            schedule.reset();
            prop_assert!(schedule.next_delay(1.0) <= (floor as f64 * 1.2) as u64 + 1);
        }
    }
}
