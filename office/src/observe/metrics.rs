//! The office's Prometheus metrics, one registry per office (several offices may run in one
//! process, as the tests do). Queue depths are read from the store at scrape time, so every
//! instance on a shared database reports the same.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteOutcome {
    route: String,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Reason {
    reason: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct AnsweredBy {
    by: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct State {
    state: &'static str,
}

/// How many inbox rows and jobs wait, as the store counts them.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Depths {
    /// Forwarded requests waiting for a clerk.
    pub needs_clerk: i64,
    /// Forwarded requests being answered without a clerk.
    pub automatic: i64,
    /// Jobs (answers and deliveries) not yet done.
    pub jobs_queued: i64,
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RouteOutcome, Counter>,
    token_refusals: Family<Reason, Counter>,
    answer_seconds: Family<AnsweredBy, Histogram>,
    database_errors: Counter,
    inbox: Family<State, Gauge>,
    jobs_queued: Gauge,
}

impl Default for Metrics {
    fn default() -> Metrics {
        let mut registry = Registry::with_prefix("ipdocs_office");
        let requests = Family::<RouteOutcome, Counter>::default();
        let token_refusals = Family::<Reason, Counter>::default();
        // From receipt to WIPO accepting the answer: seconds for the unattended answers,
        // hours for a clerk's.
        let answer_seconds = Family::<AnsweredBy, Histogram>::new_with_constructor(|| {
            Histogram::new([
                0.5, 1., 2.5, 5., 10., 30., 60., 300., 1800., 3600., 14400., 86400.,
            ])
        });
        let database_errors = Counter::default();
        let inbox = Family::<State, Gauge>::default();
        let jobs_queued = Gauge::default();
        registry.register(
            "requests",
            "HTTP requests answered, by route and outcome (ok, refused, error)",
            requests.clone(),
        );
        registry.register(
            "token_refusals",
            "WIPO bearer tokens refused, by reason",
            token_refusals.clone(),
        );
        registry.register(
            "answer_seconds",
            "Time from a forwarded request's receipt to its answer being accepted",
            answer_seconds.clone(),
        );
        registry.register(
            "database_errors",
            "Store operations that failed",
            database_errors.clone(),
        );
        registry.register(
            "inbox_requests",
            "Forwarded requests not yet answered, by state (needs-clerk, automatic)",
            inbox.clone(),
        );
        registry.register(
            "jobs_queued",
            "Unattended jobs (answers, deliveries) not yet done",
            jobs_queued.clone(),
        );
        Metrics {
            registry,
            requests,
            token_refusals,
            answer_seconds,
            database_errors,
            inbox,
            jobs_queued,
        }
    }
}

impl Metrics {
    pub fn request(&self, route: &str, outcome: &'static str) {
        self.requests
            .get_or_create(&RouteOutcome {
                route: route.to_owned(),
                outcome,
            })
            .inc();
    }

    pub fn token_refused(&self, reason: &'static str) {
        self.token_refusals.get_or_create(&Reason { reason }).inc();
    }

    pub fn answered(&self, by: &'static str, seconds: f64) {
        self.answer_seconds
            .get_or_create(&AnsweredBy { by })
            .observe(seconds.max(0.));
    }

    pub fn database_error(&self) {
        self.database_errors.inc();
    }

    /// The text exposition format, with the queue depths as just counted.
    pub fn render(&self, depths: Option<Depths>) -> String {
        if let Some(depths) = depths {
            let set = |state, value| self.inbox.get_or_create(&State { state }).set(value);
            set("needs-clerk", depths.needs_clerk);
            set("automatic", depths.automatic);
            self.jobs_queued.set(depths.jobs_queued);
        }
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_rendered_with_their_labels() {
        let metrics = Metrics::default();
        metrics.request("/das/v1/requests/retrievals", "ok");
        metrics.request("/das/v1/requests/retrievals", "ok");
        metrics.token_refused("signature");
        metrics.answered("automatic", 1.5);
        let text = metrics.render(Some(Depths {
            needs_clerk: 3,
            automatic: 1,
            jobs_queued: 2,
        }));
        for line in [
            r#"ipdocs_office_requests_total{route="/das/v1/requests/retrievals",outcome="ok"} 2"#,
            r#"ipdocs_office_token_refusals_total{reason="signature"} 1"#,
            r#"ipdocs_office_answer_seconds_count{by="automatic"} 1"#,
            r#"ipdocs_office_inbox_requests{state="needs-clerk"} 3"#,
            "ipdocs_office_jobs_queued 2",
            "ipdocs_office_database_errors_total 0",
        ] {
            assert!(text.contains(line), "{line} not in\n{text}");
        }
    }
}
