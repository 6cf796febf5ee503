//! The security headers on every kind of answer (pages signed out, the API, errors, static
//! files; signed-in pages through the server below), HSTS only behind https, and `HEAD` wherever `GET` is served: every GET row of
//! the route table in process, and pages, the API, the calendar feed and a static file through a
//! real `pdsa serve`, where the body must be left out and its length kept.

use crate::instances::{Reply, Serve, http, sign_in};
use crate::support::TestApp;
use actix_web::dev::Service;
use actix_web::http::Method;
use actix_web::test as atest;
use pdsa::domain::roles::GlobalRole;
use pdsa::web::headers::{CONTENT_SECURITY_POLICY, STRICT_TRANSPORT_SECURITY};

/// What every answer carries, whatever it is.
fn assert_secured(headers: &actix_web::http::header::HeaderMap, what: &str) {
    let value = |n: &str| headers.get(n).and_then(|v| v.to_str().ok());
    assert_eq!(
        value("content-security-policy"),
        Some(CONTENT_SECURITY_POLICY),
        "{what}"
    );
    assert_eq!(value("x-content-type-options"), Some("nosniff"), "{what}");
    assert_eq!(value("referrer-policy"), Some("same-origin"), "{what}");
}

#[actix_web::test]
async fn every_kind_of_answer_carries_the_security_headers() {
    let app = TestApp::new();
    let director = app.person(GlobalRole::Director, "dee@example.org");
    let token = app.token(director.id);
    let svc = app.service().await;
    let get = |path: &str, bearer: Option<&str>| {
        let mut req = atest::TestRequest::get().uri(path);
        if let Some(t) = bearer {
            req = req.insert_header(("Authorization", format!("Bearer {t}")));
        }
        req.to_request()
    };
    for (path, bearer, caching) in [
        ("/sign-in", None, "no-store"),
        ("/api/v1/teams", Some(token.as_str()), "no-store"),
        ("/api/v1/teams", None, "no-store"),
        ("/api/v1/audit", Some(token.as_str()), "no-store"),
        ("/no/such/page", None, "no-store"),
        ("/static/app.css", None, "public, max-age=3600"),
    ] {
        let res = atest::call_service(&svc, get(path, bearer)).await;
        assert_secured(res.headers(), path);
        assert_eq!(
            res.headers().get("cache-control").unwrap(),
            caching,
            "{path}"
        );
        assert!(res.headers().get("strict-transport-security").is_none());
    }
}

/// An error that no inner layer turned into a response (a body over the extractor's limit,
/// refused while the CSRF layer reads it) still goes out with the headers.
#[actix_web::test]
async fn an_error_raised_by_a_middleware_carries_the_headers_too() {
    let app = TestApp::with_vars(&[("PDSA_PUBLIC_URL", "https://pdsa.example.org")]);
    app.person(pdsa::domain::roles::GlobalRole::Director, "dir@example.org");
    let svc = app.service().await;
    // Signed in (a signed-out post is sent to sign in before anything reads it), so the CSRF
    // layer reads this body, past every limit, and refuses it from inside the middleware.
    let b = crate::fixtures::signed_in(&svc, "dir@example.org").await;
    let big = "x".repeat(8 * 1024 * 1024);
    let req = atest::TestRequest::post()
        .uri("/years")
        .cookie(b.cookie().unwrap())
        .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
        .set_payload(format!("name={big}"))
        .to_request();
    let (status, headers) = match svc.call(req).await {
        Ok(res) => (res.status(), res.headers().clone()),
        Err(e) => {
            let res = e.error_response();
            (res.status(), res.headers().clone())
        }
    };
    assert!(status.is_client_error(), "{status}");
    assert_secured(&headers, "a refused body");
    assert_eq!(headers.get("cache-control").unwrap(), "no-store");
    assert_eq!(
        headers.get("strict-transport-security").unwrap(),
        STRICT_TRANSPORT_SECURITY
    );
}

#[actix_web::test]
async fn hsts_is_sent_when_the_public_address_is_https() {
    let app = TestApp::with_vars(&[("PDSA_PUBLIC_URL", "https://pdsa.example.org")]);
    let svc = app.service().await;
    for path in ["/sign-in", "/static/app.css", "/api/v1/teams"] {
        let res = atest::call_service(&svc, atest::TestRequest::get().uri(path).to_request()).await;
        assert_eq!(
            res.headers().get("strict-transport-security").unwrap(),
            STRICT_TRANSPORT_SECURITY,
            "{path}"
        );
    }
}

#[actix_web::test]
async fn head_answers_like_get_on_every_get_route() {
    let app = TestApp::with_demo();
    let director =
        pdsa::models::person::Person::find_by_email(&mut app.conn(), "director@demo.pdsa")
            .unwrap()
            .unwrap();
    let token = app.token(director.id);
    let svc = app.service().await;
    let mut checked = 0;
    for row in pdsa::web::routes::all() {
        if row.method != Method::GET {
            continue;
        }
        let path = with_ids(row.path);
        let bearer = path.starts_with("/api/").then_some(token.as_str());
        let mut statuses = Vec::new();
        for method in [Method::GET, Method::HEAD] {
            let mut req = atest::TestRequest::default().method(method).uri(&path);
            if let Some(t) = bearer {
                req = req.insert_header(("Authorization", format!("Bearer {t}")));
            }
            let res = atest::call_service(&svc, req.to_request()).await;
            statuses.push(res.status());
        }
        assert_eq!(statuses[0], statuses[1], "HEAD {path} answers as GET does");
        assert_ne!(statuses[1], 405, "{path}");
        checked += 1;
    }
    assert!(checked > 40, "every GET row was tried ({checked})");
}

/// A route's pattern with every `{...}` replaced by the demo's first id, `1`, and the calendar
/// feed's file given its suffix.
fn with_ids(pattern: &str) -> String {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
        out.push('1');
        rest = &rest[close..];
    }
    out.push_str(rest);
    if out == "/calendar/1" {
        out.push_str(".ics");
    }
    out
}

/// HEAD through the real server: the GET's status and headers, no body.
fn head_like_get(port: u16, path: &str, headers: &[(&str, &str)]) -> Reply {
    let get = http(port, "GET", path, headers, "");
    let head = http(port, "HEAD", path, headers, "");
    assert_eq!((head.0, get.0), (200, 200), "{path}: {}", get.2);
    assert_eq!(head.2, "", "HEAD {path} sends no body");
    assert_eq!(
        head.header("content-type"),
        get.header("content-type"),
        "{path}"
    );
    let length: usize = head
        .header("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or_else(|| panic!("HEAD {path} gives the length"));
    assert!(length > 0, "{path}");
    for (name, value) in [
        ("content-security-policy", CONTENT_SECURITY_POLICY),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "same-origin"),
    ] {
        assert_eq!(head.header(name), Some(value), "HEAD {path}");
        assert_eq!(get.header(name), Some(value), "GET {path}");
    }
    get
}

#[test]
fn head_through_the_server_sends_the_headers_without_the_body() {
    let app = TestApp::with_demo();
    let director =
        pdsa::models::person::Person::find_by_email(&mut app.conn(), "director@demo.pdsa")
            .unwrap()
            .unwrap();
    let token = format!("Bearer {}", app.token(director.id));
    let feed = pdsa::models::mail_prefs::MailPrefs::of_person(&mut app.conn(), director.id)
        .unwrap()
        .calendar_token;
    let server = Serve::start(&app.state.config.database_url, &[]);
    let cookie = sign_in(server.port, "director@demo.pdsa");
    let css = head_like_get(server.port, "/static/app.css", &[]);
    let css_head = http(server.port, "HEAD", "/static/app.css", &[], "");
    assert_eq!(
        css_head.header("content-length"),
        Some(css.2.len().to_string().as_str()),
        "the length is the body's"
    );
    head_like_get(server.port, "/sign-in", &[]);
    for page in ["/", "/years", "/profile", "/people", "/audit"] {
        let got = head_like_get(server.port, page, &[("Cookie", &cookie)]);
        assert_eq!(got.header("cache-control"), Some("no-store"), "{page}");
    }
    for api in ["/api/v1/teams", "/api/v1/audit"] {
        let got = head_like_get(server.port, api, &[("Authorization", &token)]);
        assert_eq!(got.header("cache-control"), Some("no-store"), "{api}");
    }
    let ics = head_like_get(server.port, &format!("/calendar/{feed}.ics"), &[]);
    assert!(ics.2.starts_with("BEGIN:VCALENDAR"), "{}", ics.2);
}
