//! Which measures a team may watch in a cycle or aim at: its own, and the ones shared with every
//! team of its program year. Read straight from the `measures` table, so cycles do not depend on
//! how measures are edited.

use crate::db::DbConn;
use crate::db::schema::{cycle_measures, measures};
use crate::domain::Violation;
use crate::domain::measure::{MeasureKind, Scale};
use crate::error::AppError;
use crate::models::team::Team;
use diesel::prelude::*;
use serde::Serialize;

/// A measure as a cycle names it.
#[derive(Debug, Clone, PartialEq, Queryable, Serialize, utoipa::ToSchema)]
pub struct MeasureRef {
    /// Id.
    pub id: i32,
    /// Name.
    pub name: String,
}

/// A measure usable by `team` (its own, or shared in its year) with its scale, or `None`.
pub fn usable_scale(
    conn: &mut DbConn,
    team: &Team,
    measure_id: i32,
) -> Result<Option<Scale>, AppError> {
    let row: Option<(String, Option<i32>, Option<i32>)> = measures::table
        .filter(measures::id.eq(measure_id))
        .filter(usable_by(team.id, team.program_year_id))
        .select((measures::kind, measures::scale_min, measures::scale_max))
        .first(conn)
        .optional()?;
    let Some((kind, min, max)) = row else {
        return Ok(None);
    };
    let kind: MeasureKind = kind
        .parse()
        .map_err(|e| AppError::Internal(format!("measure {measure_id}: {e}")))?;
    Ok(Some(Scale { kind, min, max }))
}

/// The measures of `team`'s year shared by every team, or its own.
#[diesel::dsl::auto_type]
fn usable_by(team_id: i32, year_id: i32) -> _ {
    measures::team_id.eq(team_id).or(measures::team_id
        .is_null()
        .and(measures::program_year_id.eq(year_id)))
}

/// Every id of `ids` that team `team_id` may not use (or lists twice), as a violation on
/// `field[i]`; no query when there are none.
pub fn check_usable(
    conn: &mut DbConn,
    team_id: i32,
    field: &str,
    ids: &[i32],
) -> Result<Vec<Violation>, AppError> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let team = Team::find(conn, team_id)?;
    let found: Vec<i32> = measures::table
        .filter(measures::id.eq_any(ids.to_vec()))
        .filter(usable_by(team.id, team.program_year_id))
        .select(measures::id)
        .load(conn)?;
    let mut problems = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        if !found.contains(id) {
            problems.push(Violation::new(
                format!("{field}[{i}]"),
                format!("measure {id} is not a measure this team can use"),
            ));
        } else if ids[..i].contains(id) {
            problems.push(Violation::new(format!("{field}[{i}]"), "is listed twice"));
        }
    }
    Ok(problems)
}

/// The measures each of `cycle_ids` watches, in one query: (cycle id, measure).
pub fn of_cycles(conn: &mut DbConn, cycle_ids: &[i32]) -> QueryResult<Vec<(i32, MeasureRef)>> {
    let rows: Vec<(i32, i32, String)> = cycle_measures::table
        .inner_join(measures::table)
        .filter(cycle_measures::cycle_id.eq_any(cycle_ids.to_vec()))
        .order((cycle_measures::cycle_id, measures::name, measures::id))
        .select((cycle_measures::cycle_id, measures::id, measures::name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(c, id, name)| (c, MeasureRef { id, name }))
        .collect())
}

/// Replaces the measures a cycle watches.
pub fn set_for_cycle(conn: &mut DbConn, cycle_id: i32, ids: &[i32]) -> QueryResult<()> {
    diesel::delete(cycle_measures::table.filter(cycle_measures::cycle_id.eq(cycle_id)))
        .execute(conn)?;
    add_to_cycle(conn, cycle_id, ids)
}

/// Adds measures to a cycle that watches none yet (one insert).
pub fn add_to_cycle(conn: &mut DbConn, cycle_id: i32, ids: &[i32]) -> QueryResult<()> {
    let rows: Vec<_> = ids
        .iter()
        .map(|m| {
            (
                cycle_measures::cycle_id.eq(cycle_id),
                cycle_measures::measure_id.eq(*m),
            )
        })
        .collect();
    if !rows.is_empty() {
        crate::per_backend!(conn, |c| diesel::insert_into(cycle_measures::table)
            .values(&rows)
            .execute(c))?;
    }
    Ok(())
}
