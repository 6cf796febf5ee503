//! Recipients follow the people (issue 13 §1): joining, leaving, rejoining, a change of role, a
//! deactivation and a district leaving the year each bring the outbox and the attendance list
//! of every event to come in line, in the same request.

use super::*;
use crate::smtp::smtp_server;
use pdsa::db::schema::{attendances, memberships, team_members};
use pdsa::models::convening::{Attendance, Convening};

/// The Alder world with a tune-up (12 March 2030) and convening 1 (15 October 2029, hosted by
/// Alder) planned, a director's token, and a newcomer on no team.
struct Planned {
    app: TestApp,
    w: World,
    tune_up: Meeting,
    cv: Convening,
    tok: String,
    team_a: i32,
    newcomer: i32,
}

fn planned() -> Planned {
    let app = TestApp::new();
    let w = World::new(&app);
    let tune_up = w.tune_up(&app, "2030-03-12 15:00");
    let cv = fixtures::convening(&app, &w.y, 1, d(2029, 10, 15), w.alder.id);
    // The director starts the attendance list, as the convening page's button does.
    Attendance::invite_expected(&mut app.conn(), cv.id).unwrap();
    let tok = app.token(w.director);
    let team_a = team_members::table
        .filter(team_members::person_id.eq(w.alder_leader))
        .select(team_members::team_id)
        .first(&mut *app.conn())
        .unwrap();
    let newcomer = app.person(GlobalRole::Member, "new@example.org").id;
    Planned {
        app,
        w,
        tune_up,
        cv,
        tok,
        team_a,
        newcomer,
    }
}

impl Planned {
    /// One person's rows about the tune-up and the convening.
    fn rows_of(&self, person: i32) -> (Vec<OutboxRow>, Vec<OutboxRow>) {
        let of = |subject, id| {
            rows(&self.app, subject, id)
                .into_iter()
                .filter(|r| r.person_id == person)
                .collect::<Vec<_>>()
        };
        (
            of(SubjectType::Meeting, self.tune_up.id),
            of(SubjectType::Convening, self.cv.id),
        )
    }

    /// The person's attendance status at the convening, if on the list.
    fn line(&self, person: i32) -> Option<String> {
        Attendance::status_of(&mut self.app.conn(), self.cv.id, person).unwrap()
    }

    /// The roster line id of `person` on Alder's team.
    fn line_id(&self, person: i32) -> i32 {
        team_members::table
            .filter(team_members::person_id.eq(person))
            .filter(team_members::team_id.eq(self.team_a))
            .select(team_members::id)
            .first(&mut *self.app.conn())
            .unwrap()
    }
}

/// Statuses and reasons of some rows, in order.
fn states(rows: &[OutboxRow]) -> Vec<(String, i32, String, String)> {
    rows.iter()
        .map(|r| {
            (
                r.kind.clone(),
                r.offset_days,
                r.status.clone(),
                r.reason.clone(),
            )
        })
        .collect()
}

fn pending_reminders(kind: &str) -> Vec<(String, i32, String, String)> {
    [7, 1]
        .map(|o| (kind.to_string(), o, "pending".to_string(), String::new()))
        .to_vec()
}

#[actix_web::test]
async fn someone_who_joins_gets_every_reminder_to_come_and_a_line_on_the_list() {
    let p = planned();
    let svc = p.app.service().await;
    let (none_yet, nor_here) = p.rows_of(p.newcomer);
    assert!(none_yet.is_empty() && nor_here.is_empty());
    assert_eq!(p.line(p.newcomer), None);
    let path = format!("/api/v1/teams/{}/members", p.team_a);
    let body = json!({"person_id": p.newcomer, "role": "teacher"});
    let (s, m) = api(&svc, Method::POST, &path, Some(&p.tok), Some(body)).await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    let (tune_up, convening) = p.rows_of(p.newcomer);
    assert_eq!(states(&tune_up), pending_reminders("reminder"));
    assert_eq!(states(&convening), pending_reminders("reminder"));
    assert_eq!(p.line(p.newcomer).as_deref(), Some("invited"));
    let (s, a) = api(
        &svc,
        Method::GET,
        &format!("/api/v1/convenings/{}/attendance", p.cv.id),
        Some(&p.tok),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{a}");
    let invited = w_convening_with(&p.w, p.newcomer).len() as u64;
    assert_eq!(a["head_count"]["not_answered"], invited, "{a}");
}

/// Everyone a 2029-30 convening concerns, plus `extra`.
fn w_convening_with(w: &World, extra: i32) -> Vec<i32> {
    let mut all = w.convening();
    all.push(extra);
    sorted(all)
}

#[actix_web::test]
async fn someone_who_leaves_has_their_pending_rows_cancelled_with_the_reason_and_leaves_the_list() {
    let p = planned();
    let svc = p.app.service().await;
    let coach = p.w.alder_coach;
    let (tune_up, _) = p.rows_of(coach);
    mark_sent(&p.app, tune_up[0].id);
    let path = format!("/api/v1/teams/{}/members/{}", p.team_a, p.line_id(coach));
    let (s, m) = api(&svc, Method::DELETE, &path, Some(&p.tok), None).await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{m}");
    let (tune_up, convening) = p.rows_of(coach);
    let gone = |reason: &str| ("cancelled".to_string(), reason.to_string());
    let status_reason = |r: &OutboxRow| (r.status.clone(), r.reason.clone());
    assert_eq!(status_reason(&tune_up[0]), ("sent".into(), String::new()));
    assert_eq!(
        status_reason(&tune_up[1]),
        gone("no longer on the Alder team")
    );
    assert!(
        convening
            .iter()
            .all(|r| status_reason(r) == gone("no longer on a team of 2029-30")),
        "{convening:#?}"
    );
    assert_eq!(p.line(coach), None, "off the convening's list");
    // Directors read the reason on the outbox, through the API and on the page.
    let path = format!("/api/v1/outbox?person_id={coach}&status=cancelled");
    let (s, list) = api(&svc, Method::GET, &path, Some(&p.tok), None).await;
    assert_eq!(s, StatusCode::OK, "{list}");
    let reasons: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons.len(), 3, "{list}");
    assert!(
        reasons.contains(&"no longer on the Alder team"),
        "{reasons:?}"
    );
    let mut dir = signed_in(&svc, "dir@example.org").await;
    let page = dir.get(&svc, "/outbox?status=cancelled").await.body;
    assert!(page.contains("no longer on a team of 2029-30"), "{page}");
    // The rest of the team keeps theirs.
    let (leader_tune_up, _) = p.rows_of(p.w.alder_leader);
    assert_eq!(states(&leader_tune_up), pending_reminders("reminder"));
}

#[actix_web::test]
async fn someone_who_rejoins_gets_the_same_rows_back_not_a_second_set() {
    let p = planned();
    let svc = p.app.service().await;
    let coach = p.w.alder_coach;
    Attendance::set(
        &mut p.app.conn(),
        p.cv.id,
        coach,
        pdsa::domain::attendance::AttendanceStatus::Attending,
    )
    .unwrap();
    let before = p.rows_of(coach);
    let path = format!("/api/v1/teams/{}/members/{}", p.team_a, p.line_id(coach));
    let (s, _) = api(&svc, Method::DELETE, &path, Some(&p.tok), None).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let path = format!("/api/v1/teams/{}/members", p.team_a);
    let body = json!({"person_id": coach, "role": "coach"});
    let (s, m) = api(&svc, Method::POST, &path, Some(&p.tok), Some(body)).await;
    assert_eq!(s, StatusCode::CREATED, "{m}");
    let after = p.rows_of(coach);
    let ids = |rows: &[OutboxRow]| rows.iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(ids(&after.0), ids(&before.0), "the same rows, revived");
    assert_eq!(ids(&after.1), ids(&before.1));
    assert_eq!(states(&after.0), pending_reminders("reminder"));
    assert_eq!(states(&after.1), pending_reminders("reminder"));
    assert_eq!(
        p.line(coach).as_deref(),
        Some("invited"),
        "back on the list"
    );
}

#[actix_web::test]
async fn a_new_senior_leader_of_the_host_gets_the_host_notes_and_a_former_one_loses_them() {
    let p = planned();
    let svc = p.app.service().await;
    let (coach, leader) = (p.w.alder_coach, p.w.alder_leader);
    let host_notes = |person| {
        p.rows_of(person)
            .1
            .into_iter()
            .filter(|r| r.kind == "host_note")
            .collect::<Vec<_>>()
    };
    assert_eq!(states(&host_notes(leader)), pending_reminders("host_note"));
    assert!(host_notes(coach).is_empty());
    let change = |person, role: &str| {
        (
            format!("/api/v1/teams/{}/members/{}", p.team_a, p.line_id(person)),
            json!({"role": role}),
        )
    };
    let (path, body) = change(coach, "senior_leader");
    let (s, m) = api(&svc, Method::PUT, &path, Some(&p.tok), Some(body)).await;
    assert_eq!(s, StatusCode::OK, "{m}");
    assert_eq!(m["role"], "senior_leader", "{m}");
    assert_eq!(states(&host_notes(coach)), pending_reminders("host_note"));
    let (path, body) = change(leader, "principal");
    let (s, m) = api(&svc, Method::PUT, &path, Some(&p.tok), Some(body)).await;
    assert_eq!(s, StatusCode::OK, "{m}");
    let reason = "no longer a senior leader of the host district";
    assert!(
        host_notes(leader)
            .iter()
            .all(|r| r.status == "cancelled" && r.reason == reason),
        "{:#?}",
        host_notes(leader)
    );
    let (_, reminders) = p.rows_of(leader);
    let reminders: Vec<_> = reminders
        .into_iter()
        .filter(|r| r.kind == "reminder")
        .collect();
    assert_eq!(
        states(&reminders),
        pending_reminders("reminder"),
        "still invited"
    );
    let (path, _) = change(leader, "x");
    let (s, m) = api(
        &svc,
        Method::PUT,
        &path,
        Some(&p.tok),
        Some(json!({"role": "chef"})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{m}");
    assert!(m.to_string().contains("role"), "{m}");
}

#[actix_web::test]
async fn a_deactivated_person_is_taken_off_everything_to_come_and_put_back_on_reactivation() {
    let p = planned();
    let svc = p.app.service().await;
    let coach = p.w.alder_coach;
    let path = format!("/api/v1/people/{coach}/deactivate");
    let (s, m) = api(&svc, Method::POST, &path, Some(&p.tok), None).await;
    assert_eq!(s, StatusCode::OK, "{m}");
    let (tune_up, convening) = p.rows_of(coach);
    for r in tune_up.iter().chain(&convening) {
        assert_eq!(
            (r.status.as_str(), r.reason.as_str()),
            ("cancelled", "deactivated")
        );
    }
    assert_eq!(p.line(coach), None);
    // Nothing is sent to them; the rest of the planned mail goes out.
    let (mailer, inbox) = smtp_server(&[]);
    let worker =
        pdsa::mail::worker::Worker::new(p.app.state.pool.clone(), &p.app.state.config, mailer)
            .unwrap();
    let report = worker.run_once(at("2030-03-11 12:00")).unwrap();
    let to: Vec<String> = inbox
        .lock()
        .unwrap()
        .iter()
        .flat_map(|m| m.to.clone())
        .collect();
    assert!(!to.is_empty(), "{report}");
    assert!(!to.iter().any(|a| a == "ac@example.org"), "{to:?}");

    let path = format!("/api/v1/people/{coach}/reactivate");
    let (s, m) = api(&svc, Method::POST, &path, Some(&p.tok), None).await;
    assert_eq!(s, StatusCode::OK, "{m}");
    assert_eq!(p.line(coach).as_deref(), Some("invited"));
    let (_, convening) = p.rows_of(coach);
    assert_eq!(states(&convening), pending_reminders("reminder"));
}

#[actix_web::test]
async fn a_district_that_leaves_the_year_loses_its_tune_ups_and_its_invitations() {
    let p = planned();
    let svc = p.app.service().await;
    let membership: i32 = memberships::table
        .filter(memberships::district_id.eq(p.w.alder.id))
        .filter(memberships::program_year_id.eq(p.w.y.id))
        .select(memberships::id)
        .first(&mut *p.app.conn())
        .unwrap();
    let path = format!("/api/v1/memberships/{membership}/withdraw");
    let (s, m) = api(&svc, Method::POST, &path, Some(&p.tok), None).await;
    assert_eq!(s, StatusCode::OK, "{m}");
    assert!(m["withdrawn_at"].is_string(), "{m}");
    let tune_up = Meeting::find(&mut p.app.conn(), p.tune_up.id).unwrap();
    assert!(tune_up.cancelled_at.is_some(), "its tune-up is cancelled");
    for person in [p.w.alder_leader, p.w.alder_coach] {
        let (_, convening) = p.rows_of(person);
        assert!(
            convening
                .iter()
                .all(|r| r.status == "cancelled" && r.reason == "Alder left 2029-30"),
            "{convening:#?}"
        );
        assert_eq!(p.line(person), None);
    }
    let birch = p.rows_of(p.w.birch_leader).1;
    let birch_reminders: Vec<_> = birch.into_iter().filter(|r| r.kind == "reminder").collect();
    assert_eq!(states(&birch_reminders), pending_reminders("reminder"));
    let lines: i64 = attendances::table
        .filter(attendances::convening_id.eq(p.cv.id))
        .count()
        .get_result(&mut *p.app.conn())
        .unwrap();
    assert_eq!(lines as usize, p.w.convening().len() - 2);

    let path = format!("/api/v1/memberships/{membership}/rejoin");
    let (s, m) = api(&svc, Method::POST, &path, Some(&p.tok), None).await;
    assert_eq!(s, StatusCode::OK, "{m}");
    assert_eq!(m.get("withdrawn_at"), Some(&Value::Null), "{m}");
    let (_, convening) = p.rows_of(p.w.alder_coach);
    assert_eq!(states(&convening), pending_reminders("reminder"));
    assert_eq!(p.line(p.w.alder_coach).as_deref(), Some("invited"));
}

#[actix_web::test]
async fn the_year_page_asks_before_a_district_leaves() {
    let p = planned();
    let svc = p.app.service().await;
    let mut browser = signed_in(&svc, "dir@example.org").await;
    let membership: i32 = memberships::table
        .filter(memberships::district_id.eq(p.w.alder.id))
        .filter(memberships::program_year_id.eq(p.w.y.id))
        .select(memberships::id)
        .first(&mut *p.app.conn())
        .unwrap();
    let path = format!("/years/{}/members/{membership}/withdraw", p.w.y.id);
    let page = browser.post(&svc, &path, &[]).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("tick the box"), "{}", page.body);
    let still: Option<NaiveDateTime> = memberships::table
        .find(membership)
        .select(memberships::withdrawn_at)
        .first(&mut *p.app.conn())
        .unwrap();
    assert_eq!(still, None, "nothing changed");
    let page = browser.post(&svc, &path, &[("confirm", "yes")]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let year = browser.get(&svc, &format!("/years/{}", p.w.y.id)).await;
    assert!(year.body.contains("Left the year"), "{}", year.body);
    assert!(year.body.contains("Rejoin the year"));
    // Taking someone off a roster asks first: the button sits inside a disclosure.
    let team = browser
        .get(&svc, &format!("/teams/{}", p.team_a))
        .await
        .body;
    let remove = team.find("Yes, take").expect("a confirm button");
    let opened = team[..remove].rfind("<details class=\"confirm\">").unwrap();
    assert!(!team[opened..remove].contains("</details>"), "{team}");
}
