//! Scheduling and editing a meeting (staff). Dates and times are typed as wall-clock values in
//! the collective's zone and stored in UTC; a time the zone skips or repeats (a daylight-saving
//! change) is a field error, not a guess. An edit carries the version it was made from: a stale
//! one shows the saved version beside the one typed (409).

use super::super::teams::SelectOption;
use super::show::find_meeting;
use crate::db::DbConn;
use crate::domain::meeting::{self, MeetingKind, Modality};
use crate::domain::roles::GlobalRole;
use crate::domain::{Violation, Warning, validate};
use crate::error::AppError;
use crate::models::collective::Collective;
use crate::models::district::District;
use crate::models::meeting::{Meeting, MeetingInput};
use crate::models::person::Person;
use crate::web::AppState;
use crate::web::actor::{Actor, PageActor};
use crate::web::form::{self, FieldErrors};
use crate::web::render::{self, Chrome, render, see_other};
use crate::web::session;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use diesel::OptionalExtension;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The meeting form as typed: all text (facilitators repeat), so a bad value is a message beside
/// its field rather than a 400.
#[derive(Debug, Default, Clone, Serialize)]
pub struct MeetingForm {
    district_id: String,
    kind: String,
    title: String,
    date: String,
    start: String,
    end: String,
    modality: String,
    place: String,
    video_url: String,
    notes: String,
    version: String,
    facilitator_ids: Vec<String>,
}

impl MeetingForm {
    /// Reads the posted pairs; `facilitator_ids` may repeat (one per ticked box).
    fn from_pairs(pairs: Vec<(String, String)>) -> MeetingForm {
        let mut f = MeetingForm::default();
        for (key, value) in pairs {
            let slot = match key.as_str() {
                "district_id" => &mut f.district_id,
                "kind" => &mut f.kind,
                "title" => &mut f.title,
                "date" => &mut f.date,
                "start" => &mut f.start,
                "end" => &mut f.end,
                "modality" => &mut f.modality,
                "place" => &mut f.place,
                "video_url" => &mut f.video_url,
                "notes" => &mut f.notes,
                "version" => &mut f.version,
                "facilitator_ids" => {
                    f.facilitator_ids.push(value);
                    continue;
                }
                _ => continue,
            };
            *slot = value;
        }
        f
    }

    /// A new tune-up for `district`, run by the person scheduling it.
    fn blank(district: &str, actor_id: i32) -> MeetingForm {
        MeetingForm {
            district_id: district.trim().to_string(),
            kind: MeetingKind::TuneUp.as_str().into(),
            title: MeetingKind::TuneUp.label().into(),
            modality: Modality::InPerson.as_str().into(),
            facilitator_ids: vec![actor_id.to_string()],
            ..MeetingForm::default()
        }
    }

    /// A saved meeting as its edit form shows it, in local time.
    fn of_meeting(m: &Meeting, facilitators: &[(i32, String)], tz: Tz) -> MeetingForm {
        let (start, end) = (m.starts_at.and_utc().with_timezone(&tz), m.ends_at.and_utc().with_timezone(&tz));
        MeetingForm {
            district_id: m.district_id.to_string(),
            kind: m.kind.clone(),
            title: m.title.clone(),
            date: start.format("%Y-%m-%d").to_string(),
            start: start.format("%H:%M").to_string(),
            end: end.format("%H:%M").to_string(),
            modality: m.modality.clone(),
            place: m.place.clone(),
            video_url: m.video_url.clone(),
            notes: m.notes.clone(),
            version: m.version.to_string(),
            facilitator_ids: facilitators.iter().map(|(id, _)| id.to_string()).collect(),
        }
    }
}

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
    errors: BTreeMap<String, String>,
    errors_list: Vec<Violation>,
}

/// GET /meetings/new?district=ID (staff): the scheduling form.
pub async fn new_form(state: web::Data<AppState>, session: Session, PageActor(actor): PageActor, q: web::Query<NewQuery>) -> Result<HttpResponse, AppError> {
    actor.require_staff()?;
    let form = MeetingForm::blank(&q.district, actor.person.id);
    form_page(&state, &session, &actor, Mode::New, form, FieldErrors::default(), StatusCode::OK).await
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
    let made = state
        .db(move |c| {
            let input = input_of(c, &typed)?;
            Meeting::create(c, &input)
        })
        .await;
    match made {
        Ok((m, warnings)) => Ok(saved(&session, "Meeting scheduled.", m.id, warnings)),
        Err(e) if !e.violations().is_empty() => {
            form_page(&state, &session, &actor, Mode::New, form, FieldErrors::from_error(&e), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e),
    }
}

/// GET /meetings/{id}/edit (staff): the form with the saved values.
pub async fn edit_form(state: web::Data<AppState>, session: Session, PageActor(actor): PageActor, path: web::Path<i32>) -> Result<HttpResponse, AppError> {
    actor.require_staff()?;
    let id = path.into_inner();
    let form = state
        .db(move |c| {
            let m = find_meeting(c, id)?;
            let tz = Collective::get(c)?.tz();
            Ok(MeetingForm::of_meeting(&m, &Meeting::facilitators(c, id)?, tz))
        })
        .await?;
    form_page(&state, &session, &actor, Mode::Edit(id), form, FieldErrors::default(), StatusCode::OK).await
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
    let result = state
        .db(move |c| {
            find_meeting(c, id)?;
            let version = form::int("version", &typed.version)?;
            let input = input_of(c, &typed)?;
            Meeting::update(c, id, version, &input)
        })
        .await;
    let (errors, status) = match result {
        Ok((m, warnings)) => return Ok(saved(&session, "Meeting saved.", m.id, warnings)),
        Err(AppError::Conflict(_)) => (FieldErrors::default(), StatusCode::CONFLICT),
        Err(e) if !e.violations().is_empty() => (FieldErrors::from_error(&e), StatusCode::UNPROCESSABLE_ENTITY),
        Err(e) => return Err(e),
    };
    form_page(&state, &session, &actor, Mode::Edit(id), form, errors, status).await
}

/// Flashes the outcome and the warnings, then shows the meeting.
fn saved(session: &Session, text: &str, id: i32, warnings: Vec<Warning>) -> HttpResponse {
    session::flash(session, "ok", text);
    for w in warnings {
        session::flash(session, "warn", w.0);
    }
    see_other(&format!("/meetings/{id}"))
}

/// The form read into a meeting, in the collective's zone, with the district checked to exist.
fn input_of(c: &mut DbConn, f: &MeetingForm) -> Result<MeetingInput, AppError> {
    let tz = Collective::get(c)?.tz();
    let input = parse(f, tz)?;
    if District::find(c, input.district_id).optional()?.is_none() {
        return Err(Violation::new("district_id", "is not a district of the collective").into());
    }
    Ok(input)
}

/// Every field parsed at once, so each problem shows beside its field in one round.
fn parse(f: &MeetingForm, tz: Tz) -> Result<MeetingInput, AppError> {
    let mut e = FieldErrors::default();
    let district_id = e.take(chosen("district_id", &f.district_id, "choose a district"));
    let kind = e.take(form::choice::<MeetingKind>("kind", &f.kind));
    let title = e.take(validate::required("title", &f.title, 200));
    let when = parse_when(f, tz, &mut e);
    let place = parse_place(f, when, &mut e);
    let facilitator_ids = e.take(parse_ids(&f.facilitator_ids));
    let (Some(district_id), Some(kind), Some(title), Some((local_date, starts_at, ends_at)), Some((modality, place, video_url)), Some(facilitator_ids)) =
        (district_id, kind, title, when, place, facilitator_ids)
    else {
        return Err(AppError::Invalid(e.list()));
    };
    form::finish(e)?;
    let notes = f.notes.trim().to_string();
    Ok(MeetingInput { district_id, kind, title, starts_at, ends_at, local_date, modality, place, video_url, notes, facilitator_ids })
}

/// An id picked from a list; blank gets `blank_message`.
fn chosen(field: &str, value: &str, blank_message: &str) -> Result<i32, Violation> {
    if value.trim().is_empty() {
        return Err(Violation::new(field, blank_message));
    }
    form::int(field, value)
}

/// The ticked facilitators, each once.
fn parse_ids(values: &[String]) -> Result<Vec<i32>, Violation> {
    let mut ids = values.iter().map(|v| chosen("facilitator_ids", v, "choose from the list")).collect::<Result<Vec<i32>, _>>()?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Date, start and end: local wall-clock values turned into UTC instants.
fn parse_when(f: &MeetingForm, tz: Tz, e: &mut FieldErrors) -> Option<(NaiveDate, NaiveDateTime, NaiveDateTime)> {
    let date = e.take(form::date("date", &f.date));
    let start = e.take(form::time("start", &f.start));
    let end = e.take(form::time("end", &f.end));
    let (date, start, end) = (date?, start?, end?);
    let starts_at = e.take(to_utc(tz, date.and_time(start), "start"));
    let ends_at = e.take(to_utc(tz, date.and_time(end), "end"));
    Some((date, starts_at?, ends_at?))
}

/// A local wall-clock time in `tz` as UTC; a time the zone skips or repeats is refused, since
/// either reading could send people to the meeting an hour off.
pub fn to_utc(tz: Tz, local: NaiveDateTime, field: &str) -> Result<NaiveDateTime, Violation> {
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => Ok(t.naive_utc()),
        chrono::LocalResult::Ambiguous(..) => Err(Violation::new(
            field,
            format!("happens twice that night in {tz} (the clocks go back): pick another time"),
        )),
        chrono::LocalResult::None => Err(Violation::new(
            field,
            format!("does not exist that night in {tz} (the clocks go forward): pick another time"),
        )),
    }
}

type Place = (Modality, String, String);

/// Modality with its place (in person) or https link (video), checked by the domain rule; when
/// the times are unreadable, only the place or link is checked.
fn parse_place(f: &MeetingForm, when: Option<(NaiveDate, NaiveDateTime, NaiveDateTime)>, e: &mut FieldErrors) -> Option<Place> {
    let modality = e.take(form::choice::<Modality>("modality", &f.modality))?;
    let (place, video_url) = match modality {
        Modality::InPerson => (f.place.trim().to_string(), String::new()),
        Modality::Video => (String::new(), f.video_url.trim().to_string()),
    };
    let (start, end) = match when {
        Some((_, s, e)) => (s, e),
        None => (chrono::DateTime::UNIX_EPOCH.naive_utc(), chrono::DateTime::UNIX_EPOCH.naive_utc() + chrono::TimeDelta::hours(1)),
    };
    e.take(meeting::check_meeting(start, end, modality, &place, &video_url))?;
    Some((modality, place, video_url))
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
    let mut body = state.db(move |c| form_data(c, mode, form, conflict)).await?;
    body.errors_list = errors.list();
    body.errors = errors.errors;
    let title = if let Mode::Edit(_) = mode { "Edit meeting" } else { "Schedule a meeting" };
    render(state, "meeting_form", Chrome::new(session, Some(actor), title, "calendar"), &body, status)
}

fn form_data(c: &mut DbConn, mode: Mode, mut form: MeetingForm, conflict: bool) -> Result<FormPage, AppError> {
    let tz = Collective::get(c)?.tz();
    let theirs = match mode {
        Mode::Edit(id) if conflict => Some(theirs(c, id, tz)?),
        _ => None,
    };
    if let Some(t) = &theirs {
        form.version = t.version.to_string();
    }
    let districts = District::list(c)?.into_iter().map(|d| SelectOption::new(d.id, d.name, &form.district_id)).collect();
    let facilitators = Person::list(c)?
        .into_iter()
        .filter(|p| p.global_role() != GlobalRole::Member)
        .map(|p| {
            let selected = form.facilitator_ids.iter().any(|v| v.trim() == p.id.to_string());
            SelectOption { value: p.id.to_string(), label: p.name, selected }
        })
        .collect();
    let (action, meeting_id) = match mode {
        Mode::New => ("/meetings".to_string(), None),
        Mode::Edit(id) => (format!("/meetings/{id}"), Some(id)),
    };
    Ok(FormPage {
        action,
        meeting_id,
        kinds: MeetingKind::ALL.iter().map(|k| SelectOption::new(k.as_str(), k.label(), &form.kind)).collect(),
        modalities: Modality::ALL.iter().map(|m| SelectOption::new(m.as_str(), m.label(), &form.modality)).collect(),
        form,
        districts,
        facilitators,
        zone: tz.name().to_string(),
        time_hint: format!("Local time in {}", tz.name()),
        theirs,
        errors: BTreeMap::new(),
        errors_list: vec![],
    })
}

/// The saved meeting as people read it.
fn theirs(c: &mut DbConn, id: i32, tz: Tz) -> Result<Theirs, AppError> {
    let m = find_meeting(c, id)?;
    let names: Vec<String> = Meeting::facilitators(c, id)?.into_iter().map(|(_, n)| n).collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d).unwrap().and_hms_opt(h, mi, 0).unwrap()
    }

    #[test]
    fn local_times_become_utc_and_skipped_or_repeated_ones_are_refused() {
        let tz: Tz = "America/New_York".parse().unwrap();
        assert_eq!(to_utc(tz, at(2026, 10, 14, 15, 0), "start").unwrap(), at(2026, 10, 14, 19, 0));
        let skipped = to_utc(tz, at(2026, 3, 8, 2, 30), "start").unwrap_err();
        assert_eq!(skipped.field, "start");
        assert!(skipped.message.contains("does not exist"));
        let twice = to_utc(tz, at(2026, 11, 1, 1, 30), "end").unwrap_err();
        assert_eq!(twice.field, "end");
        assert!(twice.message.contains("twice"));
    }

    #[test]
    fn repeated_facilitators_are_all_kept() {
        let pairs = vec![("facilitator_ids".to_string(), "3".to_string()), ("facilitator_ids".into(), "5".into()), ("title".into(), "T".into())];
        let f = MeetingForm::from_pairs(pairs);
        assert_eq!(f.facilitator_ids, vec!["3", "5"]);
        assert_eq!(f.title, "T");
    }

    #[test]
    fn a_video_meeting_without_an_https_link_is_a_field_error_even_with_bad_times() {
        let f = MeetingForm {
            district_id: "1".into(),
            kind: "tune_up".into(),
            title: "Tune-up".into(),
            date: "2026-10-14".into(),
            start: "9am".into(),
            end: "16:00".into(),
            modality: "video".into(),
            video_url: "http://meet.example.org/x".into(),
            ..MeetingForm::default()
        };
        let e = parse(&f, chrono_tz::UTC).unwrap_err();
        let fields: Vec<&str> = e.violations().iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, vec!["start", "video_url"]);
    }
}
