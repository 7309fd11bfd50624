//! Fault injection: global latency and random failure rates (command line or control API),
//! plus scripted faults per login for deterministic tests ("the next two calls of login X
//! get a 503, then a dropped connection").

use serde::Deserialize;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

/// One injected failure.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Fault {
    /// An error status with the service's failure envelope; optional `Retry-After` seconds.
    Status {
        status: u16,
        #[serde(default, rename = "retryAfter")]
        retry_after: Option<u64>,
    },
    /// An HTML error page, as a proxy or gateway would send.
    Html { status: u16 },
    /// 200 with a failure envelope (`status: failed`).
    Envelope { message: String },
    /// The connection is closed without any response.
    Drop,
    /// The response is delayed, then served normally.
    Delay { ms: u64 },
    /// The response is a redirect to another origin (the transit zone).
    RedirectAway,
    /// The next presigned URL minted for this key is already expired.
    ExpireUrl,
    /// The next presigned URL minted for this key has an altered signature.
    TamperUrl,
}

#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rates {
    #[serde(default)]
    pub latency_ms: u64,
    #[serde(default)]
    pub error_rate: f64,
    #[serde(default)]
    pub drop_rate: f64,
}

#[derive(Default)]
pub struct Faults {
    rates: Mutex<Rates>,
    scripts: Mutex<HashMap<String, VecDeque<Fault>>>,
}

impl Faults {
    pub fn new(rates: Rates) -> Faults {
        Faults {
            rates: Mutex::new(rates),
            scripts: Mutex::default(),
        }
    }

    pub fn set_rates(&self, rates: Rates) {
        *self.rates.lock().unwrap() = rates;
    }

    pub fn latency_ms(&self) -> u64 {
        self.rates.lock().unwrap().latency_ms
    }

    /// Queues faults for the next calls of `key` (a login, or a transit object key).
    pub fn script(&self, key: &str, faults: Vec<Fault>) {
        self.scripts
            .lock()
            .unwrap()
            .entry(key.to_owned())
            .or_default()
            .extend(faults);
    }

    /// The next scripted fault for `key` only (no random ones).
    pub fn scripted(&self, key: &str) -> Option<Fault> {
        self.scripts
            .lock()
            .unwrap()
            .get_mut(key)
            .and_then(VecDeque::pop_front)
    }

    /// The fault for this call, if any: a scripted one first, else a random one.
    pub fn next(&self, key: Option<&str>) -> Option<Fault> {
        if let Some(key) = key {
            if let Some(fault) = self
                .scripts
                .lock()
                .unwrap()
                .get_mut(key)
                .and_then(VecDeque::pop_front)
            {
                return Some(fault);
            }
        }
        let rates = *self.rates.lock().unwrap();
        let roll = fastrand::f64();
        if roll < rates.drop_rate {
            Some(Fault::Drop)
        } else if roll < rates.drop_rate + rates.error_rate {
            Some(Fault::Status {
                status: 503,
                retry_after: None,
            })
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_run_in_order_per_key_then_fall_back_to_rates() {
        let f = Faults::new(Rates::default());
        f.script(
            "a",
            vec![
                Fault::Drop,
                Fault::Status {
                    status: 503,
                    retry_after: None,
                },
            ],
        );
        assert_eq!(f.next(Some("b")), None);
        assert_eq!(f.next(Some("a")), Some(Fault::Drop));
        assert_eq!(
            f.next(Some("a")),
            Some(Fault::Status {
                status: 503,
                retry_after: None
            })
        );
        assert_eq!(f.next(Some("a")), None);
        f.set_rates(Rates {
            drop_rate: 1.0,
            ..Rates::default()
        });
        assert_eq!(f.next(None), Some(Fault::Drop));
    }

    #[test]
    fn script_json_shape() {
        let faults: Vec<Fault> = serde_json::from_str(
            r#"[{"kind":"status","status":429,"retryAfter":1},{"kind":"drop"},{"kind":"html","status":502},{"kind":"delay","ms":10},{"kind":"envelope","message":"x"},{"kind":"redirectAway"}]"#,
        )
        .unwrap();
        assert_eq!(faults.len(), 6);
        assert_eq!(
            faults[0],
            Fault::Status {
                status: 429,
                retry_after: Some(1)
            }
        );
    }
}
