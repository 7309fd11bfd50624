//! Which of the office's listed retrievals are shown: by status and by the day their
//! document became available (both ends included; an unknown day matches only an open range).

use ipdocs_core::das::RetrievalStatus;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RetrievalFilter {
    /// A status category (`pending`, `success`, `error`, `unknown`); empty: any.
    pub status: String,
    /// `YYYY-MM-DD`, empty: open.
    pub from: String,
    pub to: String,
}

impl RetrievalFilter {
    pub fn keeps(&self, s: &RetrievalStatus) -> bool {
        let day = s.document_availability_date.as_deref().unwrap_or("");
        let day = day.get(..10).unwrap_or(day);
        let after = |bound: &str| bound.is_empty() || (!day.is_empty() && day >= bound);
        let before = |bound: &str| bound.is_empty() || (!day.is_empty() && day <= bound);
        (self.status.is_empty() || s.request_status_category.category() == self.status)
            && after(&self.from)
            && before(&self.to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(json: &str) -> RetrievalStatus {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn status_and_availability_day_select_retrievals() {
        let done = listed(
            r#"{"requestAckId":"a","requestStatusCategory":"success","documentAvailabilityDate":"2026-11-20T10:00:00Z"}"#,
        );
        let waiting = listed(r#"{"requestAckId":"b","requestStatusCategory":"In Process"}"#);
        let any = RetrievalFilter::default();
        assert!(any.keeps(&done) && any.keeps(&waiting));
        let pending = RetrievalFilter {
            status: "pending".into(),
            ..any.clone()
        };
        assert!(pending.keeps(&waiting) && !pending.keeps(&done));
        let that_day = RetrievalFilter {
            from: "2026-11-20".into(),
            to: "2026-11-20".into(),
            ..any.clone()
        };
        assert!(that_day.keeps(&done), "both ends are included");
        assert!(!that_day.keeps(&waiting), "no day: outside any range");
        let later = RetrievalFilter {
            from: "2026-11-21".into(),
            ..any
        };
        assert!(!later.keeps(&done));
    }
}
