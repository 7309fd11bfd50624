//! The simulator's DAS application errors, in the shape it answers them (see the module
//! documentation of [`super`]).

use serde::Serialize;

/// A DAS application error: HTTP 400 with `{code, message, details}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppError {
    pub code: &'static str,
    pub message: Option<String>,
    pub details: Vec<Detail>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Detail {
    pub code: i64,
    pub message: String,
}

impl AppError {
    pub fn new(code: &'static str, detail: i64, message: impl Into<String>) -> AppError {
        AppError {
            code,
            message: None,
            details: vec![Detail {
                code: detail,
                message: message.into(),
            }],
        }
    }

    pub fn invalid(detail: i64, message: impl Into<String>) -> AppError {
        AppError::new("INVALID_INPUT_DATA", detail, message)
    }
}
