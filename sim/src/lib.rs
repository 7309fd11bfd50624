//! ipdocs-sim: a local stand-in for IFI CLAIMS Direct and WIPO DAS, for ipdocs' demo and
//! tests. Two origins on loopback: the **API** (CLAIMS Direct `/attachment/*`, the control
//! API `/_sim/*`, and optionally the built web app as static files) and the **transit zone**
//! (another port, so cross-origin behaviour is real).

pub mod claims;
pub mod control;
pub mod das;
pub mod faults;
pub mod logins;
pub mod media;
pub mod record;
mod serve;
pub mod transit;

use axum::http::{header, HeaderName, Method};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// Start-up settings (the command line maps onto these).
#[derive(Debug, Clone)]
pub struct SimConfig {
    pub host: std::net::IpAddr,
    /// 0 picks a free port.
    pub api_port: u16,
    pub transit_port: u16,
    /// `(url prefix, directory)` pairs served as static files on the API origin.
    pub mounts: Vec<(String, PathBuf)>,
    /// The built web app (`dist/`), served at `/` under the app's Content-Security-Policy.
    pub app: Option<PathBuf>,
    pub rates: faults::Rates,
    pub budget: logins::Budget,
    /// Which documented form the disputed DAS endpoints take at start.
    pub das_forms: das::state::Forms,
    /// The demo office's endpoint (an `ipdocs-office`): WIPO's calls go there, the app may
    /// connect to it (its inbox), and `/_sim/info` names it.
    pub demo_office: Option<String>,
}

impl Default for SimConfig {
    fn default() -> SimConfig {
        SimConfig {
            host: [127, 0, 0, 1].into(),
            api_port: 0,
            transit_port: 0,
            mounts: Vec::new(),
            app: None,
            rates: faults::Rates::default(),
            budget: logins::Budget::default(),
            das_forms: das::state::Forms::Spec,
            demo_office: None,
        }
    }
}

/// Everything the handlers share.
pub struct AppState {
    pub corpus: claims::corpus::Corpus,
    pub das: das::state::DasState,
    pub das_offices: das::offices::Offices,
    /// WIPO calling into offices: endpoints, RS256 keys, deliveries.
    pub wipo: das::wipo::Outbound,
    pub transit: transit::Transit,
    pub logins: logins::Logins,
    pub faults: faults::Faults,
    pub recorder: record::Recorder,
    pub api_url: String,
    pub transit_url: String,
}

/// Marks a response that must not be sent: the connection is closed instead (fault
/// injection of dropped connections).
#[derive(Clone, Copy)]
pub struct DropConnection;

impl DropConnection {
    pub fn response() -> Response {
        let mut response = ().into_response();
        response.extensions_mut().insert(DropConnection);
        response
    }
}

/// The running simulator's addresses.
#[derive(Debug, Clone)]
pub struct Running {
    pub api_url: String,
    pub transit_url: String,
}

fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::HEAD,
        ])
        .allow_headers([
            HeaderName::from_static("x-user"),
            HeaderName::from_static("x-password"),
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
        ])
        .expose_headers([
            header::RETRY_AFTER,
            header::CONTENT_DISPOSITION,
            header::ETAG,
            header::LAST_MODIFIED,
            header::CONTENT_LENGTH,
        ])
        .max_age(std::time::Duration::from_secs(600))
}

/// Binds both listeners, builds the corpus and the DAS state, and serves until the process
/// ends.
pub async fn start(config: SimConfig) -> std::io::Result<Running> {
    let api_listener =
        tokio::net::TcpListener::bind(SocketAddr::new(config.host, config.api_port)).await?;
    let transit_listener =
        tokio::net::TcpListener::bind(SocketAddr::new(config.host, config.transit_port)).await?;
    let api_url = format!("http://{}", api_listener.local_addr()?);
    let transit_url = format!("http://{}", transit_listener.local_addr()?);
    let state = Arc::new(AppState {
        corpus: claims::corpus::Corpus::generate(),
        das: das::state::DasState::seeded().with_forms(config.das_forms),
        wipo: das::wipo::Outbound::new(format!("{api_url}/am/oauth2")),
        das_offices: das::offices::Offices::with_demo_office(),
        transit: transit::Transit::new(&transit_url)?,
        logins: logins::Logins::new(config.budget),
        faults: faults::Faults::new(config.rates),
        recorder: record::Recorder::default(),
        api_url: api_url.clone(),
        transit_url: transit_url.clone(),
    });
    if let Some(office) = &config.demo_office {
        let demo = das::offices::DEMO_CLIENT_ID;
        state.wipo.set_endpoint(demo, Some(office.clone()));
    }

    let mut api = Router::new()
        .merge(claims::router(state.clone()))
        .merge(das::router(state.clone()))
        .merge(control::router())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            record_api,
        ))
        .layer(cors());
    for (prefix, dir) in &config.mounts {
        let files = tower_http::services::ServeDir::new(dir);
        api = if prefix == "/" {
            api.fallback_service(files)
        } else {
            api.nest_service(prefix, files)
        };
    }
    if let Some(dir) = &config.app {
        api = api.fallback_service(app_files(dir, state.clone()));
    }
    let api = api.with_state(state.clone());
    let transit = transit::router(state.clone()).layer(cors());

    let sweeper = state.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            sweeper.das.sweep(&sweeper.transit);
        }
    });
    tokio::spawn(serve::serve(api_listener, api));
    tokio::spawn(serve::serve(transit_listener, transit));
    Ok(Running {
        api_url,
        transit_url,
    })
}

async fn record_api(
    axum::extract::State(state): axum::extract::State<Arc<AppState>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if request.uri().path().starts_with("/attachment/") {
        state.recorder.record("api", &request);
    }
    next.run(request).await
}

/// The web app's static files with the headers a deployment should send: a strict CSP (see
/// [`app_csp`]), no referrer, no sniffing, the build's precompressed copies (`.br`, `.gz`)
/// to browsers that accept them, and caching by name ([`cache_control`]).
fn app_files(dir: &std::path::Path, state: Arc<AppState>) -> Router {
    use axum::http::{header, HeaderValue};
    use tower_http::set_header::SetResponseHeaderLayer;
    let service = tower::ServiceBuilder::new()
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
    Router::new()
        .fallback_service(service)
        .layer(axum::middleware::map_response_with_state(state, app_csp))
        .layer(axum::middleware::from_fn(cache_control))
}

/// A file whose name carries the build's content hash (`name-0123456789abcdef.wasm`) never
/// changes: cached for a year without asking again. Anything else (`index.html`, the worker's
/// unhashed files) is asked for again each time, so a new build is seen at once.
async fn cache_control(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    use axum::http::{header, HeaderValue};
    // The build's names (scripts/assemble-app.mjs): `-` and 16 hex digits before the extension.
    let hashed = request
        .uri()
        .path()
        .rsplit('/')
        .next()
        .and_then(|name| name.split(['.', '_']).next())
        .and_then(|stem| stem.rsplit_once('-'))
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()));
    let mut response = next.run(request).await;
    let policy = if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    if response.status().is_success() || response.status() == axum::http::StatusCode::NOT_MODIFIED {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// The app's CSP: only this origin, the wasm compilation, the transit zone (uploads and
/// downloads by presigned URL), the demo office's endpoint when it has one (its inbox; it can
/// be set while running) and `blob:` previews.
async fn app_csp(
    axum::extract::State(state): axum::extract::State<Arc<AppState>>,
    mut response: Response,
) -> Response {
    use axum::http::{header, HeaderValue};
    let office = state
        .wipo
        .endpoint(das::offices::DEMO_CLIENT_ID)
        .unwrap_or_default();
    let csp = |office: &str| {
        format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
             connect-src 'self' {} {office}; img-src 'self' blob:; frame-src blob:; \
             object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            state.transit_url
        )
    };
    let value = HeaderValue::from_str(&csp(&office))
        .or_else(|_| HeaderValue::from_str(&csp("")))
        .expect("the CSP without an office is ASCII");
    response
        .headers_mut()
        .insert(header::CONTENT_SECURITY_POLICY, value);
    response
}
