//! API: tune-ups and district meetings. The facilitation team sees and manages all of them; a
//! member sees the meetings of their own district — the district of the team they are on in the
//! meeting's year — with their facilitators and action items.

pub mod actions;
pub mod cancel;
pub mod write;

use super::List;
use super::shared::{self, PageParams, Paging, not_found};
use crate::db::DbConn;
use crate::domain::Warning;
use crate::error::AppError;
use crate::models::district::District;
use crate::models::meeting::{ActionItem, Meeting, MeetingRow};
use crate::models::team::Team;
use crate::route;
use crate::web::AppState;
use crate::web::actor::{Actor, ApiActor};
use crate::web::routes::RouteDef;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;

/// This area's routes, fixed paths before patterns.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(GET "/api/v1/meetings" => list),
        route!(POST "/api/v1/meetings" => write::create),
        route!(GET "/api/v1/meetings/{id}" => show),
        route!(PUT "/api/v1/meetings/{id}" => write::update),
        route!(POST "/api/v1/meetings/{id}/cancel" => cancel::cancel),
        route!(POST "/api/v1/meetings/{id}/restore" => cancel::restore),
        route!(GET "/api/v1/meetings/{id}/action-items" => actions::list),
        route!(POST "/api/v1/meetings/{id}/action-items" => actions::add),
        route!(PUT "/api/v1/meetings/{id}/action-items/{item_id}" => actions::set_done),
    ]
}

/// This area's part of the OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    paths(list, write::create, show, write::update, cancel::cancel, cancel::restore, actions::list, actions::add, actions::set_done),
    components(schemas(
        MeetingOut, MeetingDetail, Facilitator, ActionItem, write::MeetingBody, write::MeetingUpdateBody,
        actions::NewActionItemBody, actions::ActionItemDoneBody, cancel::CancelBody
    )),
    tags((name = "meetings", description = "Tune-ups and district meetings"))
)]
pub struct Doc;

/// A meeting as the API shows it: instants in UTC (RFC 3339), enums in snake case.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MeetingOut {
    /// Id.
    pub id: i32,
    /// The program year its date falls in.
    pub program_year_id: i32,
    /// The district supported.
    pub district_id: i32,
    /// Its name.
    pub district_name: String,
    /// tune_up | district_meeting.
    #[schema(example = "tune_up")]
    pub kind: String,
    /// Title.
    pub title: String,
    /// Start, UTC.
    #[serde(serialize_with = "crate::domain::instant::serialize")]
    pub starts_at: DateTime<Utc>,
    /// End, UTC.
    #[serde(serialize_with = "crate::domain::instant::serialize")]
    pub ends_at: DateTime<Utc>,
    /// in_person | video.
    #[schema(example = "video")]
    pub modality: String,
    /// Place, for in person.
    pub place: String,
    /// https link, for video.
    pub video_url: String,
    /// Notes.
    pub notes: String,
    /// Bumped each time the meeting moves (calendar invitations and reminders follow it).
    pub revision: i32,
    /// Send it back with an edit; a stale one is refused with 409.
    pub version: i32,
    /// When it was cancelled, UTC; null while it stands. A cancelled meeting is kept, not edited.
    #[serde(serialize_with = "crate::domain::instant::option")]
    pub cancelled_at: Option<DateTime<Utc>>,
}

impl MeetingOut {
    /// The stored meeting, its naive UTC times marked as UTC.
    pub fn new(m: Meeting, district_name: String) -> MeetingOut {
        MeetingOut {
            id: m.id,
            program_year_id: m.program_year_id,
            district_id: m.district_id,
            district_name,
            kind: m.kind,
            title: m.title,
            starts_at: m.starts_at.and_utc(),
            ends_at: m.ends_at.and_utc(),
            modality: m.modality,
            place: m.place,
            video_url: m.video_url,
            notes: m.notes,
            revision: m.revision,
            version: m.version,
            cancelled_at: m.cancelled_at.map(|t| t.and_utc()),
        }
    }
}

/// Someone running a meeting.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Facilitator {
    /// Person id.
    pub id: i32,
    /// Name.
    pub name: String,
}

/// A meeting with who runs it and what was agreed; after a save, also the soft rules it breaks.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MeetingDetail {
    /// The meeting.
    #[serde(flatten)]
    pub meeting: MeetingOut,
    /// Who runs it.
    pub facilitators: Vec<Facilitator>,
    /// Action items, open ones first.
    pub action_items: Vec<ActionItem>,
    /// Present after a create or update: soft rules not met (tune-ups a year, between convenings).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Vec<String>>)]
    pub warnings: Option<Vec<Warning>>,
}

impl MeetingDetail {
    /// Loads the district name, facilitators and action items (a fixed three queries).
    pub fn load(
        c: &mut DbConn,
        meeting: Meeting,
        warnings: Option<Vec<Warning>>,
    ) -> Result<MeetingDetail, AppError> {
        let district = District::find(c, meeting.district_id)?;
        let facilitators = Meeting::facilitators(c, meeting.id)?
            .into_iter()
            .map(|(id, name)| Facilitator { id, name })
            .collect();
        let action_items = ActionItem::of_meeting(c, meeting.id)?;
        Ok(MeetingDetail {
            meeting: MeetingOut::new(meeting, district.name),
            facilitators,
            action_items,
            warnings,
        })
    }
}

/// The meeting, when the caller may see it: 404 when there is none, 403 when it is another
/// district's (or another year's) and the caller is a member.
pub fn visible(c: &mut DbConn, actor: &Actor, id: i32) -> Result<Meeting, AppError> {
    let meeting = Meeting::find(c, id).map_err(not_found("meeting"))?;
    if actor.is_staff() {
        return Ok(meeting);
    }
    let team = Team::of_district(c, meeting.program_year_id, meeting.district_id)?;
    if team.is_some_and(|t| actor.on_team(t.id)) {
        Ok(meeting)
    } else {
        Err(AppError::Forbidden(
            "you can see your own district's meetings only".into(),
        ))
    }
}

/// `GET /api/v1/meetings` query: the filters; the page is [`PageParams`].
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MeetingsQuery {
    /// Only this program year.
    #[param(value_type = Option<i32>)]
    pub year: Option<String>,
    /// Only this district.
    #[param(value_type = Option<i32>)]
    pub district: Option<String>,
}

/// Meetings in id order: all of them for the facilitation team, a member's own district's
/// (in the years they are on its team) for members.
#[utoipa::path(get, path = "/api/v1/meetings", operation_id = "list_meetings", tag = "meetings", params(MeetingsQuery, PageParams), security(("bearer" = [])),
    responses((status = 200, body = List<MeetingOut>), (status = 401),
              (status = 422, description = "bad year, district, limit or after")))]
pub async fn list(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let q: MeetingsQuery = shared::query(&req)?;
    let paging = Paging::from_request(&req)?;
    let year = shared::opt_int("year", q.year.as_deref())?;
    let district = shared::opt_int("district", q.district.as_deref())?;
    let teams = (!actor.is_staff()).then_some(actor.team_ids);
    let rows: Vec<MeetingRow> = state
        .db(move |c| {
            Ok(Meeting::page(
                c,
                year,
                district,
                teams.as_deref(),
                paging.after,
                paging.fetch(),
            )?)
        })
        .await?;
    let items = rows
        .into_iter()
        .map(|r| MeetingOut::new(r.meeting, r.district_name))
        .collect();
    Ok(HttpResponse::Ok().json(paging.page(items, |m: &MeetingOut| m.id)))
}

/// A meeting with its facilitators and action items.
#[utoipa::path(get, path = "/api/v1/meetings/{id}", operation_id = "get_meeting", tag = "meetings", security(("bearer" = [])),
    params(("id" = i32, Path, description = "meeting id")),
    responses((status = 200, body = MeetingDetail), (status = 401),
              (status = 403, description = "another district's meeting"), (status = 404)))]
pub async fn show(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let detail = state
        .db(move |c| {
            let meeting = visible(c, &actor, id)?;
            MeetingDetail::load(c, meeting, None)
        })
        .await?;
    Ok(HttpResponse::Ok().json(detail))
}
