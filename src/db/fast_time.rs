//! Dates and instants read from SQLite without chrono's format parser. diesel reads SQLite's
//! TEXT dates with `parse_from_str`, which interprets its format string again for every value:
//! in a list of 1,000 cycles that was an eighth of the whole request. The text pdsa stores has
//! one shape (`YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS[.ffffff]`), read here digit by digit; anything
//! else falls back to diesel's own reading. PostgreSQL sends binary values and is unchanged.
//!
//! Use on a row's field: `#[diesel(deserialize_as = FastDate)]` or `FastInstant`.

use super::MultiBackend;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::pg::Pg;
use diesel::sql_types::{Date, Timestamp};
use diesel::sqlite::Sqlite;

/// A `Date` column read into a [`NaiveDate`].
#[derive(Debug, Clone, Copy, FromSqlRow)]
#[diesel(sql_type = Date)]
pub struct FastDate(pub NaiveDate);

/// A `Timestamp` column (UTC) read into a [`NaiveDateTime`].
#[derive(Debug, Clone, Copy, FromSqlRow)]
#[diesel(sql_type = Timestamp)]
pub struct FastInstant(pub NaiveDateTime);

impl From<FastDate> for NaiveDate {
    fn from(d: FastDate) -> NaiveDate {
        d.0
    }
}

impl From<FastInstant> for NaiveDateTime {
    fn from(t: FastInstant) -> NaiveDateTime {
        t.0
    }
}

impl FromSql<Date, Sqlite> for FastDate {
    fn from_sql(mut value: <Sqlite as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        match parse_date(value.read_text().as_bytes()) {
            Some(d) => Ok(FastDate(d)),
            None => <NaiveDate as FromSql<Date, Sqlite>>::from_sql(value).map(FastDate),
        }
    }
}

impl FromSql<Timestamp, Sqlite> for FastInstant {
    fn from_sql(mut value: <Sqlite as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        match parse_instant(value.read_text().as_bytes()) {
            Some(t) => Ok(FastInstant(t)),
            None => <NaiveDateTime as FromSql<Timestamp, Sqlite>>::from_sql(value).map(FastInstant),
        }
    }
}

impl FromSql<Date, Pg> for FastDate {
    fn from_sql(value: <Pg as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        <NaiveDate as FromSql<Date, Pg>>::from_sql(value).map(FastDate)
    }
}

impl FromSql<Timestamp, Pg> for FastInstant {
    fn from_sql(value: <Pg as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        <NaiveDateTime as FromSql<Timestamp, Pg>>::from_sql(value).map(FastInstant)
    }
}

impl FromSql<Date, MultiBackend> for FastDate {
    fn from_sql(value: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        value.from_sql::<Self, Date>()
    }
}

impl FromSql<Timestamp, MultiBackend> for FastInstant {
    fn from_sql(value: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        value.from_sql::<Self, Timestamp>()
    }
}

/// `YYYY-MM-DD`, or `None`.
pub fn parse_date(s: &[u8]) -> Option<NaiveDate> {
    if s.len() != 10 || s[4] != b'-' || s[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(
        digits(&s[0..4])? as i32,
        digits(&s[5..7])?,
        digits(&s[8..10])?,
    )
}

/// `YYYY-MM-DD HH:MM:SS` (or with `T`), with an optional fraction of 1 to 9 digits, or `None`.
pub fn parse_instant(s: &[u8]) -> Option<NaiveDateTime> {
    if s.len() < 19 || !matches!(s[10], b' ' | b'T') || s[13] != b':' || s[16] != b':' {
        return None;
    }
    let date = parse_date(&s[..10])?;
    let nanos = match &s[19..] {
        [] => 0,
        [b'.', frac @ ..] if (1..=9).contains(&frac.len()) => {
            digits(frac)? * 10u32.pow(9 - frac.len() as u32)
        }
        _ => return None,
    };
    let (h, m, sec) = (
        digits(&s[11..13])?,
        digits(&s[14..16])?,
        digits(&s[17..19])?,
    );
    Some(date.and_time(NaiveTime::from_hms_nano_opt(h, m, sec, nanos)?))
}

/// The number the ASCII digits spell, or `None` when one is not a digit.
fn digits(s: &[u8]) -> Option<u32> {
    s.iter().try_fold(0u32, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chrono_reads(s: &str) -> Option<NaiveDateTime> {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").ok()
    }

    #[test]
    fn instants_read_as_chrono_reads_them() {
        for s in [
            "2026-12-03 14:05:09",
            "2026-12-03 14:05:09.5",
            "2026-12-03 14:05:09.123456",
            "2026-12-03 14:05:09.123456789",
            "2000-02-29 00:00:00",
            "2099-12-31 23:59:59.999999",
        ] {
            assert_eq!(parse_instant(s.as_bytes()), chrono_reads(s), "{s}");
            assert!(parse_instant(s.as_bytes()).is_some(), "{s}");
        }
        assert_eq!(
            parse_instant(b"2026-12-03T14:05:09.25"),
            chrono_reads("2026-12-03 14:05:09.25")
        );
    }

    #[test]
    fn anything_else_is_left_to_diesel() {
        for s in [
            "",
            "2026-12-03",
            "2026-12-03 14:05",
            "2026-12-03 14:05:09.",
            "2026-12-03 14:05:09.1234567890",
            "2026-12-03 14:05:09Z",
            "2026-13-03 14:05:09",
            "2026-02-30 14:05:09",
            "2026-12-03 24:00:00",
            "2026-12-03 1a:05:09",
            "2459000.5",
        ] {
            assert_eq!(parse_instant(s.as_bytes()), None, "{s}");
        }
    }

    #[test]
    fn dates_read_as_chrono_reads_them() {
        for s in ["2026-12-03", "2000-01-01", "2024-02-29"] {
            assert_eq!(
                parse_date(s.as_bytes()),
                NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
                "{s}"
            );
        }
        for s in [
            "2026-12-3",
            "2026/12/03",
            "2025-02-29",
            "20261203",
            "2026-12-03 ",
        ] {
            assert_eq!(parse_date(s.as_bytes()), None, "{s}");
        }
    }
}
