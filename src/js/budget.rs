//! `RequestBudget` for JavaScript: one per CLAIMS Direct login, shared by its clients.

use super::{convert, error};
use crate::claims::pacing::{Budget, Limit, Weights};
use crate::error::Result;
use serde::Deserialize;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const BUDGET_TS: &str = r#"
/** At most `units` request units in every stretch of `windowMs`. */
export interface RequestLimit { units: number; windowMs: number }

/** Request units per call; the documented weights are the defaults. */
export interface RequestWeights {
  list?: number; fetch?: number; fetchAll?: number; pdf?: number; abstractImage?: number;
}

/** Options of `new RequestBudget(...)`. */
export interface RequestBudgetOptions {
  /** Default: the documented 240 RU per 60000 ms. Several limits all apply. */
  limits?: RequestLimit[];
  weights?: RequestWeights;
}

/** One limit's window as it stands now. */
export interface BudgetUsage { units: number; windowMs: number; used: number; left: number }
"#;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "RequestBudgetOptions")]
    pub type RequestBudgetOptions;
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct LimitOption {
    units: f64,
    window_ms: u64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct WeightOptions {
    list: Option<f64>,
    fetch: Option<f64>,
    fetch_all: Option<f64>,
    pdf: Option<f64>,
    abstract_image: Option<f64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Options {
    #[serde(default)]
    limits: Option<Vec<LimitOption>>,
    #[serde(default)]
    weights: Option<WeightOptions>,
}

/// A CLAIMS Direct request-unit budget: pass it to every `ClaimsDirect` of one login and
/// their calls are spaced so the login's budget is used without 429s.
#[wasm_bindgen]
pub struct RequestBudget {
    pub(super) inner: Rc<RefCell<Budget>>,
}

#[wasm_bindgen]
impl RequestBudget {
    /// Throws an `IpdocsError` (`invalid_input`) for bad limits or weights.
    #[wasm_bindgen(constructor)]
    pub fn new(
        options: Option<RequestBudgetOptions>,
    ) -> std::result::Result<RequestBudget, JsValue> {
        build(options.map_or(JsValue::UNDEFINED, Into::into))
            .map(|budget| RequestBudget {
                inner: Rc::new(RefCell::new(budget)),
            })
            .map_err(error::to_js)
    }

    /// Every limit's window now: units spent and left.
    #[wasm_bindgen(unchecked_return_type = "BudgetUsage[]")]
    pub fn usage(&self) -> js_sys::Array {
        // Objects made here, not serialised as JSON: that kept serde_json's float writer in
        // the `ipdocs/claims` wasm for this one call (issue 20.2).
        let now = js_sys::Date::now() as u64;
        let usage = self.inner.borrow().usage(now);
        usage
            .into_iter()
            .map(|u| {
                convert::object(&[
                    ("units", u.limit.units.into()),
                    ("windowMs", (u.limit.window_ms as f64).into()),
                    ("used", u.used.into()),
                    ("left", u.left.into()),
                ])
            })
            .collect()
    }

    /// Request units spent through this budget so far.
    #[wasm_bindgen(getter = totalUnits)]
    pub fn total_units(&self) -> f64 {
        self.inner.borrow().total_units()
    }

    /// 429 answers received despite pacing.
    #[wasm_bindgen(getter)]
    pub fn refusals(&self) -> u32 {
        self.inner.borrow().refusals()
    }
}

fn build(options: JsValue) -> Result<Budget> {
    if !convert::present(&options) {
        return Ok(Budget::documented());
    }
    let o: Options = convert::json_options("RequestBudget options", &options)?;
    let limits = match o.limits {
        Some(limits) => limits
            .into_iter()
            .map(|l| Limit {
                units: l.units,
                window_ms: l.window_ms,
            })
            .collect(),
        None => vec![Limit::DOCUMENTED],
    };
    let d = Weights::default();
    let weights = o.weights.map_or(d, |w| Weights {
        list: w.list.unwrap_or(d.list),
        fetch: w.fetch.unwrap_or(d.fetch),
        fetch_all: w.fetch_all.unwrap_or(d.fetch_all),
        pdf: w.pdf.unwrap_or(d.pdf),
        abstract_image: w.abstract_image.unwrap_or(d.abstract_image),
    });
    Budget::new(limits, weights)
}
