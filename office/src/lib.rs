//! `ipdocs-office`: the office's endpoint for WIPO DAS's calls into it (seed 000 steps 2 and 6)
//! and the inbox the web app reads.
//!
//! - `POST {/das/v1,/das-api/v1}/requests/retrievals` — WIPO forwards an OSF's request to this
//!   office of first filing: validated with the library's sans-IO models, an ack id issued
//!   (the same one for a redelivery), committed, `201 {"requestAckId"}`.
//! - `POST …/requests/notifications` — WIPO tells this office of second filing that a document
//!   is available (or failed): committed, `204`.
//! - `/office/v1/…` — the staff inbox (bearer staff token): `GET retrievals`, `GET
//!   notifications`, `POST retrievals/{ack}/answer`, `GET events` (Server-Sent Events).
//!
//! Every inbound call needs WIPO's RS256 bearer token ([`jwks`]); every refusal is a DAS error
//! body, and nothing is answered before it is on disk ([`store`]).

pub mod automation;
pub mod config_file;
pub mod documents;
pub mod jwks;
pub mod links;
pub mod observe;
pub mod staff;
pub mod store;

mod app;
mod body;
mod events;
mod inbound;
mod inbox;
mod refusals;
mod served;

use axum::Router;
use ipdocs_core::das::inbound::ClaimRules;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// How the office endpoint runs.
pub struct Config {
    pub host: std::net::IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// The inbox: an SQLite file, or a PostgreSQL database shared by several instances.
    pub db: store::Database,
    /// This instance's name among those sharing a database (its job claims carry it);
    /// default: the host name and port.
    pub instance: Option<String>,
    pub jwks_url: String,
    pub issuer: String,
    pub audience: String,
    pub scope: String,
    pub staff_token: String,
    /// The built web app, served at `/` under a strict CSP.
    pub app: Option<PathBuf>,
    /// Extra origins the app's CSP lets it connect to (the DAS API, the transit zone…).
    pub connect_src: Vec<String>,
    /// Origins of a web app served elsewhere that may call the staff inbox (CORS); none by
    /// default (the app is then served by this server, same origin).
    pub allow_origins: Vec<String>,
    /// Clock skew allowed on `exp`/`nbf`.
    pub leeway_secs: u64,
    /// Least time between two JWKS fetches caused by unknown `kid`s.
    pub jwks_min_refetch: Duration,
    /// Answering forwarded retrievals and fetching announced documents without a clerk;
    /// `None`: every forwarded request waits in the inbox, every notification is only listed.
    pub automation: Option<automation::Automation>,
    /// This office's origin as WIPO reaches it, for those links (default: the request's Host).
    pub public_url: Option<String>,
    /// Client networks that may read `/metrics` without the staff token (default: loopback).
    pub metrics_from: Vec<ipnet::IpNet>,
    /// Staff sign-in through the office's OpenID Connect provider, if configured.
    pub oidc: Option<staff::oidc::OidcSettings>,
    /// Settled rows older than this many days are removed (at start, then hourly); open
    /// requests and unfinished jobs never are. `None` keeps everything.
    pub keep_days: Option<u32>,
}

/// Loopback, IPv4 and IPv6: a Prometheus on the same host.
pub fn loopback_networks() -> Vec<ipnet::IpNet> {
    ["127.0.0.0/8", "::1/128"]
        .iter()
        .filter_map(|net| net.parse().ok())
        .collect()
}

impl Config {
    pub fn new(
        db: impl Into<store::Database>,
        jwks_url: &str,
        issuer: &str,
        audience: &str,
        staff_token: &str,
    ) -> Config {
        Config {
            host: [127, 0, 0, 1].into(),
            port: 0,
            db: db.into(),
            instance: None,
            jwks_url: jwks_url.to_owned(),
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            scope: ipdocs_core::das::DEFAULT_SCOPE.to_owned(),
            staff_token: staff_token.to_owned(),
            app: None,
            connect_src: Vec::new(),
            allow_origins: Vec::new(),
            leeway_secs: 30,
            jwks_min_refetch: Duration::from_secs(30),
            automation: None,
            public_url: None,
            metrics_from: loopback_networks(),
            keep_days: None,
            oidc: None,
        }
    }
}

/// What the handlers share.
pub struct Office {
    pub store: store::Store,
    pub verifier: jwks::Verifier,
    staff_token_digest: [u8; 32],
    pub events: tokio::sync::broadcast::Sender<events::Event>,
    /// With PostgreSQL: events go to every instance through the database.
    bus: Option<store::postgres::events::EventBus>,
    /// This instance's name in job claims.
    instance: String,
    /// Staff signed in through the office's identity provider, if configured.
    oidc: Option<staff::oidc::OidcVerifier>,
    /// Wakes the jobs' thread, when there is one.
    jobs: Option<Arc<tokio::sync::Notify>>,
    /// Whether forwarded retrievals are answered without a clerk.
    answers: bool,
    /// Whether announced documents are fetched into the delivery folder.
    delivers: bool,
    /// Flow c.2: the signed links to documents, and where the documents come from.
    links: Option<links::Links>,
    documents: Option<Arc<documents::Documents>>,
    public_url: Option<String>,
    pub metrics: observe::metrics::Metrics,
    metrics_from: Vec<ipnet::IpNet>,
}

pub struct Running {
    pub url: String,
    pub handle: tokio::task::JoinHandle<()>,
}

#[derive(Debug)]
pub struct StartError(pub String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub async fn start(mut config: Config) -> Result<Running, StartError> {
    if config.staff_token.trim().len() < 16 {
        return Err(StartError(
            "the staff token must have at least 16 characters".into(),
        ));
    }
    // Off the async runtime: PostgreSQL's client blocks on a runtime of its own.
    let database = config.db.clone();
    let store = tokio::task::spawn_blocking(move || store::Store::open(&database))
        .await
        .map_err(|e| StartError(format!("cannot open the database: {e}")))?
        .map_err(|e| StartError(format!("cannot open {}: {}", config.db.describe(), e.0)))?;
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(config.host, config.port))
        .await
        .map_err(|e| StartError(format!("cannot listen: {e}")))?;
    let address = listener
        .local_addr()
        .map_err(|e| StartError(e.to_string()))?;
    let events = tokio::sync::broadcast::channel(256).0;
    let rules = ClaimRules {
        issuer: config.issuer.clone(),
        audience: config.audience.clone(),
        scope: config.scope.clone(),
        leeway_secs: config.leeway_secs,
    };
    let automation = config.automation.take();
    let (links, documents) = automation
        .as_ref()
        .and_then(|a| a.answers.as_ref())
        .and_then(|a| Some((links::Links::new(a.served_for?), a.documents.clone())))
        .unzip();
    let jobs: Option<Arc<tokio::sync::Notify>> = automation.as_ref().map(|_| Arc::default());
    let bus = match &config.db {
        store::Database::Postgres(url) => Some(
            event_bus(url, events.clone(), jobs.clone())
                .map_err(|e| StartError(format!("cannot start the event channel: {e}")))?,
        ),
        store::Database::Sqlite(_) => None,
    };
    let office = Arc::new(Office {
        store,
        bus,
        instance: config
            .instance
            .clone()
            .unwrap_or_else(|| format!("{}:{}", host_name(), address.port())),
        verifier: jwks::Verifier::new(config.jwks_url.clone(), rules, config.jwks_min_refetch),
        staff_token_digest: digest(&config.staff_token),
        events,
        jobs,
        answers: automation.as_ref().is_some_and(|a| a.answers.is_some()),
        delivers: automation.as_ref().is_some_and(|a| a.delivery.is_some()),
        links,
        documents,
        public_url: config.public_url.clone(),
        metrics: observe::metrics::Metrics::default(),
        metrics_from: config.metrics_from.clone(),
        oidc: config.oidc.clone().map(staff::oidc::OidcVerifier::new),
    });
    if let (Some(automation), Some(wake)) = (automation, &office.jobs) {
        automation::spawn(office.clone(), automation, wake.clone())
            .map_err(|e| StartError(format!("cannot start the answers' thread: {e}")))?;
    }
    if let Some(days) = config.keep_days {
        tokio::spawn(forget_settled(office.clone(), days));
    }
    let url = format!("http://{address}");
    let router = router(office, &config);
    let handle = tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        let _ = axum::serve(listener, service).await;
    });
    Ok(Running { url, handle })
}

fn router(office: Arc<Office>, config: &Config) -> Router {
    use axum::routing::get;
    use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
    let mut router = Router::new()
        .route("/healthz", get(observe::health::alive))
        .route(
            "/readyz",
            get(observe::health::ready).with_state(office.clone()),
        )
        .route(
            "/metrics",
            get(observe::health::metrics).with_state(office.clone()),
        )
        .nest("/das/v1", inbound::router(office.clone()))
        .nest("/das-api/v1", inbound::router(office.clone()))
        .route(
            &format!("{}/{{token}}", links::PATH),
            axum::routing::get(served::linked_file).with_state(office.clone()),
        )
        .nest(
            "/office/v1",
            inbox::router(office.clone()).layer(inbox_cors(&config.allow_origins)),
        );
    if let Some(dir) = &config.app {
        router = router.fallback_service(app::files(dir, &config.connect_src));
    }
    // Outermost first: an id for every request (kept if a proxy sent one), then the log line
    // and the count, and the id sent back.
    router
        .layer(axum::middleware::from_fn_with_state(
            office,
            observe::requests,
        ))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

/// The PostgreSQL event channel: what any instance announces reaches this one's event
/// stream, and wakes its job runner.
fn event_bus(
    url: &str,
    events: tokio::sync::broadcast::Sender<events::Event>,
    jobs: Option<Arc<tokio::sync::Notify>>,
) -> std::io::Result<store::postgres::events::EventBus> {
    store::postgres::events::EventBus::start(url, move |payload| {
        if let Ok(event) = serde_json::from_str::<events::Event>(&payload) {
            let _ = events.send(event);
        }
        if let Some(wake) = &jobs {
            wake.notify_one();
        }
    })
}

/// The machine's name, for this instance's default name.
fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|name| name.trim().to_owned())
        .ok()
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "ipdocs-office".into())
}

/// Retention: removes settled rows older than `days`, now and every hour.
async fn forget_settled(office: Arc<Office>, days: u32) {
    let mut hourly = tokio::time::interval(Duration::from_secs(3600));
    loop {
        hourly.tick().await;
        if let Some(removed) = office.with_store(move |s| s.forget_settled(days)).await {
            tracing::info!(removed, days, "settled rows past retention removed");
        }
    }
}

/// CORS for the staff inbox: only the listed origins, only with the bearer header (no
/// cookies). WIPO's inbound paths never answer CORS: browsers have no business there.
fn inbox_cors(origins: &[String]) -> tower_http::cors::CorsLayer {
    use axum::http::{header, HeaderValue, Method};
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok())
        .collect();
    tower_http::cors::CorsLayer::new()
        .allow_origin(origins)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT])
}

fn digest(text: &str) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes()).into()
}

impl Office {
    /// Whether forwarded retrievals are answered without a clerk.
    pub fn answers_automatically(&self) -> bool {
        self.answers
    }

    /// Whether announced documents are fetched without a clerk.
    pub fn delivers_automatically(&self) -> bool {
        self.delivers
    }

    /// Tells every app following the inbox (on every instance) that something changed.
    fn announce(&self, event: events::Event) {
        match (&self.bus, serde_json::to_string(&event)) {
            (Some(bus), Ok(payload)) => bus.send(payload),
            _ => {
                let _ = self.events.send(event);
            }
        }
    }

    /// The identity provider staff sign in with, for the app.
    pub fn oidc(&self) -> Option<&staff::oidc::OidcSettings> {
        self.oidc.as_ref().map(|o| &o.settings)
    }

    /// This instance's name in job claims.
    pub fn instance(&self) -> &str {
        &self.instance
    }

    /// Tells the jobs' thread that a new job is stored.
    fn wake_jobs(&self) {
        if let Some(wake) = &self.jobs {
            wake.notify_one();
        }
    }

    /// Runs a store operation off the async runtime (both databases block: SQLite while it
    /// syncs to disk, PostgreSQL's client on its own runtime); a failure is counted and
    /// logged.
    pub async fn store_call<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&store::Store) -> Result<T, store::StoreError> + Send + 'static,
    ) -> Result<T, store::StoreError> {
        let office = self.clone();
        let done = tokio::task::spawn_blocking(move || work(&office.store))
            .await
            .unwrap_or_else(|_| Err(store::StoreError("a store operation panicked".into())));
        if let Err(e) = &done {
            self.metrics.database_error();
            tracing::error!(error = %e.0, "a store operation failed");
        }
        done
    }

    /// [`Office::store_call`], for callers that only need to know whether it worked.
    pub async fn with_store<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&store::Store) -> Result<T, store::StoreError> + Send + 'static,
    ) -> Option<T> {
        self.store_call(work).await.ok()
    }

    /// The caller a staff bearer token stands for: the static staff token (every role), a
    /// live named API token, or a valid ID token of the office's identity provider.
    pub async fn staff(self: &Arc<Self>, token: &str) -> Option<staff::Staff> {
        if self.is_static_staff_token(token) {
            return Some(staff::Staff {
                name: "staff-token".into(),
                role: staff::Role::Admin,
            });
        }
        if !token.starts_with(staff::TOKEN_PREFIX) {
            let verifier = self.oidc.as_ref()?;
            return match verifier.verify(token).await {
                Ok(person) => Some(person),
                Err(refused) => {
                    tracing::info!(reason = refused.reason, why = %refused.message, "a staff sign-in was refused");
                    None
                }
            };
        }
        let digest = staff::token_digest(token);
        let (name, role) = self
            .with_store(move |store| store.token_by_digest(&digest))
            .await??;
        Some(staff::Staff {
            name,
            role: staff::Role::parse(&role)?,
        })
    }

    /// Compares digests, so the time taken does not depend on how much of the token matched.
    fn is_static_staff_token(&self, token: &str) -> bool {
        digest(token)
            .iter()
            .zip(self.staff_token_digest.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }
}
