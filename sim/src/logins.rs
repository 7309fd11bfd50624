//! CLAIMS Direct logins and their request-unit budgets.
//!
//! The docs (notes §8) charge each call a weight in request units (RU) against a per-login
//! budget per window, and answer 429 until the window resets. The simulator uses a fixed
//! window starting at a login's first call; default 240 RU per 60 s, configurable per login
//! so tests can exhaust a budget in milliseconds.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The documented weights (Request Weighting page).
pub fn weight(endpoint: &str) -> f64 {
    match endpoint {
        "list" => 0.3,
        "fetch" | "abimage" => 1.0,
        "pdf" => 1.5,
        "fetchall" => 5.5,
        _ => 1.0,
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub request_units: f64,
    pub window: Duration,
}

impl Default for Budget {
    fn default() -> Budget {
        Budget {
            request_units: 240.0,
            window: Duration::from_secs(60),
        }
    }
}

struct Account {
    password: String,
    budget: Budget,
    list_limit: Option<usize>,
    window_start: Option<Instant>,
    used: f64,
    /// Calls answered 429, and RU charged, since the login was registered.
    refused: u64,
    charged: f64,
}

/// What a login has been charged and refused (`GET /_sim/logins?user=`).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    pub charged: f64,
    pub refused: u64,
    /// The login's budget: RU per window.
    pub request_units: f64,
    pub window_ms: u64,
}

/// Why a call is refused.
#[derive(Debug, PartialEq)]
pub enum Refusal {
    /// Missing header, unknown user or wrong password: 401.
    BadLogin,
    /// Budget used up: 429 with `Retry-After` (whole seconds, rounded up).
    RateLimited {
        retry_after_secs: u64,
        budget: f64,
        window_secs: f64,
    },
}

pub struct Logins {
    accounts: Mutex<HashMap<String, Account>>,
}

impl Logins {
    pub const DEMO_USER: &'static str = "demo";
    pub const DEMO_PASSWORD: &'static str = "demo-password";

    pub fn new(default_budget: Budget) -> Logins {
        let logins = Logins {
            accounts: Mutex::new(HashMap::new()),
        };
        logins.register(Self::DEMO_USER, Self::DEMO_PASSWORD, default_budget, None);
        logins
    }

    pub fn register(&self, user: &str, password: &str, budget: Budget, list_limit: Option<usize>) {
        self.accounts.lock().unwrap().insert(
            user.to_owned(),
            Account {
                password: password.to_owned(),
                budget,
                list_limit,
                window_start: None,
                used: 0.0,
                refused: 0,
                charged: 0.0,
            },
        );
    }

    /// How many attachments per UCID `user`'s lists show (`None`: all).
    pub fn list_limit(&self, user: Option<&str>) -> Option<usize> {
        let accounts = self.accounts.lock().unwrap();
        user.and_then(|u| accounts.get(u))
            .and_then(|a| a.list_limit)
    }

    pub fn usage(&self, user: &str) -> Option<Usage> {
        let accounts = self.accounts.lock().unwrap();
        accounts.get(user).map(|a| Usage {
            charged: a.charged,
            refused: a.refused,
            request_units: a.budget.request_units,
            window_ms: a.budget.window.as_millis() as u64,
        })
    }

    /// Authenticates and charges `weight` RU.
    pub fn charge(
        &self,
        user: Option<&str>,
        password: Option<&str>,
        weight: f64,
        now: Instant,
    ) -> Result<(), Refusal> {
        let mut accounts = self.accounts.lock().unwrap();
        let account = user
            .and_then(|u| accounts.get_mut(u))
            .filter(|a| Some(a.password.as_str()) == password)
            .ok_or(Refusal::BadLogin)?;
        let start = *account.window_start.get_or_insert(now);
        if now.duration_since(start) >= account.budget.window {
            account.window_start = Some(now);
            account.used = 0.0;
        }
        if account.used + weight > account.budget.request_units + 1e-9 {
            let elapsed = now.duration_since(account.window_start.unwrap_or(now));
            let remaining = account.budget.window.saturating_sub(elapsed);
            account.refused += 1;
            return Err(Refusal::RateLimited {
                retry_after_secs: remaining.as_millis().div_ceil(1000).max(1) as u64,
                budget: account.budget.request_units,
                window_secs: account.budget.window.as_secs_f64(),
            });
        }
        account.used += weight;
        account.charged += weight;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_logins_and_budget_windows() {
        let logins = Logins::new(Budget::default());
        let t0 = Instant::now();
        assert_eq!(logins.charge(None, None, 0.3, t0), Err(Refusal::BadLogin));
        assert_eq!(
            logins.charge(Some("demo"), Some("nope"), 0.3, t0),
            Err(Refusal::BadLogin)
        );
        logins.register(
            "t",
            "p",
            Budget {
                request_units: 1.0,
                window: Duration::from_millis(1500),
            },
            None,
        );
        assert!(logins.charge(Some("t"), Some("p"), 0.3, t0).is_ok());
        assert!(logins.charge(Some("t"), Some("p"), 0.6, t0).is_ok());
        match logins.charge(Some("t"), Some("p"), 0.3, t0 + Duration::from_millis(100)) {
            Err(Refusal::RateLimited {
                retry_after_secs, ..
            }) => assert_eq!(retry_after_secs, 2),
            other => panic!("{other:?}"),
        }
        assert!(logins
            .charge(Some("t"), Some("p"), 0.3, t0 + Duration::from_millis(1600))
            .is_ok());
        let usage = logins.usage("t").unwrap();
        assert_eq!(usage.refused, 1);
        assert!((usage.charged - 1.2).abs() < 1e-9);
    }
}
