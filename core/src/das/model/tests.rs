use super::*;
use crate::ErrorKind;

fn query() -> DocumentQuery {
    DocumentQuery {
        document_kind_category: "patent".into(),
        document_number: "PCT/IB2021/057271".into(),
        document_date: "2021-09-06".into(),
        das_access_code: "AB21".into(),
    }
}

#[test]
fn document_query_serialises_camel_case_and_validates() {
    let q = query();
    assert!(q.validate().is_ok());
    assert_eq!(
        serde_json::to_value(&q).unwrap(),
        serde_json::json!({"documentKindCategory": "patent", "documentNumber": "PCT/IB2021/057271",
                           "documentDate": "2021-09-06", "dasAccessCode": "AB21"})
    );
    let bad = |f: fn(&mut DocumentQuery)| {
        let mut q = query();
        f(&mut q);
        q.validate().unwrap_err().kind()
    };
    assert_eq!(
        bad(|q| q.document_date = "2021-02-30".into()),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        bad(|q| q.document_date = "06/09/2021".into()),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        bad(|q| q.document_date = "2021-13-01".into()),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        bad(|q| q.das_access_code = "A1".into()),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        bad(|q| q.das_access_code = "AB-1".into()),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        bad(|q| q.document_number = " ".into()),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        bad(|q| q.document_number = "PCT\n1".into()),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        bad(|q| q.document_kind_category = "patent; drop".into()),
        ErrorKind::InvalidInput
    );
    assert!(validate_date("d", "2024-02-29").is_ok());
    assert!(validate_date("d", "2023-02-29").is_err());
}

#[test]
fn ack_id_variants_are_all_accepted() {
    for key in ["requestAckId", "ackId", "osfAckId"] {
        let ack: RequestAck =
            serde_json::from_str(&format!(r#"{{"{key}":"A-1","extra":true}}"#)).unwrap();
        assert_eq!(ack.request_ack_id, "A-1");
    }
}

#[test]
fn status_words_map_by_meaning() {
    let s = |w: &str| serde_json::from_str::<RequestStatus>(&format!("\"{w}\"")).unwrap();
    assert_eq!(s("pending"), RequestStatus::Pending);
    assert_eq!(s("SUCCESS"), RequestStatus::Success);
    assert_eq!(s("error"), RequestStatus::Error);
    assert_eq!(s("in progress"), RequestStatus::Pending);
    assert_eq!(s("completed"), RequestStatus::Success);
    assert_eq!(s("rejected"), RequestStatus::Error);
}

#[test]
fn file_status_states() {
    let f: FileStatus = serde_json::from_str(
        r#"{"fileReference":"my-local-ref","fileFormatCategory":"pdf","fileChecksum":"2fba0c9e58f33b41a470eb6fe4e255719d9ee46f7f979d4a7b854c578c351a43","fileDateTime":"2026-03-20T12:46:08.751Z","fileSizeQuantity":7069,"fileStatusCategory":"validated","error":null}"#,
    )
    .unwrap();
    assert_eq!(f.state(), FileState::Validated);
    assert_eq!(f.file_size_quantity, Some(7069));
    let processing: FileStatus =
        serde_json::from_str(r#"{"fileStatusCategory":"pending","fileSizeQuantity":null}"#)
            .unwrap();
    assert_eq!(processing.state(), FileState::Processing);
    let failed: FileStatus = serde_json::from_str(
        r#"{"fileStatusCategory":"rejected","error":{"code":"CHECKSUM_MISMATCH","message":"x","details":[{"code":-31,"message":"y"}]}}"#,
    )
    .unwrap();
    assert_eq!(failed.state(), FileState::Failed);
    assert_eq!(failed.error.unwrap().summary(), "y (-31)");
}

#[test]
fn upload_request_shape_and_checksum_rule() {
    let r = UploadRequest {
        file_reference: "ref-1".into(),
        file_format_category: FileFormat::Zip,
        file_checksum: "c08bf963418786c2ee959d3ba97d7c71b34f7a35d058198c02af4d5f19f62fb4".into(),
    };
    assert!(r.validate().is_ok());
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        serde_json::json!({"fileReference": "ref-1", "fileFormatCategory": "zip",
                           "fileChecksum": "c08bf963418786c2ee959d3ba97d7c71b34f7a35d058198c02af4d5f19f62fb4"})
    );
    for bad in ["", "abc", &"G".repeat(64), &"A".repeat(64)] {
        assert!(validate_checksum(bad).is_err(), "{bad}");
    }
}

#[test]
fn error_body_code_may_be_text_or_number() {
    let a: DasErrorBody = serde_json::from_str(r#"{"code":"INVALID_INPUT_DATA","message":null,"details":[{"code":-7,"message":"not registered"}]}"#).unwrap();
    assert_eq!(a.code.as_deref(), Some("INVALID_INPUT_DATA"));
    assert_eq!(a.details()[0].code, -7);
    let b: DasErrorBody = serde_json::from_str(r#"{"code":500}"#).unwrap();
    assert_eq!(b.code.as_deref(), Some("500"));
}

#[test]
fn dates_are_digits_only() {
    for bad in [
        "2024-+1-01",
        "+024-01-01",
        "2024-01-+1",
        "2024-1-01",
        "2024-01-1 ",
        "２０２４-01-01",
        "1899-12-31",
        "2024-00-10",
        "2024-04-31",
    ] {
        assert!(validate_date("d", bad).is_err(), "{bad}");
    }
    for good in ["2024-02-29", "2000-02-29", "1900-01-01", "2026-12-31"] {
        assert!(validate_date("d", good).is_ok(), "{good}");
    }
    assert!(validate_date("d", "1900-02-29").is_err());
}

fn file_status(json: &str) -> FileStatus {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

#[test]
fn file_status_in_every_documented_form() {
    // Empty while processing (notes §3).
    let s = file_status(r#"{"fileSizeQuantity":"","fileStatusCategory":"","error":null}"#);
    assert_eq!(
        (s.file_size_quantity, s.state()),
        (None, FileState::Processing)
    );
    let s = file_status(r#"{"fileSizeQuantity":"2048","fileStatusCategory":"VALIDATED"}"#);
    assert_eq!(
        (s.file_size_quantity, s.state()),
        (Some(2048), FileState::Validated)
    );
    // WIPO's sample client: a size, a status word and no error mean finished.
    let s = file_status(r#"{"fileSizeQuantity":10,"fileStatusCategory":"checked"}"#);
    assert_eq!(s.state(), FileState::Validated);
    let s = file_status(r#"{"fileSizeQuantity":10,"fileStatusCategory":"processing"}"#);
    assert_eq!(s.state(), FileState::Processing);
    let s = file_status(r#"{"fileSizeQuantity":10}"#);
    assert_eq!(s.state(), FileState::Processing);
    for error in [
        r#""not a PDF""#,
        r#"["not a PDF"]"#,
        r#"[{"code":"-31","message":"not a PDF"}]"#,
        r#"{"code":"INVALID","message":"not a PDF"}"#,
    ] {
        let s = file_status(&format!(
            r#"{{"fileStatusCategory":"validated","error":{error}}}"#
        ));
        assert_eq!(s.state(), FileState::Failed, "{error}");
        assert!(s.error.unwrap().summary().contains("not a PDF"), "{error}");
    }
    for none in ["null", r#""""#, "[]", "{}"] {
        let s = file_status(&format!(
            r#"{{"fileStatusCategory":"validated","error":{none}}}"#
        ));
        assert_eq!(s.state(), FileState::Validated, "{none}");
    }
    let s = file_status(r#"{"fileStatusCategory":"rejected"}"#);
    assert_eq!(s.state(), FileState::Failed);
    assert!(serde_json::from_str::<FileStatus>(r#"{"fileSizeQuantity":"big"}"#).is_err());
}

#[test]
fn status_words_by_meaning() {
    use RequestStatus::*;
    for (word, meaning) in [
        ("pending", Pending),
        ("In Process", Pending),
        ("SUCCESS", Success),
        ("completed", Success),
        ("document available", Success),
        ("unavailable", Error),
        ("ERROR", Error),
        ("failed", Error),
        ("teleported", Unknown),
        ("", Unknown),
    ] {
        assert_eq!(RequestStatus::from_word(word), meaning, "{word}");
    }
}

#[test]
fn the_category_is_the_serialised_word_and_reads_back() {
    use RequestStatus::*;
    for status in [Pending, Success, Error, Unknown] {
        let json = serde_json::to_string(&status).unwrap();
        assert_eq!(json, format!("\"{}\"", status.category()));
        assert_eq!(RequestStatus::from_word(status.category()), status);
    }
}
