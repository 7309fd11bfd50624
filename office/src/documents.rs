//! Where the office finds the documents WIPO asks it for: its document system over HTTP
//! (`--documents-url`) and/or a folder with an `index.csv` (`--documents`). Each lookup ends
//! in a [`Lookup`]: the file, a refusal WIPO is told about (not held, not available, too
//! large, a kind the office does not serve), something a clerk must look at (the source
//! answered nonsense), or "try later" (the source is down).

use bytes::Bytes;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// One document, as WIPO names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocumentKey {
    pub kind: String,
    pub number: String,
    pub date: String,
}

/// Why the office answers with an error notification (mapped to a DAS error code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalReason {
    /// The office does not hold this document (TDA 1 and 3).
    NotHeld,
    /// Held, but not to be sent (e.g. unpublished without authorisation; TDA 2 and 5).
    NotAvailable,
    /// Larger than the exchange takes (TDA 7).
    TooLarge,
    /// A document kind this office does not serve.
    KindNotServed,
}

impl RefusalReason {
    pub fn as_str(self) -> &'static str {
        match self {
            RefusalReason::NotHeld => "not-held",
            RefusalReason::NotAvailable => "not-available",
            RefusalReason::TooLarge => "too-large",
            RefusalReason::KindNotServed => "kind-not-served",
        }
    }

    pub fn parse(word: &str) -> Option<RefusalReason> {
        RefusalReason::ALL
            .into_iter()
            .find(|r| r.as_str() == word.trim())
    }

    pub const ALL: [RefusalReason; 4] = [
        RefusalReason::NotHeld,
        RefusalReason::NotAvailable,
        RefusalReason::TooLarge,
        RefusalReason::KindNotServed,
    ];
}

/// The file's format, from its first bytes (never from what the source claims).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Zip,
}

impl Format {
    pub fn sniff(bytes: &[u8]) -> Option<Format> {
        if bytes.starts_with(b"%PDF-") {
            Some(Format::Pdf)
        } else if bytes.starts_with(b"PK\x03\x04") {
            Some(Format::Zip)
        } else {
            None
        }
    }
    pub fn das(self) -> ipdocs::das::FileFormat {
        match self {
            Format::Pdf => ipdocs::das::FileFormat::Pdf,
            Format::Zip => ipdocs::das::FileFormat::Zip,
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Zip => "zip",
        }
    }
}

#[derive(Debug)]
pub enum Lookup {
    Found {
        bytes: Bytes,
        format: Format,
    },
    Refuse {
        reason: RefusalReason,
        detail: String,
    },
    /// The source answered, but not with something the office can send: a clerk decides.
    Clerk(String),
    /// The source cannot answer now (down, 5xx, timeout): tried again later.
    TryLater(String),
}

/// The document sources and the office's limits.
pub struct Documents {
    folder: Option<Folder>,
    url: Option<String>,
    http: reqwest::Client,
    pub max_bytes: u64,
    pub kinds: Vec<String>,
}

/// `index.csv` read at start: key → file inside the folder.
struct Folder {
    dir: PathBuf,
    files: HashMap<DocumentKey, String>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct IndexRow {
    document_kind_category: String,
    document_number: String,
    document_date: String,
    file: String,
}

impl Folder {
    fn open(dir: &Path) -> Result<Folder, String> {
        let index = dir.join("index.csv");
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_path(&index)
            .map_err(|e| format!("{}: {e}", index.display()))?;
        let mut files = HashMap::new();
        for (line, row) in reader.deserialize::<IndexRow>().enumerate() {
            let row = row.map_err(|e| format!("{} row {}: {e}", index.display(), line + 2))?;
            let key = DocumentKey {
                kind: row.document_kind_category,
                number: row.document_number,
                date: row.document_date,
            };
            files.insert(key, row.file);
        }
        let dir = dir
            .canonicalize()
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(Folder { dir, files })
    }

    /// The file for `key`, which must lie inside the folder (no `..`, no absolute path, no
    /// link out of it).
    fn read(&self, key: &DocumentKey, max_bytes: u64) -> Option<Lookup> {
        let name = self.files.get(key)?;
        let outside = || Lookup::Clerk(format!("index.csv names {name:?}, outside the folder"));
        let Ok(path) = self.dir.join(name).canonicalize() else {
            return Some(Lookup::Clerk(format!(
                "index.csv names {name:?}, which cannot be read"
            )));
        };
        if !path.starts_with(&self.dir) {
            return Some(outside());
        }
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        if size > max_bytes {
            return Some(too_large(size, max_bytes));
        }
        Some(match std::fs::read(&path) {
            Ok(bytes) => found(Bytes::from(bytes), name),
            Err(e) => Lookup::Clerk(format!("{name:?} cannot be read: {e}")),
        })
    }
}

fn too_large(size: u64, max: u64) -> Lookup {
    Lookup::Refuse {
        reason: RefusalReason::TooLarge,
        detail: format!("the document has {size} bytes; at most {max} are sent"),
    }
}

/// The file as found, if its bytes are a PDF or a zip.
fn found(bytes: Bytes, from: &str) -> Lookup {
    match Format::sniff(&bytes) {
        Some(format) => Lookup::Found { bytes, format },
        None => Lookup::Clerk(format!(
            "{from} is neither a PDF nor a zip (it starts with {:?})",
            String::from_utf8_lossy(&bytes[..bytes.len().min(16)])
        )),
    }
}

/// The default limit: TDA's oversize rule (50 MB).
pub const DEFAULT_MAX_BYTES: u64 = 50 * 1000 * 1000;
pub const DEFAULT_KINDS: [&str; 3] = ["patent", "utility model", "design"];

impl Documents {
    pub fn new(
        dir: Option<&Path>,
        url: Option<&str>,
        max_bytes: u64,
        kinds: Vec<String>,
    ) -> Result<Documents, String> {
        if dir.is_none() && url.is_none() {
            return Err("no document source: give --documents DIR or --documents-url URL".into());
        }
        if let Some(url) = url {
            reqwest::Url::parse(url).map_err(|e| format!("--documents-url: {e}"))?;
        }
        Ok(Documents {
            folder: dir.map(Folder::open).transpose()?,
            url: url.map(str::to_owned),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(120))
                .build()
                .map_err(|e| e.to_string())?,
            max_bytes,
            kinds,
        })
    }

    /// Looks `key` up: the kind first, then the folder, then the document system.
    pub async fn lookup(&self, key: &DocumentKey) -> Lookup {
        if !self.kinds.iter().any(|k| k == &key.kind) {
            return Lookup::Refuse {
                reason: RefusalReason::KindNotServed,
                detail: format!("this office does not send {:?} documents", key.kind),
            };
        }
        if let Some(found) = self
            .folder
            .as_ref()
            .and_then(|f| f.read(key, self.max_bytes))
        {
            return found;
        }
        match &self.url {
            Some(url) => self.ask(url, key).await,
            None => Lookup::Refuse {
                reason: RefusalReason::NotHeld,
                detail: "the office holds no such document".into(),
            },
        }
    }

    /// `GET url?documentKindCategory=…&documentNumber=…&documentDate=…`.
    async fn ask(&self, url: &str, key: &DocumentKey) -> Lookup {
        let request = self.http.get(url).query(&[
            ("documentKindCategory", key.kind.as_str()),
            ("documentNumber", key.number.as_str()),
            ("documentDate", key.date.as_str()),
        ]);
        let mut response = match request.send().await {
            Ok(r) => r,
            Err(e) => {
                return Lookup::TryLater(format!(
                    "the document system did not answer ({})",
                    if e.is_timeout() {
                        "timeout"
                    } else {
                        "no connection"
                    }
                ))
            }
        };
        let status = response.status().as_u16();
        let refuse = |reason, detail: &str| Lookup::Refuse {
            reason,
            detail: detail.to_owned(),
        };
        match status {
            200 => {}
            404 => {
                return refuse(
                    RefusalReason::NotHeld,
                    "the document system does not hold it",
                )
            }
            403 => return refuse(RefusalReason::NotAvailable, "held but not available"),
            413 => {
                return refuse(
                    RefusalReason::TooLarge,
                    "the document system says it is too large",
                )
            }
            500..=599 => return Lookup::TryLater(format!("the document system answered {status}")),
            other => return Lookup::Clerk(format!("the document system answered {other}")),
        }
        if response
            .content_length()
            .is_some_and(|n| n > self.max_bytes)
        {
            return too_large(response.content_length().unwrap_or(0), self.max_bytes);
        }
        let mut bytes = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    bytes.extend_from_slice(&chunk);
                    if bytes.len() as u64 > self.max_bytes {
                        return too_large(bytes.len() as u64, self.max_bytes);
                    }
                }
                Ok(None) => break,
                Err(_) => return Lookup::TryLater("the document system's answer broke off".into()),
            }
        }
        found(Bytes::from(bytes), "the document system's file")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(number: &str) -> DocumentKey {
        DocumentKey {
            kind: "patent".into(),
            number: number.into(),
            date: "2026-01-02".into(),
        }
    }

    fn folder(index: &str) -> (tempfile::TempDir, Documents) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.csv"), index).unwrap();
        std::fs::write(dir.path().join("a.pdf"), b"%PDF-1.7\nbody").unwrap();
        std::fs::write(dir.path().join("b.txt"), b"<html>not a pdf</html>").unwrap();
        let kinds = DEFAULT_KINDS.map(str::to_owned).to_vec();
        let docs = Documents::new(Some(dir.path()), None, 1000, kinds).unwrap();
        (dir, docs)
    }

    #[tokio::test]
    async fn the_folder_gives_files_refusals_and_clerk_cases() {
        let (dir, docs) = folder(
            "documentKindCategory,documentNumber,documentDate,file\n\
             patent,EP1,2026-01-02,a.pdf\n\
             patent,EP2,2026-01-02,b.txt\n\
             patent,EP3,2026-01-02,../../etc/passwd\n\
             patent,EP4,2026-01-02,missing.pdf\n",
        );
        let outside = dir.path().parent().unwrap().join("outside.pdf");
        std::fs::write(&outside, b"%PDF-1.4 secret").unwrap();
        assert!(matches!(
            docs.lookup(&key("EP1")).await,
            Lookup::Found {
                format: Format::Pdf,
                ..
            }
        ));
        for number in ["EP2", "EP3", "EP4"] {
            assert!(
                matches!(docs.lookup(&key(number)).await, Lookup::Clerk(_)),
                "{number}"
            );
        }
        assert!(matches!(
            docs.lookup(&key("EP9")).await,
            Lookup::Refuse {
                reason: RefusalReason::NotHeld,
                ..
            }
        ));
        let design = DocumentKey {
            kind: "trademark".into(),
            ..key("EP1")
        };
        assert!(matches!(
            docs.lookup(&design).await,
            Lookup::Refuse {
                reason: RefusalReason::KindNotServed,
                ..
            }
        ));
        std::fs::remove_file(outside).unwrap();
    }

    #[tokio::test]
    async fn a_file_over_the_limit_is_refused_as_too_large() {
        let (dir, docs) = folder(
            "documentKindCategory,documentNumber,documentDate,file\npatent,EP1,2026-01-02,big.pdf\n",
        );
        let mut big = b"%PDF-1.4\n".to_vec();
        big.resize(2000, b'x');
        std::fs::write(dir.path().join("big.pdf"), big).unwrap();
        assert!(matches!(
            docs.lookup(&key("EP1")).await,
            Lookup::Refuse {
                reason: RefusalReason::TooLarge,
                ..
            }
        ));
    }

    #[test]
    fn a_broken_index_is_a_start_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.csv"), "file\nx.pdf\n").unwrap();
        let error = Documents::new(Some(dir.path()), None, 10, vec![])
            .err()
            .unwrap();
        assert!(error.contains("index.csv"), "{error}");
        assert!(Documents::new(None, None, 10, vec![]).is_err());
    }
}
