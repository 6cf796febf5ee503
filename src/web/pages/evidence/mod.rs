//! Pages: a team's evidence — its classrooms, the measures it records (the year's shared ones and
//! its own), "Log a round of visits", and the observations list with its CSV files.
//!
//! Every page asks the API's own questions (`api::evidence::access`) and calls the same model
//! functions as the API, so a rule or a permission has one home: the team's members and
//! directors change a team's evidence, the facilitation team reads it, members of other teams
//! read it de-identified while the collective shares, and get 403 otherwise.

mod classrooms;
mod import;
mod measure_form;
mod measures;
mod observation_edit;
mod observations;
mod value_input;
mod visit_grid;
mod visits;

use crate::db::DbConn;
use crate::error::AppError;
use crate::models::cycle::Cycle;
use crate::models::team::Team;
use crate::models::year::ProgramYear;
use crate::route;
use crate::web::actor::Actor;
use crate::web::policy::{self, Action, Resource, View};
use crate::web::render::SelectOption;
use crate::web::routes::RouteDef;
use serde::Serialize;

/// Recording observations in bulk: a CSV import or a round of visits.
pub(super) const IMPORT: (Resource, Action) = (Resource::Imports, Action::Create);

/// This area's routes, fixed paths before patterns.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(GET "/years/{id}/measures" => measures::year_index),
        route!(POST "/years/{id}/measures" => measures::year_create),
        route!(GET "/teams/{id}/classrooms" => classrooms::index),
        route!(POST "/teams/{id}/classrooms" => classrooms::create),
        route!(POST "/classrooms/{id}" => classrooms::update),
        route!(POST "/classrooms/{id}/delete" => classrooms::delete),
        route!(GET "/teams/{id}/measures" => measures::team_index),
        route!(POST "/teams/{id}/measures" => measures::team_create),
        route!(POST "/measures/{id}" => measures::update),
        route!(GET "/teams/{id}/visits" => visits::show),
        route!(POST "/teams/{id}/visits" => visits::save),
        route!(GET "/teams/{id}/observations" => observations::index),
        route!(GET "/teams/{id}/observations.csv" => observations::csv),
        route!(GET "/teams/{id}/observations/import" => import::form),
        route!(POST "/teams/{id}/observations/import" => import::submit),
        route!(POST "/observations/{id}" => observation_edit::update),
        route!(POST "/observations/{id}/delete" => observation_edit::delete),
    ]
}

/// A team's evidence as the caller may see it.
struct Seen {
    team: Team,
    year: ProgramYear,
    view: View,
    can_write: bool,
    can_see_team: bool,
}

impl Seen {
    /// The team, its year and what the caller may do with its evidence; 404 for no such team,
    /// 403 for another team's member while the collective does not share.
    fn load(c: &mut DbConn, actor: &Actor, team_id: i32) -> Result<Seen, AppError> {
        let team = policy::team(c, team_id)?;
        let view = policy::view(c, actor, team.id, Resource::Observations)?;
        let year = ProgramYear::find(c, team.program_year_id)?;
        let roster = (Resource::Roster, Action::Read);
        Ok(Seen {
            can_write: policy::shows(actor, team.id, (Resource::Observations, Action::Create)),
            can_see_team: policy::shows(actor, team.id, roster),
            team,
            year,
            view,
        })
    }

    /// The same, but only for those the permission table lets do `what`.
    fn writable(
        c: &mut DbConn,
        actor: &Actor,
        team_id: i32,
        what: (Resource, Action),
    ) -> Result<Seen, AppError> {
        let seen = Seen::load(c, actor, team_id)?;
        policy::require(c, actor, seen.team.id, what)?;
        Ok(seen)
    }

    /// The evidence pages' shared heading and tabs.
    fn nav(&self, current: &'static str) -> Nav {
        Nav {
            team_id: self.team.id,
            team_name: self.team.name.clone(),
            year_id: self.year.id,
            year_label: self.year.label.clone(),
            current,
            can_write: self.can_write,
            can_see_team: self.can_see_team,
            deidentified: self.view == View::DeIdentified,
        }
    }
}

/// The heading and tabs every evidence page of a team shows (`templates/evidence_nav.hbs`).
#[derive(Debug, Serialize)]
struct Nav {
    team_id: i32,
    team_name: String,
    year_id: i32,
    year_label: String,
    current: &'static str,
    can_write: bool,
    can_see_team: bool,
    deidentified: bool,
}

/// A rubric level and what it looks like in a classroom.
#[derive(Debug, Serialize)]
struct Level {
    level: i32,
    descriptor: String,
}

impl Level {
    /// A measure's levels, lowest first (none unless a rubric).
    fn of(m: &crate::models::measure::MeasureDetail) -> Vec<Level> {
        m.levels
            .iter()
            .map(|l| Level {
                level: l.level,
                descriptor: l.descriptor.clone(),
            })
            .collect()
    }
}

/// The team's cycles as choices ("#12 Turn and talk (doing)"); `open_only` leaves closed ones
/// out, since new evidence belongs to a cycle that is still running. One query.
fn cycle_options(
    c: &mut DbConn,
    team_id: i32,
    open_only: bool,
    current: &str,
) -> Result<Vec<SelectOption>, AppError> {
    let cycles = Cycle::page_of_team(c, team_id, None, None, i64::from(i32::MAX))?;
    Ok(cycles
        .into_iter()
        .filter(|cy| !open_only || cy.status != "closed" || cy.id.to_string() == current.trim())
        .map(|cy| {
            let label = format!("#{} {} ({})", cy.id, cy.title, cy.status);
            SelectOption::new(cy.id, label, current)
        })
        .collect())
}

/// A number as people write it: "3", "62.5" (never "3.0").
fn number(value: f64) -> String {
    value.to_string()
}
