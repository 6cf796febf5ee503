//! Adding a member district to a year and editing its terms (director).

use super::show::year_page;
use crate::domain::Violation;
use crate::domain::validate::money_cents;
use crate::error::AppError;
use crate::models::collective::Collective;
use crate::models::not_found;
use crate::models::year::{Membership, NewMembership, ProgramYear};
use crate::web::AppState;
use crate::web::actor::{Actor, PageActor};
use crate::web::form::{self, FieldErrors};
use crate::web::render::{Chrome, render_form, see_other};
use crate::web::session;
use actix_session::Session;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

/// The membership forms as typed.
#[derive(Debug, Default, Deserialize)]
pub struct MemberForm {
    #[serde(default)]
    district_id: String,
    #[serde(default)]
    fee: String,
    #[serde(default)]
    paid: String,
    #[serde(default)]
    workshop_seats: String,
}

/// Parsed terms: fee (None = the collective's default), paid, seats.
fn terms(form: &MemberForm, errors: &mut FieldErrors) -> (Option<i64>, i64, i32) {
    let fee = if form.fee.trim().is_empty() {
        None
    } else {
        errors.take(money_cents("fee", &form.fee))
    };
    let paid = if form.paid.trim().is_empty() {
        Some(0)
    } else {
        errors.take(money_cents("paid", &form.paid))
    };
    let seats = if form.workshop_seats.trim().is_empty() {
        Some(0)
    } else {
        errors.take(form::int("workshop_seats", &form.workshop_seats))
    };
    if seats.is_some_and(|s| s < 0) {
        errors.add(Violation::new("workshop_seats", "cannot be negative"));
    }
    (fee, paid.unwrap_or(0), seats.unwrap_or(0))
}

/// POST /years/{id}/members: admits a district to the year.
pub async fn add(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    id: web::Path<i32>,
    form: web::Form<MemberForm>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let (id, form) = (id.into_inner(), form.into_inner());
    let mut errors = FieldErrors::default();
    let district_id = errors.take(form::int("district_id", &form.district_id));
    let (fee, paid, seats) = terms(&form, &mut errors);
    if let (true, Some(district_id)) = (errors.is_empty(), district_id) {
        let by = actor.audit();
        let saved = state
            .db(move |c| {
                ProgramYear::find(c, id).map_err(not_found("program year"))?;
                crate::models::district::District::find(c, district_id)
                    .map_err(|_| Violation::new("district_id", "no such district"))?;
                if Membership::is_member(c, id, district_id)? {
                    return Err(
                        Violation::new("district_id", "is already a member this year").into(),
                    );
                }
                let fee_cents = fee.unwrap_or(Collective::get(c)?.default_fee_cents);
                let new = NewMembership {
                    program_year_id: id,
                    district_id,
                    fee_cents,
                    paid_cents: paid,
                    workshop_seats: seats,
                };
                Ok(Membership::ensure(c, &by, &new)?)
            })
            .await;
        match saved {
            Ok(_) => {
                session::flash(&session, "ok", "District admitted to the year.");
                return Ok(see_other(&format!("/years/{id}")));
            }
            Err(e) => errors = form::refused(e)?,
        }
    }
    rerender(&state, &session, &actor, id, errors).await
}

/// POST /years/{id}/members/{membership_id}: changes fee, paid and seats.
pub async fn update(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<(i32, i32)>,
    form: web::Form<MemberForm>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let ((id, membership_id), form) = (path.into_inner(), form.into_inner());
    let mut errors = FieldErrors::default();
    let (fee, paid, seats) = terms(&form, &mut errors);
    if !errors.is_empty() {
        return rerender(&state, &session, &actor, id, errors).await;
    }
    state
        .db(move |c| {
            let mut m = of_year(c, id, membership_id)?;
            m.fee_cents = fee.unwrap_or(m.fee_cents);
            (m.paid_cents, m.workshop_seats) = (paid, seats);
            Ok(m.save(c, &actor.audit())?)
        })
        .await?;
    session::flash(&session, "ok", "Membership updated.");
    Ok(see_other(&format!("/years/{id}")))
}

/// POST /years/{id}/members/{membership_id}/withdraw: the district leaves the year (its team is
/// no longer invited, its meetings to come are cancelled). The form's `confirm` box must be
/// ticked: leaving cancels meetings and mail for a whole team.
pub async fn withdraw(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<(i32, i32)>,
    form: web::Form<ConfirmForm>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let (id, membership_id) = path.into_inner();
    if form.confirm.is_empty() {
        let mut errors = FieldErrors::default();
        errors.add(Violation::new(
            "confirm",
            "tick the box to confirm that the district leaves the year",
        ));
        return rerender(&state, &session, &actor, id, errors).await;
    }
    let by = actor.audit();
    let cancelled = state
        .db(move |c| {
            of_year(c, id, membership_id)?;
            Ok(Membership::withdraw(c, &by, membership_id, crate::models::now())?.1)
        })
        .await?;
    let note = match cancelled {
        0 => "The district has left the year.".to_string(),
        n => format!("The district has left the year; {n} meetings to come were cancelled."),
    };
    session::flash(&session, "ok", note);
    Ok(see_other(&format!("/years/{id}")))
}

/// POST /years/{id}/members/{membership_id}/rejoin: undoes a withdrawal.
pub async fn rejoin(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<(i32, i32)>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let (id, membership_id) = path.into_inner();
    let by = actor.audit();
    state
        .db(move |c| {
            of_year(c, id, membership_id)?;
            Membership::rejoin(c, &by, membership_id, crate::models::now())
        })
        .await?;
    session::flash(
        &session,
        "ok",
        "The district is a member again; its team is invited to the year's convenings.",
    );
    Ok(see_other(&format!("/years/{id}")))
}

/// A confirmation box as posted (`confirm=yes` when ticked).
#[derive(Debug, Default, Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    confirm: String,
}

/// The membership, or 404 when it is not of year `id`.
fn of_year(c: &mut crate::db::DbConn, id: i32, membership_id: i32) -> Result<Membership, AppError> {
    let m = Membership::find(c, membership_id).map_err(not_found("membership"))?;
    if m.program_year_id != id {
        return Err(AppError::NotFound("membership"));
    }
    Ok(m)
}

async fn rerender(
    state: &AppState,
    session: &Session,
    actor: &Actor,
    id: i32,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let page = state.db(move |c| year_page(c, id, true)).await?;
    let chrome = Chrome::new(session, Some(actor), "Program year", "year");
    render_form(state, "year", chrome, &page, errors)
}
