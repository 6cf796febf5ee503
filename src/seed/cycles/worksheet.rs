//! The demo's cycles: each planned from its step of the idea's ramp, then moved along through
//! the cycle rules — filling the Do, the Study and the Act as a team would — until it reaches
//! its status. A new cycle that follows an adopted or adapted one of the same idea is linked as
//! that one's next cycle, chaining the ramp.

use crate::db::DbConn;
use crate::domain::cycle::{CycleStatus, Decision};
use crate::error::AppError;
use crate::models::cycle::{Cycle, CycleDetail, CycleEdit, PlanInput, QuestionEdit, QuestionInput};
use crate::models::driver::ChangeIdea;
use crate::seed::evidence::TeamYear;
use crate::seed::evidence::data::{CycleUse, StepSeed};
use crate::seed::skip_refused;
use chrono::NaiveDate;
use std::collections::HashMap;

/// The team's cycles of the year (natural key change idea × title), created and moved to their
/// status when missing; each with its place in the year's plan.
pub fn ensure_cycles(
    conn: &mut DbConn,
    ty: &TeamYear,
    ideas: &HashMap<String, ChangeIdea>,
) -> Result<Vec<(usize, Cycle)>, AppError> {
    let stored = Cycle::page_of_team(conn, ty.team.id, None, None, i64::MAX)?;
    let mut out: Vec<(usize, Cycle)> = Vec::new();
    for (i, c) in ty.plan.cycles.iter().enumerate() {
        let Some(idea) = ideas.get(&c.idea) else {
            continue;
        };
        let step = ty.ev.step(c)?.1;
        let found = stored
            .iter()
            .find(|s| s.change_idea_id == idea.id && s.title == step.title);
        if let Some(found) = found {
            out.push((i, found.clone()));
            continue;
        }
        let Some(made) = skip_refused(create(conn, ty, idea, c, step), "cycle")? else {
            continue;
        };
        link_previous(conn, ty, &mut out, i, &made)?;
        out.push((i, made));
    }
    Ok(out)
}

/// Plans the cycle, then moves it to its status, filling each part on the way.
fn create(
    conn: &mut DbConn,
    ty: &TeamYear,
    idea: &ChangeIdea,
    c: &CycleUse,
    step: &StepSeed,
) -> Result<Cycle, AppError> {
    let (detail, _warnings) = Cycle::create(conn, ty.team.id, idea.id, &plan(ty, c, step)?)?;
    advance(conn, detail, c.status, step)
}

/// Moves a planned cycle along to `status` through the cycle rules, filling each part from the
/// step on the way, as a team would. Shared with `pdsa generate`.
pub fn advance(
    conn: &mut DbConn,
    mut detail: CycleDetail,
    status: CycleStatus,
    step: &StepSeed,
) -> Result<Cycle, AppError> {
    for to in &CycleStatus::ALL[1..] {
        if rank(*to) > rank(status) {
            break;
        }
        detail = fill(conn, detail, *to, step)?;
        detail = Cycle::move_to(conn, detail.cycle.id, detail.cycle.version, *to)?.0;
    }
    Ok(detail.cycle)
}

/// The step's Plan for this team, on the cycle's dates, naming the classrooms taking part.
fn plan(ty: &TeamYear, c: &CycleUse, step: &StepSeed) -> Result<PlanInput, AppError> {
    let (planned_start, planned_end) = ty
        .span(c)
        .ok_or_else(|| AppError::Internal("demo cycle dates out of range".into()))?;
    let rooms: Vec<&str> = ty
        .rooms(step.rooms)
        .iter()
        .map(|r| r.label.as_str())
        .collect();
    let measure_ids = ty.measure_ids(&step.measures);
    Ok(step_plan(
        step,
        &rooms,
        measure_ids,
        (planned_start, planned_end),
    ))
}

/// A step's Plan on the given dates, naming the classrooms taking part, its predictions made
/// and no results yet. Shared with `pdsa generate`.
pub fn step_plan(
    step: &StepSeed,
    rooms: &[&str],
    measure_ids: Vec<i32>,
    (planned_start, planned_end): (NaiveDate, NaiveDate),
) -> PlanInput {
    PlanInput {
        title: step.title.clone(),
        objective: step.objective.clone(),
        plan_who: step.who.replace("{rooms}", &rooms.join(", ")),
        plan_what: step.what.clone(),
        plan_when: step.when.clone(),
        plan_where: step.place.clone(),
        planned_start,
        planned_end,
        questions: step
            .questions
            .iter()
            .map(|q| QuestionInput {
                question: q.question.clone(),
                prediction: q.prediction.clone(),
                result: String::new(),
            })
            .collect(),
        measure_ids,
    }
}

/// A status's place in planning → doing → studying → acting → closed.
fn rank(status: CycleStatus) -> usize {
    CycleStatus::ALL
        .iter()
        .position(|s| *s == status)
        .unwrap_or_default()
}

/// Fills the part the cycle needs before it moves to `to`: the Do before studying, the Study
/// (each question's result and what was learned) before acting, the Act before closing.
fn fill(
    conn: &mut DbConn,
    detail: CycleDetail,
    to: CycleStatus,
    step: &StepSeed,
) -> Result<CycleDetail, AppError> {
    let edit = match to {
        CycleStatus::Studying => CycleEdit {
            do_happened: Some(step.happened.clone()),
            do_deviations: Some(step.deviations.clone()),
            ..CycleEdit::default()
        },
        CycleStatus::Acting => CycleEdit {
            questions: Some(
                step.questions
                    .iter()
                    .map(|q| QuestionEdit {
                        question: q.question.clone(),
                        prediction: q.prediction.clone(),
                        result: Some(q.result.clone()),
                    })
                    .collect(),
            ),
            study_learned: Some(step.learned.clone()),
            ..CycleEdit::default()
        },
        CycleStatus::Closed => CycleEdit {
            act_decision: Some(Some(step.decision)),
            act_reason: Some(step.reason.clone()),
            ..CycleEdit::default()
        },
        CycleStatus::Planning | CycleStatus::Doing => return Ok(detail),
    };
    Ok(Cycle::edit(conn, detail.cycle.id, detail.cycle.version, &edit)?.0)
}

/// Links the latest earlier cycle of the same idea in the year's plan to `made`, when it was
/// adopted or adapted and is followed by nothing yet.
fn link_previous(
    conn: &mut DbConn,
    ty: &TeamYear,
    out: &mut [(usize, Cycle)],
    i: usize,
    made: &Cycle,
) -> Result<(), AppError> {
    let idea = &ty.plan.cycles[i].idea;
    let Some((_, before)) = out
        .iter_mut()
        .rev()
        .find(|(j, _)| &ty.plan.cycles[*j].idea == idea)
    else {
        return Ok(());
    };
    let followed = matches!(before.decision()?, Some(Decision::Adopt | Decision::Adapt));
    if !followed || before.next_cycle_id.is_some() {
        return Ok(());
    }
    let edit = CycleEdit {
        next_cycle_id: Some(Some(made.id)),
        ..CycleEdit::default()
    };
    let linked = Cycle::edit(conn, before.id, before.version, &edit);
    if let Some((detail, _)) = skip_refused(linked, "ramp link")? {
        *before = detail.cycle;
    }
    Ok(())
}
