//! The meeting page: when and where (in the collective's zone), who runs it, notes and action
//! items. Staff add action items and tick them off.

use super::{kind_label, modality_label};
use crate::db::DbConn;
use crate::domain::roles::GlobalRole;
use crate::domain::{Violation, validate};
use crate::error::AppError;
use crate::models::collective::Collective;
use crate::models::district::District;
use crate::models::meeting::{ActionItem, Meeting};
use crate::models::not_found;
use crate::models::person::Person;
use crate::models::team::Team;
use crate::web::AppState;
use crate::web::actor::{Actor, PageActor};
use crate::web::form::{self, FieldErrors};
use crate::web::render::{self, Chrome, SelectOption, render_form, see_other};
use crate::web::session;
use actix_session::Session;
use actix_web::{HttpResponse, web};
use diesel::OptionalExtension;
use serde::{Deserialize, Serialize};

/// The add-action-item form as typed.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct ActionForm {
    /// What is to be done.
    #[serde(default)]
    pub description: String,
    /// Who does it (person id, blank for nobody yet).
    #[serde(default)]
    pub owner_person_id: String,
    /// By when (YYYY-MM-DD, blank for no date).
    #[serde(default)]
    pub due_date: String,
}

/// The done/open toggle: the state asked for, so a double submit does not flip it back.
#[derive(Debug, Deserialize)]
pub struct DoneForm {
    #[serde(default)]
    done: String,
}

#[derive(Serialize)]
struct Details {
    id: i32,
    title: String,
    kind: &'static str,
    district_id: i32,
    district: String,
    when: String,
    until: String,
    modality: String,
    modality_label: &'static str,
    place: String,
    video_url: String,
    notes: String,
    facilitators: Vec<String>,
    version: i32,
    cancelled: Option<String>,
}

#[derive(Serialize)]
struct ActionLine {
    id: i32,
    description: String,
    owner: Option<String>,
    due: Option<String>,
    done: bool,
}

#[derive(Serialize)]
struct ShowPage {
    meeting: Details,
    actions: Vec<ActionLine>,
    team_id: Option<i32>,
    can_manage: bool,
    owners: Vec<SelectOption>,
    form: ActionForm,
}

/// GET /meetings/{id}: staff, or members of the district's team that year.
pub async fn show(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    page(
        &state,
        &session,
        actor,
        path.into_inner(),
        ActionForm::default(),
        FieldErrors::default(),
    )
    .await
}

/// Loads and renders the meeting page, with the action-item form as typed and its errors.
async fn page(
    state: &AppState,
    session: &Session,
    actor: Actor,
    id: i32,
    form: ActionForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let a = actor.clone();
    let body = state.db(move |c| show_data(c, &a, id, form)).await?;
    let chrome = Chrome::new(
        session,
        Some(&actor),
        body.meeting.title.clone(),
        "calendar",
    );
    render_form(state, "meeting", chrome, &body, errors)
}

/// A meeting, or 404.
pub(super) fn find_meeting(c: &mut DbConn, id: i32) -> Result<Meeting, AppError> {
    Meeting::find(c, id).map_err(not_found("meeting"))
}

/// The district's team in the meeting's year; 403 unless staff or on that team.
fn check_visible(c: &mut DbConn, actor: &Actor, m: &Meeting) -> Result<Option<Team>, AppError> {
    let team = Team::of_district(c, m.program_year_id, m.district_id)?;
    if actor.is_staff() || team.as_ref().is_some_and(|t| actor.on_team(t.id)) {
        Ok(team)
    } else {
        Err(AppError::Forbidden(
            "you can see your own district's meetings only".into(),
        ))
    }
}

fn show_data(
    c: &mut DbConn,
    actor: &Actor,
    id: i32,
    form: ActionForm,
) -> Result<ShowPage, AppError> {
    let m = find_meeting(c, id)?;
    let team = check_visible(c, actor, &m)?;
    let tz = Collective::get(c)?.tz();
    let district = District::find(c, m.district_id)?.name;
    let facilitators = Meeting::facilitators(c, id)?
        .into_iter()
        .map(|(_, name)| name)
        .collect();
    let people = Person::list(c)?;
    let actions = ActionItem::of_meeting(c, id)?
        .into_iter()
        .map(|i| action_line(i, &people))
        .collect();
    let can_manage = actor.is_staff();
    let owners = if can_manage {
        owner_choices(c, team.as_ref(), &people, &form.owner_person_id)?
    } else {
        vec![]
    };
    Ok(ShowPage {
        meeting: details(m, district, facilitators, tz),
        actions,
        team_id: team.map(|t| t.id),
        can_manage,
        owners,
        form,
    })
}

fn details(m: Meeting, district: String, facilitators: Vec<String>, tz: chrono_tz::Tz) -> Details {
    let (start, end) = (
        m.starts_at.and_utc().with_timezone(&tz),
        m.ends_at.and_utc().with_timezone(&tz),
    );
    let until = if start.date_naive() == end.date_naive() {
        end.format("%H:%M %Z").to_string()
    } else {
        render::local(m.ends_at, tz)
    };
    Details {
        id: m.id,
        kind: kind_label(&m.kind),
        modality_label: modality_label(&m.modality),
        district_id: m.district_id,
        district,
        when: render::local(m.starts_at, tz),
        until,
        title: m.title,
        modality: m.modality,
        place: m.place,
        video_url: m.video_url,
        notes: m.notes,
        facilitators,
        version: m.version,
        cancelled: m.cancelled_at.map(|t| render::local(t, tz)),
    }
}

fn action_line(i: ActionItem, people: &[Person]) -> ActionLine {
    let owner = i
        .owner_person_id
        .and_then(|o| people.iter().find(|p| p.id == o))
        .map(|p| p.name.clone());
    ActionLine {
        id: i.id,
        description: i.description,
        owner,
        due: i.due_date.map(render::date),
        done: i.done,
    }
}

/// Who can own an action item: the district's team that year and the facilitation team.
fn owner_choices(
    c: &mut DbConn,
    team: Option<&Team>,
    people: &[Person],
    current: &str,
) -> Result<Vec<SelectOption>, AppError> {
    let roster: Vec<i32> = match team {
        Some(t) => Team::roster(c, t.id)?
            .into_iter()
            .map(|l| l.member.person_id)
            .collect(),
        None => vec![],
    };
    Ok(people
        .iter()
        .filter(|p| roster.contains(&p.id) || p.global_role() != GlobalRole::Member)
        .map(|p| SelectOption::new(p.id, p.name.clone(), current))
        .collect())
}

/// POST /meetings/{id}/actions (staff): adds an action item; problems come back beside the fields.
pub async fn add_action(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    form: web::Form<ActionForm>,
) -> Result<HttpResponse, AppError> {
    actor.require_staff()?;
    let (id, form) = (path.into_inner(), form.into_inner());
    let typed = form.clone();
    match state.db(move |c| add(c, id, &typed)).await {
        Ok(()) => {
            session::flash(&session, "ok", "Action item added.");
            Ok(see_other(&format!("/meetings/{id}#actions")))
        }
        Err(e) => page(&state, &session, actor, id, form, form::refused(e)?).await,
    }
}

fn add(c: &mut DbConn, id: i32, form: &ActionForm) -> Result<(), AppError> {
    find_meeting(c, id)?;
    let mut errors = FieldErrors::default();
    let description = errors.take(validate::required("description", &form.description, 500));
    let owner = errors.take(owner_of(c, &form.owner_person_id)?);
    let due = errors.take(form::opt_date("due_date", &form.due_date));
    let (Some(description), Some(owner), Some(due)) = (description, owner, due) else {
        return Err(AppError::Invalid(errors.list()));
    };
    ActionItem::add(c, id, &description, owner, due)?;
    Ok(())
}

/// The chosen owner (none when blank), or a message for the `owner_person_id` field.
fn owner_of(c: &mut DbConn, value: &str) -> Result<Result<Option<i32>, Violation>, AppError> {
    let id = match form::opt_int("owner_person_id", value) {
        Ok(Some(id)) => id,
        other => return Ok(other),
    };
    Ok(match Person::find(c, id).optional()? {
        Some(_) => Ok(Some(id)),
        None => Err(Violation::new(
            "owner_person_id",
            "is not someone in the collective",
        )),
    })
}

/// POST /meetings/{id}/actions/{item_id} (staff): marks an item done or open again.
pub async fn toggle_action(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<(i32, i32)>,
    form: web::Form<DoneForm>,
) -> Result<HttpResponse, AppError> {
    actor.require_staff()?;
    let (id, item) = path.into_inner();
    let done = form.done.trim() == "true";
    let found = state
        .db(move |c| Ok(ActionItem::set_done(c, id, item, done)?))
        .await?;
    if !found {
        return Err(AppError::NotFound("action item"));
    }
    session::flash(
        &session,
        "ok",
        if done {
            "Marked done."
        } else {
            "Marked open again."
        },
    );
    Ok(see_other(&format!("/meetings/{id}#actions")))
}
