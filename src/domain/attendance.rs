//! Attendance at convenings and meetings: invitations, answers and who came.

use super::Violation;
use chrono::NaiveDate;

string_enum! {
    /// Where one person stands for one convening or meeting.
    pub enum AttendanceStatus {
        /// Invited, no answer yet.
        Invited => ("invited", "Invited"),
        /// Answered: will come.
        Attending => ("attending", "Attending"),
        /// Answered: will not come.
        NotAttending => ("not_attending", "Not attending"),
        /// Came (recorded by a director on or after the day).
        Attended => ("attended", "Attended"),
        /// Did not come (recorded by a director on or after the day).
        Absent => ("absent", "Absent"),
    }
}

/// Head count for food: (attending, not yet answered = invited). People
/// already marked as attended count as attending, so that recording arrivals
/// at breakfast does not shrink the count the host is paying for.
pub fn head_count(statuses: &[AttendanceStatus]) -> (usize, usize) {
    let count =
        |wanted: &[AttendanceStatus]| statuses.iter().filter(|s| wanted.contains(s)).count();
    (
        count(&[AttendanceStatus::Attending, AttendanceStatus::Attended]),
        count(&[AttendanceStatus::Invited]),
    )
}

/// A member answering for themselves may only choose attending /
/// not_attending (field "status"); attended/absent are recorded by directors.
pub fn check_self_rsvp(status: AttendanceStatus) -> Result<(), Violation> {
    match status {
        AttendanceStatus::Attending | AttendanceStatus::NotAttending => Ok(()),
        _ => Err(Violation::new(
            "status",
            "must be attending or not_attending; attended and absent are recorded by the directors",
        )),
    }
}

/// Answers are for convenings still to come: once the day has begun, the directors record who
/// came (field "status").
pub fn check_rsvp_open(convening_date: NaiveDate, today: NaiveDate) -> Result<(), Violation> {
    if convening_date < today {
        return Err(Violation::new(
            "status",
            "this convening has taken place; the directors record who attended",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::AttendanceStatus::*;
    use super::*;
    use crate::domain::from_serde;

    #[test]
    fn statuses_round_trip() {
        for s in AttendanceStatus::ALL {
            assert_eq!(s.as_str().parse::<AttendanceStatus>(), Ok(*s));
            assert_eq!(from_serde::<AttendanceStatus>(s.as_str()), Ok(*s));
        }
        assert_eq!(NotAttending.as_str(), "not_attending");
        assert_eq!(NotAttending.label(), "Not attending");
    }

    #[test]
    fn head_count_counts_attending_and_unanswered() {
        let statuses = [
            Attending,
            Invited,
            NotAttending,
            Attending,
            Invited,
            Absent,
            Attended,
        ];
        assert_eq!(head_count(&statuses), (3, 2));
    }

    #[test]
    fn head_count_of_nobody_is_zero() {
        assert_eq!(head_count(&[]), (0, 0));
        assert_eq!(head_count(&[NotAttending, Absent]), (0, 0));
    }

    #[test]
    fn members_may_answer_attending_or_not() {
        assert_eq!(check_self_rsvp(Attending), Ok(()));
        assert_eq!(check_self_rsvp(NotAttending), Ok(()));
    }

    #[test]
    fn answers_close_once_the_day_has_passed() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        assert_eq!(
            check_rsvp_open(day, day),
            Ok(()),
            "the day itself is still open"
        );
        assert!(check_rsvp_open(day, day.pred_opt().unwrap()).is_ok());
        assert_eq!(
            check_rsvp_open(day, day.succ_opt().unwrap())
                .unwrap_err()
                .field,
            "status"
        );
    }

    #[test]
    fn members_may_not_record_attendance_or_unanswer() {
        for s in [Attended, Absent, Invited] {
            assert_eq!(check_self_rsvp(s).unwrap_err().field, "status");
        }
    }
}
