//! Sign-in, sign-out, CSRF, throttling, and API tokens.

use crate::fixtures::signed_in;
use crate::support::{Browser, PASSWORD, TestApp, api};
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::{Method, StatusCode};
use pdsa::domain::roles::GlobalRole;
use serde_json::json;

#[actix_web::test]
async fn pages_redirect_to_sign_in_and_back() {
    let app = TestApp::new();
    app.person(GlobalRole::Director, "dir@example.org");
    let svc = app.service().await;
    let mut b = Browser::new();
    let page = b.get(&svc, "/").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.location.as_deref(), Some("/sign-in?next=%2F"));
    let form = b.get(&svc, "/sign-in?next=%2F").await;
    assert!(form.body.contains("name=\"csrf_token\""));
    let done = b
        .post(
            &svc,
            "/sign-in",
            &[
                ("email", "DIR@example.org"),
                ("password", PASSWORD),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(done.location.as_deref(), Some("/"));
    let home = b.get(&svc, "/").await;
    assert_eq!(home.status, StatusCode::OK, "{}", home.body);
    assert!(home.body.contains("Sign out"));
}

#[actix_web::test]
async fn a_wrong_password_comes_back_with_the_email_kept() {
    let app = TestApp::new();
    app.person(GlobalRole::Member, "m@example.org");
    let svc = app.service().await;
    let mut b = Browser::new();
    let page = b
        .post(
            &svc,
            "/sign-in",
            &[("email", "m@example.org"), ("password", "nope")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("value=\"m@example.org\""));
    assert!(page.body.contains("the email or password is not right"));
}

#[actix_web::test]
async fn sign_out_ends_the_session() {
    let app = TestApp::new();
    app.person(GlobalRole::Member, "m@example.org");
    let svc = app.service().await;
    let mut b = signed_in(&svc, "m@example.org").await;
    assert_eq!(b.get(&svc, "/").await.status, StatusCode::OK);
    let out = b.post(&svc, "/sign-out", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(b.get(&svc, "/").await.status, StatusCode::SEE_OTHER);
}

#[actix_web::test]
async fn forms_without_the_csrf_token_are_refused() {
    let app = TestApp::new();
    app.person(GlobalRole::Member, "m@example.org");
    let svc = app.service().await;
    let mut b = Browser::new();
    b.get(&svc, "/sign-in").await;
    let missing = b
        .post_raw(
            &svc,
            "/sign-in",
            &[("email", "m@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    assert!(missing.body.contains("did not come from this site"));
    let wrong = b
        .post_raw(
            &svc,
            "/sign-in",
            &[
                ("csrf_token", "forged"),
                ("email", "m@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    b.sign_in(&svc, "m@example.org").await;
    let forged_out = b
        .post_raw(&svc, "/sign-out", &[("csrf_token", "forged")])
        .await;
    assert_eq!(forged_out.status, StatusCode::FORBIDDEN);
    assert_eq!(
        b.get(&svc, "/").await.status,
        StatusCode::OK,
        "still signed in"
    );
}

#[actix_web::test]
async fn repeated_failures_are_throttled_with_retry_after() {
    let app = TestApp::new();
    app.person(GlobalRole::Member, "m@example.org");
    let svc = app.service().await;
    let mut b = Browser::new();
    for _ in 0..pdsa::auth::throttle::PER_ACCOUNT_ADDRESS.free {
        let p = b
            .post(
                &svc,
                "/sign-in",
                &[("email", "m@example.org"), ("password", "wrong")],
            )
            .await;
        assert_eq!(p.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let blocked = b
        .post(
            &svc,
            "/sign-in",
            &[("email", "m@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = blocked.retry_after.expect("Retry-After").parse().unwrap();
    assert!(wait > 0 && wait <= 15 * 60);
    let (status, body) = ask_token(
        &svc,
        json!({"email": "m@example.org", "password": PASSWORD, "name": "x"}),
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("try again")
    );
}

#[actix_web::test]
async fn api_tokens_are_issued_listed_and_revoked() {
    let app = TestApp::new();
    app.person(GlobalRole::Facilitator, "f@example.org");
    let svc = app.service().await;
    let (status, body) = ask_token(
        &svc,
        json!({"email": "f@example.org", "password": PASSWORD, "name": "laptop"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let token = body["token"].as_str().unwrap().to_string();
    assert_eq!(token.len(), 64);
    let id = body["id"].as_i64().unwrap();
    let (status, list) = api(&svc, Method::GET, "/api/v1/tokens", Some(&token), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["items"][0]["name"], "laptop");
    assert!(
        list["items"][0].get("token_hash").is_none(),
        "the hash is never shown"
    );
    let (status, _) = api(
        &svc,
        Method::DELETE,
        &format!("/api/v1/tokens/{id}"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = api(&svc, Method::GET, "/api/v1/tokens", Some(&token), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body["errors"].is_array());
}

#[actix_web::test]
async fn wrong_password_for_a_token_is_401_and_bad_bodies_are_400() {
    let app = TestApp::new();
    app.person(GlobalRole::Member, "m@example.org");
    let svc = app.service().await;
    let (status, body) = ask_token(
        &svc,
        json!({"email": "m@example.org", "password": "nope", "name": "x"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body["errors"].is_array());
    let (status, body) = ask_token(&svc, json!({"email": "m@example.org"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["errors"][0]["field"], "password");
    let (status, body) = ask_token(
        &svc,
        json!({"email": "m@example.org", "password": PASSWORD, "name": " "}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "name");
}

/// Asks for an API token (`POST /api/v1/tokens`, which needs no token itself).
async fn ask_token<S, B>(svc: &S, body: serde_json::Value) -> (StatusCode, serde_json::Value)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    api(svc, Method::POST, "/api/v1/tokens", None, Some(body)).await
}
