//! Who reads and writes a team's evidence: its members and directors write; the facilitation
//! team reads; other teams read de-identified (no teacher, observer or note) while the
//! collective shares, and get 403 when it does not; nobody anonymous.

use super::{Setup, item};
use crate::support::api;
use actix_web::http::{Method, StatusCode};
use serde_json::json;

#[actix_web::test]
async fn own_team_writes_others_read_de_identified_while_sharing_and_not_at_all_without() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let path = s.a_path("observations");
    let mut body = item(&s, s.rubric, 1, json!(3));
    body["note"] = json!("Ms. Ana's students argued well");
    for who in [&s.b, &s.fac] {
        assert_eq!(
            api(&svc, Method::POST, &path, Some(who), Some(body.clone()))
                .await
                .0,
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(
        api(&svc, Method::POST, &path, None, Some(body.clone()))
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        api(&svc, Method::GET, &path, None, None).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (status, made) = api(&svc, Method::POST, &path, Some(&s.a), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED);
    let one = format!("/api/v1/observations/{}", made["id"]);

    let (_, staff) = api(&svc, Method::GET, &path, Some(&s.fac), None).await;
    assert_eq!(staff["items"][0]["note"], "Ms. Ana's students argued well");
    assert_eq!(staff["items"][0]["observer_name"], "ana");
    let (status, other) = api(&svc, Method::GET, &path, Some(&s.b), None).await;
    assert_eq!(status, StatusCode::OK);
    let o = &other["items"][0];
    assert_eq!(
        (o["classroom_label"].as_str(), o["value"].as_f64()),
        (Some("Room 1"), Some(3.0))
    );
    for hidden in ["note", "observer_person_id", "observer_name"] {
        assert!(
            o.get(hidden).is_none(),
            "{hidden} shown to another team: {o}"
        );
    }
    let (_, shown) = api(&svc, Method::GET, &one, Some(&s.b), None).await;
    assert!(shown.get("note").is_none());

    let (_, rooms) = api(&svc, Method::GET, &s.a_path("classrooms"), Some(&s.b), None).await;
    let room = &rooms["items"][0];
    assert_eq!(
        (room["label"].as_str(), room["school_name"].as_str()),
        (Some("Room 1"), Some("Ashford High"))
    );
    for hidden in ["teacher_person_id", "teacher_name", "subject", "grade"] {
        assert!(
            room.get(hidden).is_none(),
            "{hidden} shown to another team: {room}"
        );
    }
    let (_, own) = api(&svc, Method::GET, &s.a_path("classrooms"), Some(&s.a), None).await;
    assert_eq!(
        (
            own["items"][0]["teacher_name"].as_str(),
            own["items"][0]["teacher_person_id"].as_i64()
        ),
        (Some("ana"), Some(s.member_a.into()))
    );

    let mut edit = item(&s, s.rubric, 1, json!(4));
    edit["version"] = json!(1);
    for who in [&s.b, &s.fac] {
        assert_eq!(
            api(&svc, Method::PUT, &one, Some(who), Some(edit.clone()))
                .await
                .0,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            api(&svc, Method::DELETE, &one, Some(who), None).await.0,
            StatusCode::FORBIDDEN
        );
    }
    s.share(false);
    let room_path = format!("/api/v1/classrooms/{}", s.room);
    for p in [
        &path,
        &one,
        &s.a_path("classrooms"),
        &room_path,
        &s.a_path("observations.csv"),
        &s.a_path("cycles.csv"),
    ] {
        assert_eq!(
            api(&svc, Method::GET, p, Some(&s.b), None).await.0,
            StatusCode::FORBIDDEN,
            "{p}"
        );
        assert_eq!(
            api(&svc, Method::GET, p, Some(&s.fac), None).await.0,
            StatusCode::OK,
            "{p}"
        );
    }
    assert_eq!(
        api(&svc, Method::DELETE, &one, Some(&s.a), None).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api(&svc, Method::GET, &one, Some(&s.a), None).await.0,
        StatusCode::NOT_FOUND
    );
}
