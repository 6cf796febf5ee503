//! Who sees what: another team's member reads de-identified pages while the collective shares
//! (no teacher, observer or note anywhere) and gets 403 when it does not; the facilitation team
//! reads without writing; nobody signed in is sent to sign in.

use super::{ANA, BEN, FAY, World};
use crate::fixtures::signed_in;
use crate::support::{Browser, PASSWORD};
use actix_web::http::StatusCode;

#[actix_web::test]
async fn another_team_reads_de_identified_and_is_refused_when_sharing_is_off() {
    let w = World::new();
    w.observe(
        w.rooms[0],
        w.rubric,
        &w.day(3),
        3.0,
        "Okafor's pairs were lively",
    );
    let svc = w.app.service().await;
    let mut ben = signed_in(&svc, BEN).await;
    let pages = [
        w.path("classrooms"),
        w.path("observations"),
        w.path("measures"),
        w.path("observations.csv"),
    ];
    for path in &pages {
        let page = ben.get(&svc, path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        for secret in ["anastasia", "Okafor", "lively"] {
            assert!(!page.body.contains(secret), "{path} shows {secret}");
        }
    }
    let rooms = ben.get(&svc, &w.path("classrooms")).await;
    assert!(rooms.body.contains("Room 1") && rooms.body.contains("de-identified"));
    let list = ben.get(&svc, &w.path("observations")).await;
    assert!(list.body.contains("Room 1"));
    assert!(
        !list.body.contains("/delete\""),
        "no edits for another team"
    );
    for path in [w.path("visits"), w.path("observations/import")] {
        assert_eq!(
            ben.get(&svc, &path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let post = ben
        .post(
            &svc,
            &w.path("visits"),
            &[("date", &w.day(1)), ("measure", "1")],
        )
        .await;
    assert_eq!(post.status, StatusCode::FORBIDDEN);

    w.share(false);
    for path in &pages {
        let page = ben.get(&svc, path).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
    }
}

#[actix_web::test]
async fn the_team_and_the_facilitation_team_see_teachers_and_notes() {
    let w = World::new();
    w.observe(w.rooms[0], w.rubric, &w.day(3), 3.0, "pairs were lively");
    let svc = w.app.service().await;
    for email in [ANA, FAY] {
        let mut b = signed_in(&svc, email).await;
        let rooms = b.get(&svc, &w.path("classrooms")).await;
        assert!(rooms.body.contains("Mr. Okafor") && rooms.body.contains("anastasia.quill"));
        let list = b.get(&svc, &w.path("observations")).await;
        assert!(list.body.contains("pairs were lively"), "{email}");
    }
    let mut fay = signed_in(&svc, FAY).await;
    let list = fay.get(&svc, &w.path("observations")).await;
    assert!(!list.body.contains("/delete\""), "facilitators read only");
    assert_eq!(
        fay.get(&svc, &w.path("visits")).await.status,
        StatusCode::FORBIDDEN
    );
}

#[actix_web::test]
async fn nobody_signed_in_is_sent_to_sign_in_and_gets_the_round_back() {
    let w = World::new();
    let svc = w.app.service().await;
    let mut anonymous = Browser::new();
    let page = anonymous.get(&svc, &w.path("visits?measure=1")).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(
        page.location
            .as_deref()
            .unwrap()
            .starts_with("/sign-in?next=%2Fteams%2F"),
        "{:?}",
        page.location
    );
    // A round posted after the session ended is kept, and handed back after signing in.
    let (day, measure, room) = (w.day(1), w.rubric.to_string(), w.rooms[0].to_string());
    let round = [
        ("date", day.as_str()),
        ("measure", measure.as_str()),
        ("classroom_0", room.as_str()),
        ("value_0", "3"),
        ("note_0", "kept while signed out"),
    ];
    anonymous.sign_in(&svc, ANA).await;
    w.app.expire_sessions();
    let post = anonymous.post(&svc, &w.path("visits"), &round).await;
    assert_eq!(post.status, StatusCode::SEE_OTHER);
    assert!(post.location.unwrap().starts_with("/sign-in"));
    assert!(w.observations().is_empty());
    anonymous.get(&svc, "/sign-in").await;
    let signed = anonymous
        .post(&svc, "/sign-in", &[("email", ANA), ("password", PASSWORD)])
        .await;
    assert_eq!(signed.location.as_deref(), Some("/resume"));
    let resume = anonymous.get(&svc, "/resume").await;
    let action = format!("action=\"{}\"", w.path("visits"));
    assert!(resume.body.contains(&action), "{}", resume.body);
    assert!(resume.body.contains("value=\"kept while signed out\""));
    let saved = anonymous.post(&svc, &w.path("visits"), &round).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(w.observations().len(), 1);
}
