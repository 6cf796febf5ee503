//! Measures, classrooms and observations through the API (one by one, in bulk, as CSV files)
//! and the command line, with who may do what and the roll-over to the next year.

mod access;
mod bulk;
mod classrooms;
mod cli;
mod csv;
mod measures;
mod observations;
mod rollover;

use crate::fixtures::{admit, join, team, today, year};
use crate::support::TestApp;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::{Method, StatusCode};
use actix_web::test as atest;
use chrono::{NaiveDate, TimeDelta};
use pdsa::domain::measure::{MeasureKind, Scale};
use pdsa::domain::roles::{GlobalRole, TeamRole};
use pdsa::models::classroom::{Classroom, ClassroomInput};
use pdsa::models::collective::Collective;
use pdsa::models::district::School;
use pdsa::models::team::Team;
use pdsa::models::year::ProgramYear;
use serde_json::{Value, json};

/// A year that began 200 days ago, two teams with a member each, a facilitator and a director;
/// team A has a classroom "Room 1" taught by its member, and the year has a shared 1–4 rubric
/// "Discourse" and a shared percent measure "On task".
pub struct Setup {
    pub app: TestApp,
    pub year: ProgramYear,
    pub team_a: Team,
    pub team_b: Team,
    pub school_a: i32,
    pub member_a: i32,
    /// Tokens: member of team A, member of team B, facilitator, director.
    pub a: String,
    pub b: String,
    pub fac: String,
    pub dir: String,
    pub room: i32,
    pub rubric: i32,
    pub percent: i32,
    pub today: NaiveDate,
}

impl Setup {
    pub fn new() -> Setup {
        let app = TestApp::new();
        let tz = Collective::get(&mut app.conn()).unwrap().tz();
        let today = today(tz);
        let year = year(
            &app,
            "2026-27",
            today - TimeDelta::days(200),
            today + TimeDelta::days(165),
        );
        let (da, db) = (admit(&app, &year, "Ashford"), admit(&app, &year, "Bramble"));
        let (team_a, team_b) = (
            team(&app, &year, da.id, "Ashford team"),
            team(&app, &year, db.id, "Bramble team"),
        );
        let school_a = School::ensure(&mut app.conn(), da.id, "Ashford High")
            .unwrap()
            .id;
        let ma = app.person(GlobalRole::Member, "ana@ashford.org");
        let mb = app.person(GlobalRole::Member, "ben@bramble.org");
        join(&app, &team_a, ma.id, TeamRole::Teacher, Some(school_a));
        join(&app, &team_b, mb.id, TeamRole::Teacher, None);
        let fac = app.person(GlobalRole::Facilitator, "fay@collective.org");
        let dir = app.person(GlobalRole::Director, "dee@collective.org");
        let room = classroom(&app, &team_a, "Room 1", Some(ma.id), Some(school_a));
        let rubric = shared_measure(&app, &year, "Discourse", rubric_scale(1, 4));
        let percent = shared_measure(&app, &year, "On task", plain(MeasureKind::Percent));
        Setup {
            a: app.token(ma.id),
            b: app.token(mb.id),
            fac: app.token(fac.id),
            dir: app.token(dir.id),
            member_a: ma.id,
            app,
            year,
            team_a,
            team_b,
            school_a,
            room,
            rubric,
            percent,
            today,
        }
    }

    /// The date `back` days before today, as text.
    pub fn day(&self, back: i64) -> String {
        (self.today - TimeDelta::days(back)).to_string()
    }

    /// Turns the collective's sharing between teams on or off.
    pub fn share(&self, on: bool) {
        let c = &mut self.app.conn();
        let mut collective = Collective::get(c).unwrap();
        collective.share_cycles = on;
        collective.save(c).unwrap();
    }

    /// How many observations the database holds.
    pub fn observation_count(&self) -> i64 {
        use diesel::prelude::*;
        pdsa::db::schema::observations::table
            .count()
            .get_result(&mut self.app.conn())
            .unwrap()
    }

    /// Path under team A.
    pub fn a_path(&self, rest: &str) -> String {
        format!("/api/v1/teams/{}/{rest}", self.team_a.id)
    }
}

/// A rubric scale from `min` to `max`.
pub fn rubric_scale(min: i32, max: i32) -> Scale {
    Scale {
        kind: MeasureKind::Rubric,
        min: Some(min),
        max: Some(max),
    }
}

/// The scale of a percent, count or yes/no measure.
pub fn plain(kind: MeasureKind) -> Scale {
    Scale {
        kind,
        min: None,
        max: None,
    }
}

/// A shared measure of `year`; a rubric gets a descriptor per level.
pub fn shared_measure(app: &TestApp, year: &ProgramYear, name: &str, scale: Scale) -> i32 {
    crate::fixtures::measure(app, year.id, None, name, scale, |l| format!("level {l}"))
}

/// A classroom of `team`.
pub fn classroom(
    app: &TestApp,
    team: &Team,
    label: &str,
    teacher: Option<i32>,
    school: Option<i32>,
) -> i32 {
    let input = ClassroomInput {
        label: label.into(),
        teacher_person_id: teacher,
        school_id: school,
        teacher_name: if teacher.is_none() {
            "Mr. Free Text".into()
        } else {
            String::new()
        },
        subject: "Math".into(),
        grade: "7".into(),
    };
    Classroom::create(&mut app.conn(), team, &input).unwrap().id
}

/// The fields named in an error body.
pub fn fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["field"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The message for `field` in an error body.
pub fn message(body: &Value, field: &str) -> String {
    body["errors"]
        .as_array()
        .and_then(|a| a.iter().find(|e| e["field"] == field))
        .and_then(|e| e["message"].as_str())
        .unwrap_or("")
        .to_string()
}

/// An observation item for Room 1.
pub fn item(s: &Setup, measure: i32, back: i64, value: Value) -> Value {
    json!({"date": s.day(back), "classroom_id": s.room, "measure_id": measure, "value": value})
}

/// A raw request: any body and content type; answers status, headers and body bytes.
pub async fn raw<S, B>(
    svc: &S,
    method: Method,
    path: &str,
    token: Option<&str>,
    content_type: &str,
    body: &[u8],
) -> (StatusCode, actix_web::http::header::HeaderMap, Vec<u8>)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let mut req = atest::TestRequest::default()
        .method(method)
        .uri(path)
        .insert_header(("Content-Type", content_type))
        .set_payload(body.to_vec());
    if let Some(t) = token {
        req = req.insert_header(("Authorization", format!("Bearer {t}")));
    }
    let res = atest::call_service(svc, req.to_request()).await;
    let (status, headers) = (res.status(), res.headers().clone());
    let bytes = atest::read_body(res).await.to_vec();
    (status, headers, bytes)
}

/// A cycle of `team` (with the driver and change idea it needs), planned from `start`; its id.
pub fn cycle(app: &TestApp, team: &Team, title: &str, start: NaiveDate) -> i32 {
    use diesel::prelude::*;
    use pdsa::db::schema::{change_ideas, cycles, drivers};
    let c = &mut app.conn();
    diesel::insert_into(drivers::table)
        .values((drivers::team_id.eq(team.id), drivers::title.eq("Talk")))
        .execute(c)
        .unwrap();
    let driver: i32 = drivers::table
        .select(drivers::id)
        .order(drivers::id.desc())
        .first(c)
        .unwrap();
    diesel::insert_into(change_ideas::table)
        .values((
            change_ideas::team_id.eq(team.id),
            change_ideas::driver_id.eq(driver),
            change_ideas::title.eq("Turn and talk"),
        ))
        .execute(c)
        .unwrap();
    let idea: i32 = change_ideas::table
        .select(change_ideas::id)
        .order(change_ideas::id.desc())
        .first(c)
        .unwrap();
    let now = pdsa::models::now();
    diesel::insert_into(cycles::table)
        .values((
            cycles::team_id.eq(team.id),
            cycles::change_idea_id.eq(idea),
            cycles::title.eq(title),
            cycles::planned_start.eq(start),
            cycles::planned_end.eq(start + TimeDelta::days(14)),
            cycles::created_at.eq(now),
            cycles::updated_at.eq(now),
        ))
        .execute(c)
        .unwrap();
    cycles::table
        .select(cycles::id)
        .order(cycles::id.desc())
        .first(c)
        .unwrap()
}
