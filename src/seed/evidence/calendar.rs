//! When the demo's teams visit classrooms and when their cycles run: pure date arithmetic.
//! Rounds of visits are weekly, from mid-September to mid-May (about thirty weeks), skipping
//! Thanksgiving week, the winter break and the spring break; a team visits on its own weekday,
//! and on the next day when that is a convening day (the team is at the convening).

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// The Mondays of the weeks with a round of visits in the program year starting in
/// `start_year`, in order: their index is the week's number in the team's series.
pub fn visit_weeks(start_year: i32) -> Vec<NaiveDate> {
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(start_year, 9, 10),
        NaiveDate::from_ymd_opt(start_year + 1, 5, 15),
    ) else {
        return Vec::new();
    };
    let first = monday_on_or_after(first);
    (0..60)
        .filter_map(|w| first.checked_add_days(Days::new(7 * w)))
        .take_while(|m| *m <= last)
        .filter(|m| !is_holiday_week(*m))
        .collect()
}

/// The first Monday on or after `day`.
fn monday_on_or_after(day: NaiveDate) -> NaiveDate {
    let ahead = (7 - day.weekday().num_days_from_monday()) % 7;
    day + Days::new(u64::from(ahead))
}

/// The Monday of the week of `day`.
pub fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// Thanksgiving week (the fourth Thursday of November), the two weeks of the winter break
/// (22 December to 2 January) and the spring break (the first full week of April).
fn is_holiday_week(monday: NaiveDate) -> bool {
    let thursday = monday + Days::new(3);
    let thanksgiving = thursday.month() == 11
        && thursday.weekday() == Weekday::Thu
        && (22..=28).contains(&thursday.day());
    let winter =
        (monday.month() == 12 && monday.day() >= 19) || monday.month() == 1 && monday.day() == 1;
    let spring = monday.month() == 4 && monday.day() <= 7;
    thanksgiving || winter || spring
}

/// The team's visit day in the week of `monday`: `day` days after it (1 = Tuesday), or the
/// day after when that is a convening day.
pub fn visit_day(monday: NaiveDate, day: u32, busy: &[NaiveDate]) -> NaiveDate {
    let visit = monday + Days::new(u64::from(day.clamp(1, 3)));
    if busy.contains(&visit) {
        visit + Days::new(1)
    } else {
        visit
    }
}

/// A previous-year cycle's planned first and last day: from the Monday of visit week `start`
/// to the Friday of the week `weeks − 1` visit weeks later (a week past the year's last visit
/// week counts on from it).
pub fn previous_span(weeks: &[NaiveDate], start: i64, len: i64) -> Option<(NaiveDate, NaiveDate)> {
    let at = |k: i64| -> Option<NaiveDate> {
        let k = usize::try_from(k).ok()?;
        match weeks.get(k) {
            Some(m) => Some(*m),
            None => {
                let last = weeks.last()?;
                let beyond = u64::try_from(k + 1 - weeks.len()).ok()?;
                last.checked_add_days(Days::new(7 * beyond))
            }
        }
    };
    let first = at(start)?;
    let end = at(start + len.max(1) - 1)? + Days::new(4);
    Some((first, end))
}

/// A current-year cycle's planned first and last day: `start` weeks from the week of the
/// `anchor` (negative: before it), Monday to the Friday `len` weeks on.
pub fn current_span(anchor: NaiveDate, start: i64, len: i64) -> Option<(NaiveDate, NaiveDate)> {
    let monday = monday_of(anchor);
    let first = monday.checked_add_signed(chrono::TimeDelta::weeks(start))?;
    let end = first.checked_add_signed(chrono::TimeDelta::days(7 * len.max(1) - 3))?;
    Some((first, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn about_thirty_weeks_of_visits_every_year() {
        for start in 2020..2040 {
            let weeks = visit_weeks(start);
            assert!((29..=33).contains(&weeks.len()), "{start}: {}", weeks.len());
            assert!(weeks.iter().all(|m| m.weekday() == Weekday::Mon));
            assert!(weeks.windows(2).all(|w| w[0] < w[1]));
            assert!(weeks[0] >= d(start, 9, 10) && weeks[0] <= d(start, 9, 16));
        }
    }

    #[test]
    fn holidays_have_no_visits() {
        let weeks = visit_weeks(2025);
        assert_eq!(weeks.len(), 31);
        assert_eq!(weeks[0], d(2025, 9, 15));
        for skipped in [
            d(2025, 11, 24),
            d(2025, 12, 22),
            d(2025, 12, 29),
            d(2026, 4, 6),
        ] {
            assert!(!weeks.contains(&skipped), "{skipped}");
        }
        for visit in &weeks {
            for day in 1..=3 {
                let v = visit_day(*visit, day, &[]);
                let winter = (v.month() == 12 && v.day() >= 22) || (v.month() == 1 && v.day() <= 2);
                assert!(!winter, "{v}");
            }
        }
    }

    #[test]
    fn a_convening_day_moves_the_visit_to_the_next_day() {
        let monday = d(2026, 9, 14);
        assert_eq!(visit_day(monday, 2, &[]), d(2026, 9, 16));
        assert_eq!(visit_day(monday, 2, &[d(2026, 9, 16)]), d(2026, 9, 17));
    }

    #[test]
    fn cycle_spans_run_monday_to_friday() {
        let weeks = visit_weeks(2025);
        assert_eq!(
            previous_span(&weeks, 14, 3),
            Some((d(2026, 1, 12), d(2026, 1, 30)))
        );
        let (_, end) = previous_span(&weeks, 30, 3).unwrap();
        assert_eq!(end, d(2026, 5, 29), "past the last visit week");
        let anchor = d(2026, 11, 22); // a Sunday
        assert_eq!(
            current_span(anchor, -1, 3),
            Some((d(2026, 11, 9), d(2026, 11, 27)))
        );
        assert_eq!(
            current_span(anchor, 2, 8),
            Some((d(2026, 11, 30), d(2027, 1, 22)))
        );
    }
}
