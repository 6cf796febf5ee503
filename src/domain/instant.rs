//! Instants on the wire. Times are stored in UTC without a zone (`NaiveDateTime` on SQLite and
//! `TIMESTAMP` on PostgreSQL); serialised as they are they read `2026-12-03T08:47:59.54`, which
//! a client cannot place in time. Every `*_at` field the API answers is written through
//! [`serialize`] (or [`option`]) instead, so all of them are RFC 3339 in UTC with the `Z`
//! offset, whichever type holds them.

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use serde::Serializer;

/// An instant that can be read as UTC.
pub trait AsUtc {
    /// The same instant, with its zone.
    fn as_utc(&self) -> DateTime<Utc>;
}

impl AsUtc for NaiveDateTime {
    fn as_utc(&self) -> DateTime<Utc> {
        self.and_utc()
    }
}

impl AsUtc for DateTime<Utc> {
    fn as_utc(&self) -> DateTime<Utc> {
        *self
    }
}

/// RFC 3339 in UTC, e.g. `2026-12-03T08:47:59.540Z` (fractional seconds only when there are
/// some, in groups of three digits).
pub fn rfc3339(t: &impl AsUtc) -> String {
    let utc = t.as_utc();
    let mut buf = [0; LONGEST];
    match write_utc(&utc.naive_utc(), &mut buf) {
        Some(n) => String::from_utf8_lossy(&buf[..n]).into_owned(),
        None => utc.to_rfc3339_opts(SecondsFormat::AutoSi, true),
    }
}

/// `#[serde(serialize_with = "crate::domain::instant::serialize")]` for an instant.
pub fn serialize<T: AsUtc, S: Serializer>(t: &T, s: S) -> Result<S::Ok, S::Error> {
    let utc = t.as_utc();
    let mut buf = [0; LONGEST];
    match write_utc(&utc.naive_utc(), &mut buf).map(|n| std::str::from_utf8(&buf[..n])) {
        Some(Ok(text)) => s.serialize_str(text),
        _ => s.serialize_str(&utc.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
    }
}

/// The same for an optional instant (`null` when absent).
pub fn option<T: AsUtc, S: Serializer>(t: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => serialize(t, s),
        None => s.serialize_none(),
    }
}

/// Longest text [`write_utc`] makes: `2026-12-03T08:47:59.123456789Z`.
const LONGEST: usize = 30;

/// Writes `t` as RFC 3339 UTC into `buf`, digit by digit, and returns the text: the same as
/// chrono's `to_rfc3339_opts(AutoSi, true)` for the years 0–9999 and no leap second, which is
/// every instant pdsa stores. Long lists write thousands of these, and chrono's formatter was
/// a tenth of such a list's time; `None` leaves any other instant to chrono.
fn write_utc(t: &NaiveDateTime, buf: &mut [u8; LONGEST]) -> Option<usize> {
    use chrono::{Datelike, Timelike};
    let (year, nanos) = (t.year(), t.nanosecond());
    if !(0..=9999).contains(&year) || nanos >= 1_000_000_000 {
        return None;
    }
    let mut n = 0;
    let mut put = |value: u32, digits: u32, after: Option<u8>| {
        for i in (0..digits).rev() {
            buf[n] = b'0' + ((value / 10_u32.pow(i)) % 10) as u8;
            n += 1;
        }
        if let Some(c) = after {
            buf[n] = c;
            n += 1;
        }
    };
    put(year as u32, 4, Some(b'-'));
    put(t.month(), 2, Some(b'-'));
    put(t.day(), 2, Some(b'T'));
    put(t.hour(), 2, Some(b':'));
    put(t.minute(), 2, Some(b':'));
    put(t.second(), 2, None);
    let (digits, value) = match nanos {
        0 => (0, 0),
        _ if nanos % 1_000_000 == 0 => (3, nanos / 1_000_000),
        _ if nanos % 1_000 == 0 => (6, nanos / 1_000),
        _ => (9, nanos),
    };
    if digits > 0 {
        put(0, 0, Some(b'.'));
        put(value, digits, None);
    }
    put(0, 0, Some(b'Z'));
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, Timelike};

    #[derive(serde::Serialize)]
    struct Row {
        #[serde(serialize_with = "serialize")]
        created_at: NaiveDateTime,
        #[serde(serialize_with = "option")]
        used_at: Option<DateTime<Utc>>,
        #[serde(serialize_with = "option")]
        gone_at: Option<NaiveDateTime>,
    }

    #[test]
    fn naive_and_zoned_instants_both_come_out_as_rfc3339_utc() {
        let at = NaiveDate::from_ymd_opt(2026, 12, 3)
            .unwrap()
            .and_hms_milli_opt(8, 47, 59, 540)
            .unwrap();
        let row = Row {
            created_at: at,
            used_at: Some(at.and_utc()),
            gone_at: None,
        };
        let json = serde_json::to_value(&row).unwrap();
        assert_eq!(json["created_at"], "2026-12-03T08:47:59.540Z");
        assert_eq!(json["used_at"], "2026-12-03T08:47:59.540Z");
        assert!(json["gone_at"].is_null());
        let whole = at.with_nanosecond(0).unwrap();
        assert_eq!(rfc3339(&whole), "2026-12-03T08:47:59Z");
        let parsed = DateTime::parse_from_rfc3339(json["created_at"].as_str().unwrap()).unwrap();
        assert_eq!(parsed.naive_utc(), at);
    }

    #[test]
    fn the_digit_writer_says_what_chrono_says() {
        let start = NaiveDate::from_ymd_opt(1999, 12, 31)
            .unwrap()
            .and_hms_opt(23, 59, 58)
            .unwrap();
        let nanos = [
            0,
            1,
            7_000,
            540_000_000,
            999_999_999,
            123_456_000,
            5_000_000,
            10,
        ];
        for step in 0..2_000_i64 {
            let t = start
                + chrono::TimeDelta::seconds(step * 86_413 + step * step)
                + chrono::TimeDelta::nanoseconds(nanos[step as usize % nanos.len()]);
            let chrono_says = t.and_utc().to_rfc3339_opts(SecondsFormat::AutoSi, true);
            assert_eq!(rfc3339(&t), chrono_says);
            let json = serde_json::to_value(Row {
                created_at: t,
                used_at: None,
                gone_at: Some(t),
            })
            .unwrap();
            assert_eq!(json["created_at"], chrono_says.as_str());
            assert_eq!(json["gone_at"], chrono_says.as_str());
        }
        let far = NaiveDate::from_ymd_opt(12_000, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        assert_eq!(
            rfc3339(&far),
            far.and_utc().to_rfc3339_opts(SecondsFormat::AutoSi, true)
        );
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .unwrap()
            .and_hms_nano_opt(23, 59, 59, 1_500_000_000)
            .unwrap();
        assert_eq!(
            rfc3339(&leap),
            leap.and_utc().to_rfc3339_opts(SecondsFormat::AutoSi, true)
        );
    }
}
