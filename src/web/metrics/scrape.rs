//! `GET /metrics`: the request metrics of this instance plus gauges read at scrape time (the
//! outbox, the pool, the page cache). Never open to the public: on `PDSA_BIND` it answers only
//! the bearer token of `PDSA_METRICS_TOKEN` and is a plain 404 to everyone else (as if there
//! were no such page, so a scanner learns nothing); on `PDSA_METRICS_BIND`, an address meant
//! to be private, it needs no token.

use super::text::{self, CONTENT_TYPE, Exposition};
use crate::db::DbPool;
use crate::domain::reminder::OutboxStatus;
use crate::error::AppError;
use crate::models::outbox::admin;
use crate::web::AppState;
use crate::web::cache::PageCache;
use actix_web::http::header::{AUTHORIZATION, HeaderMap};
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use chrono::NaiveDateTime;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use subtle::ConstantTimeEq;

/// GET /metrics on the public listener: the metrics for the right bearer token, else the same
/// 404 as any unknown page (a wrong token is not told apart from no token, nor from a server
/// without metrics).
pub async fn public(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    match &state.config.metrics_token {
        Some(token) if bearer_matches(req.headers(), token) => Ok(page(&state).await),
        _ => Err(AppError::NotFound("page")),
    }
}

/// GET /metrics on the private listener: no token, the address is the protection.
pub async fn private(state: web::Data<AppState>) -> HttpResponse {
    page(&state).await
}

/// Whether `Authorization: Bearer …` carries `token`. The digests are compared in constant
/// time, so neither the token's bytes nor its length leak through timing.
fn bearer_matches(headers: &HeaderMap, token: &str) -> bool {
    let given = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    let given = Sha256::digest(given.trim().as_bytes());
    let expected = Sha256::digest(token.as_bytes());
    given.as_slice().ct_eq(expected.as_slice()).into()
}

/// Serves only `/metrics` on `bind`, with one worker: a scraper's few requests a minute need
/// no more. Stops with the main server on SIGTERM.
pub fn listener(state: web::Data<AppState>, bind: &str) -> Result<actix_web::dev::Server, String> {
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .route("/metrics", web::get().to(private))
    })
    .workers(1)
    .bind(bind)
    .map_err(|e| format!("PDSA_METRICS_BIND: cannot listen on {bind}: {e}"))?;
    Ok(server.run())
}

/// The whole page. A database that does not answer still gives the in-memory families, with
/// `pdsa_database_up 0`: the moment it matters most to see the rest.
async fn page(state: &AppState) -> HttpResponse {
    let now = crate::models::now();
    let outbox = state.db(move |c| Ok(outbox_facts(c, now)?)).await;
    let mut out = Exposition::default();
    text::requests(&mut out, &state.metrics.snapshot());
    let name = "pdsa_sign_in_password_checks_total";
    out.family(
        name,
        "counter",
        "Password hashes verified for sign-ins (one per attempt not throttled, known address or not).",
    );
    out.sample(name, &[], state.metrics.password_checks() as f64);
    let in_flight = state.metrics.in_flight() as f64;
    out.gauge(
        "pdsa_http_requests_in_flight",
        "Requests being answered now.",
        in_flight,
    );
    pool(&mut out, &state.pool);
    cache(&mut out, &state.cache);
    match outbox {
        Ok(facts) => {
            out.gauge("pdsa_database_up", "Whether the database answered.", 1.0);
            outbox_families(&mut out, &facts, now);
        }
        Err(e) => {
            log::warn!("metrics: cannot read the outbox: {e}");
            out.gauge("pdsa_database_up", "Whether the database answered.", 0.0);
        }
    }
    HttpResponse::Ok()
        .content_type(CONTENT_TYPE)
        .body(out.finish())
}

/// What the outbox gauges are made of.
struct OutboxFacts {
    counts: HashMap<String, i64>,
    oldest_due: Option<NaiveDateTime>,
}

fn outbox_facts(
    conn: &mut crate::db::DbConn,
    now: NaiveDateTime,
) -> diesel::QueryResult<OutboxFacts> {
    Ok(OutboxFacts {
        counts: admin::counts(conn)?,
        oldest_due: admin::oldest_due_pending(conn, now)?,
    })
}

/// Rows in every state (zero included, so a graph does not break off), and how long the
/// longest-waiting due row has waited.
fn outbox_families(out: &mut Exposition, facts: &OutboxFacts, now: NaiveDateTime) {
    let name = "pdsa_outbox_rows";
    out.family(name, "gauge", "Outbox rows (emails) by state.");
    for status in OutboxStatus::ALL {
        let n = facts.counts.get(status.as_str()).copied().unwrap_or(0);
        out.sample(name, &[("state", status.as_str())], n as f64);
    }
    let age = facts.oldest_due.map_or(0.0, |due| {
        (now - due).num_milliseconds().max(0) as f64 / 1000.0
    });
    out.gauge(
        "pdsa_outbox_oldest_due_pending_age_seconds",
        "Seconds the longest-waiting due, pending email has waited since it fell due; 0 when none waits.",
        age,
    );
}

/// The pool's size and how much of it is in use.
fn pool(out: &mut Exposition, pool: &DbPool) {
    let state = pool.state();
    let in_use = state.connections.saturating_sub(state.idle_connections);
    out.gauge(
        "pdsa_db_pool_max_connections",
        "The most database connections the pool opens (PDSA_POOL_SIZE).",
        f64::from(pool.max_size()),
    );
    out.gauge(
        "pdsa_db_pool_connections",
        "Database connections open now.",
        f64::from(state.connections),
    );
    out.gauge(
        "pdsa_db_pool_connections_in_use",
        "Database connections lent to a request or the mail worker now.",
        f64::from(in_use),
    );
}

/// The page cache's hits and misses since start.
fn cache(out: &mut Exposition, cache: &PageCache) {
    let name = "pdsa_page_cache_hits_total";
    out.family(
        name,
        "counter",
        "Dashboard fragments served from the page cache.",
    );
    out.sample(name, &[], cache.hits() as f64);
    let name = "pdsa_page_cache_misses_total";
    out.family(
        name,
        "counter",
        "Dashboard fragments looked up in the page cache and rebuilt.",
    );
    out.sample(name, &[], cache.misses() as f64);
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::HeaderValue;

    fn with_auth(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn only_the_exact_bearer_token_opens_the_page() {
        let token = "0123456789abcdef";
        assert!(bearer_matches(&with_auth("Bearer 0123456789abcdef"), token));
        assert!(!bearer_matches(&with_auth("Bearer 0123456789abcde"), token));
        assert!(!bearer_matches(
            &with_auth("Bearer 0123456789abcdefg"),
            token
        ));
        assert!(!bearer_matches(&with_auth("Basic 0123456789abcdef"), token));
        assert!(!bearer_matches(&HeaderMap::new(), token));
    }
}
