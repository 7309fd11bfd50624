//! The inbox's lists, a page at a time: `GET retrievals` and `GET notifications` (newest
//! first, `limit` and the `after` cursor of the previous page, filters for the retrievals),
//! and `GET retrievals.csv`, every row the filters select, for a spreadsheet or an audit.

use super::unavailable;
use crate::refusals::refuse;
use crate::staff::{Role, Staff};
use crate::store::listing::{Cursor, Filter, DEFAULT_LIMIT, MAX_LIMIT};
use crate::store::ForwardedRow;
use crate::Office;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use ipdocs_core::das::inbound::Refusal;
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

/// The query of a list: `state` (comma-separated), `from`/`to` (dates or UTC times),
/// `number`, `limit` (1–1000, default 100), `after` (a cursor from `next`).
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    state: Option<String>,
    from: Option<String>,
    to: Option<String>,
    number: Option<String>,
    limit: Option<String>,
    after: Option<String>,
}

impl PageQuery {
    fn filter(&self) -> Result<Filter, Refusal> {
        Filter::parse(
            self.state.as_deref(),
            self.from.as_deref(),
            self.to.as_deref(),
            self.number.as_deref(),
        )
        .map_err(|e| Refusal::invalid(-2, e))
    }

    fn limit(&self) -> Result<usize, Refusal> {
        match self.limit.as_deref().map(str::parse::<usize>) {
            None => Ok(DEFAULT_LIMIT),
            Some(Ok(n)) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            Some(_) => Err(Refusal::invalid(
                -2,
                format!("limit must be a number from 1 to {MAX_LIMIT}"),
            )),
        }
    }

    fn after(&self) -> Result<Option<Cursor>, Refusal> {
        self.after
            .as_deref()
            .map(Cursor::parse)
            .transpose()
            .map_err(|e| Refusal::invalid(-2, e))
    }
}

pub async fn retrievals(
    State(office): State<Arc<Office>>,
    Query(query): Query<PageQuery>,
) -> Response {
    let (filter, limit, after) = match (query.filter(), query.limit(), query.after()) {
        (Ok(f), Ok(l), Ok(a)) => (f, l, a),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return refuse(e),
    };
    let page = office
        .with_store(move |store| store.forwarded_page(&filter, limit, after.as_ref()))
        .await;
    match page {
        Some(page) => Json(json!({ "retrievals": page.rows, "next": page.next })).into_response(),
        None => unavailable(),
    }
}

/// The notifications WIPO sent, and what became of the documents fetched without a clerk:
/// `deliveries` by ack id (step, file, last error, trail) for the notifications listed.
pub async fn notifications(
    State(office): State<Arc<Office>>,
    Query(query): Query<PageQuery>,
) -> Response {
    let (limit, after) = match (query.limit(), query.after()) {
        (Ok(l), Ok(a)) => (l, a),
        (Err(e), _) | (_, Err(e)) => return refuse(e),
    };
    let read = office
        .with_store(move |store| {
            let page = store.notifications_page(limit, after.as_ref())?;
            let acks: Vec<String> = page
                .rows
                .iter()
                .filter_map(|n| n.notification["requestAckId"].as_str().map(str::to_owned))
                .collect();
            Ok((page, store.deliveries(&acks)?))
        })
        .await;
    match read {
        Some((page, deliveries)) => {
            let deliveries: serde_json::Map<String, serde_json::Value> =
                deliveries.into_iter().collect();
            Json(json!({ "notifications": page.rows, "next": page.next, "deliveries": deliveries }))
                .into_response()
        }
        None => unavailable(),
    }
}

/// Every retrieval the filters select, newest first, as CSV (read a page at a time, so the
/// store is never locked for the whole export).
pub async fn retrievals_csv(
    State(office): State<Arc<Office>>,
    Extension(staff): Extension<Staff>,
    Query(query): Query<PageQuery>,
) -> Response {
    if let Err(denied) = staff.may(Role::Admin, "export the inbox") {
        return refuse(denied);
    }
    let filter = match query.filter() {
        Ok(f) => f,
        Err(e) => return refuse(e),
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(CSV_HEADER);
    let mut after = None;
    let mut rows = 0usize;
    loop {
        let page_filter = filter.clone();
        let page = office
            .with_store(move |store| store.forwarded_page(&page_filter, MAX_LIMIT, after.as_ref()))
            .await;
        let Some(page) = page else {
            return unavailable();
        };
        for row in &page.rows {
            let _ = writer.write_record(csv_record(row));
        }
        rows += page.rows.len();
        match page.next.as_deref().map(Cursor::parse) {
            Some(Ok(next)) => after = Some(next),
            _ => break,
        }
    }
    tracing::info!(rows, by = %staff.name, "inbox exported as CSV");
    let body = writer.into_inner().unwrap_or_default();
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"ipdocs-inbox.csv\"",
            ),
        ],
        body,
    )
        .into_response()
}

const CSV_HEADER: [&str; 12] = [
    "requestAckId",
    "receivedAt",
    "state",
    "documentKindCategory",
    "documentNumber",
    "documentDate",
    "osfAckId",
    "deliveries",
    "answeredBy",
    "file",
    "errorCode",
    "message",
];

fn csv_record(row: &ForwardedRow) -> [String; 12] {
    let field = |value: &serde_json::Value, key: &str| match &value[key] {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let answer = row.answer.clone().unwrap_or_default();
    let message = [field(&answer, "statusMessage"), field(&answer, "reason")]
        .into_iter()
        .find(|m| !m.is_empty())
        .unwrap_or_default();
    // The office's own answers say `automatic`, a clerk's the name of the token or person
    // (answers recorded before names were kept say nothing: `clerk`).
    let by = match (answer.is_null(), field(&answer, "by")) {
        (true, _) => String::new(),
        (false, by) if by.is_empty() => "clerk".into(),
        (false, by) => by,
    };
    [
        row.request_ack_id.clone(),
        row.received_at.clone(),
        row.state.clone(),
        field(&row.request, "documentKindCategory"),
        field(&row.request, "documentNumber"),
        field(&row.request, "documentDate"),
        field(&row.request, "osfAckId"),
        row.deliveries.to_string(),
        by,
        field(&answer["file"], "name"),
        field(&answer, "errorCode"),
        message,
    ]
}
