//! What every request leaves behind: a request id (the caller's `X-Request-Id` when it is sane,
//! else a new one) sent back in the response and carried by every log line written while the
//! request is answered, one log event when it is done, and its count and latency in
//! [`Metrics`](super::metrics::Metrics).

use super::AppState;
use super::metrics::UNMATCHED;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::InternalError;
use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web;
use std::time::{Duration, Instant};
use tracing::Instrument;

/// The header a request id comes in and goes out in.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The longest request id taken from a caller; a longer one is replaced.
pub const MAX_ID_LEN: usize = 128;

/// Middleware body (outermost, so everything inside runs in the request's span): ids, times,
/// counts and logs the request.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let id = request_id(req.headers());
    let asked = Asked::of(&req);
    let state = req.app_data::<web::Data<AppState>>().cloned();
    // At ERROR level so that the span, and the id in it, exists whenever anything is logged,
    // also under RUST_LOG=warn.
    let span = tracing::error_span!("request", request_id = %id);
    let result = {
        let _in_flight = state.as_ref().map(|s| s.metrics.start());
        next.call(req).instrument(span.clone()).await
    };
    let status = match &result {
        Ok(res) => res.status(),
        Err(e) => e.as_response_error().status_code(),
    };
    span.in_scope(|| {
        asked.answered(
            state.as_ref().map(|s| s.get_ref()),
            status,
            started.elapsed(),
        )
    });
    with_id(result, &id)
}

/// What the request asked for, kept for its metrics and log line.
struct Asked {
    /// The template (`/teams/{id}`), not the path: ids would make a series per record, and
    /// account links carry their secret in the path. `None` when no route matched.
    route: Option<String>,
    method: Method,
}

impl Asked {
    fn of(req: &ServiceRequest) -> Asked {
        Asked {
            route: req.match_pattern(),
            method: req.method().clone(),
        }
    }

    /// Counts the request and writes its one log line.
    fn answered(self, state: Option<&AppState>, status: StatusCode, elapsed: Duration) {
        let route = self.route.as_deref().unwrap_or(UNMATCHED);
        let status = status.as_u16();
        if let Some(state) = state {
            state.metrics.record(route, &self.method, status, elapsed);
        }
        let duration_ms = elapsed.as_micros() as f64 / 1000.0;
        let method = &self.method;
        tracing::info!(%method, route, status, duration_ms, "answered");
    }
}

/// The caller's id when it is sane — 1 to [`MAX_ID_LEN`] visible ASCII characters, no spaces
/// or control characters that could forge log lines — else 16 random hex digits.
pub fn request_id(headers: &HeaderMap) -> String {
    headers
        .get(REQUEST_ID)
        .map(HeaderValue::as_bytes)
        .filter(|v| is_sane(v))
        .and_then(|v| std::str::from_utf8(v).ok())
        .map_or_else(|| format!("{:016x}", rand::random::<u64>()), str::to_string)
}

/// Whether a caller's request id may be kept.
pub fn is_sane(id: &[u8]) -> bool {
    (1..=MAX_ID_LEN).contains(&id.len()) && id.iter().all(u8::is_ascii_graphic)
}

/// Puts the id on the response; an error that no inner layer turned into a response yet gets
/// its response now, so that it carries the id too.
fn with_id<B>(
    result: Result<ServiceResponse<B>, actix_web::Error>,
    id: &str,
) -> Result<ServiceResponse<B>, actix_web::Error> {
    let Ok(value) = HeaderValue::from_str(id) else {
        return result;
    };
    match result {
        Ok(mut res) => {
            res.headers_mut().insert(REQUEST_ID, value);
            Ok(res)
        }
        Err(e) => {
            let mut response = e.error_response();
            response.headers_mut().insert(REQUEST_ID, value);
            Err(InternalError::from_response(e, response).into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(value: &[u8]) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(REQUEST_ID, HeaderValue::from_bytes(value).unwrap());
        h
    }

    #[test]
    fn a_sane_id_is_kept_and_any_other_replaced() {
        assert_eq!(request_id(&with(b"abc-123_XYZ.4")), "abc-123_XYZ.4");
        let long = "a".repeat(MAX_ID_LEN);
        assert_eq!(request_id(&with(long.as_bytes())), long);
        for bad in [&b"has space"[..], b"tab\there", &[0xc3, 0xa9], b""] {
            let made = request_id(&with(bad));
            assert_eq!(made.len(), 16, "{bad:?}");
            assert!(made.bytes().all(|b| b.is_ascii_hexdigit()));
        }
        let too_long = "a".repeat(MAX_ID_LEN + 1);
        assert_eq!(request_id(&with(too_long.as_bytes())).len(), 16);
        assert_ne!(request_id(&HeaderMap::new()), request_id(&HeaderMap::new()));
    }
}
