//! The defects issue 12 found inside a team, each tried as it was found: a student deleted an
//! observation and a classroom and rewrote the aim; students saw observations with their
//! teachers' names; cycle comments named their authors to other teams, whose roster is refused
//! to them. And the rule for deleting an observation: its recorder and the team's leads.

use super::team::{NOTE, OBSERVER_NAME, TEACHER_NAME, classroom, email, observe, team_world};
use crate::fixtures::signed_in;
use crate::support::api;
use actix_web::http::{Method, StatusCode};
use pdsa::domain::permissions::Standing;
use pdsa::domain::roles::TeamRole;
use serde_json::json;

const STUDENT: Standing = Standing::OnTeam(TeamRole::Student);
const TEACHER: Standing = Standing::OnTeam(TeamRole::Teacher);

#[actix_web::test]
async fn a_student_deletes_no_evidence_and_changes_neither_the_aim_nor_the_roster() {
    let w = team_world();
    let svc = w.app.service().await;
    let (t, s) = (w.team.id, Some(w.student.as_str()));
    let director = Some(w.callers[0].2.as_str());
    let obs = format!("/api/v1/observations/{}", w.observation);
    assert_eq!(
        api(&svc, Method::DELETE, &obs.clone(), s, None).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api(&svc, Method::GET, &obs.clone(), director, None).await.0,
        StatusCode::OK
    );
    let room = classroom(&w.app, &w.team, "Empty room", None);
    let room_path = format!("/api/v1/classrooms/{room}");
    let (status, e) = api(&svc, Method::DELETE, &room_path.clone(), s, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{e}");
    assert!(
        e.to_string()
            .contains("a student on this team may not delete classrooms"),
        "{e}"
    );
    assert_eq!(
        api(&svc, Method::GET, &room_path, director, None).await.0,
        StatusCode::OK
    );
    let aim = json!({"statement": "Students set the aim", "version": 0});
    let aim_path = format!("/api/v1/teams/{t}/aim");
    assert_eq!(
        api(&svc, Method::PUT, &aim_path.clone(), s, Some(aim))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (_, shown) = api(&svc, Method::GET, &aim_path, director, None).await;
    assert!(
        !shown.to_string().contains("Students set the aim"),
        "{shown}"
    );
    let member = json!({"person_id": w.callers[7].1, "role": "student"});
    let roster = format!("/api/v1/teams/{t}/members");
    assert_eq!(
        api(&svc, Method::POST, &roster, s, Some(member)).await.0,
        StatusCode::FORBIDDEN
    );

    // The same through the pages.
    let mut b = signed_in(&svc, &email(STUDENT)).await;
    let page = b
        .post(
            &svc,
            &format!("/observations/{}/delete", w.observation),
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = b
        .post(&svc, &format!("/classrooms/{room}/delete"), &[])
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let fields = [("statement", "Students set the aim"), ("version", "0")];
    let page = b.post(&svc, &format!("/teams/{t}/aim"), &fields).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(
        api(&svc, Method::GET, &obs, director, None).await.0,
        StatusCode::OK
    );
}

#[actix_web::test]
async fn students_see_the_teams_observations_without_the_teachers_names() {
    let w = team_world();
    let svc = w.app.service().await;
    let t = w.team.id;
    for (path, names) in [
        (
            format!("/api/v1/teams/{t}/observations"),
            [OBSERVER_NAME, NOTE],
        ),
        (
            format!("/api/v1/teams/{t}/classrooms"),
            [TEACHER_NAME, TEACHER_NAME],
        ),
    ] {
        let (status, student) = api(&svc, Method::GET, &path, Some(w.student.as_str()), None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            !student["items"].as_array().unwrap().is_empty(),
            "{student}"
        );
        let (_, teacher) = api(&svc, Method::GET, &path, Some(w.teacher.0.as_str()), None).await;
        for name in names {
            assert!(
                !student.to_string().contains(name),
                "{path} shows {name} to a student"
            );
            assert!(
                teacher.to_string().contains(name),
                "{path} hides {name} from the teacher"
            );
        }
    }
    let mut b = signed_in(&svc, &email(STUDENT)).await;
    for path in [
        format!("/teams/{t}/observations"),
        format!("/teams/{t}/observations.csv"),
        format!("/teams/{t}/classrooms"),
    ] {
        let page = b.get(&svc, &path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        for name in [OBSERVER_NAME, NOTE, TEACHER_NAME] {
            assert!(
                !page.body.contains(name),
                "{path} shows {name} to a student"
            );
        }
    }
    let mut teacher = signed_in(&svc, &email(TEACHER)).await;
    let page = teacher.get(&svc, &format!("/teams/{t}/observations")).await;
    assert!(page.body.contains(OBSERVER_NAME) && page.body.contains(NOTE));
}

#[actix_web::test]
async fn cycle_comments_name_their_authors_only_to_those_who_may_see_the_team() {
    let w = team_world();
    let svc = w.app.service().await;
    let path = format!("/api/v1/cycles/{}/comments", w.cycle);
    let facilitator = w.callers[1].2.as_str();
    let body = Some(json!({"body": "Try a sentence starter"}));
    assert_eq!(
        api(&svc, Method::POST, &path, Some(facilitator), body)
            .await
            .0,
        StatusCode::CREATED
    );
    let (status, other) = api(&svc, Method::GET, &path, Some(w.other.as_str()), None).await;
    assert_eq!(status, StatusCode::OK);
    let authors: Vec<_> = other["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["author_name"].clone(), c.get("author_id").is_some()))
        .collect();
    assert_eq!(
        authors,
        [
            (json!("Team member"), false),
            (json!("Facilitation team"), false)
        ]
    );
    let (_, student) = api(&svc, Method::GET, &path, Some(w.student.as_str()), None).await;
    assert_eq!(student["items"][0]["author_name"], json!(TEACHER_NAME));
    assert_eq!(student["items"][0]["author_id"], json!(w.teacher.1));

    let worksheet = format!("/cycles/{}", w.cycle);
    let mut b = signed_in(&svc, &email(Standing::OtherTeam)).await;
    let page = b.get(&svc, &worksheet).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Shall we try it?") && page.body.contains("Team member"));
    assert!(!page.body.contains(TEACHER_NAME) && !page.body.contains("facilitator.fay"));
    let mut s = signed_in(&svc, &email(STUDENT)).await;
    assert!(s.get(&svc, &worksheet).await.body.contains(TEACHER_NAME));
}

#[actix_web::test]
async fn an_observation_is_changed_and_deleted_by_its_recorder_and_the_leads() {
    let w = team_world();
    let svc = w.app.service().await;
    let teacher = Some(w.teacher.0.as_str());
    let room = classroom(&w.app, &w.team, "Room mine", None);
    let mine = observe(&w.app, &w.team, (room, w.measure), Some(w.teacher.1), "");
    let theirs = format!("/api/v1/observations/{}", w.observation);
    let (status, e) = api(&svc, Method::DELETE, &theirs, teacher, None).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        e.to_string().contains("only observations you recorded"),
        "{e}"
    );
    let edit = json!({"version": 1, "date": "2026-01-01", "classroom": "Room T",
                      "measure": "Questions asked", "value": 1});
    assert_eq!(
        api(&svc, Method::PUT, &theirs, teacher, Some(edit)).await.0,
        StatusCode::FORBIDDEN
    );

    let mut b = signed_in(&svc, &email(TEACHER)).await;
    let list = b
        .get(&svc, &format!("/teams/{}/observations", w.team.id))
        .await;
    assert!(list.body.contains(&format!("/observations/{mine}/delete")));
    assert!(
        !list
            .body
            .contains(&format!("/observations/{}/delete", w.observation))
    );
    let page = b
        .post(
            &svc,
            &format!("/observations/{}/delete", w.observation),
            &[],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    let page = b
        .post(&svc, &format!("/observations/{mine}/delete"), &[])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);

    let coach = w.callers[4].2.as_str();
    assert_eq!(w.callers[4].0, Standing::OnTeam(TeamRole::Coach));
    assert_eq!(
        api(&svc, Method::DELETE, &theirs, Some(coach), None)
            .await
            .0,
        StatusCode::NO_CONTENT
    );
}
