//! Pages: calendar.

use crate::web::routes::RouteDef;

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![]
}
