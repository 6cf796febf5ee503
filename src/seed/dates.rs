//! Where the demo's tune-ups fall: pure date arithmetic, relative to the demo's reference day
//! and the year's convenings. Each district's tune-ups sit between convenings, spread so the
//! districts do not all meet on one day; some districts get one in the coming weeks; none lands
//! on a convening day or a weekend.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// What the dates of one district's tune-ups depend on.
#[derive(Debug, Clone, Copy)]
pub struct TuneUpPlan<'a> {
    /// The demo's reference day ("today" when it was first loaded).
    pub anchor: NaiveDate,
    /// The program year's first and last day.
    pub year: (NaiveDate, NaiveDate),
    /// The year's convening days.
    pub convenings: &'a [NaiveDate],
    /// The district's place in the seed (0-based) and how many districts there are.
    pub index: usize,
    /// How many districts share the gaps between convenings.
    pub districts: usize,
    /// How many tune-ups this district has.
    pub count: usize,
}

/// The district's tune-up days, in order: one per chosen gap between convenings, and for every
/// other district one moved into the coming weeks (when the year still has them).
pub fn tune_up_dates(plan: &TuneUpPlan) -> Vec<NaiveDate> {
    let mut dates = gap_dates(plan);
    if plan.index.is_multiple_of(2)
        && let Some(soon) = coming(plan)
        && let Some(nearest) = dates
            .iter_mut()
            .min_by_key(|d| (**d - soon).num_days().abs())
    {
        *nearest = soon;
    }
    let mut placed: Vec<NaiveDate> = Vec::new();
    for d in dates {
        let busy: Vec<NaiveDate> = plan.convenings.iter().chain(&placed).copied().collect();
        placed.push(settle(d, plan.year, &busy));
    }
    placed.sort();
    placed
}

/// One date inside each chosen gap, at a share of the gap that depends on the district.
fn gap_dates(plan: &TuneUpPlan) -> Vec<NaiveDate> {
    let points = anchors(plan);
    let gaps: Vec<(NaiveDate, NaiveDate)> = points.windows(2).map(|w| (w[0], w[1])).collect();
    if gaps.is_empty() {
        return Vec::new();
    }
    let mut chosen: Vec<usize> = (0..plan.count)
        .map(|n| (n + plan.index) % gaps.len())
        .collect();
    chosen.sort_unstable();
    chosen.dedup();
    chosen
        .into_iter()
        .map(|g| {
            let (a, b) = gaps[g];
            let share = (b - a).num_days().max(0) as u64 * (plan.index as u64 + 1)
                / (plan.districts as u64 + 1);
            a + Days::new(share)
        })
        .collect()
}

/// The convening days, or (before they are set) the mid-quarter days the plan would propose.
fn anchors(plan: &TuneUpPlan) -> Vec<NaiveDate> {
    let mut points = plan.convenings.to_vec();
    if points.len() < 2 {
        points = crate::domain::plan::proposed_dates(plan.year.0, plan.year.1).to_vec();
    }
    points.sort();
    points
}

/// A day one to three weeks after the reference day (counted from the year's start when the
/// year has not begun), or none when the year ends before it.
fn coming(plan: &TuneUpPlan) -> Option<NaiveDate> {
    let lead = Days::new(6 + 5 * plan.index as u64);
    let from = plan.anchor.max(plan.year.0);
    let day = from.checked_add_days(lead)?;
    (day <= plan.year.1).then_some(day)
}

/// The first school day at or after `day` (else before it) inside the year and not busy:
/// tune-ups are held on weekdays outside the winter break, never on a convening day, and a
/// district's are on different days.
pub fn settle(
    day: NaiveDate,
    (first, last): (NaiveDate, NaiveDate),
    busy: &[NaiveDate],
) -> NaiveDate {
    let day = day.clamp(first, last);
    let later = (0..21)
        .filter_map(|k| day.checked_add_days(Days::new(k)))
        .take_while(|d| *d <= last);
    let earlier = (1..21)
        .filter_map(|k| day.checked_sub_days(Days::new(k)))
        .take_while(|d| *d >= first);
    later
        .chain(earlier)
        .find(|d| is_school_day(*d) && !busy.contains(d))
        .unwrap_or(day)
}

/// Monday to Friday, outside the winter break (22 December to 2 January).
fn is_school_day(day: NaiveDate) -> bool {
    let winter_break =
        (day.month() == 12 && day.day() >= 22) || (day.month() == 1 && day.day() <= 2);
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !winter_break
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn year() -> (NaiveDate, NaiveDate) {
        (d(2026, 8, 1), d(2027, 6, 30))
    }

    fn convenings() -> Vec<NaiveDate> {
        vec![
            d(2026, 9, 15),
            d(2026, 12, 8),
            d(2027, 3, 2),
            d(2027, 5, 18),
        ]
    }

    fn plan(
        anchor: NaiveDate,
        convenings: &[NaiveDate],
        index: usize,
        count: usize,
    ) -> TuneUpPlan<'_> {
        TuneUpPlan {
            anchor,
            year: year(),
            convenings,
            index,
            districts: 5,
            count,
        }
    }

    #[test]
    fn tune_ups_fall_between_convenings_on_weekdays() {
        let cs = convenings();
        for index in 0..5 {
            for count in 2..=3 {
                let dates = tune_up_dates(&plan(d(2026, 10, 1), &cs, index, count));
                assert_eq!(dates.len(), count);
                for day in &dates {
                    assert!(is_school_day(*day), "{day}");
                    assert!(!cs.contains(day), "{day}");
                    assert!(*day >= year().0 && *day <= year().1);
                }
                assert!(dates.windows(2).all(|w| w[0] < w[1]));
            }
        }
    }

    #[test]
    fn even_districts_get_one_in_the_coming_weeks() {
        let cs = convenings();
        let today = d(2026, 11, 2);
        let dates = tune_up_dates(&plan(today, &cs, 2, 3));
        assert!(
            dates
                .iter()
                .any(|x| *x > today && (*x - today).num_days() <= 28),
            "{dates:?}"
        );
    }

    #[test]
    fn before_the_year_starts_the_coming_ones_wait_for_it() {
        let cs = convenings();
        let dates = tune_up_dates(&plan(d(2026, 7, 10), &cs, 0, 3));
        assert!(dates.iter().all(|x| *x >= year().0));
        assert!(dates[0] < d(2026, 8, 31), "{dates:?}");
    }

    #[test]
    fn at_the_end_of_the_year_none_falls_outside_it() {
        let cs = convenings();
        for index in 0..5 {
            let dates = tune_up_dates(&plan(d(2027, 6, 27), &cs, index, 3));
            assert!(dates.iter().all(|x| *x <= year().1), "{dates:?}");
        }
    }

    #[test]
    fn without_convenings_the_quarters_stand_in() {
        let dates = tune_up_dates(&plan(d(2026, 10, 1), &[], 1, 2));
        assert_eq!(dates.len(), 2);
    }

    #[test]
    fn settle_skips_weekends_convening_days_and_taken_days() {
        // 2026-09-12 is a Saturday; the Monday is a convening day, the Tuesday is taken.
        let busy = [d(2026, 9, 14), d(2026, 9, 15)];
        assert_eq!(settle(d(2026, 9, 12), year(), &busy), d(2026, 9, 16));
    }

    #[test]
    fn settle_skips_the_winter_break() {
        assert_eq!(settle(d(2026, 12, 31), year(), &[]), d(2027, 1, 4));
    }

    #[test]
    fn settle_steps_back_at_the_end_of_the_year() {
        // 2027-06-26 is a Saturday; the year ends on Wednesday the 30th, which is busy.
        let y = (d(2026, 8, 1), d(2027, 6, 30));
        let busy = [d(2027, 6, 28), d(2027, 6, 29), d(2027, 6, 30)];
        assert_eq!(settle(d(2027, 6, 26), y, &busy), d(2027, 6, 25));
    }
}
