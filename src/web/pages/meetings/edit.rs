//! Scheduling and editing a meeting (staff). The form is read in `form`; an edit carries the
//! version it was made from, and a stale one shows the saved version beside the one typed (409).

use super::input::{MeetingForm, input_of};
use super::show::find_meeting;
use crate::db::DbConn;
use crate::domain::Warning;
use crate::domain::meeting::{MeetingKind, Modality};
use crate::domain::roles::GlobalRole;
use crate::error::AppError;
use crate::models::collective::Collective;
use crate::models::district::District;
use crate::models::meeting::Meeting;
use crate::models::person::Person;
use crate::web::AppState;
use crate::web::actor::{Actor, PageActor};
use crate::web::form::{self, FieldErrors};
use crate::web::render::{self, Chrome, SelectOption, render_form_status, see_other};
use crate::web::session;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// `?district=` on the new-meeting page.
#[derive(Debug, Deserialize)]
pub struct NewQuery {
    #[serde(default)]
    district: String,
}

/// Which form: a new meeting, or an edit of one.
#[derive(Debug, Clone, Copy)]
enum Mode {
    New,
    Edit(i32),
}

/// The saved meeting, shown beside the typed one after a conflict.
#[derive(Serialize)]
struct Theirs {
    version: i32,
    title: String,
    when: String,
    until: String,
    modality: &'static str,
    place: String,
    video_url: String,
    notes: String,
    facilitators: String,
}

#[derive(Serialize)]
struct FormPage {
    action: String,
    meeting_id: Option<i32>,
    form: MeetingForm,
    districts: Vec<SelectOption>,
    kinds: Vec<SelectOption>,
    modalities: Vec<SelectOption>,
    facilitators: Vec<SelectOption>,
    zone: String,
    time_hint: String,
    theirs: Option<Theirs>,
}

/// GET /meetings/new?district=ID (staff): the scheduling form.
pub async fn new_form(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    q: web::Query<NewQuery>,
) -> Result<HttpResponse, AppError> {
    actor.require_staff()?;
    let form = MeetingForm::blank(&q.district, actor.person.id);
    form_page(
        &state,
        &session,
        &actor,
        Mode::New,
        form,
        FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// POST /meetings (staff): schedules the meeting; the soft rules come back as warnings.
pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    body: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    actor.require_staff()?;
    let form = MeetingForm::from_pairs(body.into_inner());
    let typed = form.clone();
    let by = actor.audit();
    let made = state
        .db(move |c| {
            let input = input_of(c, &typed)?;
            Meeting::create(c, &by, &input)
        })
        .await;
    match made {
        Ok((m, warnings)) => {
            state.mail_wake.notify();
            Ok(saved(&session, "Meeting scheduled.", m.id, warnings))
        }
        Err(e) => {
            let errors = form::refused(e)?;
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            form_page(&state, &session, &actor, Mode::New, form, errors, status).await
        }
    }
}

/// GET /meetings/{id}/edit (staff): the form with the saved values; a cancelled meeting is not
/// edited, so it goes back to its page with a note.
pub async fn edit_form(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    actor.require_staff()?;
    let id = path.into_inner();
    let form = state
        .db(move |c| {
            let m = find_meeting(c, id)?;
            if m.cancelled_at.is_some() {
                return Ok(None);
            }
            let tz = Collective::get(c)?.tz();
            Ok(Some(MeetingForm::of_meeting(
                &m,
                &Meeting::facilitators(c, id)?,
                tz,
            )))
        })
        .await?;
    let Some(form) = form else {
        session::flash(
            &session,
            "warn",
            "This meeting is cancelled; it cannot be edited.",
        );
        return Ok(see_other(&format!("/meetings/{id}")));
    };
    form_page(
        &state,
        &session,
        &actor,
        Mode::Edit(id),
        form,
        FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// POST /meetings/{id} (staff): saves an edit made from `version`; a stale one gets 409 with
/// both versions shown.
pub async fn update(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    body: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    actor.require_staff()?;
    let id = path.into_inner();
    let form = MeetingForm::from_pairs(body.into_inner());
    let typed = form.clone();
    let by = actor.audit();
    let result = state
        .db(move |c| {
            find_meeting(c, id)?;
            let version = form::int("version", &typed.version)?;
            let input = input_of(c, &typed)?;
            Meeting::update(c, &by, id, version, &input)
        })
        .await;
    let (errors, status) = match result {
        Ok((m, warnings)) => {
            state.mail_wake.notify();
            return Ok(saved(&session, "Meeting saved.", m.id, warnings));
        }
        Err(e) => form::refusal(e)?,
    };
    form_page(
        &state,
        &session,
        &actor,
        Mode::Edit(id),
        form,
        errors,
        status,
    )
    .await
}

/// Flashes the outcome and the warnings, then shows the meeting.
fn saved(session: &Session, text: &str, id: i32, warnings: Vec<Warning>) -> HttpResponse {
    session::flash(session, "ok", text);
    for w in warnings {
        session::flash(session, "warn", w.0);
    }
    see_other(&format!("/meetings/{id}"))
}

/// Loads the choices and renders the form; after a conflict, with the saved version beside the
/// typed one and the form's version moved on, so saving again is a deliberate overwrite.
async fn form_page(
    state: &AppState,
    session: &Session,
    actor: &Actor,
    mode: Mode,
    form: MeetingForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let conflict = status == StatusCode::CONFLICT;
    let body = state
        .db(move |c| form_data(c, mode, form, conflict))
        .await?;
    let title = if let Mode::Edit(_) = mode {
        "Edit meeting"
    } else {
        "Schedule a meeting"
    };
    let chrome = Chrome::new(session, Some(actor), title, "calendar");
    render_form_status(state, "meeting_form", chrome, &body, errors, status)
}

fn form_data(
    c: &mut DbConn,
    mode: Mode,
    mut form: MeetingForm,
    conflict: bool,
) -> Result<FormPage, AppError> {
    let tz = Collective::get(c)?.tz();
    let theirs = match mode {
        Mode::Edit(id) if conflict => Some(theirs(c, id, tz)?),
        _ => None,
    };
    if let Some(t) = &theirs {
        form.version = t.version.to_string();
    }
    let districts = District::list(c)?
        .into_iter()
        .map(|d| SelectOption::new(d.id, d.name, &form.district_id))
        .collect();
    let facilitators = facilitator_options(c, &form.facilitator_ids)?;
    let (action, meeting_id) = match mode {
        Mode::New => ("/meetings".to_string(), None),
        Mode::Edit(id) => (format!("/meetings/{id}"), Some(id)),
    };
    Ok(FormPage {
        action,
        meeting_id,
        kinds: MeetingKind::ALL
            .iter()
            .map(|k| SelectOption::new(k.as_str(), k.label(), &form.kind))
            .collect(),
        modalities: Modality::ALL
            .iter()
            .map(|m| SelectOption::new(m.as_str(), m.label(), &form.modality))
            .collect(),
        form,
        districts,
        facilitators,
        zone: tz.name().to_string(),
        time_hint: format!("Local time in {}", tz.name()),
        theirs,
    })
}

/// The directors and facilitators who may run a meeting, those ticked on the form checked.
fn facilitator_options(c: &mut DbConn, ticked: &[String]) -> Result<Vec<SelectOption>, AppError> {
    Ok(Person::list(c)?
        .into_iter()
        .filter(|p| p.global_role() != GlobalRole::Member)
        .map(|p| {
            let selected = ticked.iter().any(|v| v.trim() == p.id.to_string());
            SelectOption {
                value: p.id.to_string(),
                label: p.name,
                selected,
            }
        })
        .collect())
}

/// The saved meeting as people read it.
fn theirs(c: &mut DbConn, id: i32, tz: Tz) -> Result<Theirs, AppError> {
    let m = find_meeting(c, id)?;
    let names: Vec<String> = Meeting::facilitators(c, id)?
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    Ok(Theirs {
        version: m.version,
        when: render::local(m.starts_at, tz),
        until: render::local(m.ends_at, tz),
        modality: m.modality.parse::<Modality>().map_or("", |x| x.label()),
        title: m.title,
        place: m.place,
        video_url: m.video_url,
        notes: m.notes,
        facilitators: names.join(", "),
    })
}
