//! The sign-in throttle as handlers use it: the rule is `auth::throttle`'s, the failures are
//! in the database (shared by every instance), each step one trip to the blocking pool.

use super::AppState;
use crate::auth::throttle;
use crate::error::AppError;
use crate::models::person::Person;
use crate::models::sign_in_failure;
use std::net::IpAddr;

impl AppState {
    /// `Some(seconds)` to wait when `key` has used up its failed attempts, else `None`.
    pub async fn throttled(&self, key: &str) -> Result<Option<u64>, AppError> {
        let key = key.to_string();
        self.db(move |c| {
            let now = crate::models::now();
            let failures = sign_in_failure::since(c, &key, throttle::window_start(now))?;
            Ok(throttle::wait(&failures, now).err())
        })
        .await
    }

    /// Counts a failed attempt of `key`.
    pub async fn failed_attempt(&self, key: &str) -> Result<(), AppError> {
        let key = key.to_string();
        self.db(move |c| {
            let now = crate::models::now();
            Ok(sign_in_failure::record(c, &key, now, throttle::WINDOW)?)
        })
        .await
    }

    /// Forgets `key`'s failed attempts (it signed in).
    pub async fn cleared_attempts(&self, key: &str) -> Result<(), AppError> {
        let key = key.to_string();
        self.db(move |c| Ok(sign_in_failure::clear(c, &key)?)).await
    }
}

/// What sign-in says when the person was deactivated (only after the right password, so it
/// tells a stranger nothing).
pub const DEACTIVATED: &str = "this account has been deactivated; if you are back with the collective, ask a director to reactivate it";

/// What a sign-in attempt (page or `POST /api/v1/tokens`) came to.
#[derive(Debug)]
pub enum Attempt {
    /// Refused unchecked: the address, or this account from this address, must wait.
    Throttled {
        /// Seconds to wait (`Retry-After`).
        wait: u64,
        /// The address as a whole is throttled (not just this account from it).
        whole_address: bool,
    },
    /// The address has no account, no password yet, or the password is wrong (one answer).
    Wrong,
    /// The password is right but a director deactivated the person.
    Deactivated,
    /// Signed in.
    Ok(Person),
}

/// The throttle's keys for an attempt: the address, the account, and the pair.
struct Keys {
    address: String,
    account: String,
    pair: String,
}

impl Keys {
    fn of(email: &str, address: IpAddr) -> Keys {
        let email: String = email.trim().to_lowercase().chars().take(320).collect();
        let ip = crate::auth::proxies::throttle_key(address);
        Keys {
            address: format!("addr:{ip}"),
            pair: format!("pair:{ip} {email}"),
            account: format!("acct:{email}"),
        }
    }

    fn all(&self) -> Vec<String> {
        vec![
            self.address.clone(),
            self.account.clone(),
            self.pair.clone(),
        ]
    }
}

impl AppState {
    /// One sign-in attempt under the rules of `auth::throttle`: a throttled address or pair is
    /// refused before any work; an account under attack only slows down; then exactly one
    /// password hash is verified, against the dummy when the address has no account, so an
    /// unknown address costs what a known one does. A failure counts for all three keys; a
    /// success forgets the account's and the pair's (never the address's: an attacker's own
    /// account must not wipe its guesses).
    pub async fn sign_in_attempt(
        &self,
        email: &str,
        password: String,
        address: IpAddr,
    ) -> Result<Attempt, AppError> {
        let keys = Keys::of(email, address);
        let (all, now) = (keys.all(), crate::models::now());
        let since = now - throttle::SIGN_IN_WINDOW;
        let failures = self
            .db(move |c| Ok(sign_in_failure::since_any(c, &all, since)?))
            .await?;
        let of = |key: &str| -> Vec<chrono::NaiveDateTime> {
            failures
                .iter()
                .filter(|f| f.0 == key)
                .map(|f| f.1)
                .collect()
        };
        if let Some(wait) = throttle::PER_ADDRESS.wait(&of(&keys.address), now) {
            return Ok(Attempt::Throttled {
                wait,
                whole_address: true,
            });
        }
        if let Some(wait) = throttle::PER_ACCOUNT_ADDRESS.wait(&of(&keys.pair), now) {
            return Ok(Attempt::Throttled {
                wait,
                whole_address: false,
            });
        }
        let delay = throttle::slowdown(of(&keys.account).len());
        if !delay.is_zero() {
            actix_web::rt::time::sleep(delay).await;
        }
        let person = self.check_password(email, password).await?;
        self.count_attempt(&keys, person.is_some()).await?;
        Ok(match person {
            None => Attempt::Wrong,
            Some(p) if !p.is_active() => Attempt::Deactivated,
            Some(p) => Attempt::Ok(p),
        })
    }

    /// The person whose address and password match, if any: one verification always.
    async fn check_password(
        &self,
        email: &str,
        password: String,
    ) -> Result<Option<Person>, AppError> {
        let email = email.trim().to_lowercase();
        self.metrics.password_checked();
        self.db(move |c| {
            let person = Person::find_by_email(c, &email)?;
            let stored = person.as_ref().and_then(|p| p.password_hash.as_deref());
            let right = crate::auth::password::verify_or_dummy(&password, stored);
            Ok(person.filter(|_| right))
        })
        .await
    }

    async fn count_attempt(&self, keys: &Keys, right: bool) -> Result<(), AppError> {
        let now = crate::models::now();
        let (all, mine) = (keys.all(), vec![keys.account.clone(), keys.pair.clone()]);
        self.db(move |c| {
            if right {
                Ok(sign_in_failure::clear_all(c, &mine)?)
            } else {
                Ok(sign_in_failure::record_all(
                    c,
                    &all,
                    now,
                    throttle::SIGN_IN_WINDOW,
                )?)
            }
        })
        .await
    }
}
