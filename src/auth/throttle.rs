//! Throttles failed sign-ins per address, so a password cannot be guessed at speed. Kept in
//! memory: a restart forgets it, which costs an attacker a restart they cannot cause.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures allowed inside the window before sign-ins for that key are refused.
pub const MAX_FAILURES: usize = 5;
/// How long a failure counts.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// Failed attempts per key (an email address, lower case).
#[derive(Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl Throttle {
    /// `Err(seconds)` to wait when the key has used up its failures, else `Ok`.
    pub fn check(&self, key: &str, now: Instant) -> Result<(), u64> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let Some(list) = map.get_mut(key) else {
            return Ok(());
        };
        list.retain(|t| now.duration_since(*t) < WINDOW);
        if list.len() < MAX_FAILURES {
            return Ok(());
        }
        let oldest = list.iter().min().copied().unwrap_or(now);
        let wait = WINDOW.saturating_sub(now.duration_since(oldest));
        Err(wait.as_secs().max(1))
    }

    /// Records a failed attempt.
    pub fn fail(&self, key: &str, now: Instant) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(key.to_string()).or_default().push(now);
    }

    /// Forgets a key's failures after a successful sign-in.
    pub fn clear(&self, key: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_attempt_waits_until_the_first_failure_expires() {
        let t = Throttle::default();
        let start = Instant::now();
        for i in 0..MAX_FAILURES {
            assert!(t.check("a@x.org", start).is_ok(), "attempt {i}");
            t.fail("a@x.org", start + Duration::from_secs(i as u64));
        }
        let wait = t
            .check("a@x.org", start + Duration::from_secs(60))
            .unwrap_err();
        assert_eq!(wait, WINDOW.as_secs() - 60);
        assert!(
            t.check("b@x.org", start).is_ok(),
            "other keys are unaffected"
        );
        assert!(
            t.check("a@x.org", start + WINDOW + Duration::from_secs(5))
                .is_ok()
        );
    }

    #[test]
    fn success_clears_the_count() {
        let t = Throttle::default();
        let now = Instant::now();
        for _ in 0..MAX_FAILURES {
            t.fail("a@x.org", now);
        }
        assert!(t.check("a@x.org", now).is_err());
        t.clear("a@x.org");
        assert!(t.check("a@x.org", now).is_ok());
    }
}
