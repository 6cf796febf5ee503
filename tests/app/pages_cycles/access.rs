//! Who may read, write and comment: the team and directors write; facilitators read and
//! comment; other teams' members read while the collective shares cycles (classrooms by label,
//! never a teacher's name) and get 403 otherwise; nobody signed in is sent to sign in.

use super::{ANA, BO, DEE, FAY, World, saved, world};
use crate::fixtures::signed_in;
use crate::support::Browser;
use actix_web::http::StatusCode;
use pdsa::models::classroom::{Classroom, ClassroomInput};
use pdsa::models::observation::{Context, Draft, Observation, RawValue, Ref};

/// A classroom with a named teacher and an observation of it tied to `cycle`.
fn observed(w: &World, cycle: i32) {
    let c = &mut w.app.conn();
    let room = ClassroomInput {
        label: "Room 7".into(),
        teacher_name: "Mrs Hidalgo".into(),
        subject: "Math".into(),
        grade: "3".into(),
        ..Default::default()
    };
    let classroom = Classroom::create(c, &w.team_a, &room).unwrap().id;
    let ctx = Context::load(c, w.team_a.clone(), w.today).unwrap();
    let draft = Draft {
        date: w.today.to_string(),
        classroom: Ref::Id(classroom),
        measure: Ref::Id(w.measure),
        value: RawValue::Number(3.0),
        cycle: Some(cycle.to_string()),
        note: String::new(),
    };
    Observation::create(
        c,
        &pdsa::models::audit::AuditActor::system("test"),
        &ctx,
        &draft,
        None,
    )
    .unwrap();
}

#[actix_web::test]
async fn a_facilitator_reads_and_comments_but_does_not_edit() {
    let w = world();
    let idea = w
        .idea(w.driver("Student talk", None).id, "Turn and talk")
        .id;
    let cycle = w.cycle(idea, "Pairs in grade 3");
    let svc = w.app.service().await;
    let mut fay = signed_in(&svc, FAY).await;
    let url = format!("/cycles/{cycle}");
    let page = fay.get(&svc, &url).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        !page.body.contains(&format!("action=\"/cycles/{cycle}\"")),
        "no worksheet form"
    );
    assert!(!page.body.contains("Move on to"));
    assert!(
        page.body
            .contains(&format!("action=\"/cycles/{cycle}/comments\""))
    );
    let page = fay
        .post(&svc, &format!("{url}/comments"), &[("body", "")])
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("id=\"f-body-error\""));
    let page = fay
        .post(
            &svc,
            &format!("{url}/comments"),
            &[("body", "Try sentence stems first")],
        )
        .await;
    let page = saved(&svc, &mut fay, page).await;
    assert!(page.body.contains("Comment added."));
    let at = page.body.find("<strong>fay</strong>").expect("the author");
    assert!(page.body[at..].contains("Try sentence stems first"));
    let v = w.version(cycle);
    let refused = [
        (
            url.clone(),
            vec![("version", v.as_str()), ("objective", "x")],
        ),
        (
            format!("{url}/status"),
            vec![("to", "doing"), ("version", v.as_str())],
        ),
        (
            format!("/teams/{}/drivers", w.team_a.id),
            vec![("driver_title", "x")],
        ),
        (format!("/change-ideas/{idea}/cycles"), vec![("title", "x")]),
    ];
    for (to, fields) in refused {
        let page = fay.post(&svc, &to, &fields).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{to}");
    }
    let page = fay
        .get(&svc, &format!("/teams/{}/improvement", w.team_a.id))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("Add a driver"));
}

#[actix_web::test]
async fn another_teams_member_reads_de_identified_while_sharing_is_on_and_never_writes() {
    let w = world();
    let idea = w
        .idea(w.driver("Student talk", None).id, "Turn and talk")
        .id;
    let cycle = w.cycle(idea, "Pairs in grade 3");
    observed(&w, cycle);
    let svc = w.app.service().await;
    let mut ana = signed_in(&svc, ANA).await;
    let page = ana.get(&svc, &format!("/cycles/{cycle}")).await;
    assert!(page.body.contains("Room 7"));
    let mut bo = signed_in(&svc, BO).await;
    let pages = [
        format!("/cycles/{cycle}"),
        format!("/change-ideas/{idea}"),
        format!("/teams/{}/improvement", w.team_a.id),
    ];
    for url in &pages {
        let page = bo.get(&svc, url).await;
        assert_eq!(page.status, StatusCode::OK, "{url}");
        assert!(!page.body.contains("Hidalgo"), "no teacher names: {url}");
        assert!(
            !page.body.contains("<form method=\"post\" action=\"/cycles"),
            "{url}"
        );
        assert!(!page.body.contains("action=\"/change-ideas"), "{url}");
        assert!(!page.body.contains("action=\"/teams"), "{url}");
    }
    let page = bo.get(&svc, &pages[0]).await;
    assert!(page.body.contains("Room 7"), "classrooms by label");
    assert!(page.body.contains("Student discourse"));
    let v = w.version(cycle);
    let posts = [
        (
            format!("/cycles/{cycle}"),
            vec![("version", v.as_str()), ("objective", "x")],
        ),
        (
            format!("/cycles/{cycle}/status"),
            vec![("to", "doing"), ("version", v.as_str())],
        ),
        (
            format!("/cycles/{cycle}/next"),
            vec![("version", v.as_str())],
        ),
        (format!("/cycles/{cycle}/comments"), vec![("body", "Nice")]),
        (format!("/change-ideas/{idea}"), vec![("idea_title", "x")]),
        (format!("/change-ideas/{idea}/cycles"), vec![("title", "x")]),
        (
            format!("/teams/{}/aim", w.team_a.id),
            vec![("statement", "x"), ("version", "0")],
        ),
        (
            format!("/teams/{}/drivers", w.team_a.id),
            vec![("driver_title", "x")],
        ),
        (
            format!("/teams/{}/change-ideas", w.team_a.id),
            vec![("idea_title", "x")],
        ),
    ];
    for (url, fields) in &posts {
        let page = bo.post(&svc, url, fields).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{url}");
    }
    w.share(false);
    for url in &pages {
        let page = bo.get(&svc, url).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{url} with sharing off");
    }
    let page = bo.post(&svc, &posts[3].0, &posts[3].1).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(
        ana.get(&svc, &pages[0]).await.status,
        StatusCode::OK,
        "the team still reads"
    );
}

#[actix_web::test]
async fn a_director_writes_and_nobody_signed_in_is_sent_to_sign_in() {
    let w = world();
    let idea = w
        .idea(w.driver("Student talk", None).id, "Turn and talk")
        .id;
    let cycle = w.cycle(idea, "Pairs in grade 3");
    let svc = w.app.service().await;
    let mut anon = Browser::new();
    for url in [
        format!("/cycles/{cycle}"),
        format!("/change-ideas/{idea}"),
        format!("/teams/{}/improvement", w.team_a.id),
    ] {
        let page = anon.get(&svc, &url).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{url}");
        assert!(
            page.location.unwrap_or_default().starts_with("/sign-in"),
            "{url}"
        );
    }
    let page = anon
        .post(
            &svc,
            &format!("/cycles/{cycle}/comments"),
            &[("body", "Hello")],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(page.location.unwrap_or_default().starts_with("/sign-in"));

    let mut dee = signed_in(&svc, DEE).await;
    let v = w.version(cycle);
    let page = dee
        .post(
            &svc,
            &format!("/cycles/{cycle}"),
            &[("version", &v), ("plan_where", "Room 7 and Room 9")],
        )
        .await;
    let page = saved(&svc, &mut dee, page).await;
    assert!(page.body.contains("value=\"Room 7 and Room 9\""));
}

#[actix_web::test]
async fn a_worksheet_posted_after_the_session_ended_comes_back_after_sign_in() {
    let w = world();
    let idea = w
        .idea(w.driver("Student talk", None).id, "Turn and talk")
        .id;
    let cycle = w.cycle(idea, "Pairs in grade 3");
    let svc = w.app.service().await;
    let url = format!("/cycles/{cycle}");
    let v = w.version(cycle);
    let fields = [
        ("version", v.as_str()),
        ("objective", "Typed before the session ended"),
    ];
    let mut b = Browser::new();
    let refused = b.post(&svc, &url, &fields).await;
    assert!(refused.location.unwrap_or_default().starts_with("/sign-in"));
    b.get(&svc, "/sign-in").await;
    let signed = b
        .post(
            &svc,
            "/sign-in",
            &[("email", ANA), ("password", crate::support::PASSWORD)],
        )
        .await;
    assert_eq!(signed.location.as_deref(), Some("/resume"));
    let resume = b.get(&svc, "/resume").await;
    assert!(
        resume.body.contains(&format!("action=\"{url}\"")),
        "{}",
        resume.body
    );
    assert!(resume.body.contains("Typed before the session ended"));
    let page = b.post(&svc, &url, &fields).await;
    saved(&svc, &mut b, page).await;
    let stored = pdsa::models::cycle::Cycle::find(&mut w.app.conn(), cycle).unwrap();
    assert_eq!(stored.objective, "Typed before the session ended");
}
