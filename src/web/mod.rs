//! The HTTP layer: pages (handlebars) and the JSON API, the route table both are registered
//! from, sign-in and sessions, CSRF, and the HTML rendering of errors.

pub mod actor;
pub mod api;
pub mod audit;
pub mod cache;
pub mod csrf;
pub mod errors;
pub mod form;
pub mod headers;
pub mod limits;
pub mod metrics;
pub mod observe;
pub mod openapi;
pub mod pages;
pub mod policy;
pub mod render;
pub mod resume;
pub mod routes;
pub mod rsvp;
pub mod session;
pub mod static_files;
pub mod throttle;

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
    /// Request counts and latencies for `/metrics`.
    pub metrics: metrics::Metrics,
}

impl AppState {
    /// Runs a synchronous database function on the blocking pool, never on the async workers.
    pub async fn db<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        block_in_span(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await?
    }
}

/// `web::block` inside the caller's span: the blocking pool's threads are not the request's,
/// and without this what is logged there would lose the request id.
pub async fn block_in_span<T, F>(f: F) -> Result<T, actix_web::error::BlockingError>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let span = tracing::Span::current();
    actix_web::web::block(move || span.in_scope(f)).await
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};
    use tracing::Instrument;

    /// Log output kept in memory.
    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl Write for Buffer {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[actix_web::test]
    async fn lines_logged_on_the_blocking_pool_carry_the_request_span() {
        let buffer = Buffer::default();
        let writer = buffer.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .finish();
        // The blocking thread logs to the global subscriber, not to this thread's.
        tracing::subscriber::set_global_default(subscriber).unwrap();
        let span = tracing::error_span!("request", request_id = "blocking-1");
        super::block_in_span(|| tracing::warn!("from the blocking pool"))
            .instrument(span)
            .await
            .unwrap();
        let text = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
        let line = text.lines().find(|l| l.contains("from the blocking pool"));
        assert!(
            line.is_some_and(|l| l.contains("request_id=\"blocking-1\"")),
            "{text}"
        );
    }
}
