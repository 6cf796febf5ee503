//! Writing a cycle's worksheet: a new cycle's Plan, and edits part by part. A part opens when
//! the cycle reaches it (the Do once doing, the Study once studying, the Act once acting) and
//! stays editable after; a value for a part not yet open is refused, naming the field, unless
//! it is what is stored already (so a client may send back the whole record it read).

use super::sheet::{Part, Sheet};
use super::{Cycle, CycleDetail, measures};
use crate::db::DbConn;
use crate::db::schema::{cycle_questions, cycles};
use crate::domain::cycle::{self, CycleStatus, Decision};
use crate::domain::{Violation, Warning, validate};
use crate::error::AppError;
use chrono::NaiveDate;
use diesel::prelude::*;

/// Longest title.
const TITLE_MAX: usize = 200;
/// Longest free text of a worksheet field.
pub(super) const TEXT_MAX: usize = 5000;
/// Longest question.
const QUESTION_MAX: usize = 1000;

/// The Plan of a cycle (a new one, or an edited one as it will be saved).
#[derive(Debug, Clone, Default)]
pub struct PlanInput {
    /// Title.
    pub title: String,
    /// What the cycle sets out to learn.
    pub objective: String,
    /// Who.
    pub plan_who: String,
    /// What.
    pub plan_what: String,
    /// When.
    pub plan_when: String,
    /// Where.
    pub plan_where: String,
    /// First day.
    pub planned_start: NaiveDate,
    /// Last day.
    pub planned_end: NaiveDate,
    /// Questions with predictions (results empty for a new cycle).
    pub questions: Vec<QuestionInput>,
    /// Measures to collect.
    pub measure_ids: Vec<i32>,
}

/// A question of the Plan with its prediction and result.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuestionInput {
    /// What the team wants to find out.
    pub question: String,
    /// What it expects.
    pub prediction: String,
    /// What was found (the Study).
    pub result: String,
}

/// A question as an edit sends it: the result absent keeps the one stored at that position.
#[derive(Debug, Clone, Default)]
pub struct QuestionEdit {
    /// What the team wants to find out.
    pub question: String,
    /// What it expects.
    pub prediction: String,
    /// What was found; `None` keeps the stored result.
    pub result: Option<String>,
}

/// An edit of a cycle: `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct CycleEdit {
    /// Plan: title.
    pub title: Option<String>,
    /// Plan: objective.
    pub objective: Option<String>,
    /// Plan: who.
    pub plan_who: Option<String>,
    /// Plan: what.
    pub plan_what: Option<String>,
    /// Plan: when.
    pub plan_when: Option<String>,
    /// Plan: where.
    pub plan_where: Option<String>,
    /// Plan: first day.
    pub planned_start: Option<NaiveDate>,
    /// Plan: last day.
    pub planned_end: Option<NaiveDate>,
    /// Plan (and Study, for results): the questions, replacing the stored ones.
    pub questions: Option<Vec<QuestionEdit>>,
    /// Plan: the measures to collect, replacing the stored ones.
    pub measure_ids: Option<Vec<i32>>,
    /// Do: what happened.
    pub do_happened: Option<String>,
    /// Do: what did not go to plan.
    pub do_deviations: Option<String>,
    /// Study: what was learned.
    pub study_learned: Option<String>,
    /// Act: the decision (`Some(None)` clears it).
    pub act_decision: Option<Option<Decision>>,
    /// Act: why.
    pub act_reason: Option<String>,
    /// Act: the next cycle of the ramp (`Some(None)` unlinks it).
    pub next_cycle_id: Option<Option<i32>>,
}

impl PlanInput {
    /// Trimmed copies of the texts, as they are stored.
    fn tidied(&self) -> PlanInput {
        let t = |s: &str| s.trim().to_string();
        PlanInput {
            title: t(&self.title),
            objective: t(&self.objective),
            plan_who: t(&self.plan_who),
            plan_what: t(&self.plan_what),
            plan_when: t(&self.plan_when),
            plan_where: t(&self.plan_where),
            questions: self
                .questions
                .iter()
                .map(|q| QuestionInput {
                    question: t(&q.question),
                    prediction: t(&q.prediction),
                    result: t(&q.result),
                })
                .collect(),
            ..self.clone()
        }
    }

    /// Every problem of the Plan's own values, each naming its field: a title, texts within
    /// their length, the end not before the start, each question written.
    pub fn problems(&self) -> Vec<Violation> {
        let mut p: Vec<Violation> = validate::name("title", &self.title, TITLE_MAX)
            .err()
            .into_iter()
            .collect();
        for (field, value) in [
            ("objective", &self.objective),
            ("plan_who", &self.plan_who),
            ("plan_what", &self.plan_what),
            ("plan_when", &self.plan_when),
            ("plan_where", &self.plan_where),
        ] {
            p.extend(too_long(field, value, TEXT_MAX));
        }
        p.extend(cycle::check_plan_dates(self.planned_start, self.planned_end).err());
        for (i, q) in self.questions.iter().enumerate() {
            let field = |f: &str| format!("questions[{i}].{f}");
            p.extend(validate::required(&field("question"), &q.question, QUESTION_MAX).err());
            p.extend(too_long(&field("prediction"), &q.prediction, TEXT_MAX));
            p.extend(too_long(&field("result"), &q.result, TEXT_MAX));
        }
        p
    }
}

/// A violation when `value` is longer than `max` characters.
pub(super) fn too_long(field: &str, value: &str, max: usize) -> Option<Violation> {
    (value.chars().count() > max)
        .then(|| Violation::new(field, format!("must be at most {max} characters")))
}

/// 409 with the cycle as stored when `version` is not the stored one.
pub(super) fn check_version(cycle: &Cycle, version: i32) -> Result<(), AppError> {
    crate::models::versioned::check(cycle, cycle.version, version)
}

/// The answer of a cycle's conditional save: 409 with the cycle as the winner left it when
/// this save lost the race.
pub(super) fn saved(conn: &mut DbConn, id: i32, won: bool) -> Result<(), AppError> {
    crate::models::versioned::won(won, || Ok(Cycle::find(conn, id)?))
}

impl Cycle {
    /// Plans a new cycle of change idea `idea_id` (team `team_id`): every problem at once, the
    /// measures checked against what the team may use, no results before the Study; answers
    /// with its warnings.
    pub fn create(
        conn: &mut DbConn,
        team_id: i32,
        idea_id: i32,
        plan: &PlanInput,
    ) -> Result<(CycleDetail, Vec<Warning>), AppError> {
        let plan = plan.tidied();
        let mut problems = plan.problems();
        for (i, q) in plan.questions.iter().enumerate() {
            let field = format!("questions[{i}].result");
            let early = (!q.result.is_empty()).then_some(());
            problems.extend(early.and_then(|_| Part::Study.closed(CycleStatus::Planning, &field)));
        }
        problems.extend(measures::check_usable(
            conn,
            team_id,
            "measure_ids",
            &plan.measure_ids,
        )?);
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        conn.write_transaction(|conn| {
            let id = insert(conn, team_id, idea_id, &plan)?;
            add_questions(conn, id, &plan.questions)?;
            measures::add_to_cycle(conn, id, &plan.measure_ids)?;
            let detail = Cycle::detail(conn, id)?;
            Ok((detail.clone(), detail.warnings()))
        })
    }

    /// Saves an edit made from `version` (409 when stale): parts not yet open are refused,
    /// parts the status has passed must stay filled, and every problem is named at once.
    pub fn edit(
        conn: &mut DbConn,
        id: i32,
        version: i32,
        edit: &CycleEdit,
    ) -> Result<(CycleDetail, Vec<Warning>), AppError> {
        conn.write_transaction(|conn| {
            let current = Cycle::detail(conn, id)?;
            check_version(&current.cycle, version)?;
            let status = current.cycle.status()?;
            let mut sheet = Sheet::of(&current)?;
            let mut problems = sheet.apply(edit, status);
            problems.extend(sheet.problems(status));
            if let Some(ids) = &edit.measure_ids {
                let team = current.cycle.team_id;
                problems.extend(measures::check_usable(conn, team, "measure_ids", ids)?);
            }
            if edit.next_cycle_id.is_some() {
                problems.extend(check_next(conn, &current.cycle, sheet.next_cycle_id)?);
            }
            if !problems.is_empty() {
                return Err(AppError::Invalid(problems));
            }
            sheet.save(conn, &current.cycle, edit)?;
            let detail = Cycle::detail(conn, id)?;
            Ok((detail.clone(), detail.warnings()))
        })
    }
}

/// Adds a cycle row in planning; its id.
fn insert(conn: &mut DbConn, team_id: i32, idea_id: i32, plan: &PlanInput) -> QueryResult<i32> {
    let now = crate::models::now();
    crate::per_backend!(conn, |c| diesel::insert_into(cycles::table)
        .values((
            cycles::team_id.eq(team_id),
            cycles::change_idea_id.eq(idea_id),
            cycles::status.eq(CycleStatus::Planning.as_str()),
            cycles::title.eq(&plan.title),
            cycles::objective.eq(&plan.objective),
            cycles::plan_who.eq(&plan.plan_who),
            cycles::plan_what.eq(&plan.plan_what),
            cycles::plan_when.eq(&plan.plan_when),
            cycles::plan_where.eq(&plan.plan_where),
            cycles::planned_start.eq(plan.planned_start),
            cycles::planned_end.eq(plan.planned_end),
            cycles::created_at.eq(now),
            cycles::updated_at.eq(now),
        ))
        .returning(cycles::id)
        .get_result(c))
}

/// Replaces a cycle's questions (one delete, one insert).
pub(super) fn set_questions(
    conn: &mut DbConn,
    cycle_id: i32,
    questions: &[QuestionInput],
) -> QueryResult<()> {
    diesel::delete(cycle_questions::table.filter(cycle_questions::cycle_id.eq(cycle_id)))
        .execute(conn)?;
    add_questions(conn, cycle_id, questions)
}

/// Adds questions to a cycle that has none (one insert).
fn add_questions(conn: &mut DbConn, cycle_id: i32, questions: &[QuestionInput]) -> QueryResult<()> {
    let rows: Vec<_> = questions
        .iter()
        .zip(0..)
        .map(|(q, position): (&QuestionInput, i32)| {
            (
                cycle_questions::cycle_id.eq(cycle_id),
                cycle_questions::position.eq(position),
                cycle_questions::question.eq(q.question.clone()),
                cycle_questions::prediction.eq(q.prediction.clone()),
                cycle_questions::result.eq(q.result.clone()),
            )
        })
        .collect();
    if !rows.is_empty() {
        crate::per_backend!(conn, |c| diesel::insert_into(cycle_questions::table)
            .values(&rows)
            .execute(c))?;
    }
    Ok(())
}

/// The next cycle named by an edit: another cycle of the same change idea.
fn check_next(
    conn: &mut DbConn,
    cycle: &Cycle,
    next: Option<i32>,
) -> Result<Option<Violation>, AppError> {
    let Some(next) = next else { return Ok(None) };
    let found = Cycle::find(conn, next).optional()?;
    let problem = match found {
        None => Some("is not a cycle"),
        Some(n) if n.id == cycle.id => Some("cannot be the cycle itself"),
        Some(n) if n.change_idea_id != cycle.change_idea_id => {
            Some("must be a cycle of the same change idea")
        }
        Some(_) => None,
    };
    Ok(problem.map(|m| Violation::new("next_cycle_id", m)))
}
