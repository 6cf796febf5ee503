//! Who comes to a convening: invitations, answers, and who came.

use super::Convening;
use crate::db::DbConn;
use crate::db::schema::{attendances, people};
use crate::domain::attendance::AttendanceStatus;
use diesel::prelude::*;
use serde::Serialize;

/// One person's attendance line with their name.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AttendanceLine {
    /// Person.
    pub person_id: i32,
    /// Name.
    pub person_name: String,
    /// invited | attending | not_attending | attended | absent.
    pub status: String,
}

/// Attendance at a convening.
pub struct Attendance;

impl Attendance {
    /// Everyone with an attendance line, by name.
    pub fn of_convening(conn: &mut DbConn, convening_id: i32) -> QueryResult<Vec<AttendanceLine>> {
        Ok(attendances::table
            .inner_join(people::table)
            .filter(attendances::convening_id.eq(convening_id))
            .order(people::name)
            .select((attendances::person_id, people::name, attendances::status))
            .load::<(i32, String, String)>(conn)?
            .into_iter()
            .map(|(person_id, person_name, status)| AttendanceLine {
                person_id,
                person_name,
                status,
            })
            .collect())
    }

    /// Whether the convening's list has been started (a director invited everyone expected, or
    /// someone answered): only then does a newcomer to the roster get a line on it.
    pub fn has_list(conn: &mut DbConn, convening_id: i32) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            attendances::table.filter(attendances::convening_id.eq(convening_id)),
        ))
        .get_result(conn)
    }

    /// One person's status, if they are on the list.
    pub fn status_of(
        conn: &mut DbConn,
        convening_id: i32,
        person_id: i32,
    ) -> QueryResult<Option<String>> {
        attendances::table
            .filter(attendances::convening_id.eq(convening_id))
            .filter(attendances::person_id.eq(person_id))
            .select(attendances::status)
            .first(conn)
            .optional()
    }

    /// One person's answers for a year's convenings, in one query: (convening id, status).
    pub fn of_person_in_year(
        conn: &mut DbConn,
        person_id: i32,
        year_id: i32,
    ) -> QueryResult<Vec<(i32, String)>> {
        use crate::db::schema::convenings;
        attendances::table
            .inner_join(convenings::table)
            .filter(attendances::person_id.eq(person_id))
            .filter(convenings::program_year_id.eq(year_id))
            .select((attendances::convening_id, attendances::status))
            .load(conn)
    }

    /// Sets a person's status (insert or update by convening × person).
    pub fn set(
        conn: &mut DbConn,
        convening_id: i32,
        person_id: i32,
        status: AttendanceStatus,
    ) -> QueryResult<()> {
        crate::per_backend!(conn, |c| diesel::insert_into(attendances::table)
            .values(line(convening_id, person_id, status))
            .on_conflict((attendances::convening_id, attendances::person_id))
            .do_update()
            .set((
                attendances::status.eq(status.as_str()),
                attendances::updated_at.eq(crate::models::now())
            ))
            .execute(c))
        .map(|_| ())
    }

    /// Invites a person unless they already have a line (their answer is kept).
    pub fn invite(conn: &mut DbConn, convening_id: i32, person_id: i32) -> QueryResult<()> {
        Attendance::ensure(conn, convening_id, person_id, AttendanceStatus::Invited)
    }

    /// Invites everyone expected at a convening — every team member of its year, every
    /// facilitator and every director — keeping answers already given; returns the list's size.
    pub fn invite_expected(conn: &mut DbConn, convening_id: i32) -> QueryResult<usize> {
        conn.write_transaction(|c| {
            let cv = Convening::find(c, convening_id)?;
            Attendance::invite_all(c, &cv)
        })
    }

    /// [`Attendance::invite_expected`] inside the caller's transaction.
    pub fn invite_all(conn: &mut DbConn, cv: &Convening) -> QueryResult<usize> {
        let ids = crate::models::outbox::recipients::of_convening(conn, cv)?;
        ids.iter()
            .try_for_each(|p| Attendance::invite(conn, cv.id, *p))?;
        Ok(ids.len())
    }

    /// Puts a person on the list with `status` unless they have a line already (natural key
    /// convening × person): a seed run never overwrites an answer someone gave since.
    pub fn ensure(
        conn: &mut DbConn,
        convening_id: i32,
        person_id: i32,
        status: AttendanceStatus,
    ) -> QueryResult<()> {
        crate::per_backend!(conn, |c| diesel::insert_into(attendances::table)
            .values(line(convening_id, person_id, status))
            .on_conflict((attendances::convening_id, attendances::person_id))
            .do_nothing()
            .execute(c))
        .map(|_| ())
    }
}

/// The columns of an attendance line as inserted.
type Line = (
    diesel::dsl::Eq<attendances::convening_id, i32>,
    diesel::dsl::Eq<attendances::person_id, i32>,
    diesel::dsl::Eq<attendances::status, &'static str>,
    diesel::dsl::Eq<attendances::updated_at, chrono::NaiveDateTime>,
);

/// A person's line on a convening's list, with `status`, stamped now.
fn line(convening_id: i32, person_id: i32, status: AttendanceStatus) -> Line {
    (
        attendances::convening_id.eq(convening_id),
        attendances::person_id.eq(person_id),
        attendances::status.eq(status.as_str()),
        attendances::updated_at.eq(crate::models::now()),
    )
}
