//! A district leaving a program year, and coming back. The membership stays (its fee and
//! payments are the year's accounts); what changes is who is invited: the district's team no
//! longer hears of the year's convenings, its tune-ups and meetings still to come are cancelled
//! (with notices, like any cancellation), and the outbox and attendance lists follow at once.
//! Rejoining invites the team again; meetings cancelled by the leaving stay cancelled.

use crate::db::DbConn;
use crate::db::schema::{meetings, memberships, team_members, teams};
use crate::domain::audit::EntityKind;
use crate::error::AppError;
use crate::models::audit::{self, AuditActor, Change};
use crate::models::meeting::Meeting;
use crate::models::outbox::reconcile;
use crate::models::year::Membership;
use chrono::NaiveDateTime;
use diesel::prelude::*;

impl Membership {
    /// Marks the district as having left the year at `now`, cancels its meetings to come and
    /// reconciles its team; returns the membership and how many meetings were cancelled.
    /// Leaving twice changes nothing more.
    pub fn withdraw(
        conn: &mut DbConn,
        by: &AuditActor,
        id: i32,
        now: NaiveDateTime,
    ) -> Result<(Membership, usize), AppError> {
        conn.write_transaction(|c| {
            let before = Membership::find(c, id)?;
            if before.withdrawn_at.is_some() {
                return Ok((before, 0));
            }
            set_withdrawn(c, id, Some(now))?;
            let mut cancelled = 0;
            for m in meetings_to_come(c, &before, now)? {
                Meeting::cancel(c, by, m.id, m.version, now)?;
                cancelled += 1;
            }
            finish(c, by, &before, now).map(|after| (after, cancelled))
        })
    }

    /// Undoes a withdrawal: the district's team is invited to the year's convenings again.
    pub fn rejoin(
        conn: &mut DbConn,
        by: &AuditActor,
        id: i32,
        now: NaiveDateTime,
    ) -> Result<Membership, AppError> {
        conn.write_transaction(|c| {
            let before = Membership::find(c, id)?;
            if before.withdrawn_at.is_none() {
                return Ok(before);
            }
            set_withdrawn(c, id, None)?;
            finish(c, by, &before, now)
        })
    }
}

fn set_withdrawn(c: &mut DbConn, id: i32, at: Option<NaiveDateTime>) -> QueryResult<usize> {
    diesel::update(memberships::table.find(id))
        .set(memberships::withdrawn_at.eq(at))
        .execute(c)
}

/// The district's meetings of the year not cancelled and not begun.
fn meetings_to_come(
    c: &mut DbConn,
    m: &Membership,
    now: NaiveDateTime,
) -> QueryResult<Vec<Meeting>> {
    meetings::table
        .filter(meetings::district_id.eq(m.district_id))
        .filter(meetings::program_year_id.eq(m.program_year_id))
        .filter(meetings::cancelled_at.is_null())
        .filter(meetings::starts_at.gt(now))
        .select(Meeting::as_select())
        .load(c)
}

/// Reconciles the district's team of the year and logs the change; the membership after it.
fn finish(
    c: &mut DbConn,
    by: &AuditActor,
    before: &Membership,
    now: NaiveDateTime,
) -> Result<Membership, AppError> {
    let people: Vec<i32> = team_members::table
        .inner_join(teams::table)
        .filter(teams::district_id.eq(before.district_id))
        .filter(teams::program_year_id.eq(before.program_year_id))
        .select(team_members::person_id)
        .load(c)?;
    reconcile::people(c, &people, now)?;
    let after = Membership::find(c, before.id)?;
    let summary = after.describe(c)?;
    audit::record(
        c,
        by,
        Change::updated(EntityKind::Membership, after.id, summary, before, &after),
    )?;
    Ok(after)
}
