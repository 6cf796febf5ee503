//! API: a team's observations, one at a time. The team's leads and teachers (and directors)
//! record them, as the observer; whoever recorded one and the team's leads change or delete it;
//! the facilitation team reads them; students, and members of other teams while the collective
//! shares, read them de-identified (the permission table, `domain::permissions`). Edits carry
//! the `version` they read.

use super::access::{self, View};
use super::views::ObservationView;
use crate::db::DbConn;
use crate::error::AppError;
use crate::models::observation::{Context, Draft, Filter, Observation, RawValue, Ref, local_today};
use crate::models::team::Team;
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::api::List;
use crate::web::api::access::or_conflict;
use crate::web::api::shared::{self, PageParams, Paging, not_found};
use crate::web::form::{self, FieldErrors};
use crate::web::policy::{self, Action, Resource, viewable, writable};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

/// One observation as a request names it — the body of a single create, and each item of a
/// bulk request. A classroom is given by id or by label, a measure by id or by name.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ItemBody {
    /// The day it was seen, `YYYY-MM-DD`: in the team's program year, not after today.
    #[schema(example = "2026-09-14")]
    pub date: String,
    /// The classroom …
    #[serde(default)]
    pub classroom_id: Option<i32>,
    /// … or its label.
    #[serde(default)]
    pub classroom: Option<String>,
    /// The measure, shared that year or the team's own …
    #[serde(default)]
    pub measure_id: Option<i32>,
    /// … or its name.
    #[serde(default)]
    pub measure: Option<String>,
    /// A number fitting the measure (yes/no as 1 or 0). Required: read leniently (a missing one
    /// is a 422 naming `value`, not an unreadable body), but never optional.
    #[serde(default)]
    #[schema(value_type = f64, required = true, example = 3)]
    pub value: serde_json::Value,
    /// A cycle of the same team.
    #[serde(default)]
    pub cycle_id: Option<i32>,
    /// Note.
    #[serde(default)]
    pub note: Option<String>,
}

impl ItemBody {
    /// The draft the models check.
    pub fn draft(&self) -> Draft {
        let by = |id: Option<i32>, name: &Option<String>| match (id, name) {
            (Some(id), _) => Ref::Id(id),
            (None, Some(n)) => Ref::Name(n.clone()),
            (None, None) => Ref::Missing,
        };
        let value = match &self.value {
            serde_json::Value::Number(n) => RawValue::Number(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => RawValue::Text(s.clone()),
            serde_json::Value::Null => RawValue::Text(String::new()),
            other => RawValue::Text(other.to_string()),
        };
        Draft {
            date: self.date.clone(),
            classroom: by(self.classroom_id, &self.classroom),
            measure: by(self.measure_id, &self.measure),
            value,
            cycle: self.cycle_id.map(|c| c.to_string()),
            note: self.note.clone().unwrap_or_default(),
        }
    }
}

/// The body of `PUT /api/v1/observations/{id}`: the observation and the version read.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ObservationUpdateBody {
    /// The observation as it should be.
    #[serde(flatten)]
    pub item: ItemBody,
    /// The `version` the editor read.
    pub version: i32,
}

/// The filters of the observation lists and the CSV export; each narrows it when given.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FilterParams {
    /// A measure id.
    #[param(value_type = Option<i32>)]
    pub measure: Option<String>,
    /// A classroom id.
    #[param(value_type = Option<i32>)]
    pub classroom: Option<String>,
    /// On or after this date.
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<String>,
    /// On or before this date.
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<String>,
    /// A cycle id.
    #[param(value_type = Option<i32>)]
    pub cycle: Option<String>,
}

impl FilterParams {
    /// Reads the filters from the query string; every bad one is a 422 naming it.
    pub fn from_request(req: &HttpRequest) -> Result<Filter, AppError> {
        let p: FilterParams = shared::query(req)?;
        let mut errors = FieldErrors::default();
        let int = |f: &str, v: &Option<String>| shared::query_int(f, v.as_deref());
        let filter = Filter {
            measure: errors.take(int("measure", &p.measure)).flatten(),
            classroom: errors.take(int("classroom", &p.classroom)).flatten(),
            from: errors
                .take(shared::query_date("from", p.from.as_deref()))
                .flatten(),
            to: errors
                .take(shared::query_date("to", p.to.as_deref()))
                .flatten(),
            cycle: errors.take(int("cycle", &p.cycle)).flatten(),
        };
        form::finish(errors)?;
        Ok(filter)
    }
}

/// A team's observations in id order, filtered; de-identified for members of other teams.
#[utoipa::path(get, path = "/api/v1/teams/{id}/observations", operation_id = "list_observations", tag = "evidence", security(("bearer" = [])),
    params(("id" = i32, Path, description = "team id"), FilterParams, PageParams),
    responses((status = 200, body = List<ObservationView>), (status = 401),
              (status = 403, description = "another team's, while the collective does not share"), (status = 404),
              (status = 422, description = "a bad filter, limit or after")))]
pub async fn list(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (id, paging) = (id.into_inner(), Paging::from_request(&req)?);
    let filter = FilterParams::from_request(&req)?;
    let rows = state
        .db(move |c| {
            let (team, view) = viewable::<Team>(c, &actor, id, Resource::Observations)?;
            let rows = Observation::page(c, team.id, filter, paging.after, paging.fetch())?;
            Ok(rows
                .into_iter()
                .map(|r| ObservationView::new(r, view))
                .collect())
        })
        .await?;
    Ok(HttpResponse::Ok().json(paging.page(rows, |o: &ObservationView| o.id)))
}

/// Records an observation, the caller as observer (the team's members, directors).
#[utoipa::path(post, path = "/api/v1/teams/{id}/observations", operation_id = "create_observation", tag = "evidence", security(("bearer" = [])),
    params(("id" = i32, Path, description = "team id")), request_body = ItemBody,
    responses((status = 201, body = ObservationView), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not on the team"), (status = 404),
              (status = 422, description = "a broken rule: a date in the future or outside the year, an unknown classroom, measure or cycle, a value that does not fit, a second value for the same classroom, measure and date")))]
pub async fn create(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let made = state
        .db(move |c| {
            let what = (Resource::Observations, Action::Create);
            let team: Team = writable(c, &actor, id, what)?;
            let item: ItemBody = form::json(&body)?;
            let today = local_today(c)?;
            let ctx = Context::load(c, team, today)?;
            let o = Observation::create(
                c,
                &actor.audit(),
                &ctx,
                &item.draft(),
                Some(actor.person.id),
            )?;
            full(c, o.id)
        })
        .await?;
    Ok(HttpResponse::Created().json(made))
}

/// An observation; de-identified for members of other teams.
#[utoipa::path(get, path = "/api/v1/observations/{id}", operation_id = "get_observation", tag = "evidence", security(("bearer" = [])),
    params(("id" = i32, Path, description = "observation id")),
    responses((status = 200, body = ObservationView), (status = 401),
              (status = 403, description = "another team's, while the collective does not share"), (status = 404)))]
pub async fn show(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let view = state
        .db(move |c| {
            let team_id = team_of(c, id)?;
            let view = policy::view(c, &actor, team_id, Resource::Observations)?;
            Ok(ObservationView::new(Observation::row(c, id)?, view))
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Replaces an observation from the version read, the caller as observer (the team's members,
/// directors); a stale version gets 409 with the observation as it stands under `current`.
#[utoipa::path(put, path = "/api/v1/observations/{id}", operation_id = "update_observation", tag = "evidence", security(("bearer" = [])),
    params(("id" = i32, Path, description = "observation id")), request_body = ObservationUpdateBody,
    responses((status = 200, body = ObservationView), (status = 400, description = "unreadable body"), (status = 401),
              (status = 403, description = "not on the team"), (status = 404),
              (status = 409, description = "changed since it was read; `current` holds it now"),
              (status = 422, description = "a broken rule, as for create")))]
pub async fn update(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let view = state
        .db(move |c| {
            let team_id = policy::observation(c, &actor, id, Action::Edit)?;
            let b: ObservationUpdateBody = form::json(&body)?;
            let today = local_today(c)?;
            let team = access::team(c, team_id)?;
            let ctx = Context::load(c, team, today)?;
            let observer = Some(actor.person.id);
            let saved = Observation::update(
                c,
                &actor.audit(),
                &ctx,
                id,
                b.version,
                &b.item.draft(),
                observer,
            );
            or_conflict(c, saved, |c| full(c, id))?;
            full(c, id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Deletes an observation (the team's members, directors).
#[utoipa::path(delete, path = "/api/v1/observations/{id}", operation_id = "delete_observation", tag = "evidence", security(("bearer" = [])),
    params(("id" = i32, Path, description = "observation id")),
    responses((status = 204), (status = 401), (status = 403, description = "not on the team"), (status = 404)))]
pub async fn delete(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    state
        .db(move |c| {
            policy::observation(c, &actor, id, Action::Delete)?;
            Observation::delete(c, &actor.audit(), id)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The observation's team, or 404.
fn team_of(c: &mut DbConn, id: i32) -> Result<i32, AppError> {
    Observation::team_of(c, id).map_err(not_found("observation"))
}

/// The observation in full, for those who just changed it.
fn full(c: &mut DbConn, id: i32) -> Result<ObservationView, AppError> {
    Ok(ObservationView::new(Observation::row(c, id)?, View::Full))
}
