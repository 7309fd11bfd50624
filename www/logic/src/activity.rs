//! The activity log as a person reads it: each action with the requests made for it folded
//! underneath (12 polls are one line "×12", not twelve), background requests (inbox reads,
//! status polls, thumbnails) folded into runs between actions, filtered by kind and date, and
//! shown a page at a time.

use serde::{Deserialize, Serialize};

/// One line of the log, as recorded and as kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// ISO 8601 UTC.
    pub time: String,
    pub at_ms: f64,
    /// The services and office in use: `DAS <client id> at <url>; CLAIMS <user> at <url>`.
    pub profile: String,
    pub what: String,
    /// `METHOD origin/path` for exchanges; empty for actions.
    pub sent_to: String,
    pub outcome: String,
    pub ok: bool,
    /// An action's own number; for an exchange, the number of the action it was made for
    /// (none: made in the background). Absent in entries kept by earlier versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<u64>,
}

impl Entry {
    /// Whether this is an HTTP exchange (not a user action).
    pub fn is_exchange(&self) -> bool {
        !self.sent_to.is_empty()
    }
}

/// Several exchanges to the same place, shown as one line.
#[derive(Debug, Clone, PartialEq)]
pub struct Folded {
    /// `METHOD origin/path`.
    pub sent_to: String,
    pub count: usize,
    pub failed: usize,
    pub first_ms: f64,
    pub last_ms: f64,
    /// The last exchange's time (ISO) and outcome.
    pub last_time: String,
    pub last_outcome: String,
}

impl Folded {
    fn new(e: &Entry) -> Folded {
        Folded {
            sent_to: e.sent_to.clone(),
            count: 0,
            failed: 0,
            first_ms: e.at_ms,
            last_ms: e.at_ms,
            last_time: e.time.clone(),
            last_outcome: String::new(),
        }
    }

    fn add(&mut self, e: &Entry) {
        self.count += 1;
        self.failed += usize::from(!e.ok);
        self.first_ms = self.first_ms.min(e.at_ms);
        if e.at_ms >= self.last_ms {
            self.last_ms = e.at_ms;
            self.last_time = e.time.clone();
        }
        self.last_outcome = e.outcome.clone();
    }
}

/// A line of the page.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    /// Something the user did, and the requests made for it.
    Action { entry: Entry, requests: Vec<Folded> },
    /// Requests made in the background between two actions, to one place.
    Background(Folded),
}

impl Row {
    fn at_ms(&self) -> f64 {
        match self {
            Row::Action { entry, .. } => entry.at_ms,
            Row::Background(f) => f.last_ms,
        }
    }

    pub fn ok(&self) -> bool {
        match self {
            Row::Action { entry, .. } => entry.ok,
            Row::Background(f) => f.failed == 0,
        }
    }
}

/// Which rows are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    #[default]
    All,
    /// What the user did.
    Actions,
    /// What the app did by itself.
    Background,
    /// Anything that failed.
    Failures,
}

impl Kind {
    pub fn parse(s: &str) -> Kind {
        match s {
            "actions" => Kind::Actions,
            "background" => Kind::Background,
            "failures" => Kind::Failures,
            _ => Kind::All,
        }
    }

    fn keeps(self, row: &Row) -> bool {
        match self {
            Kind::All => true,
            Kind::Actions => matches!(row, Row::Action { .. }),
            Kind::Background => matches!(row, Row::Background(_)),
            Kind::Failures => !row.ok(),
        }
    }
}

/// What the page asks for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Filter {
    pub kind: Kind,
    /// Words every kept row contains (case-insensitive).
    pub search: String,
    /// Inclusive bounds in epoch ms (the page turns local dates into them).
    pub from_ms: Option<f64>,
    pub to_ms: Option<f64>,
}

impl Filter {
    fn in_range(&self, e: &Entry) -> bool {
        self.from_ms.is_none_or(|from| e.at_ms >= from) && self.to_ms.is_none_or(|to| e.at_ms <= to)
    }

    fn words(&self) -> Vec<String> {
        self.search
            .to_lowercase()
            .split_whitespace()
            .map(str::to_owned)
            .collect()
    }
}

/// The entries an export holds: each one (unfolded) in the date range that has every word of
/// the search; the kind does not apply (an export is the record).
pub fn exported(entries: &[Entry], filter: &Filter) -> Vec<Entry> {
    let words = filter.words();
    entries
        .iter()
        .filter(|e| filter.in_range(e))
        .filter(|e| {
            let text =
                format!("{} {} {} {}", e.profile, e.what, e.sent_to, e.outcome).to_lowercase();
            words.iter().all(|w| text.contains(w.as_str()))
        })
        .cloned()
        .collect()
}

/// The rows for `entries` (oldest first), newest first.
pub fn rows(entries: &[Entry], filter: &Filter) -> Vec<Row> {
    let kept: Vec<&Entry> = entries.iter().filter(|e| filter.in_range(e)).collect();
    let mut out: Vec<Row> = Vec::new();
    // Background requests since the last action, by place, in order of first appearance.
    let mut background: Vec<Folded> = Vec::new();
    for (index, e) in kept.iter().enumerate() {
        match (e.is_exchange(), e.action) {
            (false, id) => {
                out.extend(background.drain(..).map(Row::Background));
                let requests = id.map_or_else(Vec::new, |id| made_for(&kept[..index], id));
                out.push(Row::Action {
                    entry: (*e).clone(),
                    requests,
                });
            }
            (true, Some(_)) => {}
            (true, None) => fold_background(&mut background, e),
        }
    }
    out.extend(background.into_iter().map(Row::Background));
    out.sort_by(|a, b| b.at_ms().total_cmp(&a.at_ms()));
    let words = filter.words();
    out.into_iter()
        .filter(|row| filter.kind.keeps(row) && contains_all(row, &words))
        .collect()
}

/// The exchanges made for action `id` (they come before it: an action is logged when it
/// ends), folded by place.
fn made_for(earlier: &[&Entry], id: u64) -> Vec<Folded> {
    let mut folded = Vec::new();
    for e in earlier
        .iter()
        .filter(|e| e.is_exchange() && e.action == Some(id))
    {
        fold_into(&mut folded, e);
    }
    folded
}

fn fold_into(folded: &mut Vec<Folded>, e: &Entry) {
    let at = match folded.iter().position(|f| f.sent_to == e.sent_to) {
        Some(at) => at,
        None => {
            folded.push(Folded::new(e));
            folded.len() - 1
        }
    };
    folded[at].add(e);
}

/// Background requests to one service's API fold together whatever their path (an inbox
/// read is three calls): by method, origin and the first two path segments, shown as
/// `GET origin/office/v1/…` once the paths differ.
fn fold_background(folded: &mut Vec<Folded>, e: &Entry) {
    let prefix = api_prefix(&e.sent_to);
    match folded.iter().position(|f| api_prefix(&f.sent_to) == prefix) {
        Some(at) => {
            if folded[at].sent_to != e.sent_to {
                folded[at].sent_to = format!("{prefix}/…");
            }
            folded[at].add(e);
        }
        None => {
            let mut f = Folded::new(e);
            f.add(e);
            folded.push(f);
        }
    }
}

/// `GET http://host/office/v1/retrievals/x` → `GET http://host/office/v1`.
fn api_prefix(sent_to: &str) -> String {
    let Some(host_at) = sent_to.find("://").map(|scheme| scheme + 3) else {
        return sent_to.to_owned();
    };
    let Some(path_at) = sent_to[host_at..].find('/').map(|slash| host_at + slash) else {
        return sent_to.to_owned();
    };
    let segments: Vec<&str> = sent_to[path_at + 1..].split('/').take(2).collect();
    format!("{}/{}", &sent_to[..path_at], segments.join("/"))
}

fn contains_all(row: &Row, words: &[String]) -> bool {
    if words.is_empty() {
        return true;
    }
    let text = match row {
        Row::Action { entry, requests } => {
            let mut text = format!("{} {} {}", entry.what, entry.outcome, entry.profile);
            for r in requests {
                text.push(' ');
                text.push_str(&r.sent_to);
            }
            text
        }
        Row::Background(f) => format!("{} {}", f.sent_to, f.last_outcome),
    }
    .to_lowercase();
    words.iter().all(|w| text.contains(w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange(at_ms: f64, to: &str, ok: bool, action: Option<u64>) -> Entry {
        Entry {
            time: format!("t{at_ms}"),
            at_ms,
            profile: String::new(),
            what: "request".into(),
            sent_to: to.into(),
            outcome: if ok {
                "HTTP 200".into()
            } else {
                "HTTP 500".into()
            },
            ok,
            action,
        }
    }

    fn action(at_ms: f64, what: &str, id: u64) -> Entry {
        Entry {
            time: format!("t{at_ms}"),
            at_ms,
            profile: String::new(),
            what: what.into(),
            sent_to: String::new(),
            outcome: "done".into(),
            ok: true,
            action: Some(id),
        }
    }

    const INBOX: &str = "GET http://office/office/v1/retrievals";
    const TOKEN: &str = "POST http://das/am/oauth2/access_token";
    const STATUS: &str = "GET http://das/das/v1/requests/retrievals/statuses";

    fn day() -> Vec<Entry> {
        vec![
            exchange(1.0, INBOX, true, None),
            exchange(2.0, TOKEN, true, Some(7)),
            exchange(3.0, INBOX, true, None),
            exchange(4.0, STATUS, true, Some(7)),
            exchange(5.0, STATUS, false, Some(7)),
            exchange(6.0, STATUS, true, Some(7)),
            action(7.0, "request retrieval", 7),
            exchange(8.0, INBOX, true, None),
            exchange(9.0, INBOX, false, None),
        ]
    }

    #[test]
    fn requests_are_folded_under_their_action_and_polls_into_runs() {
        let rows = rows(&day(), &Filter::default());
        assert_eq!(rows.len(), 3, "{rows:#?}");
        // Newest first: the run of inbox reads after the action, the action, the run before.
        let Row::Background(after) = &rows[0] else {
            panic!()
        };
        assert_eq!((after.count, after.failed), (2, 1));
        assert_eq!(after.last_outcome, "HTTP 500");
        let Row::Action { entry, requests } = &rows[1] else {
            panic!()
        };
        assert_eq!(entry.what, "request retrieval");
        assert_eq!(requests.len(), 2);
        assert_eq!(
            (requests[0].sent_to.as_str(), requests[0].count),
            (TOKEN, 1)
        );
        assert_eq!(requests[0].last_outcome, "HTTP 200");
        assert_eq!((requests[1].count, requests[1].failed), (3, 1));
        let Row::Background(before) = &rows[2] else {
            panic!()
        };
        assert_eq!(
            (before.count, before.first_ms, before.last_ms),
            (2, 1.0, 3.0)
        );
    }

    #[test]
    fn background_calls_to_one_api_fold_into_one_line() {
        let reads = [
            exchange(1.0, "GET http://office/office/v1/retrievals", true, None),
            exchange(2.0, "GET http://office/office/v1/notifications", true, None),
            exchange(3.0, "GET http://office/office/v1/me", true, None),
            exchange(4.0, "GET http://das/das/v1/requests/retrievals", true, None),
        ];
        let rows = rows(&reads, &Filter::default());
        assert_eq!(rows.len(), 2, "{rows:#?}");
        let Row::Background(inbox) = &rows[1] else {
            panic!()
        };
        assert_eq!(inbox.sent_to, "GET http://office/office/v1/…");
        assert_eq!(inbox.count, 3);
        let Row::Background(das) = &rows[0] else {
            panic!()
        };
        assert_eq!(das.sent_to, "GET http://das/das/v1/requests/retrievals");
        assert_eq!(api_prefix("GET http://h"), "GET http://h");
        assert_eq!(api_prefix("GET http://h/a"), "GET http://h/a");
        assert_eq!(api_prefix("GET http://h/a/b/…"), "GET http://h/a/b");
        assert_eq!(api_prefix("no url at all"), "no url at all");
    }

    #[test]
    fn kinds_dates_and_words_filter() {
        let all = day();
        let only = |kind| {
            rows(
                &all,
                &Filter {
                    kind,
                    ..Filter::default()
                },
            )
            .len()
        };
        assert_eq!(only(Kind::Actions), 1);
        assert_eq!(only(Kind::Background), 2);
        assert_eq!(
            only(Kind::Failures),
            1,
            "the action succeeded; one run had a failure"
        );
        let dated = Filter {
            from_ms: Some(7.5),
            ..Filter::default()
        };
        assert_eq!(rows(&all, &dated).len(), 1);
        let searched = Filter {
            search: "RETRIEVAL statuses".into(),
            ..Filter::default()
        };
        assert_eq!(
            rows(&all, &searched).len(),
            1,
            "an action is found by its requests"
        );
    }

    #[test]
    fn entries_of_earlier_versions_have_no_action_and_still_show() {
        let old = r#"{"time":"2026-01-01T00:00:00Z","at_ms":1.0,"profile":"p","what":"x","sent_to":"","outcome":"ok","ok":true}"#;
        let entry: Entry = serde_json::from_str(old).unwrap();
        assert_eq!(entry.action, None);
        assert_eq!(rows(&[entry], &Filter::default()).len(), 1);
    }
}
