//! The coach dashboard (`GET /teams/{id}/variation`) and "chart a series" (`/analysis/chart`).
//! Here the set-up: two teams of this program year, team A with three classrooms and its own
//! count measure, weeks of observations with a known between-classroom SD, and a cycle.

mod dashboard;
mod series;

use crate::fixtures::{admit, join, team, today, year};
use crate::support::{Page, TestApp};
use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};
use pdsa::domain::measure::MeasureKind;
use pdsa::domain::roles::{GlobalRole, TeamRole};
use pdsa::models::classroom::{Classroom, ClassroomInput};
use pdsa::models::team::Team;

const MEMBER: &str = "alice.member@example.org";
const OTHER: &str = "bob.other@example.org";
const FACILITATOR: &str = "fran.facilitator@example.org";
const DIRECTOR: &str = "dana.director@example.org";

/// Two teams of this program year; team A has three classrooms and its own count measure.
struct Setup {
    app: TestApp,
    a: Team,
    b: Team,
    measure: i32,
    rooms: Vec<i32>,
    today: NaiveDate,
    member_id: i32,
}

fn setup() -> Setup {
    let app = TestApp::new();
    let tz = pdsa::models::collective::Collective::get(&mut app.conn())
        .unwrap()
        .tz();
    let today = today(tz);
    let (start, end) = pdsa::domain::year::default_span(pdsa::domain::year::start_year_for(today));
    let y = year(&app, "this year", start, end);
    let (da, db) = (admit(&app, &y, "Ashford"), admit(&app, &y, "Bramble"));
    let a = team(&app, &y, da.id, "Ashford");
    let b = team(&app, &y, db.id, "Bramble");
    let member = app.person(GlobalRole::Member, MEMBER);
    let other = app.person(GlobalRole::Member, OTHER);
    app.person(GlobalRole::Facilitator, FACILITATOR);
    app.person(GlobalRole::Director, DIRECTOR);
    join(&app, &a, member.id, TeamRole::Coach, None);
    join(&app, &b, other.id, TeamRole::Coach, None);
    let measure = count_measure(&app, y.id, a.id, "Questions asked");
    let rooms = (1..=3)
        .map(|i| {
            let input = ClassroomInput {
                label: format!("Room {i}"),
                ..Default::default()
            };
            Classroom::create(&mut app.conn(), &a, &input).unwrap().id
        })
        .collect();
    Setup {
        app,
        a,
        b,
        measure,
        rooms,
        today,
        member_id: member.id,
    }
}

fn count_measure(app: &TestApp, year: i32, team: i32, name: &str) -> i32 {
    let scale = crate::evidence::plain(MeasureKind::Count);
    crate::fixtures::measure(app, year, Some(team), name, scale, |_| String::new())
}

/// One observation of no cycle.
fn obs(app: &TestApp, classroom: i32, measure: i32, date: NaiveDate, value: f64) {
    crate::fixtures::observation(app, (classroom, measure), date, value, None);
}

/// The Tuesday of the week `back` weeks before today's.
fn tuesday(today: NaiveDate, back: i64) -> NaiveDate {
    let w = today.iso_week();
    let monday = NaiveDate::from_isoywd_opt(w.year(), w.week(), Weekday::Mon).unwrap();
    monday - TimeDelta::weeks(back) + TimeDelta::days(1)
}

fn week_label(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// One week of the three classrooms at 10 − sd, 10, 10 + sd: a between-classroom SD of `sd`.
fn week(s: &Setup, back: i64, sd: f64) {
    let day = tuesday(s.today, back);
    for (room, v) in s.rooms.iter().zip([10.0 - sd, 10.0, 10.0 + sd]) {
        obs(&s.app, *room, s.measure, day, v);
    }
}

/// Six weeks of wide spread (median 1.55, the last above it), then nine narrow ones.
const FALLING: [f64; 15] = [
    1.0, 2.0, 1.5, 1.0, 2.0, 1.6, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5,
];

fn falling(s: &Setup) {
    for (i, sd) in FALLING.iter().enumerate() {
        week(s, 16 - i as i64, *sd);
    }
}

fn dashboard(s: &Setup, query: &str) -> String {
    format!("/teams/{}/variation{query}", s.a.id)
}

/// The `<figure>` of the chart `id`.
fn figure<'a>(page: &'a Page, id: &str) -> &'a str {
    let start = page
        .body
        .find(&format!("id=\"{id}-figure\""))
        .unwrap_or_else(|| panic!("no chart {id}"));
    let end = page.body[start..].find("</figure>").unwrap() + start;
    &page.body[start..end]
}

fn add_cycle(s: &Setup, title: &str, start: NaiveDate) {
    use pdsa::models::cycle::{Cycle, PlanInput};
    use pdsa::models::driver::{ChangeIdea, ChangeIdeaInput, Driver, DriverInput};
    let c = &mut s.app.conn();
    let driver = DriverInput {
        title: "Student talk".into(),
        ..Default::default()
    };
    let driver = Driver::create(c, s.a.id, &driver).unwrap();
    let idea = ChangeIdeaInput {
        driver_id: driver.id,
        title: "Talk moves".into(),
        description: String::new(),
        stage: pdsa::domain::cycle::Stage::Testing,
    };
    let idea = ChangeIdea::create(c, s.a.id, &idea).unwrap();
    let plan = PlanInput {
        title: title.into(),
        planned_start: start,
        planned_end: start + TimeDelta::days(13),
        ..Default::default()
    };
    Cycle::create(c, s.a.id, idea.id, &plan).unwrap();
}
