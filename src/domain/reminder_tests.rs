//! Unit tests of `domain::reminder`: timing in New York (the demo collective's
//! zone) across both 2026 daylight-saving changes, late planning, back-off.

use super::*;
use crate::domain::from_serde;

const NY: Tz = chrono_tz::America::New_York;

/// A UTC instant.
fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

fn send(offset_days: u32, due_at: NaiveDateTime) -> PlannedSend {
    PlannedSend {
        offset_days,
        due_at,
    }
}

fn policy(offsets: &[u32], h: u32, m: u32) -> ReminderPolicy {
    ReminderPolicy {
        offsets_days: offsets.to_vec(),
        send_at: NaiveTime::from_hms_opt(h, m, 0).unwrap(),
    }
}

#[test]
fn default_policy_is_seven_and_one_day_at_seven() {
    let p = ReminderPolicy::default();
    assert_eq!(p.offsets_days, vec![7, 1]);
    assert_eq!(p.send_at, NaiveTime::from_hms_opt(7, 0, 0).unwrap());
}

#[test]
fn seven_and_one_day_before_at_seven_local() {
    // Wed 14 Oct 2026, 09:00 EDT (UTC-4).
    let start = utc(2026, 10, 14, 13, 0);
    let plan = plan_reminders(
        start,
        NY,
        &ReminderPolicy::default(),
        utc(2026, 10, 1, 0, 0),
    );
    assert_eq!(
        plan,
        vec![
            send(7, utc(2026, 10, 7, 11, 0)),
            send(1, utc(2026, 10, 13, 11, 0))
        ]
    );
}

#[test]
fn offsets_count_from_the_local_date_not_the_utc_date() {
    // 22:00 EDT on Wed 14 Oct is already Thu 15 Oct in UTC.
    let start = utc(2026, 10, 15, 2, 0);
    let plan = plan_reminders(
        start,
        NY,
        &ReminderPolicy::default(),
        utc(2026, 10, 1, 0, 0),
    );
    assert_eq!(plan[1], send(1, utc(2026, 10, 13, 11, 0)));
}

#[test]
fn across_the_spring_forward() {
    // DST starts Sun 8 Mar 2026. Event Tue 10 Mar, 10:00 EDT.
    let start = utc(2026, 3, 10, 14, 0);
    let plan = plan_reminders(start, NY, &ReminderPolicy::default(), utc(2026, 2, 1, 0, 0));
    // 3 Mar 07:00 EST (UTC-5), 9 Mar 07:00 EDT (UTC-4).
    assert_eq!(
        plan,
        vec![
            send(7, utc(2026, 3, 3, 12, 0)),
            send(1, utc(2026, 3, 9, 11, 0))
        ]
    );
}

#[test]
fn across_the_fall_back() {
    // DST ends Sun 1 Nov 2026. Event Tue 3 Nov, 09:00 EST.
    let start = utc(2026, 11, 3, 14, 0);
    let plan = plan_reminders(
        start,
        NY,
        &ReminderPolicy::default(),
        utc(2026, 10, 1, 0, 0),
    );
    // 27 Oct 07:00 EDT (UTC-4), 2 Nov 07:00 EST (UTC-5).
    assert_eq!(
        plan,
        vec![
            send(7, utc(2026, 10, 27, 11, 0)),
            send(1, utc(2026, 11, 2, 12, 0))
        ]
    );
}

#[test]
fn a_skipped_local_time_moves_forward_by_the_gap() {
    // 02:30 does not exist on 8 Mar 2026 in New York: 03:30 EDT = 07:30 UTC.
    let local = utc(2026, 3, 8, 2, 30);
    assert_eq!(local_to_utc(NY, local), utc(2026, 3, 8, 7, 30));
    let plan = plan_reminders(
        utc(2026, 3, 9, 14, 0),
        NY,
        &policy(&[1], 2, 30),
        utc(2026, 3, 1, 0, 0),
    );
    assert_eq!(plan, vec![send(1, utc(2026, 3, 8, 7, 30))]);
}

#[test]
fn a_repeated_local_time_takes_the_earlier_instant() {
    // 01:30 happens twice on 1 Nov 2026: first in EDT (05:30 UTC).
    assert_eq!(
        local_to_utc(NY, utc(2026, 11, 1, 1, 30)),
        utc(2026, 11, 1, 5, 30)
    );
}

#[test]
fn late_creation_sends_the_latest_passed_offset_at_once() {
    let start = utc(2026, 10, 14, 13, 0);
    let now = utc(2026, 10, 10, 16, 45);
    let plan = plan_reminders(start, NY, &ReminderPolicy::default(), now);
    assert_eq!(plan, vec![send(7, now), send(1, utc(2026, 10, 13, 11, 0))]);
}

#[test]
fn when_every_offset_has_passed_only_the_last_goes_out() {
    let start = utc(2026, 10, 14, 13, 0);
    let now = utc(2026, 10, 13, 20, 0);
    let plan = plan_reminders(start, NY, &policy(&[14, 7, 3, 1], 7, 0), now);
    assert_eq!(plan, vec![send(1, now)]);
}

#[test]
fn a_send_due_exactly_now_counts_as_passed() {
    let start = utc(2026, 10, 14, 13, 0);
    let now = utc(2026, 10, 7, 11, 0);
    let plan = plan_reminders(start, NY, &ReminderPolicy::default(), now);
    assert_eq!(plan, vec![send(7, now), send(1, utc(2026, 10, 13, 11, 0))]);
}

#[test]
fn nothing_once_the_event_has_begun() {
    let start = utc(2026, 10, 14, 13, 0);
    let p = ReminderPolicy::default();
    assert!(plan_reminders(start, NY, &p, start).is_empty());
    assert!(plan_reminders(start, NY, &p, utc(2026, 10, 20, 0, 0)).is_empty());
}

#[test]
fn offsets_in_any_order_with_duplicates() {
    let start = utc(2026, 10, 14, 13, 0);
    let plan = plan_reminders(
        start,
        NY,
        &policy(&[1, 7, 3, 7], 7, 0),
        utc(2026, 9, 1, 0, 0),
    );
    let offsets: Vec<u32> = plan.iter().map(|s| s.offset_days).collect();
    assert_eq!(offsets, vec![7, 3, 1]);
    assert!(plan.windows(2).all(|w| w[0].due_at < w[1].due_at));
}

#[test]
fn a_same_day_send_after_the_start_is_dropped() {
    // Event at 06:00 EDT: a 0-day reminder at 07:00 would come after it.
    let start = utc(2026, 10, 14, 10, 0);
    let plan = plan_reminders(start, NY, &policy(&[0, 1], 7, 0), utc(2026, 10, 1, 0, 0));
    assert_eq!(plan, vec![send(1, utc(2026, 10, 13, 11, 0))]);
}

#[test]
fn no_offsets_plan_nothing() {
    let start = utc(2026, 10, 14, 13, 0);
    assert!(plan_reminders(start, NY, &policy(&[], 7, 0), utc(2026, 10, 1, 0, 0)).is_empty());
}

#[test]
fn back_off_doubles_from_a_minute_up_to_an_hour() {
    let minutes: Vec<i64> = (0..8).map(|a| retry_delay(a).num_minutes()).collect();
    assert_eq!(minutes, vec![1, 2, 4, 8, 16, 32, 60, 60]);
    assert_eq!(retry_delay(31), RETRY_CAP);
    assert_eq!(retry_delay(u32::MAX), RETRY_CAP);
}

#[test]
fn event_mail_expires_when_the_event_begins() {
    let queued = utc(2026, 10, 1, 0, 0);
    let start = utc(2026, 10, 14, 13, 0);
    for kind in [
        MailKind::Reminder,
        MailKind::Updated,
        MailKind::Cancelled,
        MailKind::HostNote,
    ] {
        assert_eq!(expires_at(kind, queued, Some(start)), start, "{kind:?}");
    }
}

#[test]
fn account_mail_expires_after_a_day() {
    let queued = utc(2026, 10, 1, 9, 0);
    let start = Some(utc(2026, 10, 14, 13, 0));
    assert_eq!(
        expires_at(MailKind::Invitation, queued, start),
        utc(2026, 10, 2, 9, 0)
    );
    assert_eq!(
        expires_at(MailKind::PasswordReset, queued, None),
        utc(2026, 10, 2, 9, 0)
    );
}

#[test]
fn temporary_failures_retry_with_back_off_until_expiry() {
    let now = utc(2026, 10, 13, 11, 0);
    let expires = utc(2026, 10, 13, 12, 0);
    assert_eq!(
        after_temporary_failure(now, 1, expires),
        AfterTemporaryFailure::RetryAt(utc(2026, 10, 13, 11, 1))
    );
    assert_eq!(
        after_temporary_failure(now, 3, expires),
        AfterTemporaryFailure::RetryAt(utc(2026, 10, 13, 11, 4))
    );
    let late = utc(2026, 10, 13, 11, 59);
    assert_eq!(
        after_temporary_failure(late, 1, expires),
        AfterTemporaryFailure::Expire
    );
    assert!(still_worth_sending(late, expires));
    assert!(!still_worth_sending(expires, expires));
}

#[test]
fn only_plain_reminders_honour_opt_out() {
    let honouring: Vec<MailKind> = MailKind::ALL
        .iter()
        .copied()
        .filter(|k| k.honours_opt_out())
        .collect();
    assert_eq!(honouring, vec![MailKind::Reminder]);
    assert!(!MailKind::Invitation.is_about_event());
    assert!(MailKind::HostNote.is_about_event());
}

#[test]
fn mail_kind_values_match_serde() {
    for kind in MailKind::ALL {
        assert_eq!(from_serde::<MailKind>(kind.as_str()).unwrap(), *kind);
        assert_eq!(kind.as_str().parse::<MailKind>().unwrap(), *kind);
    }
    assert!("digest".parse::<MailKind>().is_err());
    for status in OutboxStatus::ALL {
        assert_eq!(
            from_serde::<OutboxStatus>(status.as_str()).unwrap(),
            *status
        );
    }
    for subject in SubjectType::ALL {
        assert_eq!(
            from_serde::<SubjectType>(subject.as_str()).unwrap(),
            *subject
        );
    }
}

#[test]
fn link_lifetimes_match_the_issue() {
    assert_eq!(INVITATION_VALID.num_days(), 7);
    assert_eq!(RESET_VALID.num_minutes(), 60);
}

#[test]
fn offsets_are_checked_and_stored_largest_first() {
    assert_eq!(check_offsets(&[1, 7]).unwrap(), "7,1");
    assert_eq!(check_offsets(&[0]).unwrap(), "0");
    for bad in [
        &[][..],
        &[1, 2, 3, 4, 5, 6][..],
        &[-1][..],
        &[61][..],
        &[7, 7][..],
    ] {
        let v = check_offsets(bad).unwrap_err();
        assert_eq!(v.field, "reminder_offsets_days", "{bad:?}");
    }
    assert!(check_offsets(&[90]).unwrap_err().message.contains("90"));
}
