//! The data the role matrix points at: a year with two member districts and their teams, a
//! convening with an agenda item and a reading, a tune-up with an action item.

use crate::fixtures::{admit, convening, join, team, today, tune_up, year};
use crate::support::TestApp;
use chrono::{Datelike, NaiveDate, TimeDelta};
use pdsa::domain::roles::TeamRole;
use pdsa::models::convening::{AgendaItem, Attendance, Convening, Reading};
use pdsa::models::district::{District, School};
use pdsa::models::meeting::ActionItem;
use pdsa::models::team::Team;
use pdsa::models::year::{Membership, ProgramYear};
use std::collections::HashMap;

/// Ids the rows point at: team A's things (the "member of this team" is on team A).
pub(super) struct Fixture {
    ids: HashMap<&'static str, i32>,
}

impl Fixture {
    /// Fills a pattern: the first `{id}` is the route's main object, the second its child.
    pub(super) fn url(&self, pattern: &str) -> String {
        let main = match pattern
            .split('/')
            .find(|s| !s.is_empty() && *s != "api" && *s != "v1")
            .unwrap_or("")
        {
            "years" | "program-years" => self.ids["year"],
            "convenings" => self.ids["convening"],
            "districts" => self.ids["district"],
            "teams" => self.ids["team"],
            "meetings" => self.ids["meeting"],
            "people" => self.ids["member_a"],
            "memberships" => self.ids["membership"],
            "drivers" => self.ids["driver"],
            "change-ideas" => self.ids["change_idea"],
            "cycles" => self.ids["cycle"],
            "measures" => self.ids["measure"],
            "classrooms" => self.ids["classroom"],
            // The page's delete gets an observation of its own, so the API's rows keep theirs.
            "observations" if pattern.ends_with("/delete") => self.ids["observation_spare"],
            "observations" => self.ids["observation"],
            _ => 999_999,
        };
        let child = |name: &str| match name {
            "{membership_id}" => self.ids["membership"],
            "{item_id}" if pattern.contains("meetings") => self.ids["action_item"],
            "{item_id}" => self.ids["agenda_item"],
            "{reading_id}" => self.ids["reading"],
            "{member_id}" => self.ids["spare_member"],
            "{person_id}" => self.ids["member_a"],
            _ => 999_999,
        };
        let path = pattern
            .split('/')
            .map(|seg| match seg {
                "{id}" => main.to_string(),
                s if s.starts_with('{') => child(s).to_string(),
                s => s.to_string(),
            })
            .collect::<Vec<_>>()
            .join("/");
        // The variation charts need a measure of the team's.
        if pattern.ends_with("/variation") {
            return format!("{path}?measure={}", self.ids["measure"]);
        }
        path
    }
}

/// Makes the data; the people (ma, mb, spare, fac) exist already.
pub(super) fn fixture(app: &TestApp) -> Fixture {
    let tz = pdsa::models::collective::Collective::get(&mut app.conn())
        .unwrap()
        .tz();
    let start_year = pdsa::domain::year::start_year_for(today(tz));
    let (start, end) = pdsa::domain::year::default_span(start_year);
    let year = year(app, "this year", start, end);
    let [a, b] = [admit(app, &year, "Ashford"), admit(app, &year, "Bramble")];
    let membership = Membership::of_year(&mut app.conn(), year.id)
        .unwrap()
        .into_iter()
        .find(|m| m.membership.district_id == b.id)
        .unwrap()
        .membership
        .id;
    let mut ids = teams(app, &year, &a, &b);
    let member_a = ids["member_a"];
    ids.extend(cycle_ids(app, ids["team"]));
    ids.extend(evidence_ids(app, &year, ids["team"], today(tz)));
    ids.extend(spare_observation(
        app,
        ids["team"],
        ids["measure"],
        today(tz),
    ));
    let weekday = |mut d: NaiveDate| {
        while d.weekday().number_from_monday() > 5 {
            d += TimeDelta::days(1);
        }
        d
    };
    let day = weekday(start + TimeDelta::days(40));
    let conv = convening(app, &year, 1, day, a.id);
    ids.extend(convening_ids(app, conv.id, member_a));
    let local = (day + TimeDelta::days(1)).and_hms_opt(15, 0, 0).unwrap();
    let utc = local.and_local_timezone(tz).earliest().unwrap().naive_utc();
    let facilitator = id_of(app, "fac@example.org");
    let meeting = tune_up(app, a.id, utc, local.date(), vec![facilitator]);
    let action = ActionItem::add(
        &mut app.conn(),
        meeting.id,
        "Bring run charts",
        Some(member_a),
        None,
    )
    .unwrap();
    ids.extend([
        ("year", year.id),
        ("district", a.id),
        ("membership", membership),
        ("convening", conv.id),
        ("meeting", meeting.id),
        ("action_item", action.id),
    ]);
    Fixture { ids }
}

fn id_of(app: &TestApp, email: &str) -> i32 {
    pdsa::models::person::Person::find_by_email(&mut app.conn(), email)
        .unwrap()
        .unwrap()
        .id
}

/// Team A (the member of this team and a spare, at Ashford High) and team B (the member of
/// another team): team A, the member's person id and the spare's roster line.
fn teams(
    app: &TestApp,
    year: &ProgramYear,
    a: &District,
    b: &District,
) -> HashMap<&'static str, i32> {
    let school_a = School::ensure(&mut app.conn(), a.id, "Ashford High").unwrap();
    let (team_a, team_b) = (
        team(app, year, a.id, "A team"),
        team(app, year, b.id, "B team"),
    );
    let (ma, mb, spare) = (
        id_of(app, "ma@example.org"),
        id_of(app, "mb@example.org"),
        id_of(app, "spare@example.org"),
    );
    join(app, &team_a, ma, TeamRole::Teacher, Some(school_a.id));
    join(app, &team_a, spare, TeamRole::Teacher, Some(school_a.id));
    join(app, &team_b, mb, TeamRole::Teacher, None);
    let spare_member = Team::roster(&mut app.conn(), team_a.id)
        .unwrap()
        .into_iter()
        .find(|l| l.member.person_id == spare)
        .unwrap()
        .member
        .id;
    HashMap::from([
        ("team", team_a.id),
        ("member_a", ma),
        ("spare_member", spare_member),
    ])
}

/// The convening's agenda item and reading, with the member invited.
fn convening_ids(app: &TestApp, id: i32, member: i32) -> HashMap<&'static str, i32> {
    let c = &mut app.conn();
    let conv = Convening::find(c, id).unwrap();
    let agenda = AgendaItem::add(
        c,
        &conv,
        chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        30,
        "Welcome",
        pdsa::domain::agenda::AgendaKind::Welcome,
    )
    .unwrap();
    let reading = Reading::ensure(
        c,
        id,
        "Learning to Improve",
        Some("https://example.org/lti"),
        None,
    )
    .unwrap();
    Attendance::invite(c, id, member).unwrap();
    HashMap::from([("agenda_item", agenda.id), ("reading", reading.id)])
}

/// Team A's driver, a change idea on it and a cycle testing that idea (the driver keeps its
/// change idea, so the matrix's DELETE of it is refused with 422 and it stays for later rows).
fn cycle_ids(app: &TestApp, team: i32) -> HashMap<&'static str, i32> {
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
    let day = chrono::NaiveDate::from_ymd_opt(2026, 10, 5).unwrap();
    let plan = PlanInput {
        title: "First cycle".into(),
        planned_start: day,
        planned_end: day + TimeDelta::days(14),
        ..Default::default()
    };
    let (cycle, _) = Cycle::create(c, team, idea.id, &plan).unwrap();
    HashMap::from([
        ("driver", driver.id),
        ("change_idea", idea.id),
        ("cycle", cycle.cycle.id),
    ])
}

/// Team A's own measure, a classroom, and an observation of it today (so that the matrix's
/// DELETE of the classroom is refused with 422 and it stays for later rows).
fn evidence_ids(
    app: &TestApp,
    year: &ProgramYear,
    team: i32,
    today: NaiveDate,
) -> HashMap<&'static str, i32> {
    use pdsa::domain::measure::{MeasureKind, Scale};
    use pdsa::models::classroom::{Classroom, ClassroomInput};
    use pdsa::models::measure::{Measure, MeasureInput, Owner};
    use pdsa::models::observation::{Context, Draft, Observation, RawValue, Ref};
    let c = &mut app.conn();
    let team = Team::find(c, team).unwrap();
    let scale = Scale {
        kind: MeasureKind::Count,
        min: None,
        max: None,
    };
    let input = MeasureInput {
        name: "Questions asked".into(),
        description: String::new(),
        scale,
        higher_is_better: true,
        levels: vec![],
    };
    let owner = Owner {
        program_year_id: year.id,
        team_id: Some(team.id),
    };
    let measure = Measure::create(
        c,
        &pdsa::models::audit::AuditActor::system("test"),
        owner,
        &input,
    )
    .unwrap()
    .measure
    .id;
    let room = ClassroomInput {
        label: "Room 1".into(),
        ..Default::default()
    };
    let classroom = Classroom::create(c, &team, &room).unwrap().id;
    let ctx = Context::load(c, team, today).unwrap();
    let draft = Draft {
        date: today.to_string(),
        classroom: Ref::Id(classroom),
        measure: Ref::Id(measure),
        value: RawValue::Number(4.0),
        cycle: None,
        note: String::new(),
    };
    let observation = Observation::create(
        c,
        &pdsa::models::audit::AuditActor::system("test"),
        &ctx,
        &draft,
        None,
    )
    .unwrap()
    .id;
    HashMap::from([
        ("measure", measure),
        ("classroom", classroom),
        ("observation", observation),
    ])
}

/// A second classroom of team A with an observation today, for the page that deletes one.
fn spare_observation(
    app: &TestApp,
    team: i32,
    measure: i32,
    today: NaiveDate,
) -> HashMap<&'static str, i32> {
    use pdsa::models::classroom::{Classroom, ClassroomInput};
    use pdsa::models::observation::{Context, Draft, Observation, RawValue, Ref};
    let c = &mut app.conn();
    let team = Team::find(c, team).unwrap();
    let room = ClassroomInput {
        label: "Room 2".into(),
        ..Default::default()
    };
    let classroom = Classroom::create(c, &team, &room).unwrap().id;
    let ctx = Context::load(c, team, today).unwrap();
    let draft = Draft {
        date: today.to_string(),
        classroom: Ref::Id(classroom),
        measure: Ref::Id(measure),
        value: RawValue::Number(2.0),
        cycle: None,
        note: String::new(),
    };
    let id = Observation::create(
        c,
        &pdsa::models::audit::AuditActor::system("test"),
        &ctx,
        &draft,
        None,
    )
    .unwrap()
    .id;
    HashMap::from([("observation_spare", id)])
}
