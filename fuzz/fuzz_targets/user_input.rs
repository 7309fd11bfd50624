//! What users type or paste: UCID lists, service base URLs, DAS identifiers and dates.
//! A UCID that parses must parse again to itself (normalisation is idempotent).
#![no_main]

use ipdocs::das::{validate_date, validate_id};
use ipdocs::http::BaseUrl;
use ipdocs::Ucid;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(ucids) = Ucid::parse_list(text) {
        for ucid in ucids {
            let again = Ucid::parse(ucid.as_str()).expect("a normalised UCID parses");
            assert_eq!(again, ucid);
        }
    }
    if let Ok(url) = BaseUrl::parse(text) {
        assert_eq!(BaseUrl::parse(url.as_str()).ok(), Some(url));
    }
    let _ = validate_id("documentNumber", text);
    let _ = validate_date("priorityDate", text);
});
