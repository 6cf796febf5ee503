//! A form posted after the session expired is kept and handed back after signing in again;
//! nothing else is kept (no session, a signed-out one), and the caps hold.

use crate::fixtures::signed_in;
use crate::support::{Browser, PASSWORD, TestApp};
use actix_web::http::StatusCode;
use diesel::prelude::*;
use pdsa::db::schema::{saved_forms, sessions};
use pdsa::domain::roles::GlobalRole;
use pdsa::models::saved_form::{self, NotKept, SavedForm};
use pdsa::models::year::ProgramYear;

fn kept(app: &TestApp) -> i64 {
    saved_forms::table
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

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
    let mut b = signed_in(&svc, "dir@example.org").await;
    app.expire_sessions();
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
    let mut b = signed_in(&svc, "dir@example.org").await;
    app.expire_sessions();
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

#[actix_web::test]
async fn posts_without_an_expired_session_are_not_kept() {
    let app = TestApp::new();
    app.person(GlobalRole::Director, "dir@example.org");
    let svc = app.service().await;
    let big = "x".repeat(250 * 1000);
    let mut anon = Browser::new();
    anon.get(&svc, "/sign-in").await;
    for _ in 0..100 {
        let r = anon.post(&svc, "/years", &[("label", big.as_str())]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    assert_eq!(kept(&app), 0, "no session: anyone could send it");
    let mut b = signed_in(&svc, "dir@example.org").await;
    let mut thief = Browser::with_cookie(b.cookie());
    b.post(&svc, "/sign-out", &[]).await;
    thief.get(&svc, "/").await;
    let r = thief.post(&svc, "/years", FORM).await;
    assert!(r.location.unwrap().starts_with("/sign-in"));
    assert_eq!(kept(&app), 0, "a signed-out session does not qualify");
}

#[actix_web::test]
async fn an_expired_session_keeps_a_few_forms_only() {
    let app = TestApp::new();
    app.person(GlobalRole::Director, "dir@example.org");
    let svc = app.service().await;
    let mut b = signed_in(&svc, "dir@example.org").await;
    app.expire_sessions();
    for _ in 0..8 {
        b.post(&svc, "/years", FORM).await;
    }
    assert_eq!(kept(&app), saved_form::PER_SESSION, "the newest few");
}

#[actix_web::test]
async fn kept_forms_are_capped_in_size_and_in_all() {
    let app = TestApp::new();
    app.person(GlobalRole::Director, "dir@example.org");
    let svc = app.service().await;
    signed_in(&svc, "dir@example.org").await;
    let id: i32 = sessions::table
        .select(sessions::id)
        .first(&mut app.conn())
        .unwrap();
    let c = &mut app.conn();
    let too_big = "x".repeat(saved_form::MAX_BYTES + 1);
    assert_eq!(
        SavedForm::keep(c, id, "h0", "/years", &too_big).unwrap(),
        Err(NotKept::TooLarge)
    );
    let most = "x".repeat(saved_form::MAX_BYTES);
    let fits = saved_form::GLOBAL_BYTES as usize / saved_form::MAX_BYTES;
    // Spread over many sessions, as many expired sessions would.
    for n in 0..fits {
        let hash = format!("session-{n}");
        let origin = pdsa::models::session::Origin::default();
        let person = pdsa::models::person::Person::find_by_email(c, "dir@example.org")
            .unwrap()
            .unwrap();
        let s = pdsa::models::session::UserSession::create(
            c,
            person.id,
            "director",
            &hash,
            &origin,
            pdsa::models::now(),
        )
        .unwrap();
        assert_eq!(
            SavedForm::keep(c, s.id, &format!("f{n}"), "/years", &most).unwrap(),
            Ok(())
        );
    }
    assert_eq!(
        SavedForm::keep(c, id, "last", "/years", "label=x").unwrap(),
        Err(NotKept::Full),
        "the global budget is spent"
    );
    // A day later they are purged, and there is room again.
    let then = pdsa::models::now() - chrono::TimeDelta::hours(25);
    diesel::update(saved_forms::table)
        .set(saved_forms::created_at.eq(then))
        .execute(c)
        .unwrap();
    assert_eq!(
        SavedForm::keep(c, id, "last", "/years", "label=x").unwrap(),
        Ok(())
    );
    assert_eq!(saved_forms::table.count().get_result::<i64>(c).unwrap(), 1);
}
