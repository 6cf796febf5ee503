//! Classroom observations: when they may be dated and how classrooms are named.
//!
//! Whether an observation's value fits its measure is decided in
//! [`super::measure`].

use chrono::NaiveDate;

use super::{Violation, validate};

/// Longest classroom label: it names the classroom in grids and CSV files.
const MAX_LABEL: usize = 60;

/// Not after `today` (message "cannot be in the future") and within the team's program year
/// [start, end] ("must fall in the program year 2026-08-01 – 2027-06-30"); field given. An
/// observation records what was seen, so it cannot be logged ahead, and it counts towards
/// one year's figures only.
pub fn check_date(
    field: &str,
    date: NaiveDate,
    today: NaiveDate,
    year: (NaiveDate, NaiveDate),
) -> Result<(), Violation> {
    if date > today {
        return Err(Violation::new(field, "cannot be in the future"));
    }
    let (start, end) = year;
    if date < start || date > end {
        return Err(Violation::new(
            field,
            format!("must fall in the program year {start} – {end}"),
        ));
    }
    Ok(())
}

/// A classroom label: trimmed, non-empty, ≤ 60 chars, no commas or line breaks (it names the
/// classroom in CSV files) — field "label"; returns the trimmed label. Tabs and other control
/// characters are refused too, since they break the same files.
pub fn check_label(label: &str) -> Result<String, Violation> {
    let label = validate::required("label", label, MAX_LABEL)?;
    let breaks_csv = |c: char| c == ',' || c.is_control() || c == '\u{2028}' || c == '\u{2029}';
    if label.chars().any(breaks_csv) {
        return Err(Violation::new(
            "label",
            "must not contain commas or line breaks (it names the classroom in CSV files)",
        ));
    }
    Ok(label)
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

    #[test]
    fn today_is_accepted() {
        let today = d(2026, 11, 20);
        assert_eq!(check_date("date", today, today, year()), Ok(()));
        assert_eq!(check_date("date", d(2026, 9, 1), today, year()), Ok(()));
    }

    #[test]
    fn tomorrow_is_refused() {
        let today = d(2026, 11, 20);
        let v = check_date("items[2].date", d(2026, 11, 21), today, year()).unwrap_err();
        assert_eq!(
            v,
            Violation::new("items[2].date", "cannot be in the future")
        );
    }

    #[test]
    fn both_ends_of_the_program_year_are_accepted() {
        let today = d(2027, 8, 15);
        assert_eq!(check_date("date", d(2026, 8, 1), today, year()), Ok(()));
        assert_eq!(check_date("date", d(2027, 6, 30), today, year()), Ok(()));
    }

    #[test]
    fn a_date_before_the_program_year_is_refused() {
        let v = check_date("date", d(2026, 7, 31), d(2026, 11, 20), year()).unwrap_err();
        assert_eq!(v.field, "date");
        assert_eq!(
            v.message,
            "must fall in the program year 2026-08-01 – 2027-06-30"
        );
    }

    #[test]
    fn a_date_after_the_program_year_is_refused() {
        let v = check_date("date", d(2027, 7, 1), d(2027, 7, 10), year()).unwrap_err();
        assert!(v.message.starts_with("must fall in the program year"));
    }

    #[test]
    fn a_future_date_is_reported_as_future_even_outside_the_year() {
        let v = check_date("date", d(2027, 9, 1), d(2026, 11, 20), year()).unwrap_err();
        assert_eq!(v.message, "cannot be in the future");
    }

    #[test]
    fn labels_are_trimmed() {
        assert_eq!(
            check_label("  Room 12 – Ms. Diaz ").as_deref(),
            Ok("Room 12 – Ms. Diaz")
        );
    }

    #[test]
    fn blank_labels_are_refused() {
        for blank in ["", "   ", "\n"] {
            assert_eq!(check_label(blank).unwrap_err().field, "label", "{blank:?}");
        }
    }

    #[test]
    fn labels_are_at_most_sixty_characters() {
        let sixty = "é".repeat(60);
        assert_eq!(check_label(&sixty), Ok(sixty.clone()));
        let v = check_label(&format!("{sixty}x")).unwrap_err();
        assert_eq!(v.field, "label");
        assert!(v.message.contains("60"));
    }

    #[test]
    fn commas_and_line_breaks_are_refused() {
        for bad in [
            "Room 4, grade 2",
            "Room\n4",
            "Room\r\n4",
            "Room\t4",
            "Room\u{2028}4",
        ] {
            let v = check_label(bad).unwrap_err();
            assert_eq!(v.field, "label", "{bad:?}");
            assert!(v.message.contains("commas"), "{bad:?}");
        }
    }
}
