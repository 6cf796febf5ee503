//! Pages: a team's classrooms — label, school (one of the district's), teacher (someone on the
//! team, or a name), subject and grade. The team's members and directors add, edit and delete
//! them (`?edit=ID` opens one in the form); the facilitation team reads them; members of other
//! teams, while the collective shares, see labels only.

use super::{Nav, Seen};
use crate::db::DbConn;
use crate::error::AppError;
use crate::models::classroom::{Classroom, ClassroomInput, ClassroomRow};
use crate::models::district::School;
use crate::models::team::Team;
use crate::web::AppState;
use crate::web::actor::{Actor, PageActor};
use crate::web::form::{self, FieldErrors};
use crate::web::policy::{self, Action, Resource, View};
use crate::web::render::{Chrome, SelectOption, render_form_status, see_other};
use crate::web::session;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// `?edit=ID`: the classroom to open in the form.
#[derive(Debug, Default, Deserialize)]
pub struct EditQuery {
    #[serde(default)]
    edit: String,
}

/// The classroom form as typed.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct ClassroomForm {
    /// Label.
    #[serde(default)]
    pub label: String,
    /// School id or blank.
    #[serde(default)]
    pub school_id: String,
    /// Team member's person id or blank.
    #[serde(default)]
    pub teacher_person_id: String,
    /// Teacher's name when not on the team.
    #[serde(default)]
    pub teacher_name: String,
    /// Subject.
    #[serde(default)]
    pub subject: String,
    /// Grade.
    #[serde(default)]
    pub grade: String,
}

impl ClassroomForm {
    fn of(c: &Classroom) -> ClassroomForm {
        let id = |v: Option<i32>| v.map(|v| v.to_string()).unwrap_or_default();
        ClassroomForm {
            label: c.label.clone(),
            school_id: id(c.school_id),
            teacher_person_id: id(c.teacher_person_id),
            teacher_name: c.teacher_name.clone(),
            subject: c.subject.clone(),
            grade: c.grade.clone(),
        }
    }

    /// The model's input; ids that are not numbers are field errors.
    fn input(&self) -> Result<ClassroomInput, AppError> {
        let mut errors = FieldErrors::default();
        let school_id = errors.take(form::opt_int("school_id", &self.school_id));
        let teacher = errors.take(form::opt_int("teacher_person_id", &self.teacher_person_id));
        form::finish(errors)?;
        Ok(ClassroomInput {
            school_id: school_id.flatten(),
            label: self.label.clone(),
            teacher_person_id: teacher.flatten(),
            teacher_name: self.teacher_name.clone(),
            subject: self.subject.clone(),
            grade: self.grade.clone(),
        })
    }
}

#[derive(Serialize)]
struct Line {
    id: i32,
    label: String,
    school: Option<String>,
    teacher: String,
    subject: String,
    grade: String,
    error: Option<String>,
}

#[derive(Serialize)]
struct ClassroomsPage {
    nav: Nav,
    full: bool,
    lines: Vec<Line>,
    editing: Option<i32>,
    action: String,
    form: ClassroomForm,
    schools: Vec<SelectOption>,
    teachers: Vec<SelectOption>,
}

/// What the page shows besides the list: the form (to add, or to edit `editing`) as typed, its
/// errors, and a refused delete's message in its row.
#[derive(Default)]
struct Shown {
    editing: Option<i32>,
    form: Option<ClassroomForm>,
    errors: FieldErrors,
    row_error: Option<(i32, String)>,
}

/// GET /teams/{id}/classrooms: the list, and the form for those who may change it.
pub async fn index(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    q: web::Query<EditQuery>,
) -> Result<HttpResponse, AppError> {
    let shown = Shown {
        editing: q.edit.trim().parse().ok(),
        ..Shown::default()
    };
    page(&state, &session, actor, path.into_inner(), shown).await
}

/// POST /teams/{id}/classrooms (the team's members, directors): adds a classroom.
pub async fn create(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    body: web::Form<ClassroomForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let a = actor.clone();
    let team = state
        .db(move |c| Ok(Seen::writable(c, &a, id, CREATE)?.team))
        .await?;
    let form = body.into_inner();
    let typed = form.clone();
    let made = state
        .db(move |c| Classroom::create(c, &team, &typed.input()?))
        .await;
    let label = match made {
        Ok(room) => room.label,
        Err(e) => return refused(&state, &session, actor, id, None, form, e).await,
    };
    session::flash(&session, "ok", format!("{label} added."));
    Ok(see_other(&format!("/teams/{id}/classrooms")))
}

/// POST /classrooms/{id} (the team's members, directors): saves an edit.
pub async fn update(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    body: web::Form<ClassroomForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let a = actor.clone();
    let team = state.db(move |c| writable(c, &a, id, Action::Edit)).await?;
    let (form, team_id) = (body.into_inner(), team.id);
    let typed = form.clone();
    let saved = state
        .db(move |c| Classroom::update(c, &team, id, &typed.input()?))
        .await;
    let label = match saved {
        Ok(room) => room.label,
        Err(e) => return refused(&state, &session, actor, team_id, Some(id), form, e).await,
    };
    session::flash(&session, "ok", format!("{label} saved."));
    Ok(see_other(&format!("/teams/{team_id}/classrooms")))
}

/// POST /classrooms/{id}/delete (the team's members, directors): deletes a classroom without
/// observations; one with observations stays, with the reason in its row (422).
pub async fn delete(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let a = actor.clone();
    let team = state
        .db(move |c| writable(c, &a, id, Action::Delete))
        .await?;
    match state.db(move |c| Classroom::delete(c, id)).await {
        Ok(()) => {
            session::flash(&session, "ok", "Classroom deleted.");
            Ok(see_other(&format!("/teams/{}/classrooms", team.id)))
        }
        Err(e) if !e.violations().is_empty() => {
            let message = e.violations()[0].message.clone();
            let shown = Shown {
                row_error: Some((id, message)),
                ..Shown::default()
            };
            page(&state, &session, actor, team.id, shown).await
        }
        Err(e) => Err(e),
    }
}

/// Adding a classroom.
const CREATE: (Resource, Action) = (Resource::Classrooms, Action::Create);

/// The classroom's team, once the caller may do `action` to its classrooms; 404 for no such
/// classroom.
fn writable(
    c: &mut DbConn,
    actor: &Actor,
    classroom_id: i32,
    action: Action,
) -> Result<Team, AppError> {
    let room: Classroom = policy::writable(c, actor, classroom_id, (Resource::Classrooms, action))?;
    policy::team(c, room.team_id)
}

/// The page again with the form as typed and the save's problems (422), or the error.
async fn refused(
    state: &AppState,
    session: &Session,
    actor: Actor,
    team_id: i32,
    editing: Option<i32>,
    form: ClassroomForm,
    e: AppError,
) -> Result<HttpResponse, AppError> {
    let shown = Shown {
        editing,
        form: Some(form),
        errors: form::refused(e)?,
        row_error: None,
    };
    page(state, session, actor, team_id, shown).await
}

async fn page(
    state: &AppState,
    session: &Session,
    actor: Actor,
    team_id: i32,
    mut shown: Shown,
) -> Result<HttpResponse, AppError> {
    let status = if shown.errors.is_empty() && shown.row_error.is_none() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let errors = std::mem::take(&mut shown.errors);
    let a = actor.clone();
    let body = state
        .db(move |c| classrooms_page(c, &a, team_id, shown))
        .await?;
    let chrome = Chrome::new(session, Some(&actor), "Classrooms", "districts");
    render_form_status(state, "classrooms", chrome, &body, errors, status)
}

fn classrooms_page(
    c: &mut DbConn,
    actor: &Actor,
    team_id: i32,
    shown: Shown,
) -> Result<ClassroomsPage, AppError> {
    let seen = Seen::load(c, actor, team_id)?;
    let rows = Classroom::rows_of_team(c, seen.team.id)?;
    let editing = shown
        .editing
        .filter(|id| seen.can_write && rows.iter().any(|r| r.classroom.id == *id));
    let form = shown.form.unwrap_or_else(|| {
        rows.iter()
            .find(|r| Some(r.classroom.id) == editing)
            .map_or_else(ClassroomForm::default, |r| ClassroomForm::of(&r.classroom))
    });
    let (schools, teachers) = if seen.can_write {
        choices(c, &seen.team, &form)?
    } else {
        Default::default()
    };
    let full = seen.view == View::Full;
    Ok(ClassroomsPage {
        nav: seen.nav("classrooms"),
        lines: lines(rows, full, shown.row_error.as_ref()),
        full,
        action: match editing {
            Some(id) => format!("/classrooms/{id}"),
            None => format!("/teams/{}/classrooms", seen.team.id),
        },
        editing,
        form,
        schools,
        teachers,
    })
}

/// The list's lines: everything for the team and the facilitation team, the label alone for
/// other teams; a refused delete's message in its line.
fn lines(rows: Vec<ClassroomRow>, full: bool, row_error: Option<&(i32, String)>) -> Vec<Line> {
    let keep = |text: String| if full { text } else { String::new() };
    rows.into_iter()
        .map(|r| Line {
            error: row_error
                .filter(|(id, _)| *id == r.classroom.id)
                .map(|(_, m)| m.clone()),
            id: r.classroom.id,
            label: r.classroom.label,
            school: r.school_name.filter(|_| full),
            teacher: keep(r.teacher),
            subject: keep(r.classroom.subject),
            grade: keep(r.classroom.grade),
        })
        .collect()
}

/// The district's schools and the team's members, for the form's selects.
fn choices(
    c: &mut DbConn,
    team: &Team,
    form: &ClassroomForm,
) -> Result<(Vec<SelectOption>, Vec<SelectOption>), AppError> {
    let schools = School::of_district(c, team.district_id)?
        .into_iter()
        .map(|s| SelectOption::new(s.id, s.name, &form.school_id))
        .collect();
    let teachers = Team::roster(c, team.id)?
        .into_iter()
        .map(|l| SelectOption::new(l.member.person_id, l.person_name, &form.teacher_person_id))
        .collect();
    Ok((schools, teachers))
}
