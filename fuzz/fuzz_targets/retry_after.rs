//! `Retry-After` values (delta-seconds or HTTP-date) against clocks from 1970 to the far
//! future: never a panic, never an overflowing delay.
#![no_main]

use ipdocs_core::retry::parse_retry_after;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [clock @ .., last] = data else { return };
    let Ok(value) = std::str::from_utf8(clock) else {
        return;
    };
    let now_ms = u64::from(*last).saturating_mul(u64::MAX / 255);
    let _ = parse_retry_after(value, now_ms);
});
