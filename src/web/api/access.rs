//! The two steps every handler on a team's work takes before it reads a body — find the row
//! (404 when it names nothing), then let the area's rule decide on its team (403) — and the
//! 409 that answers a stale `version` with the row as it stands under `current`.

use crate::db::DbConn;
use crate::error::AppError;
use crate::models::classroom::Classroom;
use crate::models::cycle::Cycle;
use crate::models::driver::{ChangeIdea, Driver};
use crate::models::team::Team;
use crate::web::api::shared::not_found;
use diesel::QueryResult;
use serde::Serialize;

/// A row of a team's work: found by id, checked by its team.
pub trait OfTeam: Sized {
    /// What a 404 says was not found.
    const WHAT: &'static str;
    /// The row with this id.
    fn find(c: &mut DbConn, id: i32) -> QueryResult<Self>;
    /// The team whose rules decide who may touch it.
    fn team_id(&self) -> i32;
}

macro_rules! of_team {
    ($($ty:ty => $what:literal, |$row:ident| $team:expr;)*) => {$(
        impl OfTeam for $ty {
            const WHAT: &'static str = $what;
            fn find(c: &mut DbConn, id: i32) -> QueryResult<Self> {
                <$ty>::find(c, id)
            }
            fn team_id(&self) -> i32 {
                let $row = self;
                $team
            }
        }
    )*};
}

of_team! {
    Team => "team", |t| t.id;
    Cycle => "cycle", |t| t.team_id;
    ChangeIdea => "change idea", |t| t.team_id;
    Driver => "driver", |t| t.team_id;
    Classroom => "classroom", |t| t.team_id;
}

/// Row `id` of type `T` (404 when there is none), when `check` allows the caller at its team.
pub fn owned<T: OfTeam, R>(
    c: &mut DbConn,
    id: i32,
    check: impl FnOnce(&mut DbConn, i32) -> Result<R, AppError>,
) -> Result<(T, R), AppError> {
    let row = T::find(c, id).map_err(not_found(T::WHAT))?;
    let allowed = check(c, row.team_id())?;
    Ok((row, allowed))
}

/// The team, or 404.
pub fn team(c: &mut DbConn, id: i32) -> Result<Team, AppError> {
    Team::find(c, id).map_err(not_found("team"))
}

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
