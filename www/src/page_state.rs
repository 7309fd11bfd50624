//! State that outlives its page. Only the page shown is mounted (issue 20.3): leaving a page
//! disposes its view, its effects and its DOM. What a clerk left there — a listing, a set
//! download under way, a draft, a running batch — is made once under the app's owner
//! instead, and found again by its key when the page is shown again. Work in flight holds
//! only such state, so it carries on (and its outcome is on screen) whatever page is open.

use leptos::prelude::*;
use std::any::Any;
use std::collections::HashMap;
use std::rc::Rc;

/// The app's owner and the values made under it so far, by key.
#[derive(Clone)]
pub struct PageStates {
    owner: Owner,
    values: StoredValue<HashMap<String, Rc<dyn Any>>, LocalStorage>,
}

/// Called once by the app shell, whose owner lives as long as the page.
pub fn provide() {
    provide_context(PageStates {
        owner: Owner::current().unwrap_or_default(),
        values: StoredValue::new_local(HashMap::new()),
    });
}

/// The value kept under `key`, made by `make` (under the app's owner, so its signals are
/// never disposed with a page) the first time it is asked for. Each key belongs to one
/// place in the code and always holds the same type.
pub fn page_state<T: Clone + 'static>(key: &'static str, make: impl FnOnce() -> T) -> T {
    found_or_made(key.to_owned(), make)
}

/// [`page_state`] for one of many things of a kind (`id`: e.g. a request's ack id).
pub fn page_state_of<T: Clone + 'static>(
    key: &'static str,
    id: &str,
    make: impl FnOnce() -> T,
) -> T {
    found_or_made(format!("{key}:{id}"), make)
}

fn found_or_made<T: Clone + 'static>(key: String, make: impl FnOnce() -> T) -> T {
    let states = states();
    if let Some(found) = states
        .find(&key)
        .and_then(|v| v.downcast_ref::<T>().cloned())
    {
        return found;
    }
    let value = states.owner.with(make);
    states.keep(key, Rc::new(value.clone()));
    value
}

// What does not depend on the value's type is written once, not once per kept type (the
// app's wasm carries one copy of it instead of twenty).
#[inline(never)]
fn states() -> PageStates {
    expect_context::<PageStates>()
}

impl PageStates {
    #[inline(never)]
    fn find(&self, key: &str) -> Option<Rc<dyn Any>> {
        self.values.with_value(|values| values.get(key).cloned())
    }

    #[inline(never)]
    fn keep(&self, key: String, value: Rc<dyn Any>) {
        self.values.update_value(|values| {
            values.insert(key, value);
        });
    }
}
