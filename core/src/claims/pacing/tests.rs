use super::*;

fn budget(units: f64, window_ms: u64) -> Budget {
    Budget::new(vec![Limit { units, window_ms }], Weights::default()).unwrap()
}

/// A service window as the simulator keeps it: fixed, starting at a login's first call.
struct FixedWindow {
    limit: Limit,
    start: Option<u64>,
    used: f64,
}

impl FixedWindow {
    fn charge(&mut self, weight: f64, at: u64) -> bool {
        let start = *self.start.get_or_insert(at);
        if at - start >= self.limit.window_ms {
            self.start = Some(at);
            self.used = 0.0;
        }
        if self.used + weight > self.limit.units + 1e-9 {
            return false;
        }
        self.used += weight;
        true
    }
}

/// Four zips (5.5 RU each) against 11 RU per 2 s, the first sent 2,010 ms late (a busy page):
/// where each is sent, with or without reserving the late one again.
fn four_zips_one_late(reserve_late_again: bool) -> Vec<u64> {
    let mut b = budget(11.0, 2_000);
    let starts: Vec<u64> = (0..4).map(|_| b.reserve(Endpoint::FetchAll, 0)).collect();
    assert_eq!(starts, [0, 0, 2_050, 2_050]);
    let woke = 2_010;
    assert!(!Budget::on_time(starts[0], woke));
    assert!(Budget::on_time(starts[2], starts[2] + 25));
    let late = match reserve_late_again {
        true => woke + b.reserve_again(Endpoint::FetchAll, starts[0], woke),
        false => woke,
    };
    let mut sent = vec![starts[1], late, starts[2], starts[3]];
    sent.sort_unstable();
    sent
}

#[test]
fn a_call_sent_late_is_reserved_again_and_nothing_is_refused() {
    let limit = Limit {
        units: 11.0,
        window_ms: 2_000,
    };
    let refused = |sent: &[u64]| {
        let mut service = FixedWindow {
            limit,
            start: None,
            used: 0.0,
        };
        sent.iter().filter(|&&at| !service.charge(5.5, at)).count()
    };
    // Sent as it was, the late call opens the service's next window early, with two more.
    assert_eq!(refused(&four_zips_one_late(false)), 1);
    let sent = four_zips_one_late(true);
    assert_eq!(
        sent,
        [0, 2_050, 2_050, 4_100],
        "after the calls reserved meanwhile"
    );
    assert_eq!(refused(&sent), 0);
}

#[test]
fn calls_within_the_budget_start_at_once() {
    let mut b = budget(240.0, 60_000);
    for _ in 0..800 {
        assert_eq!(b.reserve(Endpoint::List, 1_000), 0);
    }
    // 800 × 0.3 = 240: the next call waits for the first to leave the window (+ margin).
    assert_eq!(b.reserve(Endpoint::List, 1_000), 61_200);
    let usage = b.usage(1_000);
    assert!((usage[0].used - 240.0).abs() < 1e-6, "{usage:?}");
    assert_eq!(usage[0].left, 0.0);
}

#[test]
fn a_bulk_job_paced_against_a_fixed_window_is_never_refused_and_uses_the_budget() {
    let limit = Limit {
        units: 275.0,
        window_ms: 2_000,
    };
    let mut b = Budget::new(vec![limit], Weights::default()).unwrap();
    let mut service = FixedWindow {
        limit,
        start: None,
        used: 0.0,
    };
    let mut now = 0;
    let mut last_start = 0;
    for i in 0..500u64 {
        let start = now + b.reserve(Endpoint::FetchAll, now);
        // Up to 30 ms between sending and being counted, varying per call.
        let counted = start + (i * 7919) % 30;
        assert!(
            service.charge(5.5, counted),
            "call {i} refused at {counted}"
        );
        now = start + 1;
        last_start = start;
    }
    // 2,750 RU = 10 windows' worth, the first one free: ideally 9 windows of waiting.
    let ideal = 9.0 * 2_000.0;
    let share = ideal / last_start as f64;
    assert!(share >= 0.95, "used {:.1} % of the budget", share * 100.0);
}

#[test]
fn every_limit_is_respected() {
    let mut b = Budget::new(
        vec![
            Limit {
                units: 6.0,
                window_ms: 1_000,
            },
            Limit {
                units: 240.0,
                window_ms: 60_000,
            },
        ],
        Weights::default(),
    )
    .unwrap();
    let starts: Vec<u64> = (0..8).map(|_| b.reserve(Endpoint::Fetch, 0)).collect();
    assert_eq!(starts, vec![0, 0, 0, 0, 0, 0, 1_050, 1_050]);
    // The minute's 240 RU bind once the second's do not: 240 calls fit in the first minute.
    let later: Vec<u64> = (0..240).map(|_| b.reserve(Endpoint::Fetch, 0)).collect();
    assert!(*later.last().unwrap() >= 61_200, "{:?}", later.last());
}

#[test]
fn a_refusal_holds_every_call_until_retry_after() {
    let mut b = budget(240.0, 60_000);
    b.refused(Some(5_000), 10_000);
    assert_eq!(b.reserve(Endpoint::Pdf, 10_000), 5_000);
    assert_eq!(b.reserve(Endpoint::Pdf, 12_000), 3_000);
    b.refused(None, 20_000);
    assert_eq!(b.reserve(Endpoint::Pdf, 20_000), 60_000);
    assert_eq!(b.refusals(), 2);
    assert!((b.total_units() - 4.5).abs() < 1e-9);
}

#[test]
fn reservations_keep_their_order() {
    let mut b = budget(6.0, 1_000);
    assert_eq!(b.reserve(Endpoint::FetchAll, 0), 0);
    // The zip filled the window: a light list call does not overtake the queue either.
    let pdf = b.reserve(Endpoint::Pdf, 0);
    let list = b.reserve(Endpoint::List, 0);
    assert_eq!(pdf, 1_050);
    assert!(list >= pdf);
}

#[test]
fn bad_budgets_are_refused() {
    let limit = |units, window_ms| Limit { units, window_ms };
    assert!(Budget::new(vec![], Weights::default()).is_err());
    assert!(Budget::new(vec![limit(0.0, 1_000)], Weights::default()).is_err());
    assert!(Budget::new(vec![limit(f64::NAN, 1_000)], Weights::default()).is_err());
    assert!(Budget::new(vec![limit(10.0, 0)], Weights::default()).is_err());
    // A zip (5.5 RU) could never fit in 5 RU.
    assert!(Budget::new(vec![limit(5.0, 1_000)], Weights::default()).is_err());
    let negative = Weights {
        list: -1.0,
        ..Weights::default()
    };
    assert!(Budget::new(vec![limit(10.0, 1_000)], negative).is_err());
}

// proptest does not build for wasm32, where `cargo clippy --all-targets` also compiles tests.
#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the calls and their timing, no stretch of `window + margin` holds more than
        /// the budget, and every call starts no earlier than it was asked for.
        #[test]
        fn no_window_is_overspent(
            calls in prop::collection::vec((0u64..3_000, 0usize..5), 1..300),
            units in 6.0f64..50.0,
            window_ms in 100u64..5_000,
        ) {
            let endpoints = [Endpoint::List, Endpoint::Fetch, Endpoint::FetchAll, Endpoint::Pdf, Endpoint::AbstractImage];
            let limit = Limit { units, window_ms };
            let mut b = Budget::new(vec![limit], Weights::default()).unwrap();
            let mut now = 0;
            let mut starts = Vec::new();
            for (gap, e) in calls {
                now += gap;
                let wait = b.reserve(endpoints[e], now);
                starts.push((now + wait, Weights::default().of(endpoints[e])));
            }
            for &(from, _) in &starts {
                let held: f64 = starts
                    .iter()
                    .filter(|&&(at, _)| at >= from && at < from + window_ms)
                    .map(|&(_, w)| w)
                    .sum();
                prop_assert!(held <= units + 1e-6, "{held} RU within {window_ms} ms from {from}");
            }
        }
    }
}
