//! The built web app, served on the inbox's origin under the same headers as the simulator
//! sends: a strict CSP, no referrer, no sniffing; the build's precompressed copies (`.br`,
//! `.gz`) to browsers that accept them; hashed assets cached for good, the rest revalidated.

use axum::http::{header, HeaderValue};
use tower_http::set_header::SetResponseHeaderLayer;

pub fn files(dir: &std::path::Path, connect_src: &[String]) -> axum::Router {
    let csp = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         connect-src 'self' {}; img-src 'self' blob:; frame-src blob:; \
         object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        connect_src.join(" ")
    );
    let service = tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&csp).unwrap_or(HeaderValue::from_static("default-src 'self'")),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .service(
            tower_http::services::ServeDir::new(dir)
                .precompressed_br()
                .precompressed_gzip(),
        );
    axum::Router::new()
        .fallback_service(service)
        .layer(axum::middleware::from_fn(cache_control))
}

/// A file whose name carries the build's content hash (`name-0123456789abcdef.wasm`) never
/// changes: cached for a year without asking again. Anything else (`index.html`, the worker's
/// unhashed files) is asked for again each time, so a new build is seen at once.
async fn cache_control(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let hashed = is_hashed(request.uri().path());
    let mut response = next.run(request).await;
    let policy = match hashed {
        true => "public, max-age=31536000, immutable",
        false => "no-cache",
    };
    if response.status().is_success() || response.status() == axum::http::StatusCode::NOT_MODIFIED {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// Whether a path's file name ends its stem with `-` and 16 hex digits (the build's hash,
/// scripts/assemble-app.mjs).
fn is_hashed(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .and_then(|name| name.split(['.', '_']).next())
        .and_then(|stem| stem.rsplit_once('-'))
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashed_names_are_told_apart() {
        assert!(super::is_hashed("/ipdocs-www-6e0818ddbec89a2b_bg.wasm"));
        assert!(super::is_hashed("/style-c2f8763b3808135b.css"));
        assert!(!super::is_hashed("/index.html"));
        assert!(!super::is_hashed("/ipdocs-decoder_bg.wasm"));
        assert!(!super::is_hashed("/"));
    }
}
