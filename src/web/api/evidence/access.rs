//! Who may see and change a team's evidence. The team's members and directors change it; the
//! facilitation team reads it all; members of other teams read it only while the collective
//! shares cycles, and then de-identified: a classroom is its label (and school), never its
//! teacher, and an observation carries neither its observer nor its note.

use crate::db::DbConn;
use crate::error::AppError;
use crate::models::collective::Collective;
use crate::models::measure::Measure;
use crate::web::actor::Actor;
use crate::web::api::access::{self, OfTeam};

/// How much of a team's evidence the caller may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Everything: the team itself and the facilitation team.
    Full,
    /// Without the people: members of other teams, while sharing is on.
    DeIdentified,
}

pub use crate::web::api::access::team;

/// Row `id` of a team's evidence (the team itself, a classroom) and how much of it the caller
/// may see (404, 403 otherwise).
pub fn readable<T: OfTeam>(c: &mut DbConn, actor: &Actor, id: i32) -> Result<(T, View), AppError> {
    access::owned(c, id, |c, team| read_team(c, actor, team))
}

/// Row `id` of a team's evidence, when the caller may change that team's evidence.
pub fn writable<T: OfTeam>(c: &mut DbConn, actor: &Actor, id: i32) -> Result<T, AppError> {
    access::owned(c, id, |_, team| write_team(actor, team)).map(|(row, ())| row)
}

/// Reading a team's measures, classrooms and observations: what the caller sees, or 403 for
/// another team's member while the collective does not share.
pub fn read_team(c: &mut DbConn, actor: &Actor, team_id: i32) -> Result<View, AppError> {
    if actor.is_staff() || actor.on_team(team_id) {
        Ok(View::Full)
    } else if Collective::get(c)?.share_cycles {
        Ok(View::DeIdentified)
    } else {
        Err(AppError::Forbidden(
            "the collective does not share evidence between teams; you can read your own team's only"
                .into(),
        ))
    }
}

/// Changing a team's own measures, classrooms and observations: its members, and directors.
pub fn write_team(actor: &Actor, team_id: i32) -> Result<(), AppError> {
    if actor.is_director() || actor.on_team(team_id) {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "only the team's members (and directors) change its classrooms, measures and observations"
                .into(),
        ))
    }
}

/// Reading a measure: a shared one is for everyone signed in, a team's own for those who may
/// read that team's evidence.
pub fn read_measure(c: &mut DbConn, actor: &Actor, m: &Measure) -> Result<(), AppError> {
    match m.team_id {
        None => Ok(()),
        Some(team_id) => read_team(c, actor, team_id).map(|_| ()),
    }
}

/// Changing a measure: a shared one is the directors', a team's own its members' too.
pub fn write_measure(actor: &Actor, m: &Measure) -> Result<(), AppError> {
    match m.team_id {
        None => actor.require_director(),
        Some(team_id) => write_team(actor, team_id),
    }
}
