//! Following retrievals. Every watched ack id of one client shares a single poll loop: one
//! `GET requests/retrievals` per interval whatever the number of watchers, the interval
//! backing off from about 2 s to 60 s with jitter, reset when a status changes or a new
//! watcher joins (which also wakes the loop at once). A watcher ends with its retrieval's
//! settled status, `not_found` when neither the list nor a query by its ack id has it
//! several polls in a row, a `parse`
//! error when its item cannot be read, `timeout`, or `aborted`; a watcher whose future is
//! dropped unregisters, and the loop stops when none is left.

use super::Das;
use crate::das::retrievals::RetrievalList;
use crate::das::validate_id;
use crate::das::watch::{MissingCount, PollSchedule, Sighting};
use crate::das::RetrievalStatus;
use crate::error::{Error, ErrorKind, Result};
use crate::platform::Platform;
use crate::transport::aborted;
use futures_channel::oneshot;
use futures_util::future::{select, Either};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Called with every new status of a watched retrieval.
pub type OnUpdate = Rc<dyn Fn(&RetrievalStatus)>;

struct Waiter {
    id: u64,
    ack: String,
    on_update: Option<OnUpdate>,
    last: Option<RetrievalStatus>,
    missing: MissingCount,
    done: Option<oneshot::Sender<Result<RetrievalStatus>>>,
}

impl Waiter {
    /// Takes in one poll's sighting: settles the watch or queues an update. Returns whether
    /// the status changed.
    fn see(&mut self, sighting: &Sighting, updates: &mut Vec<(OnUpdate, RetrievalStatus)>) -> bool {
        if let Some(gone) = self.missing.record(sighting, &self.ack) {
            self.settle(Err(gone));
            return false;
        }
        match sighting {
            Sighting::Listed(status) => {
                let changed = self.last.as_ref() != Some(status);
                if changed {
                    self.last = Some(status.clone());
                    if let Some(callback) = &self.on_update {
                        updates.push((callback.clone(), status.clone()));
                    }
                }
                if status.is_settled() {
                    self.settle(Ok(status.clone()));
                }
                changed
            }
            Sighting::Unreadable(error) => {
                self.settle(Err(error.clone()));
                false
            }
            Sighting::Missing => false,
        }
    }

    fn settle(&mut self, outcome: Result<RetrievalStatus>) {
        if let Some(done) = self.done.take() {
            let _ = done.send(outcome);
        }
    }
}

struct State<P: Platform> {
    waiters: Vec<Waiter>,
    running: bool,
    next_id: u64,
    initial_ms: Option<u64>,
    /// Firing it wakes the loop from its sleep.
    wake: Option<P::Trigger>,
}

pub struct Watcher<P: Platform> {
    state: RefCell<State<P>>,
}

impl<P: Platform> Default for Watcher<P> {
    fn default() -> Self {
        Watcher {
            state: RefCell::new(State {
                waiters: Vec::new(),
                running: false,
                next_id: 0,
                initial_ms: None,
                wake: None,
            }),
        }
    }
}

/// Unregisters a waiter however its watch ends (settled, aborted, timed out or dropped), and
/// wakes the loop so that it stops at once when no waiter is left.
struct Registered<'a, P: Platform> {
    das: &'a Das<P>,
    id: u64,
}

impl<P: Platform> Drop for Registered<'_, P> {
    fn drop(&mut self) {
        let Ok(mut state) = self.das.inner.watcher.state.try_borrow_mut() else {
            return;
        };
        state.waiters.retain(|w| w.id != self.id);
        if state.waiters.is_empty() {
            if let Some(wake) = state.wake.take() {
                P::fire(&wake);
            }
        }
    }
}

pub async fn watch<P: Platform>(
    das: &Das<P>,
    ack: &str,
    on_update: Option<OnUpdate>,
    interval_ms: Option<u64>,
    timeout_ms: Option<u64>,
    signal: Option<&P::Signal>,
) -> Result<RetrievalStatus> {
    validate_id("requestAckId", ack)?;
    if signal.is_some_and(P::is_aborted) {
        return Err(aborted());
    }
    let (tx, rx) = oneshot::channel();
    let id = {
        let mut state = das.inner.watcher.state.borrow_mut();
        let id = state.next_id;
        state.next_id += 1;
        state.waiters.push(Waiter {
            id,
            ack: ack.to_owned(),
            on_update,
            last: None,
            missing: MissingCount::default(),
            done: Some(tx),
        });
        let wanted = interval_ms
            .unwrap_or(PollSchedule::RETRIEVAL_INITIAL_MS)
            .max(100);
        state.initial_ms = Some(state.initial_ms.map_or(wanted, |ms| ms.min(wanted)));
        if let Some(wake) = state.wake.take() {
            P::fire(&wake);
        }
        if !state.running {
            state.running = true;
            P::spawn(run(das.clone()));
        }
        id
    };
    let _registered = Registered { das, id };
    let settled = async { rx.await.ok() };
    let stopped = async {
        match signal {
            Some(signal) => P::until_aborted(signal).await,
            None => futures_util::future::pending().await,
        }
    };
    let deadline = async {
        match timeout_ms {
            Some(ms) => {
                let _ = P::sleep(ms, None).await;
            }
            None => futures_util::future::pending().await,
        }
    };
    let interrupted = async {
        match select(Box::pin(stopped), Box::pin(deadline)).await {
            Either::Left(_) => aborted(),
            Either::Right(_) => Error::new(
                ErrorKind::Timeout,
                format!(
                    "retrieval {ack} did not settle within {} ms",
                    timeout_ms.unwrap_or_default()
                ),
            ),
        }
    };
    match select(Box::pin(settled), Box::pin(interrupted)).await {
        Either::Left((Some(result), _)) => result,
        Either::Left((None, _)) => Err(aborted()),
        Either::Right((error, _)) => Err(error),
    }
}

async fn run<P: Platform>(das: Das<P>) {
    let initial = das
        .inner
        .watcher
        .state
        .borrow()
        .initial_ms
        .unwrap_or(PollSchedule::RETRIEVAL_INITIAL_MS);
    let mut schedule = PollSchedule::new(initial, PollSchedule::RETRIEVAL_MAX_MS);
    loop {
        if stop_if_idle(&das) {
            return;
        }
        let polled = match das.retrievals(None).await {
            Ok(list) => Ok(sightings(&das, &list).await),
            Err(e) => Err(e),
        };
        let mut updates: Vec<(OnUpdate, RetrievalStatus)> = Vec::new();
        {
            let mut state = das.inner.watcher.state.borrow_mut();
            match polled {
                Ok(sightings) => {
                    let mut changed = false;
                    for waiter in state.waiters.iter_mut() {
                        // A watcher that joined during this poll waits for the next one.
                        let Some(sighting) = sightings.get(&waiter.ack) else {
                            continue;
                        };
                        changed |= waiter.see(sighting, &mut updates);
                    }
                    state.waiters.retain(|w| w.done.is_some());
                    if changed {
                        schedule.reset();
                    }
                }
                Err(e) if e.is_transient() || e.kind() == ErrorKind::Aborted => {}
                Err(e) => {
                    for waiter in state.waiters.iter_mut() {
                        waiter.settle(Err(e.clone()));
                    }
                    state.waiters.clear();
                }
            }
        }
        // Callbacks run with no borrow held: they may start new watches.
        for (callback, status) in updates {
            callback(&status);
        }
        if stop_if_idle(&das) {
            return;
        }
        let Some((wake, woken)) = P::trigger() else {
            return;
        };
        das.inner.watcher.state.borrow_mut().wake = Some(wake);
        if P::sleep(schedule.next_delay(P::random()), Some(&woken))
            .await
            .is_err()
        {
            schedule.reset();
        }
        das.inner.watcher.state.borrow_mut().wake = None;
    }
}

/// What one poll says about each watched ack id. One missing from the whole list (which holds
/// retrievals "in process or newly completed") is asked for by its ack id before it counts
/// as missing: it may have settled and dropped out.
async fn sightings<P: Platform>(das: &Das<P>, list: &RetrievalList) -> HashMap<String, Sighting> {
    let acks: Vec<String> = das
        .inner
        .watcher
        .state
        .borrow()
        .waiters
        .iter()
        .map(|w| w.ack.clone())
        .collect();
    let mut sightings = HashMap::with_capacity(acks.len());
    for ack in acks {
        let mut sighting = Sighting::of(list, &ack);
        if sighting == Sighting::Missing {
            if let Ok(direct) = das.retrievals_with_ack(&ack, None).await {
                sighting = Sighting::of(&direct, &ack);
            }
        }
        sightings.insert(ack, sighting);
    }
    sightings
}

/// Marks the loop stopped when no waiter is left.
fn stop_if_idle<P: Platform>(das: &Das<P>) -> bool {
    let mut state = das.inner.watcher.state.borrow_mut();
    let idle = state.waiters.is_empty();
    if idle {
        state.running = false;
        state.initial_ms = None;
    }
    idle
}
