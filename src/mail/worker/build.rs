//! One outbox row into one message: whether it still goes out, the typed context its template
//! is given (filled from the batch's facts, formatted in the collective's zone at send time), and
//! the calendar part of event mail.

use crate::domain::cycle::CycleStatus;
use crate::domain::meeting::MeetingKind;
use crate::domain::reminder::{
    INVITATION_VALID, MailKind, RESET_VALID, SubjectType, still_worth_sending,
};
use crate::domain::roles::GlobalRole;
use crate::mail::EmailTemplates;
use crate::mail::compose::{self, CalendarPart, ComposeError, Outgoing};
use crate::mail::context::*;
use crate::mail::events::{self, Site};
use crate::mail::ics::{self, CalendarEvent, Method, Parties};
use crate::models::outbox::OutboxRow;
use crate::models::outbox::facts::{ConveningFacts, DistrictFacts, Facts, MeetingFacts, Recipient};
use chrono::NaiveDateTime;
use chrono_tz::Tz;
use lettre::Message;
use lettre::message::Mailbox;

/// What a run needs from the collective, read once per run.
pub(super) struct Run {
    /// Its zone: every time in a message is shown in it.
    pub tz: Tz,
    /// Its name, in headers and as the organizer.
    pub collective_name: String,
    /// The From mailbox.
    pub from: Mailbox,
}

/// What to do with one claimed row.
pub(super) enum Decision {
    /// Send this message.
    Send(Box<Message>),
    /// The person turned reminders off.
    Skip,
    /// Too late, or about an event that was cancelled; the reason.
    Expire(String),
    /// Cannot be built (a bad address, a missing link); the reason.
    Fail(String),
}

/// Everything the builders share for one row.
struct Ctx<'a> {
    templates: &'a EmailTemplates,
    site: &'a Site,
    run: &'a Run,
    row: &'a OutboxRow,
    to: &'a Recipient,
    now: NaiveDateTime,
}

/// The decision for `row` at `now`.
pub(super) fn decide(
    templates: &EmailTemplates,
    site: &Site,
    run: &Run,
    row: &OutboxRow,
    facts: &Facts,
    now: NaiveDateTime,
) -> Decision {
    let kind = row.mail_kind();
    if !still_worth_sending(now, row.expires_at) {
        return Decision::Expire(if kind.is_about_event() {
            "the event began before it could be sent".into()
        } else {
            "not sent within a day of the request".into()
        });
    }
    let Some(to) = facts.people.get(&row.person_id) else {
        return Decision::Fail("the recipient no longer exists".into());
    };
    if !to.active {
        // They left the collective: no mail of any kind, the row stays as the record of it.
        return Decision::Skip;
    }
    let mut unsubscribe = None;
    if kind.honours_opt_out() {
        match facts.prefs.get(&row.person_id) {
            Some(p) if p.reminders_off => return Decision::Skip,
            Some(p) => {
                unsubscribe = Some(site.url(&format!("/unsubscribe/{}", p.unsubscribe_token)))
            }
            None => {}
        }
    }
    let cx = Ctx {
        templates,
        site,
        run,
        row,
        to,
        now,
    };
    let built = match row.subject() {
        SubjectType::Meeting => match facts.meetings.get(&row.subject_id) {
            Some(m) => meeting_mail(&cx, m, unsubscribe),
            None => return Decision::Fail("the meeting no longer exists".into()),
        },
        SubjectType::Convening => match facts.convenings.get(&row.subject_id) {
            Some(c) => convening_mail(&cx, c, unsubscribe),
            None => return Decision::Fail("the convening no longer exists".into()),
        },
        SubjectType::AccountLink => account_mail(&cx, facts),
    };
    match built {
        Ok(Some(message)) => Decision::Send(Box::new(message)),
        Ok(None) => Decision::Expire("the event was cancelled".into()),
        Err(Built::Fail(reason)) => Decision::Fail(reason),
        Err(Built::Compose(e)) => Decision::Fail(e.to_string()),
    }
}

/// Why a row could not become a message.
enum Built {
    /// Something it needs is gone.
    Fail(String),
    /// The template or an address failed.
    Compose(ComposeError),
}

impl From<ComposeError> for Built {
    fn from(e: ComposeError) -> Built {
        Built::Compose(e)
    }
}

/// `Ok(None)`: nothing to send (a reminder or change for a cancelled event).
type Result<T> = std::result::Result<Option<T>, Built>;

impl Ctx<'_> {
    /// Header and footer; the unsubscribe link for reminders only.
    fn chrome(&self, unsubscribe_url: Option<String>) -> Chrome {
        Chrome {
            collective_name: self.run.collective_name.clone(),
            site_url: self.site.base_url.clone(),
            recipient_name: self.to.name.clone(),
            profile_url: self.site.url("/profile"),
            unsubscribe_url,
        }
    }

    /// The envelope; a calendar part for event mail.
    fn outgoing(
        &self,
        unsubscribe_url: Option<String>,
        calendar: Option<CalendarPart>,
    ) -> std::result::Result<Outgoing, ComposeError> {
        Ok(Outgoing {
            from: self.run.from.clone(),
            to: compose::mailbox(&self.to.name, &self.to.email)?,
            message_id: compose::message_id(i64::from(self.row.id), &self.site.host),
            unsubscribe_url,
            calendar,
        })
    }

    /// The invite for `event`: REQUEST, or CANCEL for a cancellation; DTSTAMP is when the row
    /// was queued, so a resend carries the same calendar text.
    fn invite(&self, event: &CalendarEvent) -> CalendarPart {
        let method = match self.row.mail_kind() {
            MailKind::Cancelled => Method::Cancel,
            _ => Method::Request,
        };
        let parties = Parties {
            organizer_name: self.run.collective_name.clone(),
            organizer_email: self.run.from.email.to_string(),
            attendee_name: self.to.name.clone(),
            attendee_email: self.to.email.clone(),
        };
        CalendarPart {
            method,
            text: ics::invite(event, method, &parties, self.row.created_at.and_utc()),
        }
    }

    /// The event as messages show it.
    fn summary(&self, kind_label: &str, e: &CalendarEvent, page: String) -> EventSummary {
        EventSummary {
            kind_label: kind_label.to_owned(),
            title: e.summary.clone(),
            when: when_text(e.start, e.end, self.run.tz),
            place: e.location.clone(),
            video_url: None,
            page_url: page,
        }
    }

    /// Reminder, change or cancellation of an event; a host note when `host` is given.
    fn event_mail(
        &self,
        event: &CalendarEvent,
        summary: EventSummary,
        unsubscribe: Option<String>,
        reminder: impl FnOnce(Chrome, EventSummary, String) -> ReminderEmail,
    ) -> Result<Message> {
        let kind = self.row.mail_kind();
        if event.cancelled && kind != MailKind::Cancelled {
            return Ok(None);
        }
        let calendar = Some(self.invite(event));
        let chrome = self.chrome(unsubscribe.clone());
        let out = self.outgoing(unsubscribe, calendar)?;
        let t = self.templates;
        let message = match kind {
            MailKind::Reminder => {
                let lead = days_until_text(self.now, event.start, self.run.tz);
                compose::compose(t, &reminder(chrome, summary, lead), &out)?
            }
            MailKind::Updated => {
                let restored = self.row.detail == crate::models::outbox::queue::RESTORED;
                let detail = Some(self.row.detail.clone()).filter(|d| !d.is_empty());
                let ctx = UpdatedEmail {
                    chrome,
                    event: summary,
                    previous_when: detail.clone().filter(|_| !restored),
                    changes: detail.filter(|_| restored).into_iter().collect(),
                };
                compose::compose(t, &ctx, &out)?
            }
            MailKind::Cancelled => {
                let ctx = CancelledEmail {
                    chrome,
                    event: summary,
                    note: None,
                };
                compose::compose(t, &ctx, &out)?
            }
            other => return Err(Built::Fail(format!("{} is not event mail", other.as_str()))),
        };
        Ok(Some(message))
    }
}

/// A meeting's reminder, change or cancellation.
fn meeting_mail(cx: &Ctx, m: &MeetingFacts, unsubscribe: Option<String>) -> Result<Message> {
    let event = events::meeting_event(&m.meeting, &m.district_name, cx.site);
    let label = m
        .meeting
        .kind
        .parse::<MeetingKind>()
        .map_or("Meeting", |k| k.label());
    let mut summary = cx.summary(
        label,
        &event,
        cx.site.url(&format!("/meetings/{}", m.meeting.id)),
    );
    if event.location.is_none() && !m.meeting.video_url.is_empty() {
        summary.video_url = Some(m.meeting.video_url.clone());
    }
    let district = m.prep.as_ref().map(|p| district_prep(cx, m, p));
    cx.event_mail(&event, summary, unsubscribe, |chrome, event, lead| {
        ReminderEmail {
            chrome,
            event,
            lead,
            district,
            convening: None,
        }
    })
}

/// What the district team should bring.
fn district_prep(cx: &Ctx, m: &MeetingFacts, p: &DistrictFacts) -> DistrictPrep {
    let tz = cx.run.tz;
    let day = |at: NaiveDateTime| {
        at.and_utc()
            .with_timezone(&tz)
            .format("%a %-d %b %Y")
            .to_string()
    };
    DistrictPrep {
        team_name: if p.team_name.is_empty() {
            m.district_name.clone()
        } else {
            p.team_name.clone()
        },
        open_cycles: p
            .open_cycles
            .iter()
            .map(|c| CycleItem {
                title: c.title.clone(),
                status: c
                    .status
                    .parse::<CycleStatus>()
                    .map_or_else(|_| c.status.clone(), |s| s.label().to_owned()),
                url: cx.site.url(&format!("/cycles/{}", c.id)),
            })
            .collect(),
        open_actions: p
            .open_actions
            .iter()
            .map(|a| ActionItem {
                text: a.description.clone(),
                owner: a.owner.clone(),
                due: a.due_date.map(|d| d.format("%a %-d %b %Y").to_string()),
            })
            .collect(),
        unobserved_classrooms: p.unobserved.clone(),
        last_meeting: p.last_meeting.map(day),
    }
}

/// A convening's reminder, change, cancellation or host note.
fn convening_mail(cx: &Ctx, c: &ConveningFacts, unsubscribe: Option<String>) -> Result<Message> {
    let conv = &c.convening;
    let event = events::convening_event(conv, &c.host_name, cx.run.tz, cx.site);
    let summary = cx.summary(
        "Convening",
        &event,
        cx.site.url(&format!("/convenings/{}", conv.id)),
    );
    if cx.row.mail_kind() == MailKind::HostNote {
        return host_note(cx, c, &event, summary);
    }
    let prep = ConveningPrep {
        host_name: c.host_name.clone(),
        breakfast: Some(conv.breakfast_time.format("%H:%M").to_string()),
        agenda: c
            .agenda
            .iter()
            .map(|a| AgendaLine {
                time: a.start_time.format("%H:%M").to_string(),
                minutes: a.minutes,
                title: a.title.clone(),
            })
            .collect(),
        readings: c
            .readings
            .iter()
            .map(|r| ReadingLine {
                title: r.title.clone(),
                url: r.url.clone(),
                note: r.note.clone(),
            })
            .collect(),
    };
    cx.event_mail(&event, summary, unsubscribe, |chrome, event, lead| {
        ReminderEmail {
            chrome,
            event,
            lead,
            district: None,
            convening: Some(prep),
        }
    })
}

/// The host's head count: no attachment (the host is invited like everyone else).
fn host_note(
    cx: &Ctx,
    c: &ConveningFacts,
    event: &CalendarEvent,
    summary: EventSummary,
) -> Result<Message> {
    if event.cancelled {
        return Ok(None);
    }
    let (attending, not_answered) = c.head_count.unwrap_or_default();
    let ctx = HostNoteEmail {
        chrome: cx.chrome(None),
        event: summary,
        host_name: c.host_name.clone(),
        count: HeadCount::new(attending, not_answered),
    };
    Ok(Some(compose::compose(
        cx.templates,
        &ctx,
        &cx.outgoing(None, None)?,
    )?))
}

/// An invitation or password reset; its link is in the row until the row is final.
fn account_mail(cx: &Ctx, facts: &Facts) -> Result<Message> {
    let gone = || Built::Fail("link no longer available".into());
    let secret = cx.row.secret.as_deref().ok_or_else(gone)?;
    let link = facts.links.get(&cx.row.subject_id).ok_or_else(gone)?;
    let expires = instant_text(link.expires_at, cx.run.tz);
    let out = cx.outgoing(None, None)?;
    let message = match cx.row.mail_kind() {
        MailKind::Invitation => {
            let ctx = InvitationEmail {
                chrome: cx.chrome(None),
                invited_by: Some(cx.row.detail.clone())
                    .filter(|d| !d.trim().is_empty())
                    .unwrap_or_else(|| cx.run.collective_name.clone()),
                role_label: cx
                    .to
                    .role
                    .parse::<GlobalRole>()
                    .map_or_else(|_| cx.to.role.clone(), |r| r.label().to_owned()),
                set_password_url: cx.site.url(&format!("/welcome/{secret}")),
                valid_for: duration_text(INVITATION_VALID),
                expires,
            };
            compose::compose(cx.templates, &ctx, &out)?
        }
        MailKind::PasswordReset => {
            let ctx = PasswordResetEmail {
                chrome: cx.chrome(None),
                reset_url: cx.site.url(&format!("/password-reset/{secret}")),
                valid_for: duration_text(RESET_VALID),
                expires,
            };
            compose::compose(cx.templates, &ctx, &out)?
        }
        other => {
            return Err(Built::Fail(format!(
                "{} is not account mail",
                other.as_str()
            )));
        }
    };
    Ok(Some(message))
}
