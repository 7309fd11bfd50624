//! The inbox at volume: keyset paging newest first (a cursor, not an offset, so a page costs
//! the same at row 100,000 as at row 1, and rows arriving meanwhile do not shift it),
//! filters by state, time received and document number, and retention of settled rows.

use super::{ForwardedRow, NotificationRow, Result};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// Most rows in one page.
pub const MAX_LIMIT: usize = 1000;
/// Rows in a page when the caller does not say.
pub const DEFAULT_LIMIT: usize = 100;

/// The rows of one page, and the cursor of the next (none on the last page).
#[derive(Debug, serde::Serialize)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub next: Option<String>,
}

/// Which forwarded retrievals a page holds.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Filter {
    /// Any of these states (none: all).
    pub states: Vec<String>,
    /// Received at or after (`YYYY-MM-DD` or a full UTC stamp).
    pub from: Option<String>,
    /// Received at or before (a date includes its whole day).
    pub to: Option<String>,
    /// The requested document's number, exactly.
    pub number: Option<String>,
}

const STATES: [&str; 4] = ["open", "automatic", "answered", "refused"];

impl Filter {
    /// A filter from the query's words, or why it is refused.
    pub fn parse(
        states: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
        number: Option<&str>,
    ) -> std::result::Result<Filter, String> {
        let states: Vec<String> = states
            .into_iter()
            .flat_map(|s| s.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        if let Some(bad) = states.iter().find(|s| !STATES.contains(&s.as_str())) {
            return Err(format!(
                "unknown state {bad:?} (open, automatic, answered, refused)"
            ));
        }
        let from = from.map(|t| stamp(t, "T00:00:00.000Z")).transpose()?;
        let to = to.map(|t| stamp(t, "T23:59:59.999Z")).transpose()?;
        let number = number
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_owned);
        Ok(Filter {
            states,
            from,
            to,
            number,
        })
    }

    /// The `WHERE` conditions (with `?` for each parameter) and their parameters, all text;
    /// `number_of_request` is the dialect's expression for the request's document number.
    pub(crate) fn sql(
        &self,
        number_of_request: &str,
        conditions: &mut Vec<String>,
        params: &mut Vec<String>,
    ) {
        if !self.states.is_empty() {
            let marks = vec!["?"; self.states.len()].join(", ");
            conditions.push(format!("state IN ({marks})"));
            params.extend(self.states.iter().cloned());
        }
        let mut push = |condition: String, value: &Option<String>| {
            if let Some(value) = value {
                conditions.push(condition);
                params.push(value.clone());
            }
        };
        push("received_at >= ?".into(), &self.from);
        push("received_at <= ?".into(), &self.to);
        push(format!("{number_of_request} = ?"), &self.number);
    }
}

/// A date or a stamp as the store writes them (`2026-11-29T14:02:47.123Z`), so that they
/// compare as text; a date gets `day_part`.
fn stamp(text: &str, day_part: &str) -> std::result::Result<String, String> {
    let text = text.trim();
    let digits = |range: std::ops::Range<usize>| {
        text.get(range)
            .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()))
    };
    let date = text.len() >= 10
        && digits(0..4)
        && digits(5..7)
        && digits(8..10)
        && &text[4..5] == "-"
        && &text[7..8] == "-";
    match (date, text.len()) {
        (true, 10) => Ok(format!("{text}{day_part}")),
        (true, 24) if text.as_bytes()[10] == b'T' && text.ends_with('Z') => Ok(text.to_owned()),
        _ => Err(format!(
            "{text:?} is not a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM:SS.mmmZ)"
        )),
    }
}

/// Where the previous page ended: its last row's time and id, opaque to the caller.
#[derive(Debug, Clone, PartialEq)]
pub struct Cursor {
    pub(crate) at: String,
    pub(crate) id: String,
}

impl Cursor {
    pub(crate) fn new(at: &str, id: &str) -> Cursor {
        Cursor {
            at: at.to_owned(),
            id: id.to_owned(),
        }
    }

    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}\n{}", self.at, self.id))
    }

    /// A cursor this office gave, or why the text is not one.
    pub fn parse(text: &str) -> std::result::Result<Cursor, String> {
        let bad = || "the cursor is not one this office gave".to_owned();
        let bytes = URL_SAFE_NO_PAD.decode(text.trim()).map_err(|_| bad())?;
        let text = String::from_utf8(bytes).map_err(|_| bad())?;
        let (at, id) = text.split_once('\n').ok_or_else(bad)?;
        Ok(Cursor::new(at, id))
    }
}

/// The `WHERE` clause (with `?` placeholders) and parameters of a page of forwarded
/// retrievals after `after`, newest first; `number_of_request` is the dialect's expression for
/// the request's document number.
pub(crate) fn forwarded_page_sql(
    filter: &Filter,
    number_of_request: &str,
    after: Option<&Cursor>,
) -> (String, Vec<String>) {
    let (mut conditions, mut params) = (Vec::new(), Vec::new());
    filter.sql(number_of_request, &mut conditions, &mut params);
    if let Some(after) = after {
        conditions.push("(received_at, ack_id) < (?, ?)".into());
        params.extend([after.at.clone(), after.id.clone()]);
    }
    (where_clause(&conditions), params)
}

/// Where a page of forwarded retrievals that ends at `row` goes on.
pub(crate) fn forwarded_cursor(row: &ForwardedRow) -> Cursor {
    Cursor::new(&row.received_at, &row.request_ack_id)
}

/// Where a page of notifications that ends at `row` goes on.
pub(crate) fn notification_cursor(row: &NotificationRow) -> Cursor {
    Cursor::new(&row.received_at, &row.id.to_string())
}

/// The notification id a page goes on below: the top without a cursor, and for a cursor from
/// the retrievals' pages (it names no notification).
pub(crate) fn notifications_before(after: Option<&Cursor>) -> i64 {
    after.map_or(i64::MAX, |c| c.id.parse().unwrap_or(i64::MAX))
}

fn where_clause(conditions: &[String]) -> String {
    match conditions.is_empty() {
        true => String::new(),
        false => format!("WHERE {}", conditions.join(" AND ")),
    }
}

/// The first `limit` rows, and a cursor after the last of them when one more row was read.
pub(crate) fn page<T>(mut rows: Vec<T>, limit: usize, cursor_of: impl Fn(&T) -> Cursor) -> Page<T> {
    let more = rows.len() > limit;
    rows.truncate(limit);
    let next = more
        .then(|| rows.last().map(|r| cursor_of(r).encode()))
        .flatten();
    Page { rows, next }
}

/// The inbox's pages and retention.
pub trait Pages {
    /// One page of forwarded retrievals, newest first.
    fn forwarded_page(
        &self,
        filter: &Filter,
        limit: usize,
        after: Option<&Cursor>,
    ) -> Result<Page<ForwardedRow>>;

    /// One page of WIPO's notifications, newest first.
    fn notifications_page(
        &self,
        limit: usize,
        after: Option<&Cursor>,
    ) -> Result<Page<NotificationRow>>;

    /// Deletes settled rows received more than `days` ago: answered or refused retrievals
    /// (with their finished jobs) and notifications whose delivery, if any, is finished.
    /// Open requests and unfinished jobs are never removed. Returns the rows removed.
    fn forget_settled(&self, days: u32) -> Result<usize>;
}
