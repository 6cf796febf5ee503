//! The route table. Every route the service answers is one row here (gathered from the page and
//! API modules), and the app is registered from these rows, so the tests can walk exactly what
//! is served: the role matrix and the OpenAPI check both fail when a new row has no entry.

use actix_web::http::Method;
use actix_web::web;

/// One route: method, actix path pattern, and a constructor for the actix `Route`.
pub struct RouteDef {
    /// HTTP method.
    pub method: Method,
    /// Path pattern, e.g. `/api/v1/teams/{id}`.
    pub path: &'static str,
    /// Builds the handler's route.
    pub route: fn() -> actix_web::Route,
}

/// `route!(GET "/path" => handler)`: a table row whose constructor is a plain fn pointer.
#[macro_export]
macro_rules! route {
    ($m:ident $path:literal => $handler:path) => {
        $crate::web::routes::RouteDef {
            method: actix_web::http::Method::$m,
            path: $path,
            route: || {
                actix_web::web::route()
                    .method(actix_web::http::Method::$m)
                    .to($handler)
            },
        }
    };
}

/// A module's own rows followed by each of its areas' rows, in the order given (which is the
/// order they are matched in).
pub fn gather(mut rows: Vec<RouteDef>, areas: &[fn() -> Vec<RouteDef>]) -> Vec<RouteDef> {
    for area in areas {
        rows.extend(area());
    }
    rows
}

/// Every route of the service.
pub fn all() -> Vec<RouteDef> {
    let mut rows = super::pages::routes();
    rows.extend(super::api::routes());
    rows
}

/// Registers the rows, one actix resource per path (so a path with GET and POST answers both and
/// a wrong method gets 405), in table order: fixed paths are listed before patterns that would
/// swallow them. Paths are grouped in scopes by their leading fixed part (see [`scope_of`]):
/// actix tries resources one by one, each pattern with a regular expression, so without scopes
/// a request for a late row paid for every row before it.
pub fn register(cfg: &mut web::ServiceConfig) {
    let rows = all();
    let paths = unique(rows.iter().map(|r| r.path));
    for prefix in unique(paths.iter().map(|p| scope_of(p))) {
        let inner = paths.iter().filter(|p| scope_of(p) == prefix);
        if prefix.is_empty() {
            for path in inner {
                cfg.service(resource(&rows, path, path));
            }
        } else {
            let scope = inner.fold(web::scope(prefix), |scope, path| {
                scope.service(resource(&rows, path, &path[prefix.len()..]))
            });
            cfg.service(scope);
        }
    }
}

/// The values in first-seen order, each once.
fn unique<'a>(values: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for v in values {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// One resource answering every method the table lists for `path`, mounted at `at`; any other
/// method gets a 405 whose `Allow` header lists those (RFC 9110 requires it).
fn resource(rows: &[RouteDef], path: &str, at: &str) -> actix_web::Resource {
    let own: Vec<&RouteDef> = rows.iter().filter(|r| r.path == path).collect();
    let allow = own
        .iter()
        .map(|r| r.method.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    own.iter()
        .fold(web::resource(at.to_string()), |res, r| {
            res.route((r.route)())
        })
        .default_service(web::to(move || {
            super::errors::method_not_allowed(allow.clone())
        }))
}

/// The scope a path is served under: its first segment (`/teams`), or for the API its first
/// three (`/api/v1/teams`); empty (no scope) for `/` and for a path starting with a pattern.
pub fn scope_of(path: &str) -> &str {
    let depth = if path.starts_with("/api/") { 3 } else { 1 };
    let mut end = 0;
    for segment in path.split('/').skip(1).take(depth) {
        if segment.is_empty() || segment.contains('{') {
            break;
        }
        end += segment.len() + 1;
    }
    &path[..end]
}

#[cfg(test)]
mod tests {
    use super::scope_of;

    #[test]
    fn paths_are_scoped_by_their_leading_fixed_part() {
        assert_eq!(scope_of("/"), "");
        assert_eq!(scope_of("/healthz"), "/healthz");
        assert_eq!(scope_of("/teams/{id}/variation"), "/teams");
        assert_eq!(scope_of("/api/v1/teams/{id}"), "/api/v1/teams");
        assert_eq!(scope_of("/api/v1/tokens"), "/api/v1/tokens");
        assert_eq!(scope_of("/api/openapi.json"), "/api/openapi.json");
        assert_eq!(scope_of("/{anything}"), "");
    }
}
