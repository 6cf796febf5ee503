//! Shared set-up, made through the models so that a test sends over HTTP only what it is about:
//! dates, program years with member districts, teams and their members, convenings, tune-ups,
//! and callers (a bearer token, or a browser signed in through the form).

#![allow(dead_code)]

use crate::support::{Browser, TestApp};
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use pdsa::domain::meeting::{MeetingKind, Modality};
use pdsa::domain::roles::{GlobalRole, TeamRole};
use pdsa::models::collective::Collective;
use pdsa::models::convening::{Convening, ConveningInput};
use pdsa::models::district::District;
use pdsa::models::meeting::{Meeting, MeetingInput};
use pdsa::models::team::{NewMember, Team};
use pdsa::models::year::{Membership, NewMembership, NewProgramYear, ProgramYear};

/// The fee every test membership carries ($15,000), so a page that shows fees shows this.
pub const FEE_CENTS: i64 = 1_500_000;

/// A calendar date.
pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Today in the zone `tz` (the collective's).
pub fn today(tz: chrono_tz::Tz) -> NaiveDate {
    chrono::Utc::now().with_timezone(&tz).date_naive()
}

/// A program year with this label and span.
pub fn year(app: &TestApp, label: &str, start_date: NaiveDate, end_date: NaiveDate) -> ProgramYear {
    let c = &mut app.conn();
    let new = NewProgramYear {
        collective_id: Collective::get(c).unwrap().id,
        label: label.into(),
        start_date,
        end_date,
    };
    ProgramYear::create(c, &new).unwrap()
}

/// The program year that starts on 1 August `start_year` (labelled like "2030-31").
pub fn year_starting(app: &TestApp, start_year: i32) -> ProgramYear {
    let (start, end) = pdsa::domain::year::default_span(start_year);
    let label = pdsa::domain::year::label_for(start_year);
    year(app, &label, start, end)
}

/// A district (created when new) admitted to `year` for [`FEE_CENTS`], nothing paid yet, with
/// two workshop seats.
pub fn admit(app: &TestApp, year: &ProgramYear, name: &str) -> District {
    let c = &mut app.conn();
    let district = District::ensure(c, name).unwrap();
    let terms = NewMembership {
        program_year_id: year.id,
        district_id: district.id,
        fee_cents: FEE_CENTS,
        paid_cents: 0,
        workshop_seats: 2,
    };
    Membership::ensure(c, &pdsa::models::audit::AuditActor::system("test"), &terms).unwrap();
    district
}

/// Several districts admitted to `year`, in the order named.
pub fn admit_all(app: &TestApp, year: &ProgramYear, names: &[&str]) -> Vec<District> {
    names.iter().map(|n| admit(app, year, n)).collect()
}

/// The district's team in `year`.
pub fn team(app: &TestApp, year: &ProgramYear, district_id: i32, name: &str) -> Team {
    Team::ensure(
        &mut app.conn(),
        &pdsa::models::audit::AuditActor::system("test"),
        year.id,
        district_id,
        name,
    )
    .unwrap()
}

/// Puts a person on a team, in a role, at a school (none for district-wide staff).
pub fn join(app: &TestApp, team: &Team, person_id: i32, role: TeamRole, school: Option<i32>) {
    let member = NewMember {
        person_id,
        role,
        school_id: school,
    };
    Team::add_member(
        &mut app.conn(),
        &pdsa::models::audit::AuditActor::system("test"),
        team,
        &member,
    )
    .unwrap();
}

/// Convening `number` of `year` on `date`, hosted by the district `host`, on the collective's
/// usual day.
pub fn convening(
    app: &TestApp,
    year: &ProgramYear,
    number: i32,
    date: NaiveDate,
    host: i32,
) -> Convening {
    let c = &mut app.conn();
    let input = ConveningInput {
        number,
        date,
        host_district_id: host,
        venue: "Hall".into(),
        times: Collective::get(c).unwrap().day_times(),
        food_cost_cents: 0,
    };
    Convening::create(
        c,
        &pdsa::models::audit::AuditActor::system("test"),
        year,
        &input,
    )
    .unwrap()
}

/// An hour-long tune-up in Room 4 for a district, starting at `starts_at` (UTC) on `local_date`
/// in the collective's zone.
pub fn tune_up(
    app: &TestApp,
    district_id: i32,
    starts_at: NaiveDateTime,
    local_date: NaiveDate,
    facilitator_ids: Vec<i32>,
) -> Meeting {
    let input = MeetingInput {
        district_id,
        kind: MeetingKind::TuneUp,
        title: "Tune-up".into(),
        starts_at,
        ends_at: starts_at + TimeDelta::hours(1),
        local_date,
        modality: Modality::InPerson,
        place: "Room 4".into(),
        video_url: String::new(),
        notes: String::new(),
        facilitator_ids,
    };
    Meeting::create(
        &mut app.conn(),
        &pdsa::models::audit::AuditActor::system("test"),
        &input,
    )
    .unwrap()
    .0
}

/// A new person's API token.
pub fn bearer(app: &TestApp, role: GlobalRole, email: &str) -> String {
    app.token(app.person(role, email).id)
}

/// A browser signed in (through the form) as an existing person.
pub async fn signed_in<S, B>(svc: &S, email: &str) -> Browser
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let mut browser = Browser::new();
    browser.sign_in(svc, email).await;
    browser
}

/// One observation, straight into the table (the charts do not care how it came).
pub fn observation(
    app: &TestApp,
    (classroom, measure): (i32, i32),
    date: NaiveDate,
    value: f64,
    cycle: Option<i32>,
) {
    use diesel::prelude::*;
    use pdsa::db::schema::observations;
    let now = pdsa::models::now();
    diesel::insert_into(observations::table)
        .values((
            observations::classroom_id.eq(classroom),
            observations::measure_id.eq(measure),
            observations::date.eq(date),
            observations::value.eq(value),
            observations::cycle_id.eq(cycle),
            observations::note.eq(""),
            observations::version.eq(1),
            observations::created_at.eq(now),
            observations::updated_at.eq(now),
        ))
        .execute(&mut app.conn())
        .unwrap();
}

/// Turns the collective's sharing of cycles and figures between teams on or off.
pub fn share(app: &TestApp, on: bool) {
    use diesel::prelude::*;
    use pdsa::db::schema::collectives;
    diesel::update(collectives::table)
        .set(collectives::share_cycles.eq(on))
        .execute(&mut app.conn())
        .unwrap();
}

/// A measure of `year_id` (shared when `team_id` is `None`) made through the model, higher
/// being better; a rubric's levels are described by `describe`.
pub fn measure(
    app: &TestApp,
    year_id: i32,
    team_id: Option<i32>,
    name: &str,
    scale: pdsa::domain::measure::Scale,
    describe: impl Fn(i32) -> String,
) -> i32 {
    use pdsa::models::measure::{Measure, MeasureInput, Owner};
    let levels = match (scale.min, scale.max) {
        (Some(lo), Some(hi)) => (lo..=hi).map(|l| (l, describe(l))).collect(),
        _ => vec![],
    };
    let input = MeasureInput {
        name: name.into(),
        description: String::new(),
        scale,
        higher_is_better: true,
        levels,
    };
    let owner = Owner {
        program_year_id: year_id,
        team_id,
    };
    Measure::create(
        &mut app.conn(),
        &pdsa::models::audit::AuditActor::system("test"),
        owner,
        &input,
    )
    .unwrap()
    .measure
    .id
}
