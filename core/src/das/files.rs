//! The transit-zone file services: presigned upload URLs (`files/url-uploads` POST to
//! create, PUT to refresh an expired one), file status (`files` GET), presigned download
//! URLs (`files/url-downloads` POST), and deletion (`files` DELETE). The first three have a
//! second documented form each ([`Form::Seed`], see [`super::forms`]).

use super::forms::Form;
use super::model::validate_id;
use super::transit::validate_presigned;
use super::{
    parse_json, DasConfig, FileDownloadUrl, FileStatus, FileUploadUrl, TransitFileRef,
    UploadRequest,
};
use crate::error::Result;
use crate::http::{HttpRequest, Method, ResponseHead};
use serde::Serialize;

const FILES: &str = "/requests/files";
const DOWNLOADS: &str = "/requests/files/url-downloads";

/// `files/url-uploads` (spec) or `url-uploads` (seed 000 step 3).
fn uploads_path(form: Form) -> &'static str {
    match form {
        Form::Spec => "/requests/files/url-uploads",
        Form::Seed => "/requests/url-uploads",
    }
}

pub fn create_upload_url_request(
    config: &DasConfig,
    upload: &UploadRequest,
    form: Form,
) -> Result<HttpRequest> {
    upload.validate()?;
    Ok(config.json(Method::Post, uploads_path(form), upload))
}

/// Asks for a fresh URL for an existing `fileId` (the old one expired).
pub fn refresh_upload_url_request(
    config: &DasConfig,
    file_id: &str,
    form: Form,
) -> Result<HttpRequest> {
    validate_id("fileId", file_id)?;
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Body<'a> {
        file_id: &'a str,
    }
    Ok(config.json(Method::Put, uploads_path(form), &Body { file_id }))
}

pub fn parse_upload_url(head: &ResponseHead, body: &str) -> Result<FileUploadUrl> {
    let url: FileUploadUrl = parse_json(head, body, "upload URL")?;
    validate_presigned(&url.file_upload_url)?;
    Ok(url)
}

/// `GET requests/files` (spec) or `GET requests/url-uploads` (the older use-case table).
pub fn status_request(config: &DasConfig, file_id: &str, form: Form) -> Result<HttpRequest> {
    validate_id("fileId", file_id)?;
    let path = match form {
        Form::Spec => FILES,
        Form::Seed => uploads_path(Form::Seed),
    };
    Ok(config.request(Method::Get, path, &[("fileId", file_id)]))
}

/// The status, with `file_id` filled in from the request.
pub fn parse_status(head: &ResponseHead, body: &str, file_id: &str) -> Result<FileStatus> {
    let mut status: FileStatus = parse_json(head, body, "file status")?;
    if status.file_id.is_empty() {
        status.file_id = file_id.to_owned();
    }
    Ok(status)
}

/// POST with a JSON body (spec) or GET with the same fields in the query (seed 000 step 7).
/// A safe request either way (it only mints a URL): [`super::endpoint::DownloadUrl`] says
/// it may be retried.
pub fn download_url_request(
    config: &DasConfig,
    file: &TransitFileRef,
    form: Form,
) -> Result<HttpRequest> {
    file.validate()?;
    Ok(match form {
        Form::Spec => config.json(Method::Post, DOWNLOADS, file),
        Form::Seed => config.request(Method::Get, DOWNLOADS, &file_query(file)),
    })
}

fn file_query(file: &TransitFileRef) -> [(&'static str, &str); 4] {
    [
        ("osfAckId", &file.osf_ack_id),
        ("documentKindCategory", &file.document_kind_category),
        ("documentNumber", &file.document_number),
        ("documentDate", &file.document_date),
    ]
}

pub fn parse_download_url(head: &ResponseHead, body: &str) -> Result<FileDownloadUrl> {
    let url: FileDownloadUrl = parse_json(head, body, "download URL")?;
    validate_presigned(&url.file_download_url)?;
    Ok(url)
}

/// The parameters of `DELETE requests/files` were not published; the file is named by its
/// retrieval (`osfAckId`) and document, as for the download URL, in the query.
pub fn delete_request(config: &DasConfig, file: &TransitFileRef) -> Result<HttpRequest> {
    file.validate()?;
    Ok(config.request(Method::Delete, FILES, &file_query(file)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::das::FileFormat;
    use crate::ErrorKind;

    use crate::das::test_config as config;

    fn file() -> TransitFileRef {
        TransitFileRef {
            osf_ack_id: "ACK-1".into(),
            document_kind_category: "patent".into(),
            document_number: "PCT/IB2021/057271".into(),
            document_date: "2021-09-06".into(),
        }
    }

    #[test]
    fn upload_url_lifecycle_requests() {
        let create = create_upload_url_request(
            &config(),
            &UploadRequest {
                file_reference: "r".into(),
                file_format_category: FileFormat::Pdf,
                file_checksum: "a".repeat(64),
            },
            Form::Spec,
        )
        .unwrap();
        assert_eq!((create.method, create.idempotent), (Method::Post, false));
        assert!(create.url.ends_with("/das/v1/requests/files/url-uploads"));
        let refresh = refresh_upload_url_request(&config(), "F-1", Form::Seed).unwrap();
        assert!(refresh.url.ends_with("/das/v1/requests/url-uploads"));
        assert_eq!(refresh.method, Method::Put);
        assert_eq!(refresh.body.unwrap().text(), r#"{"fileId":"F-1"}"#);
        let url = parse_upload_url(
            &ResponseHead::new(201),
            r#"{"fileId":"F-1","fileUploadUrl":"http://127.0.0.1:1/b/k?X-Amz-Signature=1"}"#,
        )
        .unwrap();
        assert_eq!(url.file_id, "F-1");
        let bad = parse_upload_url(
            &ResponseHead::new(201),
            r#"{"fileId":"F-1","fileUploadUrl":"ftp://x"}"#,
        );
        assert_eq!(bad.unwrap_err().kind(), ErrorKind::Parse);
    }

    #[test]
    fn status_download_and_delete() {
        assert!(status_request(&config(), "F 1", Form::Spec).is_err());
        let spec = status_request(&config(), "F-1", Form::Spec).unwrap();
        assert!(spec.url.ends_with("/das/v1/requests/files?fileId=F-1"));
        let seed = status_request(&config(), "F-1", Form::Seed).unwrap();
        assert!(seed
            .url
            .ends_with("/das/v1/requests/url-uploads?fileId=F-1"));
        let s = parse_status(
            &ResponseHead::new(200),
            r#"{"fileStatusCategory":"validated"}"#,
            "F-1",
        )
        .unwrap();
        assert_eq!(s.file_id, "F-1");
        let d = download_url_request(&config(), &file(), Form::Spec).unwrap();
        assert_eq!(d.method, Method::Post);
        assert!(d.body.unwrap().text().contains(r#""osfAckId":"ACK-1""#));
        let g = download_url_request(&config(), &file(), Form::Seed).unwrap();
        assert_eq!((g.method, g.body.is_none()), (Method::Get, true));
        assert!(g.url.ends_with("/requests/files/url-downloads?osfAckId=ACK-1&documentKindCategory=patent&documentNumber=PCT%2FIB2021%2F057271&documentDate=2021-09-06"));
        let del = delete_request(&config(), &file()).unwrap();
        assert_eq!(del.method, Method::Delete);
        assert!(del.url.ends_with("/requests/files?osfAckId=ACK-1&documentKindCategory=patent&documentNumber=PCT%2FIB2021%2F057271&documentDate=2021-09-06"));
    }
}
