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
/// swallow them.
pub fn register(cfg: &mut web::ServiceConfig) {
    let rows = all();
    let mut paths: Vec<&'static str> = Vec::new();
    for r in &rows {
        if !paths.contains(&r.path) {
            paths.push(r.path);
        }
    }
    for path in paths {
        let resource = rows
            .iter()
            .filter(|r| r.path == path)
            .fold(web::resource(path), |res, r| res.route((r.route)()));
        cfg.service(resource);
    }
}
