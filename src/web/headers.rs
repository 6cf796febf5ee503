//! The headers every answer carries, and `HEAD` wherever `GET` is served — once, here, rather
//! than route by route.
//!
//! - `Content-Security-Policy`: scripts, styles, fonts and frames from this site only, images
//!   also as `data:` URLs (the stylesheet's icons); no inline script or style attribute runs
//!   (the pages have none: everything is in `static/`); no site may frame a page, no form posts
//!   elsewhere and no `<base>` moves relative links.
//! - `X-Content-Type-Options: nosniff` and `Referrer-Policy: same-origin`: an upload is never
//!   run as a script, and an address holding a link's token never leaves in a `Referer`.
//! - `Strict-Transport-Security` when `PDSA_PUBLIC_URL` is https (the same test that marks
//!   cookies Secure), so a browser that has seen the site never tries plain http again.
//! - `Cache-Control: no-store` on every answer that sets no caching of its own: signed-in pages
//!   and API answers hold people's data and must not stay on a shared computer's disk, and the
//!   signed-out forms hold a CSRF token. Static files and the calendar feed keep their own rules.
//!
//! `HEAD` is answered as `GET`: the method is rewritten before routing, and actix's HTTP/1 and
//! HTTP/2 layers send the headers (the length included) without the body, since they know the
//! request was `HEAD`.

use super::AppState;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::InternalError;
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;

/// The Content-Security-Policy of every answer.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; \
     frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/// HSTS for two years, the common preload figure; subdomains are left out, as they may be
/// other services.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=63072000";

/// Middleware body (inside `observe`, so the log shows `HEAD`): rewrites `HEAD` to `GET`,
/// then adds the headers to whatever comes back, error pages included.
pub async fn secure(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    let https = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|s| s.config.secure_cookies());
    // No clone of the request is kept for an error: routing needs the only reference to it
    // (actix takes it mutably to fill in the path's parameters). An error no inner layer made
    // a response of gets its response here instead, so that it carries the headers too.
    match next.call(req).await {
        Ok(mut res) => {
            add(res.headers_mut(), https);
            Ok(res)
        }
        Err(e) => {
            let mut response = e.error_response();
            add(response.headers_mut(), https);
            Err(InternalError::from_response(e, response).into())
        }
    }
}

/// Sets the headers; a Cache-Control the handler chose stays.
pub fn add(headers: &mut HeaderMap, https: bool) {
    let fixed = [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
    ];
    for (name, value) in fixed {
        set(headers, name, value);
    }
    if https {
        set(
            headers,
            header::STRICT_TRANSPORT_SECURITY,
            STRICT_TRANSPORT_SECURITY,
        );
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        set(headers, header::CACHE_CONTROL, "no-store");
    }
}

fn set(headers: &mut HeaderMap, name: HeaderName, value: &'static str) {
    headers.insert(name, HeaderValue::from_static(value));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
        h.get(name).and_then(|v| v.to_str().ok())
    }

    #[test]
    fn every_answer_gets_the_policy_and_hsts_only_over_https() {
        let mut h = HeaderMap::new();
        add(&mut h, false);
        assert_eq!(
            value(&h, "content-security-policy"),
            Some(CONTENT_SECURITY_POLICY)
        );
        assert_eq!(value(&h, "x-content-type-options"), Some("nosniff"));
        assert_eq!(value(&h, "referrer-policy"), Some("same-origin"));
        assert_eq!(value(&h, "cache-control"), Some("no-store"));
        assert_eq!(value(&h, "strict-transport-security"), None);
        add(&mut h, true);
        assert_eq!(
            value(&h, "strict-transport-security"),
            Some(STRICT_TRANSPORT_SECURITY)
        );
    }

    #[test]
    fn a_handlers_own_caching_rule_stays() {
        let mut h = HeaderMap::new();
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=3600"),
        );
        add(&mut h, false);
        assert_eq!(value(&h, "cache-control"), Some("public, max-age=3600"));
    }

    #[test]
    fn the_policy_allows_no_inline_script_or_style() {
        for directive in [
            "default-src 'self'",
            "img-src 'self' data:",
            "frame-ancestors 'none'",
            "form-action 'self'",
            "base-uri 'none'",
        ] {
            assert!(CONTENT_SECURITY_POLICY.contains(directive), "{directive}");
        }
        assert!(!CONTENT_SECURITY_POLICY.contains("unsafe"));
        assert!(!CONTENT_SECURITY_POLICY.contains("script-src"));
        assert!(!CONTENT_SECURITY_POLICY.contains("style-src"));
    }
}
