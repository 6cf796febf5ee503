//! A cycle's worksheet: Plan, Do, Study and Act, the parts the cycle has reached editable and
//! the later ones shown as "not yet"; the moves open to it; the "small and rapid" warning; the
//! observations tied to it (classrooms by label only); and the coaching comments.

use super::moves::NextForm;
use super::questions::{self, QuestionRow};
use super::sheet::{self, Diff, SheetForm};
use super::{
    Access, RampStep, flash_saved, measure_boxes, measure_field, notes, renamed, status_label,
};
use crate::db::DbConn;
use crate::domain::Warning;
use crate::domain::cycle::{CycleStatus, Decision, next_moves};
use crate::error::AppError;
use crate::models::cycle::{Cycle, CycleDetail};
use crate::models::driver::ChangeIdea;
use crate::models::measure::Measure;
use crate::models::team::Team;
use crate::web::AppState;
use crate::web::actor::{Actor, PageActor};
use crate::web::form::{self, FieldErrors};
use crate::web::policy::{Action, Resource, readable, writable};
use crate::web::render::{self, Chrome, SelectOption, render_form_status, see_other};
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Serialize;

/// Question rows a cycle still being planned offers at least.
const PLAN_ROWS: usize = super::plan::PLAN_ROWS;

/// What a refused form brings back to the worksheet.
#[derive(Default)]
pub(super) struct Typed {
    /// The worksheet as posted.
    pub(super) sheet: Option<Vec<(String, String)>>,
    /// The comment as typed.
    pub(super) comment: String,
    /// The next-cycle form as typed.
    pub(super) next: NextForm,
    /// The save met someone else's.
    pub(super) conflict: bool,
}

#[derive(Serialize)]
struct MoveButton {
    to: &'static str,
    label: String,
    forward: bool,
}

#[derive(Serialize)]
struct Theirs {
    version: i32,
    status_label: &'static str,
    diffs: Vec<Diff>,
}

#[derive(Serialize)]
struct WorksheetPage {
    cycle_id: i32,
    title: String,
    status: String,
    status_label: &'static str,
    version: i32,
    team_id: i32,
    team_name: String,
    idea_id: i32,
    idea_title: String,
    planned: String,
    #[serde(flatten)]
    access: Access,
    form: SheetForm,
    questions: Vec<QuestionRow>,
    measures: Vec<SelectOption>,
    watched: Vec<String>,
    decisions: Vec<SelectOption>,
    decision_label: &'static str,
    do_open: bool,
    study_open: bool,
    act_open: bool,
    moves: Vec<MoveButton>,
    warnings: Vec<Warning>,
    theirs: Option<Theirs>,
    can_start_next: bool,
    next_cycle: Option<RampStep>,
    next_form: NextForm,
    observations: Vec<notes::ObservationLine>,
    comments: Vec<notes::CommentLine>,
    comment: String,
}

/// GET /cycles/{id}: the worksheet.
pub async fn show(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let ok = (FieldErrors::default(), StatusCode::OK);
    page(
        &state,
        &session,
        actor,
        path.into_inner(),
        Typed::default(),
        ok,
    )
    .await
}

/// Loads and renders the worksheet with what was typed, its errors, and `status`.
pub(super) async fn page(
    state: &AppState,
    session: &Session,
    actor: Actor,
    id: i32,
    typed: Typed,
    (errors, status): (FieldErrors, StatusCode),
) -> Result<HttpResponse, AppError> {
    let (a, e) = (actor.clone(), errors.clone());
    let body = state.db(move |c| page_data(c, &a, id, typed, &e)).await?;
    let chrome = Chrome::new(session, Some(&actor), body.title.clone(), "districts");
    render_form_status(state, "cycle", chrome, &body, errors, status)
}

/// Whether a cycle in `status` has reached `part`.
fn reached(status: CycleStatus, part: CycleStatus) -> bool {
    let rank = |s: CycleStatus| CycleStatus::ALL.iter().position(|x| *x == s);
    rank(status) >= rank(part)
}

fn page_data(
    c: &mut DbConn,
    actor: &Actor,
    id: i32,
    typed: Typed,
    errors: &FieldErrors,
) -> Result<WorksheetPage, AppError> {
    let cycle: Cycle = readable(c, actor, id, Resource::Cycles)?;
    let detail = Cycle::with_parts(c, vec![cycle])?
        .pop()
        .ok_or(AppError::NotFound("cycle"))?;
    let team = Team::find(c, detail.cycle.team_id)?;
    let idea = ChangeIdea::find(c, detail.cycle.change_idea_id)?;
    let usable = Measure::for_team(c, team.program_year_id, team.id)?;
    let names: Vec<(i32, String)> = usable.iter().map(|m| (m.id, m.name.clone())).collect();
    let status = detail.cycle.status()?;
    let (form, theirs) = typed_form(&detail, status, &typed, &names);
    let access = Access::of(actor, team.id);
    let min_rows = if status == CycleStatus::Planning && access.can_write {
        PLAN_ROWS.max(form.questions.len() + 1)
    } else {
        0
    };
    let next_cycle = next_of(c, &detail)?;
    Ok(WorksheetPage {
        questions: questions::rows(&form.questions, min_rows, errors),
        measures: measure_boxes(usable, &form.measure_ids),
        decisions: Decision::ALL
            .iter()
            .map(|d| SelectOption::new(d.as_str(), d.label(), &form.act_decision))
            .collect(),
        observations: notes::observations(c, actor, &detail)?,
        comments: notes::comments(c, actor, &detail)?,
        can_start_next: can_start_next(&detail, status)?,
        next_cycle,
        access,
        team_id: team.id,
        team_name: team.name,
        idea_id: idea.id,
        idea_title: idea.title,
        theirs,
        form,
        next_form: typed.next,
        comment: typed.comment,
        ..head(&detail, status)
    })
}

/// The worksheet as typed over the saved cycle; after a conflict, with the saved values the
/// typed ones differ from, and the version moved on so saving again is a deliberate overwrite.
fn typed_form(
    d: &CycleDetail,
    status: CycleStatus,
    typed: &Typed,
    names: &[(i32, String)],
) -> (SheetForm, Option<Theirs>) {
    let saved = SheetForm::of(d);
    let mut form = saved.clone();
    if let Some(pairs) = &typed.sheet {
        form.overlay(pairs);
    }
    if !typed.conflict {
        return (form, None);
    }
    let theirs = Theirs {
        version: d.cycle.version,
        status_label: status.label(),
        diffs: form.differences(&saved, names),
    };
    form.version = d.cycle.version.to_string();
    (form, Some(theirs))
}

/// The parts of the page read straight from the saved cycle.
fn head(d: &CycleDetail, status: CycleStatus) -> WorksheetPage {
    let c = &d.cycle;
    WorksheetPage {
        cycle_id: c.id,
        title: c.title.clone(),
        status: c.status.clone(),
        status_label: status_label(&c.status),
        version: c.version,
        team_id: c.team_id,
        team_name: String::new(),
        idea_id: c.change_idea_id,
        idea_title: String::new(),
        planned: format!(
            "{} – {}",
            render::date(c.planned_start),
            render::date(c.planned_end)
        ),
        access: Access {
            can_write: false,
            can_comment: false,
        },
        form: SheetForm::default(),
        questions: vec![],
        measures: vec![],
        watched: d.measures.iter().map(|m| m.name.clone()).collect(),
        decisions: vec![],
        decision_label: c.act_decision.as_deref().map_or("", super::decision_label),
        do_open: reached(status, CycleStatus::Doing),
        study_open: reached(status, CycleStatus::Studying),
        act_open: reached(status, CycleStatus::Acting),
        moves: moves(status),
        warnings: d.warnings(),
        theirs: None,
        can_start_next: false,
        next_cycle: None,
        next_form: NextForm::default(),
        observations: vec![],
        comments: vec![],
        comment: String::new(),
    }
}

/// The status buttons: one step on first, then one step back.
fn moves(status: CycleStatus) -> Vec<MoveButton> {
    next_moves(status)
        .into_iter()
        .map(|to| {
            let forward = reached(to, status);
            let label = if forward {
                format!("Move on to {}", to.label())
            } else {
                format!("Back to {}", to.label())
            };
            MoveButton {
                to: to.as_str(),
                label,
                forward,
            }
        })
        .collect()
}

/// Whether "start the next cycle" is worth offering: an acting or closed cycle decided adopt or
/// adapt, not followed yet (the model checks it again).
fn can_start_next(d: &CycleDetail, status: CycleStatus) -> Result<bool, AppError> {
    let decided = matches!(d.cycle.decision()?, Some(Decision::Adopt | Decision::Adapt));
    let late = matches!(status, CycleStatus::Acting | CycleStatus::Closed);
    Ok(decided && late && d.cycle.next_cycle_id.is_none())
}

/// The cycle that follows this one on the ramp, if any.
fn next_of(c: &mut DbConn, d: &CycleDetail) -> Result<Option<RampStep>, AppError> {
    let Some(next) = d.cycle.next_cycle_id else {
        return Ok(None);
    };
    Ok(Cycle::find(c, next).ok().map(RampStep::new))
}

/// POST /cycles/{id} (the team's members, directors): saves the parts the cycle has reached,
/// from the version read; a stale save shows the saved values beside the typed ones (409).
pub async fn update(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    body: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let (id, pairs) = (path.into_inner(), body.into_inner());
    let (a, p) = (actor.clone(), pairs.clone());
    let result = state
        .db(move |c| {
            writable::<Cycle>(c, &a, id, (Resource::Cycles, Action::Edit))?;
            let posted = sheet::posted(&p)?;
            Cycle::edit(c, id, posted.version, &posted.edit)
                .map_err(|e| questions::remap(renamed(e, measure_field), &posted.kept))
        })
        .await;
    let (errors, status) = match result {
        Ok((_, warnings)) => {
            flash_saved(&session, "Worksheet saved.", warnings);
            return Ok(see_other(&format!("/cycles/{id}")));
        }
        Err(e) => form::refusal(e)?,
    };
    let typed = Typed {
        sheet: Some(pairs),
        conflict: status == StatusCode::CONFLICT,
        ..Typed::default()
    };
    page(&state, &session, actor, id, typed, (errors, status)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buttons_go_on_first_then_back() {
        let m = moves(CycleStatus::Studying);
        assert_eq!(m.len(), 2);
        assert_eq!((m[0].to, m[0].forward), ("acting", true));
        assert_eq!((m[1].to, m[1].forward), ("doing", false));
        assert_eq!(m[1].label, "Back to Doing");
        assert!(moves(CycleStatus::Closed).is_empty());
    }

    #[test]
    fn parts_open_as_the_cycle_reaches_them() {
        assert!(!reached(CycleStatus::Planning, CycleStatus::Doing));
        assert!(reached(CycleStatus::Doing, CycleStatus::Doing));
        assert!(reached(CycleStatus::Closed, CycleStatus::Acting));
    }
}
