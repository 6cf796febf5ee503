//! Pages: a team's improvement work — its aim, its driver diagram drawn as a tree with each
//! change idea's ramp of cycles (`improvement`, `diagram`), a change idea with its ramp and the
//! form that plans a cycle (`idea`), and a cycle's worksheet, Plan / Do / Study / Act, with its
//! observations and comments (`worksheet`, `moves`).
//!
//! Who may do what is the permission table (`domain::permissions`), asked through
//! `web::policy` exactly as the API asks it, so pages and API cannot drift apart.

mod diagram;
mod idea;
mod improvement;
mod moves;
mod notes;
mod plan;
mod questions;
mod sheet;
mod tree;
mod worksheet;

use crate::domain::cycle::{CycleStatus, Decision, Stage};
use crate::domain::{Violation, Warning};
use crate::error::AppError;
use crate::models::cycle::Cycle;
use crate::models::measure::Measure;
use crate::route;
use crate::web::actor::Actor;
use crate::web::policy::{self, Action, Resource};
use crate::web::render::SelectOption;
use crate::web::routes::RouteDef;
use crate::web::session;
use actix_session::Session;
use serde::Serialize;

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(GET "/teams/{id}/improvement" => improvement::show),
        route!(POST "/teams/{id}/aim" => improvement::save_aim),
        route!(POST "/teams/{id}/drivers" => diagram::add_driver),
        route!(POST "/teams/{id}/change-ideas" => diagram::add_idea),
        route!(GET "/change-ideas/{id}" => idea::show),
        route!(POST "/change-ideas/{id}" => idea::update),
        route!(POST "/change-ideas/{id}/cycles" => idea::plan_cycle),
        route!(GET "/cycles/{id}" => worksheet::show),
        route!(POST "/cycles/{id}" => worksheet::update),
        route!(POST "/cycles/{id}/status" => moves::move_to),
        route!(POST "/cycles/{id}/next" => moves::next),
        route!(POST "/cycles/{id}/comments" => moves::comment),
    ]
}

/// What the caller may do with a team's improvement work, for showing forms; every write is
/// checked again by its handler.
#[derive(Debug, Clone, Copy, Serialize)]
struct Access {
    /// Edit the aim, diagram and cycles.
    can_write: bool,
    /// Comment on cycles.
    can_comment: bool,
}

impl Access {
    fn of(actor: &Actor, team_id: i32) -> Access {
        Access {
            can_write: policy::shows(actor, team_id, (Resource::Cycles, Action::Edit)),
            can_comment: policy::shows(actor, team_id, (Resource::Comments, Action::Create)),
        }
    }
}

/// The error with its violations' fields renamed by `rename` (a page's form names a field
/// differently from the model when two forms share a page).
fn renamed(e: AppError, rename: impl Fn(&str) -> Option<String>) -> AppError {
    match e {
        AppError::Invalid(vs) => AppError::Invalid(
            vs.into_iter()
                .map(|v| Violation {
                    field: rename(&v.field).unwrap_or(v.field),
                    message: v.message,
                })
                .collect(),
        ),
        other => other,
    }
}

/// The team's usable measures as checkboxes, those in `ticked` checked.
fn measure_boxes(measures: Vec<Measure>, ticked: &[String]) -> Vec<SelectOption> {
    measures
        .into_iter()
        .map(|m| SelectOption {
            selected: ticked.iter().any(|v| v.trim() == m.id.to_string()),
            value: m.id.to_string(),
            label: m.name,
        })
        .collect()
}

/// The model names each measure it refuses (`measure_ids[2]`); the form has one list of
/// checkboxes, so the message goes beside the list.
fn measure_field(field: &str) -> Option<String> {
    field
        .starts_with("measure_ids[")
        .then(|| "measure_ids".to_string())
}

/// An optional number (blank is none), for target values.
fn opt_number(field: &str, value: &str) -> Result<Option<f64>, Violation> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    v.parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .map(Some)
        .ok_or_else(|| Violation::new(field, "must be a number"))
}

/// A value as people read it: whole numbers without a decimal point.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Flashes the outcome of a save and the soft rules it broke.
fn flash_saved(session: &Session, text: &str, warnings: Vec<Warning>) {
    session::flash(session, "ok", text);
    for w in warnings {
        session::flash(session, "warn", w.0);
    }
}

/// The label of a stored status value.
fn status_label(value: &str) -> &'static str {
    value.parse::<CycleStatus>().map_or("", |s| s.label())
}

/// The label of a stored decision value.
fn decision_label(value: &str) -> &'static str {
    value.parse::<Decision>().map_or("", |d| d.label())
}

/// The label of a stored stage value.
fn stage_label(value: &str) -> &'static str {
    value.parse::<Stage>().map_or("", |s| s.label())
}

/// One cycle of a ramp, as a step in a line of linked chips.
#[derive(Debug, Clone, Serialize)]
struct RampStep {
    id: i32,
    title: String,
    status: String,
    status_label: &'static str,
    decision: Option<String>,
    decision_label: &'static str,
}

impl RampStep {
    fn new(c: Cycle) -> RampStep {
        RampStep {
            id: c.id,
            status_label: status_label(&c.status),
            decision_label: c.act_decision.as_deref().map_or("", decision_label),
            title: c.title,
            status: c.status,
            decision: c.act_decision,
        }
    }
}

/// Cycles in ramp order (planned start, then id), as the model lists a change idea's ramp.
fn ramp_order(cycles: &mut [Cycle]) {
    cycles.sort_by_key(|c| (c.planned_start, c.id));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_like_people_write_them() {
        assert_eq!(number(3.0), "3");
        assert_eq!(number(72.5), "72.5");
        assert_eq!(opt_number("v", " ").unwrap(), None);
        assert_eq!(opt_number("v", "2.5").unwrap(), Some(2.5));
        assert_eq!(opt_number("v", "NaN").unwrap_err().field, "v");
        assert_eq!(opt_number("v", "lots").unwrap_err().field, "v");
    }

    #[test]
    fn renaming_keeps_other_fields_and_errors() {
        let e = AppError::Invalid(vec![
            Violation::new("title", "blank"),
            Violation::new("parent_id", "bad"),
        ]);
        let e = renamed(e, |f| (f == "title").then(|| "driver_title".to_string()));
        let fields: Vec<&str> = e.violations().iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["driver_title", "parent_id"]);
        assert!(matches!(
            renamed(AppError::forbidden(), |_| None),
            AppError::Forbidden(_)
        ));
    }
}
