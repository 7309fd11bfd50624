use super::*;

const RETRIEVALS: &str =
    "priority_number,priority_date,document_category,das_code,osf_ack_id,downloaded\n\
2020-123456,2020-03-01,patent,AB12,,\n\
US 17/123,2021-01-15,utility model,CD34,ack-1,false\n\
PCT/IB2021/057271,2021-06-30,patent,EF56,ack-2,true\n";

const REGISTRATIONS: &str = "file_reference,file_location,application_number,application_date,priority_number,priority_date,document_category,application_category,das_code,file_id,registered,ack_id\n\
ref-1,C:\\docs\\first.pdf,EP21000001,2021-02-03,2020-000001,2020-01-02,patent,patent,Q1W2,,,\n\
ref-2,/data/second.zip,,,2020-000002,20200103,patent,,E3R4,file-9,true,ack-9\n";

#[test]
fn the_sample_clients_retrieval_layout_is_read_as_it_is() {
    let b = Batch::read(RETRIEVALS, None, &[]).unwrap();
    assert_eq!(b.kind, BatchKind::Retrievals);
    assert!(b.problems.is_empty(), "{:?}", b.problems);
    assert_eq!(b.headers.len(), 8, "status and error are added");
    let statuses: Vec<RowStatus> = b.rows.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [RowStatus::Waiting, RowStatus::Pending, RowStatus::Done]
    );
    let w = b.retrieval(1).unwrap();
    assert_eq!(w.document.document_number, "US 17/123");
    assert_eq!(w.document.document_kind_category, "utility model");
    assert_eq!(w.osf_ack_id.as_deref(), Some("ack-1"));
    assert_eq!(
        b.retrieval(2).unwrap().file_name("application/pdf"),
        "PCT_IB2021_057271_2021-06-30.pdf"
    );
    assert_eq!(b.open_rows(), [0, 1]);
}

#[test]
fn the_sample_clients_registration_layout_is_read_as_it_is() {
    let b = Batch::read(REGISTRATIONS, None, &[]).unwrap();
    assert_eq!(b.kind, BatchKind::Registrations);
    assert!(b.problems.is_empty(), "{:?}", b.problems);
    let w = b.registration(0).unwrap();
    assert_eq!(w.file_name, "first.pdf");
    assert_eq!(w.file_reference, "ref-1");
    assert_eq!(
        w.registration.application_filing_date.as_deref(),
        Some("2021-02-03")
    );
    assert_eq!(
        w.registration.application_number.as_deref(),
        Some("EP21000001")
    );
    let done = b.registration(1).unwrap();
    assert_eq!(
        done.registration.document_date, "2020-01-03",
        "YYYYMMDD is read"
    );
    assert_eq!(done.registration.file_id.as_deref(), Some("file-9"));
    assert!(done.registered);
    assert_eq!(b.rows[1].status, RowStatus::Done);
}

#[test]
fn results_are_written_back_in_the_same_layout() {
    let mut b = Batch::read(RETRIEVALS, None, &[]).unwrap();
    b.set(0, Field::OsfAckId, "ack-new");
    b.set_status(0, RowStatus::Pending, None);
    b.set(1, Field::Downloaded, "true");
    b.set_status(1, RowStatus::Done, None);
    let csv = b.to_csv();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("priority_number,priority_date,document_category,das_code,osf_ack_id,downloaded,status,error")
    );
    assert_eq!(
        lines.next(),
        Some("2020-123456,2020-03-01,patent,AB12,ack-new,,pending,")
    );
    assert_eq!(
        lines.next(),
        Some("US 17/123,2021-01-15,utility model,CD34,ack-1,true,done,")
    );
    // Read back, the export resumes: row 0 pending, rows 1 and 2 done.
    let again = Batch::read(&csv, None, &[]).unwrap();
    assert_eq!(again.open_rows(), [0]);
    assert_eq!(again.rows[0].status, RowStatus::Pending);
    assert_eq!(again.headers, b.headers, "no second status column");
}

#[test]
fn bom_semicolons_quotes_and_blank_lines() {
    let text = "\u{feff}Priority Number;Priority-Date;Document Category;DAS code;Note\r\n\r\n\
\"2020;1\";2020-03-01;patent;AB12;\r\n\
\"with \"\"quotes\"\"\";2020-03-02;patent;AB13;\"two\nlines\"\r\n\
  \r\n\
2020-3;2020-03-03;design;AB14";
    let b = Batch::read(text, None, &[]).unwrap();
    assert!(b.problems.is_empty(), "{:?}", b.problems);
    assert_eq!(b.separator, ';');
    assert_eq!(b.rows.len(), 3);
    assert_eq!(b.retrieval(0).unwrap().document.document_number, "2020;1");
    assert_eq!(
        b.retrieval(1).unwrap().document.document_number,
        "with \"quotes\""
    );
    assert_eq!(b.rows[1].cells[4], "two\nlines");
    assert_eq!(
        b.rows[2].line, 7,
        "line numbers count blank lines and breaks in cells"
    );
    assert_eq!(b.rows[2].cells[4], "", "a short last row is padded");
    let csv = b.to_csv();
    assert!(csv
        .starts_with("Priority Number;Priority-Date;Document Category;DAS code;Note;osf_ack_id;"));
    assert!(csv.contains("\"with \"\"quotes\"\"\";2020-03-02;patent;AB13;\"two\nlines\";"));
    assert!(csv.contains("\"2020;1\";"));
}

#[test]
fn bad_rows_are_named_with_their_reason_and_never_open() {
    let text = "priority_number,priority_date,document_category,das_code,downloaded\n\
2020-1,2020-02-30,patent,AB12,\n\
2020-2,2020-03-01,patent,A!,\n\
2020-3,2020-03-01,patent,AB12,maybe\n\
,2020-03-01,patent,AB12,\n\
2020-5,2020-03-01,patent,AB12,\n";
    let b = Batch::read(text, None, &[]).unwrap();
    let lines: Vec<usize> = b.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [2, 3, 4, 5]);
    assert!(
        b.problems[0].reason.contains("priority_date"),
        "{}",
        b.problems[0].reason
    );
    assert!(
        b.problems[1].reason.contains("dasAccessCode"),
        "{}",
        b.problems[1].reason
    );
    assert!(
        b.problems[2].reason.contains("downloaded"),
        "{}",
        b.problems[2].reason
    );
    assert_eq!(b.open_rows(), [4]);
    assert_eq!(b.cell(0, Field::Status), "invalid");
    assert_eq!(b.cell(0, Field::Error), b.problems[0].reason);
}

#[test]
fn other_layouts_through_a_mapping_and_whole_file_errors() {
    let text = "Number,Filed,Type,Code,Ack\nX-1,2020-01-01,patent,ZZ99,\n";
    assert!(
        Batch::read(text, None, &[]).is_err(),
        "nothing recognisable"
    );
    let mapping = [
        (Field::PriorityNumber, "Number".to_owned()),
        (Field::PriorityDate, "filed".to_owned()),
        (Field::DocumentCategory, "Type".to_owned()),
        (Field::DasCode, "Code".to_owned()),
        (Field::OsfAckId, "Ack".to_owned()),
    ];
    assert_eq!(
        Batch::headers(text).unwrap(),
        ["Number", "Filed", "Type", "Code", "Ack"]
    );
    let b = Batch::read(text, Some(BatchKind::Retrievals), &mapping).unwrap();
    assert_eq!(b.retrieval(0).unwrap().document.das_access_code, "ZZ99");
    assert_eq!(
        b.headers.len(),
        8,
        "downloaded, status and error added; Ack reused"
    );
    let bad_mapping = [(Field::DasCode, "Nope".to_owned())];
    assert!(Batch::read(text, Some(BatchKind::Retrievals), &bad_mapping).is_err());
    assert!(Batch::read("", None, &[]).is_err());
    assert!(Batch::read("\u{feff}\n\n", None, &[]).is_err());
    let missing = Batch::read(
        "priority_number,das_code\n1,AB12\n",
        Some(BatchKind::Retrievals),
        &[],
    );
    assert!(missing.unwrap_err().message().contains("priority_date"));
    let too_wide = Batch::read(
        &format!(
            "{}\n1,2,3,4,5,6,7\n",
            "priority_number,priority_date,document_category,das_code"
        ),
        None,
        &[],
    );
    assert!(too_wide.unwrap_err().message().contains("line 2"));
}

#[test]
fn counts_by_status() {
    let b = Batch::read(RETRIEVALS, None, &[]).unwrap();
    let counts = b.counts();
    assert_eq!(counts.get("waiting"), Some(&1));
    assert_eq!(counts.get("pending"), Some(&1));
    assert_eq!(counts.get("done"), Some(&1));
}

#[test]
fn a_header_holding_another_separator_reads_back_the_same() {
    // Found by the fuzzer: unquoted, the tabs in this header outnumbered its commas.
    let text =
        "priority_number,priority_date,document_category,das_code,\"notes\t\t\t\ton;the;row\"\n\
2020-1,2020-03-01,patent,AB12,x\n";
    let b = Batch::read(text, None, &[]).unwrap();
    assert_eq!(b.separator, ',');
    let again = Batch::read(&b.to_csv(), None, &[]).unwrap();
    assert_eq!(again.separator, ',');
    assert_eq!(again.headers, b.headers);
    assert_eq!(again.rows[0].cells, b.rows[0].cells);
}
