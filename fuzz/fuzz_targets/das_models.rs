//! Every DAS response body the library reads, and the bodies WIPO sends into an office
//! (`ipdocs-office`); the first byte picks the parser.
#![no_main]

use ipdocs_core::das::{files, inbound, registrations, retrievals, watch::Sighting};
use ipdocs_core::http::ResponseHead;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    if selector % 9 == 7 {
        let _ = inbound::read_forwarded_retrieval(rest);
        return;
    }
    if selector % 9 == 8 {
        let _ = inbound::read_notification(rest);
        return;
    }
    let Ok(body) = std::str::from_utf8(rest) else {
        return;
    };
    let head = ResponseHead::new(200).with_content_type("application/json");
    match selector % 9 {
        0 => {
            if let Ok(list) = retrievals::parse_list(&head, body) {
                // The watcher's matching must accept whatever the parser produced.
                for retrieval in &list.retrievals {
                    let _ = Sighting::of(&list, &retrieval.request_ack_id);
                }
            }
        }
        1 => drop(retrievals::parse_ack(&head, body)),
        2 => drop(files::parse_status(&head, body, "fuzz-file")),
        3 => drop(files::parse_upload_url(&head, body)),
        4 => drop(files::parse_download_url(&head, body)),
        5 => drop(registrations::parse_ack(&head, body)),
        _ => drop(registrations::parse_status(&head, body)),
    }
});
