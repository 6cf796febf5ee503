//! The HTTP layer: pages (handlebars) and the JSON API, the route table both are registered
//! from, sign-in and sessions, CSRF, and the HTML rendering of errors.

pub mod actor;
pub mod api;
pub mod cache;
pub mod csrf;
pub mod errors;
pub mod form;
pub mod openapi;
pub mod pages;
pub mod render;
pub mod resume;
pub mod routes;
pub mod rsvp;
pub mod session;
pub mod static_files;
mod throttle;

use crate::config::Config;
use crate::db::{DbConn, DbPool};
use crate::error::AppError;
use handlebars::Handlebars;

/// Everything a handler needs, shared across workers as `web::Data<AppState>`.
pub struct AppState {
    /// Database connections.
    pub pool: DbPool,
    /// Settings.
    pub config: Config,
    /// Page templates (the mail worker holds the email ones).
    pub templates: Handlebars<'static>,
    /// Rendered dashboard fragments, invalidated by writes (see `cache`).
    pub cache: cache::PageCache,
    /// Nudges the mail worker when something should go out now.
    pub mail_wake: crate::mail::Wake,
}

impl AppState {
    /// Runs a synchronous database function on the blocking pool, never on the async workers.
    pub async fn db<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        actix_web::web::block(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await?
    }
}
