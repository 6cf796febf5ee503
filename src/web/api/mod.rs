//! The JSON API under `/api/v1`: bearer tokens, conventions of DESIGN.md (lists as
//! `{"items", "next"}`, errors as `{"errors": [...]}`), described by `/api/openapi.json`.

pub mod access;
pub mod analysis;
pub mod audit;
pub mod convenings;
pub mod cycles;
pub mod districts;
pub mod evidence;
pub mod meetings;
pub mod network;
pub mod outbox;
pub mod people;
pub mod sessions;
pub mod shared;
pub mod teams;
pub mod tokens;
pub mod variation;
pub mod years;

use super::routes::RouteDef;
use crate::route;
use serde::Serialize;

/// The API routes.
pub fn routes() -> Vec<RouteDef> {
    let own = vec![
        route!(GET "/api/openapi.json" => super::openapi::document),
        route!(POST "/api/v1/tokens" => tokens::create),
        route!(GET "/api/v1/tokens" => tokens::list),
        route!(DELETE "/api/v1/tokens/{id}" => tokens::delete),
    ];
    let areas: &[fn() -> Vec<RouteDef>] = &[
        years::routes,
        convenings::routes,
        districts::routes,
        teams::routes,
        meetings::routes,
        people::routes,
        sessions::routes,
        cycles::routes,
        evidence::routes,
        analysis::routes,
        variation::routes,
        network::routes,
        audit::routes,
        outbox::routes,
    ];
    super::routes::gather(own, areas)
}

/// A list answer: the items, and a cursor for the next page (null at the end).
#[derive(Serialize, utoipa::ToSchema)]
pub struct List<T: Serialize> {
    /// This page's items.
    pub items: Vec<T>,
    /// Pass as `?after=` for the next page.
    pub next: Option<String>,
}

impl<T: Serialize> List<T> {
    /// A complete, unpaged list.
    pub fn all(items: Vec<T>) -> List<T> {
        List { items, next: None }
    }
}
