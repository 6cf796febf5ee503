//! Pages: a team's observations, newest first, narrowed by measure, classroom, dates and cycle
//! (a GET form, so a filtered list can be bookmarked), with the same list as a CSV file. The
//! team's members and directors edit (`?edit=ID`) and delete; other teams' members, while the
//! collective shares, see no observer and no note, and get a file without notes.

use super::observation_edit::{EditBox, Editing, edit_box};
use super::{Nav, Seen, cycle_options, number};
use crate::db::DbConn;
use crate::domain::measure::MeasureKind;
use crate::error::AppError;
use crate::models::classroom::Classroom;
use crate::models::csv_files;
use crate::models::measure::{Measure, MeasureDetail};
use crate::models::observation::{Filter, Observation, ObservationRow, local_today};
use crate::web::AppState;
use crate::web::actor::{Actor, PageActor};
use crate::web::api::evidence::export;
use crate::web::api::evidence::observations::FilterParams;
use crate::web::form::{self, FieldErrors};
use crate::web::policy::{self, Action, Resource, View};
use crate::web::render::{self, Chrome, SelectOption, render_form_status};
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use std::collections::BTreeMap;

/// The most observations one page lists; the rest are in the CSV file.
const SHOWN: usize = 500;

/// The list's filters, read from a query string with the same parsers as the API's.
pub(super) struct Query {
    raw: FilterParams,
    /// The filter for the model.
    pub filter: Filter,
    /// Problems with the filters, by field.
    pub errors: FieldErrors,
    /// The filters as a query string (only those given), for links.
    pub text: String,
}

impl Query {
    /// Reads `measure`, `classroom`, `from`, `to` and `cycle`; other keys are ignored.
    pub fn read(qs: &str) -> Query {
        let raw: FilterParams = serde_urlencoded::from_str(qs).unwrap_or_default();
        let mut errors = FieldErrors::default();
        let text = |v: &Option<String>| v.as_deref().unwrap_or("").trim().to_string();
        let int = |f: &str, v: &Option<String>| form::opt_int(f, &text(v));
        let date = |f: &str, v: &Option<String>| form::opt_date(f, &text(v));
        let filter = Filter {
            measure: errors.take(int("measure", &raw.measure)).flatten(),
            classroom: errors.take(int("classroom", &raw.classroom)).flatten(),
            from: errors.take(date("from", &raw.from)).flatten(),
            to: errors.take(date("to", &raw.to)).flatten(),
            cycle: errors.take(int("cycle", &raw.cycle)).flatten(),
        };
        let given: Vec<(&str, String)> = [
            ("measure", text(&raw.measure)),
            ("classroom", text(&raw.classroom)),
            ("from", text(&raw.from)),
            ("to", text(&raw.to)),
            ("cycle", text(&raw.cycle)),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect();
        let text = serde_urlencoded::to_string(&given).unwrap_or_default();
        Query {
            raw,
            filter,
            errors,
            text,
        }
    }

    fn value(v: &Option<String>) -> String {
        v.as_deref().unwrap_or("").trim().to_string()
    }

    /// The list's address with these filters (and more after `&`).
    pub fn url(&self, team_id: i32, more: &str) -> String {
        let joined: Vec<&str> = [self.text.as_str(), more]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        match joined.join("&") {
            q if q.is_empty() => format!("/teams/{team_id}/observations"),
            q => format!("/teams/{team_id}/observations?{q}"),
        }
    }
}

#[derive(Serialize)]
struct Line {
    id: i32,
    date: String,
    date_label: String,
    classroom: String,
    measure: String,
    value: String,
    title: String,
    cycle: Option<i32>,
    observer: Option<String>,
    note: Option<String>,
    edit_href: String,
    editing: bool,
    /// Whether the caller may change and delete it (its recorder, the team's leads).
    can_change: bool,
}

#[derive(Serialize)]
struct ListPage {
    nav: Nav,
    full: bool,
    can_write: bool,
    filters: Filters,
    back: String,
    csv_href: String,
    lines: Vec<Line>,
    total: usize,
    truncated: bool,
    limit: usize,
    edit: Option<EditBox>,
}

/// GET /teams/{id}/observations: the filtered list (and an observation in the edit form).
pub async fn index(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let qs = req.query_string().to_string();
    let edit: Option<i32> = serde_urlencoded::from_str::<Vec<(String, String)>>(&qs)
        .unwrap_or_default()
        .into_iter()
        .find(|(k, _)| k == "edit")
        .and_then(|(_, v)| v.trim().parse().ok());
    let editing = edit.map(|id| Editing {
        id,
        form: None,
        conflict: false,
    });
    let errors = FieldErrors::default();
    list_page(
        &state,
        &session,
        actor,
        path.into_inner(),
        &qs,
        editing,
        errors,
    )
    .await
}

/// Renders the list: 409 beside a conflict, 422 with a refused edit or a bad filter, else 200.
pub(super) async fn list_page(
    state: &AppState,
    session: &Session,
    actor: Actor,
    team_id: i32,
    qs: &str,
    editing: Option<Editing>,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let query = Query::read(qs);
    let status = match &editing {
        Some(e) if e.conflict => StatusCode::CONFLICT,
        _ if !errors.is_empty() || !query.errors.is_empty() => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::OK,
    };
    let (a, edit_errors) = (actor.clone(), errors.clone());
    let body = state
        .db(move |c| list_data(c, &a, team_id, query, editing, &edit_errors))
        .await?;
    let chrome = Chrome::new(session, Some(&actor), "Observations", "districts");
    render_form_status(state, "observations", chrome, &body, errors, status)
}

fn list_data(
    c: &mut DbConn,
    actor: &Actor,
    team_id: i32,
    query: Query,
    editing: Option<Editing>,
    edit_errors: &FieldErrors,
) -> Result<ListPage, AppError> {
    let seen = Seen::load(c, actor, team_id)?;
    let own = Measure::for_team(c, seen.year.id, seen.team.id)?;
    let measures = Measure::with_levels(c, own)?;
    let mut rows = Observation::all_of_team(c, seen.team.id, query.filter)?;
    rows.sort_by_key(|r| std::cmp::Reverse(r.observation.date));
    let edit = match editing {
        Some(e) => edit_box(c, &seen, &measures, e, &query.text, edit_errors)?,
        None => None,
    };
    let editing_id = edit.as_ref().map(EditBox::id);
    let full = seen.view == View::Full;
    let lines = rows
        .iter()
        .take(SHOWN)
        .map(|r| {
            let own = r.observation.observer_person_id == Some(actor.person.id);
            let edit = (Resource::Observations, Action::Edit);
            let can_change = policy::shows_own(actor, team_id, edit, own);
            Line {
                can_change,
                ..line(r, &measures, full, &query, editing_id)
            }
        })
        .collect();
    Ok(ListPage {
        filters: Filters::load(c, seen.team.id, &measures, &query)?,
        csv_href: format!(
            "/teams/{}/observations.csv{}",
            seen.team.id,
            suffix(&query.text)
        ),
        back: query.text,
        total: rows.len(),
        truncated: rows.len() > SHOWN,
        limit: SHOWN,
        nav: seen.nav("observations"),
        can_write: seen.can_write,
        full,
        lines,
        edit,
    })
}

/// The filter form: the team's measures, classrooms and cycles, the dates, each as typed.
#[derive(Serialize)]
struct Filters {
    measures: Vec<SelectOption>,
    classrooms: Vec<SelectOption>,
    cycles: Vec<SelectOption>,
    from: String,
    to: String,
    errors: BTreeMap<String, String>,
    active: bool,
}

impl Filters {
    fn load(
        c: &mut DbConn,
        team_id: i32,
        measures: &[MeasureDetail],
        query: &Query,
    ) -> Result<Filters, AppError> {
        let raw = &query.raw;
        let typed = |v: &Option<String>| Query::value(v);
        Ok(Filters {
            measures: measures
                .iter()
                .map(|m| SelectOption::new(m.measure.id, &m.measure.name, &typed(&raw.measure)))
                .collect(),
            classrooms: Classroom::of_team(c, team_id)?
                .into_iter()
                .map(|r| SelectOption::new(r.id, r.label, &typed(&raw.classroom)))
                .collect(),
            cycles: cycle_options(c, team_id, false, &typed(&raw.cycle))?,
            from: typed(&raw.from),
            to: typed(&raw.to),
            errors: query.errors.errors.clone(),
            active: !query.text.is_empty(),
        })
    }
}

/// `?a=b`, or nothing.
fn suffix(q: &str) -> String {
    if q.is_empty() {
        String::new()
    } else {
        format!("?{q}")
    }
}

fn line(
    r: &ObservationRow,
    measures: &[MeasureDetail],
    full: bool,
    query: &Query,
    editing: Option<i32>,
) -> Line {
    let o = &r.observation;
    let m = measures.iter().find(|m| m.measure.id == o.measure_id);
    let (value, title) = shown(m, o.value);
    Line {
        id: o.id,
        date: o.date.to_string(),
        date_label: render::date(o.date),
        classroom: r.classroom_label.clone(),
        measure: r.measure_name.clone(),
        value,
        title,
        cycle: o.cycle_id,
        observer: r.observer_name.clone().filter(|_| full),
        note: Some(o.note.clone()).filter(|n| full && !n.is_empty()),
        edit_href: format!("{}#edit", query.url(r.team_id, &format!("edit={}", o.id))),
        editing: editing == Some(o.id),
        can_change: false,
    }
}

/// A value as people read it, with a rubric level's descriptor: ("3", "students talk"),
/// ("62.5%", ""), ("Yes", "").
pub(super) fn shown(m: Option<&MeasureDetail>, v: f64) -> (String, String) {
    let Some(m) = m else {
        return (number(v), String::new());
    };
    match m.measure.measure_kind() {
        MeasureKind::Rubric => {
            let descriptor = m.levels.iter().find(|l| f64::from(l.level) == v);
            (
                number(v),
                descriptor.map_or(String::new(), |l| l.descriptor.clone()),
            )
        }
        MeasureKind::Percent => (format!("{}%", number(v)), String::new()),
        MeasureKind::YesNo if v == 1.0 => ("Yes".into(), String::new()),
        MeasureKind::YesNo => ("No".into(), String::new()),
        MeasureKind::Count => (number(v), String::new()),
    }
}

/// GET /teams/{id}/observations.csv: the filtered list as the import's file (the API's export,
/// through the same model functions): UTF-8 with a byte-order mark; no notes for other teams.
pub async fn csv(
    state: web::Data<AppState>,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let query = Query::read(req.query_string());
    form::finish(query.errors)?;
    let filter = query.filter;
    let (bytes, name) = state
        .db(move |c| {
            let seen = Seen::load(c, &actor, id)?;
            let rows = Observation::all_of_team(c, seen.team.id, filter)?;
            let bytes = csv_files::write_observations(&rows, seen.view == View::Full)?;
            Ok((bytes, file_name(&seen.team.name, local_today(c)?)))
        })
        .await?;
    Ok(export::attachment(bytes, &name))
}

/// "ashford-team-observations-2026-11-22.csv": the API's export name, for observations.
fn file_name(team: &str, day: chrono::NaiveDate) -> String {
    export::file_name(team, "observations", day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_are_read_and_written_back_without_blanks() {
        let q = Query::read("measure=3&classroom=&from=2026-09-01&edit=7&to=nope");
        assert_eq!(q.filter.measure, Some(3));
        assert_eq!(q.filter.classroom, None);
        assert!(q.errors.errors.contains_key("to"));
        assert_eq!(q.text, "measure=3&from=2026-09-01&to=nope");
        assert_eq!(
            Query::read("").url(4, "edit=9"),
            "/teams/4/observations?edit=9"
        );
    }

    #[test]
    fn file_names_are_ascii_slugs() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(
            file_name("Åsa's \"team\"", day),
            "sa-s-team-observations-2026-11-22.csv"
        );
    }
}
