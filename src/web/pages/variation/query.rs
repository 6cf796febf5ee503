//! The dashboard's query — measure, period, baseline — as typed in the address bar or the form.
//! Read leniently (a bad value is shown beside its field, never a bare error): the API's own
//! parser judges it, once the default measure is filled in.

use crate::web::api::variation::params::{PeriodKind, RawParams};

/// The query's values as given (trimmed; blank when absent).
#[derive(Debug, Clone, Default)]
pub struct DashQuery {
    /// The measure's id; blank for the team's default.
    pub measure: String,
    /// week | month | cycle; blank for week.
    pub period: String,
    /// The baseline; blank for none.
    pub baseline: String,
}

impl DashQuery {
    /// Reads the query string (unknown keys ignored; an unreadable string is an empty query).
    pub fn read(qs: &str) -> DashQuery {
        let raw: RawParams = serde_urlencoded::from_str(qs).unwrap_or_default();
        let text = |v: Option<String>| v.unwrap_or_default().trim().to_string();
        DashQuery {
            measure: text(raw.measure),
            period: text(raw.period),
            baseline: text(raw.baseline),
        }
    }

    /// The period chosen ("week" when none).
    pub fn period_or_default(&self) -> &str {
        if self.period.is_empty() {
            "week"
        } else {
            &self.period
        }
    }

    /// The cache key of this dashboard: the team, the typed query and whether the reader may
    /// write (the empty state links writers to "log a round of visits"). `None` when a value
    /// does not parse: such a page is a form with its message, not worth keeping.
    pub fn cache_key(&self, team: i32, can_write: bool) -> Option<String> {
        let measure: Option<i32> = match self.measure.as_str() {
            "" => None,
            m => Some(m.parse().ok()?),
        };
        let period: PeriodKind = self.period_or_default().parse().ok()?;
        let baseline: Option<usize> = match self.baseline.as_str() {
            "" => None,
            b => Some(b.parse().ok()?),
        };
        Some(format!(
            "variation:team={team}:measure={measure:?}:period={}:baseline={baseline:?}:write={can_write}",
            period.as_str()
        ))
    }

    /// The measure asked for, or `default` when none was given.
    pub fn measure_or(&self, default: i32) -> String {
        if self.measure.is_empty() {
            default.to_string()
        } else {
            self.measure.clone()
        }
    }

    /// The API's query for this dashboard, with `default` when no measure was given.
    pub fn api_query(&self, default: i32) -> String {
        let pairs = [
            ("measure", self.measure_or(default)),
            ("period", self.period_or_default().to_string()),
            ("baseline", self.baseline.clone()),
        ];
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_typed_and_bad_values_are_not_cached() {
        let q = DashQuery::read("measure=3&period=&baseline=");
        let same = DashQuery::read("measure= 3 &period=week");
        assert_eq!(q.cache_key(1, false), same.cache_key(1, false));
        assert_ne!(q.cache_key(1, false), q.cache_key(1, true));
        assert!(
            DashQuery::read("baseline=two")
                .cache_key(1, false)
                .is_none()
        );
        assert!(DashQuery::read("period=day").cache_key(1, false).is_none());
        assert_eq!(
            DashQuery::read("period=month").api_query(7),
            "measure=7&period=month&baseline="
        );
    }
}
