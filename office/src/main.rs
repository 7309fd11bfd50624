//! `ipdocs-office`: the office's endpoint for WIPO DAS's calls into it, its staff inbox, and
//! (with a document source and the outbound DAS settings) the unattended answers.
//!
//! Prints one JSON line `{"url": URL}` once it listens, then serves until interrupted.

use clap::Parser;
use ipdocs_office::automation::answer::{Answers, RefusalCodes};
use ipdocs_office::automation::deliver::Delivery;
use ipdocs_office::automation::Automation;
use ipdocs_office::documents::{Documents, RefusalReason, DEFAULT_KINDS, DEFAULT_MAX_BYTES};
use ipdocs_office::observe::LogFormat;
use ipdocs_office::{config_file, start, Config};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Parser, Debug)]
#[command(version, about, long_about = None, args_override_self = true)]
struct Args {
    /// A TOML file of settings named as these flags (`jwks-url = "…"`); flags given here
    /// override it.
    #[arg(long, env = "IPDOCS_OFFICE_CONFIG")]
    config: Option<PathBuf>,
    /// Log lines on stderr: json (one object per line) or text.
    #[arg(long, value_enum, default_value = "json")]
    log_format: LogFormat,
    /// Which log lines are written (a tracing filter such as `info` or `ipdocs_office=debug`;
    /// RUST_LOG overrides it).
    #[arg(long, default_value = "info")]
    log_level: String,
    /// Remove answered and refused requests, and notifications, received more than N days
    /// ago (checked hourly; open requests and unfinished work are always kept).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    keep_days: Option<u32>,
    /// A client network that may read /metrics without the staff token, as CIDR (repeatable;
    /// default: loopback only).
    #[arg(long)]
    metrics_from: Vec<ipnet::IpNet>,

    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: std::net::IpAddr,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The inbox: an SQLite file, or `postgres://user@host/db` for a PostgreSQL database that
    /// several instances share (its password from the environment rather than a flag).
    #[arg(
        long,
        env = "IPDOCS_OFFICE_DB",
        hide_env_values = true,
        default_value = "ipdocs-office.db"
    )]
    db: String,
    /// This instance's name among those sharing a PostgreSQL database (default: host:port).
    #[arg(long)]
    instance: Option<String>,

    /// WIPO's JWKS, against which its RS256 bearer tokens are checked (required to serve).
    #[arg(long)]
    jwks_url: Option<String>,
    /// The `iss` WIPO's tokens must carry (required to serve).
    #[arg(long)]
    issuer: Option<String>,
    /// The `aud` WIPO's tokens must carry: this office's client id at WIPO (required to serve).
    #[arg(long)]
    audience: Option<String>,
    /// The scope WIPO's tokens must carry.
    #[arg(long, default_value = ipdocs::das::DEFAULT_SCOPE)]
    scope: String,
    /// Clock skew allowed on `exp`/`nbf`, in seconds.
    #[arg(long, default_value_t = 30)]
    leeway_secs: u64,
    /// Least time between two JWKS fetches caused by unknown key ids, in seconds.
    #[arg(long, default_value_t = 30)]
    jwks_min_refetch_secs: u64,

    /// The staff inbox's bearer token (demo and single-clerk use), at least 16 characters.
    #[arg(long, env = "IPDOCS_OFFICE_STAFF_TOKEN", hide_env_values = true)]
    staff_token: Option<String>,
    /// A file holding the staff token (read at start, whitespace trimmed).
    #[arg(long, conflicts_with = "staff_token")]
    staff_token_file: Option<PathBuf>,

    /// The office's OpenID Connect provider, for staff signing in to the app (its issuer URL).
    #[arg(long, requires = "oidc_client_id", help_heading = "Staff sign-in")]
    oidc_issuer: Option<String>,
    /// The web app's client id at that provider (a public client with PKCE).
    #[arg(long, requires = "oidc_issuer", help_heading = "Staff sign-in")]
    oidc_client_id: Option<String>,
    /// The ID token claim holding each person's ipdocs roles (viewer, clerk, admin).
    #[arg(long, default_value = "roles", help_heading = "Staff sign-in")]
    oidc_roles_claim: String,
    /// The scopes the app asks for.
    #[arg(
        long,
        default_value = "openid profile roles",
        help_heading = "Staff sign-in"
    )]
    oidc_scope: String,

    /// The built web app, served at `/`.
    #[arg(long)]
    app: Option<PathBuf>,
    /// An extra origin the app's CSP may connect to (repeatable).
    #[arg(long)]
    connect_src: Vec<String>,
    /// An origin of a web app served elsewhere that may call the inbox (repeatable).
    #[arg(long)]
    allow_origin: Vec<String>,

    /// A folder of documents with an `index.csv` (header
    /// `documentKindCategory,documentNumber,documentDate,file`).
    #[arg(long, help_heading = "Unattended answers")]
    documents: Option<PathBuf>,
    /// The office's document system: `GET URL?documentKindCategory=…&documentNumber=…&documentDate=…`
    /// answers 200 with the file, 404 not held, 403 not available, 413 too large, 5xx later.
    #[arg(long, help_heading = "Unattended answers")]
    documents_url: Option<String>,
    /// Largest document sent, in bytes (default: TDA's 50 MB).
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES, help_heading = "Unattended answers")]
    max_document_bytes: u64,
    /// Document kinds this office sends (comma-separated).
    #[arg(long, value_delimiter = ',', default_values_t = DEFAULT_KINDS.map(str::to_owned),
          help_heading = "Unattended answers")]
    kinds: Vec<String>,
    /// The DAS API this office calls, its prefix included (e.g. https://host/das-api/v1).
    #[arg(long, help_heading = "Unattended answers")]
    das_url: Option<String>,
    /// DAS's OAuth2 token endpoint.
    #[arg(long, help_heading = "Unattended answers")]
    token_url: Option<String>,
    /// This office's client id at DAS.
    #[arg(long, help_heading = "Unattended answers")]
    client_id: Option<String>,
    /// This office's EC P-256 private key (PEM, PKCS#8 or SEC1), for its client assertions.
    #[arg(long, help_heading = "Unattended answers")]
    key_file: Option<PathBuf>,
    /// The client assertion's audience, when --token-url is a proxy of WIPO's endpoint.
    #[arg(long, help_heading = "Unattended answers")]
    token_audience: Option<String>,
    /// The scope this office asks DAS for.
    #[arg(long, help_heading = "Unattended answers")]
    client_scope: Option<String>,
    /// How long failures that may pass are retried before a clerk is asked, in seconds.
    #[arg(long, default_value_t = 3600, help_heading = "Unattended answers")]
    retry_for_secs: u64,
    /// The DAS error code sent for a refusal, as REASON=CODE (repeatable; reasons:
    /// not-held -7, not-available -102, too-large -107, kind-not-served -101 by default).
    #[arg(long, help_heading = "Unattended answers")]
    refusal_code: Vec<String>,
    /// A refusal left to a clerk instead of being sent (repeatable): not-held, not-available,
    /// too-large or kind-not-served.
    #[arg(long, help_heading = "Unattended answers")]
    hand_to_clerk: Vec<String>,
    /// Jobs (answers and deliveries) worked on at once.
    #[arg(long, default_value_t = 4, help_heading = "Unattended answers")]
    answer_concurrency: usize,

    /// Fetch every document WIPO announces to this office (as requester) into this folder.
    #[arg(long, help_heading = "Unattended deliveries")]
    deliver_to: Option<PathBuf>,
    /// Delete each delivered document from the transit zone once it is on disk.
    #[arg(long, help_heading = "Unattended deliveries")]
    delete_after_download: bool,
    /// How often the retrievals list is read for documents no notification announced, in
    /// seconds.
    #[arg(long, default_value_t = 300, help_heading = "Unattended deliveries")]
    deliver_poll_secs: u64,

    /// Flow c.2: answer WIPO's url-downloads with links this office serves from its
    /// document source (no upload to the transit zone).
    #[arg(long, help_heading = "Unattended answers")]
    serve_documents: bool,
    /// How long such a link is valid, in seconds.
    #[arg(long, default_value_t = 300, help_heading = "Unattended answers")]
    link_ttl_secs: u64,
    /// This office's origin as WIPO reaches it, for those links (default: the Host WIPO used).
    #[arg(long, help_heading = "Unattended answers")]
    public_url: Option<String>,

    /// Checks the settings (and reads the key, index and token files), then exits.
    #[arg(long)]
    check_config: bool,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(clap::Subcommand, Debug)]
enum Command {
    /// Named API tokens for the staff API, each with a role (viewer, clerk, admin), stored
    /// as digests in the database given by --db.
    #[command(subcommand)]
    Token(TokenCommand),
}

#[derive(clap::Subcommand, Debug)]
enum TokenCommand {
    /// Makes a token and prints it once (it cannot be shown again).
    Create {
        /// Who or what uses it (letters, digits, `.`, `_`, `-`, `@`; names are never reused).
        name: String,
        /// viewer (reads the inbox), clerk (also answers), admin (also exports).
        #[arg(long, default_value = "viewer")]
        role: String,
    },
    /// Revokes a token: requests with it are refused from now on.
    Revoke { name: String },
    /// Lists the tokens: names, roles, dates (never the tokens).
    List,
}

/// Runs a token command against the database; what it prints, or why it failed.
fn token_command(db: &str, command: &TokenCommand) -> Result<String, String> {
    use ipdocs_office::staff::{new_token, token_digest, Role};
    let database = ipdocs_office::store::Database::parse(db);
    let store = ipdocs_office::store::Store::open(&database)
        .map_err(|e| format!("cannot open {}: {}", database.describe(), e.0))?;
    let failed = |e: ipdocs_office::store::StoreError| e.0;
    match command {
        TokenCommand::Create { name, role } => {
            let role = Role::parse(role).ok_or(format!("--role {role}: viewer, clerk or admin"))?;
            let valid = (1..=64).contains(&name.len())
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-@".contains(c));
            if !valid {
                return Err(format!(
                    "{name:?}: 1–64 letters, digits, `.`, `_`, `-` or `@`"
                ));
            }
            let token = new_token();
            match store
                .create_token(name, role.as_str(), &token_digest(&token))
                .map_err(failed)?
            {
                true => Ok(token),
                false => Err(format!(
                    "a token named {name:?} exists (or existed): choose another name"
                )),
            }
        }
        TokenCommand::Revoke { name } => match store.revoke_token(name).map_err(failed)? {
            true => Ok(format!("revoked {name}")),
            false => Err(format!("no live token named {name:?}")),
        },
        TokenCommand::List => {
            let lines: Vec<String> = store
                .tokens()
                .map_err(failed)?
                .iter()
                .map(|t| {
                    let state = t
                        .revoked_at
                        .as_deref()
                        .map_or("live".to_owned(), |at| format!("revoked {at}"));
                    format!("{}\t{}\tcreated {}\t{state}", t.name, t.role, t.created_at)
                })
                .collect();
            Ok(lines.join("\n"))
        }
    }
}

fn staff_token(args: &Args) -> Result<String, String> {
    match (&args.staff_token, &args.staff_token_file) {
        (Some(token), _) => Ok(token.clone()),
        (None, Some(path)) => std::fs::read_to_string(path)
            .map(|t| t.trim().to_owned())
            .map_err(|e| format!("--staff-token-file {}: {e}", path.display())),
        (None, None) => Err("--staff-token or --staff-token-file is required; see --help".into()),
    }
}

/// What the office answers with, if a document source is given.
fn answers(args: &Args) -> Result<Option<Answers>, String> {
    if args.documents.is_none() && args.documents_url.is_none() {
        return match args.serve_documents {
            true => Err("--serve-documents needs --documents or --documents-url".into()),
            false => Ok(None),
        };
    }
    let mut codes = RefusalCodes::default();
    for setting in &args.refusal_code {
        codes
            .set(setting)
            .map_err(|e| format!("--refusal-code {e}"))?;
    }
    let documents = Documents::new(
        args.documents.as_deref(),
        args.documents_url.as_deref(),
        args.max_document_bytes,
        args.kinds.clone(),
    )?;
    let clerk_decides = args
        .hand_to_clerk
        .iter()
        .map(|w| RefusalReason::parse(w).ok_or(format!("--hand-to-clerk {w}: unknown refusal")))
        .collect::<Result<_, _>>()?;
    Ok(Some(Answers {
        documents: std::sync::Arc::new(documents),
        codes,
        clerk_decides,
        served_for: args
            .serve_documents
            .then(|| Duration::from_secs(args.link_ttl_secs.max(1))),
    }))
}

fn delivery(args: &Args) -> Result<Option<Delivery>, String> {
    let Some(dir) = &args.deliver_to else {
        return Ok(None);
    };
    if !dir.is_dir() {
        return Err(format!("--deliver-to {}: not a folder", dir.display()));
    }
    Ok(Some(Delivery {
        dir: dir.clone(),
        delete_after: args.delete_after_download,
        poll_every: Duration::from_secs(args.deliver_poll_secs.max(1)),
    }))
}

/// The unattended work's settings, if the office answers or delivers by itself.
fn automation(args: &Args) -> Result<Option<Automation>, String> {
    let (answers, delivery) = (answers(args)?, delivery(args)?);
    if answers.is_none() && delivery.is_none() {
        return Ok(None);
    }
    let need = |value: &Option<String>, flag: &str| {
        value
            .clone()
            .ok_or_else(|| format!("{flag} is needed to work by itself; see --help"))
    };
    let das_url = reqwest::Url::parse(&need(&args.das_url, "--das-url")?)
        .map_err(|e| format!("--das-url: {e}"))?;
    let key_file = args
        .key_file
        .as_ref()
        .ok_or("--key-file is needed to work by itself; see --help")?;
    let key_pem = std::fs::read_to_string(key_file)
        .map_err(|e| format!("--key-file {}: {e}", key_file.display()))?;
    ipdocs::transport::NativeKey::from_pem(&key_pem)
        .map_err(|e| format!("--key-file {}: {}", key_file.display(), e.message()))?;
    let mut das = ipdocs::das::DasConfig::new(
        &das_url.origin().ascii_serialization(),
        Some(das_url.path()),
        &need(&args.token_url, "--token-url")?,
        &need(&args.client_id, "--client-id")?,
        args.client_scope.as_deref(),
    )
    .map_err(|e| format!("DAS settings: {}", e.message()))?;
    if let Some(audience) = &args.token_audience {
        das = das
            .with_token_audience(audience)
            .map_err(|e| format!("--token-audience: {}", e.message()))?;
    }
    Ok(Some(Automation {
        das,
        key_pem,
        retry_for: Duration::from_secs(args.retry_for_secs),
        concurrency: args.answer_concurrency.clamp(1, 64),
        answers,
        delivery,
    }))
}

fn config(args: &Args) -> Result<Config, String> {
    let required = |value: &Option<String>, flag: &str| {
        value
            .clone()
            .ok_or_else(|| format!("{flag} is required; see --help"))
    };
    let mut config = Config::new(
        ipdocs_office::store::Database::parse(&args.db),
        &required(&args.jwks_url, "--jwks-url")?,
        &required(&args.issuer, "--issuer")?,
        &required(&args.audience, "--audience")?,
        &staff_token(args)?,
    );
    config.host = args.host;
    config.port = args.port;
    config.scope = args.scope.clone();
    config.app = args.app.clone();
    config.connect_src = args.connect_src.clone();
    config.allow_origins = args.allow_origin.clone();
    config.leeway_secs = args.leeway_secs;
    config.jwks_min_refetch = Duration::from_secs(args.jwks_min_refetch_secs);
    config.automation = automation(args)?;
    config.public_url = args.public_url.clone();
    config.keep_days = args.keep_days;
    config.oidc = match (&args.oidc_issuer, &args.oidc_client_id) {
        (Some(issuer), Some(client_id)) => Some(ipdocs_office::staff::oidc::OidcSettings {
            issuer: issuer.trim_end_matches('/').to_owned(),
            client_id: client_id.clone(),
            roles_claim: args.oidc_roles_claim.clone(),
            scope: args.oidc_scope.clone(),
            leeway_secs: args.leeway_secs,
        }),
        _ => None,
    };
    config.instance = args.instance.clone();
    if !args.metrics_from.is_empty() {
        config.metrics_from = args.metrics_from.clone();
    }
    Ok(config)
}

/// The command line with the config file's settings before it (so the command line wins).
fn args() -> Result<Args, String> {
    use clap::CommandFactory;
    let mut argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(path) = config_file::config_path(&argv) {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("--config {}: {e}", path.display()))?;
        let settings = config_file::args_from_toml(&text, &Args::command())
            .map_err(|e| format!("--config {}: {e}", path.display()))?;
        argv.splice(1..1, settings);
    }
    Ok(Args::parse_from(argv))
}

#[tokio::main]
async fn main() {
    let args = args().unwrap_or_else(|message| {
        eprintln!("ipdocs-office: {message}");
        std::process::exit(2);
    });
    ipdocs_office::observe::init_logging(args.log_format, &args.log_level);
    if let Some(Command::Token(command)) = args.command {
        // Off the async runtime: PostgreSQL's client blocks on a runtime of its own.
        let db = args.db.clone();
        let done = tokio::task::spawn_blocking(move || token_command(&db, &command)).await;
        match done.unwrap_or_else(|e| Err(e.to_string())) {
            Ok(text) => println!("{text}"),
            Err(message) => {
                eprintln!("ipdocs-office token: {message}");
                std::process::exit(2);
            }
        }
        return;
    }
    let config = match config(&args) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("ipdocs-office: {message}");
            std::process::exit(2);
        }
    };
    if args.check_config {
        let automation = config.automation.as_ref();
        let answering = if automation.is_some_and(|a| a.answers.is_some()) {
            "answers forwarded retrievals by itself"
        } else {
            "leaves forwarded retrievals to clerks"
        };
        let delivering = if automation.is_some_and(|a| a.delivery.is_some()) {
            "fetches announced documents"
        } else {
            "only lists announced documents"
        };
        println!(
            "ipdocs-office: the configuration is valid; the office {answering} and {delivering}"
        );
        return;
    }
    match start(config).await {
        Ok(running) => {
            println!("{}", serde_json::json!({ "url": running.url }));
            let _ = tokio::signal::ctrl_c().await;
        }
        Err(e) => {
            eprintln!("ipdocs-office: {e}");
            std::process::exit(1);
        }
    }
}
