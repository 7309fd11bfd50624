//! Every DAS API call with a JSON (or empty) answer, declared once, in the manner of ruma's
//! request/response metadata: what it sends, what its answer is read into, whether it may
//! be sent twice, and which documented forms it has where the sources disagree. A client
//! has one generic `send` for all of them — bearer token, the 401-once rule, the API's
//! error reader, form discovery and the retry rule follow from the description instead of
//! being repeated per method. (The registration certificate, a PDF kept as a Blob, is the
//! one call outside: its answer never reaches the core.)

use super::forms::{Disputed, Form};
use super::retrievals::RetrievalList;
use super::{
    files, notifications, registrations, retrievals, validate_id, DasConfig, DocumentAvailability,
    DocumentQuery, FileDownloadUrl, FileStatus, FileUploadUrl, Registration, RequestAck,
    TransitFileRef, UploadRequest,
};
use crate::error::Result;
use crate::http::{HttpRequest, ResponseHead};

/// One DAS API endpoint.
pub trait Endpoint {
    /// What a successful answer is read into.
    type Output;
    /// Whether sending the same request twice is harmless, so that an answer lost to a
    /// network error or a 5xx may be asked for again.
    const IDEMPOTENT: bool;
    /// Set when the sources document two forms (path or method) of this endpoint.
    const DISPUTED: Option<Disputed> = None;

    /// The request in `form` (an endpoint with one form ignores it).
    fn build(&self, config: &DasConfig, form: Form) -> Result<HttpRequest>;

    /// Reads a 2xx answer.
    fn parse(&self, head: &ResponseHead, body: &str) -> Result<Self::Output>;

    /// The request as sent: built, with the description's retry rule.
    fn request(&self, config: &DasConfig, form: Form) -> Result<HttpRequest> {
        let mut request = self.build(config, form)?;
        request.idempotent = Self::IDEMPOTENT;
        Ok(request)
    }
}

/// `POST requests/retrievals`: the OSF asks for a priority document.
pub struct RequestRetrieval<'a>(pub &'a DocumentQuery);

impl Endpoint for RequestRetrieval<'_> {
    type Output = RequestAck;
    const IDEMPOTENT: bool = false;
    fn build(&self, config: &DasConfig, _: Form) -> Result<HttpRequest> {
        retrievals::request(config, self.0)
    }
    fn parse(&self, head: &ResponseHead, body: &str) -> Result<RequestAck> {
        retrievals::parse_ack(head, body)
    }
}

/// `GET requests/retrievals[?requestAckId=]`: this office's retrievals, or the one with
/// this ack id (found even after it has left the whole list).
pub struct ListRetrievals<'a> {
    pub ack_id: Option<&'a str>,
}

impl Endpoint for ListRetrievals<'_> {
    type Output = RetrievalList;
    const IDEMPOTENT: bool = true;
    fn build(&self, config: &DasConfig, _: Form) -> Result<HttpRequest> {
        if let Some(id) = self.ack_id {
            validate_id("requestAckId", id)?;
        }
        Ok(retrievals::list_request(config, self.ack_id))
    }
    fn parse(&self, head: &ResponseHead, body: &str) -> Result<RetrievalList> {
        retrievals::parse_list(head, body)
    }
}

/// `requests/files/url-downloads`: a presigned download URL. POST in one form, GET in the
/// other; either way it only mints a URL, so it may be retried.
pub struct DownloadUrl<'a>(pub &'a TransitFileRef);

impl Endpoint for DownloadUrl<'_> {
    type Output = FileDownloadUrl;
    const IDEMPOTENT: bool = true;
    const DISPUTED: Option<Disputed> = Some(Disputed::DownloadUrl);
    fn build(&self, config: &DasConfig, form: Form) -> Result<HttpRequest> {
        files::download_url_request(config, self.0, form)
    }
    fn parse(&self, head: &ResponseHead, body: &str) -> Result<FileDownloadUrl> {
        files::parse_download_url(head, body)
    }
}

/// `DELETE requests/files`: a downloaded document leaves the transit zone.
pub struct DeleteFile<'a>(pub &'a TransitFileRef);

impl Endpoint for DeleteFile<'_> {
    type Output = ();
    const IDEMPOTENT: bool = true;
    fn build(&self, config: &DasConfig, _: Form) -> Result<HttpRequest> {
        files::delete_request(config, self.0)
    }
    fn parse(&self, _: &ResponseHead, _: &str) -> Result<()> {
        Ok(())
    }
}

/// `POST …url-uploads`: a new `fileId` and its presigned upload URL. Not repeated: each
/// call creates a file.
pub struct CreateUploadUrl<'a>(pub &'a UploadRequest);

impl Endpoint for CreateUploadUrl<'_> {
    type Output = FileUploadUrl;
    const IDEMPOTENT: bool = false;
    const DISPUTED: Option<Disputed> = Some(Disputed::UploadUrl);
    fn build(&self, config: &DasConfig, form: Form) -> Result<HttpRequest> {
        files::create_upload_url_request(config, self.0, form)
    }
    fn parse(&self, head: &ResponseHead, body: &str) -> Result<FileUploadUrl> {
        files::parse_upload_url(head, body)
    }
}

/// `PUT …url-uploads`: a fresh upload URL for an existing `fileId`.
pub struct RefreshUploadUrl<'a> {
    pub file_id: &'a str,
}

impl Endpoint for RefreshUploadUrl<'_> {
    type Output = FileUploadUrl;
    const IDEMPOTENT: bool = true;
    const DISPUTED: Option<Disputed> = Some(Disputed::UploadUrl);
    fn build(&self, config: &DasConfig, form: Form) -> Result<HttpRequest> {
        files::refresh_upload_url_request(config, self.file_id, form)
    }
    fn parse(&self, head: &ResponseHead, body: &str) -> Result<FileUploadUrl> {
        files::parse_upload_url(head, body)
    }
}

/// `GET requests/files?fileId=` (or `url-uploads?fileId=`): an upload's validation status.
pub struct FileStatusOf<'a> {
    pub file_id: &'a str,
}

impl Endpoint for FileStatusOf<'_> {
    type Output = FileStatus;
    const IDEMPOTENT: bool = true;
    const DISPUTED: Option<Disputed> = Some(Disputed::FileStatus);
    fn build(&self, config: &DasConfig, form: Form) -> Result<HttpRequest> {
        files::status_request(config, self.file_id, form)
    }
    fn parse(&self, head: &ResponseHead, body: &str) -> Result<FileStatus> {
        files::parse_status(head, body, self.file_id)
    }
}

/// `POST requests/registrations`: the OFF registers a document (with content or without).
pub struct Register<'a>(pub &'a Registration);

impl Endpoint for Register<'_> {
    type Output = RequestAck;
    const IDEMPOTENT: bool = false;
    fn build(&self, config: &DasConfig, _: Form) -> Result<HttpRequest> {
        registrations::register_request(config, self.0)
    }
    fn parse(&self, head: &ResponseHead, body: &str) -> Result<RequestAck> {
        registrations::parse_ack(head, body)
    }
}

/// `PUT requests/registrations`: corrects a registration or replaces its content.
pub struct UpdateRegistration<'a>(pub &'a Registration);

impl Endpoint for UpdateRegistration<'_> {
    type Output = RequestAck;
    const IDEMPOTENT: bool = true;
    fn build(&self, config: &DasConfig, _: Form) -> Result<HttpRequest> {
        registrations::update_request(config, self.0)
    }
    fn parse(&self, head: &ResponseHead, body: &str) -> Result<RequestAck> {
        registrations::parse_ack(head, body)
    }
}

/// `DELETE requests/registrations`: withdraws a registration.
pub struct WithdrawRegistration<'a>(pub &'a DocumentQuery);

impl Endpoint for WithdrawRegistration<'_> {
    type Output = RequestAck;
    const IDEMPOTENT: bool = true;
    fn build(&self, config: &DasConfig, _: Form) -> Result<HttpRequest> {
        registrations::withdraw_request(config, self.0)
    }
    fn parse(&self, head: &ResponseHead, body: &str) -> Result<RequestAck> {
        registrations::parse_ack(head, body)
    }
}

/// `GET documents/registrations/statuses`: whether a document is registered with these
/// data (-7/-12/-14 come back as `das` errors). The body is not published, so it is kept as
/// the JSON the service sends, beside the fields read from it.
pub struct RegistrationStatus<'a>(pub &'a DocumentQuery);

impl Endpoint for RegistrationStatus<'_> {
    type Output = registrations::RegistrationStatusBody;
    const IDEMPOTENT: bool = true;
    fn build(&self, config: &DasConfig, _: Form) -> Result<HttpRequest> {
        registrations::status_request(config, self.0)
    }
    fn parse(
        &self,
        head: &ResponseHead,
        body: &str,
    ) -> Result<registrations::RegistrationStatusBody> {
        registrations::parse_status(head, body)
    }
}

/// `POST requests/notifications`: a document is available (or failed) for an ack id; any
/// 2xx succeeds. Not repeated: WIPO refuses a second answer (-25).
pub struct Notify<'a>(pub &'a DocumentAvailability);

impl Endpoint for Notify<'_> {
    type Output = ();
    const IDEMPOTENT: bool = false;
    fn build(&self, config: &DasConfig, _: Form) -> Result<HttpRequest> {
        notifications::request(config, self.0)
    }
    fn parse(&self, _: &ResponseHead, _: &str) -> Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::das::test_config;
    use crate::http::Method;

    fn document() -> DocumentQuery {
        serde_json::from_str(
            r#"{"documentKindCategory":"priority","documentNumber":"EP20240001234",
                "documentDate":"2024-01-15","dasAccessCode":"A1B2"}"#,
        )
        .unwrap()
    }

    fn file() -> TransitFileRef {
        serde_json::from_str(
            r#"{"osfAckId":"ack-1","documentKindCategory":"priority",
                "documentNumber":"EP20240001234","documentDate":"2024-01-15"}"#,
        )
        .unwrap()
    }

    #[test]
    fn the_retry_rule_comes_from_the_description_whatever_the_method() {
        let c = test_config();
        let doc = document();
        let file = file();
        // The seed's download form is a GET, the spec's a POST: both may be retried.
        for form in [Form::Spec, Form::Seed] {
            let r = DownloadUrl(&file).request(&c, form).unwrap();
            assert!(r.idempotent, "{form:?}");
        }
        let post = DownloadUrl(&file).request(&c, Form::Spec).unwrap();
        assert_eq!(post.method, Method::Post);
        // A POST that creates something is never sent twice.
        assert!(
            !RequestRetrieval(&doc)
                .request(&c, Form::Spec)
                .unwrap()
                .idempotent
        );
        assert!(
            !Register(&registration())
                .request(&c, Form::Spec)
                .unwrap()
                .idempotent
        );
        assert!(
            ListRetrievals { ack_id: None }
                .request(&c, Form::Spec)
                .unwrap()
                .idempotent
        );
        // The method decides nothing: a GET as built is not retried until described so.
        let built = registrations::status_request(&c, &doc).unwrap();
        assert_eq!((built.method, built.idempotent), (Method::Get, false));
        let described = RegistrationStatus(&doc).request(&c, Form::Spec).unwrap();
        assert!(described.idempotent);
        // The certificate, read outside `Endpoint`, says so itself.
        assert!(
            registrations::certificate_request(&c, &doc)
                .unwrap()
                .idempotent
        );
    }

    #[test]
    fn disputed_endpoints_say_so_and_build_both_forms() {
        let c = test_config();
        assert_eq!(FileStatusOf::DISPUTED, Some(Disputed::FileStatus));
        assert_eq!(RequestRetrieval::DISPUTED, None);
        let spec = FileStatusOf { file_id: "f-1" }
            .request(&c, Form::Spec)
            .unwrap();
        let seed = FileStatusOf { file_id: "f-1" }
            .request(&c, Form::Seed)
            .unwrap();
        assert!(
            spec.url.contains("/requests/files?fileId=f-1"),
            "{}",
            spec.url
        );
        assert!(
            seed.url.contains("/requests/url-uploads?fileId=f-1"),
            "{}",
            seed.url
        );
    }

    #[test]
    fn inputs_are_checked_before_anything_is_sent() {
        let c = test_config();
        let bad = ListRetrievals {
            ack_id: Some("bad id\n"),
        };
        assert_eq!(
            bad.request(&c, Form::Spec).unwrap_err().kind(),
            crate::ErrorKind::InvalidInput
        );
    }

    #[test]
    fn answers_are_read_by_the_endpoint() {
        let head = ResponseHead::new(200).with_content_type("application/json");
        let status = FileStatusOf { file_id: "f-9" }
            .parse(&head, r#"{"fileStatusCategory":"validated"}"#)
            .unwrap();
        assert_eq!(status.file_id, "f-9");
        assert_eq!(Notify(&availability()).parse(&head, ""), Ok(()));
    }

    fn registration() -> Registration {
        serde_json::from_str(
            r#"{"documentKindCategory":"priority","documentNumber":"EP20240001234",
                "documentDate":"2024-01-15","dasAccessCode":"A1B2"}"#,
        )
        .unwrap()
    }

    fn availability() -> DocumentAvailability {
        serde_json::from_str(
            r#"{"requestAckId":"ack-1","requestStatusCategory":"success",
                "documentKindCategory":"priority","documentNumber":"EP20240001234",
                "documentDate":"2024-01-15","fileId":"f-1"}"#,
        )
        .unwrap()
    }
}
