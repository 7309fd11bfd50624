//! What users type, paste or import: UCID lists, service base URLs, DAS identifiers and
//! dates, batch CSV files. A UCID that parses must parse again to itself (normalisation is
//! idempotent); a batch that reads must read back from its own export with the same cells.
#![no_main]

use ipdocs_core::das::batch::Batch;
use ipdocs_core::das::{validate_date, validate_id};
use ipdocs_core::http::BaseUrl;
use ipdocs_core::Ucid;
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
    if let Ok(batch) = Batch::read(text, None, &[]) {
        let again = Batch::read(&batch.to_csv(), Some(batch.kind), &[])
            .expect("a batch's own export reads back");
        let cells = |b: &Batch| b.rows.iter().map(|r| r.cells.clone()).collect::<Vec<_>>();
        assert_eq!(cells(&again), cells(&batch));
    }
});
