//! The permission table (`domain::permissions`) asked for a signed-in caller, below both the
//! pages and the API so that they ask the same question the same way: find the row of a team's
//! work (404 when it names nothing), then let the table decide on its team (403, with a message
//! naming who may not do what). The collective's sharing setting is read only when a cell
//! depends on it.

use crate::db::DbConn;
use crate::domain::permissions::{self, Decision, Standing};
use crate::error::AppError;
use crate::models::classroom::Classroom;
use crate::models::collective::Collective;
use crate::models::cycle::Cycle;
use crate::models::driver::{ChangeIdea, Driver};
use crate::models::measure::Measure;
use crate::models::not_found;
use crate::models::observation::Observation;
use crate::models::team::Team;
use crate::web::actor::Actor;
use diesel::QueryResult;

pub use crate::domain::permissions::{Action, Resource};

/// How much of a team's classrooms, observations and comments the caller may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Everything, with the people in it named.
    Full,
    /// Without the people: students of the team, and members of other teams while sharing is on.
    DeIdentified,
}

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

/// Where the caller stands towards the team.
pub fn standings(actor: &Actor, team_id: i32) -> Vec<Standing> {
    Standing::of(actor.role, actor.team_role(team_id))
}

/// Whether the table lets the caller do `action` to the team's `resource`; `own` says whether
/// the row at hand was recorded by the caller.
pub fn may(
    c: &mut DbConn,
    actor: &Actor,
    team_id: i32,
    (resource, action): (Resource, Action),
    own: bool,
) -> Result<bool, AppError> {
    match permissions::decide(&standings(actor, team_id), resource, action, own) {
        Decision::Allowed => Ok(true),
        Decision::IfShared => Ok(Collective::get(c)?.share_cycles),
        Decision::Refused => Ok(false),
    }
}

/// 403 unless the table lets the caller do `action` to the team's `resource`.
pub fn require(
    c: &mut DbConn,
    actor: &Actor,
    team_id: i32,
    what: (Resource, Action),
) -> Result<(), AppError> {
    require_own(c, actor, team_id, what, false)
}

/// [`require`] for a row that `own` says the caller recorded (or not).
pub fn require_own(
    c: &mut DbConn,
    actor: &Actor,
    team_id: i32,
    what: (Resource, Action),
    own: bool,
) -> Result<(), AppError> {
    if may(c, actor, team_id, what, own)? {
        Ok(())
    } else {
        Err(refusal(actor, team_id, what))
    }
}

/// The 403's message: who may not do what, and why when it is the sharing setting or the
/// recorder rule.
fn refusal(actor: &Actor, team_id: i32, (resource, action): (Resource, Action)) -> AppError {
    let all = standings(actor, team_id);
    let noun = resource.noun();
    let message = match permissions::decide(&all, resource, action, true) {
        Decision::IfShared => {
            "the collective does not share teams' work between teams; you can read your own team's only"
                .to_string()
        }
        Decision::Allowed => format!(
            "you may {verb} only {noun} you recorded; the team's leads {verb} the others",
            verb = action.label()
        ),
        Decision::Refused => {
            let who = all.last().map_or("you".into(), |s| s.who());
            format!("{who} may not {} {noun}", action.label())
        }
    };
    AppError::Forbidden(message)
}

/// Reading the team's `resource`: how much of it the caller sees (the people named, or not),
/// or 403.
pub fn view(
    c: &mut DbConn,
    actor: &Actor,
    team_id: i32,
    resource: Resource,
) -> Result<View, AppError> {
    require(c, actor, team_id, (resource, Action::Read))?;
    if may(c, actor, team_id, (resource, Action::SeeNames), false)? {
        Ok(View::Full)
    } else {
        Ok(View::DeIdentified)
    }
}

/// Row `id` of a team's work, when the caller may read that team's `resource` (404, 403).
pub fn readable<T: OfTeam>(
    c: &mut DbConn,
    actor: &Actor,
    id: i32,
    resource: Resource,
) -> Result<T, AppError> {
    owned(c, id, |c, team| {
        require(c, actor, team, (resource, Action::Read))
    })
    .map(|(row, ())| row)
}

/// Row `id` of a team's work and how much of the team's `resource` the caller sees (404, 403).
pub fn viewable<T: OfTeam>(
    c: &mut DbConn,
    actor: &Actor,
    id: i32,
    resource: Resource,
) -> Result<(T, View), AppError> {
    owned(c, id, |c, team| view(c, actor, team, resource))
}

/// Row `id` of a team's work, when the caller may do `what` to that team's resource (404, 403).
pub fn writable<T: OfTeam>(
    c: &mut DbConn,
    actor: &Actor,
    id: i32,
    what: (Resource, Action),
) -> Result<T, AppError> {
    owned(c, id, |c, team| require(c, actor, team, what)).map(|(row, ())| row)
}

/// Observation `id`'s team (404 when there is none), when the caller may do `action` to it:
/// whether they recorded it decides the table's "own" cells.
pub fn observation(
    c: &mut DbConn,
    actor: &Actor,
    id: i32,
    action: Action,
) -> Result<i32, AppError> {
    let row = Observation::row(c, id).map_err(not_found("observation"))?;
    let own = row.observation.observer_person_id == Some(actor.person.id);
    require_own(c, actor, row.team_id, (Resource::Observations, action), own)?;
    Ok(row.team_id)
}

/// Whether a page should offer the form for `what`, from the table alone (a cell that depends
/// on sharing counts as refused): only writes are offered, and every write is checked again by
/// its handler.
pub fn shows(actor: &Actor, team_id: i32, what: (Resource, Action)) -> bool {
    shows_own(actor, team_id, what, false)
}

/// [`shows`] for a row that `own` says the caller recorded (or not).
pub fn shows_own(
    actor: &Actor,
    team_id: i32,
    (resource, action): (Resource, Action),
    own: bool,
) -> bool {
    let all = standings(actor, team_id);
    permissions::decide(&all, resource, action, own) == Decision::Allowed
}

/// Reading a measure: a shared one is for everyone signed in, a team's own for those who may
/// read that team's measures.
pub fn read_measure(c: &mut DbConn, actor: &Actor, m: &Measure) -> Result<(), AppError> {
    match m.team_id {
        None => Ok(()),
        Some(team_id) => require(c, actor, team_id, (Resource::Measures, Action::Read)),
    }
}

/// Changing a measure: a shared one is the directors', a team's own for those the table lets
/// change the team's measures.
pub fn write_measure(c: &mut DbConn, actor: &Actor, m: &Measure) -> Result<(), AppError> {
    match m.team_id {
        None => actor.require_director(),
        Some(team_id) => require(c, actor, team_id, (Resource::Measures, Action::Edit)),
    }
}

/// 403 unless the table lets the caller do `what` to the team's resource, for cells that never
/// depend on the sharing setting or on who recorded a row (the roster's): answered before any
/// lookup, so a refused caller learns nothing about the team.
pub fn require_role(actor: &Actor, team_id: i32, what: (Resource, Action)) -> Result<(), AppError> {
    if shows(actor, team_id, what) {
        Ok(())
    } else {
        Err(refusal(actor, team_id, what))
    }
}
