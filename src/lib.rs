//! pdsa: Plan-Do-Study-Act cycles, convenings and tune-ups for a learning collective of school
//! districts. `build_app` is the whole web service; `main.rs` only parses the command line.

pub mod assets;
pub mod auth;
pub mod charts;
pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod generate;
pub mod mail;
pub mod models;
pub mod ops;
pub mod seed;
pub mod web;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, web as aw};

/// The actix application: routes from the table, static files, sessions, CSRF, HTML errors,
/// compression for clients that accept it, the security headers and HEAD, and around it all a request id, a log line and
/// metrics per request. Shared by `serve` and the tests, so the tests
/// exercise exactly what runs.
pub fn build_app(
    state: aw::Data<web::AppState>,
    key: actix_web::cookie::Key,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let session = web::session::middleware(&state.config, key);
    App::new()
        .app_data(state)
        .app_data(aw::FormConfig::default().limit(web::limits::FORM))
        .app_data(aw::PayloadConfig::new(web::limits::LARGEST))
        .configure(web::routes::register)
        .configure(web::static_files::register)
        .default_service(aw::to(web::errors::not_found))
        .wrap(from_fn(web::cache::bump_on_write))
        .wrap(from_fn(web::csrf::guard))
        .wrap(from_fn(web::limits::guard))
        .wrap(from_fn(web::errors::html_errors))
        .wrap(session)
        .wrap(Compress::default())
        .wrap(from_fn(web::headers::secure))
        .wrap(from_fn(web::observe::observe))
}
