//! CLAIMS Direct attachment lists as the service may answer them: JSON or XML, one UCID or
//! many, with or without the envelope; the first byte picks the content type and the parser.
#![no_main]

use ipdocs_core::claims::{envelope, list};
use ipdocs_core::http::ResponseHead;
use libfuzzer_sys::fuzz_target;

const CONTENT_TYPES: [Option<&str>; 4] = [
    Some("application/json"),
    Some("application/xml; charset=utf-8"),
    Some("text/html"),
    None,
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(body) = std::str::from_utf8(rest) else {
        return;
    };
    let content_type = CONTENT_TYPES[usize::from(selector) % CONTENT_TYPES.len()];
    let head = ResponseHead {
        status: 200,
        content_type: content_type.map(str::to_owned),
        retry_after: None,
    };
    if selector & 0x80 == 0 {
        if let Ok(attachments) = list::parse(&head, body) {
            for attachment in &attachments {
                let _ = attachment.media_kind();
            }
        }
    } else {
        let _ = list::parse_many(&head, body);
    }
    let _ = envelope::detect(content_type, body);
    let _ = envelope::check_json_envelope(content_type, body);
});
