//! API: a team's improvement work — its aim, its driver diagram (primary and secondary drivers,
//! change ideas), the PDSA cycles that test each change idea, and coaching comments.
//!
//! Who: the permission table (`domain::permissions`, asked through `web::policy`): the team's
//! leads and teachers and directors write; students and the facilitation team read and comment;
//! members of other teams read (never comment) while the collective shares cycles. Every
//! handler checks this before it reads a body.

pub mod aim;
pub mod comments;
pub mod diagram;
pub mod ideas;
pub mod read;
pub mod write;

use crate::domain::Warning;
use crate::domain::cycle;
use crate::error::AppError;
use crate::models::cycle::{CycleDetail, MeasureRef, Question};
use crate::route;
use crate::web::routes::RouteDef;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::OpenApi;

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(GET "/api/v1/teams/{id}/aim" => aim::show),
        route!(PUT "/api/v1/teams/{id}/aim" => aim::save),
        route!(GET "/api/v1/teams/{id}/driver-diagram" => diagram::show),
        route!(POST "/api/v1/teams/{id}/drivers" => diagram::create),
        route!(PUT "/api/v1/drivers/{id}" => diagram::update),
        route!(DELETE "/api/v1/drivers/{id}" => diagram::delete),
        route!(GET "/api/v1/teams/{id}/change-ideas" => ideas::list),
        route!(POST "/api/v1/teams/{id}/change-ideas" => ideas::create),
        route!(GET "/api/v1/change-ideas/{id}" => ideas::show),
        route!(PUT "/api/v1/change-ideas/{id}" => ideas::update),
        route!(GET "/api/v1/change-ideas/{id}/cycles" => read::ramp),
        route!(POST "/api/v1/change-ideas/{id}/cycles" => write::create),
        route!(GET "/api/v1/teams/{id}/cycles" => read::of_team),
        route!(GET "/api/v1/cycles/{id}" => read::show),
        route!(PUT "/api/v1/cycles/{id}" => write::update),
        route!(POST "/api/v1/cycles/{id}/status" => write::move_to),
        route!(POST "/api/v1/cycles/{id}/next" => write::next),
        route!(GET "/api/v1/cycles/{id}/comments" => comments::list),
        route!(POST "/api/v1/cycles/{id}/comments" => comments::add),
    ]
}

/// This area's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(
        aim::show, aim::save, diagram::show, diagram::create, diagram::update, diagram::delete,
        ideas::list, ideas::create, ideas::show, ideas::update,
        read::ramp, write::create, read::of_team, read::show, write::update, write::move_to, write::next,
        comments::list, comments::add
    ),
    components(schemas(
        aim::AimOut, aim::AimBody, diagram::Diagram, diagram::PrimaryNode, diagram::SecondaryNode,
        diagram::DriverBody, diagram::DriverEditBody, crate::models::driver::Driver, crate::models::driver::ChangeIdea,
        ideas::ChangeIdeaOut, ideas::NewChangeIdeaBody, ideas::ChangeIdeaBody, CycleOut, Question, MeasureRef,
        write::QuestionBody, write::NewCycleBody, write::CycleEditBody, write::StatusBody, write::NextBody,
        crate::models::cycle::CommentRow, comments::CommentBody
    )),
    tags((name = "cycles", description = "Aims, driver diagrams, change ideas, PDSA cycles and comments"))
)]
pub struct Doc;

pub use crate::web::policy::{readable, writable};

/// A cycle as the API shows it: the worksheet flat (Plan, Do, Study, Act fields), instants in
/// UTC, the moves open to it, and the soft rules its plan breaks.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CycleOut {
    /// Id.
    pub id: i32,
    /// The team.
    pub team_id: i32,
    /// The change idea tested.
    pub change_idea_id: i32,
    /// Title.
    pub title: String,
    /// planning | doing | studying | acting | closed.
    #[schema(example = "planning")]
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
    pub planned_start: NaiveDate,
    /// Plan: last day.
    pub planned_end: NaiveDate,
    /// Plan and Study: questions, predictions and results, in order.
    pub questions: Vec<Question>,
    /// Plan: the measures to collect.
    pub measures: Vec<MeasureRef>,
    /// Do: what happened.
    pub do_happened: String,
    /// Do: what did not go to plan.
    pub do_deviations: String,
    /// Study: what was learned.
    pub study_learned: String,
    /// Act: adopt | adapt | abandon, or null.
    #[schema(example = "adapt")]
    pub act_decision: Option<String>,
    /// Act: why.
    pub act_reason: String,
    /// Act: the next cycle of the ramp.
    pub next_cycle_id: Option<i32>,
    /// Send it back with an edit or a move; a stale one is refused with 409.
    pub version: i32,
    /// Created, UTC.
    #[serde(serialize_with = "crate::domain::instant::serialize")]
    pub created_at: DateTime<Utc>,
    /// Last saved, UTC.
    #[serde(serialize_with = "crate::domain::instant::serialize")]
    pub updated_at: DateTime<Utc>,
    /// Statuses it may move to now (forward first).
    pub next_moves: Vec<String>,
    /// Soft rules its plan breaks (longer than six weeks).
    #[schema(value_type = Vec<String>)]
    pub warnings: Vec<Warning>,
}

impl CycleOut {
    /// The API shape of a cycle with its parts.
    pub fn new(d: CycleDetail) -> Result<CycleOut, AppError> {
        let next_moves = cycle::next_moves(d.cycle.status()?)
            .into_iter()
            .map(|s| s.as_str().to_string())
            .collect();
        let warnings = d.warnings();
        let c = d.cycle;
        Ok(CycleOut {
            id: c.id,
            team_id: c.team_id,
            change_idea_id: c.change_idea_id,
            title: c.title,
            status: c.status,
            objective: c.objective,
            plan_who: c.plan_who,
            plan_what: c.plan_what,
            plan_when: c.plan_when,
            plan_where: c.plan_where,
            planned_start: c.planned_start,
            planned_end: c.planned_end,
            questions: d.questions,
            measures: d.measures,
            do_happened: c.do_happened,
            do_deviations: c.do_deviations,
            study_learned: c.study_learned,
            act_decision: c.act_decision,
            act_reason: c.act_reason,
            next_cycle_id: c.next_cycle_id,
            version: c.version,
            created_at: c.created_at.and_utc(),
            updated_at: c.updated_at.and_utc(),
            next_moves,
            warnings,
        })
    }
}
