//! API: many observations at once — a JSON list (`…/observations/bulk`) or a CSV file
//! (`…/observations/import`). Both are all or nothing: every item or row is checked first, one
//! bad one imports nothing, and the 422 names every problem (`items[3].value`,
//! `row 4, column value`). The import itself is `observation::import`, shared with the command
//! line.

use super::observations::ItemBody;
use crate::domain::Violation;
use crate::error::AppError;
use crate::models::csv_files;
use crate::models::observation::{self, Draft, ImportReport, Origin, local_today};
use crate::models::team::Team;
use crate::web::AppState;
use crate::web::actor::{Actor, ApiActor};
use crate::web::api::shared;
use crate::web::form;
use crate::web::policy::{Action, Resource, writable};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

/// The most items in one bulk request.
const MAX_ITEMS: usize = 10_000;

/// `POST /api/v1/teams/{id}/observations/bulk` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct BulkBody {
    /// The observations.
    #[schema(value_type = Vec<ItemBody>)]
    pub items: Vec<serde_json::Value>,
    /// Overwrite values that exist already for the same classroom, measure and date (keeping
    /// their ids); otherwise those are errors.
    #[serde(default)]
    pub replace: bool,
}

/// `POST …/observations/import` query.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// `true` to overwrite values that exist already; `false` (the default) makes them errors.
    #[param(value_type = Option<bool>)]
    pub replace: Option<String>,
}

/// Records many observations at once, all or nothing (the team's members, directors).
#[utoipa::path(post, path = "/api/v1/teams/{id}/observations/bulk", operation_id = "bulk_observations", tag = "evidence", security(("bearer" = [])),
    params(("id" = i32, Path, description = "team id")), request_body = BulkBody,
    responses((status = 200, body = ImportReport), (status = 400, description = "unreadable body or items (named items[i])"), (status = 401),
              (status = 403, description = "not on the team"), (status = 404),
              (status = 422, description = "every problem, named items[i].field; nothing was recorded")))]
pub async fn bulk(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let (team, actor) = writer(&state, actor, id.into_inner()).await?;
    let body: BulkBody = form::json(&read_body(payload).await?)?;
    let replace = body.replace;
    let drafts = items(body.items)?;
    let report = run(&state, team, &actor, drafts, replace).await?;
    Ok(HttpResponse::Ok().json(report))
}

/// The team, once the caller is known to be allowed to write its observations.
async fn writer(state: &AppState, actor: Actor, id: i32) -> Result<(Team, Actor), AppError> {
    state
        .db(move |c| {
            let team: Team = writable(c, &actor, id, (Resource::Imports, Action::Create))?;
            Ok((team, actor))
        })
        .await
}

/// Imports the drafts by the caller, as of the collective's today.
async fn run(
    state: &AppState,
    team: Team,
    actor: &Actor,
    drafts: Vec<(Origin, Draft)>,
    replace: bool,
) -> Result<ImportReport, AppError> {
    let (observer, by) = (Some(actor.person.id), actor.audit());
    state
        .db(move |c| {
            let today = local_today(c)?;
            observation::import(c, &by, &team, &drafts, replace, observer, today)
        })
        .await
}

/// Each item read on its own, so that one of the wrong shape is named (`items[2]`) with all the
/// others' problems rather than failing the whole body with a position.
fn items(values: Vec<serde_json::Value>) -> Result<Vec<(Origin, Draft)>, AppError> {
    if values.len() > MAX_ITEMS {
        let message = format!("at most {MAX_ITEMS} in one request; send the rest in another");
        return Err(AppError::invalid("items", message));
    }
    let mut drafts = Vec::with_capacity(values.len());
    let mut problems = Vec::new();
    for (i, value) in values.into_iter().enumerate() {
        match serde_json::from_value::<ItemBody>(value) {
            Ok(item) => drafts.push((Origin::Item(i), item.draft())),
            Err(e) => problems.push(Violation::new(format!("items[{i}]"), e.to_string())),
        }
    }
    if problems.is_empty() {
        Ok(drafts)
    } else {
        Err(AppError::BadRequest(problems))
    }
}

/// Imports a CSV file of observations, all or nothing (the team's members, directors). Columns,
/// with a header row: `date,classroom,measure,value,cycle,note` — the classroom by its label,
/// the measure by its name, the cycle by its id or empty.
#[utoipa::path(post, path = "/api/v1/teams/{id}/observations/import", operation_id = "import_observations_csv", tag = "evidence", security(("bearer" = [])),
    params(("id" = i32, Path, description = "team id"), ImportParams),
    request_body(content = String, content_type = "text/csv", description = "UTF-8, header date,classroom,measure,value,cycle,note"),
    responses((status = 200, body = ImportReport), (status = 400, description = "not UTF-8 text"), (status = 413, description = "larger than 8 MiB"), (status = 401),
              (status = 403, description = "not on the team"), (status = 404),
              (status = 422, description = "every bad row and column, as `row 4, column value`; nothing was imported")))]
pub async fn import(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let (team, actor) = writer(&state, actor, id.into_inner()).await?;
    let replace = replace_param(&req)?;
    let bytes = read_body(payload).await?;
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        AppError::BadRequest(vec![Violation::new(
            "",
            "the file is not UTF-8 text; save it as \"CSV UTF-8\"",
        )])
    })?;
    let drafts = csv_files::read_observations(text).map_err(AppError::Invalid)?;
    let report = run(&state, team, &actor, drafts, replace).await?;
    Ok(HttpResponse::Ok().json(report))
}

/// `?replace=`: true or false, false when absent.
fn replace_param(req: &HttpRequest) -> Result<bool, AppError> {
    let p: ImportParams = shared::query(req)?;
    match p.replace.as_deref().map(str::trim) {
        None | Some("") | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") => Ok(true),
        Some(_) => Err(AppError::invalid("replace", "must be true or false")),
    }
}

/// The request body, up to the limit of bulk bodies (read only after the caller's rights are
/// checked; the limit itself was applied before, by `web::limits`).
async fn read_body(payload: web::Payload) -> Result<web::Bytes, AppError> {
    let limit = crate::web::limits::API_BULK;
    match payload.to_bytes_limited(limit).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => Err(AppError::BadRequest(vec![Violation::new(
            "",
            format!("the body could not be read: {e}"),
        )])),
        Err(_) => Err(AppError::TooLarge(format!(
            "the body is larger than {} MiB",
            limit >> 20
        ))),
    }
}
