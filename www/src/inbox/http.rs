//! The inbox's calls through the library's transport (timeouts, retries of reads, no cookies,
//! no redirects), and reading their JSON; used by the inbox, the sign-in and the demo's
//! partner office.

use ipdocs::http::{HttpRequest, Method, RequestBody, ResponseHead};
use ipdocs::transport::{ReadAs, Transport};
use ipdocs::Result;
use serde_json::Value;

pub(crate) fn text(value: &Value, key: &str) -> String {
    match value.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// A JSON call through the library's transport (timeouts, retries of reads, no cookies, no
/// redirects); the bearer token, when given, goes to `url` only.
pub(crate) async fn send(
    method: Method,
    url: String,
    bearer: Option<&str>,
    body: Option<Value>,
) -> Result<String> {
    let body = body.map(|b| RequestBody::Json(b.to_string()));
    send_body(method, url, bearer, body).await
}

/// [`send`] with any body (the sign-in's token request is a form).
pub(crate) async fn send_body(
    method: Method,
    url: String,
    bearer: Option<&str>,
    body: Option<RequestBody>,
) -> Result<String> {
    let mut headers = vec![("accept", "application/json".to_owned())];
    if let Some(token) = bearer {
        headers.push(("authorization", format!("Bearer {token}")));
    }
    let request = HttpRequest {
        method,
        url,
        headers,
        body,
        idempotent: method == Method::Get,
    };
    let reply = Transport::<ipdocs::transport::Browser>::default()
        .send_as(
            &request,
            ReadAs::Text,
            None,
            |head: &ResponseHead, body, now| head.error(body, now),
        )
        .await?;
    Ok(reply.text().to_owned())
}
