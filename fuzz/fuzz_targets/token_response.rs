//! OAuth2 token responses (`access_token`, `expires_in` as a number, a numeric string, huge
//! or negative). The token's expiry must never overflow, whatever the clock.
#![no_main]

use ipdocs_core::das::auth::parse_token_response;
use ipdocs_core::http::ResponseHead;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [clock @ .., last] = data else { return };
    let Ok(body) = std::str::from_utf8(clock) else {
        return;
    };
    let head = ResponseHead::new(200).with_content_type("application/json");
    // Clocks from 1970 to the far future, so saturating arithmetic is exercised at both ends.
    let now_ms = u64::from(*last).saturating_mul(u64::MAX / 255);
    let _ = parse_token_response(&head, body, now_ms);
});
