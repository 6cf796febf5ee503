//! Static files and templates as the app serves them: the built-in stylesheet and icon with
//! their validators and caching, compression for clients that ask, the usual 404 page for an
//! unknown file, and `PDSA_ASSET_DIR` replacing a template and the stylesheet.

use crate::support::{Browser, TestApp};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderMap};
use actix_web::test as atest;
use std::path::Path;

/// GET (or HEAD) `path` with extra headers; status, headers and body bytes.
async fn fetch<S, B>(
    svc: &S,
    method: actix_web::http::Method,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, HeaderMap, Vec<u8>)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let mut req = atest::TestRequest::default().method(method).uri(path);
    for h in headers {
        req = req.insert_header(*h);
    }
    let res = atest::call_service(svc, req.to_request()).await;
    let (status, map) = (res.status(), res.headers().clone());
    (status, map, atest::read_body(res).await.to_vec())
}

fn header_of(map: &HeaderMap, name: header::HeaderName) -> &str {
    map.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

#[actix_web::test]
async fn the_stylesheet_is_served_with_a_validator_and_revalidated() {
    use actix_web::http::Method;
    let app = TestApp::new();
    let svc = app.service().await;
    let (status, h, body) = fetch(&svc, Method::GET, "/static/app.css", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        header_of(&h, header::CONTENT_TYPE),
        "text/css; charset=utf-8"
    );
    assert_eq!(header_of(&h, header::CACHE_CONTROL), "public, max-age=3600");
    assert!(String::from_utf8_lossy(&body).contains("--app-focus"));
    let etag = header_of(&h, header::ETAG).to_string();
    assert!(etag.starts_with('"') && etag.len() == 34, "{etag}");

    let (status, h, body) = fetch(
        &svc,
        Method::GET,
        "/static/app.css",
        &[("If-None-Match", &etag)],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert_eq!(header_of(&h, header::ETAG), etag);
    assert!(body.is_empty());

    let stale = [("If-None-Match", "\"0000\"")];
    let (status, ..) = fetch(&svc, Method::GET, "/static/app.css", &stale).await;
    assert_eq!(status, StatusCode::OK);
    let (status, h, _) = fetch(&svc, Method::HEAD, "/static/pico.min.css", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        header_of(&h, header::CONTENT_TYPE),
        "text/css; charset=utf-8"
    );
}

#[actix_web::test]
async fn the_icon_is_at_the_root_and_linked_from_every_page() {
    use actix_web::http::Method;
    let app = TestApp::new();
    let svc = app.service().await;
    let (status, h, body) = fetch(&svc, Method::GET, "/favicon.ico", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header_of(&h, header::CONTENT_TYPE), "image/x-icon");
    assert_eq!(&body[..4], &[0, 0, 1, 0], "an ICO header");
    let (status, h, _) = fetch(&svc, Method::GET, "/static/favicon.svg", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header_of(&h, header::CONTENT_TYPE), "image/svg+xml");
    let page = Browser::new().get(&svc, "/sign-in").await;
    assert!(
        page.body
            .contains(r#"<link rel="icon" href="/favicon.ico""#)
    );
}

#[actix_web::test]
async fn an_unknown_or_escaping_file_gets_the_usual_not_found_page() {
    use actix_web::http::Method;
    let app = TestApp::new();
    let svc = app.service().await;
    for path in [
        "/static/nope.css",
        "/static/",
        "/static/%2e%2e/Cargo.toml",
        "/static/..%2fCargo.toml",
    ] {
        let (status, h, body) = fetch(&svc, Method::GET, path, &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(header_of(&h, header::CONTENT_TYPE).starts_with("text/html"));
        assert!(
            String::from_utf8_lossy(&body).contains("Not found"),
            "{path}"
        );
    }
}

#[actix_web::test]
async fn responses_are_gzipped_when_the_client_accepts_it() {
    use actix_web::http::Method;
    let app = TestApp::new();
    let svc = app.service().await;
    let gzip = [("Accept-Encoding", "gzip")];
    for path in ["/static/app.css", "/static/favicon.svg", "/sign-in"] {
        let (status, h, body) = fetch(&svc, Method::GET, path, &gzip).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(header_of(&h, header::CONTENT_ENCODING), "gzip", "{path}");
        assert_eq!(&body[..2], &[0x1f, 0x8b], "{path} is gzip");
    }
    let (_, h, body) = fetch(&svc, Method::GET, "/sign-in", &[]).await;
    assert_eq!(header_of(&h, header::CONTENT_ENCODING), "", "none unasked");
    assert!(String::from_utf8_lossy(&body).contains("<form"));
}

/// Copies a folder tree (the test's own copy of the assets to edit).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

#[actix_web::test]
async fn an_asset_folder_replaces_the_built_in_templates_and_styles() {
    use actix_web::http::Method;
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&root.join("templates"), &dir.path().join("templates"));
    std::fs::create_dir_all(dir.path().join("static")).unwrap();
    let sign_in = dir.path().join("templates/sign_in.hbs");
    let text = std::fs::read_to_string(&sign_in).unwrap();
    let edited = text.replace("<h1>Sign in</h1>", "<h1>Welcome back, edited</h1>");
    assert_ne!(
        edited, text,
        "the sign-in heading is where the test expects"
    );
    std::fs::write(&sign_in, edited).unwrap();
    std::fs::write(dir.path().join("static/app.css"), "body { color: teal }").unwrap();

    let folder = dir.path().to_string_lossy().to_string();
    let app = TestApp::with_vars(&[("PDSA_ASSET_DIR", folder.as_str())]);
    let svc = app.service().await;
    let page = Browser::new().get(&svc, "/sign-in").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Welcome back, edited"), "{}", page.body);
    let (status, _, body) = fetch(&svc, Method::GET, "/static/app.css", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, b"body { color: teal }");
    let (status, ..) = fetch(&svc, Method::GET, "/static/pico.min.css", &[]).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "the folder, not the built-in copy"
    );
}
