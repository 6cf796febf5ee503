//! "Log a round of visits": pick a date and a measure, get the team's classrooms as a grid with
//! the rubric's descriptors at hand, enter one value per classroom, save once. The save is the
//! API's bulk import (`observation::import`), all or nothing, replacing the values saved for the
//! same date and measure (they are shown in the grid first); on a refusal the grid comes back
//! with everything typed and each problem beside its cell (422).

use super::visit_grid::{self, GridRow, RowsOf, Spot, VisitForm};
use super::{Level, Nav, Seen, cycle_options};
use crate::db::DbConn;
use crate::domain::Violation;
use crate::domain::observation::check_date;
use crate::error::AppError;
use crate::models::classroom::Classroom;
use crate::models::measure::{Measure, MeasureDetail};
use crate::models::observation::{self, Filter, ImportReport, Observation, local_today};
use crate::models::year::ProgramYear;
use crate::web::AppState;
use crate::web::actor::{Actor, PageActor};
use crate::web::errors::urlencode;
use crate::web::form::{self, FieldErrors};
use crate::web::render::{self, Chrome, SelectOption, render_form, see_other};
use crate::web::session;
use actix_session::Session;
use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// `?date=&measure=`: the grid to open.
#[derive(Debug, Default, Deserialize)]
pub struct VisitQuery {
    #[serde(default)]
    date: String,
    #[serde(default)]
    measure: String,
}

#[derive(Serialize)]
struct VisitPage {
    nav: Nav,
    date: String,
    today: String,
    year_start: String,
    measures: Vec<SelectOption>,
    no_measures: bool,
    grid: Option<Grid>,
}

/// The grid for one date and measure.
#[derive(Serialize)]
struct Grid {
    date: String,
    date_label: String,
    measure_id: i32,
    measure_name: String,
    description: String,
    kind: &'static str,
    hint: &'static str,
    levels: Vec<Level>,
    cycles: Vec<SelectOption>,
    rows: Vec<GridRow>,
    saved_count: usize,
}

/// GET /teams/{id}/visits (the team's members, directors): the picker, and the grid once a
/// measure is chosen; the date defaults to today.
pub async fn show(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    q: web::Query<VisitQuery>,
) -> Result<HttpResponse, AppError> {
    let q = q.into_inner();
    let form = VisitForm {
        date: q.date,
        measure: q.measure,
        ..VisitForm::default()
    };
    page(&state, &session, actor, path.into_inner(), form, vec![]).await
}

/// POST /teams/{id}/visits (the team's members, directors): saves the round, all or nothing.
pub async fn save(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    body: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let a = actor.clone();
    state
        .db(move |c| Seen::writable(c, &a, id).map(drop))
        .await?;
    let form = VisitForm::from_pairs(body.into_inner());
    let (typed, observer) = (form.clone(), actor.person.id);
    let by = actor.audit();
    match state
        .db(move |c| save_round(c, &by, id, &typed, observer))
        .await
    {
        Ok((report, measure)) => {
            let text = format!(
                "Saved {} of {} for {} ({} replaced).",
                values(report.imported),
                measure.name,
                form.date.trim(),
                report.replaced
            );
            session::flash(&session, "ok", text);
            Ok(see_other(&grid_url(id, form.date.trim(), measure.id)))
        }
        Err(e) if !e.violations().is_empty() => {
            let placed = visit_grid::place(&form, e.violations());
            page(&state, &session, actor, id, form, placed).await
        }
        Err(e) => Err(e),
    }
}

/// "1 value", "5 values".
fn values(n: usize) -> String {
    if n == 1 {
        "1 value".into()
    } else {
        format!("{n} values")
    }
}

/// The grid's own address.
fn grid_url(team_id: i32, date: &str, measure_id: i32) -> String {
    format!(
        "/teams/{team_id}/visits?date={}&measure={measure_id}",
        urlencode(date)
    )
}

/// The bulk save of the rows that have a value (or a note), replacing saved values.
fn save_round(
    c: &mut DbConn,
    by: &crate::models::audit::AuditActor,
    team_id: i32,
    form: &VisitForm,
    observer: i32,
) -> Result<(ImportReport, Measure), AppError> {
    let team = crate::web::api::evidence::access::team(c, team_id)?;
    let measure_id = form::int("measure", &form.measure)
        .map_err(|_| Violation::new("measure", "choose a measure"))?;
    let drafts = form.drafts(measure_id);
    if drafts.is_empty() {
        let message = "every row was blank, so nothing was saved: enter at least one value";
        return Err(AppError::invalid("grid", message));
    }
    let today = local_today(c)?;
    let report = observation::import(c, by, &team, &drafts, true, Some(observer), today)?;
    Ok((report, Measure::find(c, measure_id)?))
}

/// Renders the picker and grid: 200 when fresh, 422 with problems.
async fn page(
    state: &AppState,
    session: &Session,
    actor: Actor,
    team_id: i32,
    form: VisitForm,
    placed: Vec<(Spot, String)>,
) -> Result<HttpResponse, AppError> {
    let a = actor.clone();
    let (body, errors) = state
        .db(move |c| visit_page(c, &a, team_id, &form, &placed))
        .await?;
    let chrome = Chrome::new(session, Some(&actor), "Log a round of visits", "districts");
    render_form(state, "visits", chrome, &body, errors)
}

fn visit_page(
    c: &mut DbConn,
    actor: &Actor,
    team_id: i32,
    form: &VisitForm,
    placed: &[(Spot, String)],
) -> Result<(VisitPage, FieldErrors), AppError> {
    let seen = Seen::writable(c, actor, team_id)?;
    let today = local_today(c)?;
    let mut errors = FieldErrors::default();
    for (spot, message) in placed {
        if let Spot::Field(field) = spot {
            errors.add(Violation::new(*field, message.clone()));
        }
    }
    let date_text = match form.date.trim() {
        "" => today.min(seen.year.end_date).to_string(),
        typed => typed.to_string(),
    };
    let date = chosen_date(&date_text, today, &seen.year, form.submitted, &mut errors);
    let own = Measure::for_team(c, seen.year.id, seen.team.id)?;
    let measures = Measure::with_levels(c, own)?;
    let measure = chosen_measure(&measures, &form.measure, form.submitted, &mut errors);
    let grid = match (date, measure) {
        (Some(date), Some(m)) => Some(grid(c, &seen, date, m, form, placed, &mut errors)?),
        _ => None,
    };
    let body = VisitPage {
        nav: seen.nav("visits"),
        date: date_text,
        today: today.to_string(),
        year_start: seen.year.start_date.to_string(),
        no_measures: measures.is_empty(),
        measures: measures
            .iter()
            .map(|m| SelectOption::new(m.measure.id, m.measure.name.clone(), &form.measure))
            .collect(),
        grid,
    };
    Ok((body, errors))
}

/// The date the grid is for: one an observation may have (the rule the save applies), or after
/// a save any date at all, so that what was typed is never lost; the problem goes beside it.
fn chosen_date(
    text: &str,
    today: NaiveDate,
    year: &ProgramYear,
    submitted: bool,
    errors: &mut FieldErrors,
) -> Option<NaiveDate> {
    let date = errors.take(form::date("date", text))?;
    let fits = errors.take(check_date(
        "date",
        date,
        today,
        (year.start_date, year.end_date),
    ));
    (fits.is_some() || submitted).then_some(date)
}

/// The measure chosen, if any; one that is not the team's is an error, and so is none on a save.
fn chosen_measure<'a>(
    measures: &'a [MeasureDetail],
    typed: &str,
    submitted: bool,
    errors: &mut FieldErrors,
) -> Option<&'a MeasureDetail> {
    if typed.trim().is_empty() {
        if submitted {
            errors.add(Violation::new("measure", "choose a measure"));
        }
        return None;
    }
    let found = measures
        .iter()
        .find(|m| m.measure.id.to_string() == typed.trim());
    if found.is_none() {
        errors.add(Violation::new(
            "measure",
            "is not a measure this team records",
        ));
    }
    found
}

/// The grid: classrooms, saved values for the date, open cycles (the saved values' cycle first
/// chosen, so saving again keeps it).
fn grid(
    c: &mut DbConn,
    seen: &Seen,
    date: NaiveDate,
    m: &MeasureDetail,
    form: &VisitForm,
    placed: &[(Spot, String)],
    errors: &mut FieldErrors,
) -> Result<Grid, AppError> {
    let filter = Filter {
        measure: Some(m.measure.id),
        from: Some(date),
        to: Some(date),
        ..Filter::default()
    };
    let existing: HashMap<i32, Observation> = Observation::all_of_team(c, seen.team.id, filter)?
        .into_iter()
        .map(|r| (r.observation.classroom_id, r.observation))
        .collect();
    let cycle = if form.submitted {
        form.cycle.clone()
    } else {
        let saved = existing.values().find_map(|o| o.cycle_id);
        saved.map(|id| id.to_string()).unwrap_or_default()
    };
    let of = RowsOf {
        measure: m,
        classrooms: Classroom::rows_of_team(c, seen.team.id)?,
        existing: &existing,
        form,
        placed,
    };
    Ok(Grid {
        date: date.to_string(),
        date_label: render::date(date),
        measure_id: m.measure.id,
        measure_name: m.measure.name.clone(),
        description: m.measure.description.clone(),
        kind: m.measure.measure_kind().as_str(),
        hint: hint(m),
        levels: Level::of(m),
        cycles: cycle_options(c, seen.team.id, true, &cycle)?,
        rows: visit_grid::rows(of, errors),
        saved_count: existing.len(),
    })
}

/// What a value of the measure looks like.
fn hint(m: &MeasureDetail) -> &'static str {
    use crate::domain::measure::MeasureKind;
    match m.measure.measure_kind() {
        MeasureKind::Rubric => "Choose a level; leave “—” for a classroom you did not visit.",
        MeasureKind::Percent => "A percentage from 0 to 100 (decimals allowed).",
        MeasureKind::Count => "A whole number, 0 or more.",
        MeasureKind::YesNo => "Yes or no.",
    }
}
