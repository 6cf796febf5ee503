//! Throttles failed attempts, so a password cannot be guessed at speed, without letting a
//! stranger lock its owner out. The failures live in the database (`models::sign_in_failure`),
//! so every instance on it counts the same failures and a restart forgets none; these are the
//! rules.
//!
//! Sign-in (pages and `POST /api/v1/tokens`) counts each failure three times:
//! - per client address ([`PER_ADDRESS`]): after a generous allowance, that address waits, the
//!   wait doubling with each further failure. It stops one machine trying many accounts.
//! - per account and address ([`PER_ACCOUNT_ADDRESS`]): a few tries, then the same backoff. It
//!   stops one machine guessing one password, and touches nobody else.
//! - per account, from anywhere ([`slowdown`]): never a refusal, only a short delay before
//!   the answer, so that many machines guessing one password go slower while its owner, from
//!   their own address, still gets in.
//!
//! Other attempts (the profile's current password, reset requests) use the simple [`wait`].

use chrono::{NaiveDateTime, TimeDelta};

/// Failures allowed inside the window before attempts for that key are refused (simple rule).
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
    let left = whole_seconds(WINDOW - (now - oldest));
    Err(u64::try_from(left).unwrap_or(0).max(1))
}

/// `d` in seconds, rounded up: a wait of 29.99 s is announced as 30 (`Retry-After` and the
/// page both say the whole wait, never a second short of it).
fn whole_seconds(d: TimeDelta) -> i64 {
    (d.num_milliseconds() + 999).div_euclid(1000)
}

/// The moment before which failures no longer count at `now`.
pub fn window_start(now: NaiveDateTime) -> NaiveDateTime {
    now - WINDOW
}

/// How long a sign-in failure counts for the backoff rules and the slowdown.
pub const SIGN_IN_WINDOW: TimeDelta = TimeDelta::hours(1);

/// A rule that lets `free` failures through, then makes the key wait `first` after the last of
/// them, twice that after the next failure, and so on up to `max`, counted from the latest.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    /// Failures inside the window that cost nothing.
    pub free: usize,
    /// The first wait.
    pub first: TimeDelta,
    /// The longest wait.
    pub max: TimeDelta,
}

/// One client address, whatever accounts it tries.
pub const PER_ADDRESS: Backoff = Backoff {
    free: 20,
    first: TimeDelta::minutes(1),
    max: TimeDelta::minutes(15),
};

/// One account from one address.
pub const PER_ACCOUNT_ADDRESS: Backoff = Backoff {
    free: 5,
    first: TimeDelta::seconds(30),
    max: TimeDelta::minutes(15),
};

/// Failures of an account from anywhere before its sign-ins slow down.
pub const SLOWDOWN_FREE: usize = 10;
/// The delay added per failure past that.
pub const SLOWDOWN_STEP: std::time::Duration = std::time::Duration::from_millis(100);
/// The longest delay: what the owner waits, at worst, while their account is under attack.
pub const SLOWDOWN_MAX: std::time::Duration = std::time::Duration::from_secs(2);

impl Backoff {
    /// `Some(seconds)` to wait when `failures` (the key's, any order) exceed the allowance at
    /// `now`, else `None`. Failures older than `SIGN_IN_WINDOW` are forgotten.
    pub fn wait(&self, failures: &[NaiveDateTime], now: NaiveDateTime) -> Option<u64> {
        let recent: Vec<&NaiveDateTime> = failures
            .iter()
            .filter(|t| now - **t < SIGN_IN_WINDOW)
            .collect();
        let extra = recent.len().checked_sub(self.free)?;
        let latest = **recent.iter().max()?;
        let doublings = u32::try_from(extra.min(20)).unwrap_or(20);
        let delay = (self.first * 2_i32.pow(doublings)).min(self.max);
        let left = whole_seconds(latest + delay - now);
        (left > 0).then(|| u64::try_from(left).unwrap_or(1))
    }
}

/// The delay before answering a sign-in to an account with `failures` failures inside the
/// window (from every address).
pub fn slowdown(failures: usize) -> std::time::Duration {
    let over = failures.saturating_sub(SLOWDOWN_FREE);
    (SLOWDOWN_STEP * u32::try_from(over.min(1000)).unwrap_or(1000)).min(SLOWDOWN_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_a_moment_after_it_began_is_still_announced_whole() {
        let failures: Vec<NaiveDateTime> = (0..PER_ACCOUNT_ADDRESS.free as i64).map(at).collect();
        let later = at(4) + TimeDelta::milliseconds(3);
        assert_eq!(PER_ACCOUNT_ADDRESS.wait(&failures, later), Some(30));
        assert_eq!(whole_seconds(TimeDelta::milliseconds(-5)), 0);
    }

    #[test]
    fn the_backoff_lets_the_allowance_through_then_doubles() {
        let rule = PER_ACCOUNT_ADDRESS;
        let mut failures = Vec::new();
        for n in 0..rule.free - 1 {
            failures.push(at(n as i64));
        }
        assert_eq!(rule.wait(&failures, at(10)), None, "the allowance is free");
        failures.push(at(10));
        assert_eq!(rule.wait(&failures, at(10)), Some(30), "first wait");
        assert_eq!(rule.wait(&failures, at(40)), None, "waited it out");
        failures.push(at(40));
        assert_eq!(rule.wait(&failures, at(40)), Some(60), "doubled");
        for _ in 0..10 {
            failures.push(at(40));
        }
        assert_eq!(rule.wait(&failures, at(40)), Some(15 * 60), "capped");
    }

    #[test]
    fn old_failures_are_forgotten() {
        let failures: Vec<NaiveDateTime> = (0..30).map(|_| at(0)).collect();
        let later = at(SIGN_IN_WINDOW.num_seconds());
        assert_eq!(PER_ADDRESS.wait(&failures, later), None);
        assert!(PER_ADDRESS.wait(&failures, at(1)).is_some());
    }

    #[test]
    fn an_account_under_attack_only_slows_down() {
        use std::time::Duration;
        assert_eq!(slowdown(SLOWDOWN_FREE), Duration::ZERO);
        assert_eq!(slowdown(SLOWDOWN_FREE + 3), Duration::from_millis(300));
        assert_eq!(slowdown(1_000_000), SLOWDOWN_MAX);
    }

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
