//! A form posted after the session ended is kept and handed back after signing in again.

use crate::support::{Browser, PASSWORD, TestApp};
use actix_web::http::StatusCode;
use pdsa::domain::roles::GlobalRole;
use pdsa::models::year::ProgramYear;

const FORM: &[(&str, &str)] = &[
    ("label", "2031-32"),
    ("start_date", "2031-08-01"),
    ("end_date", "2032-06-30"),
];

#[actix_web::test]
async fn a_form_posted_after_the_session_ended_comes_back_after_sign_in() {
    let app = TestApp::new();
    app.person(GlobalRole::Director, "dir@example.org");
    let svc = app.service().await;
    let mut b = Browser::new(); // the session has gone: no cookie
    let refused = b.post(&svc, "/years", FORM).await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    assert!(refused.location.unwrap().starts_with("/sign-in"));
    assert!(
        ProgramYear::list(&mut app.conn()).unwrap().is_empty(),
        "nothing saved while signed out"
    );
    b.get(&svc, "/sign-in").await;
    let signed = b
        .post(
            &svc,
            "/sign-in",
            &[("email", "dir@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(signed.location.as_deref(), Some("/resume"));
    let resume = b.get(&svc, "/resume").await;
    assert_eq!(resume.status, StatusCode::OK);
    assert!(
        resume.body.contains("action=\"/years\"")
            && resume.body.contains("value=\"2031-32\"")
            && resume.body.contains("value=\"2032-06-30\""),
        "{}",
        resume.body
    );
    let saved = b.post(&svc, "/years", FORM).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    assert!(
        ProgramYear::find_by_label(&mut app.conn(), "2031-32")
            .unwrap()
            .is_some()
    );
    let again = b.get(&svc, "/resume").await;
    assert_eq!(again.location.as_deref(), Some("/"), "handed back once");
}

#[actix_web::test]
async fn a_form_from_another_site_is_not_kept() {
    let app = TestApp::new();
    app.person(GlobalRole::Director, "dir@example.org");
    let svc = app.service().await;
    let mut b = Browser::new();
    b.set_origin("https://evil.example");
    b.post(&svc, "/years", FORM).await;
    b.set_origin(crate::support::ORIGIN);
    b.get(&svc, "/sign-in").await;
    let signed = b
        .post(
            &svc,
            "/sign-in",
            &[
                ("email", "dir@example.org"),
                ("password", PASSWORD),
                ("next", "/years"),
            ],
        )
        .await;
    assert_eq!(signed.location.as_deref(), Some("/years"));
}
