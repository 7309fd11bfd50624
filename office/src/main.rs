//! `ipdocs-office --port N --db PATH --jwks-url URL --issuer ISS --audience AUD
//!  (--staff-token TOKEN | --staff-token-file PATH) [--host IP] [--app DIR]
//!  [--connect-src ORIGIN]... [--allow-origin ORIGIN]... [--scope SCOPE] [--leeway-secs N]
//!  [--jwks-min-refetch-secs N]`
//!
//! Prints one JSON line `{"url": URL}` once it listens, then serves until interrupted.

use ipdocs_office::{start, Config};
use std::time::Duration;

fn parse_args() -> Result<Config, String> {
    let mut config = Config::new("ipdocs-office.db".into(), "", "", "", "");
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        let number = |v: String| {
            v.parse::<u64>()
                .map_err(|_| format!("{flag}: not a number: {v}"))
        };
        match flag.as_str() {
            "--host" => config.host = value()?.parse().map_err(|e| format!("--host: {e}"))?,
            "--port" => {
                config.port = u16::try_from(number(value()?)?).map_err(|_| "--port: too large")?
            }
            "--db" => config.db = value()?.into(),
            "--jwks-url" => config.jwks_url = value()?,
            "--issuer" => config.issuer = value()?,
            "--audience" => config.audience = value()?,
            "--scope" => config.scope = value()?,
            "--staff-token" => config.staff_token = value()?,
            "--staff-token-file" => {
                let path = value()?;
                config.staff_token = std::fs::read_to_string(&path)
                    .map_err(|e| format!("--staff-token-file {path}: {e}"))?
                    .trim()
                    .to_owned();
            }
            "--app" => config.app = Some(value()?.into()),
            "--connect-src" => config.connect_src.push(value()?),
            "--allow-origin" => config.allow_origins.push(value()?),
            "--leeway-secs" => config.leeway_secs = number(value()?)?,
            "--jwks-min-refetch-secs" => {
                config.jwks_min_refetch = Duration::from_secs(number(value()?)?)
            }
            "--help" | "-h" => {
                return Err(include_str!("main.rs")
                    .lines()
                    .take(6)
                    .collect::<Vec<_>>()
                    .join("\n"))
            }
            other => return Err(format!("unknown argument {other}; see --help")),
        }
    }
    for (name, given) in [
        ("--jwks-url", &config.jwks_url),
        ("--issuer", &config.issuer),
        ("--audience", &config.audience),
        ("--staff-token or --staff-token-file", &config.staff_token),
    ] {
        if given.trim().is_empty() {
            return Err(format!("{name} is required; see --help"));
        }
    }
    Ok(config)
}

#[tokio::main]
async fn main() {
    let config = match parse_args() {
        Ok(config) => config,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
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
