//! Moving a cycle along planning → doing → studying → acting → closed (or one step back), and
//! starting the next cycle of a ramp. The rules are the domain's; a move never changes the
//! change idea's stage — that is the team's decision, recorded in the cycle.

use super::write::{PlanInput, QuestionInput, check_version, saved};
use super::{Cycle, CycleDetail};
use crate::db::DbConn;
use crate::db::schema::cycles;
use crate::domain::cycle::{self, CycleStatus, Decision};
use crate::domain::{Violation, Warning};
use crate::error::AppError;
use chrono::{NaiveDate, TimeDelta};
use diesel::prelude::*;

/// What the caller may set on the next cycle of a ramp; the rest follows the cycle it comes from.
#[derive(Debug, Clone, Default)]
pub struct NextInput {
    /// Title; "<title> (cycle N)" when absent.
    pub title: Option<String>,
    /// First day; the day after the previous cycle's planned end when absent.
    pub planned_start: Option<NaiveDate>,
    /// Last day; as long a cycle as the previous one when absent.
    pub planned_end: Option<NaiveDate>,
}

impl Cycle {
    /// Moves the cycle to `to` from `version` (409 when stale), when the domain allows the move
    /// and the part it needs is filled (422 naming every missing field).
    pub fn move_to(
        conn: &mut DbConn,
        id: i32,
        version: i32,
        to: CycleStatus,
    ) -> Result<(CycleDetail, Vec<Warning>), AppError> {
        conn.write_transaction(|conn| {
            let current = Cycle::detail(conn, id)?;
            check_version(&current.cycle, version)?;
            cycle::check_move(current.cycle.status()?, to, &current.parts()?)
                .map_err(AppError::Invalid)?;
            let changes = (
                cycles::status.eq(to.as_str()),
                cycles::updated_at.eq(crate::models::now()),
            );
            let won = crate::update_versioned!(conn, cycles, id, version, changes)?;
            saved(conn, id, won)?;
            let detail = Cycle::detail(conn, id)?;
            Ok((detail.clone(), detail.warnings()))
        })
    }

    /// Starts the next cycle of the ramp from an acting or closed cycle whose decision is adopt
    /// or adapt: a new planning cycle of the same change idea, with the plan's who/what/when/
    /// where, measures and questions (predictions left to write), linked as `next_cycle_id`.
    pub fn start_next(
        conn: &mut DbConn,
        id: i32,
        version: i32,
        next: &NextInput,
    ) -> Result<(CycleDetail, Vec<Warning>), AppError> {
        conn.write_transaction(|conn| {
            let from = Cycle::detail(conn, id)?;
            check_version(&from.cycle, version)?;
            let problems = can_follow(&from.cycle)?;
            if !problems.is_empty() {
                return Err(AppError::Invalid(problems));
            }
            let ramp_length: i64 = cycles::table
                .filter(cycles::change_idea_id.eq(from.cycle.change_idea_id))
                .count()
                .get_result(conn)?;
            let plan = next_plan(&from, next, ramp_length + 1);
            let c = &from.cycle;
            let (detail, warnings) = Cycle::create(conn, c.team_id, c.change_idea_id, &plan)?;
            let changes = (
                cycles::next_cycle_id.eq(detail.cycle.id),
                cycles::updated_at.eq(crate::models::now()),
            );
            let won = crate::update_versioned!(conn, cycles, id, version, changes)?;
            saved(conn, id, won)?;
            Ok((detail, warnings))
        })
    }
}

/// Why `cycle` cannot be followed yet, every reason at once.
fn can_follow(cycle: &Cycle) -> Result<Vec<Violation>, AppError> {
    let mut problems = Vec::new();
    if !matches!(cycle.status()?, CycleStatus::Acting | CycleStatus::Closed) {
        problems.push(Violation::new(
            "status",
            format!(
                "is {}: the next cycle starts from a cycle that is acting or closed",
                cycle.status
            ),
        ));
    }
    if !matches!(cycle.decision()?, Some(Decision::Adopt | Decision::Adapt)) {
        problems.push(Violation::new(
            "act_decision",
            "must be adopt or adapt to start a next cycle",
        ));
    }
    if let Some(next) = cycle.next_cycle_id {
        problems.push(Violation::new(
            "next_cycle_id",
            format!("is set already: cycle {next} follows this one"),
        ));
    }
    Ok(problems)
}

/// The next cycle's Plan: the caller's title and dates, or the defaults.
fn next_plan(from: &CycleDetail, next: &NextInput, number: i64) -> PlanInput {
    let c = &from.cycle;
    let start = next
        .planned_start
        .unwrap_or(c.planned_end + TimeDelta::days(1));
    let end = next
        .planned_end
        .unwrap_or(start + (c.planned_end - c.planned_start));
    let title = match next.title.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => format!("{} (cycle {number})", base_title(&c.title)),
    };
    PlanInput {
        title,
        objective: c.objective.clone(),
        plan_who: c.plan_who.clone(),
        plan_what: c.plan_what.clone(),
        plan_when: c.plan_when.clone(),
        plan_where: c.plan_where.clone(),
        planned_start: start,
        planned_end: end,
        questions: from
            .questions
            .iter()
            .map(|q| QuestionInput {
                question: q.question.clone(),
                ..Default::default()
            })
            .collect(),
        measure_ids: from.measures.iter().map(|m| m.id).collect(),
    }
}

/// A title without its " (cycle N)" ending, so ramps do not stack them.
fn base_title(title: &str) -> &str {
    let Some(open) = title.rfind(" (cycle ") else {
        return title;
    };
    let tail = &title[open + " (cycle ".len()..];
    match tail.strip_suffix(')') {
        Some(n) if !n.is_empty() && n.chars().all(|ch| ch.is_ascii_digit()) => &title[..open],
        _ => title,
    }
}

#[cfg(test)]
mod tests {
    use super::base_title;

    #[test]
    fn ramp_titles_do_not_stack_their_numbers() {
        assert_eq!(base_title("Turn and talk (cycle 2)"), "Turn and talk");
        assert_eq!(base_title("Turn and talk"), "Turn and talk");
        assert_eq!(base_title("Exit (cycle x)"), "Exit (cycle x)");
    }
}
