//! The agenda of a convening day: timed items that fit the day and do not overlap.

use chrono::{NaiveTime, Timelike};

use super::convening::DayTimes;
use super::{Violation, hhmm};

string_enum! {
    /// What an agenda item is, so the day's shape can be seen at a glance.
    pub enum AgendaKind {
        /// Opening of the day.
        Welcome => ("welcome", "Welcome"),
        /// New learning brought by the facilitation team.
        NewLearning => ("new_learning", "New learning"),
        /// Time for each team to plan its next cycles.
        TeamPlanning => ("team_planning", "Team planning time"),
        /// Discussion across teams.
        GroupDiscussion => ("group_discussion", "Group discussion"),
        /// A short break.
        Break => ("break", "Break"),
        /// Lunch (paid for by the host district).
        Lunch => ("lunch", "Lunch"),
        /// Closing reflections and next steps.
        WrapUp => ("wrap_up", "Wrap-up"),
        /// Anything else.
        Other => ("other", "Other"),
    }
}

/// An agenda item as the rules need it: when it starts and how long it lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct AgendaSlot {
    /// The stored id; `None` while the item is being created.
    pub id: Option<i32>,
    /// Start time, local to the collective's time zone.
    pub start: NaiveTime,
    /// Length in minutes.
    pub minutes: i32,
}

/// minutes ≥ 1 (field "minutes"); the item lies inside the day [breakfast,
/// close] (field "start_time" / "minutes"); it does not overlap another item
/// (half-open intervals, so one item may start as another ends; the one with
/// the same id is skipped) (field "start_time", naming the other item's time).
pub fn check_agenda_item(
    day: &DayTimes,
    item: &AgendaSlot,
    others: &[AgendaSlot],
) -> Result<(), Violation> {
    if item.minutes < 1 {
        return Err(Violation::new("minutes", "must be at least 1"));
    }
    check_inside_day(day, item)?;
    let clash = others
        .iter()
        .filter(|o| item.id.is_none() || o.id != item.id)
        .find(|o| overlaps(item, o));
    match clash {
        Some(o) => Err(Violation::new(
            "start_time",
            format!(
                "overlaps the item at {}–{}",
                hhmm(o.start),
                clock(end_secs(o))
            ),
        )),
        None => Ok(()),
    }
}

/// The item starts no earlier than breakfast, before the close, and ends by the close.
fn check_inside_day(day: &DayTimes, item: &AgendaSlot) -> Result<(), Violation> {
    let start = hhmm(item.start);
    if item.start < day.breakfast {
        let message = format!(
            "starts at {start}, before breakfast at {}",
            hhmm(day.breakfast)
        );
        return Err(Violation::new("start_time", message));
    }
    if item.start >= day.close {
        let message = format!(
            "starts at {start}, at or after the close at {}",
            hhmm(day.close)
        );
        return Err(Violation::new("start_time", message));
    }
    let end = end_secs(item);
    if end > secs(day.close) {
        let message = format!(
            "ends at {}, after the close at {}",
            clock(end),
            hhmm(day.close)
        );
        return Err(Violation::new("minutes", message));
    }
    Ok(())
}

/// Whether two items share any minute; empty items share none.
fn overlaps(a: &AgendaSlot, b: &AgendaSlot) -> bool {
    let (a_start, b_start) = (secs(a.start), secs(b.start));
    a.minutes > 0 && b.minutes > 0 && a_start < end_secs(b) && b_start < end_secs(a)
}

/// Seconds since midnight; computed in i64 so that long items do not wrap
/// past midnight the way `NaiveTime` arithmetic does.
fn secs(t: NaiveTime) -> i64 {
    i64::from(t.num_seconds_from_midnight())
}

/// When the item ends, in seconds since midnight (may pass 24:00).
fn end_secs(item: &AgendaSlot) -> i64 {
    secs(item.start) + i64::from(item.minutes.max(0)) * 60
}

/// Seconds since midnight as "HH:MM" (hours may pass 24 for a runaway item).
fn clock(secs: i64) -> String {
    format!("{:02}:{:02}", secs / 3600, secs / 60 % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::from_serde;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn slot(id: Option<i32>, start: NaiveTime, minutes: i32) -> AgendaSlot {
        AgendaSlot { id, start, minutes }
    }

    fn day() -> DayTimes {
        DayTimes::default()
    }

    #[test]
    fn agenda_kinds_round_trip() {
        for kind in AgendaKind::ALL {
            assert_eq!(kind.as_str().parse::<AgendaKind>(), Ok(*kind));
            assert_eq!(from_serde::<AgendaKind>(kind.as_str()), Ok(*kind));
        }
        assert_eq!(AgendaKind::TeamPlanning.as_str(), "team_planning");
        assert!(
            "lunch break"
                .parse::<AgendaKind>()
                .unwrap_err()
                .contains("wrap_up")
        );
    }

    #[test]
    fn item_inside_the_day_is_accepted_including_both_edges() {
        assert_eq!(
            check_agenda_item(&day(), &slot(None, t(8, 30), 30), &[]),
            Ok(())
        );
        assert_eq!(
            check_agenda_item(&day(), &slot(None, t(15, 0), 30), &[]),
            Ok(())
        );
    }

    #[test]
    fn zero_or_negative_minutes_are_refused() {
        for minutes in [0, -15] {
            let v = check_agenda_item(&day(), &slot(None, t(9, 0), minutes), &[]).unwrap_err();
            assert_eq!(v.field, "minutes");
        }
    }

    #[test]
    fn item_before_breakfast_is_refused() {
        let v = check_agenda_item(&day(), &slot(None, t(8, 0), 30), &[]).unwrap_err();
        assert_eq!(
            v,
            Violation::new("start_time", "starts at 08:00, before breakfast at 08:30")
        );
    }

    #[test]
    fn item_starting_at_the_close_is_refused() {
        let v = check_agenda_item(&day(), &slot(None, t(15, 30), 5), &[]).unwrap_err();
        assert_eq!(v.field, "start_time");
    }

    #[test]
    fn item_running_past_the_close_names_its_end() {
        let v = check_agenda_item(&day(), &slot(None, t(15, 0), 45), &[]).unwrap_err();
        assert_eq!(
            v,
            Violation::new("minutes", "ends at 15:45, after the close at 15:30")
        );
    }

    #[test]
    fn item_running_past_midnight_does_not_wrap() {
        let v = check_agenda_item(&day(), &slot(None, t(9, 0), 24 * 60), &[]).unwrap_err();
        assert_eq!(v.message, "ends at 33:00, after the close at 15:30");
    }

    #[test]
    fn overlapping_item_is_refused_naming_the_other() {
        let others = [slot(Some(1), t(10, 0), 30)];
        let v = check_agenda_item(&day(), &slot(None, t(10, 15), 30), &others).unwrap_err();
        assert_eq!(
            v,
            Violation::new("start_time", "overlaps the item at 10:00–10:30")
        );
        let around = check_agenda_item(&day(), &slot(None, t(9, 45), 60), &others);
        assert!(around.is_err());
    }

    #[test]
    fn back_to_back_items_do_not_overlap() {
        let others = [slot(Some(1), t(9, 0), 60), slot(Some(2), t(10, 30), 30)];
        assert_eq!(
            check_agenda_item(&day(), &slot(None, t(10, 0), 30), &others),
            Ok(())
        );
    }

    #[test]
    fn editing_an_item_skips_its_old_version() {
        let others = [slot(Some(1), t(9, 0), 60), slot(Some(2), t(10, 0), 30)];
        let moved = slot(Some(1), t(9, 15), 45);
        assert_eq!(check_agenda_item(&day(), &moved, &others), Ok(()));
        let new = slot(None, t(9, 15), 45);
        assert!(check_agenda_item(&day(), &new, &others).is_err());
    }

    #[test]
    fn empty_stored_items_never_clash() {
        let others = [slot(Some(1), t(10, 0), 0)];
        assert_eq!(
            check_agenda_item(&day(), &slot(None, t(9, 30), 60), &others),
            Ok(())
        );
    }
}
