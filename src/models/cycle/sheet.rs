//! The worksheet as an edit leaves it: what is stored, merged with what the edit sends, part by
//! part. A part opens when the cycle reaches it and stays open after; the merged sheet is what
//! the rules check and what is saved.

use super::write::{CycleEdit, PlanInput, QuestionInput, TEXT_MAX, set_questions, too_long};
use super::{Cycle, CycleDetail, measures};
use crate::db::DbConn;
use crate::db::schema::cycles;
use crate::domain::Violation;
use crate::domain::cycle::{self, CycleStatus, Decision};
use crate::error::AppError;
use diesel::prelude::*;

/// The parts of a worksheet, in the order a cycle reaches them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    /// Do.
    Do,
    /// Study.
    Study,
    /// Act.
    Act,
}

impl Part {
    /// The status that opens the part, and the part's name.
    fn opened_by(self) -> (CycleStatus, &'static str) {
        match self {
            Part::Do => (CycleStatus::Doing, "the Do"),
            Part::Study => (CycleStatus::Studying, "the Study"),
            Part::Act => (CycleStatus::Acting, "the Act"),
        }
    }

    /// A violation on `field` when the cycle has not reached this part yet.
    pub(super) fn closed(self, status: CycleStatus, field: &str) -> Option<Violation> {
        let (opens, name) = self.opened_by();
        (rank(status) < rank(opens)).then(|| {
            Violation::new(
                field,
                format!(
                    "is part of {name}; it can be filled once the cycle is {} (it is {})",
                    opens.as_str(),
                    status.as_str()
                ),
            )
        })
    }
}

/// A status's place in planning → doing → studying → acting → closed.
fn rank(status: CycleStatus) -> usize {
    CycleStatus::ALL
        .iter()
        .position(|s| *s == status)
        .unwrap_or_default()
}

/// A cycle's editable values, merged from what is stored and what an edit sends.
pub(super) struct Sheet {
    pub(super) plan: PlanInput,
    do_happened: String,
    do_deviations: String,
    study_learned: String,
    act_decision: Option<Decision>,
    act_reason: String,
    pub(super) next_cycle_id: Option<i32>,
}

impl Sheet {
    /// The stored worksheet.
    pub(super) fn of(d: &CycleDetail) -> Result<Sheet, AppError> {
        let c = &d.cycle;
        let plan = PlanInput {
            title: c.title.clone(),
            objective: c.objective.clone(),
            plan_who: c.plan_who.clone(),
            plan_what: c.plan_what.clone(),
            plan_when: c.plan_when.clone(),
            plan_where: c.plan_where.clone(),
            planned_start: c.planned_start,
            planned_end: c.planned_end,
            questions: d
                .questions
                .iter()
                .map(|q| QuestionInput {
                    question: q.question.clone(),
                    prediction: q.prediction.clone(),
                    result: q.result.clone(),
                })
                .collect(),
            measure_ids: d.measures.iter().map(|m| m.id).collect(),
        };
        Ok(Sheet {
            plan,
            do_happened: c.do_happened.clone(),
            do_deviations: c.do_deviations.clone(),
            study_learned: c.study_learned.clone(),
            act_decision: c.decision()?,
            act_reason: c.act_reason.clone(),
            next_cycle_id: c.next_cycle_id,
        })
    }

    /// Takes the edit's values; those of parts not yet open (and changed) come back refused.
    pub(super) fn apply(&mut self, e: &CycleEdit, status: CycleStatus) -> Vec<Violation> {
        let p = &mut self.plan;
        for (slot, value) in [
            (&mut p.title, &e.title),
            (&mut p.objective, &e.objective),
            (&mut p.plan_who, &e.plan_who),
            (&mut p.plan_what, &e.plan_what),
            (&mut p.plan_when, &e.plan_when),
            (&mut p.plan_where, &e.plan_where),
        ] {
            if let Some(v) = value {
                *slot = v.trim().to_string();
            }
        }
        p.planned_start = e.planned_start.unwrap_or(p.planned_start);
        p.planned_end = e.planned_end.unwrap_or(p.planned_end);
        if let Some(ids) = &e.measure_ids {
            p.measure_ids = ids.clone();
        }
        let mut refused = self.apply_questions(e, status);
        let texts = [
            (
                Part::Do,
                "do_happened",
                &mut self.do_happened,
                &e.do_happened,
            ),
            (
                Part::Do,
                "do_deviations",
                &mut self.do_deviations,
                &e.do_deviations,
            ),
            (
                Part::Study,
                "study_learned",
                &mut self.study_learned,
                &e.study_learned,
            ),
            (Part::Act, "act_reason", &mut self.act_reason, &e.act_reason),
        ];
        for (part, field, slot, value) in texts {
            refused.extend(put(
                slot,
                value.as_deref().map(str::trim),
                part,
                field,
                status,
            ));
        }
        refused.extend(put(
            &mut self.act_decision,
            e.act_decision,
            Part::Act,
            "act_decision",
            status,
        ));
        refused.extend(put(
            &mut self.next_cycle_id,
            e.next_cycle_id,
            Part::Act,
            "next_cycle_id",
            status,
        ));
        refused
    }

    /// The edit's questions; a result changed before the Study opens is refused and kept.
    fn apply_questions(&mut self, e: &CycleEdit, status: CycleStatus) -> Vec<Violation> {
        let Some(edited) = &e.questions else {
            return vec![];
        };
        let mut refused = Vec::new();
        let stored = std::mem::take(&mut self.plan.questions);
        for (i, q) in edited.iter().enumerate() {
            let mut result = stored.get(i).map(|s| s.result.clone()).unwrap_or_default();
            let field = format!("questions[{i}].result");
            let sent = q.result.as_deref().map(str::trim);
            refused.extend(put(
                &mut result,
                sent.map(str::to_string),
                Part::Study,
                &field,
                status,
            ));
            self.plan.questions.push(QuestionInput {
                question: q.question.trim().to_string(),
                prediction: q.prediction.trim().to_string(),
                result,
            });
        }
        refused
    }

    /// Hard rules of the merged sheet: the Plan's values, text lengths, and every part the
    /// status has passed still filled (a studying cycle keeps its Do).
    pub(super) fn problems(&self, status: CycleStatus) -> Vec<Violation> {
        let mut p = self.plan.problems();
        for (field, value) in [
            ("do_happened", &self.do_happened),
            ("do_deviations", &self.do_deviations),
            ("study_learned", &self.study_learned),
            ("act_reason", &self.act_reason),
        ] {
            p.extend(too_long(field, value, TEXT_MAX));
        }
        let parts = self.parts();
        for passed in CycleStatus::ALL.iter().take(rank(status) + 1) {
            p.extend(
                cycle::check_parts_for(*passed, &parts)
                    .err()
                    .unwrap_or_default(),
            );
        }
        p
    }

    /// What the transition rules look at.
    fn parts(&self) -> cycle::CycleParts {
        cycle::CycleParts {
            objective: self.plan.objective.clone(),
            questions: self
                .plan
                .questions
                .iter()
                .map(|q| cycle::QuestionParts {
                    question: q.question.clone(),
                    prediction: q.prediction.clone(),
                    result: q.result.clone(),
                })
                .collect(),
            do_happened: self.do_happened.clone(),
            study_learned: self.study_learned.clone(),
            decision: self.act_decision,
            act_reason: self.act_reason.clone(),
        }
    }

    /// Writes the sheet over `cycle` as read (one conditional statement that bumps its
    /// version; 409 when another save came first).
    pub(super) fn save(
        &self,
        conn: &mut DbConn,
        cycle: &Cycle,
        e: &CycleEdit,
    ) -> Result<(), AppError> {
        let p = &self.plan;
        let changes = (
            (
                cycles::title.eq(&p.title),
                cycles::objective.eq(&p.objective),
                cycles::plan_who.eq(&p.plan_who),
                cycles::plan_what.eq(&p.plan_what),
                cycles::plan_when.eq(&p.plan_when),
                cycles::plan_where.eq(&p.plan_where),
                cycles::planned_start.eq(p.planned_start),
                cycles::planned_end.eq(p.planned_end),
            ),
            (
                cycles::do_happened.eq(&self.do_happened),
                cycles::do_deviations.eq(&self.do_deviations),
                cycles::study_learned.eq(&self.study_learned),
                cycles::act_decision.eq(self.act_decision.map(|d| d.as_str())),
                cycles::act_reason.eq(&self.act_reason),
                cycles::next_cycle_id.eq(self.next_cycle_id),
                cycles::updated_at.eq(crate::models::now()),
            ),
        );
        let won = crate::update_versioned!(conn, cycles, cycle.id, cycle.version, changes)?;
        super::write::saved(conn, cycle.id, won)?;
        if e.questions.is_some() {
            set_questions(conn, cycle.id, &p.questions)?;
        }
        if e.measure_ids.is_some() {
            measures::set_for_cycle(conn, cycle.id, &p.measure_ids)?;
        }
        Ok(())
    }
}

/// Puts `value` into `slot` when it changes it; refused (slot kept) when `part` is not open.
fn put<T: PartialEq>(
    slot: &mut T,
    value: Option<impl Into<T>>,
    part: Part,
    field: &str,
    status: CycleStatus,
) -> Option<Violation> {
    let value: T = value?.into();
    if value == *slot {
        return None;
    }
    if let Some(refused) = part.closed(status, field) {
        return Some(refused);
    }
    *slot = value;
    None
}
