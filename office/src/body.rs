//! The JSON bodies of WIPO's calls: `application/json`, read no further than the core's
//! limit, or a refusal with a DAS error body.

use axum::body::Bytes;
use axum::extract::Request;
use axum::http::{header, HeaderMap};
use ipdocs_core::das::inbound::{Refusal, MAX_BODY_BYTES};

/// The JSON body of an inbound call: `application/json`, at most [`MAX_BODY_BYTES`] (read no
/// further than that), or a refusal with a DAS error body.
pub async fn json_body(request: Request) -> Result<Bytes, Refusal> {
    json_content_type(request.headers())?;
    axum::body::to_bytes(request.into_body(), MAX_BODY_BYTES)
        .await
        .map_err(|_| {
            Refusal::new(
                413,
                "INVALID_INPUT_DATA",
                -1,
                format!("the body is larger than {MAX_BODY_BYTES} bytes"),
            )
        })
}

fn json_content_type(headers: &HeaderMap) -> Result<(), Refusal> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"));
    if json {
        Ok(())
    } else {
        Err(Refusal::new(
            415,
            "INVALID_INPUT_DATA",
            -1,
            "the body must be application/json",
        ))
    }
}
