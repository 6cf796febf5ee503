//! Request counts and latencies per route template, kept in memory for `/metrics`.
//!
//! Recording sits on every request, so it is cheap: a read lock on the map of routes (one
//! atomic), atomics for the latency histogram, and a mutex held for a few instructions around
//! the handful of (method, status) counts a route has. Routes are keyed by their template
//! (`/teams/{id}`), never the raw path, so the number of series stays that of the route table.

pub mod scrape;
pub mod text;

use actix_web::http::Method;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError, RwLock};
use std::time::Duration;

/// The upper bounds of the latency buckets, in seconds: 5 ms to 10 s.
pub const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The same bounds in microseconds, compared against on every request.
const BUCKET_MICROS: [u64; 11] = [
    5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000,
    10_000_000,
];

/// The route label of a request no route matched (a 404 from the default service).
pub const UNMATCHED: &str = "unmatched";

/// The methods counted apart; any other counts as `OTHER`, so a client inventing methods
/// cannot add series.
const METHODS: [&str; 8] = [
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "OTHER",
];

fn method_index(method: &Method) -> u8 {
    let name = method.as_str();
    METHODS[..7].iter().position(|m| *m == name).unwrap_or(7) as u8
}

/// One route template's numbers.
#[derive(Default)]
struct Series {
    /// `(method, status, count)`: a route sees a few combinations, so a short vector scanned
    /// under the lock beats a map.
    counts: Mutex<Vec<(u8, u16, u64)>>,
    /// Requests per latency bucket (not cumulative); the last one is above 10 s.
    buckets: [AtomicU64; 12],
    /// Total latency in microseconds.
    sum_micros: AtomicU64,
}

impl Series {
    fn record(&self, method: u8, status: u16, micros: u64) {
        let bucket = BUCKET_MICROS
            .iter()
            .position(|b| micros <= *b)
            .unwrap_or(BUCKET_MICROS.len());
        self.buckets[bucket].fetch_add(1, Ordering::Relaxed);
        self.sum_micros.fetch_add(micros, Ordering::Relaxed);
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        match counts.iter_mut().find(|c| c.0 == method && c.1 == status) {
            Some(c) => c.2 += 1,
            None => counts.push((method, status, 1)),
        }
    }

    fn snapshot(&self, route: &str) -> RouteSnapshot {
        let counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        let mut counts: Vec<_> = counts
            .iter()
            .map(|&(m, s, n)| (METHODS[m as usize], s, n))
            .collect();
        counts.sort_unstable();
        RouteSnapshot {
            route: route.to_string(),
            counts,
            buckets: std::array::from_fn(|i| self.buckets[i].load(Ordering::Relaxed)),
            sum_seconds: self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6,
        }
    }
}

/// What one route has seen, copied out for the exposition.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteSnapshot {
    /// The route template.
    pub route: String,
    /// `(method, status, requests)`, sorted.
    pub counts: Vec<(&'static str, u16, u64)>,
    /// Requests per bucket of [`BUCKETS`], not cumulative; the last is above the last bound.
    pub buckets: [u64; 12],
    /// Total latency in seconds.
    pub sum_seconds: f64,
}

/// Every route's counts and latencies since the process started; shared by all workers.
#[derive(Default)]
pub struct Metrics {
    routes: RwLock<HashMap<String, Series>>,
    /// Requests being answered now (gauge).
    in_flight: AtomicU64,
    /// Password checks (argon2 verifications) made for sign-ins: one per attempt that is not
    /// throttled, whether or not the address has an account.
    password_checks: AtomicU64,
}

impl Metrics {
    /// Counts one answered request under its route template (or [`UNMATCHED`]).
    pub fn record(&self, route: &str, method: &Method, status: u16, elapsed: Duration) {
        let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
        let method = method_index(method);
        {
            let routes = self.routes.read().unwrap_or_else(PoisonError::into_inner);
            if let Some(series) = routes.get(route) {
                series.record(method, status, micros);
                return;
            }
        }
        // The first request of a route: the only time the map is written.
        let mut routes = self.routes.write().unwrap_or_else(PoisonError::into_inner);
        routes
            .entry(route.to_string())
            .or_default()
            .record(method, status, micros);
    }

    /// Marks a request as started; the guard marks it finished when dropped.
    pub fn start(&self) -> InFlight<'_> {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        InFlight(&self.in_flight)
    }

    /// Requests being answered now.
    pub fn in_flight(&self) -> u64 {
        self.in_flight.load(Ordering::Relaxed)
    }

    /// Counts one password check.
    pub fn password_checked(&self) {
        self.password_checks.fetch_add(1, Ordering::Relaxed);
    }

    /// Password checks made so far.
    pub fn password_checks(&self) -> u64 {
        self.password_checks.load(Ordering::Relaxed)
    }

    /// Every route seen so far, sorted by template.
    pub fn snapshot(&self) -> Vec<RouteSnapshot> {
        let routes = self.routes.read().unwrap_or_else(PoisonError::into_inner);
        let mut out: Vec<_> = routes.iter().map(|(r, s)| s.snapshot(r)).collect();
        out.sort_by(|a, b| a.route.cmp(&b.route));
        out
    }
}

/// A request in flight; counted down when dropped, also when the client goes away mid-way.
pub struct InFlight<'a>(&'a AtomicU64);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_counted_per_route_method_and_status() {
        let m = Metrics::default();
        let ms = Duration::from_millis;
        m.record("/teams/{id}", &Method::GET, 200, ms(3));
        m.record("/teams/{id}", &Method::GET, 200, ms(30));
        m.record("/teams/{id}", &Method::POST, 422, ms(12_000));
        m.record(UNMATCHED, &Method::from_bytes(b"BREW").unwrap(), 404, ms(1));
        let snap = m.snapshot();
        assert_eq!(snap.len(), 2);
        let teams = &snap[0];
        assert_eq!(teams.route, "/teams/{id}");
        assert_eq!(teams.counts, vec![("GET", 200, 2), ("POST", 422, 1)]);
        assert_eq!(teams.buckets[0], 1, "3 ms is within 5 ms");
        assert_eq!(teams.buckets[3], 1, "30 ms is within 50 ms");
        assert_eq!(teams.buckets[11], 1, "12 s is above every bound");
        assert!((teams.sum_seconds - 12.033).abs() < 1e-9);
        assert_eq!(snap[1].counts, vec![("OTHER", 404, 1)]);
    }

    #[test]
    fn in_flight_requests_are_counted_down_when_done() {
        let m = Metrics::default();
        let a = m.start();
        let b = m.start();
        assert_eq!(m.in_flight(), 2);
        drop(a);
        drop(b);
        assert_eq!(m.in_flight(), 0);
    }
}
