//! "Plan the year": one convening date per quarter and a fair rotation of hosts.

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// The program year's span cut into four equal parts (the last ends on `end`).
/// Returns (first day, last day) per quarter. A span shorter than four days
/// (which no real year has) gives quarters of one repeated day rather than
/// empty ones; an `end` before `start` is read as `start`.
pub fn quarters(start: NaiveDate, end: NaiveDate) -> [(NaiveDate, NaiveDate); 4] {
    let end = end.max(start);
    let total = days_between(start, end) + 1;
    let at = |offset: u64| add_days(start, offset).min(end);
    let bounds = [0, 1, 2, 3, 4].map(|i| i * total / 4);
    [0, 1, 2, 3].map(|i| {
        let first = at(bounds[i]);
        let last = if i == 3 {
            end
        } else {
            at(bounds[i + 1].saturating_sub(1))
        };
        (first, last.max(first))
    })
}

/// Whole days from `a` to `b` (0 when `b` is not after `a`).
fn days_between(a: NaiveDate, b: NaiveDate) -> u64 {
    u64::try_from((b - a).num_days()).unwrap_or(0)
}

/// `date` plus `days`, saturating at the last representable date.
fn add_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

/// One proposed date per quarter: the middle day of the quarter (the earlier
/// of two middles), moved to the nearest weekday (Mon–Fri) that stays inside
/// the quarter. A quarter with no weekday keeps its middle day.
pub fn proposed_dates(start: NaiveDate, end: NaiveDate) -> [NaiveDate; 4] {
    quarters(start, end).map(|(first, last)| {
        let middle = add_days(first, days_between(first, last) / 2);
        nearest_weekday(middle, first, last)
    })
}

/// The weekday closest to `day` within `[first, last]`, looking earlier first
/// at equal distance; `day` itself when the range holds no weekday.
fn nearest_weekday(day: NaiveDate, first: NaiveDate, last: NaiveDate) -> NaiveDate {
    let span = days_between(first, last);
    (0..=span)
        .flat_map(|d| {
            [
                day.checked_sub_days(Days::new(d)),
                day.checked_add_days(Days::new(d)),
            ]
        })
        .flatten()
        .find(|c| *c >= first && *c <= last && is_weekday(*c))
        .unwrap_or(day)
}

/// Monday to Friday: convenings are held on school days.
fn is_weekday(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// A member district of the year, as the rotation needs it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Member {
    /// The district.
    pub district_id: i32,
    /// Its name; breaks ties between districts that hosted equally long ago.
    pub name: String,
}

/// One earlier hosting of a convening by a district.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Hosting {
    /// The district that hosted.
    pub district_id: i32,
    /// The day of that convening.
    pub date: NaiveDate,
}

/// A proposed convening, for the director to accept or change.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Proposal {
    /// The convening's number in the year, 1 to 4.
    pub number: i32,
    /// The proposed day (mid-quarter, a weekday).
    pub date: NaiveDate,
    /// The proposed host district.
    pub host_district_id: i32,
}

/// Fair rotation: for each convening number 1..=4 not in `taken_numbers` (in
/// order), propose that quarter's date and as host the member who hosted least
/// recently (never hosted first), ties broken by name (then id); after each
/// pick that member's latest hosting becomes the proposed date, so with fewer
/// than four members the rotation wraps around. `history` holds every earlier
/// hosting (earlier years and convenings already set this year). No members →
/// empty vec.
pub fn plan_year(
    start: NaiveDate,
    end: NaiveDate,
    members: &[Member],
    history: &[Hosting],
    taken_numbers: &[i32],
) -> Vec<Proposal> {
    let dates = proposed_dates(start, end);
    let mut latest = latest_hostings(history);
    let mut proposals = Vec::new();
    for (number, date) in (1..).zip(dates) {
        if taken_numbers.contains(&number) {
            continue;
        }
        let Some(host) = least_recent_host(members, &latest) else {
            break;
        };
        let entry = latest.entry(host).or_insert(date);
        *entry = (*entry).max(date);
        proposals.push(Proposal {
            number,
            date,
            host_district_id: host,
        });
    }
    proposals
}

/// Each district's most recent hosting in `history`.
fn latest_hostings(history: &[Hosting]) -> HashMap<i32, NaiveDate> {
    let mut latest: HashMap<i32, NaiveDate> = HashMap::new();
    for h in history {
        let entry = latest.entry(h.district_id).or_insert(h.date);
        *entry = (*entry).max(h.date);
    }
    latest
}

/// The member whose latest hosting is oldest (never hosted sorts first, as
/// `None` < `Some`), then by name ignoring case, then by id for a stable answer.
fn least_recent_host(members: &[Member], latest: &HashMap<i32, NaiveDate>) -> Option<i32> {
    members
        .iter()
        .min_by_key(|m| {
            let last = latest.get(&m.district_id).copied();
            (last, m.name.to_lowercase(), m.district_id)
        })
        .map(|m| m.district_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn member(district_id: i32, name: &str) -> Member {
        Member {
            district_id,
            name: name.into(),
        }
    }

    fn hosting(district_id: i32, date: NaiveDate) -> Hosting {
        Hosting { district_id, date }
    }

    /// Ashford 1, Brook 2, Cedar 3, Dale 4, Elm 5 — ids in alphabetical order.
    fn members(n: usize) -> Vec<Member> {
        ["Ashford", "Brook", "Cedar", "Dale", "Elm"]
            .iter()
            .zip(1..)
            .take(n)
            .map(|(name, id)| member(id, name))
            .collect()
    }

    fn hosts(proposals: &[Proposal]) -> Vec<i32> {
        proposals.iter().map(|p| p.host_district_id).collect()
    }

    fn plan(members: &[Member], history: &[Hosting], taken: &[i32]) -> Vec<Proposal> {
        plan_year(d(2026, 8, 1), d(2027, 6, 30), members, history, taken)
    }

    #[test]
    fn quarters_cover_the_year_without_gaps() {
        let q = quarters(d(2026, 8, 1), d(2027, 6, 30));
        assert_eq!(q[0], (d(2026, 8, 1), d(2026, 10, 22)));
        assert_eq!(q[3].1, d(2027, 6, 30));
        for pair in q.windows(2) {
            assert_eq!(pair[0].1.succ_opt(), Some(pair[1].0));
        }
    }

    #[test]
    fn quarters_of_a_tiny_or_reversed_span_stay_inside_it() {
        let day = d(2026, 8, 1);
        assert_eq!(quarters(day, day), [(day, day); 4]);
        assert_eq!(quarters(day, d(2026, 7, 1)), [(day, day); 4]);
        let two = quarters(day, d(2026, 8, 2));
        assert!(two.iter().all(|(a, b)| a <= b && *b <= d(2026, 8, 2)));
        assert_eq!(two[3].1, d(2026, 8, 2));
    }

    #[test]
    fn proposed_dates_are_mid_quarter_weekdays() {
        let dates = proposed_dates(d(2026, 8, 1), d(2027, 6, 30));
        let quarters = quarters(d(2026, 8, 1), d(2027, 6, 30));
        for (date, (first, last)) in dates.iter().zip(quarters) {
            assert!(is_weekday(*date), "{date}");
            assert!(*date >= first && *date <= last);
        }
        // 334 days in quarters of 83, 84, 83 and 84 days; each middle day is already a weekday.
        assert_eq!(
            dates,
            [
                d(2026, 9, 11),
                d(2026, 12, 3),
                d(2027, 2, 25),
                d(2027, 5, 19)
            ]
        );
    }

    #[test]
    fn proposed_dates_on_a_weekend_move_to_the_nearest_weekday() {
        // Quarters of four days from Thu 09-10: the third (Fri 18 – Mon 21) has its middle
        // on Saturday the 19th, and Friday is nearer than Monday.
        let dates = proposed_dates(d(2026, 9, 10), d(2026, 9, 25));
        assert_eq!(
            dates,
            [
                d(2026, 9, 11),
                d(2026, 9, 15),
                d(2026, 9, 18),
                d(2026, 9, 23)
            ]
        );
        // From Sat 09-12: the first quarter (Sat 12 – Tue 15) has its middle on Sunday the
        // 13th; Saturday is outside the week, so Monday the 14th.
        let dates = proposed_dates(d(2026, 9, 12), d(2026, 9, 27));
        assert_eq!(
            dates,
            [
                d(2026, 9, 14),
                d(2026, 9, 17),
                d(2026, 9, 21),
                d(2026, 9, 25)
            ]
        );
    }

    #[test]
    fn nearest_weekday_moves_saturday_back_and_sunday_forward() {
        let (first, last) = (d(2026, 9, 1), d(2026, 9, 30));
        assert_eq!(nearest_weekday(d(2026, 9, 12), first, last), d(2026, 9, 11));
        assert_eq!(nearest_weekday(d(2026, 9, 13), first, last), d(2026, 9, 14));
        assert_eq!(nearest_weekday(d(2026, 9, 15), first, last), d(2026, 9, 15));
    }

    #[test]
    fn nearest_weekday_stays_inside_the_quarter() {
        // Saturday the 12th, with the quarter starting that day: Friday is outside.
        assert_eq!(
            nearest_weekday(d(2026, 9, 12), d(2026, 9, 12), d(2026, 9, 20)),
            d(2026, 9, 14)
        );
        // A weekend-only range keeps the middle day.
        let sat = d(2026, 9, 12);
        assert_eq!(nearest_weekday(sat, sat, d(2026, 9, 13)), sat);
    }

    #[test]
    fn no_history_goes_alphabetically() {
        let shuffled = vec![
            member(4, "dale"),
            member(2, "Brook"),
            member(3, "Cedar"),
            member(1, "Ashford"),
        ];
        let p = plan(&shuffled, &[], &[]);
        assert_eq!(hosts(&p), vec![1, 2, 3, 4]);
        assert_eq!(
            p.iter().map(|p| p.number).collect::<Vec<_>>(),
            vec![1, 2, 3, 4]
        );
        assert_eq!(
            p.iter().map(|p| p.date).collect::<Vec<_>>(),
            proposed_dates(d(2026, 8, 1), d(2027, 6, 30))
        );
    }

    #[test]
    fn equal_names_are_broken_by_id() {
        let twins = vec![member(9, "Lake"), member(3, "Lake")];
        assert_eq!(hosts(&plan(&twins, &[], &[]))[..2], [3, 9]);
    }

    #[test]
    fn a_district_that_never_hosted_goes_first() {
        let history = [
            hosting(1, d(2025, 10, 1)),
            hosting(2, d(2025, 12, 1)),
            hosting(3, d(2026, 2, 1)),
        ];
        assert_eq!(hosts(&plan(&members(4), &history, &[])), vec![4, 1, 2, 3]);
    }

    #[test]
    fn last_years_most_recent_host_goes_last() {
        let history = [
            hosting(1, d(2026, 4, 15)),
            hosting(2, d(2025, 10, 1)),
            hosting(3, d(2025, 12, 1)),
            hosting(4, d(2026, 2, 1)),
        ];
        assert_eq!(hosts(&plan(&members(4), &history, &[])), vec![2, 3, 4, 1]);
    }

    #[test]
    fn fewer_than_four_members_wrap_around_fairly() {
        let p = plan(&members(3), &[], &[]);
        assert_eq!(hosts(&p), vec![1, 2, 3, 1]);
        let two = plan(&members(2), &[hosting(1, d(2026, 5, 1))], &[]);
        assert_eq!(hosts(&two), vec![2, 1, 2, 1]);
    }

    #[test]
    fn with_five_members_the_most_recent_host_is_left_out() {
        let history = [
            hosting(1, d(2025, 10, 1)),
            hosting(2, d(2026, 4, 20)),
            hosting(3, d(2025, 12, 1)),
            hosting(4, d(2026, 2, 1)),
            hosting(5, d(2024, 10, 1)),
        ];
        assert_eq!(hosts(&plan(&members(5), &history, &[])), vec![5, 1, 3, 4]);
    }

    #[test]
    fn taken_numbers_are_skipped_and_their_hosts_counted() {
        // Convening 1 is already set this year, hosted by Ashford.
        let history = [hosting(1, d(2026, 10, 7))];
        let p = plan(&members(4), &history, &[1]);
        assert_eq!(
            p.iter().map(|p| p.number).collect::<Vec<_>>(),
            vec![2, 3, 4]
        );
        assert_eq!(hosts(&p), vec![2, 3, 4]);
    }

    #[test]
    fn a_later_convening_already_set_keeps_its_host_last() {
        // Convening 3 is set in February, hosted by Brook; Brook should not also get 1, 2 or 4.
        let history = [hosting(2, d(2027, 2, 10))];
        let p = plan(&members(3), &history, &[3]);
        assert_eq!(
            p.iter().map(|p| p.number).collect::<Vec<_>>(),
            vec![1, 2, 4]
        );
        assert_eq!(hosts(&p), vec![1, 3, 1]);
    }

    #[test]
    fn all_numbers_taken_or_no_members_propose_nothing() {
        assert!(plan(&members(4), &[], &[1, 2, 3, 4]).is_empty());
        assert!(plan(&[], &[], &[]).is_empty());
    }
}
