//! Convenings: four in-person days a year, hosted in turn by the member districts.

use chrono::NaiveDate;
use chrono::NaiveTime;

use super::{Violation, hhmm};

/// The most convenings a program year holds (one a quarter).
pub const PER_YEAR: i32 = 4;

/// Builds a time at compile time; the arguments below are all valid, so the
/// midnight fallback never applies (it only keeps this free of panics).
const fn hm(hour: u32, minute: u32) -> NaiveTime {
    match NaiveTime::from_hms_opt(hour, minute, 0) {
        Some(t) => t,
        None => NaiveTime::MIN,
    }
}

/// The times of a convening day, local to the collective's time zone.
/// Default 08:30 / 09:00 / 15:30.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DayTimes {
    /// When breakfast is served: the day (and the agenda) may begin here.
    pub breakfast: NaiveTime,
    /// When the programme starts.
    pub start: NaiveTime,
    /// When the day closes; nothing on the agenda runs past it.
    pub close: NaiveTime,
}

impl Default for DayTimes {
    /// Breakfast 08:30, start 09:00, close 15:30.
    fn default() -> Self {
        Self {
            breakfast: hm(8, 30),
            start: hm(9, 0),
            close: hm(15, 30),
        }
    }
}

/// breakfast ≤ start < close (field "start_time" or "close_time").
pub fn check_day_times(t: &DayTimes) -> Result<(), Violation> {
    if t.start < t.breakfast {
        return Err(Violation::new(
            "start_time",
            format!("must be at or after breakfast ({})", hhmm(t.breakfast)),
        ));
    }
    if t.close <= t.start {
        return Err(Violation::new(
            "close_time",
            format!("must be after the start ({})", hhmm(t.start)),
        ));
    }
    Ok(())
}

/// A convening already in the year (for checks): its id (`None` for the one
/// being created), number, date, host district.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ConveningSlot {
    /// The stored id; `None` while the convening is being created.
    pub id: Option<i32>,
    /// Its place in the year, 1 to 4.
    pub number: i32,
    /// The day it is held.
    pub date: NaiveDate,
    /// The district that hosts it (and pays for the food).
    pub host_district_id: i32,
}

/// Hard rules for saving `c` (new, or an edit of an existing one with the same
/// id) given the year's other convenings (`existing` may include `c`'s old
/// version: the one with the same id is skipped), the year's member district
/// ids, and the year span: number 1–4, at most four a year, number unique
/// within the year (field "number"); date within the program year (field
/// "date"); host is a member district that year, and no district hosts twice
/// in a year while another member has not hosted (field "host_district_id").
pub fn check_convening(
    c: &ConveningSlot,
    existing: &[ConveningSlot],
    members: &[i32],
    year: (NaiveDate, NaiveDate),
) -> Result<(), Violation> {
    let others: Vec<&ConveningSlot> = existing
        .iter()
        .filter(|e| c.id.is_none() || e.id != c.id)
        .collect();
    check_number(c.number, &others)?;
    check_date(c.date, year)?;
    check_host(c.host_district_id, &others, members)
}

/// Number 1–4, fewer than four others, and not already used this year.
fn check_number(number: i32, others: &[&ConveningSlot]) -> Result<(), Violation> {
    if !(1..=PER_YEAR).contains(&number) {
        return Err(Violation::new("number", "must be 1, 2, 3 or 4"));
    }
    if others.len() >= PER_YEAR as usize {
        return Err(Violation::new(
            "number",
            "this year already has four convenings, the most a year holds",
        ));
    }
    match others.iter().find(|o| o.number == number) {
        Some(o) => Err(Violation::new(
            "number",
            format!(
                "convening {number} already exists this year (on {})",
                o.date
            ),
        )),
        None => Ok(()),
    }
}

/// The date lies within the program year, both ends included.
fn check_date(date: NaiveDate, (start, end): (NaiveDate, NaiveDate)) -> Result<(), Violation> {
    if date < start || date > end {
        return Err(Violation::new(
            "date",
            format!("must be within the program year ({start} to {end})"),
        ));
    }
    Ok(())
}

/// The host is a member this year, and does not host a second time while
/// another member has not hosted yet (hosting rotates fairly).
fn check_host(host: i32, others: &[&ConveningSlot], members: &[i32]) -> Result<(), Violation> {
    if !members.contains(&host) {
        return Err(Violation::new(
            "host_district_id",
            "must be a member district of this program year",
        ));
    }
    let has_hosted = |district: i32| others.iter().any(|o| o.host_district_id == district);
    let someone_waiting = members.iter().any(|&m| m != host && !has_hosted(m));
    if has_hosted(host) && someone_waiting {
        return Err(Violation::new(
            "host_district_id",
            "has already hosted this year: hosting rotates, so every member district \
             hosts once before any hosts twice",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn year() -> (NaiveDate, NaiveDate) {
        (d(2026, 8, 1), d(2027, 6, 30))
    }
    const MEMBERS: &[i32] = &[1, 2, 3];

    fn slot(id: Option<i32>, number: i32, date: NaiveDate, host: i32) -> ConveningSlot {
        ConveningSlot {
            id,
            number,
            date,
            host_district_id: host,
        }
    }

    #[test]
    fn default_day_is_0830_0900_1530() {
        let day = DayTimes::default();
        assert_eq!(
            (day.breakfast, day.start, day.close),
            (t(8, 30), t(9, 0), t(15, 30))
        );
        assert_eq!(check_day_times(&day), Ok(()));
    }

    #[test]
    fn start_may_equal_breakfast_but_not_precede_it() {
        let same = DayTimes {
            start: t(8, 30),
            ..DayTimes::default()
        };
        assert_eq!(check_day_times(&same), Ok(()));
        let early = DayTimes {
            start: t(8, 0),
            ..DayTimes::default()
        };
        let v = check_day_times(&early).unwrap_err();
        assert_eq!(
            v,
            Violation::new("start_time", "must be at or after breakfast (08:30)")
        );
    }

    #[test]
    fn close_must_be_after_start() {
        let same = DayTimes {
            close: t(9, 0),
            ..DayTimes::default()
        };
        let v = check_day_times(&same).unwrap_err();
        assert_eq!(
            v,
            Violation::new("close_time", "must be after the start (09:00)")
        );
    }

    #[test]
    fn first_convening_is_accepted() {
        let c = slot(None, 1, d(2026, 10, 14), 1);
        assert_eq!(check_convening(&c, &[], MEMBERS, year()), Ok(()));
    }

    #[test]
    fn number_outside_one_to_four_is_refused() {
        for n in [0, 5, -1] {
            let c = slot(None, n, d(2026, 10, 14), 1);
            assert_eq!(
                check_convening(&c, &[], MEMBERS, year()).unwrap_err().field,
                "number"
            );
        }
    }

    #[test]
    fn taken_number_is_refused_and_names_the_date() {
        let existing = [slot(Some(7), 2, d(2026, 12, 9), 1)];
        let c = slot(None, 2, d(2027, 1, 13), 2);
        let v = check_convening(&c, &existing, MEMBERS, year()).unwrap_err();
        assert_eq!(v.field, "number");
        assert!(v.message.contains("2026-12-09"), "{}", v.message);
    }

    #[test]
    fn fifth_convening_is_refused() {
        let existing: Vec<_> = (1..=4)
            .map(|n| slot(Some(n), n, d(2026, 9, 1), n))
            .collect();
        let c = slot(None, 4, d(2027, 5, 1), 1);
        let v = check_convening(&c, &existing, &[1, 2, 3, 4], year()).unwrap_err();
        assert!(v.message.contains("four convenings"), "{}", v.message);
    }

    #[test]
    fn editing_a_convening_skips_its_old_version() {
        let existing: Vec<_> = (1..=4)
            .map(|n| slot(Some(n), n, d(2026, 9, n as u32), n))
            .collect();
        let moved = slot(Some(4), 4, d(2027, 5, 12), 4);
        assert_eq!(
            check_convening(&moved, &existing, &[1, 2, 3, 4], year()),
            Ok(())
        );
    }

    #[test]
    fn date_on_the_year_bounds_is_accepted_outside_refused() {
        for (date, ok) in [
            (d(2026, 8, 1), true),
            (d(2027, 6, 30), true),
            (d(2026, 7, 31), false),
            (d(2027, 7, 1), false),
        ] {
            let r = check_convening(&slot(None, 1, date, 1), &[], MEMBERS, year());
            assert_eq!(r.is_ok(), ok, "{date}");
            if let Err(v) = r {
                assert_eq!(v.field, "date");
            }
        }
    }

    #[test]
    fn host_must_be_a_member_this_year() {
        let c = slot(None, 1, d(2026, 10, 14), 99);
        let v = check_convening(&c, &[], MEMBERS, year()).unwrap_err();
        assert_eq!(v.field, "host_district_id");
        assert!(v.message.contains("member district"));
    }

    #[test]
    fn hosting_twice_while_another_member_waits_is_refused() {
        let existing = [
            slot(Some(1), 1, d(2026, 10, 14), 1),
            slot(Some(2), 2, d(2026, 12, 9), 2),
        ];
        let c = slot(None, 3, d(2027, 2, 10), 1);
        let v = check_convening(&c, &existing, MEMBERS, year()).unwrap_err();
        assert_eq!(v.field, "host_district_id");
        assert!(v.message.contains("hosts once before any hosts twice"));
    }

    #[test]
    fn hosting_twice_after_everyone_hosted_is_accepted() {
        let existing = [
            slot(Some(1), 1, d(2026, 10, 14), 1),
            slot(Some(2), 2, d(2026, 12, 9), 2),
            slot(Some(3), 3, d(2027, 2, 10), 3),
        ];
        let c = slot(None, 4, d(2027, 4, 21), 1);
        assert_eq!(check_convening(&c, &existing, MEMBERS, year()), Ok(()));
    }

    #[test]
    fn a_lone_member_may_host_every_convening() {
        let existing = [slot(Some(1), 1, d(2026, 10, 14), 1)];
        let c = slot(None, 2, d(2026, 12, 9), 1);
        assert_eq!(check_convening(&c, &existing, &[1], year()), Ok(()));
    }

    #[test]
    fn re_saving_a_hosts_only_convening_does_not_count_as_hosting_twice() {
        let existing = [slot(Some(1), 1, d(2026, 10, 14), 1)];
        let edited = slot(Some(1), 1, d(2026, 10, 21), 1);
        assert_eq!(check_convening(&edited, &existing, MEMBERS, year()), Ok(()));
    }
}
