//! Answering one's own RSVP, shared by the convening page and the API so the rule of who may
//! answer, and until when, has one home.

use super::actor::Actor;
use crate::db::DbConn;
use crate::domain::attendance::{AttendanceStatus, check_rsvp_open, check_self_rsvp};
use crate::error::AppError;
use crate::models::collective::Collective;
use crate::models::convening::{Attendance, Convening};
use crate::models::team::Team;

/// Records `actor`'s own answer: attending or not attending, before the day has passed, for
/// someone on the list, on a team that year (added to the list), or on the facilitation team.
pub fn answer(
    c: &mut DbConn,
    actor: &Actor,
    convening: &Convening,
    status: AttendanceStatus,
) -> Result<(), AppError> {
    may_answer(c, actor, convening)?;
    check_self_rsvp(status)?;
    let today = Collective::get(c)?.today();
    check_rsvp_open(convening.date, today)?;
    Ok(Attendance::set(c, convening.id, actor.person.id, status)?)
}

/// On the list already, on a team in the convening's year, or on the facilitation team (who
/// run every convening and are invited to each).
pub fn may_answer(c: &mut DbConn, actor: &Actor, convening: &Convening) -> Result<(), AppError> {
    if actor.is_staff() || Attendance::status_of(c, convening.id, actor.person.id)?.is_some() {
        return Ok(());
    }
    let teams = Team::of_year(c, convening.program_year_id)?;
    if teams.iter().any(|t| actor.on_team(t.team.id)) {
        return Ok(());
    }
    Err(AppError::Forbidden(
        "you are not invited to this convening".into(),
    ))
}
