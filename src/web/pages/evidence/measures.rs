//! Pages: measures. A team's page lists the year's shared measures and the team's own, which
//! its members (and directors) add and edit; the year's page lists the shared ones, which
//! directors add and edit. `?edit=ID` opens a measure in the form. A measure that observations
//! use keeps its kind and scale (the model refuses the change, beside those fields).

use super::measure_form::{self, Card, MeasureForm};
use super::{Nav, Seen};
use crate::db::DbConn;
use crate::domain::Violation;
use crate::error::AppError;
use crate::models::measure::{Measure, MeasureDetail, Owner};
use crate::models::not_found;
use crate::models::year::ProgramYear;
use crate::web::AppState;
use crate::web::actor::{Actor, PageActor};
use crate::web::api::evidence::access;
use crate::web::form::{self, FieldErrors};
use crate::web::render::{Chrome, SelectOption, render_form, see_other};
use crate::web::session;
use actix_session::Session;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// Whose measures a page shows: a team's (with the shared ones), or a year's shared set.
#[derive(Debug, Clone, Copy)]
enum Scope {
    Team(i32),
    Year(i32),
}

impl Scope {
    fn of(m: &Measure) -> Scope {
        match m.team_id {
            Some(team_id) => Scope::Team(team_id),
            None => Scope::Year(m.program_year_id),
        }
    }

    fn url(self) -> String {
        match self {
            Scope::Team(id) => format!("/teams/{id}/measures"),
            Scope::Year(id) => format!("/years/{id}/measures"),
        }
    }
}

/// `?edit=ID`.
#[derive(Debug, Default, Deserialize)]
pub struct EditQuery {
    #[serde(default)]
    edit: String,
}

#[derive(Serialize)]
struct MeasuresPage {
    nav: Option<Nav>,
    year_id: i32,
    year_label: String,
    shared: Vec<Card>,
    own: Vec<Card>,
    is_team: bool,
    can_manage: bool,
    editing: Option<i32>,
    action: String,
    cancel: String,
    form: MeasureForm,
    kinds: Vec<SelectOption>,
    directions: Vec<SelectOption>,
}

/// GET /teams/{id}/measures: the year's shared measures and the team's own.
pub async fn team_index(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    q: web::Query<EditQuery>,
) -> Result<HttpResponse, AppError> {
    let editing = q.edit.trim().parse().ok();
    let (errors, scope) = (FieldErrors::default(), Scope::Team(path.into_inner()));
    page(&state, &session, actor, scope, editing, None, errors).await
}

/// GET /years/{id}/measures: the year's shared measures (everyone signed in; directors manage).
pub async fn year_index(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    q: web::Query<EditQuery>,
) -> Result<HttpResponse, AppError> {
    let editing = q.edit.trim().parse().ok();
    let (errors, scope) = (FieldErrors::default(), Scope::Year(path.into_inner()));
    page(&state, &session, actor, scope, editing, None, errors).await
}

/// POST /teams/{id}/measures (the team's members, directors): adds a team's own measure.
pub async fn team_create(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    body: web::Form<MeasureForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let a = actor.clone();
    let owner = state
        .db(move |c| {
            let team = Seen::writable(c, &a, id)?.team;
            Ok(Owner {
                program_year_id: team.program_year_id,
                team_id: Some(team.id),
            })
        })
        .await?;
    create(
        &state,
        &session,
        actor,
        Scope::Team(id),
        owner,
        body.into_inner(),
    )
    .await
}

/// POST /years/{id}/measures (directors): adds a measure shared by every team of the year.
pub async fn year_create(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    body: web::Form<MeasureForm>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let id = path.into_inner();
    let year = state.db(move |c| find_year(c, id)).await?;
    let owner = Owner {
        program_year_id: year.id,
        team_id: None,
    };
    create(
        &state,
        &session,
        actor,
        Scope::Year(id),
        owner,
        body.into_inner(),
    )
    .await
}

async fn create(
    state: &AppState,
    session: &Session,
    actor: Actor,
    scope: Scope,
    owner: Owner,
    form: MeasureForm,
) -> Result<HttpResponse, AppError> {
    let input = match form.input() {
        Ok(input) => input,
        Err(errors) => return page(state, session, actor, scope, None, Some(form), errors).await,
    };
    let by = actor.audit();
    match state
        .db(move |c| Measure::create(c, &by, owner, &input))
        .await
    {
        Ok(d) => Ok(saved(session, &d, "added", scope)),
        Err(e) => {
            let errors = refused(e)?;
            page(state, session, actor, scope, None, Some(form), errors).await
        }
    }
}

/// POST /measures/{id}: saves an edit (directors for a shared measure; the team's members too
/// for its own).
pub async fn update(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    body: web::Form<MeasureForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let a = actor.clone();
    let m = state
        .db(move |c| {
            let m = Measure::find(c, id).map_err(not_found("measure"))?;
            access::write_measure(&a, &m)?;
            Ok(m)
        })
        .await?;
    let (scope, mut form) = (Scope::of(&m), body.into_inner());
    let (input, version) = match (form.input(), form.version()) {
        (Ok(input), Ok(version)) => (input, version),
        (Err(errors), _) | (_, Err(errors)) => {
            return page(&state, &session, actor, scope, Some(id), Some(form), errors).await;
        }
    };
    let by = actor.audit();
    match state
        .db(move |c| Measure::update(c, &by, id, version, &input))
        .await
    {
        Ok(d) => Ok(saved(&session, &d, "saved", scope)),
        Err(AppError::Conflict(now)) => {
            let errors = changed_meanwhile(&mut form, &now);
            page(&state, &session, actor, scope, Some(id), Some(form), errors).await
        }
        Err(e) => {
            let errors = refused(e)?;
            page(&state, &session, actor, scope, Some(id), Some(form), errors).await
        }
    }
}

/// Someone saved the measure after this form was read: the typed form stays (nothing typed is
/// lost), the message says what is saved now, and the form takes the new version so that
/// saving again replaces it knowingly.
fn changed_meanwhile(form: &mut MeasureForm, now: &serde_json::Value) -> FieldErrors {
    let text = |key: &str| now[key].as_str().unwrap_or("").to_string();
    if let Some(v) = now["version"].as_i64() {
        form.version = v.to_string();
    }
    let mut errors = FieldErrors::default();
    errors.add(Violation::new(
        "version",
        format!(
            "someone saved this measure after you opened it (now named \"{}\": {}); \
             your changes are below, not saved yet: save again to replace theirs",
            text("name"),
            text("description"),
        ),
    ));
    errors
}

fn saved(session: &Session, d: &MeasureDetail, what: &str, scope: Scope) -> HttpResponse {
    session::flash(session, "ok", format!("{} {what}.", d.measure.name));
    see_other(&scope.url())
}

/// The model's problems beside the form's fields; any other error is passed on.
fn refused(e: AppError) -> Result<FieldErrors, AppError> {
    form::refused(e).map(|f| measure_form::errors_of(&f.list()))
}

fn find_year(c: &mut DbConn, id: i32) -> Result<ProgramYear, AppError> {
    ProgramYear::find(c, id).map_err(not_found("program year"))
}

async fn page(
    state: &AppState,
    session: &Session,
    actor: Actor,
    scope: Scope,
    editing: Option<i32>,
    form: Option<MeasureForm>,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let a = actor.clone();
    let body = state
        .db(move |c| measures_page(c, &a, scope, editing, form))
        .await?;
    let title = match scope {
        Scope::Team(_) => "Measures".to_string(),
        Scope::Year(_) => format!("Shared measures · {}", body.year_label),
    };
    let chrome = Chrome::new(session, Some(&actor), title, "year");
    render_form(state, "measures", chrome, &body, errors)
}

/// The page's place: a team's (its tabs, year, and whether the caller writes its evidence) or a
/// year's (directors manage its shared measures).
struct Place {
    nav: Option<Nav>,
    year: ProgramYear,
    team_id: Option<i32>,
    can_manage: bool,
}

impl Place {
    fn load(c: &mut DbConn, actor: &Actor, scope: Scope) -> Result<Place, AppError> {
        Ok(match scope {
            Scope::Team(id) => {
                let seen = Seen::load(c, actor, id)?;
                Place {
                    nav: Some(seen.nav("measures")),
                    team_id: Some(seen.team.id),
                    can_manage: seen.can_write,
                    year: seen.year,
                }
            }
            Scope::Year(id) => Place {
                nav: None,
                year: find_year(c, id)?,
                team_id: None,
                can_manage: actor.is_director(),
            },
        })
    }

    /// Whether the caller changes this measure here (a team's own on its page, a shared one on
    /// the year's).
    fn edits(&self, d: &MeasureDetail) -> bool {
        self.can_manage && d.measure.team_id == self.team_id
    }

    /// Where the measure is edited, if the caller may: here, or (a director on a team's page)
    /// on the year's page.
    fn edit_href(&self, actor: &Actor, scope: Scope, d: &MeasureDetail) -> Option<String> {
        let id = d.measure.id;
        if self.edits(d) {
            Some(format!("{}?edit={id}#measure-form", scope.url()))
        } else if actor.is_director() && d.measure.team_id.is_none() {
            let year = Scope::Year(self.year.id).url();
            Some(format!("{year}?edit={id}#measure-form"))
        } else {
            None
        }
    }
}

fn measures_page(
    c: &mut DbConn,
    actor: &Actor,
    scope: Scope,
    editing: Option<i32>,
    form: Option<MeasureForm>,
) -> Result<MeasuresPage, AppError> {
    let place = Place::load(c, actor, scope)?;
    let all = match place.team_id {
        Some(t) => Measure::for_team(c, place.year.id, t)?,
        None => Measure::shared_of_year(c, place.year.id)?,
    };
    let details = Measure::with_levels(c, all)?;
    let editing = editing.and_then(|id| {
        details
            .iter()
            .find(|d| d.measure.id == id && place.edits(d))
    });
    let form = form.unwrap_or_else(|| editing.map(MeasureForm::of).unwrap_or_default());
    let cards = |shared: bool| -> Vec<Card> {
        details
            .iter()
            .filter(|d| d.measure.team_id.is_none() == shared)
            .map(|d| Card::new(d, place.edit_href(actor, scope, d)))
            .collect()
    };
    let (kinds, directions) = measure_form::choices(&form);
    Ok(MeasuresPage {
        shared: cards(true),
        own: cards(false),
        action: editing.map_or_else(|| scope.url(), |d| format!("/measures/{}", d.measure.id)),
        cancel: scope.url(),
        editing: editing.map(|d| d.measure.id),
        is_team: place.team_id.is_some(),
        year_id: place.year.id,
        year_label: place.year.label,
        nav: place.nav,
        can_manage: place.can_manage,
        form,
        kinds,
        directions,
    })
}
