//! Error responses of every origin: DAS (application errors, gateway pages), the token
//! endpoint, the transit zone (S3 XML) and CLAIMS Direct. The first two bytes give the status,
//! the third the content type. Whatever comes, the error keeps a bounded body and a kind.
#![no_main]

use ipdocs_core::das::{errors, transit};
use ipdocs_core::http::ResponseHead;
use libfuzzer_sys::fuzz_target;

const CONTENT_TYPES: [Option<&str>; 4] = [
    Some("application/json"),
    Some("application/xml"),
    Some("text/html; charset=utf-8"),
    None,
];

fuzz_target!(|data: &[u8]| {
    let [high, low, kind, rest @ ..] = data else {
        return;
    };
    let Ok(body) = std::str::from_utf8(rest) else {
        return;
    };
    let head = ResponseHead {
        status: u16::from_be_bytes([*high, *low]),
        content_type: CONTENT_TYPES[usize::from(*kind) % CONTENT_TYPES.len()].map(str::to_owned),
        retry_after: Some("120".to_owned()),
    };
    let now_ms = 1_700_000_000_000;
    for error in [
        errors::api_error(&head, body, now_ms),
        errors::token_error(&head, body),
        transit::error(&head, body, now_ms),
        head.error(body, now_ms),
    ] {
        let _ = error.to_string();
    }
    let _ = errors::parse_application_error(body);
});
