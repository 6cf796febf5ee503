//! Server-rendered pages. Each file is one area with its own `routes()`; this gathers them for
//! the route table.

pub mod account;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod convenings;
pub mod cycles;
pub mod districts;
pub mod evidence;
pub mod feed;
pub mod home;
pub mod meetings;
pub mod network;
pub mod outbox;
pub mod password_reset;
pub mod people;
pub mod profile;
pub mod teams;
pub mod unsubscribe;
pub mod variation;
pub mod years;

use super::routes::RouteDef;
use crate::route;

/// The page routes, fixed paths before patterns.
pub fn routes() -> Vec<RouteDef> {
    let own = vec![
        route!(GET "/" => home::show),
        route!(GET "/healthz" => home::healthz),
        route!(GET "/readyz" => home::readyz),
        route!(GET "/metrics" => crate::web::metrics::scrape::public),
        route!(GET "/sign-in" => auth::form),
        route!(POST "/sign-in" => auth::submit),
        route!(POST "/sign-out" => auth::sign_out),
        route!(GET "/resume" => crate::web::resume::show),
    ];
    let areas: Vec<fn() -> Vec<RouteDef>> = vec![
        calendar::routes,
        feed::routes,
        years::routes,
        convenings::routes,
        districts::routes,
        teams::routes,
        meetings::routes,
        people::routes,
        profile::routes,
        cycles::routes,
        evidence::routes,
        network::routes,
        variation::routes,
        account::routes,
        password_reset::routes,
        unsubscribe::routes,
        outbox::routes,
        audit::routes,
    ];
    super::routes::gather(own, &areas)
}
