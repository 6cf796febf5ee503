//! Pages: variation analytics for coaches — a team's dashboard (is the spread between
//! classrooms falling? is a change a signal or noise?) and "chart a series", the chart
//! calculator as a form. Both are drawn from the same answers as the API (`api::variation`,
//! `api::analysis`), so a figure on a page is the figure a script gets.

mod content;
mod dashboard;
mod figures;
mod query;
mod series;
mod series_input;
mod team_charts;

use crate::route;
use crate::web::routes::RouteDef;

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(GET "/analysis/chart" => series::form),
        route!(POST "/analysis/chart" => series::submit),
        route!(GET "/teams/{id}/variation" => dashboard::show),
    ]
}
