//! The sign-in throttle as handlers use it: the rule is `auth::throttle`'s, the failures are
//! in the database (shared by every instance), each step one trip to the blocking pool.

use super::AppState;
use crate::auth::throttle;
use crate::error::AppError;
use crate::models::sign_in_failure;

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
