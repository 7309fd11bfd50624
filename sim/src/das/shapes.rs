//! The forms of answers the sources leave open (notes §3, §10.8): the retrieval list's
//! envelope, numbers as JSON numbers or numeric strings, status words in any case, and the
//! file status `error` as an object, a string or an array. The simulator answers in one form (the defaults, README
//! "Simulator choices") and can be switched to each of the others, so the library's readers
//! are exercised against all of them.

use super::error::AppError;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Shapes {
    pub retrieval_list: ListShape,
    /// `errorCode` and `fileSizeQuantity` as numeric strings, an unknown size as `""`.
    pub numbers_as_strings: bool,
    /// Status words in upper case (`PENDING`, `SUCCESS`, `VALIDATED`).
    pub upper_case_words: bool,
    pub file_error: ErrorShape,
}

/// `GET requests/retrievals`: `{"documentRetrievals": […]}`, a bare array, or the
/// `DocumentRetrievalResponseBag` nested one level with another array beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ListShape {
    #[default]
    Object,
    Array,
    Nested,
}

/// The file status `error` of a rejected upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ErrorShape {
    /// The DAS error body `{code, message, details}`.
    #[default]
    Object,
    /// Its message only.
    String,
    /// Its details array only.
    Array,
}

impl Shapes {
    /// The retrieval list, its items already serialised.
    pub fn retrieval_list(&self, items: Vec<Value>) -> Value {
        let items = Value::Array(items.into_iter().map(|i| self.fields(i)).collect());
        match self.retrieval_list {
            ListShape::Object => json!({ "documentRetrievals": items }),
            ListShape::Array => items,
            ListShape::Nested => json!({
                "documentRetrievalResponseBag": { "documentRetrievalResponse": items },
                "links": [],
            }),
        }
    }

    /// A file status body's `error` (`null` when there is none).
    pub fn file_error(&self, error: Option<&AppError>) -> Value {
        let Some(error) = error else {
            return Value::Null;
        };
        let first = error.details.first().map(|d| d.message.clone());
        match self.file_error {
            ErrorShape::Object => serde_json::to_value(error).unwrap_or_default(),
            ErrorShape::String => json!(error.message.clone().or(first).unwrap_or_default()),
            ErrorShape::Array => serde_json::to_value(&error.details).unwrap_or_default(),
        }
    }

    /// One object's numbers and status words in the set forms.
    pub fn fields(&self, mut object: Value) -> Value {
        if self.upper_case_words {
            for key in ["requestStatusCategory", "fileStatusCategory"] {
                if let Some(Value::String(word)) = object.get_mut(key) {
                    *word = word.to_uppercase();
                }
            }
        }
        if !self.numbers_as_strings {
            return object;
        }
        for key in ["errorCode", "fileSizeQuantity"] {
            if let Some(field) = object.get_mut(key) {
                *field = match field.take() {
                    Value::Null => json!(""),
                    Value::Number(n) => json!(n.to_string()),
                    other => other,
                };
            }
        }
        object
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_list_shape() {
        let items = || vec![json!({"requestAckId": "a", "errorCode": -7})];
        let mut shapes = Shapes::default();
        assert_eq!(
            shapes.retrieval_list(items())["documentRetrievals"][0]["requestAckId"],
            "a"
        );
        shapes.retrieval_list = ListShape::Array;
        assert_eq!(shapes.retrieval_list(items())[0]["errorCode"], -7);
        shapes.retrieval_list = ListShape::Nested;
        shapes.numbers_as_strings = true;
        let nested = shapes.retrieval_list(items());
        assert_eq!(
            nested["documentRetrievalResponseBag"]["documentRetrievalResponse"][0]["errorCode"],
            "-7"
        );
        assert!(nested["links"].is_array());
    }

    #[test]
    fn each_error_shape_and_loose_numbers() {
        let error = AppError::invalid(-31, "checksum mismatch");
        let mut shapes = Shapes::default();
        assert_eq!(shapes.file_error(Some(&error))["details"][0]["code"], -31);
        shapes.file_error = ErrorShape::String;
        assert_eq!(shapes.file_error(Some(&error)), json!("checksum mismatch"));
        shapes.file_error = ErrorShape::Array;
        assert_eq!(shapes.file_error(Some(&error))[0]["code"], -31);
        assert_eq!(shapes.file_error(None), Value::Null);
        shapes.numbers_as_strings = true;
        shapes.upper_case_words = true;
        let status =
            shapes.fields(json!({"fileSizeQuantity": null, "fileStatusCategory": "pending"}));
        assert_eq!(
            status,
            json!({"fileSizeQuantity": "", "fileStatusCategory": "PENDING"})
        );
    }
}
