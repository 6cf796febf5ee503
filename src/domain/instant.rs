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
    t.as_utc().to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// `#[serde(serialize_with = "crate::domain::instant::serialize")]` for an instant.
pub fn serialize<T: AsUtc, S: Serializer>(t: &T, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&rfc3339(t))
}

/// The same for an optional instant (`null` when absent).
pub fn option<T: AsUtc, S: Serializer>(t: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&rfc3339(t)),
        None => s.serialize_none(),
    }
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
}
