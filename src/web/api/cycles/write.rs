//! API: writing cycles — planning a new one, editing the worksheet part by part, moving it on
//! (or one step back), and starting the next cycle of a ramp. Every write after the first sends
//! the `version` read; a stale one gets 409 with the cycle as it stands under `current`.

use super::{CycleOut, writable};
use crate::db::DbConn;
use crate::domain::Warning;
use crate::domain::cycle::{CycleStatus, Decision};
use crate::error::AppError;
use crate::models::cycle::{
    Cycle, CycleDetail, CycleEdit, NextInput, PlanInput, QuestionEdit, QuestionInput,
};
use crate::models::driver::ChangeIdea;
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::api::access::or_conflict;
use crate::web::form::{self, FieldErrors};
use crate::web::policy::{Action, Resource};
use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};

/// A question as sent: the prediction is written with the Plan, the result in the Study.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct QuestionBody {
    /// What the team wants to find out.
    pub question: String,
    /// What it predicts.
    #[serde(default)]
    pub prediction: Option<String>,
    /// What was found (once studying); absent keeps the stored result at this position.
    #[serde(default)]
    pub result: Option<String>,
}

/// `POST /api/v1/change-ideas/{id}/cycles` body: the Plan of a new cycle.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewCycleBody {
    /// Title.
    pub title: String,
    /// What the cycle sets out to learn.
    #[serde(default)]
    pub objective: Option<String>,
    /// Who.
    #[serde(default)]
    pub plan_who: Option<String>,
    /// What.
    #[serde(default)]
    pub plan_what: Option<String>,
    /// When.
    #[serde(default)]
    pub plan_when: Option<String>,
    /// Where.
    #[serde(default)]
    pub plan_where: Option<String>,
    /// First day, `YYYY-MM-DD`.
    #[schema(example = "2026-11-02")]
    pub planned_start: String,
    /// Last day, `YYYY-MM-DD`; a plan over six weeks warns.
    #[schema(example = "2026-11-20")]
    pub planned_end: String,
    /// Questions with predictions.
    #[serde(default)]
    pub questions: Vec<QuestionBody>,
    /// Measures to collect (the team's own or the year's shared ones).
    #[serde(default)]
    pub measure_ids: Vec<i32>,
}

/// `PUT /api/v1/cycles/{id}` body: absent fields stay as they are. Fields of a part the cycle
/// has not reached are refused unless unchanged; passed parts must stay filled.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct CycleEditBody {
    /// The `version` read.
    pub version: i32,
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
    /// Plan: first day, `YYYY-MM-DD`.
    pub planned_start: Option<String>,
    /// Plan: last day, `YYYY-MM-DD`.
    pub planned_end: Option<String>,
    /// Plan and Study: the questions, replacing the stored ones.
    pub questions: Option<Vec<QuestionBody>>,
    /// Plan: the measures to collect, replacing the stored ones.
    pub measure_ids: Option<Vec<i32>>,
    /// Do: what happened.
    pub do_happened: Option<String>,
    /// Do: what did not go to plan.
    pub do_deviations: Option<String>,
    /// Study: what was learned.
    pub study_learned: Option<String>,
    /// Act: adopt | adapt | abandon; null clears it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, example = "adapt")]
    pub act_decision: Option<Option<String>>,
    /// Act: why.
    pub act_reason: Option<String>,
    /// Act: the next cycle (of the same change idea); null unlinks it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i32>)]
    pub next_cycle_id: Option<Option<i32>>,
}

/// `POST /api/v1/cycles/{id}/status` body (documented as `CycleStatusBody`: the attendance
/// body is a `StatusBody` too, and one name in the merged document would stand for both).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[schema(as = CycleStatusBody)]
pub struct StatusBody {
    /// planning | doing | studying | acting | closed: one step on, or one step back.
    #[schema(example = "doing")]
    pub to: String,
    /// The `version` read.
    pub version: i32,
}

/// `POST /api/v1/cycles/{id}/next` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NextBody {
    /// The `version` of the cycle it follows.
    pub version: i32,
    /// Title; "<title> (cycle N)" when absent.
    #[serde(default)]
    pub title: Option<String>,
    /// First day; the day after the previous cycle's planned end when absent.
    #[serde(default)]
    pub planned_start: Option<String>,
    /// Last day; as long as the previous cycle when absent.
    #[serde(default)]
    pub planned_end: Option<String>,
}

/// Tells a field sent as `null` (`Some(None)`) from one left out (`None`).
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// An optional `YYYY-MM-DD`.
fn date(errors: &mut FieldErrors, field: &str, value: Option<&str>) -> Option<NaiveDate> {
    value.and_then(|v| errors.take(form::date(field, v)))
}

impl NewCycleBody {
    fn plan(self) -> Result<PlanInput, AppError> {
        let mut errors = FieldErrors::default();
        let start = date(&mut errors, "planned_start", Some(&self.planned_start));
        let end = date(&mut errors, "planned_end", Some(&self.planned_end));
        form::finish(errors)?;
        let text = |v: Option<String>| v.unwrap_or_default();
        Ok(PlanInput {
            title: self.title,
            objective: text(self.objective),
            plan_who: text(self.plan_who),
            plan_what: text(self.plan_what),
            plan_when: text(self.plan_when),
            plan_where: text(self.plan_where),
            planned_start: start.unwrap_or_default(),
            planned_end: end.unwrap_or_default(),
            questions: self
                .questions
                .into_iter()
                .map(|q| QuestionInput {
                    question: q.question,
                    prediction: q.prediction.unwrap_or_default(),
                    result: q.result.unwrap_or_default(),
                })
                .collect(),
            measure_ids: self.measure_ids,
        })
    }
}

impl CycleEditBody {
    fn edit(self) -> Result<CycleEdit, AppError> {
        let mut errors = FieldErrors::default();
        let planned_start = date(&mut errors, "planned_start", self.planned_start.as_deref());
        let planned_end = date(&mut errors, "planned_end", self.planned_end.as_deref());
        let act_decision = match self.act_decision.as_ref() {
            None => None,
            Some(None) => Some(None),
            Some(Some(d)) => errors
                .take(form::choice::<Decision>("act_decision", d))
                .map(Some),
        };
        form::finish(errors)?;
        Ok(CycleEdit {
            title: self.title,
            objective: self.objective,
            plan_who: self.plan_who,
            plan_what: self.plan_what,
            plan_when: self.plan_when,
            plan_where: self.plan_where,
            planned_start,
            planned_end,
            questions: self.questions.map(|qs| {
                qs.into_iter()
                    .map(|q| QuestionEdit {
                        question: q.question,
                        prediction: q.prediction.unwrap_or_default(),
                        result: q.result,
                    })
                    .collect()
            }),
            measure_ids: self.measure_ids,
            do_happened: self.do_happened,
            do_deviations: self.do_deviations,
            study_learned: self.study_learned,
            act_decision,
            act_reason: self.act_reason,
            next_cycle_id: self.next_cycle_id,
        })
    }
}

/// A saved cycle in the API's shape; a conflict on cycle `id` carries it as it stands.
fn saved(
    c: &mut DbConn,
    id: i32,
    result: Result<(CycleDetail, Vec<Warning>), AppError>,
) -> Result<CycleOut, AppError> {
    let (detail, _) = or_conflict(c, result, |c| CycleOut::new(Cycle::detail(c, id)?))?;
    CycleOut::new(detail)
}

/// Plans a new cycle of a change idea (the team's members, directors); it starts in planning.
#[utoipa::path(post, path = "/api/v1/change-ideas/{id}/cycles", operation_id = "create_cycle", tag = "cycles", security(("bearer" = [])),
    params(("id" = i32, Path, description = "change idea id")), request_body = NewCycleBody,
    responses((status = 201, body = CycleOut), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not on the team"), (status = 404),
              (status = 422, description = "blank title or question, bad or reversed dates, a measure the team cannot use, a result before the Study")))]
pub async fn create(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let out = state
        .db(move |c| {
            let idea: ChangeIdea = writable(c, &actor, id, (Resource::Cycles, Action::Create))?;
            let body: NewCycleBody = form::json(&body)?;
            let plan = body.plan()?;
            let (detail, _) = Cycle::create(c, idea.team_id, idea.id, &plan)?;
            CycleOut::new(detail)
        })
        .await?;
    Ok(HttpResponse::Created().json(out))
}

/// Edits the worksheet from the version read: the current part and earlier ones.
#[utoipa::path(put, path = "/api/v1/cycles/{id}", operation_id = "update_cycle", tag = "cycles", security(("bearer" = [])),
    params(("id" = i32, Path, description = "cycle id")), request_body = CycleEditBody,
    responses((status = 200, body = CycleOut), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not on the team"), (status = 404),
              (status = 409, description = "changed since it was read; `current` holds it now"),
              (status = 422, description = "a field of a later part, a passed part emptied, or a bad value")))]
pub async fn update(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let out = state
        .db(move |c| {
            writable::<Cycle>(c, &actor, id, (Resource::Cycles, Action::Edit))?;
            let body: CycleEditBody = form::json(&body)?;
            let version = body.version;
            let edit = body.edit()?;
            let result = Cycle::edit(c, id, version, &edit);
            saved(c, id, result)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// Moves a cycle one step on (or back), when the part it needs is filled.
#[utoipa::path(post, path = "/api/v1/cycles/{id}/status", operation_id = "move_cycle", tag = "cycles", security(("bearer" = [])),
    params(("id" = i32, Path, description = "cycle id")), request_body = StatusBody,
    responses((status = 200, body = CycleOut), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not on the team"), (status = 404),
              (status = 409, description = "changed since it was read; `current` holds it now"),
              (status = 422, description = "a move that is not allowed (field `status`), or each missing field of the part it needs")))]
pub async fn move_to(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let out = state
        .db(move |c| {
            writable::<Cycle>(c, &actor, id, (Resource::Cycles, Action::Edit))?;
            let body: StatusBody = form::json(&body)?;
            let to: CycleStatus = form::choice("to", &body.to)?;
            let result = Cycle::move_to(c, id, body.version, to);
            saved(c, id, result)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}

/// Starts the next cycle of the ramp from an acting or closed cycle decided adopt or adapt;
/// answers with the new cycle (the one it follows now names it as `next_cycle_id`).
#[utoipa::path(post, path = "/api/v1/cycles/{id}/next", operation_id = "start_next_cycle", tag = "cycles", security(("bearer" = [])),
    params(("id" = i32, Path, description = "cycle id")), request_body = NextBody,
    responses((status = 201, body = CycleOut), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not on the team"), (status = 404),
              (status = 409, description = "changed since it was read; `current` holds it now"),
              (status = 422, description = "not acting or closed, no adopt/adapt decision, already followed, bad dates")))]
pub async fn next(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let out = state
        .db(move |c| {
            writable::<Cycle>(c, &actor, id, (Resource::Cycles, Action::Create))?;
            let body: NextBody = form::json(&body)?;
            let mut errors = FieldErrors::default();
            let next = NextInput {
                title: body.title,
                planned_start: date(&mut errors, "planned_start", body.planned_start.as_deref()),
                planned_end: date(&mut errors, "planned_end", body.planned_end.as_deref()),
            };
            form::finish(errors)?;
            let result = Cycle::start_next(c, id, body.version, &next);
            saved(c, id, result)
        })
        .await?;
    Ok(HttpResponse::Created().json(out))
}
