//! The From header: built as a mailbox with a quoted display name, so that a collective named
//! with a comma, parentheses and a colon still gets its password resets out.

use super::*;
use crate::smtp::smtp_server;
use crate::support::Browser;
use actix_web::http::StatusCode;
use mail_parser::MessageParser;

const NAME: &str = "Smith, Jones (North): Collective";

#[actix_web::test]
async fn a_password_reset_goes_out_from_a_collective_with_any_name() {
    let app = TestApp::new();
    let person = app.person(GlobalRole::Member, "nora@example.org");
    {
        let c = &mut app.conn();
        let mut collective = Collective::get(c).unwrap();
        collective.name = NAME.into();
        collective.save(c).unwrap();
    }
    clear_outbox(&app);
    let svc = app.service().await;
    let mut b = Browser::new();
    b.get(&svc, "/password-reset").await;
    let asked = b
        .post(&svc, "/password-reset", &[("email", "nora@example.org")])
        .await;
    assert_eq!(asked.status, StatusCode::OK);

    let (mailer, inbox) = smtp_server(&[]);
    let report = worker(&app, mailer).run_once(pdsa::models::now()).unwrap();
    assert_eq!((report.sent, report.failed), (1, 0), "{report}");
    let got = inbox.lock().unwrap().clone();
    assert_eq!(got[0].to, ["nora@example.org"]);
    let msg = MessageParser::default().parse(&got[0].raw).unwrap();
    let from = msg.from().and_then(|a| a.first()).unwrap();
    assert_eq!(
        (from.name(), from.address()),
        (Some(NAME), Some("noreply@localhost"))
    );
    assert_eq!(
        reload(&app, got_row(&app, person.id)).outbox_status(),
        pdsa::domain::reminder::OutboxStatus::Sent
    );
}

/// The id of the person's one outbox row.
fn got_row(app: &TestApp, person_id: i32) -> i32 {
    outbox::table
        .filter(outbox::person_id.eq(person_id))
        .select(outbox::id)
        .first(&mut app.conn())
        .unwrap()
}
