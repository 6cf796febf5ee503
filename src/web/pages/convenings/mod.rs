//! Pages: one convening — its day, agenda, readings, host and attendance — and the director's
//! edits to them; members answer their own RSVP.

mod agenda;
mod attendance;
mod edit;

use crate::db::DbConn;
use crate::domain::agenda::AgendaKind;
use crate::domain::attendance::{AttendanceStatus, head_count};
use crate::domain::validate::format_cents;
use crate::error::AppError;
use crate::models::convening::{AgendaItem, Attendance, AttendanceLine, Convening, Reading};
use crate::models::district::District;
use crate::models::not_found;
use crate::models::year::ProgramYear;
use crate::route;
use crate::web::AppState;
use crate::web::actor::{Actor, PageActor};
use crate::web::render::{self, Chrome, SelectOption, render, see_other};
use crate::web::routes::RouteDef;
use crate::web::session;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Serialize;

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(GET "/convenings/{id}" => show),
        route!(POST "/convenings/{id}" => edit::save),
        route!(GET "/convenings/{id}/edit" => edit::form),
        route!(POST "/convenings/{id}/cancel" => cancel),
        route!(POST "/convenings/{id}/restore" => restore),
        route!(POST "/convenings/{id}/agenda" => agenda::add_item),
        route!(POST "/convenings/{id}/agenda/{item_id}/delete" => agenda::delete_item),
        route!(POST "/convenings/{id}/readings" => agenda::add_reading),
        route!(POST "/convenings/{id}/readings/{reading_id}/delete" => agenda::delete_reading),
        route!(POST "/convenings/{id}/rsvp" => attendance::rsvp),
        route!(POST "/convenings/{id}/attendance" => attendance::record),
        route!(POST "/convenings/{id}/invite" => attendance::invite_all),
    ]
}

/// An agenda line as shown.
#[derive(Serialize)]
struct AgendaLine {
    id: i32,
    from: String,
    to: String,
    minutes: i32,
    title: String,
    kind: &'static str,
}

/// An attendance line as shown.
#[derive(Serialize)]
struct PersonLine {
    person_id: i32,
    name: String,
    status: String,
    label: &'static str,
}

/// The convening page's context; the agenda and reading forms' errors and typed values ride
/// along so a refused item comes back beside its fields.
#[derive(Serialize, Default)]
pub(super) struct ConveningPage {
    id: i32,
    number: i32,
    year_id: i32,
    year_label: String,
    date: String,
    breakfast: String,
    start: String,
    close: String,
    host: String,
    host_id: i32,
    venue: String,
    food_cost: Option<String>,
    agenda: Vec<AgendaLine>,
    readings: Vec<Reading>,
    attending: usize,
    unanswered: usize,
    declined: usize,
    people: Vec<PersonLine>,
    my_status: Option<String>,
    can_rsvp: bool,
    past: bool,
    version: i32,
    cancelled: Option<String>,
    kind_options: Vec<SelectOption>,
    status_options: Vec<SelectOption>,
    pub(super) form: std::collections::HashMap<String, String>,
    pub(super) errors: std::collections::BTreeMap<String, String>,
}

/// GET /convenings/{id}.
pub async fn show(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let a = actor.clone();
    let page = state.db(move |c| convening_page(c, id, &a)).await?;
    let title = format!("Convening {}", page.number);
    render(
        &state,
        "convening",
        Chrome::new(&session, Some(&actor), title, "calendar"),
        &page,
        StatusCode::OK,
    )
}

/// Builds the page for `actor`: staff see everyone's answers and the food cost.
pub(super) fn convening_page(
    c: &mut DbConn,
    id: i32,
    actor: &Actor,
) -> Result<ConveningPage, AppError> {
    let cv = find(c, id)?;
    let year = ProgramYear::find(c, cv.program_year_id)?;
    let lines = Attendance::of_convening(c, id)?;
    let statuses: Vec<AttendanceStatus> =
        lines.iter().filter_map(|l| l.status.parse().ok()).collect();
    let (attending, unanswered) = head_count(&statuses);
    let my_status = lines
        .iter()
        .find(|l| l.person_id == actor.person.id)
        .map(|l| l.status.clone());
    let collective = crate::models::collective::Collective::get(c)?;
    let past = cv.date < collective.today();
    let cancelled = cv.cancelled_at.map(|t| render::local(t, collective.tz()));
    let may_answer = crate::web::rsvp::may_answer(c, actor, &cv).is_ok() && cancelled.is_none();
    Ok(ConveningPage {
        id,
        number: cv.number,
        year_id: year.id,
        year_label: year.label,
        date: render::date(cv.date),
        breakfast: render::time(cv.breakfast_time),
        start: render::time(cv.start_time),
        close: render::time(cv.close_time),
        host: District::find(c, cv.host_district_id)?.name,
        host_id: cv.host_district_id,
        food_cost: actor.is_staff().then(|| format_cents(cv.food_cost_cents)),
        agenda: AgendaItem::of_convening(c, id)?
            .iter()
            .map(agenda_line)
            .collect(),
        readings: Reading::of_convening(c, id)?,
        declined: statuses
            .iter()
            .filter(|s| **s == AttendanceStatus::NotAttending)
            .count(),
        attending,
        unanswered,
        people: if actor.is_staff() {
            lines.iter().map(person_line).collect()
        } else {
            vec![]
        },
        can_rsvp: may_answer && !past,
        past,
        version: cv.version,
        cancelled,
        my_status,
        kind_options: AgendaKind::ALL
            .iter()
            .map(|k| SelectOption::new(k.as_str(), k.label(), "new_learning"))
            .collect(),
        status_options: AttendanceStatus::ALL
            .iter()
            .map(|s| SelectOption::new(s.as_str(), s.label(), ""))
            .collect(),
        venue: cv.venue,
        ..Default::default()
    })
}

fn agenda_line(a: &AgendaItem) -> AgendaLine {
    let end = a.start_time + chrono::TimeDelta::minutes(i64::from(a.minutes));
    AgendaLine {
        id: a.id,
        from: render::time(a.start_time),
        to: render::time(end),
        minutes: a.minutes,
        title: a.title.clone(),
        kind: a
            .kind
            .parse::<AgendaKind>()
            .map(|k| k.label())
            .unwrap_or("Other"),
    }
}

fn person_line(l: &AttendanceLine) -> PersonLine {
    PersonLine {
        person_id: l.person_id,
        name: l.person_name.clone(),
        label: l
            .status
            .parse::<AttendanceStatus>()
            .map(|s| s.label())
            .unwrap_or(""),
        status: l.status.clone(),
    }
}

/// POST /convenings/{id}/cancel (director): cancels the convening as shown; everyone concerned
/// is told.
pub async fn cancel(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    id: web::Path<i32>,
    body: web::Form<crate::web::pages::meetings::cancel::CancelForm>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let (id, typed) = (id.into_inner(), body.into_inner());
    let done = state
        .db(move |c| {
            find(c, id)?;
            let version = crate::web::form::int("version", &typed.version)?;
            Convening::cancel(c, &actor.audit(), id, version, crate::models::now())
                .map(|(_, told)| told)
        })
        .await;
    if done.is_ok() {
        state.mail_wake.notify();
    }
    let href = format!("/convenings/{id}");
    crate::web::pages::meetings::cancel::answered(&session, "convening", &href, done)
}

/// POST /convenings/{id}/restore (director): puts the cancelled convening back on; everyone
/// invited is told.
pub async fn restore(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    id: web::Path<i32>,
    body: web::Form<crate::web::pages::meetings::cancel::CancelForm>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let (id, typed) = (id.into_inner(), body.into_inner());
    let done = state
        .db(move |c| {
            find(c, id)?;
            let version = crate::web::form::int("version", &typed.version)?;
            Convening::restore(c, &actor.audit(), id, version, crate::models::now())
                .map(|(_, told)| told)
        })
        .await;
    if done.is_ok() {
        state.mail_wake.notify();
    }
    let href = format!("/convenings/{id}");
    use crate::web::pages::meetings::cancel::{Verb, answered_as};
    answered_as(&session, Verb::Restored, "convening", &href, done)
}

/// A convening, or 404.
fn find(c: &mut DbConn, id: i32) -> Result<Convening, AppError> {
    Convening::find(c, id).map_err(not_found("convening"))
}

/// Back to the convening's page, with a note of what was done.
fn back(session: &Session, id: i32, text: impl Into<String>) -> HttpResponse {
    session::flash(session, "ok", text);
    see_other(&format!("/convenings/{id}"))
}

/// Re-renders the convening page with a form's errors and typed values (status 422).
pub(super) async fn with_errors(
    state: &AppState,
    session: &Session,
    actor: &Actor,
    id: i32,
    typed: std::collections::HashMap<String, String>,
    errors: crate::web::form::FieldErrors,
) -> Result<HttpResponse, AppError> {
    let a = actor.clone();
    let mut page = state.db(move |c| convening_page(c, id, &a)).await?;
    (page.form, page.errors) = (typed, errors.errors);
    let title = format!("Convening {}", page.number);
    render(
        state,
        "convening",
        Chrome::new(session, Some(actor), title, "calendar"),
        &page,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
}
