//! The network view across teams: the SQL roll-up against the pure statistics (same counts,
//! means and SDs, by week, month and cycle), the API `GET /api/v1/network/variation` (order:
//! falling first, then no signal, then rising, then teams without data; its 422s and who may
//! read), the page `/network/variation` with its cards and empty states, and the demo, where the
//! teams that narrow come first.

mod api;
mod page;
mod rollup;

use crate::fixtures::{admit, d, join, team, year_starting};
use crate::support::TestApp;
use chrono::{NaiveDate, TimeDelta};
use diesel::prelude::*;
use pdsa::db::schema::cycles;
use pdsa::domain::cycle::Stage;
use pdsa::domain::measure::MeasureKind;
use pdsa::domain::roles::{GlobalRole, TeamRole};
use pdsa::models::classroom::{Classroom, ClassroomInput};
use pdsa::models::driver::{ChangeIdea, ChangeIdeaInput, Driver, DriverInput};
use pdsa::models::team::Team;

/// A measure of the year: shared (`team` none) or a team's own.
fn measure(app: &TestApp, year: i32, team: Option<i32>, name: &str) -> i32 {
    crate::fixtures::measure(
        app,
        year,
        team,
        name,
        crate::evidence::plain(MeasureKind::Count),
        |_| String::new(),
    )
}

/// `n` classrooms of the team.
fn rooms(app: &TestApp, t: &Team, n: usize) -> Vec<i32> {
    (1..=n)
        .map(|i| {
            let input = ClassroomInput {
                label: format!("Room {i}"),
                ..Default::default()
            };
            Classroom::create(&mut app.conn(), t, &input).unwrap().id
        })
        .collect()
}

/// One observation, of a cycle or none.
fn obs(app: &TestApp, room: i32, m: i32, date: NaiveDate, value: f64, cycle: Option<i32>) {
    crate::fixtures::observation(app, (room, m), date, value, cycle);
}

/// A cycle of the team, straight into the table (a driver and a change idea first).
fn cycle(app: &TestApp, team: i32, title: &str, start: NaiveDate) -> i32 {
    let c = &mut app.conn();
    let driver = DriverInput {
        title: format!("Driver for {title}"),
        parent_id: None,
        position: None,
    };
    let driver = Driver::create(c, team, &driver).unwrap();
    let idea = ChangeIdeaInput {
        driver_id: driver.id,
        title: format!("Idea for {title}"),
        description: String::new(),
        stage: Stage::Testing,
    };
    let idea = ChangeIdea::create(c, team, &idea).unwrap();
    let now = pdsa::models::now();
    diesel::insert_into(cycles::table)
        .values((
            cycles::team_id.eq(team),
            cycles::change_idea_id.eq(idea.id),
            cycles::title.eq(title),
            cycles::planned_start.eq(start),
            cycles::planned_end.eq(start + TimeDelta::days(14)),
            cycles::created_at.eq(now),
            cycles::updated_at.eq(now),
        ))
        .execute(c)
        .unwrap();
    cycles::table
        .filter(cycles::title.eq(title))
        .select(cycles::id)
        .first(c)
        .unwrap()
}

/// SDs of 4 classrooms per week: each week's values are `mean ± spread`, scaled so the sample
/// SD is exactly `sd`.
fn week_of_spread(app: &TestApp, rooms: &[i32], m: i32, week: i64, sd: f64) {
    let unit = (5.0f64 / 3.0).sqrt();
    let day = d(2026, 9, 1) + TimeDelta::weeks(week);
    for (room, z) in rooms.iter().zip([-1.5, -0.5, 0.5, 1.5]) {
        obs(app, *room, m, day, 5.0 + sd * z / unit, None);
    }
}

/// The SD series of the ordering test, 18 weeks: wide (about 1) for weeks 0–9 but week 5, then
/// narrow (about 0.5), so the median splits them 9 / 9 and the longest run (8) lies below it.
fn falling(w: i64) -> f64 {
    let wobble = [0.0, 0.03, -0.02, 0.05, -0.04, 0.01][w as usize % 6];
    let wide = w < 10 && w != 5;
    if wide { 1.0 + wobble } else { 0.5 + wobble }
}

/// The mirror image in value: the longest run lies above the median.
fn rising(w: i64) -> f64 {
    1.5 - falling(w)
}

/// No signal: the SD alternates around its median.
fn noise(w: i64) -> f64 {
    if w % 2 == 0 { 1.0 } else { 1.2 }
}

/// A year with four teams: one whose SD falls (named last alphabetically), one with noise,
/// one whose SD rises, one with no data (named first); a member of the falling team, and
/// that team's own measure (which the network cannot compare on).
struct Network {
    app: TestApp,
    year: i32,
    measure: i32,
    own: i32,
    member: String,
    member_email: &'static str,
}

/// Builds [`Network`].
fn network() -> Network {
    let app = TestApp::new();
    let y = year_starting(&app, 2026);
    let m = measure(&app, y.id, None, "Student talk");
    let mut ids = Vec::new();
    for (name, series) in [
        ("Zephyr", Some(falling as fn(i64) -> f64)),
        ("Bramble", Some(noise)),
        ("Ashford", Some(rising)),
        ("Aardvark", None),
    ] {
        let t = team(&app, &y, admit(&app, &y, name).id, &format!("{name} team"));
        if let Some(sd) = series {
            let rs = rooms(&app, &t, 4);
            (0..18).for_each(|w| week_of_spread(&app, &rs, m, w, sd(w)));
        }
        ids.push(t);
    }
    let own = measure(&app, y.id, Some(ids[0].id), "Zephyr's own");
    let p = app.person(GlobalRole::Member, "zm@example.org");
    join(&app, &ids[0], p.id, TeamRole::Coach, None);
    Network {
        member: app.token(p.id),
        app,
        year: y.id,
        measure: m,
        own,
        member_email: "zm@example.org",
    }
}
