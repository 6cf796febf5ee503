//! Helpers the year and convening API areas share: paging a list by an id cursor, reading dates,
//! times and amounts from JSON bodies with errors that name the field, and 404s that say what
//! was not found.

use crate::domain::Violation;
use crate::error::AppError;
use crate::web::api::List;
use crate::web::form::{self, FieldErrors};
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// Items per page when `?limit=` is not given.
const DEFAULT_LIMIT: usize = 100;
/// The largest page a caller may ask for.
const MAX_LIMIT: usize = 1000;

/// The paging parameters of a list endpoint (read as text so that a bad value is a 422 naming
/// the parameter, not an extractor error).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Items per page, 1 to 1000 (default 100).
    #[param(value_type = Option<i32>)]
    pub limit: Option<String>,
    /// The `next` value of the previous page.
    pub after: Option<String>,
}

/// A checked page request.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    /// At most this many items.
    pub limit: usize,
    /// Start after the item with this id.
    pub after: Option<i32>,
}

impl Page {
    /// Reads `?limit=` and `?after=` from a query string; 422 naming the parameter when bad.
    pub fn from_query(query: &str) -> Result<Page, AppError> {
        let q: PageQuery = serde_urlencoded::from_str(query).map_err(|e| {
            AppError::BadRequest(vec![Violation::new("", format!("query string: {e}"))])
        })?;
        let mut errors = FieldErrors::default();
        let limit = match q.limit.as_deref() {
            None => Some(DEFAULT_LIMIT),
            Some(v) => errors.take(limit(v)),
        };
        let after = match q.after.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(v) => errors.take(form::int("after", v)),
        };
        form::finish(errors)?;
        Ok(Page {
            limit: limit.unwrap_or(DEFAULT_LIMIT),
            after,
        })
    }

    /// This page of `items` (kept in their order): those after the cursor, at most `limit`, with
    /// the next cursor when more remain. Paging in memory keeps each list at the fixed number
    /// of queries that loaded it.
    pub fn apply<T: Serialize>(
        &self,
        items: Vec<T>,
        id: impl Fn(&T) -> i32,
    ) -> Result<List<T>, AppError> {
        let start = match self.after {
            None => 0,
            Some(cursor) => items
                .iter()
                .position(|t| id(t) == cursor)
                .map(|p| p + 1)
                .ok_or_else(|| {
                    AppError::invalid(
                        "after",
                        "is not in this list (it may have been removed); start again without it",
                    )
                })?,
        };
        let mut rest: Vec<T> = items.into_iter().skip(start).collect();
        let more = rest.len() > self.limit;
        rest.truncate(self.limit);
        let next = if more {
            rest.last().map(|t| id(t).to_string())
        } else {
            None
        };
        Ok(List { items: rest, next })
    }
}

fn limit(value: &str) -> Result<usize, Violation> {
    let n = form::int("limit", value)?;
    usize::try_from(n)
        .ok()
        .filter(|n| (1..=MAX_LIMIT).contains(n))
        .ok_or_else(|| Violation::new("limit", format!("must be between 1 and {MAX_LIMIT}")))
}

/// A required date `YYYY-MM-DD`.
pub fn date(field: &str, value: &str) -> Result<NaiveDate, Violation> {
    form::date(field, value)
}

/// An optional date: absent or blank is none.
pub fn opt_date(field: &str, value: Option<&str>) -> Result<Option<NaiveDate>, Violation> {
    value.map_or(Ok(None), |v| form::opt_date(field, v))
}

/// A time `HH:MM:SS` or `HH:MM`; absent or blank keeps `default`.
pub fn time_or(
    field: &str,
    value: Option<&str>,
    default: NaiveTime,
) -> Result<NaiveTime, Violation> {
    match value.map(str::trim) {
        None | Some("") => Ok(default),
        Some(v) => time(field, v),
    }
}

/// A time `HH:MM:SS` or `HH:MM`, with the API's wording.
pub fn time(field: &str, value: &str) -> Result<NaiveTime, Violation> {
    form::time(field, value)
        .map_err(|_| Violation::new(field, "must be a time (HH:MM:SS or HH:MM)"))
}

/// An amount in cents that cannot be negative.
pub fn cents(field: &str, value: i64) -> Result<i64, Violation> {
    if value < 0 {
        Err(Violation::new(field, "must not be negative"))
    } else {
        Ok(value)
    }
}

/// A count that cannot be negative.
pub fn count(field: &str, value: i32) -> Result<i32, Violation> {
    if value < 0 {
        Err(Violation::new(field, "must not be negative"))
    } else {
        Ok(value)
    }
}

/// An optional short text: trimmed, blank is none, at most `max` characters.
pub fn opt_text(field: &str, value: Option<&str>, max: usize) -> Result<Option<String>, Violation> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => crate::domain::validate::required(field, v, max).map(Some),
    }
}

/// Turns "no such row" into a 404 that names the thing looked for.
pub fn found<T>(r: diesel::QueryResult<T>, what: &'static str) -> Result<T, AppError> {
    match r {
        Err(diesel::result::Error::NotFound) => Err(AppError::NotFound(what)),
        other => Ok(other?),
    }
}

/// The query's page, for a handler that takes the raw request.
pub fn page(req: &actix_web::HttpRequest) -> Result<Page, AppError> {
    Page::from_query(req.query_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_outside_one_to_a_thousand_are_refused() {
        assert_eq!(Page::from_query("").unwrap().limit, 100);
        assert_eq!(Page::from_query("limit=1000").unwrap().limit, 1000);
        for bad in ["limit=0", "limit=1001", "limit=x", "limit=-3", "after=x"] {
            assert!(
                matches!(Page::from_query(bad), Err(AppError::Invalid(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn pages_follow_the_cursor() {
        let page = Page {
            limit: 2,
            after: None,
        };
        let first = page.apply(vec![5, 3, 9], |n| *n).unwrap();
        assert_eq!(
            (first.items, first.next.as_deref()),
            (vec![5, 3], Some("3"))
        );
        let second = Page {
            limit: 2,
            after: Some(3),
        }
        .apply(vec![5, 3, 9], |n| *n)
        .unwrap();
        assert_eq!((second.items, second.next), (vec![9], None));
        assert!(
            Page {
                limit: 2,
                after: Some(7)
            }
            .apply(vec![5], |n| *n)
            .is_err()
        );
    }
}
