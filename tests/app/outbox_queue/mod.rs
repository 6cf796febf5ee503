//! The outbox queue (issue 5 §1–2): who is queued for each kind of event and when (07:00 local on
//! each offset's day, across daylight-saving changes; a late creation collapses the passed
//! offsets into one sent at once; nothing once the event has begun), moving twice and then
//! cancelling, the UNIQUE guarantee, the cancel routes and pages, and the demo seed.

mod moves;
mod pages;
mod restore;
mod roster;

use crate::fixtures::{self, d, signed_in};
use crate::support::{TestApp, api};
use actix_web::http::{Method, StatusCode};
use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use pdsa::db::schema::{outbox, people};
use pdsa::domain::meeting::{MeetingKind, Modality};
use pdsa::domain::reminder::{MailKind, SubjectType, local_to_utc};
use pdsa::domain::roles::{GlobalRole, TeamRole};
use pdsa::mail::context::when_text;
use pdsa::models::district::District;
use pdsa::models::meeting::{Meeting, MeetingInput};
use pdsa::models::outbox::{self as ob, NewMail, OutboxRow, queue};
use pdsa::models::year::ProgramYear;
use serde_json::{Value, json};

const NY: chrono_tz::Tz = chrono_tz::America::New_York;

/// A UTC instant written `YYYY-MM-DD HH:MM`.
fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

/// Every outbox row about one event, oldest first.
fn rows(app: &TestApp, subject: SubjectType, id: i32) -> Vec<OutboxRow> {
    ob::of_subject(&mut app.conn(), subject, id).unwrap()
}

/// The rows of one kind (and revision, when given).
fn of_kind(rows: &[OutboxRow], kind: MailKind, revision: Option<i32>) -> Vec<OutboxRow> {
    rows.iter()
        .filter(|r| r.kind == kind.as_str() && revision.is_none_or(|v| r.revision == v))
        .cloned()
        .collect()
}

/// The people of some rows, sorted, once each.
fn people_of(rows: &[OutboxRow]) -> Vec<i32> {
    let mut ids: Vec<i32> = rows.iter().map(|r| r.person_id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Sorted ids.
fn sorted(mut ids: Vec<i32>) -> Vec<i32> {
    ids.sort_unstable();
    ids
}

/// Marks one row sent, as the worker would.
fn mark_sent(app: &TestApp, id: i32) {
    diesel::update(outbox::table.find(id))
        .set(outbox::status.eq("sent"))
        .execute(&mut *app.conn())
        .unwrap();
}

/// Two districts admitted to 2029-30, each with a team (Alder: a senior leader and a coach;
/// Birch: a senior leader), an Alder member of 2028-29 only, two facilitators, a director and a
/// member on no team.
struct World {
    y: ProgramYear,
    alder: District,
    alder_leader: i32,
    alder_coach: i32,
    birch_leader: i32,
    old_member: i32,
    fac: i32,
    other_fac: i32,
    director: i32,
    loner: i32,
}

impl World {
    fn new(app: &TestApp) -> World {
        let old = fixtures::year_starting(app, 2028);
        let y = fixtures::year_starting(app, 2029);
        let alder = fixtures::admit(app, &y, "Alder");
        let birch = fixtures::admit(app, &y, "Birch");
        fixtures::admit(app, &old, "Alder");
        let team_a = fixtures::team(app, &y, alder.id, "Alder");
        let team_b = fixtures::team(app, &y, birch.id, "Birch");
        let team_old = fixtures::team(app, &old, alder.id, "Alder 28");
        let member = |email: &str| app.person(GlobalRole::Member, email).id;
        let w = World {
            alder_leader: member("al@example.org"),
            alder_coach: member("ac@example.org"),
            birch_leader: member("bl@example.org"),
            old_member: member("old@example.org"),
            loner: member("loner@example.org"),
            fac: app.person(GlobalRole::Facilitator, "fac@example.org").id,
            other_fac: app.person(GlobalRole::Facilitator, "fac2@example.org").id,
            director: app.person(GlobalRole::Director, "dir@example.org").id,
            y,
            alder,
        };
        fixtures::join(app, &team_a, w.alder_leader, TeamRole::SeniorLeader, None);
        fixtures::join(app, &team_a, w.alder_coach, TeamRole::Coach, None);
        fixtures::join(app, &team_b, w.birch_leader, TeamRole::SeniorLeader, None);
        fixtures::join(app, &team_old, w.old_member, TeamRole::Coach, None);
        w
    }

    /// Who a tune-up for Alder run by `fac` concerns.
    fn alder_tune_up(&self) -> Vec<i32> {
        sorted(vec![self.alder_leader, self.alder_coach, self.fac])
    }

    /// Who a convening of 2029-30 concerns.
    fn convening(&self) -> Vec<i32> {
        sorted(vec![
            self.alder_leader,
            self.alder_coach,
            self.birch_leader,
            self.fac,
            self.other_fac,
            self.director,
        ])
    }

    /// An Alder tune-up run by `fac`, from `start` (UTC) for an hour.
    fn tune_up(&self, app: &TestApp, start: &str) -> Meeting {
        let s = at(start);
        let local = s.and_utc().with_timezone(&NY).date_naive();
        fixtures::tune_up(app, self.alder.id, s, local, vec![self.fac])
    }
}

/// The 07:00 New York instant of `day`, in UTC.
fn seven_local(day: NaiveDate) -> NaiveDateTime {
    local_to_utc(NY, day.and_hms_opt(7, 0, 0).unwrap())
}

/// The row of `person` at `revision` and `offset` among the reminders.
fn reminder_of(rows: &[OutboxRow], person: i32, revision: i32, offset: i32) -> i32 {
    rows.iter()
        .find(|r| {
            r.kind == "reminder"
                && r.person_id == person
                && r.revision == revision
                && r.offset_days == offset
        })
        .map(|r| r.id)
        .unwrap()
}

#[actix_web::test]
async fn a_tune_up_reaches_its_districts_team_of_that_year_and_its_facilitators() {
    let app = TestApp::new();
    let w = World::new(&app);
    let m = w.tune_up(&app, "2030-03-12 15:00");
    let all = rows(&app, SubjectType::Meeting, m.id);
    let reminders = of_kind(&all, MailKind::Reminder, Some(0));
    assert_eq!(people_of(&reminders), w.alder_tune_up());
    assert_eq!(reminders.len(), 2 * w.alder_tune_up().len(), "{all:#?}");
    assert_eq!(all.len(), reminders.len(), "only reminders for a meeting");
    for outsider in [
        w.birch_leader,
        w.old_member,
        w.other_fac,
        w.director,
        w.loner,
    ] {
        assert!(!people_of(&all).contains(&outsider), "{outsider} queued");
    }
    assert!(reminders.iter().all(|r| r.status == "pending"));
    assert!(reminders.iter().all(|r| r.expires_at == m.starts_at));
}

#[actix_web::test]
async fn reminders_fall_at_seven_local_across_daylight_saving_changes() {
    let app = TestApp::new();
    let w = World::new(&app);
    // Clocks go forward on Sunday 10 March 2030 in New York: EST (-5) before, EDT (-4) after.
    let spring = w.tune_up(&app, "2030-03-12 15:00");
    // And back on Sunday 3 November 2029: EDT before, EST after.
    let autumn = w.tune_up(&app, "2029-11-06 15:00");
    for (m, week, day) in [
        (&spring, "2030-03-05 12:00", "2030-03-11 11:00"),
        (&autumn, "2029-10-30 11:00", "2029-11-05 12:00"),
    ] {
        let all = rows(&app, SubjectType::Meeting, m.id);
        for r in &all {
            let want = if r.offset_days == 7 { week } else { day };
            assert_eq!(
                r.due_at,
                at(want),
                "offset {} of {}",
                r.offset_days,
                m.starts_at
            );
        }
        let mut offsets: Vec<i32> = all.iter().map(|r| r.offset_days).collect();
        offsets.sort_unstable();
        offsets.dedup();
        assert_eq!(offsets, vec![1, 7]);
    }
    assert_eq!(at("2030-03-05 12:00"), seven_local(d(2030, 3, 5)));
}

/// A program year around today (whatever today is), with Alder admitted, and a facilitator.
fn around_today(app: &TestApp) -> (District, i32) {
    let today = fixtures::today(NY);
    let y = fixtures::year(
        app,
        "around",
        today - TimeDelta::days(30),
        today + TimeDelta::days(60),
    );
    let alder = fixtures::admit(app, &y, "Alder");
    (
        alder,
        app.person(GlobalRole::Facilitator, "fac@example.org").id,
    )
}

/// A tune-up starting `ahead` from now (to the minute), run by `fac`.
fn tune_up_in(app: &TestApp, district: &District, fac: i32, ahead: TimeDelta) -> Meeting {
    let start = (pdsa::models::now() + ahead)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let s = at(&start);
    let local = s.and_utc().with_timezone(&NY).date_naive();
    fixtures::tune_up(app, district.id, s, local, vec![fac])
}

#[actix_web::test]
async fn a_late_creation_sends_only_the_latest_passed_offset_at_once_and_nothing_once_begun() {
    let app = TestApp::new();
    let (alder, fac) = around_today(&app);
    let before = pdsa::models::now();
    let three_days = tune_up_in(&app, &alder, fac, TimeDelta::days(3));
    let half_day = tune_up_in(&app, &alder, fac, TimeDelta::hours(12));
    let begun = tune_up_in(&app, &alder, fac, TimeDelta::hours(-1));
    let after = pdsa::models::now();
    let now_ish = |t: NaiveDateTime| before <= t && t <= after;

    let three = rows(&app, SubjectType::Meeting, three_days.id);
    assert_eq!(three.len(), 2, "{three:#?}");
    assert_eq!((three[0].offset_days, three[1].offset_days), (7, 1));
    assert!(
        now_ish(three[0].due_at),
        "the passed 7-day one goes at once"
    );
    let day_before = three_days
        .starts_at
        .and_utc()
        .with_timezone(&NY)
        .date_naive()
        - TimeDelta::days(1);
    assert_eq!(three[1].due_at, seven_local(day_before));
    assert!(three[1].due_at > after);

    let half = rows(&app, SubjectType::Meeting, half_day.id);
    assert_eq!(half.len(), 1, "only the latest passed offset: {half:#?}");
    assert_eq!(half[0].offset_days, 1);
    assert!(now_ish(half[0].due_at));

    assert!(rows(&app, SubjectType::Meeting, begun.id).is_empty());
    let (cancelled, told) = Meeting::cancel(
        &mut app.conn(),
        &pdsa::models::audit::AuditActor::system("test"),
        begun.id,
        begun.version,
        after,
    )
    .unwrap();
    assert_eq!(told, 0, "nobody is told about a meeting that has begun");
    assert!(cancelled.cancelled_at.is_some());
    assert!(rows(&app, SubjectType::Meeting, begun.id).is_empty());
}

#[actix_web::test]
async fn the_same_rows_are_never_queued_twice() {
    let app = TestApp::new();
    let w = World::new(&app);
    let m = w.tune_up(&app, "2030-03-12 15:00");
    let first = rows(&app, SubjectType::Meeting, m.id);
    assert_eq!(first.len(), 6);
    let again: Vec<NewMail> = first
        .iter()
        .map(|r| {
            let subject = (SubjectType::Meeting, r.subject_id, r.revision);
            let mut row = NewMail::new(r.mail_kind(), subject, r.person_id, r.due_at, r.expires_at);
            row.offset_days = r.offset_days;
            row
        })
        .collect();
    let c = &mut app.conn();
    assert_eq!(ob::enqueue(c, &again).unwrap(), 0);
    assert_eq!(
        queue::meeting_created(c, &m, pdsa::models::now()).unwrap(),
        0
    );
    assert_eq!(rows(&app, SubjectType::Meeting, m.id).len(), first.len());
}
