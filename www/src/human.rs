//! Numbers and times in the words people read.

pub use ipdocs_www_logic::human::size;

/// Now, as an ISO 8601 UTC timestamp.
pub fn now_iso() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}
