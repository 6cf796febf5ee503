//! The 409 that answers a stale `version` with the row as it stands under `current`; the two
//! steps every handler on a team's work takes before it reads a body (find the row, let the
//! permission table decide) live in `web::policy`, below pages and API alike.

use crate::db::DbConn;
use crate::error::AppError;
use serde::Serialize;

pub use crate::web::policy::{OfTeam, owned, team};

/// A 409 carrying `current` (already in the API's shape) under `current`.
pub fn conflict_with<T: Serialize>(current: Result<T, AppError>) -> AppError {
    match current.and_then(|v| {
        serde_json::to_value(v).map_err(|e| AppError::Internal(format!("serialise: {e}")))
    }) {
        Ok(value) => AppError::Conflict(value),
        Err(e) => e,
    }
}

/// The saved value; a stale version becomes a 409 holding what `current` loads now, other
/// errors pass unchanged.
pub fn or_conflict<T, C: Serialize>(
    c: &mut DbConn,
    saved: Result<T, AppError>,
    current: impl FnOnce(&mut DbConn) -> Result<C, AppError>,
) -> Result<T, AppError> {
    match saved {
        Err(AppError::Conflict(_)) => Err(conflict_with(current(c))),
        other => other,
    }
}
