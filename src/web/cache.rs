//! A small in-process cache of rendered page fragments (the coach dashboard's charts and tables),
//! so that a dashboard read again is served without re-reading thousands of observations and
//! re-drawing its SVG.
//!
//! Only what is the same for every reader is cached: the caller renders the layout (name, CSRF
//! token, flash messages) around the cached fragment on every request, and checks who may read
//! it *before* asking the cache.
//!
//! Staleness has two guards:
//! - a data **generation**: [`bump_on_write`] counts up after every non-GET/HEAD request of this
//!   server that was not refused (pages and API alike), here and in the database's
//!   `data_generation` row, which every instance on the database reads before serving a cached
//!   fragment ([`PageCache::observe`]); `pdsa import` bumps it too. An entry built at an older
//!   generation is never served — so a write through any instance shows on the next read;
//! - a **time to live** ([`TTL`], 60 s): writes that bypass the server (SQL typed by hand)
//!   show within a minute.
//!
//! Bounded by [`CAPACITY`] entries and [`BUDGET_BYTES`] of HTML; the oldest go first. No new crate:
//! a `RwLock<HashMap>` is plenty for a few hundred entries.

use super::AppState;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web;
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

/// The most entries kept.
pub const CAPACITY: usize = 256;
/// The most HTML kept, in bytes, so the cache stays well inside the server's memory budget.
pub const BUDGET_BYTES: usize = 8 << 20;
/// How long an entry is served when no write through this server has happened meanwhile.
pub const TTL: Duration = Duration::from_secs(60);

/// When a fragment's data was read: the generation and the instant, taken *before* reading,
/// so a write that lands during the build makes the entry stale rather than wrongly fresh.
#[derive(Debug, Clone, Copy)]
pub struct Stamp {
    generation: u64,
    at: Instant,
}

/// One cached fragment.
struct Entry {
    html: Arc<str>,
    stamp: Stamp,
}

/// Rendered fragments by key, with the data generation they were built at.
pub struct PageCache {
    entries: RwLock<HashMap<String, Entry>>,
    generation: AtomicU64,
    /// The database's data generation when this instance last looked.
    seen: AtomicI64,
    hits: AtomicU64,
    misses: AtomicU64,
    ttl: Duration,
    capacity: usize,
    budget: usize,
}

impl Default for PageCache {
    fn default() -> Self {
        PageCache::new(CAPACITY, BUDGET_BYTES, TTL)
    }
}

impl PageCache {
    /// A cache of at most `capacity` entries and `budget` bytes, each served for `ttl`.
    pub fn new(capacity: usize, budget: usize, ttl: Duration) -> PageCache {
        PageCache {
            entries: RwLock::new(HashMap::new()),
            generation: AtomicU64::new(0),
            seen: AtomicI64::new(0),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            ttl,
            capacity,
            budget,
        }
    }

    /// The current data generation and time: take it before reading the data of a fragment.
    pub fn stamp(&self) -> Stamp {
        Stamp {
            generation: self.generation.load(Ordering::Acquire),
            at: Instant::now(),
        }
    }

    /// Data changed: every entry built before now is stale.
    pub fn bump(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// The database's data generation as just read: when it moved since the last look, some
    /// instance wrote, and every entry built before now is stale.
    pub fn observe(&self, db_generation: i64) {
        if self.seen.swap(db_generation, Ordering::AcqRel) != db_generation {
            self.bump();
        }
    }

    /// How many reads were served from the cache (for tests and `/metrics`).
    pub fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }

    /// How many reads found nothing fresh and had to rebuild (for `/metrics`: hits over hits
    /// plus misses is how much the cache saves).
    pub fn misses(&self) -> u64 {
        self.misses.load(Ordering::Relaxed)
    }

    /// Whether an entry built at `stamp` may still be served.
    fn fresh(&self, stamp: &Stamp) -> bool {
        stamp.generation == self.generation.load(Ordering::Acquire) && stamp.at.elapsed() < self.ttl
    }

    /// The fragment under `key`, when it is still fresh.
    pub fn get(&self, key: &str) -> Option<Arc<str>> {
        // A panic while holding the lock cannot leave the map half-changed, so a poisoned lock
        // is still good to read.
        let map = self.entries.read().unwrap_or_else(PoisonError::into_inner);
        let Some(entry) = map.get(key).filter(|e| self.fresh(&e.stamp)) else {
            self.misses.fetch_add(1, Ordering::Relaxed);
            return None;
        };
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(entry.html.clone())
    }

    /// Keeps a fragment built from data read at `stamp` (dropped at once when data changed
    /// meanwhile, or when it alone is over the budget).
    pub fn put(&self, key: String, html: Arc<str>, stamp: Stamp) {
        if !self.fresh(&stamp) || html.len() > self.budget {
            return;
        }
        let mut map = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        map.insert(key, Entry { html, stamp });
        self.trim(&mut map);
    }

    /// Drops stale entries, then the oldest until the bounds hold.
    fn trim(&self, map: &mut HashMap<String, Entry>) {
        map.retain(|_, e| self.fresh(&e.stamp));
        let mut bytes: usize = map.values().map(|e| e.html.len()).sum();
        while map.len() > self.capacity || bytes > self.budget {
            let Some(oldest) = map
                .iter()
                .min_by_key(|(_, e)| e.stamp.at)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some(gone) = map.remove(&oldest) {
                bytes -= gone.html.len();
            }
        }
    }
}

/// Forms that change only the session, never data a page shows: signing in and out would
/// otherwise empty the cache for everyone.
const SESSION_ONLY: &[&str] = &["/sign-in", "/sign-out"];

/// Middleware body: after a request that may have changed data — any method but GET, HEAD and
/// OPTIONS, through a page or the API, signing in and out aside — bumps the cache's generation
/// unless the request was refused (4xx: nothing was changed). A 5xx still bumps: better a
/// wasted rebuild than a stale page.
pub async fn bump_on_write(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let writes = !safe && !SESSION_ONLY.contains(&req.path());
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let res = next.call(req).await?;
    if let Some(state) = state.filter(|_| writes && !res.status().is_client_error()) {
        state.cache.bump();
        // Tell the other instances; a failure here costs them only the TTL.
        if let Err(e) = state
            .db(|c| Ok(crate::models::shared::bump_generation(c)?))
            .await
        {
            log::warn!("cannot count the write for other instances: {e}");
        }
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(s: &str) -> Arc<str> {
        Arc::from(s)
    }

    #[test]
    fn an_entry_is_served_until_the_data_changes() {
        let cache = PageCache::default();
        let stamp = cache.stamp();
        cache.put("a".into(), html("<p>a</p>"), stamp);
        assert_eq!(cache.get("a").as_deref(), Some("<p>a</p>"));
        assert_eq!(cache.hits(), 1);
        cache.bump();
        assert!(cache.get("a").is_none());
        assert_eq!((cache.hits(), cache.misses()), (1, 1));
    }

    #[test]
    fn a_write_seen_in_the_database_makes_entries_stale() {
        let cache = PageCache::default();
        cache.observe(7);
        cache.put("a".into(), html("<p>a</p>"), cache.stamp());
        cache.observe(7);
        assert!(cache.get("a").is_some(), "the same generation keeps it");
        cache.observe(8);
        assert!(cache.get("a").is_none(), "another instance wrote");
    }

    #[test]
    fn an_entry_built_from_data_replaced_meanwhile_is_not_kept() {
        let cache = PageCache::default();
        let stamp = cache.stamp();
        cache.bump();
        cache.put("a".into(), html("old"), stamp);
        assert!(cache.get("a").is_none());
    }

    #[test]
    fn entries_expire_and_the_oldest_go_first() {
        let cache = PageCache::new(2, 1 << 20, Duration::ZERO);
        cache.put("a".into(), html("a"), cache.stamp());
        assert!(cache.get("a").is_none(), "a zero TTL serves nothing");
        let cache = PageCache::new(2, 10, TTL);
        for key in ["a", "b", "c"] {
            cache.put(key.into(), html(key), cache.stamp());
            std::thread::sleep(Duration::from_millis(2));
        }
        assert!(cache.get("a").is_none());
        assert!(cache.get("b").is_some() && cache.get("c").is_some());
        cache.put("big".into(), html("0123456789"), cache.stamp());
        assert!(cache.get("b").is_none() && cache.get("big").is_some());
        cache.put("huge".into(), html("0123456789x"), cache.stamp());
        assert!(cache.get("huge").is_none());
    }
}
