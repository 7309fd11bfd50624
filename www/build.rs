//! Generates the `i18n` module (keys, locales, the `I18nContextProvider`) from `locales/`:
//! English is the default; every other folder is a language, and every English file a
//! namespace (one per part of the app).

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

/// The names in `dir` of its folders (`folders`), or of its JSON files without `.json`, sorted.
fn names(dir: &str, folders: bool) -> Result<Vec<String>, Box<dyn Error>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if folders && entry.file_type()?.is_dir() {
            names.push(name);
        } else if let Some(stem) = name.strip_suffix(".json").filter(|_| !folders) {
            names.push(stem.to_owned());
        }
    }
    names.sort();
    Ok(names)
}

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    println!("cargo::rerun-if-changed=locales");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    let mut config = Config::new("en")?;
    for language in names("locales", true)?.iter().filter(|l| *l != "en") {
        config = config.add_locale(language)?;
    }
    let config = config
        .add_namespaces(names("locales/en", false)?)?
        // Texts made outside views (`tr!`) take values too.
        .parse_options(ParseOptions::new().interpolate_display(true));
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out)?;
    Ok(())
}
