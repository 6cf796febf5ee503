//! Editing and deleting one observation from the list (the team's members, directors). An edit
//! carries the `version` it was made from: a stale one is refused (409) and the list comes back
//! with the other person's saved value beside the one typed, the form's version moved on, so
//! that saving again is a deliberate overwrite. The save is the API's (`Observation::update`).

use super::observations::{Query, list_page, shown};
use super::value_input::{Cell, ValueInput, value_input};
use super::{Seen, cycle_options, number};
use crate::db::DbConn;
use crate::error::AppError;
use crate::models::measure::MeasureDetail;
use crate::models::not_found;
use crate::models::observation::{
    Context, Draft, Observation, ObservationRow, RawValue, Ref, local_today,
};
use crate::web::AppState;
use crate::web::actor::{Actor, PageActor};
use crate::web::api::evidence::access;
use crate::web::form::{self, FieldErrors};
use crate::web::render::{self, SelectOption, see_other};
use crate::web::session;
use actix_session::Session;
use actix_web::{HttpResponse, web};
use diesel::OptionalExtension;
use serde::{Deserialize, Serialize};

/// The edit form as typed.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct EditForm {
    /// The version the editor read.
    #[serde(default)]
    pub version: String,
    /// Date.
    #[serde(default)]
    pub date: String,
    /// Value text.
    #[serde(default)]
    pub value: String,
    /// Cycle id or blank.
    #[serde(default)]
    pub cycle: String,
    /// Note.
    #[serde(default)]
    pub note: String,
    /// The list's filters, to return to.
    #[serde(default)]
    pub back: String,
}

impl EditForm {
    fn of(o: &Observation) -> EditForm {
        EditForm {
            version: o.version.to_string(),
            date: o.date.to_string(),
            value: number(o.value),
            cycle: o.cycle_id.map(|c| c.to_string()).unwrap_or_default(),
            note: o.note.clone(),
            back: String::new(),
        }
    }
}

/// An observation open in the edit form: as saved (`form` none), or as typed after a refusal.
pub(super) struct Editing {
    /// The observation.
    pub id: i32,
    /// What was typed.
    pub form: Option<EditForm>,
    /// The save was stale.
    pub conflict: bool,
}

/// The other person's saved observation, shown beside the one typed.
#[derive(Debug, Serialize)]
struct Theirs {
    version: i32,
    date: String,
    value: String,
    title: String,
    cycle: Option<i32>,
    note: String,
    observer: Option<String>,
}

/// The edit form as the list shows it.
#[derive(Debug, Serialize)]
pub(super) struct EditBox {
    id: i32,
    classroom: String,
    measure: String,
    form: EditForm,
    input: ValueInput,
    cycles: Vec<SelectOption>,
    theirs: Option<Theirs>,
    yours: String,
}

impl EditBox {
    /// The observation open in the form.
    pub(super) fn id(&self) -> i32 {
        self.id
    }
}

/// The edit form for an observation of the team, when the caller may change it (none otherwise).
pub(super) fn edit_box(
    c: &mut DbConn,
    seen: &Seen,
    measures: &[MeasureDetail],
    editing: Editing,
    back: &str,
    errors: &FieldErrors,
) -> Result<Option<EditBox>, AppError> {
    let row = Observation::row(c, editing.id).optional()?;
    let Some(row) = row.filter(|r| r.team_id == seen.team.id && seen.can_write) else {
        return Ok(None);
    };
    let m = measures
        .iter()
        .find(|m| m.measure.id == row.observation.measure_id);
    let mut form = editing
        .form
        .unwrap_or_else(|| EditForm::of(&row.observation));
    form.back = back.to_string();
    let theirs = editing.conflict.then(|| theirs(&row, m));
    if let Some(t) = &theirs {
        form.version = t.version.to_string();
    }
    let input = m.map(|m| {
        let cell = Cell {
            name: "value".into(),
            label: "Value".into(),
            typed: &form.value,
            error: errors.errors.get("value").cloned(),
            autofocus: true,
        };
        value_input(m, cell)
    });
    let Some(input) = input else {
        return Ok(None);
    };
    Ok(Some(EditBox {
        id: row.observation.id,
        classroom: row.classroom_label.clone(),
        measure: row.measure_name.clone(),
        cycles: cycle_options(c, seen.team.id, false, &form.cycle)?,
        yours: match form.value.trim() {
            "" => "(blank)".into(),
            typed => typed.to_string(),
        },
        form,
        input,
        theirs,
    }))
}

fn theirs(row: &ObservationRow, m: Option<&MeasureDetail>) -> Theirs {
    let o = &row.observation;
    let (value, title) = shown(m, o.value);
    Theirs {
        version: o.version,
        date: render::date(o.date),
        value,
        title,
        cycle: o.cycle_id,
        note: o.note.clone(),
        observer: row.observer_name.clone(),
    }
}

/// POST /observations/{id}: saves an edit made from `version` (the team's members, directors).
pub async fn update(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    body: web::Form<EditForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let a = actor.clone();
    let team_id = state.db(move |c| writable(c, &a, id)).await?;
    let (form, observer, by) = (body.into_inner(), actor.person.id, actor.audit());
    let typed = form.clone();
    let result = state
        .db(move |c| save(c, &by, team_id, id, &typed, observer))
        .await;
    let back = Query::read(&form.back);
    let (errors, conflict) = match result {
        Ok(_) => {
            session::flash(&session, "ok", "Observation saved.");
            return Ok(see_other(&back.url(team_id, "")));
        }
        Err(AppError::Conflict(_)) => (FieldErrors::default(), true),
        Err(e) => (errors_of(e)?, false),
    };
    let editing = Editing {
        id,
        form: Some(form),
        conflict,
    };
    list_page(
        &state,
        &session,
        actor,
        team_id,
        &back.text,
        Some(editing),
        errors,
    )
    .await
}

/// The save's problems by the form's field names (`cycle_id` is the form's `cycle`).
fn errors_of(e: AppError) -> Result<FieldErrors, AppError> {
    let mut errors = FieldErrors::default();
    for v in form::refused(e)?.list() {
        let field = if v.field == "cycle_id" {
            "cycle".to_string()
        } else {
            v.field
        };
        errors.add(crate::domain::Violation::new(field, v.message));
    }
    Ok(errors)
}

/// The observation's team, once the caller may change its observations.
fn writable(c: &mut DbConn, actor: &Actor, id: i32) -> Result<i32, AppError> {
    let team_id = Observation::team_of(c, id).map_err(not_found("observation"))?;
    access::write_team(actor, team_id)?;
    Ok(team_id)
}

/// The edit, checked as the API checks it; the classroom and measure stay as they are.
fn save(
    c: &mut DbConn,
    by: &crate::models::audit::AuditActor,
    team_id: i32,
    id: i32,
    form: &EditForm,
    observer: i32,
) -> Result<Observation, AppError> {
    let version = form::int("version", &form.version)?;
    let current = Observation::find(c, id)?;
    let team = access::team(c, team_id)?;
    let today = local_today(c)?;
    let ctx = Context::load(c, team, today)?;
    let draft = Draft {
        date: form.date.clone(),
        classroom: Ref::Id(current.classroom_id),
        measure: Ref::Id(current.measure_id),
        value: RawValue::Text(form.value.clone()),
        cycle: Some(form.cycle.clone()),
        note: form.note.clone(),
    };
    Observation::update(c, by, &ctx, id, version, &draft, Some(observer))
}

/// POST /observations/{id}/delete (the team's members, directors).
pub async fn delete(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    body: web::Form<EditForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let team_id = state
        .db(move |c| {
            let team_id = writable(c, &actor, id)?;
            Observation::delete(c, &actor.audit(), id)?;
            Ok(team_id)
        })
        .await?;
    session::flash(&session, "ok", "Observation deleted.");
    Ok(see_other(&Query::read(&body.back).url(team_id, "")))
}
