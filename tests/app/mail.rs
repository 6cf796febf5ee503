//! Mail delivery through a real SMTP server in the test process (mailin-embedded on a free
//! local port): composed messages are received, parsed back as MIME, their invite as
//! iCalendar; failures come back classified (5xx permanent, 4xx and refused temporary).

use crate::smtp::{closed_port, mailer_on, serve, smtp_server};
use mail_parser::{MessageParser, MimeHeaders};
use pdsa::mail::compose::{self, CalendarPart, Outgoing};
use pdsa::mail::context::*;
use pdsa::mail::ics::{self, CalendarEvent, Method, Parties};
use pdsa::mail::{EmailTemplates, Mailer, SendError};
use std::net::TcpListener;
use std::path::Path;

fn reminder(title: &str) -> ReminderEmail {
    ReminderEmail {
        chrome: Chrome {
            collective_name: "Learning Collective".into(),
            site_url: "https://pdsa.example.org".into(),
            recipient_name: "Ana Ruiz".into(),
            profile_url: "https://pdsa.example.org/profile".into(),
            unsubscribe_url: Some("https://pdsa.example.org/unsubscribe/TOKEN123".into()),
        },
        event: EventSummary {
            kind_label: "Tune-up".into(),
            title: title.into(),
            when: "Wed 14 Oct 2026, 09:00–11:00 EDT".into(),
            place: Some("Riverside High, Room 4".into()),
            video_url: None,
            page_url: "https://pdsa.example.org/meetings/5".into(),
        },
        lead: "tomorrow".into(),
        district: Some(DistrictPrep {
            team_name: "Riverside".into(),
            open_cycles: vec![],
            open_actions: vec![],
            unobserved_classrooms: vec!["4B".into()],
            last_meeting: None,
        }),
        convening: None,
    }
}

fn invite(method: Method, to: &str) -> CalendarPart {
    let at = |h| {
        chrono::NaiveDate::from_ymd_opt(2026, 10, 14)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    };
    let event = CalendarEvent {
        uid: ics::event_uid("meeting", 5, "pdsa.example.org"),
        sequence: 2,
        start: at(13),
        end: at(15),
        summary: "Tune-up with Riverside".into(),
        description: "Bring your latest results".into(),
        location: Some("Riverside High, Room 4".into()),
        url: None,
        cancelled: method == Method::Cancel,
    };
    let parties = Parties {
        organizer_name: "Learning Collective".into(),
        organizer_email: "noreply@pdsa.example.org".into(),
        attendee_name: "Ana Ruiz".into(),
        attendee_email: to.into(),
    };
    CalendarPart {
        method,
        text: ics::invite(&event, method, &parties, at(9).and_utc()),
    }
}

/// The reminder for outbox row 42, as the worker would build it.
fn composed(title: &str, to: &str) -> lettre::Message {
    let out = Outgoing {
        from: compose::mailbox("Learning Collective", "noreply@pdsa.example.org").unwrap(),
        to: compose::mailbox("Ana Ruiz", to).unwrap(),
        message_id: compose::message_id(42, "pdsa.example.org"),
        unsubscribe_url: Some("https://pdsa.example.org/unsubscribe/TOKEN123".into()),
        calendar: Some(invite(Method::Request, to)),
    };
    let templates = EmailTemplates::load(&pdsa::assets::Assets::BuiltIn).unwrap();
    compose::compose(&templates, &reminder(title), &out).unwrap()
}

#[test]
fn a_reminder_arrives_as_multipart_with_unsubscribe_headers_and_an_invite() {
    let (mailer, received) = smtp_server(&[]);
    let title = "Tune-up <script>alert(1)</script>";
    mailer.send(&composed(title, "ana@example.org")).unwrap();

    let got = received.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].to, vec!["ana@example.org".to_string()]);
    let msg = MessageParser::default().parse(&got[0].raw).unwrap();
    assert_eq!(msg.message_id(), Some("outbox-42@pdsa.example.org"));
    assert!(
        msg.subject()
            .unwrap()
            .starts_with("Reminder: Tune-up <script>")
    );
    assert!(msg.is_content_type("multipart", "mixed"));
    let unsubscribe = msg.header_raw("List-Unsubscribe").unwrap().trim();
    assert_eq!(
        unsubscribe,
        "<https://pdsa.example.org/unsubscribe/TOKEN123>"
    );
    let post = msg.header_raw("List-Unsubscribe-Post").unwrap().trim();
    assert_eq!(post, "List-Unsubscribe=One-Click");

    let alternative = msg
        .parts
        .iter()
        .filter(|p| p.is_content_type("multipart", "alternative"));
    assert_eq!(alternative.count(), 1);
    let text = msg.body_text(0).unwrap();
    assert!(text.contains(title) && text.contains("Bring your latest results"));
    let html = msg.body_html(0).unwrap();
    assert!(!html.contains("<script>"));
    assert!(html.contains("Tune-up &lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn the_received_invite_parses_as_icalendar() {
    let (mailer, received) = smtp_server(&[]);
    mailer
        .send(&composed("Tune-up", "ana@example.org"))
        .unwrap();
    let raw = received.lock().unwrap()[0].raw.clone();
    let msg = MessageParser::default().parse(&raw).unwrap();

    assert_eq!(msg.attachment_count(), 1);
    let part = msg.attachment(0).unwrap();
    let ctype = part.content_type().unwrap();
    assert_eq!((ctype.ctype(), ctype.subtype()), ("text", Some("calendar")));
    assert_eq!(ctype.attribute("method"), Some("REQUEST"));
    assert_eq!(part.attachment_name(), Some("invite.ics"));

    let text = std::str::from_utf8(part.contents()).unwrap();
    let cal: icalendar::Calendar = text.parse().unwrap();
    assert_eq!(cal.property_value("METHOD"), Some("REQUEST"));
    use icalendar::Component;
    let event = cal.events().next().unwrap();
    assert_eq!(event.get_uid(), Some("meeting-5@pdsa.example.org"));
    assert_eq!(event.get_sequence(), Some(2));
}

#[test]
fn a_resend_carries_the_same_message_id() {
    let (mailer, received) = smtp_server(&[]);
    for _ in 0..2 {
        mailer
            .send(&composed("Tune-up", "ana@example.org"))
            .unwrap();
    }
    let got = received.lock().unwrap().clone();
    let ids: Vec<String> = got
        .iter()
        .map(|r| {
            let msg = MessageParser::default().parse(&r.raw).unwrap();
            msg.message_id().unwrap().to_owned()
        })
        .collect();
    assert_eq!(ids, vec!["outbox-42@pdsa.example.org"; 2]);
}

#[test]
fn a_5xx_is_permanent_with_the_servers_reason() {
    let refuse = [("gone@example.org", 550, "5.1.1 no such user here")];
    let (mailer, received) = smtp_server(&refuse);
    let err = mailer
        .send(&composed("Tune-up", "gone@example.org"))
        .unwrap_err();
    assert!(matches!(err, SendError::Permanent(_)), "{err:?}");
    assert!(err.reason().contains("550"), "{err}");
    assert!(err.reason().contains("no such user here"), "{err}");
    assert!(received.lock().unwrap().is_empty());
    // The same connection pool still delivers to others.
    mailer
        .send(&composed("Tune-up", "ana@example.org"))
        .unwrap();
    assert_eq!(received.lock().unwrap().len(), 1);
}

#[test]
fn a_4xx_is_temporary() {
    let refuse = [("busy@example.org", 451, "4.3.0 try again later")];
    let (mailer, _received) = smtp_server(&refuse);
    let err = mailer
        .send(&composed("Tune-up", "busy@example.org"))
        .unwrap_err();
    assert!(err.is_temporary(), "{err:?}");
    assert!(err.reason().contains("try again later"), "{err}");
}

#[test]
fn a_server_down_is_temporary_and_delivery_works_once_it_is_up() {
    let port = closed_port();
    let mailer = mailer_on(port);
    let err = mailer
        .send(&composed("Tune-up", "ana@example.org"))
        .unwrap_err();
    assert!(err.is_temporary(), "{err:?}");
    assert!(!err.reason().is_empty());

    let received = serve(TcpListener::bind(("127.0.0.1", port)).unwrap(), &[]);
    mailer
        .send(&composed("Tune-up", "ana@example.org"))
        .unwrap();
    assert_eq!(received.lock().unwrap().len(), 1);
}

#[test]
fn without_smtp_url_messages_become_eml_files() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = dir.path().join("data/outbox");
    let mailer = Mailer::from_settings(None, &outbox).unwrap();
    mailer
        .send(&composed("Tune-up", "ana@example.org"))
        .unwrap();

    let files: Vec<_> = std::fs::read_dir(&outbox)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files, vec![outbox.join("outbox-42@pdsa.example.org.eml")]);
    let raw = std::fs::read(&files[0]).unwrap();
    let msg = MessageParser::default().parse(&raw).unwrap();
    assert!(
        msg.subject()
            .unwrap()
            .starts_with("Reminder: Tune-up tomorrow")
    );
    assert_eq!(msg.attachment_count(), 1);
}

#[test]
fn an_unwritable_outbox_folder_is_temporary() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let mailer = Mailer::from_settings(None, &blocker.join("outbox")).unwrap();
    let err = mailer
        .send(&composed("Tune-up", "ana@example.org"))
        .unwrap_err();
    assert!(err.is_temporary(), "{err:?}");
    assert!(err.reason().contains(".eml"), "{err}");
}

#[test]
fn a_bad_smtp_url_is_refused_with_its_name() {
    let err = Mailer::from_settings(Some("smtp//oops"), Path::new("x")).unwrap_err();
    assert!(err.to_string().starts_with("SMTP_URL:"), "{err}");
}
