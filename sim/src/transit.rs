//! The DAS transit zone: a real S3 endpoint (s3s over s3s-fs, in a temporary directory) on
//! its own origin, with SigV4 presigned URLs minted by rusty-s3. s3s checks every signature
//! and expiry itself; this module adds request recording (to prove no credential of ours
//! ever arrives here), fault injection and CORS (which exposes `ETag`).

use crate::faults::Fault;
use crate::{AppState, DropConnection};
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use rusty_s3::{Bucket, Credentials, S3Action, UrlStyle};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;

pub const BUCKET: &str = "das-transit";
const REGION: &str = "us-east-1";

/// How a minted URL should be broken, for tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlFault {
    /// Signed an hour ago: S3 answers 403 "Request has expired".
    Expired,
    /// Signature altered: S3 answers 403 SignatureDoesNotMatch.
    Tampered,
}

pub struct Transit {
    _dir: tempfile::TempDir,
    root: PathBuf,
    bucket: Bucket,
    credentials: Credentials,
    service: s3s::service::S3Service,
}

impl Transit {
    pub fn new(transit_url: &str) -> std::io::Result<Transit> {
        let dir = tempfile::Builder::new()
            .prefix("ipdocs-sim-transit-")
            .tempdir()?;
        let root = dir.path().to_path_buf();
        std::fs::create_dir_all(root.join(BUCKET))?;
        let fs =
            s3s_fs::FileSystem::new(&root).map_err(|e| std::io::Error::other(format!("{e:?}")))?;
        let access_key = format!(
            "SIM{}",
            hex::encode(rand::random::<[u8; 8]>()).to_uppercase()
        );
        let secret_key = hex::encode(rand::random::<[u8; 20]>());
        let mut builder = s3s::service::S3ServiceBuilder::new(fs);
        builder.set_auth(s3s::auth::SimpleAuth::from_single(
            access_key.clone(),
            secret_key.clone(),
        ));
        let endpoint = url::Url::parse(transit_url).map_err(std::io::Error::other)?;
        let bucket =
            Bucket::new(endpoint, UrlStyle::Path, BUCKET, REGION).map_err(std::io::Error::other)?;
        Ok(Transit {
            _dir: dir,
            root,
            bucket,
            credentials: Credentials::new(access_key, secret_key),
            service: builder.build(),
        })
    }

    fn sign<'a>(action: impl S3Action<'a>, ttl: Duration, fault: Option<UrlFault>) -> String {
        let url = match fault {
            Some(UrlFault::Expired) => {
                let an_hour_ago = jiff::Timestamp::now() - jiff::SignedDuration::from_secs(3600);
                action.sign_with_time(Duration::from_secs(60), &an_hour_ago)
            }
            _ => action.sign(ttl),
        };
        let url = url.to_string();
        if fault == Some(UrlFault::Tampered) {
            // Flip the last signature digit.
            let mut chars: Vec<char> = url.chars().collect();
            if let Some(last) = chars.last_mut() {
                *last = if *last == '0' { '1' } else { '0' };
            }
            return chars.into_iter().collect();
        }
        url
    }

    pub fn presign_put(&self, key: &str, ttl: Duration, fault: Option<UrlFault>) -> String {
        Transit::sign(
            self.bucket.put_object(Some(&self.credentials), key),
            ttl,
            fault,
        )
    }

    pub fn presign_get(&self, key: &str, ttl: Duration, fault: Option<UrlFault>) -> String {
        Transit::sign(
            self.bucket.get_object(Some(&self.credentials), key),
            ttl,
            fault,
        )
    }

    /// Where s3s-fs keeps an object.
    pub fn object_path(&self, key: &str) -> PathBuf {
        self.root.join(BUCKET).join(key)
    }

    pub fn write(&self, key: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = self.object_path(key);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, bytes)
    }

    pub fn copy(&self, from: &str, to: &str) -> std::io::Result<()> {
        let target = self.object_path(to);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::copy(self.object_path(from), target).map(|_| ())
    }

    pub fn delete(&self, key: &str) {
        let _ = std::fs::remove_file(self.object_path(key));
    }
}

pub fn router(state: Arc<AppState>) -> Router {
    Router::new().fallback(s3).with_state(state)
}

async fn s3(State(state): State<Arc<AppState>>, request: Request) -> Response {
    state.recorder.record("transit", &request);
    match state.faults.scripted("transit") {
        Some(Fault::Drop) => return DropConnection::response(),
        Some(Fault::Status { status, .. } | Fault::Html { status }) => {
            let code = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>ServiceUnavailable</Code><Message>injected fault</Message></Error>";
            return (code, [(header::CONTENT_TYPE, "application/xml")], body).into_response();
        }
        Some(Fault::Delay { ms }) => tokio::time::sleep(Duration::from_millis(ms)).await,
        _ => {}
    }
    match state.transit.service.clone().oneshot(request).await {
        Ok(response) => response.map(axum::body::Body::new),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
