//! Following retrievals. Every watched ack id of one client shares a single poll loop: one
//! `GET requests/retrievals` per interval whatever the number of watchers, the interval
//! backing off from about 2 s to 60 s with jitter, reset when a status changes or a new
//! watcher joins (which also wakes the loop at once).

use super::Das;
use crate::das::validate_id;
use crate::das::watch::PollSchedule;
use crate::das::RetrievalStatus;
use crate::error::{ErrorKind, Result};
use crate::transport::{aborted, sleep, until_aborted};
use futures_channel::oneshot;
use futures_util::future::{select, Either};
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{AbortController, AbortSignal};

/// Called with every new status of a watched retrieval.
pub type OnUpdate = Rc<dyn Fn(&RetrievalStatus)>;

struct Waiter {
    id: u64,
    ack: String,
    on_update: Option<OnUpdate>,
    last: Option<RetrievalStatus>,
    done: Option<oneshot::Sender<Result<RetrievalStatus>>>,
}

#[derive(Default)]
struct State {
    waiters: Vec<Waiter>,
    running: bool,
    next_id: u64,
    initial_ms: Option<u64>,
    /// Aborting it wakes the loop from its sleep.
    wake: Option<AbortController>,
}

#[derive(Default)]
pub struct Watcher {
    state: RefCell<State>,
}

pub async fn watch(
    das: &Das,
    ack: &str,
    on_update: Option<OnUpdate>,
    interval_ms: Option<u64>,
    signal: Option<&AbortSignal>,
) -> Result<RetrievalStatus> {
    validate_id("requestAckId", ack)?;
    if signal.is_some_and(AbortSignal::aborted) {
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
            done: Some(tx),
        });
        let wanted = interval_ms
            .unwrap_or(PollSchedule::RETRIEVAL_INITIAL_MS)
            .max(100);
        state.initial_ms = Some(state.initial_ms.map_or(wanted, |ms| ms.min(wanted)));
        if let Some(wake) = state.wake.take() {
            wake.abort();
        }
        if !state.running {
            state.running = true;
            wasm_bindgen_futures::spawn_local(run(das.clone()));
        }
        id
    };
    let outcome = match signal {
        None => rx.await.ok(),
        Some(signal) => match select(rx, Box::pin(until_aborted(signal))).await {
            Either::Left((received, _)) => received.ok(),
            Either::Right(((), _)) => None,
        },
    };
    match outcome {
        Some(result) => result,
        None => {
            das.inner
                .watcher
                .state
                .borrow_mut()
                .waiters
                .retain(|w| w.id != id);
            Err(aborted())
        }
    }
}

async fn run(das: Das) {
    let initial = das
        .inner
        .watcher
        .state
        .borrow()
        .initial_ms
        .unwrap_or(PollSchedule::RETRIEVAL_INITIAL_MS);
    let mut schedule = PollSchedule::new(initial, PollSchedule::RETRIEVAL_MAX_MS);
    loop {
        let polled = das.retrievals(None).await;
        let mut updates: Vec<(OnUpdate, RetrievalStatus)> = Vec::new();
        let finished;
        {
            let mut state = das.inner.watcher.state.borrow_mut();
            match polled {
                Ok(list) => {
                    let mut changed = false;
                    for status in list {
                        for waiter in state
                            .waiters
                            .iter_mut()
                            .filter(|w| w.ack == status.request_ack_id)
                        {
                            if waiter.last.as_ref() != Some(&status) {
                                changed = true;
                                waiter.last = Some(status.clone());
                                if let Some(callback) = &waiter.on_update {
                                    updates.push((callback.clone(), status.clone()));
                                }
                            }
                            if status.is_settled() {
                                if let Some(done) = waiter.done.take() {
                                    let _ = done.send(Ok(status.clone()));
                                }
                            }
                        }
                    }
                    state.waiters.retain(|w| w.done.is_some());
                    if changed {
                        schedule.reset();
                    }
                }
                Err(e) if e.is_transient() || e.kind() == ErrorKind::Aborted => {}
                Err(e) => {
                    for waiter in state.waiters.iter_mut() {
                        if let Some(done) = waiter.done.take() {
                            let _ = done.send(Err(e.clone()));
                        }
                    }
                    state.waiters.clear();
                }
            }
            finished = state.waiters.is_empty();
            if finished {
                state.running = false;
                state.initial_ms = None;
            }
        }
        // Callbacks run with no borrow held: they may start new watches.
        for (callback, status) in updates {
            callback(&status);
        }
        if finished {
            return;
        }
        let wake = match AbortController::new() {
            Ok(wake) => wake,
            Err(_) => return,
        };
        das.inner.watcher.state.borrow_mut().wake = Some(wake.clone());
        if sleep(
            schedule.next_delay(js_sys::Math::random()),
            Some(&wake.signal()),
        )
        .await
        .is_err()
        {
            schedule.reset();
        }
        das.inner.watcher.state.borrow_mut().wake = None;
    }
}
