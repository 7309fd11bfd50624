//! `ipdocs-sim [--host IP] [--port N] [--transit-port N] [--app DIR] [--mount PREFIX=DIR]...
//!  [--latency-ms N] [--error-rate F] [--drop-rate F] [--ru-per-minute F] [--ready-file PATH]
//!  [--das-forms spec|seed] [--office URL]`
//!
//! Prints one JSON line `{"api": URL, "transit": URL}` once both origins listen (and writes
//! it to `--ready-file`), then serves until interrupted.

use ipdocs_sim::{start, SimConfig};
use std::time::Duration;

fn parse_args() -> Result<(SimConfig, Option<String>), String> {
    let mut config = SimConfig::default();
    let mut ready_file = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        let number = |v: String| {
            v.parse::<f64>()
                .map_err(|_| format!("{flag}: not a number: {v}"))
        };
        match flag.as_str() {
            "--host" => config.host = value()?.parse().map_err(|e| format!("--host: {e}"))?,
            "--port" => config.api_port = number(value()?)? as u16,
            "--transit-port" => config.transit_port = number(value()?)? as u16,
            "--mount" => {
                let v = value()?;
                let (prefix, dir) = v.split_once('=').ok_or("--mount takes PREFIX=DIR")?;
                config.mounts.push((prefix.to_owned(), dir.into()));
            }
            "--app" => config.app = Some(value()?.into()),
            "--office" => config.demo_office = Some(value()?.trim_end_matches('/').to_owned()),
            "--latency-ms" => config.rates.latency_ms = number(value()?)? as u64,
            "--error-rate" => config.rates.error_rate = number(value()?)?,
            "--drop-rate" => config.rates.drop_rate = number(value()?)?,
            "--ru-per-minute" => {
                config.budget.request_units = number(value()?)?;
                config.budget.window = Duration::from_secs(60);
            }
            "--ready-file" => ready_file = Some(value()?),
            "--das-forms" => {
                config.das_forms = match value()?.as_str() {
                    "spec" => ipdocs_sim::das::state::Forms::Spec,
                    "seed" => ipdocs_sim::das::state::Forms::Seed,
                    other => return Err(format!("--das-forms: spec or seed, not {other}")),
                }
            }
            "--help" | "-h" => {
                return Err(include_str!("main.rs")
                    .lines()
                    .take(7)
                    .collect::<Vec<_>>()
                    .join("\n"))
            }
            other => return Err(format!("unknown argument {other}; see --help")),
        }
    }
    Ok((config, ready_file))
}

#[tokio::main]
async fn main() {
    let (config, ready_file) = match parse_args() {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let running = match start(config).await {
        Ok(running) => running,
        Err(e) => {
            eprintln!("ipdocs-sim: cannot listen: {e}");
            std::process::exit(1);
        }
    };
    let line =
        serde_json::json!({"api": running.api_url, "transit": running.transit_url}).to_string();
    println!("{line}");
    if let Some(path) = ready_file {
        if let Err(e) = std::fs::write(&path, format!("{line}\n")) {
            eprintln!("ipdocs-sim: cannot write {path}: {e}");
        }
    }
    stopped().await;
}

/// Waits until the simulator is asked to stop: Ctrl-C, or SIGTERM as the test and demo
/// scripts (and service managers) send. Returning lets the running servers drop, which
/// removes the transit zone's files; dying by the signal's default left them behind, up to
/// gigabytes a test run.
async fn stopped() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
