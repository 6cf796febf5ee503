//! Helpers every API area shares: the `?limit=`/`?after=` cursor of every list, query strings
//! read into 422s that name the parameter (never actix's plain-text 400), values of JSON bodies
//! read with errors that name the field, and 404s that say what was not found.

use crate::domain::{Violation, validate};
use crate::error::AppError;
use crate::web::api::List;
use crate::web::form::{self, FieldErrors};
use actix_web::HttpRequest;
use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The page size when the caller names none.
pub const DEFAULT_LIMIT: i64 = 100;

/// The largest page a caller may ask for, so one request cannot load a whole table.
pub const MAX_LIMIT: i64 = 1000;

/// Reads the query string into `T` (whose fields are all optional text, so a value of the wrong
/// shape becomes a 422 naming it later rather than an unreadable 400 here).
pub fn query<T: DeserializeOwned>(req: &HttpRequest) -> Result<T, AppError> {
    from_query(req.query_string())
}

fn from_query<T: DeserializeOwned>(query: &str) -> Result<T, AppError> {
    serde_urlencoded::from_str(query)
        .map_err(|e| AppError::BadRequest(vec![Violation::new("", format!("query string: {e}"))]))
}

/// An optional whole-number query parameter (`?year=3`); blank counts as absent.
pub fn opt_int(field: &str, value: Option<&str>) -> Result<Option<i32>, AppError> {
    Ok(form::opt_int(field, value.unwrap_or(""))?)
}

/// The 404 and 422 of an id that names nothing, shared with the pages.
pub use crate::models::{not_found, unknown};

/// The `?limit=` and `?after=` query parameters of every list.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Items per page: 1–1000, 100 when absent.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000)]
    pub limit: Option<String>,
    /// The `next` cursor of the previous page (the id of its last item).
    #[param(value_type = Option<String>, pattern = "^[0-9]{0,9}$")]
    pub after: Option<String>,
}

/// A validated page request: how many items, after which id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// Items per page.
    pub limit: i64,
    /// Only items after this id (in list order).
    pub after: Option<i32>,
}

impl Paging {
    /// Reads `?limit=` and `?after=` from the request.
    pub fn from_request(req: &HttpRequest) -> Result<Paging, AppError> {
        Paging::from_query(req.query_string())
    }

    /// Reads `?limit=` and `?after=` from a query string.
    pub fn from_query(query: &str) -> Result<Paging, AppError> {
        let p: PageParams = from_query(query)?;
        Paging::parse(p.limit.as_deref(), p.after.as_deref())
    }

    /// Checks the raw values, every problem at once: `limit` 1–1000 (100 when absent), `after`
    /// an id (blank counts as absent).
    pub fn parse(limit: Option<&str>, after: Option<&str>) -> Result<Paging, AppError> {
        let mut errors = FieldErrors::default();
        let limit = match limit {
            None => Some(DEFAULT_LIMIT),
            Some(text) => errors.take(page_size(text)),
        };
        let after = errors.take(form::opt_int("after", after.unwrap_or("")));
        form::finish(errors)?;
        Ok(Paging {
            limit: limit.unwrap_or(DEFAULT_LIMIT),
            after: after.flatten(),
        })
    }

    /// Rows to fetch: one more than the page, to know whether another page follows.
    pub fn fetch(&self) -> i64 {
        self.limit + 1
    }

    /// The page from rows fetched with [`Paging::fetch`] (already after the cursor): the
    /// extra row, when there is one, is dropped and the last kept id becomes `next`.
    pub fn page<T: Serialize>(&self, mut rows: Vec<T>, id: impl Fn(&T) -> i32) -> List<T> {
        let limit = usize::try_from(self.limit).unwrap_or(usize::MAX);
        if rows.len() <= limit {
            return List {
                items: rows,
                next: None,
            };
        }
        rows.truncate(limit);
        let next = rows.last().map(|r| id(r).to_string());
        List { items: rows, next }
    }

    /// The page of a list loaded whole (a roster, a year's convenings) and kept in its own
    /// order: items after the one with the cursor's id, `limit` of them. Paging in memory keeps
    /// each list at the fixed number of queries that loaded it.
    pub fn slice<T: Serialize>(
        &self,
        rows: Vec<T>,
        id: impl Fn(&T) -> i32,
    ) -> Result<List<T>, AppError> {
        let start = match self.after {
            None => 0,
            Some(after) => rows
                .iter()
                .position(|r| id(r) == after)
                .map(|i| i + 1)
                .ok_or_else(|| {
                    AppError::invalid(
                        "after",
                        "is not in this list (it may have been removed); start again without it",
                    )
                })?,
        };
        let rest: Vec<T> = rows.into_iter().skip(start).collect();
        Ok(self.page(rest, id))
    }
}

/// A page size within 1–1000.
fn page_size(text: &str) -> Result<i64, Violation> {
    Some(i64::from(form::int("limit", text)?))
        .filter(|n| (1..=MAX_LIMIT).contains(n))
        .ok_or_else(|| Violation::new("limit", format!("must be between 1 and {MAX_LIMIT}")))
}

/// An optional date `YYYY-MM-DD`: absent or blank is none.
pub fn opt_date(field: &str, value: Option<&str>) -> Result<Option<NaiveDate>, Violation> {
    value.map_or(Ok(None), |v| form::opt_date(field, v))
}

/// An optional id query parameter (`?measure=4`), documented as an integer: absent is none;
/// given, it must be a whole number (a blank one is a 422, not a filter silently dropped).
pub fn query_int(field: &str, value: Option<&str>) -> Result<Option<i32>, Violation> {
    value.map(|v| form::int(field, v)).transpose()
}

/// An optional date query parameter (`?from=2026-09-01`), documented with the `date` format:
/// absent is none; given, it must be exactly `YYYY-MM-DD` (a blank one is a 422 too, rather
/// than a filter silently dropped).
pub fn query_date(field: &str, value: Option<&str>) -> Result<Option<NaiveDate>, Violation> {
    value.map(|v| form::exact_date(field, v)).transpose()
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

/// An amount in cents or a count, which cannot be negative.
pub fn not_negative<T: PartialOrd + Default>(field: &str, value: T) -> Result<T, Violation> {
    if value < T::default() {
        Err(Violation::new(field, "must not be negative"))
    } else {
        Ok(value)
    }
}

/// An optional short text: trimmed, blank is none, at most `max` characters.
pub fn opt_text(field: &str, value: Option<&str>, max: usize) -> Result<Option<String>, Violation> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => validate::required(field, v, max).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_defaults_to_100_and_stays_within_1_to_1000() {
        assert_eq!(
            Paging::parse(None, None).unwrap(),
            Paging {
                limit: 100,
                after: None
            }
        );
        assert_eq!(
            Paging::parse(Some("1000"), Some("7")).unwrap(),
            Paging {
                limit: 1000,
                after: Some(7)
            }
        );
        for bad in ["0", "1001", "-1", "ten", ""] {
            let e = Paging::parse(Some(bad), None).unwrap_err();
            assert_eq!(e.violations()[0].field, "limit", "{bad}");
        }
        assert_eq!(
            Paging::parse(None, Some("x")).unwrap_err().violations()[0].field,
            "after"
        );
    }

    #[test]
    fn limits_outside_one_to_a_thousand_are_refused() {
        assert_eq!(Paging::from_query("").unwrap().limit, 100);
        assert_eq!(Paging::from_query("limit=1000").unwrap().limit, 1000);
        for bad in ["limit=0", "limit=1001", "limit=x", "limit=-3", "after=x"] {
            assert!(
                matches!(Paging::from_query(bad), Err(AppError::Invalid(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn page_drops_the_look_ahead_row_and_points_next_at_the_last_kept() {
        let p = Paging {
            limit: 2,
            after: None,
        };
        let list = p.page(vec![1, 2, 3], |n| *n);
        assert_eq!((list.items, list.next), (vec![1, 2], Some("2".to_string())));
        let last = p.page(vec![4, 5], |n| *n);
        assert_eq!((last.items, last.next), (vec![4, 5], None));
    }

    #[test]
    fn slice_continues_after_the_cursor_in_the_lists_own_order() {
        let p = Paging {
            limit: 2,
            after: Some(30),
        };
        let list = p.slice(vec![10, 30, 20, 40, 50], |n| *n).unwrap();
        assert_eq!(
            (list.items, list.next),
            (vec![20, 40], Some("40".to_string()))
        );
        let gone = Paging {
            limit: 2,
            after: Some(99),
        }
        .slice(vec![1], |n| *n)
        .err()
        .unwrap();
        assert_eq!(gone.violations()[0].field, "after");
    }

    #[test]
    fn pages_follow_the_cursor() {
        let page = Paging {
            limit: 2,
            after: None,
        };
        let first = page.slice(vec![5, 3, 9], |n| *n).unwrap();
        assert_eq!(
            (first.items, first.next.as_deref()),
            (vec![5, 3], Some("3"))
        );
        let second = Paging {
            limit: 2,
            after: Some(3),
        }
        .slice(vec![5, 3, 9], |n| *n)
        .unwrap();
        assert_eq!((second.items, second.next), (vec![9], None));
        assert!(
            Paging {
                limit: 2,
                after: Some(7)
            }
            .slice(vec![5], |n| *n)
            .is_err()
        );
    }
}
