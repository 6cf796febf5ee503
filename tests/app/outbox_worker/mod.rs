//! The outbox worker against a real SMTP server in the test process: rows queued straight into
//! the outbox (the queueing code is tested on its own) for meetings, convenings and account
//! links made through the models, sent by `Worker::run_once` or by `pdsa remind` processes.

mod attempts;
mod content;
mod delivery;
mod processes;
mod sender;
mod tls;

use crate::fixtures::{admit, convening, join, team, tune_up, year_starting};
use crate::support::TestApp;
use chrono::{Datelike, NaiveDateTime, TimeDelta};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use pdsa::db::schema::outbox;
use pdsa::domain::reminder::{MailKind, SubjectType};
use pdsa::domain::roles::{GlobalRole, TeamRole};
use pdsa::mail::Mailer;
use pdsa::mail::worker::Worker;
use pdsa::models::collective::Collective;
use pdsa::models::convening::Convening;
use pdsa::models::meeting::Meeting;
use pdsa::models::outbox::{NewMail, OutboxRow, enqueue};
use pdsa::models::person::Person;
use pdsa::models::team::Team;
use pdsa::models::year::ProgramYear;

/// A district team with a member, its senior leader and a facilitator; a tune-up in three days
/// (and one ten days ago), a convening in five, hosted by the district.
pub struct World {
    pub app: TestApp,
    pub year: ProgramYear,
    pub team: Team,
    pub member: Person,
    pub leader: Person,
    pub facilitator: Person,
    pub previous: Meeting,
    pub meeting: Meeting,
    pub convening: Convening,
    pub now: NaiveDateTime,
}

/// The school year holding `now` starts on 1 August.
fn school_year_start(now: NaiveDateTime) -> i32 {
    if now.month() >= 8 {
        now.year()
    } else {
        now.year() - 1
    }
}

/// A meeting `days` from `now` at 15:00 UTC.
fn meeting_in(app: &TestApp, district: i32, now: NaiveDateTime, days: i64, fac: i32) -> Meeting {
    let tz = Collective::get(&mut app.conn()).unwrap().tz();
    let start = (now + TimeDelta::days(days))
        .date()
        .and_hms_opt(15, 0, 0)
        .unwrap();
    let local = start.and_utc().with_timezone(&tz).date_naive();
    tune_up(app, district, start, local, vec![fac])
}

pub fn world() -> World {
    let app = TestApp::new();
    let now = pdsa::models::now();
    let year = year_starting(&app, school_year_start(now));
    let district = admit(&app, &year, "Riverside");
    let team = team(&app, &year, district.id, "Riverside team");
    let member = app.person(GlobalRole::Member, "ana@example.org");
    let leader = app.person(GlobalRole::Member, "lee@example.org");
    let facilitator = app.person(GlobalRole::Facilitator, "fay@example.org");
    join(&app, &team, member.id, TeamRole::Teacher, None);
    join(&app, &team, leader.id, TeamRole::SeniorLeader, None);
    let previous = meeting_in(&app, district.id, now, -10, facilitator.id);
    let meeting = meeting_in(&app, district.id, now, 3, facilitator.id);
    let tz = Collective::get(&mut app.conn()).unwrap().tz();
    let day = (now + TimeDelta::days(5))
        .and_utc()
        .with_timezone(&tz)
        .date_naive();
    let convening = convening(&app, &year, 1, day, district.id);
    clear_outbox(&app);
    World {
        app,
        year,
        team,
        member,
        leader,
        facilitator,
        previous,
        meeting,
        convening,
        now,
    }
}

/// Empties the outbox: what the queueing code added while the world was made is not these
/// tests' business.
pub fn clear_outbox(app: &TestApp) {
    diesel::delete(outbox::table)
        .execute(&mut app.conn())
        .unwrap();
}

/// Runs SQL for set-up the models make awkward (cycles, classrooms, observations).
pub fn sql(app: &TestApp, sql: &str) {
    app.conn().batch_execute(sql).unwrap();
}

/// Queues one row due a minute ago and returns it.
pub fn queue(
    app: &TestApp,
    kind: MailKind,
    subject: (SubjectType, i32, i32),
    person: i32,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> OutboxRow {
    queue_with(
        app,
        NewMail::new(
            kind,
            subject,
            person,
            now - TimeDelta::minutes(1),
            expires_at,
        ),
    )
}

/// Queues a prepared row and returns it.
pub fn queue_with(app: &TestApp, new: NewMail) -> OutboxRow {
    let c = &mut app.conn();
    assert_eq!(enqueue(c, std::slice::from_ref(&new)).unwrap(), 1);
    outbox::table
        .filter(outbox::subject_type.eq(new.subject_type))
        .filter(outbox::subject_id.eq(new.subject_id))
        .filter(outbox::revision.eq(new.revision))
        .filter(outbox::person_id.eq(new.person_id))
        .filter(outbox::kind.eq(new.kind))
        .filter(outbox::offset_days.eq(new.offset_days))
        .select(OutboxRow::as_select())
        .first(c)
        .unwrap()
}

/// The row as stored now.
pub fn reload(app: &TestApp, id: i32) -> OutboxRow {
    pdsa::models::outbox::find(&mut app.conn(), id).unwrap()
}

/// A worker of the test app sending through `mailer`.
pub fn worker(app: &TestApp, mailer: Mailer) -> Worker {
    Worker::new(app.state.pool.clone(), &app.state.config, mailer).unwrap()
}

/// The Message-ID the worker gives a row, without angle brackets (as mail_parser shows it).
pub fn message_id(row_id: i32) -> String {
    format!("outbox-{row_id}@127.0.0.1")
}
