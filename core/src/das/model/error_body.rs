//! The error object of the DAS API, in either of its documented shapes.

use super::lenient;
use crate::error::ErrorDetail;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The error object of the DAS API (also the `error` field of a file status).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default, TS)]
#[non_exhaustive]
#[ts(optional_fields)]
pub struct DasErrorBody {
    #[serde(
        default,
        deserialize_with = "lenient::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<DasErrorDetail>>")]
    pub details: Vec<DasErrorDetail>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[non_exhaustive]
#[ts(optional_fields)]
pub struct DasErrorDetail {
    #[serde(default, deserialize_with = "lenient::i64_or_zero")]
    #[ts(type = "number")]
    pub code: i64,
    #[serde(default)]
    pub message: Option<String>,
}

impl DasErrorBody {
    pub fn details(&self) -> Vec<ErrorDetail> {
        self.details
            .iter()
            .map(|d| ErrorDetail {
                code: d.code,
                message: d.message.clone().unwrap_or_default(),
            })
            .collect()
    }

    /// One line: the first detail's message, else the message, else the code.
    pub fn summary(&self) -> String {
        let detail = self.details.first().map(|d| {
            format!(
                "{} ({})",
                d.message.as_deref().unwrap_or("no message"),
                d.code
            )
        });
        detail
            .or_else(|| self.message.clone())
            .or_else(|| self.code.clone())
            .unwrap_or_else(|| "no details given".into())
    }
}
