//! The people page (staff; directors add people and change roles) and the profile (password,
//! API tokens).

use super::world;
use crate::fixtures::signed_in;
use crate::support::{PASSWORD, TestApp};
use actix_web::http::StatusCode;
use pdsa::domain::roles::GlobalRole;
use pdsa::models::person::Person;
use pdsa::models::token::ApiToken;

#[actix_web::test]
async fn the_people_page_is_for_staff_and_directors_add_people() {
    let app = TestApp::new();
    world(&app);
    let dir = app.person(GlobalRole::Director, "dir@example.org");
    app.person(GlobalRole::Facilitator, "fac@example.org");
    let member = app.person(GlobalRole::Member, "m@example.org");
    let svc = app.service().await;
    let mut m = signed_in(&svc, "m@example.org").await;
    assert_eq!(m.get(&svc, "/people").await.status, StatusCode::FORBIDDEN);
    let mut f = signed_in(&svc, "fac@example.org").await;
    let seen = f.get(&svc, "/people").await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(seen.body.contains("class=\"badge director\""));
    assert!(!seen.body.contains("Add a person"));
    assert_eq!(
        f.post(
            &svc,
            "/people",
            &[
                ("name", "X"),
                ("email", "x@example.org"),
                ("role", "member")
            ]
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );

    let mut d = signed_in(&svc, "dir@example.org").await;
    let taken = d
        .post(
            &svc,
            "/people",
            &[
                ("name", "Again"),
                ("email", "M@example.org"),
                ("role", "member"),
            ],
        )
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        taken
            .body
            .contains("id=\"f-email-error\">someone with this email exists already")
    );
    assert!(taken.body.contains("value=\"Again\""));
    let added = d
        .post(
            &svc,
            "/people",
            &[
                ("name", "New Teacher"),
                ("email", "new@example.org"),
                ("role", "member"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    let new = Person::find_by_email(&mut app.conn(), "new@example.org")
        .unwrap()
        .unwrap();
    assert!(new.password_hash.is_none());

    let promote = d
        .post(
            &svc,
            &format!("/people/{}/role", member.id),
            &[("role", "facilitator")],
        )
        .await;
    assert_eq!(promote.status, StatusCode::SEE_OTHER);
    assert_eq!(
        Person::find(&mut app.conn(), member.id).unwrap().role,
        "facilitator"
    );
    let own = d
        .post(
            &svc,
            &format!("/people/{}/role", dir.id),
            &[("role", "member")],
        )
        .await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(own.body.contains("cannot be changed by yourself"));
    assert_eq!(
        Person::find(&mut app.conn(), dir.id).unwrap().role,
        "director"
    );
}

#[actix_web::test]
async fn changing_the_password_needs_the_current_one() {
    let app = TestApp::new();
    let me = app.person(GlobalRole::Member, "m@example.org");
    let svc = app.service().await;
    let mut b = signed_in(&svc, "m@example.org").await;
    let page = b.get(&svc, "/profile").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("m@example.org"));

    let none = b
        .post(
            &svc,
            "/profile",
            &[
                ("name", "Mara"),
                ("new_password", "a brand new secret"),
                ("current_password", ""),
            ],
        )
        .await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        none.body
            .contains("id=\"f-current_password-error\">is needed to change your password")
    );
    assert!(
        none.body.contains("value=\"Mara\""),
        "the typed name is kept"
    );
    assert!(
        !none.body.contains("a brand new secret"),
        "passwords are never echoed"
    );
    let wrong = b
        .post(
            &svc,
            "/profile",
            &[
                ("name", "Mara"),
                ("new_password", "a brand new secret"),
                ("current_password", "nope"),
            ],
        )
        .await;
    assert!(
        wrong
            .body
            .contains("id=\"f-current_password-error\">is not right")
    );
    let short = b
        .post(
            &svc,
            "/profile",
            &[
                ("name", "Mara"),
                ("new_password", "short"),
                ("current_password", PASSWORD),
            ],
        )
        .await;
    assert!(
        short
            .body
            .contains("id=\"f-new_password-error\">must be at least 10 characters")
    );
    let hash = Person::find(&mut app.conn(), me.id).unwrap().password_hash;
    assert_eq!(
        hash.as_deref()
            .map(|h| pdsa::auth::password::verify(PASSWORD, h)),
        Some(true),
        "unchanged so far"
    );

    let ok = b
        .post(
            &svc,
            "/profile",
            &[
                ("name", "Mara"),
                ("new_password", "a brand new secret"),
                ("current_password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let saved = Person::find(&mut app.conn(), me.id).unwrap();
    assert_eq!(saved.name, "Mara");
    assert!(pdsa::auth::password::verify(
        "a brand new secret",
        saved.password_hash.as_deref().unwrap()
    ));
}

#[actix_web::test]
async fn the_profile_lists_and_revokes_api_tokens() {
    let app = TestApp::new();
    let me = app.person(GlobalRole::Member, "m@example.org");
    let other = app.person(GlobalRole::Member, "o@example.org");
    app.token(me.id);
    app.token(other.id);
    let svc = app.service().await;
    let mut b = signed_in(&svc, "m@example.org").await;
    let page = b.get(&svc, "/profile").await;
    assert!(page.body.contains("Revoke") && page.body.contains("never"));
    let mine = ApiToken::of_person(&mut app.conn(), me.id).unwrap()[0].id;
    let theirs = ApiToken::of_person(&mut app.conn(), other.id).unwrap()[0].id;
    assert_eq!(
        b.post(&svc, &format!("/profile/tokens/{theirs}/delete"), &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        b.post(&svc, &format!("/profile/tokens/{mine}/delete"), &[])
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert!(
        ApiToken::of_person(&mut app.conn(), me.id)
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        ApiToken::of_person(&mut app.conn(), other.id)
            .unwrap()
            .len(),
        1
    );
}
