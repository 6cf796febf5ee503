//! "Plan the year" on several hosting histories, accepting a plan, and "start the next year".

use super::{GET, POST, bearer, convening, d, field, names, year_with};
use crate::fixtures::{join, team};
use crate::support::{TestApp, api};
use actix_web::http::StatusCode;
use chrono::{Datelike, NaiveDate, Weekday};
use pdsa::domain::roles::{GlobalRole, TeamRole};
use pdsa::models::convening::Convening;
use pdsa::models::district::{District, School};
use pdsa::models::team::Team;
use pdsa::models::year::Membership;
use serde_json::json;

#[actix_web::test]
async fn plan_without_history_goes_alphabetically_and_accepting_creates_four() {
    let app = TestApp::new();
    let dir = bearer(&app, GlobalRole::Director, "dir@example.org");
    let (year, _) = year_with(&app, 2030, &["Delta", "Alpha", "Charlie", "Bravo"]);
    let svc = app.service().await;
    let path = format!("/api/v1/program-years/{}/plan", year.id);
    let (status, plan) = api(&svc, GET, &path, Some(&dir), None).await;
    assert_eq!(status, StatusCode::OK, "{plan}");
    assert_eq!(
        names(&plan, "host_name"),
        ["Alpha", "Bravo", "Charlie", "Delta"]
    );
    let expected = pdsa::domain::plan::proposed_dates(year.start_date, year.end_date);
    for (p, want) in plan["items"].as_array().unwrap().iter().zip(expected) {
        let date: NaiveDate = p["date"].as_str().unwrap().parse().unwrap();
        assert_eq!(date, want);
        assert!(!matches!(date.weekday(), Weekday::Sat | Weekday::Sun));
    }
    let (status, made) = api(
        &svc,
        POST,
        &path,
        Some(&dir),
        Some(json!({"convenings": plan["items"]})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(
        names(&made, "host_name"),
        ["Alpha", "Bravo", "Charlie", "Delta"]
    );
    let (_, list) = api(
        &svc,
        GET,
        &format!("/api/v1/program-years/{}/convenings", year.id),
        Some(&dir),
        None,
    )
    .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 4);
    let (_, empty) = api(&svc, GET, &path, Some(&dir), None).await;
    assert_eq!(
        (
            empty["items"].as_array().unwrap().len(),
            empty["warnings"][0].is_string()
        ),
        (0, true)
    );
    let alpha = plan["items"][0]["host_district_id"].clone();
    let fifth = json!({"number": 2, "date": "2031-05-05", "host_district_id": alpha});
    let (status, body) = api(
        &svc,
        POST,
        &format!("/api/v1/program-years/{}/convenings", year.id),
        Some(&dir),
        Some(fifth),
    )
    .await;
    assert_eq!(
        (status, field(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "number")
    );
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("four convenings")
    );
}

#[actix_web::test]
async fn plan_puts_last_years_latest_host_last_and_wraps_around_three_members() {
    let app = TestApp::new();
    let dir = bearer(&app, GlobalRole::Director, "dir@example.org");
    let (last, ids) = year_with(&app, 2029, &["Alpha", "Bravo", "Charlie", "Delta"]);
    for (n, (host, month)) in [(ids[1], 9), (ids[2], 12), (ids[3], 2), (ids[0], 5)]
        .into_iter()
        .enumerate()
    {
        let year = if month > 6 { 2029 } else { 2030 };
        convening(&app, &last, n as i32 + 1, d(year, month, 10), host);
    }
    let (three, _) = year_with(&app, 2040, &["Xeno", "Yarrow", "Zinnia"]);
    let svc = app.service().await;
    let (status, next) = api(
        &svc,
        POST,
        &format!("/api/v1/program-years/{}/next", last.id),
        Some(&dir),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{next}");
    let (_, plan) = api(
        &svc,
        GET,
        &format!("/api/v1/program-years/{}/plan", next["year"]["id"]),
        Some(&dir),
        None,
    )
    .await;
    assert_eq!(
        names(&plan, "host_name"),
        ["Bravo", "Charlie", "Delta", "Alpha"],
        "Alpha hosted last, so goes last"
    );
    let (_, wrap) = api(
        &svc,
        GET,
        &format!("/api/v1/program-years/{}/plan", three.id),
        Some(&dir),
        None,
    )
    .await;
    assert_eq!(
        names(&wrap, "host_name"),
        ["Xeno", "Yarrow", "Zinnia", "Xeno"],
        "nobody twice before all hosted"
    );
    let (_, page) = api(
        &svc,
        GET,
        &format!("/api/v1/program-years/{}/plan?limit=3", three.id),
        Some(&dir),
        None,
    )
    .await;
    assert_eq!(page["next"], "3");
}

#[actix_web::test]
async fn accepting_a_plan_refuses_bad_hosts_by_position_and_creates_none() {
    let app = TestApp::new();
    let dir = bearer(&app, GlobalRole::Director, "dir@example.org");
    let (year, ids) = year_with(&app, 2030, &["Alpha", "Bravo", "Charlie"]);
    let outsider = District::create(&mut app.conn(), "Outsider").unwrap().id;
    let svc = app.service().await;
    let path = format!("/api/v1/program-years/{}/plan", year.id);
    let plan = |host2: i32| {
        json!({"convenings": [
            {"number": 3, "date": "2031-02-10", "host_district_id": ids[0]},
            {"number": 1, "date": "2030-09-10", "host_district_id": host2},
        ]})
    };
    let (status, body) = api(&svc, POST, &path, Some(&dir), Some(plan(outsider))).await;
    assert_eq!(
        (status, field(&body)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "convenings[1].host_district_id"
        )
    );
    let (status, body) = api(&svc, POST, &path, Some(&dir), Some(plan(ids[0]))).await;
    assert_eq!(
        (status, field(&body)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "convenings[1].host_district_id"
        ),
        "Alpha twice"
    );
    let bad_date =
        json!({"convenings": [{"number": 1, "date": "10/09/2030", "host_district_id": ids[0]}]});
    let (status, body) = api(&svc, POST, &path, Some(&dir), Some(bad_date)).await;
    assert_eq!(
        (status, field(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "convenings[0].date")
    );
    assert!(
        Convening::of_year(&mut app.conn(), year.id)
            .unwrap()
            .is_empty(),
        "all or none"
    );
    let conv = format!("/api/v1/program-years/{}/convenings", year.id);
    let one = json!({"number": 1, "date": "2030-09-10", "host_district_id": outsider});
    let (status, body) = api(&svc, POST, &conv, Some(&dir), Some(one)).await;
    assert_eq!(
        (status, field(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "host_district_id")
    );
    let one = json!({"number": 1, "date": "2030-09-14", "host_district_id": ids[0], "start_time": "09:15"});
    let (status, made) = api(&svc, POST, &conv, Some(&dir), Some(one)).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(
        (&made["start_time"], &made["close_time"], &made["host_name"]),
        (&json!("09:15:00"), &json!("15:30:00"), &json!("Alpha"))
    );
    assert!(made["warnings"][0].as_str().unwrap().contains("Saturday"));
    let two = json!({"number": 2, "date": "2030-12-10", "host_district_id": ids[0]});
    let (status, body) = api(&svc, POST, &conv, Some(&dir), Some(two)).await;
    assert_eq!(
        (status, field(&body)),
        (StatusCode::UNPROCESSABLE_ENTITY, "host_district_id")
    );
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("hosts once before any hosts twice")
    );
}

#[actix_web::test]
async fn starting_the_next_year_copies_members_and_teams_once() {
    let app = TestApp::new();
    let dir = bearer(&app, GlobalRole::Director, "dir@example.org");
    let people: Vec<i32> = (0..3)
        .map(|i| {
            app.person(GlobalRole::Member, &format!("p{i}@example.org"))
                .id
        })
        .collect();
    let (year, ids) = year_with(&app, 2030, &["Alpha", "Bravo"]);
    let school = School::ensure(&mut app.conn(), ids[0], "North High").unwrap();
    let alpha = team(&app, &year, ids[0], "Alpha team");
    for (person_id, role) in people.iter().zip([
        TeamRole::SeniorLeader,
        TeamRole::Principal,
        TeamRole::Teacher,
    ]) {
        join(&app, &alpha, *person_id, role, Some(school.id));
    }
    let svc = app.service().await;
    let path = format!("/api/v1/program-years/{}/next", year.id);
    let (status, made) = api(&svc, POST, &path, Some(&dir), None).await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(
        (
            &made["year"]["label"],
            &made["memberships"],
            &made["teams"],
            &made["team_members"]
        ),
        (&json!("2031-32"), &json!(2), &json!(1), &json!(3))
    );
    let next_id = made["year"]["id"].as_i64().unwrap() as i32;
    let members = Membership::of_year(&mut app.conn(), next_id).unwrap();
    assert_eq!(
        members
            .iter()
            .map(|m| m.district_name.as_str())
            .collect::<Vec<_>>(),
        ["Alpha", "Bravo"]
    );
    let copy = Team::of_district(&mut app.conn(), next_id, ids[0])
        .unwrap()
        .unwrap();
    let roster = Team::roster(&mut app.conn(), copy.id).unwrap();
    assert_eq!(roster.len(), 3);
    assert!(roster.iter().all(|l| l.member.school_id == Some(school.id)));
    let (status, again) = api(&svc, POST, &path, Some(&dir), None).await;
    assert_eq!(
        (status, field(&again)),
        (StatusCode::UNPROCESSABLE_ENTITY, "label")
    );
}
