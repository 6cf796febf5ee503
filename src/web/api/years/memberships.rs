//! API: which districts are members of a program year, and on what terms (fee, paid, workshop
//! seats). The facilitation team reads the terms; directors set them.

use crate::db::DbConn;
use crate::domain::validate::format_cents;
use crate::error::AppError;
use crate::models::collective::Collective;
use crate::models::district::District;
use crate::models::year::{MemberRow, Membership, NewMembership, ProgramYear};
use crate::web::AppState;
use crate::web::actor::ApiActor;
use crate::web::api::List;
use crate::web::api::shared::{self, Paging, not_found, not_negative};
use crate::web::form::{self, FieldErrors};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

/// A membership with its district's name and what is still owed.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MembershipView {
    /// The membership and district name.
    #[serde(flatten)]
    pub row: MemberRow,
    /// Fee minus paid, cents (negative when overpaid).
    pub balance_cents: i64,
}

impl From<MemberRow> for MembershipView {
    fn from(row: MemberRow) -> Self {
        let balance_cents = row.membership.balance_cents();
        MembershipView { row, balance_cents }
    }
}

/// A membership as saved, with soft-rule warnings (paid more than the fee).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MembershipSaved {
    /// The membership.
    #[serde(flatten)]
    pub view: MembershipView,
    /// Soft rules not met.
    pub warnings: Vec<String>,
}

impl From<MemberRow> for MembershipSaved {
    fn from(row: MemberRow) -> Self {
        let m = &row.membership;
        let warnings = if m.paid_cents > m.fee_cents {
            vec![format!(
                "paid {} is more than the fee {}",
                format_cents(m.paid_cents),
                format_cents(m.fee_cents)
            )]
        } else {
            Vec::new()
        };
        MembershipSaved {
            view: row.into(),
            warnings,
        }
    }
}

/// `POST /api/v1/program-years/{id}/memberships` body.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewMembershipBody {
    /// The district admitted.
    pub district_id: i32,
    /// Fee, cents; default the collective's default fee.
    pub fee_cents: Option<i64>,
    /// Paid so far, cents; default 0.
    pub paid_cents: Option<i64>,
    /// Complimentary workshop seats; default 0.
    pub workshop_seats: Option<i32>,
}

/// `PUT /api/v1/memberships/{id}` body; a field left out keeps its value.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MembershipBody {
    /// Fee, cents, ≥ 0.
    pub fee_cents: Option<i64>,
    /// Paid, cents, ≥ 0.
    pub paid_cents: Option<i64>,
    /// Seats, ≥ 0.
    pub workshop_seats: Option<i32>,
}

/// The year's members with their terms (facilitation team).
#[utoipa::path(get, path = "/api/v1/program-years/{id}/memberships", operation_id = "list_memberships", tag = "years", security(("bearer" = [])),
    params(("id" = i32, Path, description = "program year id"), shared::PageParams),
    responses((status = 200, body = List<MembershipView>), (status = 401), (status = 403), (status = 404),
              (status = 422, description = "bad limit or cursor")))]
pub async fn list(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    actor.require_staff()?;
    let (id, page) = (id.into_inner(), Paging::from_request(&req)?);
    let rows = state
        .db(move |c| {
            ProgramYear::find(c, id).map_err(not_found("program year"))?;
            Ok(Membership::of_year(c, id)?)
        })
        .await?;
    let views: Vec<MembershipView> = rows.into_iter().map(MembershipView::from).collect();
    Ok(HttpResponse::Ok().json(page.slice(views, |v| v.row.membership.id)?))
}

/// Admits a district to the year (directors); the fee defaults to the collective's.
#[utoipa::path(post, path = "/api/v1/program-years/{id}/memberships", operation_id = "create_membership", tag = "years", security(("bearer" = [])),
    params(("id" = i32, Path, description = "program year id")), request_body = NewMembershipBody,
    responses((status = 201, body = MembershipSaved), (status = 400), (status = 401), (status = 403), (status = 404),
              (status = 422, description = "unknown district, already a member, a negative amount")))]
pub async fn create(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let body: NewMembershipBody = form::json(&body)?;
    check_terms(body.fee_cents, body.paid_cents, body.workshop_seats)?;
    let id = id.into_inner();
    let by = actor.audit();
    let saved = state.db(move |c| admit(c, &by, id, &body)).await?;
    Ok(HttpResponse::Created().json(MembershipSaved::from(saved)))
}

fn admit(
    c: &mut DbConn,
    by: &crate::models::audit::AuditActor,
    year_id: i32,
    body: &NewMembershipBody,
) -> Result<MemberRow, AppError> {
    ProgramYear::find(c, year_id).map_err(not_found("program year"))?;
    let Some(district) = District::find(c, body.district_id).ok() else {
        return Err(AppError::invalid("district_id", "is not a known district"));
    };
    if Membership::is_member(c, year_id, district.id)? {
        return Err(AppError::invalid(
            "district_id",
            "is already a member of this program year",
        ));
    }
    let new = NewMembership {
        program_year_id: year_id,
        district_id: district.id,
        fee_cents: body
            .fee_cents
            .map_or_else(|| Collective::get(c).map(|k| k.default_fee_cents), Ok)?,
        paid_cents: body.paid_cents.unwrap_or(0),
        workshop_seats: body.workshop_seats.unwrap_or(0),
    };
    let membership = Membership::ensure(c, by, &new)?;
    Ok(MemberRow {
        membership,
        district_name: district.name,
    })
}

/// Changes a membership's terms (directors).
#[utoipa::path(put, path = "/api/v1/memberships/{id}", operation_id = "update_membership", tag = "years", security(("bearer" = [])),
    params(("id" = i32, Path, description = "membership id")), request_body = MembershipBody,
    responses((status = 200, body = MembershipSaved), (status = 400), (status = 401), (status = 403), (status = 404),
              (status = 422, description = "a negative amount")))]
pub async fn update(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let body: MembershipBody = form::json(&body)?;
    check_terms(body.fee_cents, body.paid_cents, body.workshop_seats)?;
    let id = id.into_inner();
    let saved = state
        .db(move |c| {
            let mut m = Membership::find(c, id).map_err(not_found("membership"))?;
            m.fee_cents = body.fee_cents.unwrap_or(m.fee_cents);
            m.paid_cents = body.paid_cents.unwrap_or(m.paid_cents);
            m.workshop_seats = body.workshop_seats.unwrap_or(m.workshop_seats);
            m.save(c, &actor.audit())?;
            with_name(c, m)
        })
        .await?;
    Ok(HttpResponse::Ok().json(MembershipSaved::from(saved)))
}

/// The district leaves the year (directors): its team is no longer invited to the year's
/// convenings (their reminders are cancelled, they leave the attendance lists) and its meetings
/// still to come are cancelled with notices. The membership stays, with `withdrawn_at` set.
/// Leaving twice changes nothing more.
#[utoipa::path(post, path = "/api/v1/memberships/{id}/withdraw", operation_id = "withdraw_membership", tag = "years", security(("bearer" = [])),
    params(("id" = i32, Path, description = "membership id")),
    responses((status = 200, body = MembershipView), (status = 401), (status = 403), (status = 404)))]
pub async fn withdraw(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let (id, by) = (id.into_inner(), actor.audit());
    let row = state
        .db(move |c| {
            Membership::find(c, id).map_err(not_found("membership"))?;
            let (m, _) = Membership::withdraw(c, &by, id, crate::models::now())?;
            with_name(c, m)
        })
        .await?;
    Ok(HttpResponse::Ok().json(MembershipView::from(row)))
}

/// Undoes a withdrawal (directors): the district's team is invited to the year's convenings
/// again (meetings cancelled by the leaving stay cancelled).
#[utoipa::path(post, path = "/api/v1/memberships/{id}/rejoin", operation_id = "rejoin_membership", tag = "years", security(("bearer" = [])),
    params(("id" = i32, Path, description = "membership id")),
    responses((status = 200, body = MembershipView), (status = 401), (status = 403), (status = 404)))]
pub async fn rejoin(
    state: web::Data<AppState>,
    ApiActor(actor): ApiActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let (id, by) = (id.into_inner(), actor.audit());
    let row = state
        .db(move |c| {
            Membership::find(c, id).map_err(not_found("membership"))?;
            let m = Membership::rejoin(c, &by, id, crate::models::now())?;
            with_name(c, m)
        })
        .await?;
    Ok(HttpResponse::Ok().json(MembershipView::from(row)))
}

/// The membership with its district's name.
fn with_name(c: &mut DbConn, membership: Membership) -> Result<MemberRow, AppError> {
    let district_name = District::find(c, membership.district_id)?.name;
    Ok(MemberRow {
        membership,
        district_name,
    })
}

/// Every given amount and count is ≥ 0 (all problems at once).
fn check_terms(fee: Option<i64>, paid: Option<i64>, seats: Option<i32>) -> Result<(), AppError> {
    let mut errors = FieldErrors::default();
    if let Some(v) = fee {
        errors.take(not_negative("fee_cents", v));
    }
    if let Some(v) = paid {
        errors.take(not_negative("paid_cents", v));
    }
    if let Some(v) = seats {
        errors.take(not_negative("workshop_seats", v));
    }
    form::finish(errors)
}
