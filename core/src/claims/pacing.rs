//! Request-unit pacing, sans-IO: CLAIMS Direct charges every call a weight in request units
//! (RU) against a per-login budget per window and answers 429 once it is used up (notes §8).
//! A [`Budget`] spaces calls so a bulk job uses the budget without being refused.
//!
//! The service's window is not documented to be fixed or sliding, nor when it starts, so
//! the budget keeps a sliding window, lengthened by a small margin for the difference
//! between when a call is sent and when the service counts it: in *any* stretch of
//! `window + margin` at most `units` are spent, which no fixed or sliding window of the
//! service's can exceed. Calls are reserved in order (a reservation never overtakes an
//! earlier one), so concurrent callers queue fairly. A 429 the service sends anyway holds
//! every reservation until its `Retry-After` has passed.

use super::files::FileEndpoint;
use crate::error::{Error, Result};
use std::collections::VecDeque;

/// The documented weights (Request Weighting page). IFI CLAIMS may change them at any
/// time, so a budget takes its own table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub list: f64,
    pub fetch: f64,
    pub fetch_all: f64,
    pub pdf: f64,
    pub abstract_image: f64,
}

impl Default for Weights {
    fn default() -> Weights {
        Weights {
            list: 0.3,
            fetch: 1.0,
            fetch_all: 5.5,
            pdf: 1.5,
            abstract_image: 1.0,
        }
    }
}

/// The attachment endpoints, as charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    List,
    Fetch,
    FetchAll,
    Pdf,
    AbstractImage,
}

impl From<FileEndpoint> for Endpoint {
    fn from(endpoint: FileEndpoint) -> Endpoint {
        match endpoint {
            FileEndpoint::Fetch => Endpoint::Fetch,
            FileEndpoint::FetchAll => Endpoint::FetchAll,
            FileEndpoint::Pdf => Endpoint::Pdf,
            FileEndpoint::AbstractImage => Endpoint::AbstractImage,
        }
    }
}

impl Weights {
    pub fn of(&self, endpoint: Endpoint) -> f64 {
        match endpoint {
            Endpoint::List => self.list,
            Endpoint::Fetch => self.fetch,
            Endpoint::FetchAll => self.fetch_all,
            Endpoint::Pdf => self.pdf,
            Endpoint::AbstractImage => self.abstract_image,
        }
    }
}

/// How late a timer may fire before its call is reserved again ([`Budget::on_time`]): half
/// of the smallest margin a window is lengthened by, the other half being for the network.
const LATE_MS: u64 = 25;

/// One limit: at most `units` RU in any `window_ms`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limit {
    pub units: f64,
    pub window_ms: u64,
}

impl Limit {
    /// The documented default: 240 RU per minute.
    pub const DOCUMENTED: Limit = Limit {
        units: 240.0,
        window_ms: 60_000,
    };

    /// The extra length given to the window: 2 % of it, at least 50 ms.
    fn span_ms(&self) -> u64 {
        self.window_ms + (self.window_ms / 50).max(50)
    }
}

/// What a limit's window holds at a moment, for showing "used / left".
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Usage {
    pub limit: Limit,
    /// RU of calls already started within the window.
    pub used: f64,
    pub left: f64,
}

/// A per-login request-unit budget, shared by every client of that login.
#[derive(Debug, Clone)]
pub struct Budget {
    limits: Vec<Limit>,
    weights: Weights,
    /// Reservations `(start ms, RU)`, in non-decreasing start order.
    spent: VecDeque<(u64, f64)>,
    /// No call starts before this (a 429's `Retry-After`).
    hold_until_ms: u64,
    total_units: f64,
    refusals: u32,
}

impl Budget {
    /// A budget with one or more limits (e.g. the Q3-2019 "4 RU per second and 240 RU per
    /// minute"). Every limit needs `units` > 0 and `window_ms` > 0; every weight must be
    /// finite, ≥ 0 and no larger than the smallest limit (or no call could ever start).
    pub fn new(limits: Vec<Limit>, weights: Weights) -> Result<Budget> {
        if limits.is_empty() {
            return Err(Error::invalid_input("a budget needs at least one limit"));
        }
        for limit in &limits {
            if !(limit.units.is_finite() && limit.units > 0.0) || limit.window_ms == 0 {
                return Err(Error::invalid_input(format!(
                    "a limit needs units > 0 and windowMs > 0, got {} RU per {} ms",
                    limit.units, limit.window_ms
                )));
            }
        }
        let smallest = limits.iter().map(|l| l.units).fold(f64::INFINITY, f64::min);
        let all = [
            weights.list,
            weights.fetch,
            weights.fetch_all,
            weights.pdf,
            weights.abstract_image,
        ];
        if let Some(w) = all
            .iter()
            .find(|w| !(w.is_finite() && **w >= 0.0 && **w <= smallest))
        {
            return Err(Error::invalid_input(format!(
                "weights must be between 0 and the smallest limit ({smallest} RU), got {w}"
            )));
        }
        Ok(Budget {
            limits,
            weights,
            spent: VecDeque::new(),
            hold_until_ms: 0,
            total_units: 0.0,
            refusals: 0,
        })
    }

    /// The documented budget and weights.
    pub fn documented() -> Budget {
        Budget::new(vec![Limit::DOCUMENTED], Weights::default())
            .expect("the documented budget is valid")
    }

    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    /// Reserves one call to `endpoint` and returns how long to wait before sending it.
    pub fn reserve(&mut self, endpoint: Endpoint, now_ms: u64) -> u64 {
        let weight = self.weights.of(endpoint);
        self.forget_before(now_ms);
        let last = self.spent.back().map_or(0, |&(at, _)| at);
        let mut start = now_ms.max(self.hold_until_ms).max(last);
        // Each pass moves `start` to where one limit fits; it only grows, and stops at the
        // first start every limit accepts (at the latest when all reservations expired).
        loop {
            let fitted = self
                .limits
                .iter()
                .map(|limit| self.earliest_fit(limit, weight, start))
                .max()
                .unwrap_or(start);
            if fitted == start {
                break;
            }
            start = fitted;
        }
        self.spent.push_back((start, weight));
        self.total_units += weight;
        start - now_ms
    }

    /// Whether a call reserved to start at `start_ms` (now + what [`Budget::reserve`] said to
    /// wait) is still on time at `now_ms`. A page whose timers fire late (a busy main thread,
    /// a background tab) would send the call later than reserved, closer to the calls after
    /// it than the budget allowed, and the service could count them in one window: a late
    /// call is reserved again ([`Budget::reserve_again`]).
    pub fn on_time(start_ms: u64, now_ms: u64) -> bool {
        now_ms <= start_ms + LATE_MS
    }

    /// Drops the reservation of a call to `endpoint` made for `start_ms` (one that was not
    /// sent on time) and reserves it again from `now_ms`, after every reservation made
    /// meanwhile; returns how long to wait, as [`Budget::reserve`] does.
    pub fn reserve_again(&mut self, endpoint: Endpoint, start_ms: u64, now_ms: u64) -> u64 {
        let weight = self.weights.of(endpoint);
        let stale = self
            .spent
            .iter()
            .position(|&(at, units)| at == start_ms && units == weight);
        if let Some(index) = stale {
            self.spent.remove(index);
            self.total_units -= weight;
        }
        self.reserve(endpoint, now_ms)
    }

    /// The service refused a call with 429: nothing starts for `retry_after_ms` (or, when
    /// it did not say, for the shortest window).
    pub fn refused(&mut self, retry_after_ms: Option<u64>, now_ms: u64) {
        let shortest = self.limits.iter().map(|l| l.window_ms).min().unwrap_or(0);
        let wait = retry_after_ms.unwrap_or(shortest);
        self.hold_until_ms = self.hold_until_ms.max(now_ms.saturating_add(wait));
        self.refusals += 1;
    }

    /// Per limit: RU started within its window up to `now_ms`, and what is left.
    pub fn usage(&self, now_ms: u64) -> Vec<Usage> {
        self.limits
            .iter()
            .map(|&limit| {
                let from = now_ms.saturating_sub(limit.window_ms);
                let used: f64 = self
                    .spent
                    .iter()
                    .filter(|&&(at, _)| at > from && at <= now_ms)
                    .map(|&(_, w)| w)
                    .sum();
                Usage {
                    limit,
                    used,
                    left: (limit.units - used).max(0.0),
                }
            })
            .collect()
    }

    /// RU reserved since the budget was made.
    pub fn total_units(&self) -> f64 {
        self.total_units
    }

    /// 429s reported with [`Budget::refused`].
    pub fn refusals(&self) -> u32 {
        self.refusals
    }

    /// The first moment ≥ `start` at which `weight` more fits within `limit`.
    fn earliest_fit(&self, limit: &Limit, weight: f64, start: u64) -> u64 {
        let span = limit.span_ms();
        let mut inside = self
            .spent
            .iter()
            .filter(|&&(at, _)| at + span > start)
            .peekable();
        let mut held: f64 = inside.clone().map(|&(_, w)| w).sum();
        let mut fit = start;
        // Tolerance for sums of decimal weights such as 0.3.
        while held + weight > limit.units + 1e-9 {
            match inside.next() {
                Some(&(at, w)) => {
                    held -= w;
                    fit = fit.max(at + span);
                }
                None => break,
            }
        }
        fit
    }

    /// Drops reservations too old to matter to any limit.
    fn forget_before(&mut self, now_ms: u64) {
        let longest = self.limits.iter().map(Limit::span_ms).max().unwrap_or(0);
        while self
            .spent
            .front()
            .is_some_and(|&(at, _)| at + longest <= now_ms)
        {
            self.spent.pop_front();
        }
    }
}

#[cfg(test)]
mod tests;
