//! The JSON API for districts, teams and rosters, meetings (tune-ups) and people: the team and
//! meeting rules as 422s and warnings, who sees what, and the list cursor.

use crate::support::{TestApp, api};
use actix_web::http::{Method, StatusCode};
use chrono::NaiveDate;
use pdsa::domain::convening::DayTimes;
use pdsa::domain::roles::GlobalRole;
use pdsa::models::collective::Collective;
use pdsa::models::convening::{Convening, ConveningInput};
use pdsa::models::district::District;
use pdsa::models::year::{Membership, NewMembership, NewProgramYear, ProgramYear};
use serde_json::{Value, json};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The 2026-27 year (1 August to 30 June).
fn year(app: &TestApp) -> ProgramYear {
    let c = &mut app.conn();
    let collective_id = Collective::get(c).unwrap().id;
    let new = NewProgramYear {
        collective_id,
        label: "2026-27".into(),
        start_date: d(2026, 8, 1),
        end_date: d(2027, 6, 30),
    };
    ProgramYear::create(c, &new).unwrap()
}

/// A district that is a member of `year`.
fn member_district(app: &TestApp, year: &ProgramYear, name: &str) -> District {
    let c = &mut app.conn();
    let district = District::create(c, name).unwrap();
    let new = NewMembership {
        program_year_id: year.id,
        district_id: district.id,
        fee_cents: 1_500_000,
        paid_cents: 0,
        workshop_seats: 0,
    };
    Membership::ensure(c, &new).unwrap();
    district
}

/// Convenings on 14 October 2026 (hosted by `a`) and 10 February 2027 (by `b`).
fn convenings(app: &TestApp, year: &ProgramYear, a: i32, b: i32) {
    for (number, date, host) in [(1, d(2026, 10, 14), a), (2, d(2027, 2, 10), b)] {
        let input = ConveningInput {
            number,
            date,
            host_district_id: host,
            venue: "Central office".into(),
            times: DayTimes::default(),
            food_cost_cents: 0,
        };
        Convening::create(&mut app.conn(), year, &input).unwrap();
    }
}

fn fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect()
}

fn warnings(body: &Value) -> Vec<String> {
    body["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect()
}

fn id(body: &Value) -> i64 {
    body["id"].as_i64().unwrap()
}

/// A video tune-up body for a district at the given instants.
fn tune_up(district: i32, starts_at: &str, ends_at: &str) -> Value {
    json!({"district_id": district, "kind": "tune_up", "starts_at": starts_at, "ends_at": ends_at,
           "modality": "video", "video_url": "https://meet.example.org/tune-up", "facilitator_ids": []})
}

#[actix_web::test]
async fn teams_are_formed_for_member_districts_once_a_year() {
    let app = TestApp::new();
    let y = year(&app);
    let a = member_district(&app, &y, "Ashford");
    let outsider = District::create(&mut app.conn(), "Outsider").unwrap().id;
    let dir = app.token(app.person(GlobalRole::Director, "dir@example.org").id);
    let svc = app.service().await;
    let path = "/api/v1/teams";
    let (s, team) = api(
        &svc,
        Method::POST,
        path,
        Some(&dir),
        Some(json!({"program_year_id": y.id, "district_id": a.id})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{team}");
    assert_eq!(team["name"], "Ashford team");
    assert_eq!(team["year_label"], "2026-27");
    assert_eq!(team["members"], json!([]));
    let (s, again) = api(
        &svc,
        Method::POST,
        path,
        Some(&dir),
        Some(json!({"program_year_id": y.id, "district_id": a.id})),
    )
    .await;
    assert_eq!(
        (s, fields(&again)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["district_id".to_string()]
        )
    );
    let body = json!({"program_year_id": y.id, "district_id": outsider});
    let (s, not_member) = api(&svc, Method::POST, path, Some(&dir), Some(body)).await;
    assert_eq!(
        (s, fields(&not_member)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["district_id".to_string()]
        )
    );
    let (s, bad) = api(
        &svc,
        Method::POST,
        path,
        Some(&dir),
        Some(json!({"district_id": a.id})),
    )
    .await;
    assert_eq!(
        (s, fields(&bad)),
        (StatusCode::BAD_REQUEST, vec!["program_year_id".to_string()])
    );
}

#[actix_web::test]
async fn rosters_keep_to_two_schools_and_one_team_a_year_and_warn_until_well_formed() {
    let app = TestApp::new();
    let y = year(&app);
    let (a, b) = (
        member_district(&app, &y, "Ashford"),
        member_district(&app, &y, "Brook"),
    );
    let dir = app.token(app.person(GlobalRole::Director, "dir@example.org").id);
    let people: Vec<i32> = (0..12)
        .map(|i| {
            app.person(GlobalRole::Member, &format!("p{i}@example.org"))
                .id
        })
        .collect();
    let svc = app.service().await;
    let mut schools = vec![];
    for name in ["North", "South", "East"] {
        let (s, school) = api(
            &svc,
            Method::POST,
            &format!("/api/v1/districts/{}/schools", a.id),
            Some(&dir),
            Some(json!({"name": name})),
        )
        .await;
        assert_eq!(s, StatusCode::CREATED, "{school}");
        schools.push(id(&school));
    }
    let (s, dup) = api(
        &svc,
        Method::POST,
        &format!("/api/v1/districts/{}/schools", a.id),
        Some(&dir),
        Some(json!({"name": "North"})),
    )
    .await;
    assert_eq!(
        (s, fields(&dup)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["name".to_string()])
    );
    let team_a = id(&api(
        &svc,
        Method::POST,
        "/api/v1/teams",
        Some(&dir),
        Some(json!({"program_year_id": y.id, "district_id": a.id})),
    )
    .await
    .1);
    let team_b = id(&api(
        &svc,
        Method::POST,
        "/api/v1/teams",
        Some(&dir),
        Some(json!({"program_year_id": y.id, "district_id": b.id})),
    )
    .await
    .1);
    let add = |team: i64, person: i32, role: &str, school: Option<i64>| {
        let body = json!({"person_id": person, "role": role, "school_id": school});
        (format!("/api/v1/teams/{team}/members"), body)
    };

    let (path, body) = add(team_a, people[0], "teacher", Some(schools[0]));
    let (s, first) = api(&svc, Method::POST, &path, Some(&dir), Some(body)).await;
    assert_eq!(s, StatusCode::CREATED, "{first}");
    assert_eq!(
        (first["person_id"].as_i64(), first["school_name"].as_str()),
        (Some(i64::from(people[0])), Some("North"))
    );
    let w = warnings(&first);
    assert!(w.iter().any(|w| w.starts_with("team of 1")), "{w:?}");
    assert!(w.iter().any(|w| w.starts_with("no senior leader")), "{w:?}");

    let (path, body) = add(team_a, people[1], "senior_leader", Some(schools[1]));
    assert_eq!(
        api(&svc, Method::POST, &path, Some(&dir), Some(body))
            .await
            .0,
        StatusCode::CREATED
    );
    let (path, body) = add(team_a, people[2], "principal", Some(schools[2]));
    let (s, third) = api(&svc, Method::POST, &path, Some(&dir), Some(body)).await;
    assert_eq!(
        (s, fields(&third)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["school_id".to_string()]
        )
    );
    let (path, body) = add(team_b, people[0], "teacher", None);
    let (s, twice) = api(&svc, Method::POST, &path, Some(&dir), Some(body)).await;
    assert_eq!(
        (s, fields(&twice)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["person_id".to_string()]
        )
    );
    let (path, body) = add(team_a, people[2], "dean", None);
    let (s, role) = api(&svc, Method::POST, &path, Some(&dir), Some(body)).await;
    assert_eq!(
        (s, fields(&role)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["role".to_string()])
    );

    // Six with a senior leader: no warnings.
    let mut last = Value::Null;
    for p in &people[2..6] {
        let (path, body) = add(team_a, *p, "teacher", Some(schools[0]));
        last = api(&svc, Method::POST, &path, Some(&dir), Some(body))
            .await
            .1;
    }
    assert_eq!(warnings(&last), Vec::<String>::new(), "{last}");
    let (s, team) = api(
        &svc,
        Method::GET,
        &format!("/api/v1/teams/{team_a}"),
        Some(&dir),
        None,
    )
    .await;
    assert_eq!(
        (s, team["members"].as_array().unwrap().len()),
        (StatusCode::OK, 6)
    );
    assert_eq!(team["members"][0]["role"], "senior_leader");
    assert_eq!(team["warnings"], json!([]));
    let (s, page) = api(
        &svc,
        Method::GET,
        &format!("/api/v1/teams/{team_a}/members?limit=4"),
        Some(&dir),
        None,
    )
    .await;
    assert_eq!(
        (s, page["items"].as_array().unwrap().len()),
        (StatusCode::OK, 4)
    );
    assert_eq!(
        page["next"].as_str().map(str::to_string),
        Some(page["items"][3]["id"].to_string())
    );
    let next = page["next"].as_str().unwrap();
    let rest = api(
        &svc,
        Method::GET,
        &format!("/api/v1/teams/{team_a}/members?limit=4&after={next}"),
        Some(&dir),
        None,
    )
    .await
    .1;
    assert_eq!(
        (rest["items"].as_array().unwrap().len(), &rest["next"]),
        (2, &Value::Null)
    );

    // Eleven: too many, until one leaves.
    for p in &people[6..11] {
        let (path, body) = add(team_a, *p, "student", None);
        last = api(&svc, Method::POST, &path, Some(&dir), Some(body))
            .await
            .1;
    }
    assert!(
        warnings(&last).iter().any(|w| w.starts_with("team of 11")),
        "{last}"
    );
    let line = last["id"].as_i64().unwrap();
    let path = format!("/api/v1/teams/{team_a}/members/{line}");
    assert_eq!(
        api(&svc, Method::DELETE, &path, Some(&dir), None).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api(&svc, Method::DELETE, &path, Some(&dir), None).await.0,
        StatusCode::NOT_FOUND
    );
    let team = api(
        &svc,
        Method::GET,
        &format!("/api/v1/teams/{team_a}"),
        Some(&dir),
        None,
    )
    .await
    .1;
    assert_eq!(team["warnings"], json!([]));
    assert_eq!(
        api(&svc, Method::GET, "/api/v1/teams/9999", Some(&dir), None)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn members_read_their_own_roster_and_only_the_names_of_other_teams() {
    let app = TestApp::new();
    let y = year(&app);
    let (a, b) = (
        member_district(&app, &y, "Ashford"),
        member_district(&app, &y, "Brook"),
    );
    let dir = app.token(app.person(GlobalRole::Director, "dir@example.org").id);
    let member = app.person(GlobalRole::Member, "m@example.org");
    let mine = app.token(member.id);
    let svc = app.service().await;
    let team_a = id(&api(
        &svc,
        Method::POST,
        "/api/v1/teams",
        Some(&dir),
        Some(json!({"program_year_id": y.id, "district_id": a.id})),
    )
    .await
    .1);
    let team_b = id(&api(
        &svc,
        Method::POST,
        "/api/v1/teams",
        Some(&dir),
        Some(json!({"program_year_id": y.id, "district_id": b.id, "name": "Brook crew"})),
    )
    .await
    .1);
    let body = json!({"person_id": member.id, "role": "teacher"});
    let path = format!("/api/v1/teams/{team_a}/members");
    assert_eq!(
        api(&svc, Method::POST, &path, Some(&mine), Some(body.clone()))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api(&svc, Method::POST, &path, Some(&dir), Some(body))
            .await
            .0,
        StatusCode::CREATED
    );
    let mine = app.token(member.id);

    let (s, own) = api(
        &svc,
        Method::GET,
        &format!("/api/v1/teams/{team_a}"),
        Some(&mine),
        None,
    )
    .await;
    assert_eq!(
        (s, own["members"][0]["email"].as_str()),
        (StatusCode::OK, Some("m@example.org"))
    );
    let (s, roster) = api(
        &svc,
        Method::GET,
        &format!("/api/v1/teams/{team_a}/members"),
        Some(&mine),
        None,
    )
    .await;
    assert_eq!(
        (
            s,
            roster["items"].as_array().unwrap().len(),
            &roster["next"]
        ),
        (StatusCode::OK, 1, &Value::Null)
    );
    assert_eq!(
        api(
            &svc,
            Method::GET,
            &format!("/api/v1/teams/{team_b}"),
            Some(&mine),
            None
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api(
            &svc,
            Method::GET,
            &format!("/api/v1/teams/{team_b}/members"),
            Some(&mine),
            None
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );

    let (s, list) = api(
        &svc,
        Method::GET,
        &format!("/api/v1/teams?year={}", y.id),
        Some(&mine),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{list}");
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(
        (
            items[0]["district_name"].as_str(),
            items[0]["member_count"].as_i64()
        ),
        (Some("Ashford"), Some(1))
    );
    assert_eq!(
        (items[1]["name"].as_str(), items[1]["member_count"].as_i64()),
        (Some("Brook crew"), Some(0))
    );
    assert!(items.iter().all(|t| t.get("members").is_none()));
    let (s, me) = api(&svc, Method::GET, "/api/v1/me", Some(&mine), None).await;
    assert_eq!(
        (s, me["role"].as_str(), &me["team_ids"]),
        (StatusCode::OK, Some("member"), &json!([team_a]))
    );
}

#[actix_web::test]
async fn meetings_follow_the_rules_and_warn_about_the_soft_ones() {
    let app = TestApp::new();
    let y = year(&app);
    let (a, b) = (
        member_district(&app, &y, "Ashford"),
        member_district(&app, &y, "Brook"),
    );
    convenings(&app, &y, a.id, b.id);
    let fac = app.person(GlobalRole::Facilitator, "fac@example.org");
    let tok = app.token(fac.id);
    let svc = app.service().await;
    let post = |body: Value| {
        api(
            &svc,
            Method::POST,
            "/api/v1/meetings",
            Some(&tok),
            Some(body),
        )
    };

    let mut http = tune_up(a.id, "2026-11-04T15:00:00Z", "2026-11-04T16:00:00Z");
    http["video_url"] = json!("http://meet.example.org/x");
    let (s, e) = post(http).await;
    assert_eq!(
        (s, fields(&e)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["video_url".to_string()]
        )
    );
    let mut no_place = tune_up(a.id, "2026-11-04T15:00:00Z", "2026-11-04T16:00:00Z");
    no_place["modality"] = json!("in_person");
    let (s, e) = post(no_place).await;
    assert_eq!(
        (s, fields(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["place".to_string()])
    );
    let (s, e) = post(tune_up(
        a.id,
        "2026-11-04T16:00:00Z",
        "2026-11-04T15:00:00Z",
    ))
    .await;
    assert_eq!(
        (s, fields(&e)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["ends_at".to_string()]
        )
    );
    // 02:00 UTC on the 15th is still the 14th, a convening day, in New York.
    let (s, e) = post(tune_up(
        a.id,
        "2026-10-15T02:00:00Z",
        "2026-10-15T03:00:00Z",
    ))
    .await;
    assert_eq!(
        (s, fields(&e)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["starts_at".to_string()]
        )
    );
    let (s, e) = post(tune_up(
        a.id,
        "2030-01-06T15:00:00Z",
        "2030-01-06T16:00:00Z",
    ))
    .await;
    assert_eq!(
        (s, fields(&e)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["starts_at".to_string()]
        )
    );
    let (s, e) = post(tune_up(a.id, "4 November", "2026-11-04T16:00:00Z")).await;
    assert_eq!(
        (s, fields(&e)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["starts_at".to_string()]
        )
    );

    let mut early = tune_up(
        a.id,
        "2026-09-30T10:00:00-04:00",
        "2026-09-30T11:30:00-04:00",
    );
    early["facilitator_ids"] = json!([fac.id]);
    let (s, m) = post(early).await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    assert_eq!(
        (m["starts_at"].as_str(), m["ends_at"].as_str()),
        (Some("2026-09-30T14:00:00Z"), Some("2026-09-30T15:30:00Z"))
    );
    assert_eq!(
        (m["kind"].as_str(), m["modality"].as_str()),
        (Some("tune_up"), Some("video"))
    );
    assert_eq!(m["facilitators"], json!([{"id": fac.id, "name": "fac"}]));
    let w = warnings(&m);
    assert!(
        w.iter().any(|w| w.starts_with("1 tune-up this year")),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|w| w.contains("before the first convening (2026-10-14)")),
        "{w:?}"
    );

    let (s, second) = post(tune_up(
        a.id,
        "2026-11-04T10:00:00-05:00",
        "2026-11-04T11:00:00-05:00",
    ))
    .await;
    assert_eq!(
        (s, second["starts_at"].as_str()),
        (StatusCode::CREATED, Some("2026-11-04T15:00:00Z"))
    );
    assert_eq!(warnings(&second), Vec::<String>::new());
}

#[actix_web::test]
async fn a_stale_meeting_edit_is_a_conflict_with_the_current_record() {
    let app = TestApp::new();
    let y = year(&app);
    let a = member_district(&app, &y, "Ashford");
    let tok = app.token(app.person(GlobalRole::Director, "dir@example.org").id);
    let svc = app.service().await;
    let (_, m) = api(
        &svc,
        Method::POST,
        "/api/v1/meetings",
        Some(&tok),
        Some(tune_up(
            a.id,
            "2026-11-04T15:00:00Z",
            "2026-11-04T16:00:00Z",
        )),
    )
    .await;
    let path = format!("/api/v1/meetings/{}", id(&m));
    let version = m["version"].as_i64().unwrap();
    let mut edit = tune_up(
        a.id,
        "2026-11-05T09:00:00+01:00",
        "2026-11-05T10:00:00+01:00",
    );
    edit["version"] = json!(version);
    edit["title"] = json!("Moved");
    let (s, saved) = api(&svc, Method::PUT, &path, Some(&tok), Some(edit.clone())).await;
    assert_eq!(s, StatusCode::OK, "{saved}");
    assert_eq!(
        (saved["starts_at"].as_str(), saved["version"].as_i64()),
        (Some("2026-11-05T08:00:00Z"), Some(version + 1))
    );
    assert_eq!(
        (saved["title"].as_str(), saved["revision"].as_i64()),
        (Some("Moved"), Some(1))
    );
    edit["title"] = json!("Lost");
    let (s, stale) = api(&svc, Method::PUT, &path, Some(&tok), Some(edit)).await;
    assert_eq!(s, StatusCode::CONFLICT);
    assert_eq!(
        (
            stale["current"]["title"].as_str(),
            stale["current"]["version"].as_i64()
        ),
        (Some("Moved"), Some(version + 1))
    );
    assert_eq!(stale["current"]["starts_at"], "2026-11-05T08:00:00Z");
    let mut gone = tune_up(a.id, "2026-11-05T09:00:00Z", "2026-11-05T10:00:00Z");
    gone["version"] = json!(1);
    assert_eq!(
        api(
            &svc,
            Method::PUT,
            "/api/v1/meetings/999",
            Some(&tok),
            Some(gone)
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn members_see_only_their_own_districts_meetings() {
    let app = TestApp::new();
    let y = year(&app);
    let (a, b) = (
        member_district(&app, &y, "Ashford"),
        member_district(&app, &y, "Brook"),
    );
    let dir = app.token(app.person(GlobalRole::Director, "dir@example.org").id);
    let fac = app.token(app.person(GlobalRole::Facilitator, "fac@example.org").id);
    let member = app.person(GlobalRole::Member, "m@example.org");
    let svc = app.service().await;
    let team_a = id(&api(
        &svc,
        Method::POST,
        "/api/v1/teams",
        Some(&dir),
        Some(json!({"program_year_id": y.id, "district_id": a.id})),
    )
    .await
    .1);
    let body = json!({"person_id": member.id, "role": "coach"});
    api(
        &svc,
        Method::POST,
        &format!("/api/v1/teams/{team_a}/members"),
        Some(&dir),
        Some(body),
    )
    .await;
    let mine = app.token(member.id);
    let post = |district: i32| {
        api(
            &svc,
            Method::POST,
            "/api/v1/meetings",
            Some(&fac),
            Some(tune_up(
                district,
                "2026-11-04T15:00:00Z",
                "2026-11-04T16:00:00Z",
            )),
        )
    };
    let ma = id(&post(a.id).await.1);
    let mb = id(&post(b.id).await.1);
    let item = json!({"description": "Bring the run chart", "owner_person_id": member.id, "due_date": "2026-11-20"});
    let items_path = format!("/api/v1/meetings/{ma}/action-items");
    assert_eq!(
        api(
            &svc,
            Method::POST,
            &items_path,
            Some(&mine),
            Some(item.clone())
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (s, added) = api(&svc, Method::POST, &items_path, Some(&fac), Some(item)).await;
    assert_eq!(
        (s, added["due_date"].as_str()),
        (StatusCode::CREATED, Some("2026-11-20"))
    );
    let (s, bad) = api(
        &svc,
        Method::POST,
        &items_path,
        Some(&fac),
        Some(json!({"description": " ", "due_date": "soon"})),
    )
    .await;
    assert_eq!(
        (s, fields(&bad)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["description".to_string(), "due_date".to_string()]
        )
    );
    let done_path = format!("{items_path}/{}", id(&added));
    let (s, done) = api(
        &svc,
        Method::PUT,
        &done_path,
        Some(&fac),
        Some(json!({"done": true})),
    )
    .await;
    assert_eq!((s, done["done"].as_bool()), (StatusCode::OK, Some(true)));

    let (s, list) = api(&svc, Method::GET, "/api/v1/meetings", Some(&mine), None).await;
    assert_eq!(s, StatusCode::OK);
    let ids: Vec<i64> = list["items"].as_array().unwrap().iter().map(id).collect();
    assert_eq!(ids, vec![ma]);
    let all = api(
        &svc,
        Method::GET,
        &format!("/api/v1/meetings?year={}", y.id),
        Some(&fac),
        None,
    )
    .await
    .1;
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
    let first = api(
        &svc,
        Method::GET,
        "/api/v1/meetings?limit=1",
        Some(&fac),
        None,
    )
    .await
    .1;
    assert_eq!(
        (
            first["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(id)
                .collect::<Vec<_>>(),
            first["next"].as_str()
        ),
        (vec![ma], Some(ma.to_string().as_str()))
    );
    let second = api(
        &svc,
        Method::GET,
        &format!("/api/v1/meetings?limit=1&after={ma}"),
        Some(&fac),
        None,
    )
    .await
    .1;
    assert_eq!(
        (
            second["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(id)
                .collect::<Vec<_>>(),
            &second["next"]
        ),
        (vec![mb], &Value::Null)
    );
    let only_b = api(
        &svc,
        Method::GET,
        &format!("/api/v1/meetings?district={}", b.id),
        Some(&fac),
        None,
    )
    .await
    .1;
    assert_eq!(
        only_b["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(id)
            .collect::<Vec<_>>(),
        vec![mb]
    );
    let (s, own) = api(
        &svc,
        Method::GET,
        &format!("/api/v1/meetings/{ma}"),
        Some(&mine),
        None,
    )
    .await;
    assert_eq!(
        (s, own["action_items"][0]["done"].as_bool()),
        (StatusCode::OK, Some(true))
    );
    assert_eq!(
        api(&svc, Method::GET, &items_path, Some(&mine), None)
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        api(
            &svc,
            Method::GET,
            &format!("/api/v1/meetings/{mb}"),
            Some(&mine),
            None
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api(
            &svc,
            Method::GET,
            &format!("/api/v1/meetings/{mb}/action-items"),
            Some(&mine),
            None
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (s, _) = api(
        &svc,
        Method::POST,
        "/api/v1/meetings",
        Some(&mine),
        Some(json!("not even a meeting")),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn roles_decide_who_manages_districts_and_people() {
    let app = TestApp::new();
    let dir = app.token(app.person(GlobalRole::Director, "dir@example.org").id);
    let fac = app.token(app.person(GlobalRole::Facilitator, "fac@example.org").id);
    let member = app.person(GlobalRole::Member, "m@example.org");
    let other = app.person(GlobalRole::Member, "o@example.org");
    let mine = app.token(member.id);
    let svc = app.service().await;
    let body = json!({"name": "Ashford"});
    assert_eq!(
        api(
            &svc,
            Method::POST,
            "/api/v1/districts",
            Some(&fac),
            Some(body.clone())
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (s, district) = api(
        &svc,
        Method::POST,
        "/api/v1/districts",
        Some(&dir),
        Some(body.clone()),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, taken) = api(
        &svc,
        Method::POST,
        "/api/v1/districts",
        Some(&dir),
        Some(json!({"name": " Ashford "})),
    )
    .await;
    assert_eq!(
        (s, fields(&taken)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["name".to_string()])
    );
    let (s, shown) = api(
        &svc,
        Method::GET,
        &format!("/api/v1/districts/{}", id(&district)),
        Some(&mine),
        None,
    )
    .await;
    assert_eq!((s, &shown["schools"]), (StatusCode::OK, &json!([])));
    assert_eq!(
        api(
            &svc,
            Method::GET,
            "/api/v1/districts/999",
            Some(&mine),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let (s, bad) = api(
        &svc,
        Method::POST,
        "/api/v1/districts",
        Some(&dir),
        Some(json!({"nom": "x"})),
    )
    .await;
    assert_eq!(
        (s, fields(&bad)),
        (StatusCode::BAD_REQUEST, vec!["name".to_string()])
    );

    let person = json!({"name": "Ana Diaz", "email": "Ana@Example.org", "role": "member"});
    assert_eq!(
        api(
            &svc,
            Method::POST,
            "/api/v1/people",
            Some(&fac),
            Some(person.clone())
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (s, ana) = api(
        &svc,
        Method::POST,
        "/api/v1/people",
        Some(&dir),
        Some(person.clone()),
    )
    .await;
    assert_eq!(
        (s, ana["email"].as_str()),
        (StatusCode::CREATED, Some("ana@example.org"))
    );
    assert!(ana.get("password_hash").is_none());
    let (s, again) = api(
        &svc,
        Method::POST,
        "/api/v1/people",
        Some(&dir),
        Some(person),
    )
    .await;
    assert_eq!(
        (s, fields(&again)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["email".to_string()])
    );
    let (s, all_bad) = api(
        &svc,
        Method::POST,
        "/api/v1/people",
        Some(&dir),
        Some(json!({"name": "", "email": "x", "role": "boss"})),
    )
    .await;
    assert_eq!(
        (s, fields(&all_bad)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["email".to_string(), "name".to_string(), "role".to_string()]
        )
    );
    assert_eq!(
        api(&svc, Method::GET, "/api/v1/people", Some(&fac), None)
            .await
            .0,
        StatusCode::OK
    );
    assert_eq!(
        api(&svc, Method::GET, "/api/v1/people", Some(&mine), None)
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api(
            &svc,
            Method::GET,
            &format!("/api/v1/people/{}", member.id),
            Some(&mine),
            None
        )
        .await
        .0,
        StatusCode::OK
    );
    assert_eq!(
        api(
            &svc,
            Method::GET,
            &format!("/api/v1/people/{}", other.id),
            Some(&mine),
            None
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api(&svc, Method::GET, "/api/v1/people/999", Some(&fac), None)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn anonymous_callers_get_401() {
    let app = TestApp::new();
    let svc = app.service().await;
    for (method, path) in [
        (Method::GET, "/api/v1/me"),
        (Method::GET, "/api/v1/districts"),
        (Method::POST, "/api/v1/districts"),
        (Method::GET, "/api/v1/teams"),
        (Method::GET, "/api/v1/teams/1/members"),
        (Method::GET, "/api/v1/meetings"),
        (Method::POST, "/api/v1/meetings"),
        (Method::GET, "/api/v1/people"),
    ] {
        let (s, body) = api(&svc, method.clone(), path, None, Some(json!({}))).await;
        assert_eq!(s, StatusCode::UNAUTHORIZED, "{method} {path}");
        assert!(body["errors"].is_array(), "{method} {path}");
    }
    let (s, _) = api(&svc, Method::GET, "/api/v1/me", Some("not-a-token"), None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn lists_are_paged_by_limit_and_after() {
    let app = TestApp::new();
    let tok = app.token(app.person(GlobalRole::Director, "dir@example.org").id);
    for name in ["A", "B", "C", "D", "E"] {
        District::create(&mut app.conn(), name).unwrap();
    }
    let svc = app.service().await;
    let mut seen = vec![];
    let mut path = "/api/v1/districts?limit=2".to_string();
    loop {
        let (s, page) = api(&svc, Method::GET, &path, Some(&tok), None).await;
        assert_eq!(s, StatusCode::OK, "{page}");
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 2);
        seen.extend(
            items
                .iter()
                .map(|d| d["name"].as_str().unwrap().to_string()),
        );
        match page["next"].as_str() {
            Some(next) => path = format!("/api/v1/districts?limit=2&after={next}"),
            None => break,
        }
    }
    assert_eq!(seen, ["A", "B", "C", "D", "E"]);
    let (_, whole) = api(&svc, Method::GET, "/api/v1/districts", Some(&tok), None).await;
    assert_eq!(
        (whole["items"].as_array().unwrap().len(), &whole["next"]),
        (5, &Value::Null)
    );
    for bad in ["limit=0", "limit=1001", "limit=many"] {
        let (s, e) = api(
            &svc,
            Method::GET,
            &format!("/api/v1/people?{bad}"),
            Some(&tok),
            None,
        )
        .await;
        assert_eq!(
            (s, fields(&e)),
            (StatusCode::UNPROCESSABLE_ENTITY, vec!["limit".to_string()]),
            "{bad}"
        );
    }
    let (s, e) = api(
        &svc,
        Method::GET,
        "/api/v1/meetings?after=x",
        Some(&tok),
        None,
    )
    .await;
    assert_eq!(
        (s, fields(&e)),
        (StatusCode::UNPROCESSABLE_ENTITY, vec!["after".to_string()])
    );
    let (s, people) = api(
        &svc,
        Method::GET,
        "/api/v1/people?limit=1",
        Some(&tok),
        None,
    )
    .await;
    assert_eq!(
        (
            s,
            people["items"].as_array().unwrap().len(),
            &people["next"]
        ),
        (StatusCode::OK, 1, &Value::Null)
    );
}
