//! Every API operation, called the ways that go wrong (no token, a path segment that is not a
//! number, an id that names nothing, an unreadable query string, an unreadable body, a body over
//! the limit), answers only statuses its OpenAPI operation documents, and every error comes in
//! the one JSON shape `{"errors": [{"field", "message"}]}`.

use crate::fixtures::bearer;
use crate::support::TestApp;
use actix_web::http::{Method, StatusCode, header};
use actix_web::test as atest;
use pdsa::domain::roles::GlobalRole;
use serde_json::Value;

/// A call to make: the URI, the token, the body.
type Case<'a> = (String, Option<&'a str>, Option<Vec<u8>>);

/// One call and what came back.
struct Answer {
    status: StatusCode,
    content_type: String,
    body: Value,
}

async fn call<S, B>(
    svc: &S,
    method: &Method,
    uri: &str,
    token: Option<&str>,
    body: Option<Vec<u8>>,
) -> Answer
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let mut req = atest::TestRequest::default()
        .method(method.clone())
        .uri(uri);
    if let Some(t) = token {
        req = req.insert_header(("Authorization", format!("Bearer {t}")));
    }
    if let Some(b) = body {
        req = req
            .insert_header((header::CONTENT_TYPE, "application/json"))
            .set_payload(b);
    }
    let res = atest::call_service(svc, req.to_request()).await;
    let status = res.status();
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = atest::read_body(res).await;
    Answer {
        status,
        content_type,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

/// The error shape: a list of `{field, message}` with a message in each.
fn is_error_shape(body: &Value) -> bool {
    body["errors"].as_array().is_some_and(|errors| {
        !errors.is_empty()
            && errors.iter().all(|e| {
                e["field"].is_string() && e["message"].as_str().is_some_and(|m| !m.is_empty())
            })
    })
}

#[actix_web::test]
async fn every_operation_answers_only_documented_errors_in_the_json_shape() {
    let app = TestApp::with_demo();
    let token = bearer(&app, GlobalRole::Director, "dora@collective.org");
    let svc = app.service().await;
    let doc = serde_json::to_value(pdsa::web::openapi::document_json()).unwrap();
    let big = vec![b' '; pdsa::web::limits::LARGEST + 1];
    let mut problems = Vec::new();
    let mut calls = 0;
    let routes = pdsa::web::routes::all();
    for r in routes.iter().filter(|r| r.path.starts_with("/api/v1/")) {
        let method = r.method.as_str().to_lowercase();
        let op = &doc["paths"][r.path][&method];
        let documented = |s: StatusCode| op["responses"][s.as_str()].is_object();
        let with_body = matches!(r.method, Method::POST | Method::PUT | Method::PATCH);
        let conn = &mut app.conn();
        let real = super::fill(conn, r.path, true, "999999");
        let mut cases: Vec<Case> = vec![
            (real.clone(), None, None),
            (super::fill(conn, r.path, false, "abc"), Some(&token), None),
            (
                super::fill(conn, r.path, false, "999999"),
                Some(&token),
                None,
            ),
            (
                format!("{real}?limit=x&limit=y&after=%zz"),
                Some(&token),
                None,
            ),
        ];
        if with_body {
            cases.push((
                real.clone(),
                Some(&token),
                Some(b"{\"unclosed\": ".to_vec()),
            ));
            cases.push((real.clone(), Some(&token), Some(big.clone())));
        }
        for (uri, token, body) in cases {
            let sent_body = body.is_some();
            let a = call(&svc, &r.method, &uri, token, body).await;
            calls += 1;
            let what = format!(
                "{} {uri} (token: {}, body: {sent_body})",
                r.method,
                token.is_some()
            );
            if a.status.is_server_error() {
                problems.push(format!("{what}: {} {}", a.status, a.body));
                continue;
            }
            if !a.status.is_success() && !documented(a.status) {
                problems.push(format!("{what}: {} is not documented", a.status));
            }
            if a.status.is_client_error()
                && !(a.content_type.starts_with("application/json") && is_error_shape(&a.body))
            {
                problems.push(format!(
                    "{what}: {} in {:?}: {}",
                    a.status, a.content_type, a.body
                ));
            }
        }
    }
    assert!(calls > 300, "only {calls} calls");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[actix_web::test]
async fn every_error_response_in_the_document_is_the_one_error_shape() {
    let doc = serde_json::to_value(pdsa::web::openapi::document_json()).unwrap();
    assert!(doc["components"]["schemas"]["Error"]["properties"]["errors"].is_object());
    let mut errors = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for (status, response) in op["responses"].as_object().unwrap() {
                if status.starts_with('2') {
                    continue;
                }
                errors += 1;
                let schema = &response["content"]["application/json"]["schema"]["$ref"];
                assert_eq!(
                    schema, "#/components/schemas/Error",
                    "{method} {path} {status}"
                );
            }
            let has_path_param = path.contains('{');
            if has_path_param {
                assert!(
                    op["responses"]["404"].is_object(),
                    "{method} {path} lacks 404"
                );
            }
            if op["requestBody"].is_object() {
                for s in ["400", "413", "422"] {
                    assert!(op["responses"][s].is_object(), "{method} {path} lacks {s}");
                }
            }
        }
    }
    assert!(errors > 200, "only {errors} error responses");
}

#[actix_web::test]
async fn a_method_a_path_does_not_serve_is_405_naming_those_it_does() {
    let app = TestApp::new();
    let svc = app.service().await;
    let res = atest::call_service(
        &svc,
        atest::TestRequest::patch()
            .uri("/api/v1/tokens")
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    let allow = res
        .headers()
        .get(header::ALLOW)
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
    let body: Value = serde_json::from_slice(&atest::read_body(res).await).unwrap();
    assert!(is_error_shape(&body), "{body}");
}
