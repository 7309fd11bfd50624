//! An optional observer of every HTTP exchange the library makes — API calls, token
//! requests, retries, transit-zone uploads — for activity logs and diagnostics. It sees the
//! method, the URL without its query (a presigned URL's signature lives there), the status
//! and how the attempt ended; never a header or a body, so no credential can reach it.

use crate::error::{ErrorKind, Result};
use crate::http::{without_query, Method};
use std::cell::RefCell;
use std::rc::Rc;

/// One attempt of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    pub method: &'static str,
    /// Origin and path only.
    pub url: String,
    /// The HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// How the attempt failed, if it did.
    pub error: Option<ErrorKind>,
    /// 0 for the first attempt, then 1, 2… for retries.
    pub retry: u32,
}

pub type Observer = Rc<dyn Fn(&Exchange)>;

thread_local! {
    static OBSERVER: RefCell<Option<Observer>> = const { RefCell::new(None) };
}

/// Installs (or with `None` removes) the observer of this thread's exchanges.
pub fn set_observer(observer: Option<Observer>) {
    OBSERVER.with(|o| *o.borrow_mut() = observer);
}

/// Tells the observer, if any, how an attempt ended.
pub(crate) fn report<T>(
    method: Method,
    url: &str,
    retry: u32,
    outcome: &Result<T>,
    status: impl FnOnce(&T) -> u16,
) {
    let Some(observer) = OBSERVER.with(|o| o.borrow().clone()) else {
        return;
    };
    let (status, error) = match outcome {
        Ok(value) => (Some(status(value)), None),
        Err(e) => (e.status(), Some(e.kind())),
    };
    observer(&Exchange {
        method: method.as_str(),
        url: without_query(url).to_owned(),
        status,
        error,
        retry,
    });
}
