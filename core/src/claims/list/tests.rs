use super::*;
use crate::claims::{Attachment, Format};
use crate::error::ErrorKind;

fn config(format: Format) -> ClaimsConfig {
    ClaimsConfig::new("https://cdws21.ificlaims.com", "x", "y", format).unwrap()
}

fn json_head() -> ResponseHead {
    ResponseHead::new(200).with_content_type("application/json")
}

fn xml_head() -> ResponseHead {
    ResponseHead::new(200).with_content_type("text/xml")
}

fn u(s: &str) -> Ucid {
    Ucid::parse(s).unwrap()
}

const A2: &str =
    include_str!("../../../../tests/fixtures/claims/attachment-list-EP-0666666-A2.observed.json");
const A3: &str =
    include_str!("../../../../tests/fixtures/claims/attachment-list-EP-0666666-A3.observed.json");
const SINGLE_DOC: &str =
    include_str!("../../../../tests/fixtures/claims/attachment-list-single.doc-normalized.json");

#[test]
fn single_request_carries_ucid_accept_and_login() {
    let r = request(&config(Format::Xml), &u("us-20100077592-a1"));
    assert_eq!(
        r.url,
        "https://cdws21.ificlaims.com/attachment/list?ucid=US-20100077592-A1"
    );
    assert_eq!(r.header_value("accept"), Some("text/xml"));
    assert_eq!(r.header_value("x-user"), Some("x"));
    assert_eq!(r.header_value("x-password"), Some("y"));
    let r = request(&config(Format::Json), &u("EP-0700000-B1"));
    assert_eq!(r.header_value("accept"), Some("application/json"));
}

#[test]
fn many_request_is_comma_separated_with_multi() {
    let r = request_many(
        &config(Format::Json),
        &[u("EP-0700000-A2"), u("EP-0700000-B1")],
    )
    .unwrap();
    assert_eq!(
        r.url,
        "https://cdws21.ificlaims.com/attachment/list?ucid=EP-0700000-A2%2CEP-0700000-B1&multi=1"
    );
    assert_eq!(
        request_many(&config(Format::Json), &[]).unwrap_err().kind(),
        ErrorKind::InvalidInput
    );
    let too_many: Vec<Ucid> = (0..101)
        .map(|i| u(&format!("US-{}-A", 5_000_000 + i)))
        .collect();
    assert_eq!(
        request_many(&config(Format::Json), &too_many)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidInput
    );
}

#[test]
fn dedupe_and_batches() {
    let inputs: Vec<String> = (0..250)
        .map(|i| format!("US-{}-A", 5_000_000 + i % 230))
        .chain(["ep-700000-b1".into(), "EP-0700000-B1".into()])
        .collect();
    let parsed: Vec<Ucid> = inputs.iter().map(|s| Ucid::parse(s).unwrap()).collect();
    let ucids = dedupe(&parsed);
    assert_eq!(ucids.len(), 231);
    assert_eq!(ucids[0].as_str(), "US-5000000-A");
    assert_eq!(ucids[230].as_str(), "EP-0700000-B1");
    let sizes: Vec<usize> = batches(&ucids).map(<[Ucid]>::len).collect();
    assert_eq!(sizes, [100, 100, 31]);
}

#[test]
fn observed_examples_parse() {
    let a2 = parse(&json_head(), A2).unwrap();
    assert_eq!(a2.len(), 4);
    assert_eq!(
        a2[0],
        Attachment {
            path: "/EP/19950809/A2/000000/66/66/66/EP0666666A219950809.pdf".into(),
            filename: "EP0666666A219950809.pdf".into(),
            media: "application/pdf".into(),
            pkey: "EP-0666666-A2-19950809".into(),
            size: 448486,
        }
    );
    let a3 = parse(&json_head(), A3).unwrap();
    assert_eq!(a3.last().unwrap().filename, "EP0666666A320030102.pdf");
    let doc = parse(&json_head(), SINGLE_DOC).unwrap();
    assert_eq!(doc.len(), 1);
    assert_eq!(doc[0].size, 22886);
}

#[test]
fn no_content_is_an_empty_list() {
    assert!(parse(&ResponseHead::new(204), "").unwrap().is_empty());
    assert!(parse_many(&ResponseHead::new(204), "").unwrap().is_empty());
}

#[test]
fn key_order_and_unknown_fields_do_not_matter() {
    let body = r#"{"attachments":[{"size":1,"pkey":"k","media":"image/png","filename":"f.png","path":"/p","extra":[1,{"x":2}]}],
                   "count":1,"time":"0.1","status":"success","paging":{"next":null}}"#;
    assert_eq!(parse(&json_head(), body).unwrap()[0].filename, "f.png");
}

#[test]
fn media_types_are_kept_byte_exact() {
    let body = r#"{"status":"success","count":3,"attachments":[
        {"path":"/a","filename":"a.mol","media":"application/chemexpres","pkey":"k","size":1},
        {"path":"/b","filename":"b.nb","media":"application/mathmatica","pkey":"k","size":2},
        {"path":"/c","filename":"c.xyz","media":"application/x-Unknown+Thing","pkey":"k","size":3}]}"#;
    let media: Vec<String> = parse(&json_head(), body)
        .unwrap()
        .into_iter()
        .map(|a| a.media)
        .collect();
    assert_eq!(
        media,
        [
            "application/chemexpres",
            "application/mathmatica",
            "application/x-Unknown+Thing"
        ]
    );
}

#[test]
fn multi_json_documented_shape_with_ucid_count_or_count() {
    for counter in ["ucid_count", "count"] {
        let body = format!(
            r#"{{"{counter}":2,"status":"success","time":"0.15","attachments":[
              {{"EP-0700000-A2":{{"count":1,"attachments":[{{"path":"/EP/19960306/A2/000000/70/00/00/EP0700000A219960306.pdf","filename":"EP0700000A219960306.pdf","pkey":"EP-0700000-A2-19960306","media":"application/pdf","size":710278}}]}}}},
              {{"EP-0700000-B1":{{"count":0,"attachments":[]}}}}]}}"#
        );
        let groups = parse_many(&json_head(), &body).unwrap();
        assert_eq!(groups.len(), 2, "{counter}");
        assert_eq!(groups[0].key, "EP-0700000-A2");
        assert_eq!(groups[0].count, Some(1));
        assert_eq!(groups[0].attachments[0].size, 710278);
        assert!(groups[1].attachments.is_empty());
    }
}

#[test]
fn multi_json_object_map_and_missing_lists_are_accepted() {
    let body = r#"{"status":"success","attachments":{"EP-0700000-B1":{"count":0},"US-5551212-A":{"count":"3","attachments":null}}}"#;
    let groups = parse_many(&json_head(), body).unwrap();
    assert_eq!(groups.len(), 2);
    assert!(groups.iter().all(|g| g.attachments.is_empty()));
    // A count given as a numeric string is still the service's total.
    assert_eq!(groups[1].count, Some(3));
}

#[test]
fn merge_restores_request_order_and_fills_gaps() {
    let req = [u("US-5551212-A"), u("EP-0700000-A2"), u("EP-0700000-B1")];
    let att = |n: &str| Attachment {
        path: format!("/{n}"),
        filename: n.into(),
        media: "image/tiff".into(),
        pkey: "k".into(),
        size: 1,
    };
    let group = |key: &str, count, attachments| ServerGroup {
        key: key.to_owned(),
        count,
        attachments,
    };
    let merged = merge(
        &req,
        vec![
            group("ep-700000-b1", Some(4), vec![att("b1")]),
            group("EP-0700000-A2", None, vec![att("a2")]),
            group("not a ucid", Some(1), vec![att("zzz")]),
        ],
    );
    let shape: Vec<(&str, usize, Option<u64>)> = merged
        .iter()
        .map(|l| (l.ucid.as_str(), l.attachments.len(), l.count))
        .collect();
    assert_eq!(
        shape,
        [
            ("US-5551212-A", 0, None),
            ("EP-0700000-A2", 1, None),
            ("EP-0700000-B1", 1, Some(4))
        ]
    );
    // The service said it stores 4 but listed 1.
    assert!(merged[2].is_incomplete());
    assert!(!merged[1].is_incomplete());
}

#[test]
fn xml_single_documented_shape() {
    let body = r#"<?xml version="1.0"?>
<response method="attachment/list" status="success" time="0.652126">
  <attachments>
    <attachment pkey="EP-0700000-B1-20001004"
                size="22886"
                media="image/tiff"
                path="/EP/20001004/B1/000000/70/00/00/00360001.tif"
                filename="00360001.tif" />
    <!-- further attachment elements -->
    <attachment pkey="k" size="5" media="application/chemexpres" path="/a&amp;b" filename="a&#x26;b.mol"/>
  </attachments>
</response>"#;
    let list = parse(&xml_head(), body).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].path, "/EP/20001004/B1/000000/70/00/00/00360001.tif");
    assert_eq!(list[1].path, "/a&b");
    assert_eq!(list[1].filename, "a&b.mol");
    assert_eq!(list[1].media, "application/chemexpres");
}

#[test]
fn xml_multi_documented_shape() {
    let body = r#"<?xml version="1.0"?>
<response method="attachment/list" time="0.081054" status="success">
  <attachment-listing ucid-count="2">
    <attachments ucid="EP-0700000-A2" count="2">
      <attachment filename="EP0700000A219960306.pdf" media="application/pdf" path="/EP/19960306/A2/000000/70/00/00/EP0700000A219960306.pdf" pkey="EP-0700000-A2-19960306" size="710278"/>
      <attachment filename="imgaf001.tif" media="image/tiff" path="/EP/19960306/A2/000000/70/00/00/imgaf001.tif" pkey="EP-0700000-A2-19960306" size="7365"/>
    </attachments>
    <attachments ucid="EP-0700000-B1" count="0"/>
  </attachment-listing>
</response>"#;
    let groups = parse_many(&xml_head(), body).unwrap();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].key, "EP-0700000-A2");
    assert_eq!(groups[0].count, Some(2));
    assert_eq!(groups[0].attachments.len(), 2);
    assert_eq!(groups[0].attachments[1].size, 7365);
    assert_eq!(
        groups[1],
        ServerGroup {
            key: "EP-0700000-B1".to_string(),
            count: Some(0),
            attachments: vec![]
        }
    );
}

#[test]
fn json_answer_to_an_xml_request_is_still_understood() {
    let r = parse(&ResponseHead::new(200), A2).unwrap();
    assert_eq!(r.len(), 4);
}

#[test]
fn failure_envelopes_are_service_errors_in_both_formats() {
    let cases = [
        (
            json_head(),
            r#"{"status":"error","message":"JSON error: failed to read response object"}"#,
        ),
        (
            json_head(),
            r#"{"status":"failed","message":"ucid param missing","time":"0.001","attachments":"garbage"}"#,
        ),
        (
            xml_head(),
            r#"<response method="attachment/list" status="failed" message="bad ucid"/>"#,
        ),
        (
            xml_head(),
            r#"<response status="error"><message>db &amp; index offline</message></response>"#,
        ),
    ];
    for (head, body) in cases {
        let e = parse(&head, body).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Service, "{body}");
        assert!(!e.message().is_empty());
        assert_eq!(e.body().unwrap().text, body);
        assert_eq!(
            parse_many(&head, body).unwrap_err().kind(),
            ErrorKind::Service
        );
    }
    let e = parse(
        &xml_head(),
        r#"<response status="error"><message>db &amp; index offline</message></response>"#,
    )
    .unwrap_err();
    assert!(
        e.message().contains("db & index offline"),
        "{}",
        e.message()
    );
}

/// At least 40 malformed bodies, each a typed error (never a panic, never data).
#[test]
fn malformed_bodies_give_typed_errors() {
    let att = r#"{"path":"/p","filename":"f","media":"m","pkey":"k","size":1}"#;
    let json: Vec<String> = vec![
        String::new(),
        "   ".into(),
        "{".into(),
        "{\"status\":\"success\",\"attachments\":[".into(),
        format!("{{\"status\":\"success\",\"attachments\":[{att}"),
        format!("{{\"status\":\"success\",\"attachments\":[{att},]}}"),
        "{\"status\" \"success\"}".into(),
        "[]".into(),
        "\"just a string\"".into(),
        "null".into(),
        "42".into(),
        "{\"status\":\"success\",\"attachments\":{}}x".into(),
        "{\"status\":\"success\",\"attachments\":42}".into(),
        "{\"status\":\"success\",\"attachments\":\"x\"}".into(),
        "{\"status\":\"success\",\"attachments\":[42]}".into(),
        "{\"status\":\"success\",\"attachments\":[null]}".into(),
        "{\"status\":\"success\",\"attachments\":[{\"path\":5,\"filename\":\"f\",\"media\":\"m\",\"pkey\":\"k\",\"size\":1}]}".into(),
        "{\"status\":\"success\",\"attachments\":[{\"path\":\"/p\",\"filename\":\"f\",\"media\":\"m\",\"pkey\":\"k\",\"size\":\"1\"}]}".into(),
        "{\"status\":\"success\",\"attachments\":[{\"path\":\"/p\",\"filename\":\"f\",\"media\":\"m\",\"pkey\":\"k\",\"size\":-1}]}".into(),
        "{\"status\":\"success\",\"attachments\":[{\"path\":\"/p\",\"filename\":\"f\",\"media\":\"m\",\"pkey\":\"k\",\"size\":1.5}]}".into(),
        "{\"status\":\"success\",\"attachments\":[{\"path\":\"/p\",\"filename\":\"f\",\"media\":\"m\",\"pkey\":\"k\",\"size\":9007199254740992}]}".into(),
        "{\"status\":\"success\",\"attachments\":[{\"path\":\"/p\",\"filename\":\"f\",\"media\":\"m\",\"pkey\":\"k\",\"size\":1e400}]}".into(),
        "{\"status\":\"success\",\"attachments\":[{\"path\":\"/p\",\"filename\":\"f\",\"media\":\"m\",\"pkey\":\"k\",\"size\":99999999999999999999999999}]}".into(),
        "{\"status\":\"success\",\"attachments\":[{\"path\":\"/p\",\"filename\":\"f\",\"media\":\"m\",\"pkey\":\"k\",\"size\":true}]}".into(),
        "{\"status\":\"success\",\"attachments\":[{\"path\":\"/p\",\"filename\":\"f\",\"media\":\"m\",\"size\":1}]}".into(),
        "{\"status\":\"success\",\"attachments\":[{\"filename\":\"f\",\"media\":\"m\",\"pkey\":\"k\",\"size\":1}]}".into(),
        "{\"status\":\"success\",\"attachments\":[{\"path\":\"\\ud800\",\"filename\":\"f\",\"media\":\"m\",\"pkey\":\"k\",\"size\":1}]}".into(),
        "{\"status\":\"success\",\"attachments\":[{\"path\":\"\\x41\",\"filename\":\"f\",\"media\":\"m\",\"pkey\":\"k\",\"size\":1}]}".into(),
        "{\"status\":\"success\",\"time\":\"0.07\"\"count\":6}".into(),
        "{\"status\":\"success\",/* comment */\"attachments\":[]}".into(),
        "{\"status\":\"success\",\"attachments\":[],; etc ...}".into(),
        "{\"status\":5}".into(),
        "{\"status\":\"success\",\"attachments\":[{}]}".into(),
        format!("{{\"status\":\"success\",\"attachments\":{}{}{}}}", "[".repeat(200), att, "]".repeat(200)),
        "<!DOCTYPE html><html><body><h1>Service Unavailable</h1></body></html>".into(),
        "<html><head><title>Login</title></head></html>".into(),
        "hello world".into(),
    ];
    let xml: Vec<&str> = vec![
        "<response status=\"success\"><attachments><attachment path=\"/p\"",
        "<response status=\"success\"><attachments>",
        "<?xml version=\"1.0\"?><!DOCTYPE response [<!ENTITY x \"boom\">]><response status=\"success\"/>",
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><response>&lol2;</response>",
        "<response status=\"success\"><attachments><attachment path=\"&xxe;\" filename=\"f\" media=\"m\" pkey=\"k\" size=\"1\"/></attachments></response>",
        "<response status=\"success\"><attachments><attachment path=\"/p\" filename=\"f\" media=\"m\" pkey=\"k\" size=\"big\"/></attachments></response>",
        "<response status=\"success\"><attachments><attachment path=\"/p\" filename=\"f\" media=\"m\" pkey=\"k\" size=\"-3\"/></attachments></response>",
        "<response status=\"success\"><attachments><attachment path=\"/p\" filename=\"f\" media=\"m\" pkey=\"k\" size=\"9007199254740993\"/></attachments></response>",
        "<response status=\"success\"><attachments><attachment filename=\"f\" media=\"m\" pkey=\"k\" size=\"1\"/></attachments></response>",
        "<response status=\"success\"><attachment path=\"/p\" filename=\"f\" media=\"m\" pkey=\"k\" size=\"1\"/></response>",
        "<html><body>Bad gateway</body></html>",
        "<other/>",
        "<response status=\"success\"><attachments></response>",
        "<response status='success' status='success'/>",
        "<response status=success/>",
        "<!-- only a comment -->",
    ];
    let mut count = 0;
    for body in &json {
        let e = parse(&json_head(), body).expect_err(body);
        assert!(matches!(e.kind(), ErrorKind::Parse), "{body}: {e}");
        assert_eq!(
            e.body().map(|b| b.text.as_str()),
            Some(body.as_str()),
            "body kept for {body}"
        );
        count += 1;
    }
    for body in &xml {
        let e = parse(&xml_head(), body).expect_err(body);
        assert_eq!(e.kind(), ErrorKind::Parse, "{body}: {e}");
        count += 1;
    }
    // Invalid UTF-8 never reaches the parsers as &str: the transport decodes lossily, so
    // the replacement characters must not turn into data either.
    let lossy =
        String::from_utf8_lossy(b"{\"status\":\"success\",\"attachments\":[{\"path\":\"\xff\xfe\"");
    assert_eq!(
        parse(&json_head(), &lossy).unwrap_err().kind(),
        ErrorKind::Parse
    );
    count += 1;
    assert!(count >= 40, "only {count} malformed cases");
}
