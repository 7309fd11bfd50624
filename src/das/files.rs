//! The transit-zone file services: presigned upload URLs (`files/url-uploads` POST to
//! create, PUT to refresh an expired one), file status (`files` GET), presigned download
//! URLs (`files/url-downloads` POST), and deletion (`files` DELETE).

use super::model::validate_id;
use super::transit::validate_presigned;
use super::{
    parse_json, DasConfig, FileDownloadUrl, FileStatus, FileUploadUrl, TransitFileRef,
    UploadRequest,
};
use crate::error::Result;
use crate::http::{HttpRequest, Method, ResponseHead};

const UPLOADS: &str = "/requests/files/url-uploads";
const FILES: &str = "/requests/files";
const DOWNLOADS: &str = "/requests/files/url-downloads";

pub fn create_upload_url_request(
    config: &DasConfig,
    upload: &UploadRequest,
) -> Result<HttpRequest> {
    upload.validate()?;
    Ok(config.json(Method::Post, UPLOADS, upload))
}

/// Asks for a fresh URL for an existing `fileId` (the old one expired).
pub fn refresh_upload_url_request(config: &DasConfig, file_id: &str) -> Result<HttpRequest> {
    validate_id("fileId", file_id)?;
    Ok(config.json(
        Method::Put,
        UPLOADS,
        &serde_json::json!({ "fileId": file_id }),
    ))
}

pub fn parse_upload_url(head: &ResponseHead, body: &str) -> Result<FileUploadUrl> {
    let url: FileUploadUrl = parse_json(head, body, "upload URL")?;
    validate_presigned(&url.file_upload_url)?;
    Ok(url)
}

pub fn status_request(config: &DasConfig, file_id: &str) -> Result<HttpRequest> {
    validate_id("fileId", file_id)?;
    Ok(config.request(Method::Get, FILES, &[("fileId", file_id)]))
}

/// The status, with `file_id` filled in from the request.
pub fn parse_status(head: &ResponseHead, body: &str, file_id: &str) -> Result<FileStatus> {
    let mut status: FileStatus = parse_json(head, body, "file status")?;
    if status.file_id.is_empty() {
        status.file_id = file_id.to_owned();
    }
    Ok(status)
}

/// A safe request (it only mints a URL), so it may be retried.
pub fn download_url_request(config: &DasConfig, file: &TransitFileRef) -> Result<HttpRequest> {
    file.validate()?;
    let mut request = config.json(Method::Post, DOWNLOADS, file);
    request.idempotent = true;
    Ok(request)
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
    Ok(config.request(
        Method::Delete,
        FILES,
        &[
            ("osfAckId", &file.osf_ack_id),
            ("documentKindCategory", &file.document_kind_category),
            ("documentNumber", &file.document_number),
            ("documentDate", &file.document_date),
        ],
    ))
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
        )
        .unwrap();
        assert_eq!((create.method, create.idempotent), (Method::Post, false));
        assert!(create.url.ends_with("/das/v1/requests/files/url-uploads"));
        let refresh = refresh_upload_url_request(&config(), "F-1").unwrap();
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
        assert!(status_request(&config(), "F 1").is_err());
        let s = parse_status(
            &ResponseHead::new(200),
            r#"{"fileStatusCategory":"validated"}"#,
            "F-1",
        )
        .unwrap();
        assert_eq!(s.file_id, "F-1");
        let d = download_url_request(&config(), &file()).unwrap();
        assert!(d.idempotent);
        assert!(d.body.unwrap().text().contains(r#""osfAckId":"ACK-1""#));
        let del = delete_request(&config(), &file()).unwrap();
        assert_eq!(del.method, Method::Delete);
        assert!(del.url.ends_with("/requests/files?osfAckId=ACK-1&documentKindCategory=patent&documentNumber=PCT%2FIB2021%2F057271&documentDate=2021-09-06"));
    }
}
