//! Fetching what WIPO announces to this office as requester (seed 000 steps 6–9): a success
//! notification (or, where none comes, a success seen by polling the retrievals list) makes
//! a job that gets the download URL, downloads the document, checks it (the checksum where
//! WIPO gives one; a PDF or zip by its bytes), writes it into the delivery folder under a
//! temporary name, syncs and renames it to a stable name from the document's fields, records
//! it, and — if configured — deletes it from the transit zone.

use super::{failed, Context, Next};
use crate::documents::Format;
use crate::store::jobs::{Job, Step};
use ipdocs::das::checksum::Sha256Hex;
use ipdocs::das::{RequestStatus, TransitFileRef};
use ipdocs::ErrorKind;
use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::Duration;

/// Where and how announced documents are fetched.
pub struct Delivery {
    pub dir: PathBuf,
    /// Delete each document from the transit zone once it is on disk.
    pub delete_after: bool,
    /// How often the retrievals list is read for successes no notification announced.
    pub poll_every: Duration,
}

/// The transit file a delivery fetches: the document's fields from WIPO's notification, or
/// (when it carried none) from the retrieval asked for by its ack id.
async fn transit_file(context: &Context, job: &Job) -> Result<TransitFileRef, Next> {
    let notification = job.notification.clone().unwrap_or(Value::Null);
    let field = |name: &str| notification[name].as_str().map(str::to_owned);
    let (kind, number, date) = match (
        field("documentKindCategory"),
        field("documentNumber"),
        field("documentDate"),
    ) {
        (Some(kind), Some(number), Some(date)) => (kind, number, date),
        _ => {
            let list = context
                .das
                .retrievals_with_ack(&job.ack_id, None)
                .await
                .map_err(|e| failed("the retrieval's document", &e))?;
            let found = list
                .retrievals
                .into_iter()
                .find(|r| r.request_ack_id == job.ack_id)
                .ok_or_else(|| Next::Clerk("DAS does not know this retrieval".into()))?;
            match (
                found.document_kind_category,
                found.document_number,
                found.document_date,
            ) {
                (Some(kind), Some(number), Some(date)) => (kind, number, date),
                _ => return Err(Next::Clerk("DAS did not name the document".into())),
            }
        }
    };
    let file = TransitFileRef {
        osf_ack_id: job.ack_id.clone(),
        document_kind_category: kind,
        document_number: number,
        document_date: date,
    };
    file.validate()
        .map_err(|e| Next::Clerk(format!("the announced document: {}", e.message())))?;
    Ok(file)
}

/// A stable file name from the document's fields: `patent-PCT-IB2021-057271-2021-07-01.pdf`.
pub fn file_name(file: &TransitFileRef, format: Option<Format>) -> String {
    let stem = format!(
        "{}-{}-{}",
        file.document_kind_category, file.document_number, file.document_date
    );
    let safe: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("{safe}.{}", format.map_or("bin", Format::extension))
}

/// Writes `bytes` as `dir/name` so that the name never shows a partial file: a hidden
/// temporary file, synced, renamed, and the folder synced.
fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let temporary = dir.join(format!(".{name}.part"));
    let mut file = std::fs::File::create(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    let path = dir.join(name);
    std::fs::rename(&temporary, &path)?;
    std::fs::File::open(dir)?.sync_all()?;
    Ok(path)
}

pub(super) async fn download(context: &Context, job: &Job, delivery: &Delivery) -> Next {
    let file = match transit_file(context, job).await {
        Ok(file) => file,
        Err(next) => return next,
    };
    let bytes = match context.das.download(&file, None).await {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return Next::Clerk(format!(
                "the document is no longer in the transit zone: {e}"
            ))
        }
        Err(e) => return failed("download", &e),
    };
    let checksum = Sha256Hex::of(&bytes);
    let expected = job
        .notification
        .as_ref()
        .and_then(|n| n["fileChecksum"].as_str());
    if let Some(expected) = expected.filter(|e| !e.eq_ignore_ascii_case(&checksum)) {
        return Next::Retry(format!(
            "the download's checksum is {checksum}, WIPO announced {expected}"
        ));
    }
    let format = Format::sniff(&bytes);
    let name = file_name(&file, format);
    let path = match write_atomically(&delivery.dir, &name, &bytes) {
        Ok(path) => path,
        Err(e) => return Next::Retry(format!("{name} cannot be written: {e}")),
    };
    let next = if delivery.delete_after {
        Step::Delete
    } else {
        Step::Done
    };
    Next::Step {
        step: next,
        notification: None,
        file: Some(
            json!({"name": name, "path": path, "size": bytes.len(), "checksum": checksum,
                          "format": format.map(Format::extension)}),
        ),
        outcome: format!("saved as {name} ({} bytes)", bytes.len()),
    }
}

pub(super) async fn delete(context: &Context, job: &Job) -> Next {
    let file = match transit_file(context, job).await {
        Ok(file) => file,
        Err(next) => return next,
    };
    let outcome = match context.das.delete_file(&file, None).await {
        Ok(()) => "deleted from the transit zone",
        Err(e) if e.kind() == ErrorKind::NotFound => "already gone from the transit zone",
        Err(e) => return failed("delete", &e),
    };
    Next::Step {
        step: Step::Done,
        notification: None,
        file: None,
        outcome: outcome.into(),
    }
}

/// Reads the retrievals list at start and then every `every`, and makes a delivery for each
/// success no notification announced (WIPO's deliveries can be blocked by a firewall).
pub(super) async fn poll(context: Rc<Context>, every: Duration) {
    loop {
        match context.das.retrievals(None).await {
            Ok(list) => {
                let succeeded = list
                    .retrievals
                    .iter()
                    .filter(|r| r.request_status_category == RequestStatus::Success);
                for retrieval in succeeded {
                    let value = serde_json::to_value(retrieval).unwrap_or(Value::Null);
                    let ack = retrieval.request_ack_id.clone();
                    let created = context
                        .office
                        .store_call(move |store| store.record_delivery(&ack, &value))
                        .await;
                    if matches!(created, Ok(true)) {
                        context.wake.notify_one();
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "the retrievals list could not be read"),
        }
        tokio::time::sleep(every).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_stable_and_safe() {
        let file = TransitFileRef {
            osf_ack_id: "A".into(),
            document_kind_category: "utility model".into(),
            document_number: "PCT/IB2021/../057271".into(),
            document_date: "2021-07-01".into(),
        };
        assert_eq!(
            file_name(&file, Some(Format::Pdf)),
            "utility-model-PCT-IB2021-..-057271-2021-07-01.pdf"
        );
        assert!(!file_name(&file, None).contains('/'));
    }

    #[test]
    fn a_written_file_appears_whole_under_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_atomically(dir.path(), "a.pdf", b"%PDF-1.4").unwrap();
        assert_eq!(std::fs::read(path).unwrap(), b"%PDF-1.4");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.pdf"]);
    }
}
