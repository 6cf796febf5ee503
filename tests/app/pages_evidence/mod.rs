//! The evidence pages through a browser: the round-of-visits grid, the observations list with
//! its filters, CSV files and edits, the import page, classrooms and measures, and who may see
//! what (de-identified for other teams, 403 when the collective does not share).

mod access;
mod forms;
mod observations;
mod visits;

use crate::fixtures::{admit, join, team, today, year};
use crate::support::TestApp;
use chrono::{NaiveDate, TimeDelta};
use diesel::prelude::*;
use pdsa::domain::measure::{MeasureKind, Scale};
use pdsa::domain::roles::{GlobalRole, TeamRole};
use pdsa::models::classroom::{Classroom, ClassroomInput};
use pdsa::models::collective::Collective;
use pdsa::models::district::School;
use pdsa::models::observation::{Context, Draft, Observation, RawValue, Ref};
use pdsa::models::team::Team;
use pdsa::models::year::ProgramYear;

/// Emails of the callers.
pub const ANA: &str = "anastasia.quill@ashford.org";
pub const BEN: &str = "ben@bramble.org";
pub const FAY: &str = "fay@collective.org";
pub const DEE: &str = "dee@collective.org";

/// A year that began 200 days ago; team A (Anastasia, who teaches Room 1) with rooms 1–3, team
/// B (Ben); a facilitator and a director; the year's shared 1–4 rubric "Discourse" and percent
/// measure "On task"; a cycle of team A.
pub struct World {
    pub app: TestApp,
    pub year: ProgramYear,
    pub team: Team,
    pub rooms: [i32; 3],
    pub rubric: i32,
    pub percent: i32,
    pub cycle: i32,
    pub today: NaiveDate,
}

impl World {
    pub fn new() -> World {
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
        let team_a = team(&app, &year, da.id, "Ashford team");
        let team_b = team(&app, &year, db.id, "Bramble team");
        let school = School::ensure(&mut app.conn(), da.id, "Ashford High").unwrap();
        let ana = app.person(GlobalRole::Member, ANA);
        let ben = app.person(GlobalRole::Member, BEN);
        join(&app, &team_a, ana.id, TeamRole::Teacher, Some(school.id));
        join(&app, &team_b, ben.id, TeamRole::Teacher, None);
        app.person(GlobalRole::Facilitator, FAY);
        app.person(GlobalRole::Director, DEE);
        let rooms = [
            room(&app, &team_a, "Room 1", Some(ana.id), ""),
            room(&app, &team_a, "Room 2", None, "Mr. Okafor"),
            room(&app, &team_a, "Room 3", None, ""),
        ];
        let rubric = shared(&app, &year, "Discourse", rubric_scale(1, 4));
        let percent = shared(&app, &year, "On task", plain(MeasureKind::Percent));
        let cycle = cycle(&app, team_a.id, today);
        World {
            app,
            year,
            team: team_a,
            rooms,
            rubric,
            percent,
            cycle,
            today,
        }
    }

    /// The date `back` days before today, as text.
    pub fn day(&self, back: i64) -> String {
        (self.today - TimeDelta::days(back)).to_string()
    }

    /// A path under team A.
    pub fn path(&self, rest: &str) -> String {
        format!("/teams/{}/{rest}", self.team.id)
    }

    /// Records an observation through the model, as the API would.
    pub fn observe(&self, room: i32, measure: i32, date: &str, value: f64, note: &str) -> i32 {
        let c = &mut self.app.conn();
        let ctx = Context::load(c, self.team.clone(), self.today).unwrap();
        let draft = Draft {
            date: date.into(),
            classroom: Ref::Id(room),
            measure: Ref::Id(measure),
            value: RawValue::Number(value),
            cycle: None,
            note: note.into(),
        };
        let observer = pdsa::models::person::Person::find_by_email(c, ANA)
            .unwrap()
            .map(|p| p.id);
        Observation::create(
            c,
            &pdsa::models::audit::AuditActor::system("test"),
            &ctx,
            &draft,
            observer,
        )
        .unwrap()
        .id
    }

    /// Every observation: (classroom, measure, date, value, version).
    pub fn observations(&self) -> Vec<(i32, i32, String, f64, i32)> {
        use pdsa::db::schema::observations::dsl as o;
        let rows: Vec<(i32, i32, NaiveDate, f64, i32)> = o::observations
            .order((o::date, o::classroom_id, o::measure_id))
            .select((
                o::classroom_id,
                o::measure_id,
                o::date,
                o::value,
                o::version,
            ))
            .load(&mut self.app.conn())
            .unwrap();
        rows.into_iter()
            .map(|(c, m, d, v, ver)| (c, m, d.to_string(), v, ver))
            .collect()
    }

    /// Turns the collective's sharing between teams on or off.
    pub fn share(&self, on: bool) {
        let c = &mut self.app.conn();
        let mut collective = Collective::get(c).unwrap();
        collective.share_cycles = on;
        collective.save(c).unwrap();
    }
}

fn rubric_scale(min: i32, max: i32) -> Scale {
    Scale {
        kind: MeasureKind::Rubric,
        min: Some(min),
        max: Some(max),
    }
}

fn plain(kind: MeasureKind) -> Scale {
    Scale {
        kind,
        min: None,
        max: None,
    }
}

/// A shared measure; a rubric's levels read "level 1 look-for" and so on.
fn shared(app: &TestApp, year: &ProgramYear, name: &str, scale: Scale) -> i32 {
    crate::fixtures::measure(app, year.id, None, name, scale, |l| {
        format!("level {l} look-for")
    })
}

fn room(app: &TestApp, team: &Team, label: &str, teacher: Option<i32>, name: &str) -> i32 {
    let input = ClassroomInput {
        label: label.into(),
        teacher_person_id: teacher,
        teacher_name: name.into(),
        subject: "Math".into(),
        grade: "7".into(),
        ..Default::default()
    };
    Classroom::create(&mut app.conn(), team, &input).unwrap().id
}

/// A cycle of the team, testing a change idea on a driver.
fn cycle(app: &TestApp, team: i32, today: NaiveDate) -> i32 {
    use pdsa::models::cycle::{Cycle, PlanInput};
    use pdsa::models::driver::{ChangeIdea, ChangeIdeaInput, Driver, DriverInput};
    let c = &mut app.conn();
    let driver = DriverInput {
        title: "Student talk".into(),
        ..Default::default()
    };
    let driver = Driver::create(c, team, &driver).unwrap();
    let idea = ChangeIdeaInput {
        driver_id: driver.id,
        title: "Turn and talk".into(),
        description: String::new(),
        stage: pdsa::domain::cycle::Stage::Testing,
    };
    let idea = ChangeIdea::create(c, team, &idea).unwrap();
    let plan = PlanInput {
        title: "First cycle".into(),
        planned_start: today - TimeDelta::days(20),
        planned_end: today,
        ..Default::default()
    };
    Cycle::create(c, team, idea.id, &plan).unwrap().0.cycle.id
}

/// How many times `needle` occurs in `hay`.
pub fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}
