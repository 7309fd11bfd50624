//! Settings from a TOML file (`--config PATH`): each key is a long flag's name
//! (`jwks-url = "https://…"`), so the file, `--help` and the command line never disagree.
//! The file's settings are read as if written before the command line's, so a flag given on
//! the command line wins; a setting whose environment variable is set is skipped, so secrets
//! given by the environment win over the file too.

use std::ffi::OsString;
use toml::Value;

/// The command-line arguments the file stands for, checked against `command`'s flags.
pub fn args_from_toml(text: &str, command: &clap::Command) -> Result<Vec<OsString>, String> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let mut args = Vec::new();
    for (key, value) in table {
        let flag = command
            .get_arguments()
            .find(|a| a.get_long() == Some(key.as_str()))
            .filter(|_| !matches!(key.as_str(), "config" | "check-config" | "help" | "version"))
            .ok_or_else(|| {
                format!("unknown setting {key:?} (the settings are the long flags of --help)")
            })?;
        if flag
            .get_env()
            .is_some_and(|name| std::env::var_os(name).is_some())
        {
            continue;
        }
        push(&mut args, &key, &value)?;
    }
    Ok(args)
}

fn push(args: &mut Vec<OsString>, key: &str, value: &Value) -> Result<(), String> {
    let flag = format!("--{key}");
    match value {
        Value::Boolean(true) => args.push(flag.into()),
        Value::Boolean(false) => {}
        Value::String(s) => args.push(format!("{flag}={s}").into()),
        Value::Integer(n) => args.push(format!("{flag}={n}").into()),
        Value::Float(x) => args.push(format!("{flag}={x}").into()),
        Value::Array(items) => {
            for item in items {
                if item.is_array() || item.is_table() {
                    return Err(format!("{key}: a list of plain values is expected"));
                }
                push(args, key, item)?;
            }
        }
        Value::Table(_) | Value::Datetime(_) => {
            return Err(format!(
                "{key}: a string, number, boolean or list is expected"
            ))
        }
    }
    Ok(())
}

/// The `--config` path given on the command line (`--config P` or `--config=P`), or by
/// `IPDOCS_OFFICE_CONFIG`.
pub fn config_path(args: &[OsString]) -> Option<std::path::PathBuf> {
    let mut iter = args.iter().skip(1);
    while let Some(arg) = iter.next() {
        let text = arg.to_string_lossy();
        if text == "--config" {
            return iter.next().map(Into::into);
        }
        if let Some(path) = text.strip_prefix("--config=") {
            return Some(path.into());
        }
        if text == "--" {
            break;
        }
    }
    std::env::var_os("IPDOCS_OFFICE_CONFIG").map(Into::into)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command() -> clap::Command {
        clap::Command::new("t")
            .arg(clap::Arg::new("port").long("port"))
            .arg(
                clap::Arg::new("kinds")
                    .long("kinds")
                    .action(clap::ArgAction::Append),
            )
            .arg(
                clap::Arg::new("serve")
                    .long("serve-documents")
                    .action(clap::ArgAction::SetTrue),
            )
            .arg(
                clap::Arg::new("check")
                    .long("check-config")
                    .action(clap::ArgAction::SetTrue),
            )
    }

    #[test]
    fn settings_become_flags() {
        let args = args_from_toml(
            "port = 8443\nkinds = [\"patent\", \"design\"]\nserve-documents = true\n",
            &command(),
        )
        .unwrap();
        let args: Vec<_> = args.iter().map(|a| a.to_str().unwrap()).collect();
        assert_eq!(
            args,
            [
                "--kinds=patent",
                "--kinds=design",
                "--port=8443",
                "--serve-documents"
            ]
        );
    }

    #[test]
    fn unknown_and_malformed_settings_are_refused() {
        let unknown = args_from_toml("prot = 1", &command()).unwrap_err();
        assert!(unknown.contains("\"prot\""), "{unknown}");
        assert!(args_from_toml("check-config = true", &command()).is_err());
        assert!(args_from_toml("port = {a = 1}", &command()).is_err());
        assert!(args_from_toml("port = ", &command()).is_err());
    }

    #[test]
    fn the_config_path_is_found_in_either_form() {
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            config_path(&args(&["x", "--port", "1", "--config", "a.toml"])),
            Some("a.toml".into())
        );
        assert_eq!(
            config_path(&args(&["x", "--config=b.toml"])),
            Some("b.toml".into())
        );
    }
}
