//! Throttles failed sign-ins per key (an address, or a person's profile), so a password cannot
//! be guessed at speed. The failures live in the database (`models::sign_in_failure`), so every
//! instance on it counts the same failures and a restart forgets none; this is the rule.

use chrono::{NaiveDateTime, TimeDelta};

/// Failures allowed inside the window before sign-ins for that key are refused.
pub const MAX_FAILURES: usize = 5;
/// How long a failure counts.
pub const WINDOW: TimeDelta = TimeDelta::minutes(15);

/// `Err(seconds)` to wait when `failures` (the key's, inside the window, oldest first) use up
/// its allowance at `now`, else `Ok`.
pub fn wait(failures: &[NaiveDateTime], now: NaiveDateTime) -> Result<(), u64> {
    let recent: Vec<&NaiveDateTime> = failures.iter().filter(|t| now - **t < WINDOW).collect();
    if recent.len() < MAX_FAILURES {
        return Ok(());
    }
    let oldest = recent.iter().min().map_or(now, |t| **t);
    let left = (WINDOW - (now - oldest)).num_seconds();
    Err(u64::try_from(left).unwrap_or(0).max(1))
}

/// The moment before which failures no longer count at `now`.
pub fn window_start(now: NaiveDateTime) -> NaiveDateTime {
    now - WINDOW
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(seconds: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000 + seconds, 0)
            .unwrap()
            .naive_utc()
    }

    #[test]
    fn the_sixth_attempt_waits_until_the_first_failure_expires() {
        let failures: Vec<NaiveDateTime> = (0..MAX_FAILURES as i64).map(at).collect();
        for n in 0..MAX_FAILURES {
            assert!(wait(&failures[..n], at(10)).is_ok(), "after {n} failures");
        }
        assert_eq!(
            wait(&failures, at(60)),
            Err(WINDOW.num_seconds() as u64 - 60)
        );
        let later = at(WINDOW.num_seconds() + 5);
        assert!(
            wait(&failures, later).is_ok(),
            "the oldest failures have expired"
        );
    }

    #[test]
    fn the_wait_is_at_least_a_second() {
        let failures: Vec<NaiveDateTime> = (0..MAX_FAILURES as i64).map(|_| at(0)).collect();
        assert_eq!(wait(&failures, at(WINDOW.num_seconds() - 1)), Err(1));
        assert_eq!(window_start(at(WINDOW.num_seconds())), at(0));
    }
}
