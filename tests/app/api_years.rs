//! The JSON API for the collective, program years, memberships, "plan the year", "start the
//! next year" and convenings with their agendas, readings and attendance.

use crate::support::{TestApp, api};
use actix_web::http::{Method, StatusCode};
use chrono::{Datelike, NaiveDate, Weekday};
use pdsa::domain::roles::{GlobalRole, TeamRole};
use pdsa::models::collective::Collective;
use pdsa::models::convening::{Convening, ConveningInput};
use pdsa::models::district::{District, School};
use pdsa::models::team::{NewMember, Team};
use pdsa::models::year::{Membership, NewMembership, NewProgramYear, ProgramYear};
use serde_json::{Value, json};

const GET: Method = Method::GET;
const POST: Method = Method::POST;
const PUT: Method = Method::PUT;
const DELETE: Method = Method::DELETE;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A year starting 1 August `start_year` with the named member districts (created as needed).
fn year_with(app: &TestApp, start_year: i32, names: &[&str]) -> (ProgramYear, Vec<i32>) {
    let c = &mut app.conn();
    let collective_id = Collective::get(c).unwrap().id;
    let label = pdsa::domain::year::label_for(start_year);
    let (start_date, end_date) = pdsa::domain::year::default_span(start_year);
    let year = ProgramYear::create(
        c,
        &NewProgramYear {
            collective_id,
            label,
            start_date,
            end_date,
        },
    )
    .unwrap();
    let ids = names
        .iter()
        .map(|n| {
            let district = District::ensure(c, n).unwrap();
            let m = NewMembership {
                program_year_id: year.id,
                district_id: district.id,
                fee_cents: 100,
                paid_cents: 0,
                workshop_seats: 2,
            };
            Membership::ensure(c, &m).unwrap();
            district.id
        })
        .collect();
    (year, ids)
}

fn convening(
    app: &TestApp,
    year: &ProgramYear,
    number: i32,
    date: NaiveDate,
    host: i32,
) -> Convening {
    let times = Collective::get(&mut app.conn()).unwrap().day_times();
    let input = ConveningInput {
        number,
        date,
        host_district_id: host,
        venue: "Hall".into(),
        times,
        food_cost_cents: 0,
    };
    Convening::create(&mut app.conn(), year, &input).unwrap()
}

fn field(body: &Value) -> &str {
    body["errors"][0]["field"].as_str().unwrap_or("")
}

fn names(list: &Value, key: &str) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i[key].as_str().unwrap().to_string())
        .collect()
}

#[actix_web::test]
async fn a_new_year_takes_the_defaults_and_labels_are_unique() {
    let app = TestApp::new();
    let dir = app.token(app.person(GlobalRole::Director, "dir@example.org").id);
    let svc = app.service().await;
    let (status, first) = api(
        &svc,
        POST,
        "/api/v1/program-years",
        Some(&dir),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let sy = pdsa::domain::year::start_year_for(chrono::Local::now().date_naive());
    assert_eq!(first["label"], pdsa::domain::year::label_for(sy));
    assert_eq!(first["start_date"], format!("{sy}-08-01"));
    assert_eq!(first["end_date"], format!("{}-06-30", sy + 1));
    let (_, second) = api(
        &svc,
        POST,
        "/api/v1/program-years",
        Some(&dir),
        Some(json!({})),
    )
    .await;
    assert_eq!(
        second["label"],
        pdsa::domain::year::label_for(sy + 1),
        "the year after the latest"
    );
    let (status, dup) = api(
        &svc,
        POST,
        "/api/v1/program-years",
        Some(&dir),
        Some(json!({"label": first["label"]})),
    )
    .await;
    assert_eq!(
        (status, field(&dup)),
        (StatusCode::UNPROCESSABLE_ENTITY, "label")
    );
    let body = json!({"label": "Cohort 9", "start_date": "2040-08-01", "end_date": "2040-07-01"});
    let (status, bad) = api(&svc, POST, "/api/v1/program-years", Some(&dir), Some(body)).await;
    assert_eq!(
        (status, field(&bad)),
        (StatusCode::UNPROCESSABLE_ENTITY, "end_date")
    );
    let body = json!({"label": "Overlap", "start_date": format!("{sy}-09-01")});
    let (status, over) = api(&svc, POST, "/api/v1/program-years", Some(&dir), Some(body)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(
        over["warnings"][0].as_str().unwrap().contains("overlaps"),
        "{over}"
    );
    let (_, list) = api(&svc, GET, "/api/v1/program-years?limit=2", Some(&dir), None).await;
    assert_eq!(
        (
            list["items"].as_array().unwrap().len(),
            list["next"].is_string()
        ),
        (2, true)
    );
    let after = list["next"].as_str().unwrap();
    let (_, rest) = api(
        &svc,
        GET,
        &format!("/api/v1/program-years?limit=2&after={after}"),
        Some(&dir),
        None,
    )
    .await;
    assert_eq!(
        (rest["items"].as_array().unwrap().len(), &rest["next"]),
        (1, &Value::Null)
    );
    let (status, bad) = api(
        &svc,
        GET,
        "/api/v1/program-years?limit=1001",
        Some(&dir),
        None,
    )
    .await;
    assert_eq!(
        (status, field(&bad)),
        (StatusCode::UNPROCESSABLE_ENTITY, "limit")
    );
}

#[actix_web::test]
async fn memberships_take_the_default_fee_and_members_see_no_fees() {
    let app = TestApp::new();
    let dir = app.token(app.person(GlobalRole::Director, "dir@example.org").id);
    let fac = app.token(app.person(GlobalRole::Facilitator, "fac@example.org").id);
    let mem = app.token(app.person(GlobalRole::Member, "mem@example.org").id);
    let (year, _) = year_with(&app, 2030, &[]);
    let elm = District::create(&mut app.conn(), "Elm").unwrap();
    let svc = app.service().await;
    let path = format!("/api/v1/program-years/{}/memberships", year.id);
    let (status, made) = api(
        &svc,
        POST,
        &path,
        Some(&dir),
        Some(json!({"district_id": elm.id, "workshop_seats": 3})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(
        (
            made["fee_cents"].as_i64(),
            made["paid_cents"].as_i64(),
            made["balance_cents"].as_i64()
        ),
        (Some(1_500_000), Some(0), Some(1_500_000))
    );
    let (status, again) = api(
        &svc,
        POST,
        &path,
        Some(&dir),
        Some(json!({"district_id": elm.id})),
    )
    .await;
    assert_eq!(
        (status, field(&again)),
        (StatusCode::UNPROCESSABLE_ENTITY, "district_id")
    );
    let (status, unknown) = api(
        &svc,
        POST,
        &path,
        Some(&dir),
        Some(json!({"district_id": 999})),
    )
    .await;
    assert_eq!(
        (status, field(&unknown)),
        (StatusCode::UNPROCESSABLE_ENTITY, "district_id")
    );
    let (status, neg) = api(
        &svc,
        POST,
        &path,
        Some(&dir),
        Some(json!({"district_id": elm.id, "fee_cents": -1})),
    )
    .await;
    assert_eq!(
        (status, field(&neg)),
        (StatusCode::UNPROCESSABLE_ENTITY, "fee_cents")
    );
    let mid = made["id"].as_i64().unwrap();
    let (status, paid) = api(
        &svc,
        PUT,
        &format!("/api/v1/memberships/{mid}"),
        Some(&dir),
        Some(json!({"paid_cents": 1_600_000})),
    )
    .await;
    assert_eq!(
        (status, paid["balance_cents"].as_i64()),
        (StatusCode::OK, Some(-100_000))
    );
    assert!(
        paid["warnings"][0]
            .as_str()
            .unwrap()
            .contains("more than the fee")
    );
    let (status, _) = api(
        &svc,
        PUT,
        &format!("/api/v1/memberships/{mid}"),
        Some(&dir),
        Some(json!({"workshop_seats": -2})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = api(
        &svc,
        PUT,
        "/api/v1/memberships/999",
        Some(&dir),
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, staff_view) = api(
        &svc,
        GET,
        &format!("/api/v1/program-years/{}", year.id),
        Some(&fac),
        None,
    )
    .await;
    assert_eq!(
        staff_view["members"][0]["fee_cents"].as_i64(),
        Some(1_500_000)
    );
    let (status, member_view) = api(
        &svc,
        GET,
        &format!("/api/v1/program-years/{}", year.id),
        Some(&mem),
        None,
    )
    .await;
    assert_eq!(
        (status, &member_view["members"][0]["district_name"]),
        (StatusCode::OK, &json!("Elm"))
    );
    let text = member_view.to_string();
    assert!(
        !text.contains("fee_cents") && !text.contains("paid_cents") && !text.contains("balance"),
        "{text}"
    );
    assert_eq!(
        api(&svc, GET, &path, Some(&mem), None).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api(&svc, GET, &path, Some(&fac), None).await.0,
        StatusCode::OK
    );
    assert_eq!(
        api(&svc, GET, "/api/v1/program-years/999", Some(&mem), None)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn plan_without_history_goes_alphabetically_and_accepting_creates_four() {
    let app = TestApp::new();
    let dir = app.token(app.person(GlobalRole::Director, "dir@example.org").id);
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
    let dir = app.token(app.person(GlobalRole::Director, "dir@example.org").id);
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
    let dir = app.token(app.person(GlobalRole::Director, "dir@example.org").id);
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
async fn agendas_fit_the_day_and_readings_have_web_links() {
    let app = TestApp::new();
    let dir = app.token(app.person(GlobalRole::Director, "dir@example.org").id);
    let mem = app.token(app.person(GlobalRole::Member, "mem@example.org").id);
    let (year, ids) = year_with(&app, 2030, &["Alpha"]);
    let c = convening(&app, &year, 1, d(2030, 10, 8), ids[0]);
    let svc = app.service().await;
    let agenda = format!("/api/v1/convenings/{}/agenda", c.id);
    let item = |start: &str, minutes: i32| json!({"start_time": start, "minutes": minutes, "title": "Learning", "kind": "new_learning"});
    let (status, made) = api(&svc, POST, &agenda, Some(&dir), Some(item("09:00", 60))).await;
    assert_eq!(
        (status, &made["start_time"]),
        (StatusCode::CREATED, &json!("09:00:00")),
        "{made}"
    );
    for (body, want) in [
        (item("09:30:00", 30), "start_time"),
        (item("16:00", 10), "start_time"),
        (item("08:00", 10), "start_time"),
        (item("15:00", 60), "minutes"),
        (
            json!({"start_time": "11:00", "minutes": 10, "title": "x", "kind": "party"}),
            "kind",
        ),
        (
            json!({"start_time": "11:00", "minutes": 10, "title": " "}),
            "title",
        ),
    ] {
        let (status, err) = api(&svc, POST, &agenda, Some(&dir), Some(body.clone())).await;
        assert_eq!(
            (status, field(&err)),
            (StatusCode::UNPROCESSABLE_ENTITY, want),
            "{body}"
        );
    }
    assert_eq!(
        api(&svc, POST, &agenda, Some(&mem), Some(item("11:00", 10)))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let (status, list) = api(&svc, GET, &agenda, Some(&mem), None).await;
    assert_eq!(
        (status, list["items"].as_array().unwrap().len()),
        (StatusCode::OK, 1)
    );
    let item_path = format!("{agenda}/{}", made["id"]);
    assert_eq!(
        api(&svc, DELETE, &item_path, Some(&mem), None).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api(&svc, DELETE, &item_path, Some(&dir), None).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api(&svc, DELETE, &item_path, Some(&dir), None).await.0,
        StatusCode::NOT_FOUND
    );

    let readings = format!("/api/v1/convenings/{}/readings", c.id);
    let (status, r) = api(
        &svc,
        POST,
        &readings,
        Some(&dir),
        Some(json!({"title": "Routines", "url": "http://example.org/r"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    let (status, _) = api(
        &svc,
        POST,
        &readings,
        Some(&dir),
        Some(json!({"title": "Chapter 2", "note": "bring a copy"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    for (body, want) in [
        (json!({"title": "Routines"}), "title"),
        (json!({"title": "x", "url": "ftp://example.org"}), "url"),
        (json!({"title": ""}), "title"),
    ] {
        let (status, err) = api(&svc, POST, &readings, Some(&dir), Some(body)).await;
        assert_eq!(
            (status, field(&err)),
            (StatusCode::UNPROCESSABLE_ENTITY, want)
        );
    }
    let (_, detail) = api(
        &svc,
        GET,
        &format!("/api/v1/convenings/{}", c.id),
        Some(&mem),
        None,
    )
    .await;
    assert_eq!(
        (
            detail["readings"].as_array().unwrap().len(),
            &detail["host_name"]
        ),
        (2, &json!("Alpha"))
    );
    let gone = format!("{readings}/{}", r["id"]);
    assert_eq!(
        api(&svc, DELETE, &gone, Some(&dir), None).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api(
            &svc,
            GET,
            "/api/v1/convenings/999/readings",
            Some(&mem),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn people_answer_for_themselves_and_directors_record_attendance() {
    let app = TestApp::new();
    let dir = app.token(app.person(GlobalRole::Director, "dir@example.org").id);
    let fac = app.token(app.person(GlobalRole::Facilitator, "fac@example.org").id);
    let teacher = app.person(GlobalRole::Member, "teacher@example.org");
    let stranger = app.token(app.person(GlobalRole::Member, "stranger@example.org").id);
    let other = app.person(GlobalRole::Member, "other@example.org");
    let (year, ids) = year_with(&app, 2030, &["Alpha"]);
    let team = Team::ensure(&mut app.conn(), year.id, ids[0], "Alpha team").unwrap();
    Team::add_member(
        &mut app.conn(),
        &team,
        &NewMember {
            person_id: teacher.id,
            role: TeamRole::Teacher,
            school_id: None,
        },
    )
    .unwrap();
    let c = convening(&app, &year, 1, d(2030, 10, 8), ids[0]);
    pdsa::models::convening::Attendance::invite(&mut app.conn(), c.id, other.id).unwrap();
    let tok = app.token(teacher.id);
    let svc = app.service().await;
    let rsvp = format!("/api/v1/convenings/{}/rsvp", c.id);
    let (status, line) = api(
        &svc,
        PUT,
        &rsvp,
        Some(&tok),
        Some(json!({"status": "attending"})),
    )
    .await;
    assert_eq!(
        (status, &line["status"]),
        (StatusCode::OK, &json!("attending")),
        "{line}"
    );
    let (status, err) = api(
        &svc,
        PUT,
        &rsvp,
        Some(&tok),
        Some(json!({"status": "attended"})),
    )
    .await;
    assert_eq!(
        (status, field(&err)),
        (StatusCode::UNPROCESSABLE_ENTITY, "status")
    );
    let (status, _) = api(
        &svc,
        PUT,
        &rsvp,
        Some(&stranger),
        Some(json!({"status": "attending"})),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "not invited, on no team");
    let (status, _) = api(
        &svc,
        PUT,
        &rsvp,
        Some(&fac),
        Some(json!({"status": "not_attending"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "the facilitation team answers too");
    assert_eq!(
        api(&svc, PUT, &rsvp, Some(&stranger), Some(json!("garbage")))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let record = format!("/api/v1/convenings/{}/attendance/{}", c.id, other.id);
    assert_eq!(
        api(
            &svc,
            PUT,
            &record,
            Some(&tok),
            Some(json!({"status": "attended"}))
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    let (status, rec) = api(
        &svc,
        PUT,
        &record,
        Some(&dir),
        Some(json!({"status": "attended"})),
    )
    .await;
    assert_eq!(
        (status, &rec["status"]),
        (StatusCode::OK, &json!("attended"))
    );
    let missing = format!("/api/v1/convenings/{}/attendance/999", c.id);
    assert_eq!(
        api(
            &svc,
            PUT,
            &missing,
            Some(&dir),
            Some(json!({"status": "absent"}))
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let attendance = format!("/api/v1/convenings/{}/attendance", c.id);
    let (_, mine) = api(&svc, GET, &attendance, Some(&tok), None).await;
    assert_eq!(
        (mine["items"].as_array().unwrap().len(), &mine["my_status"]),
        (1, &json!("attending"))
    );
    assert_eq!(
        mine["head_count"],
        json!({"attending": 2, "not_answered": 0})
    );
    let (_, all) = api(&svc, GET, &attendance, Some(&fac), None).await;
    assert_eq!(all["items"].as_array().unwrap().len(), 3);
}

#[actix_web::test]
async fn a_stale_convening_version_is_a_conflict_with_the_current_record() {
    let app = TestApp::new();
    let dir = app.token(app.person(GlobalRole::Director, "dir@example.org").id);
    let (year, ids) = year_with(&app, 2030, &["Alpha"]);
    let c = convening(&app, &year, 1, d(2030, 10, 8), ids[0]);
    let svc = app.service().await;
    let path = format!("/api/v1/convenings/{}", c.id);
    let body = |version: i32, venue: &str| json!({"version": version, "number": 1, "date": "2030-10-09", "host_district_id": ids[0], "venue": venue});
    let (status, saved) = api(
        &svc,
        PUT,
        &path,
        Some(&dir),
        Some(body(c.version, "Library")),
    )
    .await;
    assert_eq!(
        (status, &saved["venue"], &saved["start_time"]),
        (StatusCode::OK, &json!("Library"), &json!("09:00:00")),
        "{saved}"
    );
    assert_eq!(saved["version"].as_i64(), Some(i64::from(c.version) + 1));
    let (status, conflict) = api(&svc, PUT, &path, Some(&dir), Some(body(c.version, "Gym"))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(conflict["current"]["venue"], "Library");
    let (status, _) = api(&svc, PUT, &path, Some(&dir), Some(json!({"number": 1}))).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "missing version and fields"
    );
    let (status, bad) = api(&svc, PUT, &path, Some(&dir), Some(json!({"version": c.version + 1, "number": 1, "date": "2030-10-09", "host_district_id": ids[0], "close_time": "08:00"}))).await;
    assert_eq!(
        (status, field(&bad)),
        (StatusCode::UNPROCESSABLE_ENTITY, "close_time")
    );
    assert_eq!(
        api(
            &svc,
            PUT,
            "/api/v1/convenings/999",
            Some(&dir),
            Some(body(1, "x"))
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn starting_the_next_year_copies_members_and_teams_once() {
    let app = TestApp::new();
    let dir = app.token(app.person(GlobalRole::Director, "dir@example.org").id);
    let people: Vec<i32> = (0..3)
        .map(|i| {
            app.person(GlobalRole::Member, &format!("p{i}@example.org"))
                .id
        })
        .collect();
    let (year, ids) = year_with(&app, 2030, &["Alpha", "Bravo"]);
    let school = School::ensure(&mut app.conn(), ids[0], "North High").unwrap();
    let team = Team::ensure(&mut app.conn(), year.id, ids[0], "Alpha team").unwrap();
    for (person_id, role) in people.iter().zip([
        TeamRole::SeniorLeader,
        TeamRole::Principal,
        TeamRole::Teacher,
    ]) {
        let new = NewMember {
            person_id: *person_id,
            role,
            school_id: Some(school.id),
        };
        Team::add_member(&mut app.conn(), &team, &new).unwrap();
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

#[actix_web::test]
async fn the_collective_is_read_by_all_and_changed_by_directors() {
    let app = TestApp::new();
    let dir = app.token(app.person(GlobalRole::Director, "dir@example.org").id);
    let mem = app.token(app.person(GlobalRole::Member, "mem@example.org").id);
    let svc = app.service().await;
    let (status, c) = api(&svc, GET, "/api/v1/collective", Some(&mem), None).await;
    assert_eq!(
        (status, &c["breakfast_time"], &c["default_fee_cents"]),
        (StatusCode::OK, &json!("08:30:00"), &json!(1_500_000))
    );
    for (body, want) in [
        (json!({"time_zone": "Mars/Olympus"}), "time_zone"),
        (json!({"close_time": "08:45"}), "close_time"),
        (json!({"default_fee_cents": -5}), "default_fee_cents"),
        (json!({"start_time": "soon"}), "start_time"),
    ] {
        let (status, err) = api(&svc, PUT, "/api/v1/collective", Some(&dir), Some(body)).await;
        assert_eq!(
            (status, field(&err)),
            (StatusCode::UNPROCESSABLE_ENTITY, want)
        );
    }
    let body = json!({"name": "Valley Collective", "time_zone": "America/Chicago", "start_time": "08:45", "default_fee_cents": 1_000_000});
    let (status, saved) = api(&svc, PUT, "/api/v1/collective", Some(&dir), Some(body)).await;
    assert_eq!(
        (status, &saved["time_zone"], &saved["start_time"]),
        (
            StatusCode::OK,
            &json!("America/Chicago"),
            &json!("08:45:00")
        ),
        "{saved}"
    );
    assert_eq!(
        api(&svc, PUT, "/api/v1/collective", Some(&mem), Some(json!({})))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api(&svc, PUT, "/api/v1/collective", Some(&dir), None)
            .await
            .0,
        StatusCode::BAD_REQUEST
    );
}

#[actix_web::test]
async fn members_cannot_manage_and_anonymous_callers_get_401() {
    let app = TestApp::new();
    let mem = app.token(app.person(GlobalRole::Member, "mem@example.org").id);
    let (year, ids) = year_with(&app, 2030, &["Alpha"]);
    let c = convening(&app, &year, 1, d(2030, 10, 8), ids[0]);
    let svc = app.service().await;
    let y = year.id;
    for path in [
        "/api/v1/program-years".to_string(),
        format!("/api/v1/program-years/{y}/memberships"),
        format!("/api/v1/program-years/{y}/convenings"),
        format!("/api/v1/program-years/{y}/plan"),
        format!("/api/v1/program-years/{y}/next"),
        format!("/api/v1/convenings/{}/readings", c.id),
    ] {
        let (status, _) = api(
            &svc,
            POST,
            &path,
            Some(&mem),
            Some(json!("not the right shape")),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "{path}: permission before the body"
        );
        let (status, body) = api(&svc, POST, &path, None, Some(json!({}))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
        assert!(body["errors"].is_array());
    }
    assert_eq!(
        api(
            &svc,
            GET,
            &format!("/api/v1/program-years/{y}/plan"),
            Some(&mem),
            None
        )
        .await
        .0,
        StatusCode::FORBIDDEN
    );
    for path in [
        format!("/api/v1/program-years/{y}/convenings"),
        format!("/api/v1/convenings/{}", c.id),
    ] {
        assert_eq!(
            api(&svc, GET, &path, Some(&mem), None).await.0,
            StatusCode::OK,
            "{path}"
        );
        assert_eq!(
            api(&svc, GET, &path, None, None).await.0,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
    assert_eq!(
        api(&svc, GET, "/api/v1/convenings/999", Some(&mem), None)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
}
