//! Unit tests of `mail::compose`: every template renders from its context,
//! HTML is escaped and plain text is not, and the MIME layout is right.

use super::*;
use crate::mail::context::*;
use crate::mail::ics::{self, CalendarEvent, Parties};
use chrono::NaiveDate;
use std::path::Path;

fn templates() -> EmailTemplates {
    EmailTemplates::load(&Assets::BuiltIn).unwrap()
}

fn chrome(unsubscribe: bool) -> Chrome {
    Chrome {
        collective_name: "Learning & Leading".into(),
        site_url: "https://pdsa.example.org".into(),
        recipient_name: "Ana Ruiz".into(),
        profile_url: "https://pdsa.example.org/profile".into(),
        unsubscribe_url: unsubscribe.then(|| "https://pdsa.example.org/unsubscribe/tok".into()),
    }
}

fn event(title: &str) -> EventSummary {
    EventSummary {
        kind_label: "Tune-up".into(),
        title: title.into(),
        when: "Wed 14 Oct 2026, 09:00–11:00 EDT".into(),
        place: None,
        video_url: Some("https://meet.example.org/abc".into()),
        page_url: "https://pdsa.example.org/meetings/5".into(),
    }
}

fn tune_up_reminder(title: &str) -> ReminderEmail {
    ReminderEmail {
        chrome: chrome(true),
        event: event(title),
        lead: "tomorrow".into(),
        district: Some(DistrictPrep {
            team_name: "Riverside".into(),
            open_cycles: vec![CycleItem {
                title: "Turn & talk in grade 4".into(),
                status: "Do".into(),
                url: "https://pdsa.example.org/cycles/9".into(),
            }],
            open_actions: vec![ActionItem {
                text: "Share the rubric".into(),
                owner: Some("Sam".into()),
                due: None,
            }],
            unobserved_classrooms: vec!["4B".into(), "5A".into()],
            last_meeting: Some("Tue 15 Sep 2026".into()),
        }),
        convening: None,
    }
}

fn convening_reminder() -> ReminderEmail {
    ReminderEmail {
        district: None,
        convening: Some(ConveningPrep {
            host_name: "Riverside".into(),
            breakfast: Some("08:30".into()),
            agenda: vec![AgendaLine {
                time: "09:00".into(),
                minutes: 45,
                title: "New learning: discourse".into(),
            }],
            readings: vec![ReadingLine {
                title: "Chapter 3".into(),
                url: None,
                note: Some("bring the handout".into()),
            }],
        }),
        ..tune_up_reminder("Convening 2")
    }
}

#[test]
fn a_tune_up_reminder_lists_what_to_bring() {
    let r = templates()
        .render(&tune_up_reminder("Tune-up with Riverside"))
        .unwrap();
    assert_eq!(
        r.subject,
        "Reminder: Tune-up with Riverside tomorrow, Wed 14 Oct 2026, 09:00–11:00 EDT"
    );
    for part in [&r.text, &r.html] {
        assert!(part.contains("Hello Ana Ruiz"), "{part}");
        assert!(part.contains("https://meet.example.org/abc"));
        assert!(part.contains("Bring your latest results"));
        assert!(part.contains("4B") && part.contains("5A"));
        assert!(part.contains("Share the rubric (Sam)"));
        assert!(part.contains("https://pdsa.example.org/unsubscribe/tok"));
    }
    assert!(r.text.contains("- Turn & talk in grade 4 (Do)"));
    assert!(r.html.contains("Turn &amp; talk in grade 4"));
    assert!(!r.text.contains("Agenda"));
}

#[test]
fn a_convening_reminder_has_the_outline_and_readings() {
    let r = templates().render(&convening_reminder()).unwrap();
    assert!(r.text.contains("Breakfast from 08:30"));
    assert!(r.text.contains("- 09:00 New learning: discourse (45 min)"));
    assert!(r.text.contains("- Chapter 3 (bring the handout)"));
    assert!(!r.text.contains("Open cycles"));
}

#[test]
fn html_is_escaped_and_text_and_subject_are_not() {
    let r = templates()
        .render(&tune_up_reminder("<script>alert(1)</script> & more"))
        .unwrap();
    assert!(!r.html.contains("<script>"));
    assert!(
        r.html
            .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more")
    );
    assert!(r.text.contains("<script>alert(1)</script> & more"));
    assert!(r.subject.contains("& more"));
    assert!(r.text.contains("Learning & Leading"));
}

#[test]
fn subjects_are_one_line_even_with_newlines_in_values() {
    let r = templates()
        .render(&tune_up_reminder("Tune-up\r\nBcc: evil@example.org"))
        .unwrap();
    assert!(!r.subject.contains('\n') && !r.subject.contains('\r'));
    assert!(
        r.subject
            .starts_with("Reminder: Tune-up Bcc: evil@example.org tomorrow")
    );
}

#[test]
fn text_has_no_runs_of_blank_lines() {
    let r = templates().render(&convening_reminder()).unwrap();
    assert!(!r.text.contains("\n\n\n"), "{}", r.text);
    assert!(r.text.ends_with('\n') && !r.text.ends_with("\n\n"));
    assert!(r.text.lines().all(|l| l == l.trim_end()));
}

#[test]
fn every_other_message_renders() {
    let t = templates();
    let updated = UpdatedEmail {
        chrome: chrome(false),
        event: event("Tune-up with Riverside"),
        previous_when: Some("Tue 13 Oct 2026, 09:00–11:00 EDT".into()),
        changes: vec!["Place: Room 4 → Library".into()],
    };
    let r = t.render(&updated).unwrap();
    assert!(
        r.subject
            .starts_with("Changed: Tune-up with Riverside, now Wed 14 Oct")
    );
    assert!(r.text.contains("It was: Tue 13 Oct") && r.text.contains("- Place: Room 4 → Library"));
    assert!(!r.text.contains("Stop reminders"));

    let cancelled = CancelledEmail {
        chrome: chrome(false),
        event: event("Tune-up with Riverside"),
        note: Some("Snow day".into()),
    };
    let r = t.render(&cancelled).unwrap();
    assert!(r.subject.starts_with("Cancelled: Tune-up with Riverside"));
    assert!(r.text.contains("is cancelled") && r.html.contains("Snow day"));

    let host = HostNoteEmail {
        chrome: chrome(false),
        event: event("Convening 2"),
        host_name: "Riverside".into(),
        count: HeadCount::new(18, 5),
    };
    let r = t.render(&host).unwrap();
    assert_eq!(
        r.subject,
        "Hosting Convening 2: 18 attending, 5 not answered yet"
    );
    assert!(r.text.contains("at most:            23"));
}

#[test]
fn account_messages_state_the_link_lifetime() {
    let t = templates();
    let invite = InvitationEmail {
        chrome: chrome(false),
        invited_by: "Dana Director".into(),
        role_label: "Member".into(),
        set_password_url: "https://pdsa.example.org/password/set/abc".into(),
        valid_for: duration_text(crate::domain::reminder::INVITATION_VALID),
        expires: "Wed 21 Oct 2026, 09:00 EDT".into(),
    };
    let r = t.render(&invite).unwrap();
    assert!(
        r.subject
            .starts_with("Dana Director invited you to Learning & Leading")
    );
    assert!(r.text.contains("works once and for 7 days"));
    assert!(r.html.contains("https://pdsa.example.org/password/set/abc"));

    let reset = PasswordResetEmail {
        chrome: chrome(false),
        reset_url: "https://pdsa.example.org/password/reset/xyz".into(),
        valid_for: duration_text(crate::domain::reminder::RESET_VALID),
        expires: "Wed 14 Oct 2026, 10:00 EDT".into(),
    };
    let r = t.render(&reset).unwrap();
    assert!(r.text.contains("works once and for 1 hour"));
    assert!(
        r.text
            .contains("https://pdsa.example.org/password/reset/xyz")
    );
}

fn from_dir(dir: &Path) -> Result<EmailTemplates, ComposeError> {
    EmailTemplates::load(&Assets::Dir(dir.to_path_buf()))
}

#[test]
fn a_missing_template_folder_is_a_template_error() {
    let err = from_dir(Path::new("/no/such/dir")).unwrap_err();
    assert!(matches!(err, ComposeError::Template(_)));
    assert!(
        err.to_string().contains("/no/such/dir/templates/emails"),
        "{err}"
    );
}

#[test]
fn an_incomplete_template_folder_is_refused_at_load() {
    let dir = tempfile::tempdir().unwrap();
    let emails = dir.path().join("templates/emails");
    std::fs::create_dir_all(emails.join("reminder")).unwrap();
    std::fs::write(emails.join("reminder/subject.hbs"), "Hi").unwrap();
    let err = from_dir(dir.path()).unwrap_err();
    assert!(err.to_string().contains("reminder/text"), "{err}");
}

#[test]
fn an_asset_folder_replaces_the_built_in_email_templates() {
    let dir = tempfile::tempdir().unwrap();
    let emails = dir.path().join("templates/emails");
    for name in MESSAGES {
        std::fs::create_dir_all(emails.join(name)).unwrap();
        for part in PARTS {
            std::fs::write(emails.join(format!("{name}/{part}.hbs")), "x").unwrap();
        }
    }
    std::fs::write(
        emails.join("reminder/subject.hbs"),
        "Edited {{event.title}}",
    )
    .unwrap();
    let r = from_dir(dir.path())
        .unwrap()
        .render(&convening_reminder())
        .unwrap();
    assert!(r.subject.starts_with("Edited "), "{}", r.subject);
}

#[test]
fn every_context_has_a_checked_template_folder() {
    for name in [
        ReminderEmail::TEMPLATE,
        UpdatedEmail::TEMPLATE,
        CancelledEmail::TEMPLATE,
        HostNoteEmail::TEMPLATE,
        InvitationEmail::TEMPLATE,
        PasswordResetEmail::TEMPLATE,
    ] {
        assert!(MESSAGES.contains(&name), "{name}");
    }
}

#[test]
fn bad_addresses_are_permanent_compose_errors() {
    let err = mailbox("Ana", "not an address").unwrap_err();
    assert!(matches!(err, ComposeError::Address(_)));
    let send: SendError = err.into();
    assert!(!send.is_temporary());
    assert!(mailbox("", "ana@example.org").unwrap().name.is_none());
}

fn outgoing(calendar: Option<CalendarPart>, unsubscribe: bool) -> Outgoing {
    Outgoing {
        from: mailbox("Learning & Leading", "noreply@pdsa.example.org").unwrap(),
        to: mailbox("Ana Ruiz", "ana@example.org").unwrap(),
        message_id: message_id(42, "pdsa.example.org"),
        unsubscribe_url: unsubscribe.then(|| "https://pdsa.example.org/unsubscribe/tok".into()),
        calendar,
    }
}

fn calendar(method: ics::Method) -> CalendarPart {
    let at = |h| {
        NaiveDate::from_ymd_opt(2026, 10, 14)
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
        description: String::new(),
        location: None,
        url: Some("https://meet.example.org/abc".into()),
        cancelled: false,
    };
    let parties = Parties {
        organizer_name: "Learning & Leading".into(),
        organizer_email: "noreply@pdsa.example.org".into(),
        attendee_name: "Ana Ruiz".into(),
        attendee_email: "ana@example.org".into(),
    };
    CalendarPart {
        method,
        text: ics::invite(&event, method, &parties, at(9).and_utc()),
    }
}

#[test]
fn a_plain_message_is_multipart_alternative_with_a_stable_id() {
    let message = build(&outgoing(None, false), rendered()).unwrap();
    let raw = String::from_utf8(message.formatted()).unwrap();
    assert!(raw.contains("Message-ID: <outbox-42@pdsa.example.org>\r\n"));
    assert!(raw.contains("Content-Type: multipart/alternative;"));
    assert!(!raw.contains("multipart/mixed"));
    assert!(raw.contains("Content-Type: text/plain; charset=utf-8"));
    assert!(raw.contains("Content-Type: text/html; charset=utf-8"));
    assert!(raw.contains("Auto-Submitted: auto-generated\r\n"));
    assert!(!raw.contains("List-Unsubscribe"));
}

#[test]
fn a_reminder_has_one_click_unsubscribe_and_an_invite() {
    let out = outgoing(Some(calendar(ics::Method::Request)), true);
    let raw = String::from_utf8(build(&out, rendered()).unwrap().formatted()).unwrap();
    assert!(raw.contains("List-Unsubscribe: <https://pdsa.example.org/unsubscribe/tok>\r\n"));
    assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
    assert!(raw.contains("Content-Type: multipart/mixed;"));
    assert!(raw.contains("multipart/alternative;"));
    // The mime crate writes the charset in lower case; both are valid.
    assert!(raw.contains("Content-Type: text/calendar; method=REQUEST; charset=utf-8"));
    assert!(raw.contains("filename=\"invite.ics\""));
}

#[test]
fn compose_renders_and_builds_in_one_step() {
    let t = templates();
    let out = outgoing(Some(calendar(ics::Method::Cancel)), false);
    let ctx = CancelledEmail {
        chrome: chrome(false),
        event: event("Tune-up with Riverside"),
        note: None,
    };
    let raw = String::from_utf8(compose(&t, &ctx, &out).unwrap().formatted()).unwrap();
    assert!(raw.contains("Subject: Cancelled: Tune-up with Riverside"));
    assert!(raw.contains("text/calendar; method=CANCEL"));
}

fn rendered() -> Rendered {
    Rendered {
        subject: "Hello".into(),
        text: "Hi\n".into(),
        html: "<p>Hi</p>".into(),
    }
}
