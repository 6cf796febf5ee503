//! Account mail and the pages around the outbox: invitation and password-reset links (single
//! use, expiry, the same words for known and unknown addresses), unsubscribing (GET asks, POST
//! does it, RFC 8058 one-click without a cookie), the reminders checkbox, the calendar feed, and
//! the directors' outbox page with its retry.
//!
//! `links`: invitations and resets; `prefs`: unsubscribing, the reminders checkbox and the
//! calendar feed; `directors`: the directors' page.

mod directors;
mod links;
mod outbox_api;
mod prefs;

use crate::fixtures::{admit, convening, d, join, team, tune_up, year_starting};
use crate::support::{Browser, TestApp};
use actix_web::http::StatusCode;
use chrono::TimeDelta;
use diesel::prelude::*;
use pdsa::db::schema::{account_links, meetings, outbox};
use pdsa::domain::reminder::MailKind;
use pdsa::domain::roles::TeamRole;
use pdsa::models::collective::Collective;
use pdsa::models::outbox::OutboxRow;
use pdsa::models::person::Person;

/// The outbox rows of one kind for a person, oldest first.
fn rows_of(app: &TestApp, person_id: i32, kind: MailKind) -> Vec<OutboxRow> {
    outbox::table
        .filter(outbox::person_id.eq(person_id))
        .filter(outbox::kind.eq(kind.as_str()))
        .order(outbox::id)
        .select(OutboxRow::as_select())
        .load(&mut app.conn())
        .unwrap()
}

fn person_id(app: &TestApp, email: &str) -> i32 {
    Person::find_by_email(&mut app.conn(), email)
        .unwrap()
        .unwrap()
        .id
}

/// Ends every link of the person (as if their time had passed).
fn expire_links(app: &TestApp, person_id: i32) {
    let past = pdsa::models::now() - TimeDelta::minutes(1);
    diesel::update(account_links::table.filter(account_links::person_id.eq(person_id)))
        .set(account_links::expires_at.eq(past))
        .execute(&mut app.conn())
        .unwrap();
}

/// A browser with no session signs in with this password; true when it worked.
async fn can_sign_in<S, B>(svc: &S, email: &str, password: &str) -> bool
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let mut b = Browser::new();
    let page = b
        .post(svc, "/sign-in", &[("email", email), ("password", password)])
        .await;
    page.status == StatusCode::SEE_OTHER
}

const NEW_PASSWORD: &str = "a brand new password";

/// A year (2030-31) with districts Ashford (team: `ma`) and Bramble (team: `mb`), a convening,
/// Ashford's tune-up run by `fac`, a cancelled one of Ashford's, and Bramble's tune-up.
struct Calendar {
    convening: i32,
    ashford: i32,
    ashford_cancelled: i32,
    bramble: i32,
}

fn calendar(app: &TestApp) -> Calendar {
    let tz = Collective::get(&mut app.conn()).unwrap().tz();
    let year = year_starting(app, 2030);
    let (a, b) = (admit(app, &year, "Ashford"), admit(app, &year, "Bramble"));
    let (ta, tb) = (
        team(app, &year, a.id, "A team"),
        team(app, &year, b.id, "B team"),
    );
    join(
        app,
        &ta,
        person_id(app, "ma@example.org"),
        TeamRole::Teacher,
        None,
    );
    join(
        app,
        &tb,
        person_id(app, "mb@example.org"),
        TeamRole::Teacher,
        None,
    );
    let conv = convening(app, &year, 1, d(2030, 10, 8), a.id);
    let at = |day: chrono::NaiveDate| {
        let local = day.and_hms_opt(15, 0, 0).unwrap();
        (
            local.and_local_timezone(tz).earliest().unwrap().naive_utc(),
            day,
        )
    };
    let fac = person_id(app, "fac@example.org");
    let (s, l) = at(d(2030, 10, 15));
    let ashford = tune_up(app, a.id, s, l, vec![fac]).id;
    let (s, l) = at(d(2030, 11, 12));
    let ashford_cancelled = tune_up(app, a.id, s, l, vec![]).id;
    diesel::update(meetings::table.find(ashford_cancelled))
        .set(meetings::cancelled_at.eq(Some(pdsa::models::now())))
        .execute(&mut app.conn())
        .unwrap();
    let (s, l) = at(d(2030, 10, 16));
    let bramble = tune_up(app, b.id, s, l, vec![]).id;
    Calendar {
        convening: conv.id,
        ashford,
        ashford_cancelled,
        bramble,
    }
}
