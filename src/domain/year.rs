//! Program years: by default 1 August to 30 June, labelled like "2026-27".
//! July lies between two years, when the coming year is being prepared.

use chrono::{Datelike, Months, NaiveDate};

use super::Violation;

/// "2026-27" for a year starting in 2026.
pub fn label_for(start_year: i32) -> String {
    format!("{start_year}-{:02}", (start_year + 1).rem_euclid(100))
}

/// Default span: Aug 1 of `start_year` to Jun 30 of `start_year + 1`.
pub fn default_span(start_year: i32) -> (NaiveDate, NaiveDate) {
    (
        ymd(start_year, 8, 1),
        ymd(start_year.saturating_add(1), 6, 30),
    )
}

/// A calendar date that exists in every year; years beyond chrono's range
/// (hundreds of thousands of years away) saturate instead of panicking.
fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(if year < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

/// The start year of the program year to use on `today`: Aug–Dec → this
/// calendar year; Jan–Jun → the previous one; July (between years) → this
/// calendar year, because in July people prepare the coming year.
pub fn start_year_for(today: NaiveDate) -> i32 {
    if today.month() >= 7 {
        today.year()
    } else {
        today.year() - 1
    }
}

/// The span of the following year: both dates moved one year on (Feb 29 → Feb 28).
pub fn next_span(start: NaiveDate, end: NaiveDate) -> (NaiveDate, NaiveDate) {
    (one_year_on(start), one_year_on(end))
}

/// The same day a year later; chrono clamps Feb 29 to Feb 28, and the last
/// representable date saturates.
fn one_year_on(date: NaiveDate) -> NaiveDate {
    date.checked_add_months(Months::new(12))
        .unwrap_or(NaiveDate::MAX)
}

/// Next label: "2026-27" → "2027-28"; any other label (say "Cohort 3") →
/// `label_for` the year of `next_start`.
pub fn next_label(label: &str, next_start: NaiveDate) -> String {
    match standard_label_start(label) {
        Some(start) => label_for(start + 1),
        None => label_for(next_start.year()),
    }
}

/// The start year of a label of the form "2026-27" (the second part being
/// the year after the first), or `None` for any other label.
fn standard_label_start(label: &str) -> Option<i32> {
    let (first, second) = label.trim().split_once('-')?;
    let all_digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(first, 4) || !all_digits(second, 2) {
        return None;
    }
    let start: i32 = first.parse().ok()?;
    (label_for(start) == label.trim()).then_some(start)
}

/// The longest label a year may have: it heads pages and fills a column of every list.
pub const LABEL_MAX: usize = 40;

/// Validates a year: the label a name (field "label": one line, no control character, at most
/// [`LABEL_MAX`]), end after start (field "end_date").
pub fn check_year(label: &str, start: NaiveDate, end: NaiveDate) -> Result<(), Violation> {
    super::validate::name("label", label, LABEL_MAX)?;
    if end <= start {
        return Err(Violation::new(
            "end_date",
            format!("must be after the start date ({start})"),
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

    #[test]
    fn labels_use_two_digits_for_the_second_year() {
        assert_eq!(label_for(2026), "2026-27");
        assert_eq!(label_for(2009), "2009-10");
        assert_eq!(label_for(2099), "2099-00");
    }

    #[test]
    fn default_span_is_august_to_june() {
        assert_eq!(default_span(2026), (d(2026, 8, 1), d(2027, 6, 30)));
    }

    #[test]
    fn start_year_follows_the_school_calendar() {
        assert_eq!(start_year_for(d(2026, 8, 1)), 2026);
        assert_eq!(start_year_for(d(2026, 12, 31)), 2026);
        assert_eq!(start_year_for(d(2027, 1, 1)), 2026);
        assert_eq!(start_year_for(d(2027, 6, 30)), 2026);
    }

    #[test]
    fn july_belongs_to_the_coming_year() {
        assert_eq!(start_year_for(d(2027, 7, 1)), 2027);
        assert_eq!(start_year_for(d(2027, 7, 31)), 2027);
    }

    #[test]
    fn next_span_moves_both_dates_a_year_on() {
        assert_eq!(
            next_span(d(2026, 8, 3), d(2027, 6, 25)),
            (d(2027, 8, 3), d(2028, 6, 25))
        );
    }

    #[test]
    fn next_span_turns_feb_29_into_feb_28() {
        assert_eq!(
            next_span(d(2027, 9, 1), d(2028, 2, 29)),
            (d(2028, 9, 1), d(2029, 2, 28))
        );
    }

    #[test]
    fn next_span_saturates_at_the_last_date() {
        assert_eq!(next_span(NaiveDate::MAX, NaiveDate::MAX).1, NaiveDate::MAX);
    }

    #[test]
    fn next_label_counts_on_from_a_standard_label() {
        assert_eq!(next_label("2026-27", d(2040, 8, 1)), "2027-28");
        assert_eq!(next_label(" 2099-00 ", d(2100, 8, 1)), "2100-01");
    }

    #[test]
    fn next_label_falls_back_to_the_next_start_year() {
        assert_eq!(next_label("Cohort 3", d(2027, 8, 1)), "2027-28");
        assert_eq!(next_label("2026-28", d(2027, 8, 1)), "2027-28");
        assert_eq!(next_label("2026-2027", d(2027, 8, 1)), "2027-28");
        assert_eq!(next_label("", d(2030, 8, 1)), "2030-31");
    }

    #[test]
    fn valid_year_passes() {
        assert_eq!(check_year("2026-27", d(2026, 8, 1), d(2027, 6, 30)), Ok(()));
    }

    #[test]
    fn blank_label_is_refused() {
        let v = check_year("  ", d(2026, 8, 1), d(2027, 6, 30)).unwrap_err();
        assert_eq!(v.field, "label");
    }

    #[test]
    fn end_on_or_before_start_is_refused() {
        let same = check_year("x", d(2026, 8, 1), d(2026, 8, 1)).unwrap_err();
        let before = check_year("x", d(2026, 8, 1), d(2026, 7, 1)).unwrap_err();
        assert_eq!(same.field, "end_date");
        assert_eq!(before.field, "end_date");
    }
}
