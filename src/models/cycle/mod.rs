//! PDSA cycles: one test of one change idea, written up as a worksheet (Plan, Do, Study, Act)
//! with its questions and predictions and the measures it watches. Cycles of a change idea chain
//! into a ramp through `next_cycle_id`. Writing them is in `write` (the worksheet) and `moves`
//! (status and the next cycle of the ramp); coaching comments are in `comment`.

mod comment;
pub mod measures;
mod moves;
mod sheet;
mod write;

pub use comment::CommentRow;
pub use measures::MeasureRef;
pub use moves::NextInput;
pub use write::{CycleEdit, PlanInput, QuestionEdit, QuestionInput};

use crate::db::DbConn;
use crate::db::fast_time::{FastDate, FastInstant};
use crate::db::schema::{cycle_questions, cycles};
use crate::domain::Warning;
use crate::domain::cycle::{self, CycleParts, CycleStatus, Decision, QuestionParts};
use crate::error::AppError;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

/// A cycle's row: the worksheet's fields as stored (status and decision as their snake values).
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize)]
#[diesel(table_name = cycles)]
pub struct Cycle {
    /// Id.
    pub id: i32,
    /// The team running it (the change idea's team).
    pub team_id: i32,
    /// The change idea it tests.
    pub change_idea_id: i32,
    /// Title.
    pub title: String,
    /// planning | doing | studying | acting | closed.
    pub status: String,
    /// Plan: what the cycle sets out to learn.
    pub objective: String,
    /// Plan: who.
    pub plan_who: String,
    /// Plan: what.
    pub plan_what: String,
    /// Plan: when.
    pub plan_when: String,
    /// Plan: where.
    pub plan_where: String,
    /// Plan: first day.
    #[diesel(deserialize_as = FastDate)]
    pub planned_start: NaiveDate,
    /// Plan: last day.
    #[diesel(deserialize_as = FastDate)]
    pub planned_end: NaiveDate,
    /// Do: what happened.
    pub do_happened: String,
    /// Do: what did not go to plan.
    pub do_deviations: String,
    /// Study: what was learned.
    pub study_learned: String,
    /// Act: adopt | adapt | abandon.
    pub act_decision: Option<String>,
    /// Act: why.
    pub act_reason: String,
    /// Act: the cycle that follows on the ramp.
    pub next_cycle_id: Option<i32>,
    /// Optimistic-lock version.
    pub version: i32,
    /// Created, UTC.
    #[diesel(deserialize_as = FastInstant)]
    #[serde(serialize_with = "crate::domain::instant::serialize")]
    pub created_at: NaiveDateTime,
    /// Last saved, UTC.
    #[diesel(deserialize_as = FastInstant)]
    #[serde(serialize_with = "crate::domain::instant::serialize")]
    pub updated_at: NaiveDateTime,
}

/// One question of the Plan, with its prediction and (from the Study) its result.
#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = cycle_questions)]
pub struct Question {
    /// Id.
    pub id: i32,
    /// The cycle.
    #[serde(skip)]
    pub cycle_id: i32,
    /// Order within the cycle, from 0.
    pub position: i32,
    /// What the team wants to find out.
    pub question: String,
    /// What the team expects, written before the test.
    pub prediction: String,
    /// What was found (the Study).
    pub result: String,
}

/// A cycle with its questions and measures.
#[derive(Debug, Clone)]
pub struct CycleDetail {
    /// The row.
    pub cycle: Cycle,
    /// Questions in order.
    pub questions: Vec<Question>,
    /// Measures watched, by name.
    pub measures: Vec<MeasureRef>,
}

/// How far a change idea's cycles have come: how many, and the latest decision taken.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IdeaStats {
    /// Cycles testing the idea.
    pub cycle_count: i64,
    /// The decision of its latest decided cycle (by planned start).
    pub latest_decision: Option<Decision>,
}

impl Cycle {
    /// One cycle.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Cycle> {
        cycles::table
            .find(id)
            .select(Cycle::as_select())
            .first(conn)
    }

    /// Its status; a value the schema's CHECK would refuse is an internal error.
    pub fn status(&self) -> Result<CycleStatus, AppError> {
        self.status
            .parse()
            .map_err(|e| AppError::Internal(format!("cycle {} status: {e}", self.id)))
    }

    /// Its decision, if taken.
    pub fn decision(&self) -> Result<Option<Decision>, AppError> {
        self.act_decision
            .as_deref()
            .map(str::parse)
            .transpose()
            .map_err(|e| AppError::Internal(format!("cycle {} decision: {e}", self.id)))
    }

    /// A page of a change idea's ramp, in ramp order (planned start, then id), after the cycle
    /// `after`: one query, two when paging on (the cursor's start date).
    pub fn page_of_idea(
        conn: &mut DbConn,
        idea_id: i32,
        after: Option<i32>,
        limit: i64,
    ) -> Result<Vec<Cycle>, AppError> {
        let mut q = cycles::table
            .filter(cycles::change_idea_id.eq(idea_id))
            .order((cycles::planned_start, cycles::id))
            .limit(limit)
            .select(Cycle::as_select())
            .into_boxed();
        if let Some(after) = after {
            let start: NaiveDate = cycles::table
                .find(after)
                .filter(cycles::change_idea_id.eq(idea_id))
                .select(cycles::planned_start)
                .first(conn)
                .optional()?
                .ok_or_else(|| AppError::invalid("after", "is not a cycle of this change idea"))?;
            let later = cycles::planned_start.gt(start);
            q = q.filter(later.or(cycles::planned_start.eq(start).and(cycles::id.gt(after))));
        }
        Ok(q.load(conn)?)
    }

    /// A page of a team's cycles in id order, optionally in one status (one query).
    pub fn page_of_team(
        conn: &mut DbConn,
        team_id: i32,
        status: Option<CycleStatus>,
        after: Option<i32>,
        limit: i64,
    ) -> QueryResult<Vec<Cycle>> {
        let mut q = cycles::table
            .filter(cycles::team_id.eq(team_id))
            .filter(cycles::id.gt(after.unwrap_or(i32::MIN)))
            .order(cycles::id)
            .limit(limit)
            .select(Cycle::as_select())
            .into_boxed();
        if let Some(s) = status {
            q = q.filter(cycles::status.eq(s.as_str()));
        }
        q.load(conn)
    }

    /// The cycles with their questions and measures: two queries whatever their number.
    pub fn with_parts(conn: &mut DbConn, list: Vec<Cycle>) -> QueryResult<Vec<CycleDetail>> {
        let ids: Vec<i32> = list.iter().map(|c| c.id).collect();
        let mut questions: HashMap<i32, Vec<Question>> = HashMap::new();
        for q in questions_of(conn, &ids)? {
            questions.entry(q.cycle_id).or_default().push(q);
        }
        let mut watched: HashMap<i32, Vec<MeasureRef>> = HashMap::new();
        for (cycle_id, m) in measures::of_cycles(conn, &ids)? {
            watched.entry(cycle_id).or_default().push(m);
        }
        Ok(list
            .into_iter()
            .map(|cycle| CycleDetail {
                questions: questions.remove(&cycle.id).unwrap_or_default(),
                measures: watched.remove(&cycle.id).unwrap_or_default(),
                cycle,
            })
            .collect())
    }

    /// One cycle with its questions and measures (three queries).
    pub fn detail(conn: &mut DbConn, id: i32) -> QueryResult<CycleDetail> {
        let cycle = Cycle::find(conn, id)?;
        let mut list = Cycle::with_parts(conn, vec![cycle])?;
        list.pop().ok_or(diesel::result::Error::NotFound)
    }

    /// Cycle count and latest decision of each change idea in `idea_ids` (two queries).
    pub fn stats_by_idea(
        conn: &mut DbConn,
        idea_ids: &[i32],
    ) -> Result<HashMap<i32, IdeaStats>, AppError> {
        let counts: Vec<(i32, i64)> = cycles::table
            .filter(cycles::change_idea_id.eq_any(idea_ids.to_vec()))
            .group_by(cycles::change_idea_id)
            .select((cycles::change_idea_id, diesel::dsl::count_star()))
            .load(conn)?;
        let decided: Vec<(i32, Option<String>)> = cycles::table
            .filter(cycles::change_idea_id.eq_any(idea_ids.to_vec()))
            .filter(cycles::act_decision.is_not_null())
            .order((cycles::planned_start, cycles::id))
            .select((cycles::change_idea_id, cycles::act_decision))
            .load(conn)?;
        let mut stats: HashMap<i32, IdeaStats> = HashMap::new();
        for (idea, n) in counts {
            stats.entry(idea).or_default().cycle_count = n;
        }
        for (idea, decision) in decided {
            let parsed = decision.as_deref().map(str::parse).transpose();
            stats.entry(idea).or_default().latest_decision =
                parsed.map_err(|e: String| AppError::Internal(format!("decision: {e}")))?;
        }
        Ok(stats)
    }
}

/// The questions of the cycles `ids`, in cycle and position order (one query).
fn questions_of(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<Question>> {
    cycle_questions::table
        .filter(cycle_questions::cycle_id.eq_any(ids.to_vec()))
        .order((cycle_questions::cycle_id, cycle_questions::position))
        .select(Question::as_select())
        .load(conn)
}

impl CycleDetail {
    /// What the transition rules look at.
    pub fn parts(&self) -> Result<CycleParts, AppError> {
        Ok(CycleParts {
            objective: self.cycle.objective.clone(),
            questions: self
                .questions
                .iter()
                .map(|q| QuestionParts {
                    question: q.question.clone(),
                    prediction: q.prediction.clone(),
                    result: q.result.clone(),
                })
                .collect(),
            do_happened: self.cycle.do_happened.clone(),
            study_learned: self.cycle.study_learned.clone(),
            decision: self.cycle.decision()?,
            act_reason: self.cycle.act_reason.clone(),
        })
    }

    /// The soft rules its plan breaks ("small and rapid").
    pub fn warnings(&self) -> Vec<Warning> {
        cycle::cycle_warnings(self.cycle.planned_start, self.cycle.planned_end)
    }
}

impl Cycle {
    /// All of a team's cycles in planned start order (then id), in one query: the marks on a
    /// chart's time axis and the periods of a chart by cycle.
    pub fn all_of_team(conn: &mut DbConn, team_id: i32) -> QueryResult<Vec<Cycle>> {
        cycles::table
            .filter(cycles::team_id.eq(team_id))
            .order((cycles::planned_start, cycles::id))
            .select(Cycle::as_select())
            .load(conn)
    }
}
