//! Pages for aims, driver diagrams, change ideas and PDSA cycles, through a browser: the tree,
//! planning a cycle and moving it through every status, refused moves and forms with their
//! messages beside the fields, stale saves shown beside the saved values, comments, and who may
//! read and write (sharing on and off, anonymous).

mod access;
mod conflicts;
mod tree;
mod worksheet;

use crate::fixtures::{admit, join, team, today, year};
use crate::support::{Browser, Page, TestApp};
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use chrono::{NaiveDate, TimeDelta};
use diesel::prelude::*;
use pdsa::db::schema::measures;
use pdsa::domain::cycle::Stage;
use pdsa::domain::roles::{GlobalRole, TeamRole};
use pdsa::models::collective::Collective;
use pdsa::models::cycle::{Cycle, PlanInput, QuestionInput};
use pdsa::models::driver::{ChangeIdea, ChangeIdeaInput, Driver, DriverInput};
use pdsa::models::team::Team;

/// A member of team A.
pub const ANA: &str = "ana@example.org";
/// A second member of team A.
pub const ABE: &str = "abe@example.org";
/// A member of team B.
pub const BO: &str = "bo@example.org";
/// A facilitator.
pub const FAY: &str = "fay@example.org";
/// A director.
pub const DEE: &str = "dee@example.org";

/// A year around today with two teams, a caller of each kind, and a measure shared by the year.
pub struct World {
    pub app: TestApp,
    pub team_a: Team,
    pub measure: i32,
    pub today: NaiveDate,
}

pub fn world() -> World {
    let app = TestApp::new();
    let tz = Collective::get(&mut app.conn()).unwrap().tz();
    let day = today(tz);
    let year = year(
        &app,
        "This year",
        day - TimeDelta::days(100),
        day + TimeDelta::days(200),
    );
    let (da, db) = (admit(&app, &year, "Ashford"), admit(&app, &year, "Brook"));
    let team_a = team(&app, &year, da.id, "Ashford team");
    let team_b = team(&app, &year, db.id, "Brook team");
    for (email, t) in [(ANA, &team_a), (ABE, &team_a), (BO, &team_b)] {
        let p = app.person(GlobalRole::Member, email);
        join(&app, t, p.id, TeamRole::Teacher, None);
    }
    app.person(GlobalRole::Facilitator, FAY);
    app.person(GlobalRole::Director, DEE);
    let measure = shared_rubric(&app, year.id, "Student discourse");
    World {
        app,
        team_a,
        measure,
        today: day,
    }
}

/// A 1–4 rubric shared by the year; its id.
fn shared_rubric(app: &TestApp, year: i32, name: &str) -> i32 {
    let c = &mut *app.conn();
    diesel::insert_into(measures::table)
        .values((
            measures::program_year_id.eq(year),
            measures::name.eq(name),
            measures::kind.eq("rubric"),
            measures::scale_min.eq(Some(1)),
            measures::scale_max.eq(Some(4)),
        ))
        .execute(c)
        .unwrap();
    measures::table
        .order(measures::id.desc())
        .select(measures::id)
        .first(c)
        .unwrap()
}

impl World {
    /// A driver of team A (a secondary under `parent`).
    pub fn driver(&self, title: &str, parent: Option<i32>) -> Driver {
        let input = DriverInput {
            title: title.into(),
            parent_id: parent,
            position: None,
        };
        Driver::create(&mut self.app.conn(), self.team_a.id, &input).unwrap()
    }

    /// A change idea of team A on `driver`.
    pub fn idea(&self, driver: i32, title: &str) -> ChangeIdea {
        let input = ChangeIdeaInput {
            driver_id: driver,
            title: title.into(),
            description: String::new(),
            stage: Stage::Testing,
        };
        ChangeIdea::create(&mut self.app.conn(), self.team_a.id, &input).unwrap()
    }

    /// A planned cycle of `idea` with an objective and one question with its prediction.
    pub fn cycle(&self, idea: i32, title: &str) -> i32 {
        let plan = PlanInput {
            title: title.into(),
            objective: "More students talk".into(),
            planned_start: self.today,
            planned_end: self.today + TimeDelta::days(14),
            questions: vec![QuestionInput {
                question: "Will more students talk?".into(),
                prediction: "Half of them".into(),
                result: String::new(),
            }],
            ..Default::default()
        };
        let c = &mut self.app.conn();
        Cycle::create(c, self.team_a.id, idea, &plan)
            .unwrap()
            .0
            .cycle
            .id
    }

    /// The cycle's stored version.
    pub fn version(&self, cycle: i32) -> String {
        Cycle::find(&mut self.app.conn(), cycle)
            .unwrap()
            .version
            .to_string()
    }

    /// The cycle's stored status.
    pub fn status(&self, cycle: i32) -> String {
        Cycle::find(&mut self.app.conn(), cycle).unwrap().status
    }

    /// Turns the collective's sharing of cycles between teams on or off.
    pub fn share(&self, on: bool) {
        use pdsa::db::schema::collectives;
        diesel::update(collectives::table)
            .set(collectives::share_cycles.eq(on))
            .execute(&mut *self.app.conn())
            .unwrap();
    }
}

/// Asserts a form post answered "saved" (303) and follows it; the page it lands on.
pub async fn saved<S, B>(svc: &S, b: &mut Browser, page: Page) -> Page
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let to = page.location.expect("a redirect names where to");
    b.get(svc, &to).await
}

/// Asserts the needles appear in `body` in this order.
pub fn in_order(body: &str, needles: &[&str]) {
    let mut at = 0;
    for n in needles {
        let found = body[at..]
            .find(n)
            .unwrap_or_else(|| panic!("{n:?} not found after position {at}"));
        at += found + n.len();
    }
}
